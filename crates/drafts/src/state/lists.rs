//! How the lists in memory take what storage holds: plain Rust, no signals and no browser, so
//! the rules that keep a typed change from being overwritten are tested natively (below).
//!
//! Each runs in time proportional to the two lists together: a reread after another tab saved
//! a 1,000-candidate roster must not compare every pair.

use pingjia_sync::records::RecordId;
use std::collections::{HashMap, HashSet};

/// The records read from storage, followed by those of `mine` that storage does not have yet
/// (made while the read ran), in their order.
pub fn adopt<T>(mine: &mut Vec<T>, stored: Vec<T>, id: impl Fn(&T) -> RecordId) {
    let known: HashSet<RecordId> = stored.iter().map(&id).collect();
    let fresh: Vec<T> = mine.drain(..).filter(|m| !known.contains(&id(m))).collect();
    *mine = stored;
    mine.extend(fresh);
}

/// Takes the stored version of every record in `mine` that has no unsaved change, and adds the
/// stored records `mine` lacks at its end, in storage's order. A record with an unsaved change
/// keeps what was typed; a record storage does not hold stays.
pub fn merge<T: PartialEq>(
    mine: &mut Vec<T>,
    stored: Vec<T>,
    id: impl Fn(&T) -> RecordId,
    unsaved: impl Fn(RecordId) -> bool,
) {
    let mut at: HashMap<RecordId, usize> =
        mine.iter().enumerate().map(|(i, m)| (id(m), i)).collect();
    for record in stored {
        let key = id(&record);
        match at.get(&key) {
            Some(&i) => {
                if !unsaved(key) && mine[i] != record {
                    mine[i] = record;
                }
            }
            None => {
                at.insert(key, mine.len());
                mine.push(record);
            }
        }
    }
}

/// The position after the last of `positions` (0 for an empty list): where a new candidate goes.
pub fn next_position(positions: impl Iterator<Item = u32>) -> u32 {
    positions.map(|p| p.saturating_add(1)).max().unwrap_or(0)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[derive(Clone, Debug, PartialEq)]
    struct Item {
        id: RecordId,
        text: String,
    }

    fn item(id: u128, text: &str) -> Item {
        Item {
            id: RecordId(id),
            text: text.to_string(),
        }
    }

    fn texts(list: &[Item]) -> Vec<(u128, &str)> {
        list.iter().map(|i| (i.id.0, i.text.as_str())).collect()
    }

    #[test]
    fn adopt_keeps_what_was_made_while_storage_was_read() {
        let mut mine = vec![item(9, "made while reading"), item(1, "old copy")];
        adopt(&mut mine, vec![item(1, "stored"), item(2, "stored")], |i| {
            i.id
        });
        assert_eq!(
            texts(&mine),
            [(1, "stored"), (2, "stored"), (9, "made while reading")]
        );
    }

    #[test]
    fn merge_never_overwrites_an_unsaved_change() {
        let mut mine = vec![
            item(1, "typed, unsaved"),
            item(2, "old"),
            item(3, "only here"),
        ];
        merge(
            &mut mine,
            vec![item(2, "newer"), item(1, "other tab"), item(4, "new")],
            |i| i.id,
            |id| id == RecordId(1),
        );
        assert_eq!(
            texts(&mine),
            [
                (1, "typed, unsaved"),
                (2, "newer"),
                (3, "only here"),
                (4, "new")
            ]
        );
    }

    #[test]
    fn next_position_follows_the_last() {
        assert_eq!(next_position([].into_iter()), 0);
        assert_eq!(next_position([3, 0, 7].into_iter()), 8);
        assert_eq!(next_position([u32::MAX].into_iter()), u32::MAX);
    }

    /// Lists of distinct ids drawn from a small range, so the two sides share some.
    fn list() -> impl Strategy<Value = Vec<Item>> {
        proptest::collection::btree_map(0u128..40, "[a-c]{1,2}", 0..25).prop_map(|m| {
            m.into_iter()
                .map(|(id, text)| Item {
                    id: RecordId(id),
                    text,
                })
                .collect::<Vec<_>>()
        })
    }

    proptest! {
        #[test]
        fn merge_takes_storage_except_unsaved_changes_and_loses_nothing(
            mut mine in list().prop_shuffle(),
            stored in list().prop_shuffle(),
            unsaved in proptest::collection::hash_set(0u128..40, 0..20),
        ) {
            let before = mine.clone();
            merge(&mut mine, stored.clone(), |i| i.id, |id| unsaved.contains(&id.0));
            // Each id once.
            let ids: HashSet<RecordId> = mine.iter().map(|i| i.id).collect();
            prop_assert_eq!(ids.len(), mine.len());
            // Mine first, in its order; then storage's new records, in storage's order.
            let order: Vec<RecordId> = mine.iter().map(|i| i.id).collect();
            let mut expected: Vec<RecordId> = before.iter().map(|i| i.id).collect();
            let had: HashSet<RecordId> = expected.iter().copied().collect();
            expected.extend(stored.iter().map(|s| s.id).filter(|id| !had.contains(id)));
            prop_assert_eq!(order, expected);
            for record in &mine {
                let old = before.iter().find(|b| b.id == record.id);
                let new = stored.iter().find(|s| s.id == record.id);
                let kept = if unsaved.contains(&record.id.0) && old.is_some() {
                    old
                } else {
                    new.or(old)
                };
                prop_assert_eq!(Some(record), kept);
            }
        }

        #[test]
        fn adopt_is_storage_then_what_storage_lacks(
            mut mine in list().prop_shuffle(),
            stored in list().prop_shuffle(),
        ) {
            let before = mine.clone();
            adopt(&mut mine, stored.clone(), |i| i.id);
            let in_storage: HashSet<RecordId> = stored.iter().map(|s| s.id).collect();
            let mut expected = stored.clone();
            expected.extend(before.into_iter().filter(|b| !in_storage.contains(&b.id)));
            prop_assert_eq!(mine, expected);
        }
    }
}
