//! The book reader as the app loads it (`public/offline.js`): one call, `update`, made only
//! when the published index differs from the one kept; `keep` is its second half alone.

fn main() {}

#[cfg(target_arch = "wasm32")]
mod web {
    use pingjia_books::{
        Accepted, accept, files, named_before_checking, open, refusal_text, trusted,
    };
    use pingjia_rulebook::format::Text;
    use pingjia_rules::rulebook::kept::storage;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen_futures::JsFuture;

    /// Reads the publication whose index is `index` (the exact text the app fetched from
    /// /rulebooks/index.json) and keeps it if it is accepted whole: "accepted" (notices the
    /// app did not have), "unchanged" (accepted, nothing new), "refused" (the reason kept
    /// under `storage::REFUSED`), or "unreachable" (the network failed: nothing is said, and
    /// the next start tries again).
    #[wasm_bindgen]
    pub async fn update(index: String) -> String {
        // The signature and the books the index names, asked for at once.
        let signature = ask("/rulebooks/index.sig");
        let mut named: Vec<(String, Option<JsFuture>)> = named_before_checking(&index)
            .into_iter()
            .map(|file| {
                let asked = ask(&format!("/rulebooks/{file}"));
                (file, asked)
            })
            .collect();
        let Some(signature) = receive(signature).await else {
            return "unreachable".into();
        };
        let signature = String::from_utf8_lossy(&signature).into_owned();
        // The books the index names once its signature is checked: a wrong signature is
        // refused before any book is read.
        let opened = match open(&index, &signature, &trusted()) {
            Ok(opened) => opened,
            Err(why) => return settle(&index, Err(Some(why))).into(),
        };
        let mut books = Vec::new();
        for file in files(&opened) {
            // Asked for already (the same names), else now.
            let asked = match named.iter().position(|(f, _)| *f == file) {
                Some(at) => named.swap_remove(at).1,
                None => ask(&format!("/rulebooks/{file}")),
            };
            match receive(asked).await {
                Some(bytes) => books.push(bytes),
                None => return "unreachable".into(),
            }
        }
        settle(&index, accept(&opened, &books).map_err(Some)).into()
    }

    /// The publication of `index`, its signature (the text of index.sig) and its books (in the
    /// index's order) taken as `update` takes it once they are fetched: the part the app's
    /// device computes, which `cargo xtask bench books` times alone.
    #[wasm_bindgen]
    pub fn keep(index: String, signature: String, books: Vec<js_sys::Uint8Array>) -> String {
        let books: Vec<Vec<u8>> = books.iter().map(js_sys::Uint8Array::to_vec).collect();
        let outcome = open(&index, &signature, &trusted())
            .and_then(|opened| accept(&opened, &books))
            .map_err(Some);
        settle(&index, outcome).into()
    }

    /// Keeps what was accepted, or why it was refused; says which.
    fn settle(index: &str, outcome: Result<Accepted, Option<Text>>) -> &'static str {
        let Some(local) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else {
            return "unreachable";
        };
        match outcome {
            Ok(accepted) => {
                // A publication of notices the app has already (built in, or kept before)
                // changes nothing the person sees.
                let kept = |key| local.get_item(key).ok().flatten().unwrap_or_default();
                let news = kept(storage::BOOKS) != accepted.books
                    || kept(storage::HOLIDAYS) != accepted.holidays;
                let changes = accepted.changes.map(|c| c.to_text()).unwrap_or_default();
                // The index last: until it is written, the next start reads the publication
                // again rather than trusting a half-written keep.
                let written = local.set_item(storage::BOOKS, &accepted.books).is_ok()
                    && local
                        .set_item(storage::HOLIDAYS, &accepted.holidays)
                        .is_ok()
                    && local.set_item(storage::CHANGES, &changes).is_ok()
                    && local.remove_item(storage::REFUSED).is_ok()
                    && local.set_item(storage::INDEX, index).is_ok();
                match (written, news) {
                    (false, _) => "unreachable",
                    (true, true) => "accepted",
                    (true, false) => "unchanged",
                }
            }
            Err(Some(why)) => {
                let _ = local.set_item(storage::REFUSED, &refusal_text(&why));
                // Refused once is refused until the publication changes: the same index is
                // not read again at each start.
                let _ = local.set_item(storage::INDEX, index);
                "refused"
            }
            Err(None) => "unreachable",
        }
    }

    /// The request for `path`, under way.
    fn ask(path: &str) -> Option<JsFuture> {
        let window = web_sys::window()?;
        let init = web_sys::RequestInit::new();
        // Not even revalidated: a file replaced within the second of the last fetch would be
        // taken for the old one.
        init.set_cache(web_sys::RequestCache::NoStore);
        Some(JsFuture::from(window.fetch_with_str_and_init(path, &init)))
    }

    /// A published file's bytes (never from the HTTP cache); none (an empty file, refused as
    /// such) if the server has no such file; `None` if the network failed, which is no reason
    /// to refuse anything.
    async fn receive(asked: Option<JsFuture>) -> Option<Vec<u8>> {
        let response: web_sys::Response = asked?.await.ok()?.dyn_into().ok()?;
        if !response.ok() {
            // Missing or refused by the server: a signature or a book that is not there.
            return (response.status() < 500).then(Vec::new);
        }
        let buffer = JsFuture::from(response.array_buffer().ok()?).await.ok()?;
        Some(js_sys::Uint8Array::new(&buffer).to_vec())
    }
}
