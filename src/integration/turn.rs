//! The A/V Edge's TURN credentials: the REST-API scheme coturn implements (`use-auth-secret`).
//! A secret shared by the Front Ends and the Edges lives in the CMS's protected settings and
//! reaches every server by step 1; a credential for a user is valid until a time: its username
//! is `EXPIRY:USER` and its password the Base64 HMAC-SHA1 of that username under the secret.
//! The secret never appears in a log, an output or a command line.

use crate::store::{CentralStore, LocalConfigurationStore, StoreError};

pub use crate::store::TURN_SECRET_DOC as SECRET_DOC;

/// How long a credential lasts when not said (the product's media relay tokens: 8 hours).
pub const DEFAULT_TTL_SECONDS: u64 = 8 * 3600;

/// The longest credential a command issues (a week).
pub const MAX_TTL_SECONDS: u64 = 7 * 24 * 3600;

/// A new random secret (32 bytes, hex), published to the CMS; returns the CMS revision.
pub fn rotate_secret(cms: &CentralStore) -> Result<u64, StoreError> {
    let secret = crate::store::random_secret();
    Ok(cms
        .publish(&[(SECRET_DOC, format!("{secret}\n").into_bytes())])?
        .revision)
}

/// The secret this server's replica holds, if the CMS has one.
pub fn secret(replica: &LocalConfigurationStore) -> Result<Option<String>, StoreError> {
    replica.turn_secret()
}

pub use crate::components::turn::{Credential, credential};

/// Why a user or a lifetime is refused.
pub fn check_request(user: &str, ttl: u64) -> Result<String, String> {
    let user = user.trim();
    let bare = user.strip_prefix("sip:").unwrap_or(user);
    let valid = bare.split_once('@').is_some_and(|(name, domain)| {
        !name.is_empty()
            && !domain.is_empty()
            && bare.len() <= 256
            && bare
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-+@".contains(c))
    });
    if !valid {
        return Err(format!(
            "{user:?} is not a SIP URI of a user: give one such as sip:alice@contoso.com"
        ));
    }
    if ttl == 0 || ttl > MAX_TTL_SECONDS {
        return Err(format!(
            "a credential lasts from 1 to {MAX_TTL_SECONDS} seconds, not {ttl}"
        ));
    }
    Ok(format!("sip:{bare}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_credential_is_the_hmac_of_its_username() {
        // Computed independently: base64(HMAC-SHA1(b"north", b"1234:fred")) with Python's hmac.
        let c = credential("north", "fred", 1234, 0);
        assert_eq!(c.username, "1234:fred");
        assert_eq!(c.password, "AeY1kpCO+jYZ1i9ijYZ0gZ1y43E=");
    }

    #[test]
    fn users_and_lifetimes_are_checked() {
        assert_eq!(
            check_request("alice@contoso.com", 60).unwrap(),
            "sip:alice@contoso.com"
        );
        assert!(check_request("sip:alice", 60).is_err());
        assert!(check_request("sip:a b@contoso.com", 60).is_err());
        assert!(check_request("sip:alice@contoso.com", 0).is_err());
        assert!(check_request("sip:alice@contoso.com", MAX_TTL_SECONDS + 1).is_err());
    }
}
