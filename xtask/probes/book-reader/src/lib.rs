//! One exported function that reads bytes it cannot see at build time with the parts a
//! rulebook reader would need, chosen by feature; `cargo xtask bench reader` builds it once per
//! feature, shrinks it as the app's wasm is shrunk, and compares the sizes with the build of no
//! feature. Nothing here ships.

use wasm_bindgen::prelude::wasm_bindgen;

/// Reads `len` bytes the optimiser cannot know, with each part the features turn on.
#[wasm_bindgen]
pub fn probe(len: usize) -> u32 {
    let bytes: Vec<u8> = core::hint::black_box(vec![0; len]);
    #[allow(unused_mut, reason = "only the features add to it")]
    let mut seen = u32::from(bytes.first().copied().unwrap_or(0));
    #[cfg(feature = "sha256")]
    {
        use sha2::Digest;
        seen += u32::from(sha2::Sha256::digest(&bytes)[0]);
    }
    #[cfg(feature = "ed25519")]
    {
        use ed25519_dalek::{Signature, Verifier, VerifyingKey};
        let key: [u8; 32] = bytes
            .get(..32)
            .and_then(|k| k.try_into().ok())
            .unwrap_or([0; 32]);
        let signature: [u8; 64] = bytes
            .get(..64)
            .and_then(|s| s.try_into().ok())
            .unwrap_or([0; 64]);
        if let Ok(key) = VerifyingKey::from_bytes(&key)
            && key
                .verify(&bytes, &Signature::from_bytes(&signature))
                .is_ok()
        {
            seen += 1;
        }
    }
    #[cfg(feature = "toml")]
    if let Ok(book) = toml::from_str::<pingjia_rulebook::format::NoticeBook>(
        core::str::from_utf8(&bytes).unwrap_or(""),
    ) {
        seen += book.sessions.len() as u32;
    }
    #[cfg(feature = "postcard")]
    if let Ok(book) = postcard::from_bytes::<pingjia_rulebook::format::NoticeBook>(&bytes) {
        seen += book.sessions.len() as u32;
    }
    #[cfg(all(feature = "json", not(feature = "checked")))]
    if let Ok(book) = serde_json::from_slice::<pingjia_rulebook::format::NoticeBook>(&bytes) {
        seen += book.sessions.len() as u32;
    }
    #[cfg(all(feature = "checked", not(feature = "built")))]
    if let Ok(book) = serde_json::from_slice::<pingjia_rulebook::format::NoticeBook>(&bytes)
        && pingjia_rulebook::check::notice_book(&book).is_ok()
    {
        seen += 1;
    }
    #[cfg(all(feature = "built", not(feature = "published")))]
    if let Ok(book) = serde_json::from_slice::<pingjia_rulebook::format::NoticeBook>(&bytes)
        && let Ok(rulebook) = pingjia_rules::rulebook::rulebook_from(&book)
    {
        seen += rulebook.sessions.len() as u32;
    }
    #[cfg(feature = "published")]
    {
        use pingjia_rulebook::signed::{Book, PublicKey, open_index};
        let text = core::str::from_utf8(&bytes).unwrap_or("");
        let trusted: Vec<PublicKey> = PublicKey::from_text(text).into_iter().collect();
        if let Ok(index) = open_index(&bytes, text, &trusted) {
            for entry in &index.books {
                if let Ok(Book::Notice(book)) = entry.open(&bytes)
                    && let Ok(rulebook) = pingjia_rules::rulebook::rulebook_from(&book)
                {
                    seen += rulebook.sessions.len() as u32;
                }
            }
        }
    }
    seen
}
