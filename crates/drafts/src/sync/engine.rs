//! When and how this device syncs: on start, when the connection returns (`online`), when the
//! page is shown again, shortly after each save, on "立即同步", and after a failure on a retry
//! with exponential backoff and jitter — never through Background Sync or the service worker,
//! so it behaves the same in every browser. One round: the log's new entries into the outbox,
//! the outbox pushed in batches, then every page pulled.

use super::api::{Api, Failure};
use super::local::{Pending, SyncAccount};
use crate::state::Drafts;
use crate::store::DraftStore;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pingjia_rules::Bilingual;
use pingjia_sync::codes::SyncErrorCode;
use std::cell::RefCell;
use std::time::Duration;

/// Operations per push and records per pull page.
pub const PUSH_BATCH: u32 = 100;
pub const PULL_PAGE: u32 = 500;
/// How long after a save the sync starts, so a burst of typing goes in one push.
const AFTER_SAVE: Duration = Duration::from_millis(1500);

/// What the sync is doing.
#[derive(Clone, Debug, PartialEq)]
pub enum Activity {
    /// No account on this device: the drafts stay here.
    NoAccount,
    Idle,
    Syncing,
    /// The server could not be reached; a retry is scheduled.
    Offline,
    /// The server refused; a retry is scheduled.
    Failed(Bilingual),
    /// This device was signed out, or its account erased: join again to sync.
    SignedOut,
}

/// The sync's state, shared through context by the drafts pages.
#[derive(Clone, Copy)]
pub struct SyncEngine {
    pub account: RwSignal<Option<SyncAccount>>,
    pub activity: RwSignal<Activity>,
    pub pending: RwSignal<Pending>,
    drafts: Drafts,
    running: StoredValue<bool>,
    again: StoredValue<bool>,
    failures: StoredValue<u32>,
    timer: StoredValue<Option<TimeoutHandle>>,
}

thread_local! {
    static ENGINE: RefCell<Option<SyncEngine>> = const { RefCell::new(None) };
}

/// Syncs shortly (after a save): a later call before then does not add a round. What waits
/// is counted again at once, so the status says so meanwhile.
pub fn soon() {
    if let Some(engine) = ENGINE.with(|e| *e.borrow()) {
        engine.refresh();
        engine.schedule(AFTER_SAVE);
    }
}

/// The API of `account`: on the server chosen in Settings since it was opened (the API moved),
/// else on the one it was opened on.
pub fn api_for(account: &SyncAccount) -> Api {
    let server =
        pingjia_shell::local_storage::load_text(pingjia_shell::local_storage::SYNC_SERVER_KEY)
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| account.server.clone());
    Api {
        server,
        token: account.token.clone(),
    }
}

pub fn use_sync() -> SyncEngine {
    pingjia_shell::context::provided::<SyncEngine>()
}

/// Makes the sync context and starts it: a first round once the drafts are read.
pub fn provide_sync(drafts: Drafts) -> SyncEngine {
    let engine = SyncEngine {
        account: RwSignal::new(None),
        activity: RwSignal::new(Activity::NoAccount),
        pending: RwSignal::new(Pending::default()),
        drafts,
        running: StoredValue::new(false),
        again: StoredValue::new(false),
        failures: StoredValue::new(0),
        timer: StoredValue::new(None),
    };
    provide_context(engine);
    ENGINE.with(|e| *e.borrow_mut() = Some(engine));
    drafts.load();
    let on_online = window_event_listener(leptos::ev::online, move |_| engine.now());
    let on_visible = window_event_listener(leptos::ev::visibilitychange, move |_| {
        if !document().hidden() {
            engine.now();
        }
    });
    // The first round, once the database is open.
    Effect::new(move |_| {
        if drafts.keeping.get() == crate::state::Keeping::OnDevice {
            engine.now();
        }
    });
    on_cleanup(move || {
        on_online.remove();
        on_visible.remove();
        if let Some(timer) = engine.timer.get_value() {
            timer.clear();
        }
        ENGINE.with(|e| *e.borrow_mut() = None);
    });
    engine
}

impl SyncEngine {
    /// A round now (or right after the running one).
    pub fn now(self) {
        if let Some(timer) = self.timer.try_update_value(Option::take).flatten() {
            timer.clear();
        }
        if self.running.get_value() {
            self.again.set_value(true);
            return;
        }
        self.running.set_value(true);
        spawn_local(async move {
            loop {
                self.again.set_value(false);
                self.round().await;
                if !self.again.get_value() {
                    break;
                }
            }
            self.running.set_value(false);
        });
    }

    fn schedule(self, after: Duration) {
        if self.timer.with_value(Option::is_some) {
            return;
        }
        let handle = set_timeout_with_handle(
            move || {
                self.timer.set_value(None);
                self.now();
            },
            after,
        )
        .ok();
        self.timer.set_value(handle);
    }

    /// After a failure: 2 s, 4 s, 8 s … up to 5 min, each between half and one and a half times
    /// that, so devices that lost the server together do not all come back at once.
    fn retry_later(self, at_least: Option<u32>) {
        let failures = self.failures.get_value().min(8);
        self.failures.set_value(failures + 1);
        let base = (2_000.0 * 2f64.powi(failures as i32)).min(300_000.0);
        let jittered = base * (0.5 + js_sys::Math::random());
        let wait = jittered.max(f64::from(at_least.unwrap_or(0)) * 1000.0);
        self.schedule(Duration::from_millis(wait as u64));
    }

    /// The account as stored, read again (after it was opened, joined or left).
    pub fn refresh(self) {
        let Some(store) = self.drafts.store() else {
            return;
        };
        spawn_local(async move {
            self.show(&store).await;
        });
    }

    async fn show(self, store: &DraftStore) {
        if let Ok(account) = store.sync_account().await {
            if account.is_none() {
                self.activity.set(Activity::NoAccount);
            } else if account.as_ref().is_some_and(|a| a.signed_out) {
                self.activity.set(Activity::SignedOut);
            }
            self.account.set(account);
        }
        if let Ok(pending) = store.pending().await {
            self.pending.set(pending);
        }
    }

    async fn round(self) {
        let Some(store) = self.drafts.store() else {
            return;
        };
        match self.exchange(&store).await {
            Ok(Some(changed)) => {
                self.failures.set_value(0);
                self.activity.set(Activity::Idle);
                if changed > 0 {
                    self.drafts.reread_and_tell();
                }
            }
            Ok(None) => {}
            Err(failure) if failure.signed_out() => {
                match store.update_account(|a| a.signed_out = true).await {
                    Ok(_) => self.activity.set(Activity::SignedOut),
                    // Signed out all the same; said, since the next start will find out again.
                    Err(err) => self.activity.set(Activity::Failed(Bilingual::new(
                        format!("本设备已退出同步账户，但这一状态未能保存在本设备上（{err}）。草稿仍在本设备上。"),
                        format!("This device was signed out of sync, but that could not be kept on this device ({err}). The drafts are still here."),
                    ))),
                }
            }
            Err(Failure::Unreachable) => {
                self.activity.set(Activity::Offline);
                self.retry_later(None);
            }
            Err(failure) => {
                let wait = match &failure {
                    Failure::Refused { retry_after, .. } => *retry_after,
                    _ => None,
                };
                self.activity.set(Activity::Failed(failure.message()));
                self.retry_later(wait);
            }
        }
        self.show(&store).await;
    }

    /// One exchange with the server; `Ok(None)` when there is no account (or it is signed
    /// out), else how many records the pull changed here. Storage failures count as failures
    /// of the round (tried again later).
    async fn exchange(self, store: &DraftStore) -> Result<Option<usize>, Failure> {
        let stored = |_| Failure::DeviceStorage;
        let Some(account) = store.fill_outbox().await.map_err(stored)? else {
            return Ok(None);
        };
        if account.signed_out {
            return Ok(None);
        }
        self.activity.set(Activity::Syncing);
        let api = api_for(&account);
        let mut renumbered = false;
        let mut changed = 0;
        loop {
            let ops = store.outbox(PUSH_BATCH).await.map_err(stored)?;
            if ops.is_empty() {
                break;
            }
            match api.push(&account.device_id, ops.clone()).await {
                Ok(answer) => changed += store.settle(&ops, &answer).await.map_err(stored)?,
                // The server has more (or less) of this device's operations than the outbox
                // thinks: an acknowledgement was lost, or the server was restored. Ask it.
                Err(Failure::Refused {
                    code: SyncErrorCode::OpOutOfOrder,
                    ..
                }) if !renumbered => {
                    renumbered = true;
                    let devices = api.devices().await?;
                    let last = devices
                        .devices
                        .iter()
                        .find(|d| d.this_device)
                        .map_or(0, |d| d.last_op_id);
                    store.renumber_outbox(last).await.map_err(stored)?;
                }
                Err(failure) => return Err(failure),
            }
        }
        let mut cursor = store
            .sync_account()
            .await
            .map_err(stored)?
            .map(|a| a.pull_cursor)
            .unwrap_or_default();
        loop {
            let page = api.pull(&cursor, PULL_PAGE).await?;
            changed += store
                .apply_pulled(page.records, &page.cursor)
                .await
                .map_err(stored)?;
            cursor = page.cursor;
            if !page.more {
                break;
            }
        }
        let now = js_sys::Date::now();
        store
            .update_account(|a| a.synced_at = now)
            .await
            .map_err(stored)?;
        Ok(Some(changed))
    }
}
