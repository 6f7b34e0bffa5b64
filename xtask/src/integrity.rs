//! The `integrity=` hashes Trunk writes into dist/*.html, checked against the files they name.
//!
//! Trunk collects every crate's wasm-bindgen snippets from one shared folder, so when a snippet's
//! text changes, the app's page can be written with the hash of the snippet's previous text
//! (the drafts pipeline rewrites it a moment later). A browser then refuses the file and the
//! drafts program never starts. Checking every hash after the build catches that before a test
//! or a deploy does.

use anyhow::Context;
use base64::Engine;
use sha2::{Digest, Sha384};
use std::path::Path;

/// A file named by a page whose `integrity=` hash does not match its contents.
#[derive(Debug, PartialEq, Eq)]
pub struct Mismatch {
    pub page: String,
    pub file: String,
}

/// Every `integrity=sha384-…` in dist/*.html whose file's contents hash differently.
pub fn mismatches(dist: &Path) -> anyhow::Result<Vec<Mismatch>> {
    let mut found = Vec::new();
    let pages =
        std::fs::read_dir(dist).with_context(|| format!("cannot read {}", dist.display()))?;
    for entry in pages {
        let path = entry?.path();
        if path.extension().and_then(|e| e.to_str()) != Some("html") {
            continue;
        }
        let html = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let page = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for (file, expected) in hashed_references(&html) {
            let on_disk = dist.join(file.trim_start_matches('/'));
            let bytes = std::fs::read(&on_disk)
                .with_context(|| format!("{page} names {file}, which dist/ lacks"))?;
            let actual = base64::engine::general_purpose::STANDARD.encode(Sha384::digest(&bytes));
            if actual != expected {
                found.push(Mismatch {
                    page: page.clone(),
                    file,
                });
            }
        }
    }
    Ok(found)
}

/// `(href or src, sha384 in base64)` of every tag carrying `integrity=sha384-…`.
fn hashed_references(html: &str) -> Vec<(String, String)> {
    html.split('<')
        .filter_map(|tag| {
            let tag = tag.split('>').next()?;
            let hash = attribute(tag, "integrity")?
                .strip_prefix("sha384-")?
                .to_string();
            let file = attribute(tag, "href").or_else(|| attribute(tag, "src"))?;
            Some((file.to_string(), hash))
        })
        .collect()
}

/// An attribute's value, quoted or not (Trunk's minifier drops the quotes).
pub fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag
        .match_indices(name)
        .find(|(at, _)| {
            tag[..*at].ends_with(char::is_whitespace) && tag[at + name.len()..].starts_with('=')
        })
        .map(|(at, _)| at + name.len() + 1)?;
    let rest = &tag[start..];
    match rest.chars().next()? {
        quote @ ('"' | '\'') => rest[1..].split(quote).next(),
        _ => rest.split(char::is_whitespace).next(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_are_read_quoted_or_not() {
        let tag = r#"link crossorigin href=/a.js integrity="sha384-AAA" rel=modulepreload"#;
        assert_eq!(attribute(tag, "href"), Some("/a.js"));
        assert_eq!(attribute(tag, "integrity"), Some("sha384-AAA"));
        assert_eq!(attribute(tag, "src"), None);
    }

    #[test]
    fn a_stale_hash_is_found_and_a_true_one_is_not() {
        let dist =
            std::env::temp_dir().join(format!("pingjia-xtask-integrity-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dist);
        std::fs::create_dir_all(dist.join("snippets")).unwrap();
        std::fs::write(dist.join("snippets/new.js"), b"export const a = 2;").unwrap();
        std::fs::write(dist.join("app.js"), b"export default 1;").unwrap();
        let hash =
            |text: &[u8]| base64::engine::general_purpose::STANDARD.encode(Sha384::digest(text));
        let html = format!(
            "<link href=/app.js integrity=sha384-{} rel=modulepreload><link href=/snippets/new.js integrity=sha384-{} rel=modulepreload>",
            hash(b"export default 1;"),
            hash(b"export const a = 1;"),
        );
        std::fs::write(dist.join("index.html"), html).unwrap();
        let found = mismatches(&dist).unwrap();
        assert_eq!(
            found,
            vec![Mismatch {
                page: "index.html".into(),
                file: "/snippets/new.js".into()
            }]
        );
        std::fs::remove_dir_all(&dist).unwrap();
    }
}
