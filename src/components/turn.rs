//! The TURN REST-API credential scheme the A/V Edge's coturn checks (`use-auth-secret`): a
//! credential for a user is valid until a time; its username is `EXPIRY:USER` and its password
//! the Base64 HMAC-SHA1 of that username under the shared secret. Service Status mints one to
//! allocate through the A/V Edge; `edge credentials` hands them out.

use aws_lc_rs::hmac;
use base64::Engine;

/// A TURN credential.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Credential {
    /// `EXPIRY:USER`.
    pub username: String,
    /// Base64 HMAC-SHA1 of the username under the secret.
    pub password: String,
    /// Expiry, seconds since the Unix epoch.
    pub expires: u64,
}

/// The credential of `user` valid until `now + ttl` seconds.
pub fn credential(secret: &str, user: &str, ttl: u64, now: u64) -> Credential {
    let expires = now + ttl;
    let username = format!("{expires}:{user}");
    let key = hmac::Key::new(hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, secret.as_bytes());
    let tag = hmac::sign(&key, username.as_bytes());
    Credential {
        password: base64::engine::general_purpose::STANDARD.encode(tag.as_ref()),
        username,
        expires,
    }
}
