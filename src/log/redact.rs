//! Secret redaction: every line written to a run log passes through a [`Redactor`].
//!
//! Commands register the secrets they handle (PFX passwords, ACME HMAC keys, credentials in a
//! URL) before they log anything; PEM private-key blocks are always removed, registered or not.

use std::borrow::Cow;
use std::sync::{Arc, RwLock};

/// What a redacted secret is replaced with.
pub const MASK: &str = "********";

/// A shared set of secrets to remove from log lines. Cloning shares the set.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    secrets: Arc<RwLock<Vec<String>>>,
}

impl Redactor {
    /// An empty redactor (PEM private keys are still removed).
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers a secret; from now on it never appears in a line this redactor cleans.
    pub fn register(&self, secret: impl Into<String>) {
        let secret = secret.into();
        if secret.is_empty() {
            return;
        }
        let mut secrets = self.secrets.write().unwrap_or_else(|e| e.into_inner());
        if !secrets.contains(&secret) {
            secrets.push(secret);
            // Longest first, so a secret that contains another is masked whole.
            secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        }
    }

    /// Returns `line` with every registered secret and private-key block masked.
    pub fn clean<'a>(&self, line: &'a str) -> Cow<'a, str> {
        let secrets = self.secrets.read().unwrap_or_else(|e| e.into_inner());
        let mut out = Cow::Borrowed(line);
        for secret in secrets.iter() {
            if out.contains(secret.as_str()) {
                out = Cow::Owned(out.replace(secret.as_str(), MASK));
            }
        }
        if out.contains("PRIVATE KEY-----") {
            out = Cow::Owned(mask_private_key_blocks(&out));
        }
        out
    }
}

/// Replaces every `-----BEGIN … PRIVATE KEY-----` … `-----END … -----` block (or, with no end
/// line, everything after the header) by a masked marker.
fn mask_private_key_blocks(text: &str) -> String {
    const BEGIN: &str = "-----BEGIN ";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(begin) = rest.find(BEGIN) {
        let block = &rest[begin..];
        let header = block[BEGIN.len()..]
            .find("-----")
            .map(|i| BEGIN.len() + i + 5)
            .filter(|&len| block[..len].contains("PRIVATE KEY"));
        let Some(header) = header else {
            out.push_str(&rest[..begin + BEGIN.len()]);
            rest = &rest[begin + BEGIN.len()..];
            continue;
        };
        out.push_str(&rest[..begin]);
        out.push_str("-----BEGIN PRIVATE KEY----- ");
        out.push_str(MASK);
        out.push_str(" -----END PRIVATE KEY-----");
        let body = &block[header..];
        rest = body
            .find("-----END ")
            .map(|e| &body[e + 9..])
            .and_then(|end| end.find("-----").map(|c| &end[c + 5..]))
            .unwrap_or("");
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_registered_secrets_longest_first() {
        let redactor = Redactor::new();
        redactor.register("hunter2");
        redactor.register("hunter22");
        assert_eq!(
            redactor.clean("p=hunter22 q=hunter2"),
            "p=******** q=********"
        );
    }

    #[test]
    fn clones_share_the_secret_set() {
        let redactor = Redactor::new();
        let clone = redactor.clone();
        clone.register("s3cret");
        assert_eq!(redactor.clean("x s3cret"), "x ********");
    }

    #[test]
    fn masks_pem_private_keys_even_unregistered() {
        let redactor = Redactor::new();
        let text =
            "before -----BEGIN RSA PRIVATE KEY-----\nMIIEabc\n-----END RSA PRIVATE KEY----- after";
        let cleaned = redactor.clean(text);
        assert!(!cleaned.contains("MIIEabc"), "{cleaned}");
        assert!(
            cleaned.starts_with("before ") && cleaned.ends_with(" after"),
            "{cleaned}"
        );
        let cert = "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----";
        assert_eq!(redactor.clean(cert), cert);
    }

    #[test]
    fn masks_an_unterminated_private_key_to_the_end() {
        let redactor = Redactor::new();
        let cleaned = redactor.clean("-----BEGIN PRIVATE KEY-----\nMIIEabc");
        assert!(!cleaned.contains("MIIEabc"));
    }
}
