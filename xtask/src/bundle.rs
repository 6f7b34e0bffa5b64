//! Building the app into dist/ with Trunk, then writing the .br and .gz copies the server
//! (or a CDN) sends to browsers that accept them.

use crate::shell::{self, Workspace};
use anyhow::Context;
use std::io::Write;
use std::path::{Path, PathBuf};

/// File kinds worth compressing; images other than SVG already are.
const COMPRESSIBLE: [&str; 8] = [
    "html",
    "js",
    "css",
    "wasm",
    "svg",
    "webmanifest",
    "json",
    "txt",
];

/// The most a first visit may download, brotli-compressed: a phone on a poor connection
/// (about 1.6 Mbit/s) gets it in about a second.
pub const FIRST_VISIT_BUDGET: usize = 200_000;

/// Whose published rulebooks the built app accepts.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Publishers {
    /// The keys of `crates/rulebook/keys/` (and a key file named by `PINGJIA_RULEBOOK_TRUST`
    /// in the caller's environment, to try a publication of one's own): what `run` builds.
    Configured,
    /// Those and the test publisher, whose secret key is a test fixture: the builds the tests
    /// and benchmarks serve (tests/e2e/rulebooks.test.mjs publishes with it).
    AndTheTestPublisher,
}

/// The test publisher's public key, trusted by test builds only.
pub const TEST_PUBLISHER: &str = "crates/rulebook/tests/fixtures/test-publisher.pub";

pub fn build_release(ws: &Workspace, publishers: Publishers) -> anyhow::Result<Vec<Sizes>> {
    // The book reader's build script reads it (crates/books/build.rs).
    let test_publisher = ws.root.join(TEST_PUBLISHER).display().to_string();
    let env: &[(&str, &str)] = match publishers {
        Publishers::Configured => &[],
        Publishers::AndTheTestPublisher => &[("PINGJIA_RULEBOOK_TRUST", &test_publisher)],
    };
    // Trunk copies (and index.html preloads) every snippet it finds in wasm-bindgen's shared
    // output folder, so one left by an earlier build or by another program would ship with
    // the app and count against its first visit. Each build writes its own again.
    let snippets = ws.root.join("target/wasm-bindgen/release/snippets");
    if snippets.exists() {
        std::fs::remove_dir_all(&snippets)
            .with_context(|| format!("cannot clear {}", snippets.display()))?;
    }
    compile_programs(ws, env)?;
    println!("[build] trunk build --release (the app, into dist/)");
    let trunk = || shell::run_in_with_env(&ws.root, "trunk", &["build", "--release"], env);
    if let Err(first) = trunk() {
        // Trunk runs its three pipelines' tools side by side in one output folder; if a
        // failure was that, a second build from the same compiled programs passes, and a real
        // error fails again.
        println!(
            "[build] {first:#}: building once more, to tell a clash between pipelines from an error"
        );
        trunk()?;
        println!("[build] the second trunk build passed: the first failure was not in the code");
    }
    let dist = ws.root.join("dist");
    let stale = crate::integrity::mismatches(&dist)?;
    if !stale.is_empty() {
        // A changed snippet hashed before it was rewritten (see integrity.rs): the second
        // build starts from the current snippets.
        for m in &stale {
            println!(
                "[build] {} names {} with a stale hash: building again",
                m.page, m.file
            );
        }
        trunk()?;
        let still = crate::integrity::mismatches(&dist)?;
        if let Some(m) = still.first() {
            anyhow::bail!(
                "{} names {} with a hash that does not match the file, twice: a browser would refuse it",
                m.page,
                m.file
            );
        }
    }
    crate::offline::shrink_page_script(&dist)?;
    let template = std::fs::read_to_string(ws.root.join("public/sw.js"))
        .context("cannot read public/sw.js")?;
    let worker = crate::offline::write_service_worker(&template, &dist)?;
    println!(
        "[build] dist/sw.js: cache {}, {} files precached",
        worker.cache,
        worker.precache.len()
    );
    let sizes = compress_dist(&dist)?;
    print_sizes(ws, &sizes);
    Ok(sizes)
}

/// Compiles every program index.html names, one after another, with the arguments Trunk gives
/// cargo, so that Trunk's own cargo runs find them fresh. Trunk starts its three cargo builds at
/// once, and a program's wasm-bindgen then runs while the next program is still compiling into
/// the same target folder; compiling first leaves Trunk only the bundling.
fn compile_programs(ws: &Workspace, env: &[(&str, &str)]) -> anyhow::Result<()> {
    let html =
        std::fs::read_to_string(ws.root.join("index.html")).context("cannot read index.html")?;
    for program in rust_programs(&html) {
        let manifest = ws.root.join(&program.manifest);
        let manifest = manifest.to_string_lossy();
        println!("[build] compiling {} ({})", program.bin, program.profile);
        shell::run_in_with_env(
            &ws.root,
            "cargo",
            &[
                "build",
                "--target=wasm32-unknown-unknown",
                "--manifest-path",
                &manifest,
                "--profile",
                &program.profile,
                "--offline",
                "--bin",
                &program.bin,
            ],
            env,
        )?;
    }
    Ok(())
}

/// A program Trunk builds: `<link data-trunk rel="rust" …>` in index.html.
#[derive(Debug, PartialEq, Eq)]
struct RustProgram {
    manifest: String,
    bin: String,
    profile: String,
}

fn rust_programs(html: &str) -> Vec<RustProgram> {
    use crate::integrity::attribute;
    html.split('<')
        .filter_map(|tag| {
            let tag = tag.split('>').next()?;
            if !tag.starts_with("link") || attribute(tag, "rel") != Some("rust") {
                return None;
            }
            let manifest = attribute(tag, "href").unwrap_or("Cargo.toml");
            let manifest = if manifest.ends_with("Cargo.toml") {
                manifest.to_string()
            } else {
                format!("{}/Cargo.toml", manifest.trim_end_matches('/'))
            };
            Some(RustProgram {
                manifest,
                bin: attribute(tag, "data-bin")?.to_string(),
                profile: attribute(tag, "data-cargo-profile-release")
                    .unwrap_or("release")
                    .to_string(),
            })
        })
        .collect()
}

/// What a first visit downloads: index.html and every file it names (`href=` and `src=`: the
/// stylesheet, the manifest, the icon, the preloaded JS and wasm, the service-worker script).
/// Files dist/ holds for later, such as a worker loaded on demand, are not named there and so
/// do not count. (What the service worker then precaches in the background is not counted
/// either: it does not hold up the first page.)
pub fn first_visit(dist: &Path, sizes: &[Sizes]) -> anyhow::Result<(usize, Vec<String>)> {
    let html =
        std::fs::read_to_string(dist.join("index.html")).context("dist/index.html is missing")?;
    let mut names = vec!["index.html".to_string()];
    let named = html
        .match_indices("href=")
        .map(|(at, _)| at + 5)
        .chain(html.match_indices(" src=").map(|(at, _)| at + 5));
    for at in named {
        let value = html[at..].trim_start_matches(['"', '\'']);
        let end = value
            .find(|c: char| c == '"' || c == '\'' || c == '>' || c.is_whitespace())
            .unwrap_or(value.len());
        let name = value[..end].trim_start_matches('/');
        if !name.is_empty() && !name.contains("://") && !names.iter().any(|n| n == name) {
            names.push(name.to_string());
        }
    }
    let mut total = 0;
    for name in &names {
        let size = sizes
            .iter()
            .find(|s| s.path == dist.join(name))
            .with_context(|| format!("index.html names {name}, which dist/ does not hold"))?;
        total += size.brotli;
    }
    Ok((total, names))
}

/// Sizes of one file of the bundle, in bytes.
pub struct Sizes {
    pub path: PathBuf,
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

fn compress_dist(dist: &Path) -> anyhow::Result<Vec<Sizes>> {
    let mut sizes = Vec::new();
    for path in files_under(dist)? {
        let Some(ext) = path.extension().and_then(|e| e.to_str()) else {
            continue;
        };
        if !COMPRESSIBLE.contains(&ext) {
            continue;
        }
        let raw =
            std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let gzip = gzip(&raw)?;
        let brotli = brotli(&raw)?;
        write_beside(&path, "gz", &gzip)?;
        write_beside(&path, "br", &brotli)?;
        sizes.push(Sizes {
            path,
            raw: raw.len(),
            gzip: gzip.len(),
            brotli: brotli.len(),
        });
    }
    Ok(sizes)
}

pub(crate) fn files_under(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in
            std::fs::read_dir(&dir).with_context(|| format!("cannot list {}", dir.display()))?
        {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

fn write_beside(path: &Path, ext: &str, bytes: &[u8]) -> anyhow::Result<()> {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(ext);
    std::fs::write(&name, bytes)
        .with_context(|| format!("cannot write {}", PathBuf::from(&name).display()))
}

fn gzip(raw: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(raw)?;
    Ok(encoder.finish()?)
}

pub fn brotli(raw: &[u8]) -> anyhow::Result<Vec<u8>> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &raw[..], &mut out, &params)?;
    Ok(out)
}

fn print_sizes(ws: &Workspace, sizes: &[Sizes]) {
    println!("[build] bundle sizes in bytes (raw / gzip -9 / brotli -q11):");
    let mut total = (0, 0, 0);
    for s in sizes {
        println!(
            "  {:>9} {:>9} {:>9}  {}",
            s.raw,
            s.gzip,
            s.brotli,
            ws.relative(&s.path)
        );
        total = (total.0 + s.raw, total.1 + s.gzip, total.2 + s.brotli);
    }
    println!("  {:>9} {:>9} {:>9}  total", total.0, total.1, total.2);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn every_program_of_index_html_is_compiled_as_trunk_would() {
        let html =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../index.html")).unwrap();
        let programs = rust_programs(&html);
        let bins: Vec<&str> = programs.iter().map(|p| p.bin.as_str()).collect();
        assert_eq!(
            bins,
            [
                "pingjia-app",
                "pingjia-drafts",
                "pingjia-files",
                "pingjia-books"
            ]
        );
        assert_eq!(programs[0].manifest, "Cargo.toml");
        assert_eq!(programs[1].manifest, "crates/drafts/Cargo.toml");
        assert!(programs.iter().all(|p| p.profile == "wasm-release"));
    }

    #[test]
    fn compressed_copies_decompress_to_the_original() {
        let dir = tempfile_dir("compress");
        let original = "保卫管理员 ".repeat(500);
        std::fs::write(dir.join("index.html"), &original).unwrap();
        std::fs::write(dir.join("photo.png"), b"not compressible").unwrap();
        let sizes = compress_dist(&dir).unwrap();
        assert_eq!(sizes.len(), 1, "only the html is compressed");
        assert!(sizes[0].brotli < sizes[0].raw && sizes[0].gzip < sizes[0].raw);

        let gz = std::fs::read(dir.join("index.html.gz")).unwrap();
        let mut back = String::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, original);

        let br = std::fs::read(dir.join("index.html.br")).unwrap();
        let mut back = String::new();
        brotli::Decompressor::new(&br[..], 4096)
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, original);
        assert!(!dir.join("photo.png.br").exists());
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn the_first_visit_counts_the_page_and_what_it_names_only() {
        let dir = tempfile_dir("first-visit");
        std::fs::create_dir_all(&dir).unwrap();
        let html = "<link href=/app-1.js rel=modulepreload><link href=\"/app-1_bg.wasm\" rel=preload><link href=/style.css rel=stylesheet><script src=/offline.js defer></script><a href=https://example.org>x</a>";
        std::fs::write(dir.join("index.html"), html).unwrap();
        for (name, body) in [
            ("app-1.js", "js ".repeat(300)),
            ("app-1_bg.wasm", "wasm ".repeat(900)),
            ("style.css", "css ".repeat(200)),
            ("offline.js", "register ".repeat(50)),
            ("worker_bg.wasm", "worker ".repeat(5000)),
        ] {
            std::fs::write(dir.join(name), body).unwrap();
        }
        let sizes = compress_dist(&dir).unwrap();
        let (total, names) = first_visit(&dir, &sizes).unwrap();
        assert_eq!(
            names,
            [
                "index.html",
                "app-1.js",
                "app-1_bg.wasm",
                "style.css",
                "offline.js"
            ]
        );
        let expected: usize = sizes
            .iter()
            .filter(|s| !s.path.ends_with("worker_bg.wasm"))
            .map(|s| s.brotli)
            .sum();
        assert_eq!(
            total, expected,
            "the worker loaded on demand does not count"
        );
        std::fs::remove_file(dir.join("style.css")).unwrap();
        assert!(first_visit(&dir, &sizes).is_ok(), "sizes were taken before");
        let sizes = compress_dist(&dir).unwrap();
        assert!(
            first_visit(&dir, &sizes).is_err(),
            "a named file that is missing is an error"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    fn tempfile_dir(test: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("pingjia-xtask-{test}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
