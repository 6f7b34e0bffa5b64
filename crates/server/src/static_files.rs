//! The built app from `dist/`, with the caching a CDN would apply.

use axum::Router;
use axum::extract::Request;
use axum::handler::HandlerWithoutStateExt;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use std::path::Path;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

/// Serves `dist/`: precompressed `.br`/`.gz` siblings when the client accepts them, and
/// `index.html` for any extension-less path, so the app's own URLs survive a reload.
pub fn router(dist: &Path) -> Router {
    let index = ServeFile::new(dist.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    let app_page = move |request: Request| {
        let index = index.clone();
        async move {
            // A missing asset must be a 404, not the app's HTML under a .js name.
            if looks_like_a_file(request.uri().path()) {
                return (StatusCode::NOT_FOUND, "not found").into_response();
            }
            match index.oneshot(request).await {
                Ok(response) => response.into_response(),
                Err(never) => match never {},
            }
        }
    };
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(app_page.into_service());
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(cache_headers))
}

/// A published rulebook folder: its files as they are, revalidated on every fetch (the index
/// changes when a book is published), and 404 for anything it does not hold.
pub fn published(folder: &Path) -> Router {
    Router::new()
        .fallback_service(ServeDir::new(folder))
        .layer(middleware::from_fn(cache_headers))
}

/// Trunk names bundled assets `stem-<hash>.ext` with a hex seahash of 1 to 16 digits; we
/// require at least 10, which a real hash has but a name like `icon-2.svg` does not.
pub fn is_content_hashed(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or(path);
    let Some((stem, _ext)) = file.rsplit_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let Some((_, hash)) = stem.rsplit_once('-') else {
        return false;
    };
    (10..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
}

fn looks_like_a_file(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'))
}

async fn cache_headers(request: Request, next: Next) -> Response {
    let hashed = is_content_hashed(request.uri().path());
    let mut response = next.run(request).await;
    if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
        let policy = if hashed {
            "public, max-age=31536000, immutable"
        } else {
            // index.html and other fixed names: always revalidate, so a deploy shows at once.
            "no-cache"
        };
        let headers = response.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_asset_names_are_recognised_as_hashed() {
        assert!(is_content_hashed("/pingjia-9a1b2c3d4e5f6a7b_bg.wasm"));
        assert!(is_content_hashed("/pingjia-9a1b2c3d4e5f6a7b.js"));
        assert!(is_content_hashed("/main-1f2e3d4c5b6a79.css"));
    }

    #[test]
    fn fixed_names_are_not_hashed() {
        for path in [
            "/",
            "/index.html",
            "/manifest.webmanifest",
            "/icon.svg",
            "/icon-2.svg",
            "/pingjia-notahexhashvalue.js",
            "/sw.js",
        ] {
            assert!(!is_content_hashed(path), "{path}");
        }
    }
}
