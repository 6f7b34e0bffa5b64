//! The service worker of dist/: written from `public/sw.js` after `trunk build`, with the list
//! of files to precache and a cache name derived from their contents, both read from dist/
//! itself — so a new content hash can never be missed and an unchanged build keeps its cache.

use anyhow::{Context, bail};
use std::path::Path;

const CACHE_PLACEHOLDER: &str = "'__PINGJIA_CACHE__'";
const PRECACHE_PLACEHOLDER: &str = "['__PINGJIA_PRECACHE__']";

/// What was written: the cache's name and the paths it precaches.
pub struct ServiceWorker {
    pub cache: String,
    pub precache: Vec<String>,
}

/// Rewrites dist/offline.js without its comment lines and blank lines: the script is part of
/// every first visit, Trunk copies it as written, and its comments (which explain it in
/// public/) cost a few hundred bytes of the budget even compressed. Only whole lines that start
/// with `//` go, so no code, and no `//` inside a string, can be touched.
pub fn shrink_page_script(dist: &Path) -> anyhow::Result<()> {
    let path = dist.join("offline.js");
    let text = std::fs::read_to_string(&path).context("cannot read dist/offline.js")?;
    std::fs::write(&path, without_comment_lines(&text)).context("cannot write dist/offline.js")
}

fn without_comment_lines(text: &str) -> String {
    text.lines()
        .filter(|line| {
            let code = line.trim_start();
            !code.is_empty() && !code.starts_with("//")
        })
        .map(|line| format!("{line}\n"))
        .collect()
}

/// The files no one needs offline: the book reader's (`pingjia-books.js`, its wasm).
pub const ONLINE_ONLY: &str = "pingjia-books";

/// Writes `dist/sw.js` from `template` (the text of public/sw.js).
pub fn write_service_worker(template: &str, dist: &Path) -> anyhow::Result<ServiceWorker> {
    for placeholder in [CACHE_PLACEHOLDER, PRECACHE_PLACEHOLDER] {
        if template.matches(placeholder).count() != 1 {
            bail!("public/sw.js must hold {placeholder} exactly once");
        }
    }
    let mut precache = Vec::new();
    // FNV-1a over every precached path and its bytes: any change to any file renames the cache.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for &b in bytes {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    for path in crate::bundle::files_under(dist)? {
        let relative = path
            .strip_prefix(dist)
            .context("a file outside dist/")?
            .to_string_lossy()
            .replace('\\', "/");
        // The book reader (crates/books) runs only online, on a publication fetched then:
        // kept offline it would only add ~100 KB to every visitor's background download.
        let skipped = relative == "sw.js"
            || relative.ends_with(".br")
            || relative.ends_with(".gz")
            || relative.starts_with('.')
            || relative.starts_with(ONLINE_ONLY);
        if skipped {
            continue;
        }
        let bytes =
            std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let url = format!("/{relative}");
        feed(url.as_bytes());
        feed(&bytes);
        precache.push(url);
    }
    if !precache.iter().any(|p| p == "/index.html") {
        bail!("dist/ has no index.html to serve offline: build the app first");
    }
    let cache = format!("pingjia-{hash:016x}");
    let list = precache
        .iter()
        .map(|p| js_string(p))
        .collect::<Vec<_>>()
        .join(", ");
    let text = template
        .replace(CACHE_PLACEHOLDER, &js_string(&cache))
        .replace(PRECACHE_PLACEHOLDER, &format!("[{list}]"));
    std::fs::write(dist.join("sw.js"), text).context("cannot write dist/sw.js")?;
    Ok(ServiceWorker { cache, precache })
}

/// A JavaScript string literal of `text`.
fn js_string(text: &str) -> String {
    let mut out = String::from("'");
    for c in text.chars() {
        match c {
            '\'' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATE: &str =
        "const CACHE = '__PINGJIA_CACHE__';\nconst PRECACHE = ['__PINGJIA_PRECACHE__'];\n";

    fn dist(name: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("pingjia-xtask-sw-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("icons")).unwrap();
        for (file, body) in [
            ("index.html", "<html>"),
            ("app-1a2b.js", "js"),
            ("app-1a2b.js.br", "compressed"),
            ("icons/icon-192.png", "png"),
            ("sw.js", "an older worker"),
        ] {
            std::fs::write(dir.join(file), body).unwrap();
        }
        dir
    }

    #[test]
    fn the_precache_list_is_dist_itself_and_the_cache_name_follows_its_contents() {
        let dir = dist("list");
        let first = write_service_worker(TEMPLATE, &dir).unwrap();
        assert_eq!(
            first.precache,
            ["/app-1a2b.js", "/icons/icon-192.png", "/index.html"]
        );
        let written = std::fs::read_to_string(dir.join("sw.js")).unwrap();
        assert!(
            written.contains(&format!("const CACHE = '{}';", first.cache)),
            "{written}"
        );
        assert!(written.contains("['/app-1a2b.js', '/icons/icon-192.png', '/index.html']"));

        let again = write_service_worker(TEMPLATE, &dir).unwrap();
        assert_eq!(again.cache, first.cache, "the same files keep their cache");
        std::fs::write(dir.join("app-1a2b.js"), "changed").unwrap();
        let changed = write_service_worker(TEMPLATE, &dir).unwrap();
        assert_ne!(
            changed.cache, first.cache,
            "a changed file renames the cache"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_template_without_its_placeholders_or_a_dist_without_index_is_refused() {
        let dir = dist("refused");
        assert!(write_service_worker("const CACHE = 'x';", &dir).is_err());
        std::fs::remove_file(dir.join("index.html")).unwrap();
        assert!(write_service_worker(TEMPLATE, &dir).is_err());
        std::fs::remove_dir_all(dir).unwrap();
        assert_eq!(js_string("a'b\\c"), "'a\\'b\\\\c'");
    }

    #[test]
    fn only_whole_comment_lines_and_blank_lines_leave_the_page_script() {
        let text = "// Why.\n(() => {\n  // how\n\n  const a = 'http://x'; // kept\n})();\n";
        assert_eq!(
            without_comment_lines(text),
            "(() => {\n  const a = 'http://x'; // kept\n})();\n"
        );
    }
}
