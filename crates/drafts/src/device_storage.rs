//! The device's storage for this site: asking the browser to keep the drafts through storage
//! pressure (`navigator.storage.persist()`), and how much is used and available.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// What the browser says of this site's storage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Usage {
    pub used: u64,
    pub available: u64,
    /// The browser promised not to clear the drafts to free space.
    pub persistent: bool,
}

fn manager() -> Option<web_sys::StorageManager> {
    let navigator = web_sys::window()?.navigator();
    // Absent outside secure contexts and in old browsers.
    js_sys::Reflect::get(&navigator, &"storage".into())
        .ok()
        .filter(|s| !s.is_undefined())
        .map(|s| s.unchecked_into())
}

async fn promise_bool(p: Result<js_sys::Promise, wasm_bindgen::JsValue>) -> bool {
    match p {
        Ok(p) => JsFuture::from(p).await.ok().and_then(|v| v.as_bool()) == Some(true),
        Err(_) => false,
    }
}

/// Asks once that the drafts be kept (browsers grant it silently or not at all), then reads
/// the usage into `usage`.
pub fn refresh(usage: RwSignal<Option<Usage>>, ask_to_persist: bool) {
    let Some(storage) = manager() else {
        return;
    };
    spawn_local(async move {
        let persistent = if ask_to_persist {
            promise_bool(storage.persist()).await
        } else {
            promise_bool(storage.persisted()).await
        };
        let Ok(estimate) = storage.estimate() else {
            return;
        };
        let Ok(estimate) = JsFuture::from(estimate).await else {
            return;
        };
        let estimate: web_sys::StorageEstimate = estimate.unchecked_into();
        let bytes = |v: Option<f64>| v.map_or(0, |v| v.max(0.0) as u64);
        usage.set(Some(Usage {
            used: bytes(estimate.get_usage()),
            available: bytes(estimate.get_quota()),
            persistent,
        }));
    });
}

/// A size for people, rounded down to a tenth: "820 KB", "1.4 MB", "2.1 GB" (integer arithmetic:
/// no float formatting in the download).
pub fn size_text(bytes: u64) -> String {
    const KB: u64 = 1024;
    let tenths = |unit: u64| {
        let t = bytes * 10 / unit;
        format!("{}.{}", t / 10, t % 10)
    };
    if bytes < KB * KB {
        format!("{} KB", bytes.div_ceil(KB))
    } else if bytes < KB * KB * KB {
        format!("{} MB", tenths(KB * KB))
    } else {
        format!("{} GB", tenths(KB * KB * KB))
    }
}

#[cfg(test)]
mod tests {
    use super::size_text;

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(size_text(0), "0 KB");
        assert_eq!(size_text(1), "1 KB");
        assert_eq!(size_text(839_680), "820 KB");
        assert_eq!(size_text(1_520_435), "1.4 MB");
        assert_eq!(size_text(2_308_544_921), "2.1 GB");
    }
}
