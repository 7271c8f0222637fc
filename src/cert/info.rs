//! What a certificate says, read once with x509-parser: names, validity, key, usages, hashes.

use ::time::OffsetDateTime;
use serde::{Deserialize, Serialize};
use x509_parser::prelude::*;

/// The facts of a certificate an administrator looks at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CertInfo {
    /// Subject distinguished name.
    pub subject: String,
    /// Subject common name, if any.
    pub subject_cn: Option<String>,
    /// DNS subject alternative names (lower-case).
    pub sans: Vec<String>,
    /// Whether the certificate has a subject alternative name extension: then only its DNS
    /// names count and the subject CN is ignored, as every TLS client does (RFC 6125).
    pub has_san_extension: bool,
    /// Issuer distinguished name.
    pub issuer: String,
    /// Serial number, upper-case hex.
    pub serial: String,
    /// Start of validity.
    #[serde(with = "::time::serde::rfc3339")]
    pub not_before: OffsetDateTime,
    /// End of validity.
    #[serde(with = "::time::serde::rfc3339")]
    pub not_after: OffsetDateTime,
    /// `RSA` or `ECDSA P-256` …
    pub key_type: String,
    /// Key size in bits.
    pub key_bits: usize,
    /// SHA-1 of the DER, upper-case hex (the Windows thumbprint).
    pub thumbprint: String,
    /// SHA-256 of the DER, upper-case hex.
    pub sha256: String,
    /// Key usages by name (`digitalSignature`, `keyEncipherment`, …).
    pub key_usages: Vec<String>,
    /// Extended key usages by name (`serverAuth`, `clientAuth`, …).
    pub extended_key_usages: Vec<String>,
    /// Whether the certificate is a CA.
    pub is_ca: bool,
    /// Whether subject and issuer are the same (a root).
    pub self_issued: bool,
    /// Signature algorithm.
    pub signature_algorithm: String,
}

/// Upper-case hex.
pub fn hex_upper(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

/// SHA-1 thumbprint of a DER certificate, upper-case hex.
pub fn thumbprint(der: &[u8]) -> String {
    use sha1::Digest;
    hex_upper(&sha1::Sha1::digest(der))
}

impl CertInfo {
    /// Reads a DER certificate.
    pub fn from_der(der: &[u8]) -> Result<Self, String> {
        let (_, cert) = X509Certificate::from_der(der).map_err(|e| {
            format!(
                "the certificate does not parse: {}",
                super::formats::x509_reason(&e)
            )
        })?;
        let subject_cn = cert
            .subject()
            .iter_common_name()
            .next()
            .and_then(|cn| cn.as_str().ok())
            .map(str::to_lowercase);
        let mut sans = Vec::new();
        let has_san_extension = cert
            .extensions()
            .iter()
            .any(|e| e.oid == x509_parser::oid_registry::OID_X509_EXT_SUBJECT_ALT_NAME);
        if let Ok(Some(ext)) = cert.subject_alternative_name() {
            for name in &ext.value.general_names {
                if let GeneralName::DNSName(dns) = name {
                    sans.push(dns.to_lowercase());
                }
            }
        }
        let spki = cert.public_key();
        let (key_type, key_bits) = match spki.parsed() {
            Ok(x509_parser::public_key::PublicKey::RSA(rsa)) => ("RSA".to_string(), rsa.key_size()),
            Ok(x509_parser::public_key::PublicKey::EC(ec)) => {
                let curve = spki
                    .algorithm
                    .parameters
                    .as_ref()
                    .and_then(|p| p.as_oid().ok())
                    .map(|oid| match oid.to_id_string().as_str() {
                        "1.2.840.10045.3.1.7" => "P-256".to_string(),
                        "1.3.132.0.34" => "P-384".to_string(),
                        "1.3.132.0.35" => "P-521".to_string(),
                        other => other.to_string(),
                    })
                    .unwrap_or_default();
                (format!("ECDSA {curve}"), ec.key_size())
            }
            _ => (spki.algorithm.algorithm.to_id_string(), 0),
        };
        let mut extended_key_usages = Vec::new();
        if let Ok(Some(eku)) = cert.extended_key_usage() {
            let eku = eku.value;
            for (set, name) in [
                (eku.server_auth, "serverAuth"),
                (eku.client_auth, "clientAuth"),
                (eku.code_signing, "codeSigning"),
                (eku.email_protection, "emailProtection"),
                (eku.any, "any"),
            ] {
                if set {
                    extended_key_usages.push(name.to_string());
                }
            }
        }
        let mut key_usages = Vec::new();
        if let Ok(Some(ku)) = cert.key_usage() {
            let ku = ku.value;
            for (set, name) in [
                (ku.digital_signature(), "digitalSignature"),
                (ku.non_repudiation(), "nonRepudiation"),
                (ku.key_encipherment(), "keyEncipherment"),
                (ku.data_encipherment(), "dataEncipherment"),
                (ku.key_agreement(), "keyAgreement"),
                (ku.key_cert_sign(), "keyCertSign"),
                (ku.crl_sign(), "cRLSign"),
            ] {
                if set {
                    key_usages.push(name.to_string());
                }
            }
        }
        let is_ca = cert
            .basic_constraints()
            .ok()
            .flatten()
            .is_some_and(|bc| bc.value.ca);
        let signature_algorithm = match cert.signature_algorithm.algorithm.to_id_string().as_str() {
            "1.2.840.113549.1.1.11" => "sha256RSA".to_string(),
            "1.2.840.113549.1.1.12" => "sha384RSA".to_string(),
            "1.2.840.113549.1.1.13" => "sha512RSA".to_string(),
            "1.2.840.10045.4.3.2" => "sha256ECDSA".to_string(),
            "1.2.840.10045.4.3.3" => "sha384ECDSA".to_string(),
            other => other.to_string(),
        };
        let to_time = |t: ASN1Time| {
            OffsetDateTime::from_unix_timestamp(t.timestamp()).unwrap_or(OffsetDateTime::UNIX_EPOCH)
        };
        use sha2::Digest;
        Ok(CertInfo {
            subject: cert.subject().to_string(),
            subject_cn,
            sans,
            has_san_extension,
            issuer: cert.issuer().to_string(),
            serial: hex_upper(cert.raw_serial()),
            not_before: to_time(cert.validity().not_before),
            not_after: to_time(cert.validity().not_after),
            key_type,
            key_bits,
            thumbprint: thumbprint(der),
            sha256: hex_upper(&sha2::Sha256::digest(der)),
            key_usages,
            extended_key_usages,
            is_ca,
            self_issued: cert.subject() == cert.issuer(),
            signature_algorithm,
        })
    }

    /// Whether a TLS client accepts this certificate for `name`: its DNS SANs when it has a
    /// SAN extension, else its subject CN (wildcards match one left-most label).
    pub fn covers(&self, name: &str) -> bool {
        let cn = if self.has_san_extension {
            None
        } else {
            self.subject_cn.as_ref()
        };
        self.sans.iter().chain(cn).any(|have| {
            have == name
                || have.strip_prefix("*.").is_some_and(|suffix| {
                    name.split_once('.').is_some_and(|(_, rest)| rest == suffix)
                })
        })
    }
}

/// The raw public key bits of a DER certificate (to match it with a private key).
pub fn public_key_bits(der: &[u8]) -> Option<Vec<u8>> {
    let (_, cert) = X509Certificate::from_der(der).ok()?;
    Some(cert.public_key().subject_public_key.data.to_vec())
}
