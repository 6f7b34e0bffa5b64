//! What can go wrong when the drafts are kept in or read from IndexedDB, and what the error's
//! type says of the cause.

use std::fmt;

/// Why the browser could not keep or give back the drafts.
#[derive(Clone, Debug, PartialEq)]
pub struct StorageError {
    pub action: &'static str,
    pub detail: String,
    pub cause: Cause,
}

/// What is known of why a write failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cause {
    /// The browser said the site's storage is full (QuotaExceededError).
    QuotaFull,
    /// The browser aborted the transaction at commit without a failed request. IndexedDB then
    /// keeps the reason on the transaction, which this crate's wrapper does not pass on; in
    /// practice it is the quota (seen with Chromium's quota override).
    Aborted,
    /// A newer version of the app, in another tab, upgraded the database past the schema this
    /// one knows (VersionError): a reload brings the newer version here too.
    NewerVersion,
    Other,
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IndexedDB could not {}: {}", self.action, self.detail)
    }
}

impl std::error::Error for StorageError {}

/// An error the drafts' storage can meet, and what its type says of the cause: a
/// `DOMException` by its name, never by searching its words (which differ between browsers and
/// languages).
pub(crate) trait Failure: fmt::Display {
    fn cause(&self) -> Cause {
        Cause::Other
    }
}

/// The cause a `DOMException`'s name gives.
fn cause_named(name: &str) -> Cause {
    match name {
        "QuotaExceededError" => Cause::QuotaFull,
        "VersionError" => Cause::NewerVersion,
        "AbortError" => Cause::Aborted,
        _ => Cause::Other,
    }
}

impl Failure for indexed_db_futures::error::Error {
    fn cause(&self) -> Cause {
        match self {
            indexed_db_futures::error::Error::DomException(e) => {
                use indexed_db_futures::internals::SystemRepr;
                cause_named(&e.as_sys().name())
            }
            // The commit's `abort` event, with no failed request to blame (see `Cause::Aborted`).
            indexed_db_futures::error::Error::MissingData(
                indexed_db_futures::error::UnexpectedDataError::TransactionAborted,
            ) => Cause::Aborted,
            _ => Cause::Other,
        }
    }
}

impl Failure for indexed_db_futures::error::OpenDbError {
    fn cause(&self) -> Cause {
        match self {
            indexed_db_futures::error::OpenDbError::Base(e) => e.cause(),
            _ => Cause::Other,
        }
    }
}

// Encoding and decoding: never a cause of the device's.
impl Failure for serde_json::Error {}
impl Failure for std::string::FromUtf8Error {}
impl Failure for &str {}
impl Failure for String {}

pub(crate) fn failed<E: Failure>(action: &'static str) -> impl Fn(E) -> StorageError {
    move |err| StorageError {
        action,
        cause: err.cause(),
        detail: err.to_string(),
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    fn cause_of(name: &str, message: &str) -> Cause {
        let exception = web_sys::DomException::new_with_message_and_name(message, name)
            .map_err(|_| "a DOMException")
            .map(indexed_db_futures::error::Error::from);
        match exception {
            Ok(error) => failed("save a record")(error).cause,
            Err(why) => failed("save a record")(why).cause,
        }
    }

    #[wasm_bindgen_test]
    fn a_cause_is_read_from_the_exception_s_name_not_its_words() {
        assert_eq!(cause_of("QuotaExceededError", "没有空间"), Cause::QuotaFull);
        assert_eq!(cause_of("VersionError", ""), Cause::NewerVersion);
        assert_eq!(cause_of("AbortError", ""), Cause::Aborted);
        // Words that mention a quota or an abort are not a cause.
        assert_eq!(cause_of("UnknownError", "quota aborted"), Cause::Other);
        assert_eq!(
            failed("commit")(indexed_db_futures::error::Error::from(
                indexed_db_futures::error::UnexpectedDataError::TransactionAborted
            ))
            .cause,
            Cause::Aborted
        );
    }
}
