//! New candidates, kept in batches: a save writes the candidates it creates (imported rows, a
//! duplicated draft's roster, one typed in by hand) as one IndexedDB record per step of the
//! save, `{ draft_id, utf8 }`, `utf8` being the JSON text of the array of candidates as UTF-8
//! bytes, in the store `candidate_batches`. (Batches written before held that text as a
//! string, `json`; they are read as well. A string holding Chinese is kept in two bytes a
//! character and had to be encoded again into wasm memory at each read: having 1,000
//! candidates' text in wasm memory took 17–18 ms at CPU 4×, against 6–9 ms as bytes,
//! `cargo xtask bench batches`.) Every request to IndexedDB has a fixed cost on the page's thread,
//! about 0.2 ms at CPU 4× whatever the record holds: 5,000 imported rows, one request each, took
//! over a second in writes alone. And a string is copied into the database far faster than
//! objects are cloned: 5,000 candidates in 125 batches took 39–58 ms to write as text, 177–302 ms
//! as objects.
//!
//! A batch is written once and never rewritten. A later change of one of its candidates goes to
//! `candidates` under the candidate's own id, with a higher revision, and reading keeps the copy
//! with the highest revision of each id ([`newest`]). So a save stays a set of blind writes
//! (nothing is read first, see `DraftStore::save`), and two tabs never rewrite each other's batch.

use super::records::{CandidateRecord, RecordId, new_id};
use super::store::{StorageError, failed};
use indexed_db_futures::future::BasicRequest;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use std::collections::BTreeMap;
use wasm_bindgen::{JsCast, JsValue};

/// New candidates of one draft gathered for one write.
#[derive(Default)]
pub(crate) struct Batch {
    draft: Option<RecordId>,
    /// The JSON text of the candidates gathered, without its closing `]`.
    json: Vec<u8>,
}

impl Batch {
    /// Adds a new candidate. If the batch holds another draft's candidates, they are written
    /// first, and that write is returned.
    pub(crate) fn add(
        &mut self,
        store: &ObjectStore<'_>,
        candidate: &CandidateRecord,
    ) -> Result<Option<BasicRequest<String>>, StorageError> {
        let written = match self.draft {
            Some(draft) if draft != candidate.draft_id => self.write(store)?,
            _ => None,
        };
        self.draft = Some(candidate.draft_id);
        self.json
            .push(if self.json.is_empty() { b'[' } else { b',' });
        serde_json::to_writer(&mut self.json, candidate).map_err(failed("encode a candidate"))?;
        Ok(written)
    }

    /// Issues the write of the candidates gathered, if any, under a new random key; the
    /// transaction's commit fails if the write does.
    pub(crate) fn write(
        &mut self,
        store: &ObjectStore<'_>,
    ) -> Result<Option<BasicRequest<String>>, StorageError> {
        let Some(draft) = self.draft.take() else {
            return Ok(None);
        };
        let mut json = std::mem::take(&mut self.json);
        json.push(b']');
        let batch = js_sys::Object::new();
        let set = |name: &str, v: &JsValue| {
            js_sys::Reflect::set(&batch, &JsValue::from_str(name), v)
                .map(drop)
                .map_err(|_| failed("batch new candidates")(name))
        };
        // The draft's id as the candidates' own `draft_id` is stored, for the `by_draft` index.
        set("draft_id", &JsValue::from_str(&draft.to_string()))?;
        set("utf8", &js_sys::Uint8Array::from(json.as_slice()))?;
        store
            .put(JsValue::from(batch))
            .with_key(new_id().to_string())
            .primitive()
            .map(Some)
            .map_err(failed("save new candidates"))
    }
}

/// The candidates of batches as `candidate_batches` keeps them.
pub(crate) fn decode(stored: &js_sys::Array) -> Result<Vec<CandidateRecord>, StorageError> {
    let field = |batch: &JsValue, name: &str| js_sys::Reflect::get(batch, &JsValue::from_str(name));
    let mut all = Vec::new();
    for batch in stored.iter() {
        let utf8 = field(&batch, "utf8")
            .ok()
            .and_then(|b| b.dyn_into::<js_sys::Uint8Array>().ok());
        let candidates: Vec<CandidateRecord> = match utf8 {
            Some(bytes) => serde_json::from_slice(&bytes.to_vec()),
            None => {
                let json = field(&batch, "json")
                    .ok()
                    .and_then(|j| j.as_string())
                    .ok_or_else(|| failed("decode new candidates")("a batch without its text"))?;
                serde_json::from_str(&json)
            }
        }
        .map_err(failed("decode new candidates"))?;
        all.extend(candidates);
    }
    Ok(all)
}

/// For each candidate id, the copy with the highest revision among `batched` (read from
/// batches) and `single` (read from `candidates`); on equal revisions the single copy, which is
/// the one written later. Not ordered.
pub(crate) fn newest(
    batched: Vec<CandidateRecord>,
    single: Vec<CandidateRecord>,
) -> Vec<CandidateRecord> {
    // A roster as imported and never edited: every copy is the only one, and is kept where it
    // is (re-keying 1,000 candidates by id, then sorting them back into roster order, took 1 to
    // 3 ms of a roster's opening at CPU 4×).
    if single.is_empty() && all_ids_differ(&batched) {
        return batched;
    }
    let mut by_id: BTreeMap<RecordId, CandidateRecord> = BTreeMap::new();
    for copy in batched {
        keep_newer(&mut by_id, copy, false);
    }
    for copy in single {
        keep_newer(&mut by_id, copy, true);
    }
    by_id.into_values().collect()
}

fn all_ids_differ(copies: &[CandidateRecord]) -> bool {
    let mut ids: Vec<RecordId> = copies.iter().map(|c| c.id).collect();
    ids.sort_unstable();
    ids.windows(2).all(|pair| pair[0] != pair[1])
}

fn keep_newer(by_id: &mut BTreeMap<RecordId, CandidateRecord>, copy: CandidateRecord, ties: bool) {
    match by_id.get(&copy.id) {
        Some(kept)
            if kept.revision > copy.revision || (kept.revision == copy.revision && !ties) => {}
        _ => {
            by_id.insert(copy.id, copy);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy(id: u128, revision: u64, name: &str) -> CandidateRecord {
        CandidateRecord {
            id: RecordId(id),
            draft_id: RecordId(9),
            revision,
            life: Default::default(),
            changed_at: 0.0,
            position: 0,
            entry: pingjia_rules::roster::RosterEntry {
                name: name.to_string(),
                ..Default::default()
            },
        }
    }

    #[test]
    fn the_highest_revision_of_each_candidate_is_kept() {
        let batched = vec![
            copy(1, 1, "甲"),
            copy(2, 1, "乙"),
            copy(3, 4, "丙 (newer in a batch)"),
        ];
        let single = vec![
            copy(2, 3, "乙 (edited)"),
            copy(3, 2, "丙 (older)"),
            copy(4, 1, "丁"),
        ];
        let mut kept = newest(batched, single);
        kept.sort_by_key(|c| c.id);
        let names: Vec<&str> = kept.iter().map(|c| c.entry.name.as_str()).collect();
        assert_eq!(names, ["甲", "乙 (edited)", "丙 (newer in a batch)", "丁"]);
    }

    #[test]
    fn copies_of_one_candidate_in_two_batches_are_one_candidate() {
        let kept = newest(
            vec![copy(1, 1, "older"), copy(2, 1, "乙"), copy(1, 3, "newer")],
            vec![],
        );
        let mut names: Vec<&str> = kept.iter().map(|c| c.entry.name.as_str()).collect();
        names.sort_unstable();
        assert_eq!(names, ["newer", "乙"]);
    }

    #[test]
    fn on_equal_revisions_the_single_copy_wins() {
        let batched = vec![copy(1, 2, "in the batch")];
        let kept = newest(batched, vec![copy(1, 2, "written alone")]);
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].entry.name, "written alone");
    }
}
