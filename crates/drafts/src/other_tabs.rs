//! Other tabs of this browser on the same drafts. After each save a tab says so on a
//! `BroadcastChannel`; the others read the drafts again, so a change made in one tab shows in
//! the next instead of being overwritten by what that tab still held.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{BroadcastChannel, MessageEvent};

const CHANNEL: &str = "pingjia-drafts";

/// This tab's end of the channel; dropping it stops listening.
pub struct OtherTabs {
    channel: BroadcastChannel,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

impl OtherTabs {
    /// Listens for other tabs' saves; `None` where the browser has no `BroadcastChannel`.
    pub fn listen(on_save_elsewhere: impl Fn() + 'static) -> Option<OtherTabs> {
        let channel = BroadcastChannel::new(CHANNEL).ok()?;
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |_| on_save_elsewhere());
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Some(OtherTabs {
            channel,
            _on_message: on_message,
        })
    }

    /// Tells the other tabs that this one saved.
    pub fn announce_save(&self) {
        // A closed channel (the tab is going away) has no one left to tell.
        let _ = self
            .channel
            .post_message(&wasm_bindgen::JsValue::from_str("saved"));
    }
}

impl Drop for OtherTabs {
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
    }
}
