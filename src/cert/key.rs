//! Key types and signature hashes a request may use.

use std::fmt;
use std::str::FromStr;

use rcgen::{KeyPair, RsaKeySize, SignatureAlgorithm};
use serde::{Deserialize, Serialize};

/// Key algorithm and size of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KeySpec {
    /// RSA 2048 bits (the default).
    #[default]
    Rsa2048,
    /// RSA 3072 bits.
    Rsa3072,
    /// RSA 4096 bits.
    Rsa4096,
    /// ECDSA on P-256.
    P256,
    /// ECDSA on P-384.
    P384,
}

impl KeySpec {
    /// Every choice, in the order offered.
    pub const ALL: [KeySpec; 5] = [
        KeySpec::Rsa2048,
        KeySpec::Rsa3072,
        KeySpec::Rsa4096,
        KeySpec::P256,
        KeySpec::P384,
    ];

    /// The CLI name.
    pub fn as_str(self) -> &'static str {
        match self {
            KeySpec::Rsa2048 => "rsa2048",
            KeySpec::Rsa3072 => "rsa3072",
            KeySpec::Rsa4096 => "rsa4096",
            KeySpec::P256 => "p256",
            KeySpec::P384 => "p384",
        }
    }

    /// Generates a key pair that signs with `hash`.
    pub fn generate(self, hash: SignatureHash) -> Result<KeyPair, rcgen::Error> {
        let size = match self {
            KeySpec::Rsa2048 => RsaKeySize::_2048,
            KeySpec::Rsa3072 => RsaKeySize::_3072,
            KeySpec::Rsa4096 => RsaKeySize::_4096,
            KeySpec::P256 | KeySpec::P384 => {
                return KeyPair::generate_for(self.algorithm(hash));
            }
        };
        KeyPair::generate_rsa_for(self.algorithm(hash), size)
    }

    /// The signature algorithm of this key with `hash` (ECDSA curves fix their own hash).
    pub fn algorithm(self, hash: SignatureHash) -> &'static SignatureAlgorithm {
        match (self, hash) {
            (KeySpec::P256, _) => &rcgen::PKCS_ECDSA_P256_SHA256,
            (KeySpec::P384, _) => &rcgen::PKCS_ECDSA_P384_SHA384,
            (_, SignatureHash::Sha256) => &rcgen::PKCS_RSA_SHA256,
            (_, SignatureHash::Sha384) => &rcgen::PKCS_RSA_SHA384,
            (_, SignatureHash::Sha512) => &rcgen::PKCS_RSA_SHA512,
        }
    }
}

impl fmt::Display for KeySpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for KeySpec {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_ascii_lowercase();
        if let Some(bits) = lower
            .strip_prefix("rsa")
            .and_then(|b| b.parse::<u32>().ok())
            && bits < 2048
        {
            return Err(format!(
                "an RSA key of {bits} bits is refused: keys below 2048 bits can be factored and are not accepted by current clients; use rsa2048 or more"
            ));
        }
        KeySpec::ALL
            .into_iter()
            .find(|k| k.as_str() == lower)
            .ok_or_else(|| {
                format!("unknown key type {s:?}; choose rsa2048, rsa3072, rsa4096, p256 or p384")
            })
    }
}

/// Hash of the request's and certificate's signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SignatureHash {
    /// SHA-256 (the default).
    #[default]
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
}

impl FromStr for SignatureHash {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().replace('-', "").as_str() {
            "sha256" => Ok(SignatureHash::Sha256),
            "sha384" => Ok(SignatureHash::Sha384),
            "sha512" => Ok(SignatureHash::Sha512),
            "sha1" => Err("SHA-1 signatures are refused; use sha256, sha384 or sha512".into()),
            _ => Err(format!(
                "unknown hash {s:?}; choose sha256, sha384 or sha512"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_1024_bit_rsa_with_reason() {
        let error = "rsa1024".parse::<KeySpec>().unwrap_err();
        assert!(error.contains("1024 bits is refused"), "{error}");
        assert_eq!("RSA3072".parse::<KeySpec>().unwrap(), KeySpec::Rsa3072);
        assert!(
            "sha1"
                .parse::<SignatureHash>()
                .unwrap_err()
                .contains("refused")
        );
    }
}
