//! Encryption of a CMS export's protected objects (the lab CA's key, the OAuthTokenIssuer PFX
//! and the key that decrypts it): an export travels on USB sticks and file shares, so those
//! objects are sealed with AES-256-GCM under a key derived from an export password with
//! PBKDF2-HMAC-SHA256 (600,000 iterations, a random 16-byte salt per export). Each object's
//! SHA-256 is its associated data, so a sealed object cannot be swapped for another. The whole
//! export — manifest, every object, every entry's name — is authenticated with HMAC-SHA256 under a
//! second key derived from the same password material, so nothing in it can be changed, added,
//! removed or renamed without the password.

use std::num::NonZeroU32;

use aws_lc_rs::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use aws_lc_rs::{hmac, pbkdf2};
use base64::Engine;
use serde::{Deserialize, Serialize};

/// PBKDF2 iterations (OWASP's 2023 figure for PBKDF2-HMAC-SHA256).
pub const ITERATIONS: u32 = 600_000;
/// Shortest export password accepted.
pub const MIN_PASSWORD: usize = 8;
/// Longest export password accepted.
pub const MAX_PASSWORD: usize = 1024;
const CHECK: &[u8] = b"deploy-wizard export password check";

/// An export password; its `Debug` form never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct ExportPassword(String);

impl std::fmt::Debug for ExportPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ExportPassword(…)")
    }
}

/// Why an export password is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordProblem {
    /// Shorter than [`MIN_PASSWORD`] characters.
    TooShort,
    /// Longer than [`MAX_PASSWORD`] characters.
    TooLong,
}

impl ExportPassword {
    /// Checks a password's length.
    pub fn new(password: String) -> Result<Self, PasswordProblem> {
        match password.chars().count() {
            n if n < MIN_PASSWORD => Err(PasswordProblem::TooShort),
            n if n > MAX_PASSWORD => Err(PasswordProblem::TooLong),
            _ => Ok(ExportPassword(password)),
        }
    }

    /// The password itself (written only to owner-only files).
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

/// `sealed.json` in an export: how the key is derived, and a sealed check value that tells a
/// wrong password from a damaged object.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SealHeader {
    /// Always `PBKDF2-HMAC-SHA256`.
    pub kdf: String,
    /// PBKDF2 iterations.
    pub iterations: u32,
    /// Salt, base64.
    pub salt: String,
    /// Always `AES-256-GCM`.
    pub cipher: String,
    /// A known value sealed with the key, base64.
    pub check: String,
}

/// Keys derived from an export password: one seals the protected objects, the other
/// authenticates the whole export.
pub struct SealKey {
    seal: LessSafeKey,
    mac: hmac::Key,
}

/// What the authentication key is derived for (HMAC-SHA256 of the password material under it).
const MAC_LABEL: &[u8] = b"deploy-wizard export authentication v1";

fn b64() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::STANDARD
}

fn derive(password: &ExportPassword, salt: &[u8], iterations: u32) -> SealKey {
    let mut key = [0u8; 32];
    pbkdf2::derive(
        pbkdf2::PBKDF2_HMAC_SHA256,
        NonZeroU32::new(iterations).expect("iterations are checked non-zero"),
        salt,
        password.0.as_bytes(),
        &mut key,
    );
    let mac_key = hmac::sign(&hmac::Key::new(hmac::HMAC_SHA256, &key), MAC_LABEL);
    SealKey {
        seal: LessSafeKey::new(UnboundKey::new(&AES_256_GCM, &key).expect("a 32-byte key")),
        mac: hmac::Key::new(hmac::HMAC_SHA256, mac_key.as_ref()),
    }
}

impl SealKey {
    /// A new key with a fresh salt, and the header that lets an importer derive it again.
    pub fn create(password: &ExportPassword) -> (SealKey, SealHeader) {
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt).expect("the operating system's random source is available");
        let key = derive(password, &salt, ITERATIONS);
        let check = key.seal("check", CHECK);
        let header = SealHeader {
            kdf: "PBKDF2-HMAC-SHA256".into(),
            iterations: ITERATIONS,
            salt: b64().encode(salt),
            cipher: "AES-256-GCM".into(),
            check: b64().encode(check),
        };
        (key, header)
    }

    /// Derives the key of `header` from `password`; `None` when the password is wrong.
    pub fn open_header(
        password: &ExportPassword,
        header: &SealHeader,
    ) -> Result<Option<SealKey>, String> {
        if header.kdf != "PBKDF2-HMAC-SHA256" || header.cipher != "AES-256-GCM" {
            return Err(format!(
                "it is sealed with {} / {}, which this wizard does not read",
                header.kdf, header.cipher
            ));
        }
        if !(1_000..=10_000_000).contains(&header.iterations) {
            return Err(format!(
                "its key derivation asks for {} iterations",
                header.iterations
            ));
        }
        let salt = b64()
            .decode(&header.salt)
            .map_err(|_| "its salt is not base64".to_string())?;
        let check = b64()
            .decode(&header.check)
            .map_err(|_| "its check value is not base64".to_string())?;
        let key = derive(password, &salt, header.iterations);
        Ok((key.open("check", &check).as_deref() == Some(CHECK)).then_some(key))
    }

    /// The authentication tag of `message` (base64).
    pub fn authenticate(&self, message: &[u8]) -> String {
        b64().encode(hmac::sign(&self.mac, message))
    }

    /// Whether `tag` (base64) authenticates `message` under this key (compared in constant
    /// time).
    pub fn verify(&self, message: &[u8], tag: &str) -> bool {
        b64()
            .decode(tag)
            .is_ok_and(|tag| hmac::verify(&self.mac, message, &tag).is_ok())
    }

    /// `nonce ‖ ciphertext ‖ tag`, bound to `label` (an object's SHA-256).
    pub fn seal(&self, label: &str, plain: &[u8]) -> Vec<u8> {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).expect("the operating system's random source is available");
        let mut in_out = plain.to_vec();
        self.seal
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(label.as_bytes()),
                &mut in_out,
            )
            .expect("sealing a buffer in memory succeeds");
        let mut out = nonce.to_vec();
        out.extend(in_out);
        out
    }

    /// The plain bytes of `sealed`, or `None` when it was not sealed by this key for `label`.
    pub fn open(&self, label: &str, sealed: &[u8]) -> Option<Vec<u8>> {
        if sealed.len() < NONCE_LEN {
            return None;
        }
        let (nonce, body) = sealed.split_at(NONCE_LEN);
        let mut in_out = body.to_vec();
        let plain = self
            .seal
            .open_in_place(
                Nonce::try_assume_unique_for_key(nonce).ok()?,
                Aad::from(label.as_bytes()),
                &mut in_out,
            )
            .ok()?;
        Some(plain.to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_right_password_opens_and_a_wrong_one_does_not() {
        let password = ExportPassword::new("correct horse".into()).unwrap();
        let (key, header) = SealKey::create(&password);
        let sealed = key.seal("abc", b"the lab CA key");
        assert!(!sealed.windows(6).any(|w| w == b"lab CA"), "no plain text");
        let again = SealKey::open_header(&password, &header).unwrap().unwrap();
        assert_eq!(again.open("abc", &sealed).unwrap(), b"the lab CA key");
        assert!(again.open("other", &sealed).is_none(), "bound to its label");
        let wrong = ExportPassword::new("wrong horse".into()).unwrap();
        assert!(SealKey::open_header(&wrong, &header).unwrap().is_none());
        assert_eq!(
            ExportPassword::new("short".into()),
            Err(PasswordProblem::TooShort)
        );
    }
}
