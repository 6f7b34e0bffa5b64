//! The sync key, the join codes and the device tokens: 256 random bits each, shown once, kept only as a SHA-256
//! digest. A secret is written `<kind>_<public id>_<secret>`: the public id finds the row, and
//! the digests are then compared in constant time, so no lookup ever depends on the secret.

use base64::Engine;
use sha2::{Digest, Sha256};
use std::fmt;
use subtle::ConstantTimeEq;

/// What a secret opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecretKind {
    /// The sync key: joins a device to the account.
    SyncKey,
    /// A device token: every other request of one device.
    DeviceToken,
    /// A join code: joins one device, once, within minutes of being made on a signed-in
    /// device ("添加设备"), so nobody needs the sync key shown when the account was opened.
    JoinCode,
}

impl SecretKind {
    fn prefix(self) -> &'static str {
        match self {
            SecretKind::SyncKey => "pjk",
            SecretKind::DeviceToken => "pjd",
            SecretKind::JoinCode => "pji",
        }
    }
}

/// A secret just made: its text (given to the client once) and what the server keeps.
pub struct NewSecret {
    pub public_id: String,
    pub digest: [u8; 32],
    text: String,
}

impl NewSecret {
    pub fn new(kind: SecretKind) -> anyhow::Result<NewSecret> {
        let mut id = [0u8; 8];
        getrandom::fill(&mut id).map_err(|e| anyhow::anyhow!("no random source: {e}"))?;
        let public_id: String = id.iter().map(|b| format!("{b:02x}")).collect();
        NewSecret::for_id(kind, public_id)
    }

    /// A new secret under an existing public id: a sync key changed, its account the same.
    pub fn for_id(kind: SecretKind, public_id: String) -> anyhow::Result<NewSecret> {
        let mut secret = [0u8; 32];
        getrandom::fill(&mut secret).map_err(|e| anyhow::anyhow!("no random source: {e}"))?;
        let secret = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(secret);
        Ok(NewSecret {
            text: format!("{}_{public_id}_{secret}", kind.prefix()),
            digest: digest(&secret),
            public_id,
        })
    }

    /// The text to hand over, once.
    pub fn reveal(self) -> String {
        self.text
    }
}

/// Never printed: a `{:?}` of a new secret shows only its public id.
impl fmt::Debug for NewSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NewSecret({}, redacted)", self.public_id)
    }
}

/// A secret as presented: its public id, and the part that is checked.
pub struct Presented<'a> {
    pub public_id: &'a str,
    secret: &'a str,
}

impl<'a> Presented<'a> {
    /// Reads `text` as a secret of `kind`; `None` if it is not shaped like one.
    pub fn parse(kind: SecretKind, text: &'a str) -> Option<Presented<'a>> {
        let mut parts = text.trim().splitn(3, '_');
        let (prefix, public_id, secret) = (parts.next()?, parts.next()?, parts.next()?);
        let well_formed = prefix == kind.prefix()
            && public_id.len() == 16
            && public_id.bytes().all(|b| b.is_ascii_hexdigit())
            && secret.len() == 43;
        well_formed.then_some(Presented { public_id, secret })
    }

    /// Whether it matches the digest kept for its public id, compared in constant time.
    pub fn matches(&self, kept: &[u8]) -> bool {
        bool::from(digest(self.secret).as_slice().ct_eq(kept))
    }
}

fn digest(secret: &str) -> [u8; 32] {
    Sha256::digest(secret.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_is_recognised_by_its_digest_and_nothing_else() {
        let made = NewSecret::new(SecretKind::DeviceToken).expect("random");
        let digest = made.digest;
        let public_id = made.public_id.clone();
        assert!(!format!("{made:?}").contains(&made.text[21..]));
        let text = made.reveal();
        let presented = Presented::parse(SecretKind::DeviceToken, &text).expect("well formed");
        assert_eq!(presented.public_id, public_id);
        assert!(presented.matches(&digest));

        let mut other = text.clone();
        let last = other.pop().map(|c| if c == 'A' { 'B' } else { 'A' });
        other.extend(last);
        let wrong = Presented::parse(SecretKind::DeviceToken, &other).expect("well formed");
        assert!(!wrong.matches(&digest));
        assert!(
            Presented::parse(SecretKind::SyncKey, &text).is_none(),
            "a token is no key"
        );
        assert!(Presented::parse(SecretKind::DeviceToken, "pjd_short_x").is_none());
    }
}
