//! The checks a certificate must pass before it is assigned to a usage. Each failure is
//! reported by name so the administrator knows which one to fix.

use rustls_pki_types::{CertificateDer, UnixTime};
use serde::Serialize;
use time::OffsetDateTime;

use super::info::{CertInfo, public_key_bits};
use super::store::{CertStore, StoredCert};
use super::usage::{RequiredNames, Usage};

/// One failed check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckFailure {
    /// Name of the check: `trusted chain`, `private key`, `validity`, `server authentication`,
    /// `names`, `key strength`, `subject`.
    pub check: &'static str,
    /// What is wrong.
    pub reason: String,
}

fn fail(check: &'static str, reason: impl Into<String>) -> CheckFailure {
    CheckFailure {
        check,
        reason: reason.into(),
    }
}

pub use crate::https::system_roots;

fn date(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// Whether the chain of `leaf` (with `intermediates`) reaches one of `roots`; checked at a time
/// inside the certificate's validity so that expiry is reported by the validity check alone.
pub fn chain_reason(
    leaf: &[u8],
    intermediates: &[Vec<u8>],
    roots: &[Vec<u8>],
    info: &CertInfo,
) -> Option<String> {
    let anchors: Vec<_> = roots
        .iter()
        .chain(system_roots())
        .filter_map(|der| {
            webpki::anchor_from_trusted_cert(&CertificateDer::from(der.as_slice()))
                .ok()
                .map(|a| a.to_owned())
        })
        .collect();
    let end_entity_der = CertificateDer::from(leaf);
    let end_entity = match webpki::EndEntityCert::try_from(&end_entity_der) {
        Ok(cert) => cert,
        Err(error) => return Some(unusable_reason(&error)),
    };
    let intermediates: Vec<CertificateDer<'_>> = intermediates
        .iter()
        .map(|d| CertificateDer::from(d.as_slice()))
        .collect();
    let now = OffsetDateTime::now_utc().clamp(info.not_before, info.not_after);
    let time = UnixTime::since_unix_epoch(std::time::Duration::from_secs(
        now.unix_timestamp().max(0) as u64,
    ));
    match end_entity.verify_for_usage(
        webpki::ALL_VERIFICATION_ALGS,
        &anchors,
        &intermediates,
        time,
        webpki::KeyUsage::server_auth(),
        None,
        None,
    ) {
        Ok(_) => None,
        // A certificate not meant for servers: the "server authentication" check names that.
        Err(webpki::Error::RequiredEkuNotFoundContext(_)) => None,
        Err(webpki::Error::UnknownIssuer) if !info.self_issued && intermediates.is_empty() => {
            Some(format!(
                "issued by {}, whose certificate is neither in the store nor a trusted root: if it is an intermediate CA, import the certificate with its whole chain (a .p7b file, or a PEM file holding the intermediates); if it is a root CA, import it and trust it (cert import FILE --trust)",
                info.issuer
            ))
        }
        Err(webpki::Error::UnknownIssuer) => Some(format!(
            "issued by {} which does not chain to a trusted root (the lab CA from the CMS, the system roots, or an imported root); import and trust the root that issued the chain",
            info.issuer
        )),
        Err(error) => Some(unusable_reason(&error)),
    }
}

/// A verification error in words an administrator can act on.
fn unusable_reason(error: &webpki::Error) -> String {
    match error {
        webpki::Error::UnsupportedCertVersion => "the certificate is an X.509 version 1 certificate, which carries no extensions (no alternative names, no key usage); servers need version 3: reissue it from a CA".into(),
        webpki::Error::InvalidSignatureForPublicKey => "a signature in the chain does not match its issuer's key: the chain was assembled from the wrong certificates; import the chain the CA delivered".into(),
        webpki::Error::UnsupportedSignatureAlgorithmContext(_)
        | webpki::Error::UnsupportedSignatureAlgorithmForPublicKeyContext(_) => "a certificate of the chain is signed with an algorithm TLS clients refuse (such as SHA-1 or MD5): reissue it with SHA-256 or stronger".into(),
        webpki::Error::CaUsedAsEndEntity => "this is a CA certificate, not a server certificate: assign the certificate the CA issued for this server".into(),
        webpki::Error::BadDer | webpki::Error::BadDerTime => "the certificate's encoding is damaged: import it again from the CA's original file".into(),
        webpki::Error::MaximumPathDepthExceeded | webpki::Error::MaximumPathBuildCallsExceeded => "the chain is longer than TLS clients accept: import the chain the CA delivered".into(),
        webpki::Error::PathLenConstraintViolated | webpki::Error::NameConstraintViolation => "an issuing CA of the chain is not allowed to issue this certificate (its path-length or name constraints forbid it): request it from a CA allowed to issue these names".into(),
        other => format!("the chain does not verify ({other}): import the chain the CA delivered"),
    }
}

/// Runs every check of `usage` on a stored certificate; an empty list means it may be assigned.
pub fn check_for_usage(
    store: &CertStore,
    cert: &StoredCert,
    usage: Usage,
    names: &RequiredNames,
    default_sip_domain: &str,
    lab_roots: &[Vec<u8>],
) -> Vec<CheckFailure> {
    let mut failures = Vec::new();
    let info = &cert.info;
    let leaf = store.leaf(&cert.thumbprint).unwrap_or_default();
    let chain = store.chain(&cert.thumbprint).unwrap_or_default();
    if let Some(reason) = chain_reason(&leaf, &chain, lab_roots, info) {
        failures.push(fail("trusted chain", reason));
    }
    match store.key(&cert.thumbprint) {
        Ok(Some(key)) => {
            let matches = rcgen::KeyPair::try_from(key.as_slice()).ok().is_some_and(|pair| {
                use rcgen::PublicKeyData;
                public_key_bits(&leaf).as_deref() == Some(pair.der_bytes())
            });
            if !matches {
                failures.push(fail("private key", "the stored private key does not match the certificate"));
            }
        }
        _ => failures.push(fail(
            "private key",
            "no private key for this certificate is in the store; import it with its key (a PFX file) or complete its pending request",
        )),
    }
    let now = OffsetDateTime::now_utc();
    if now > info.not_after {
        failures.push(fail(
            "validity",
            format!("expired on {}", date(info.not_after)),
        ));
    } else if now < info.not_before {
        failures.push(fail(
            "validity",
            format!("not valid before {}", date(info.not_before)),
        ));
    }
    if !info.extended_key_usages.iter().any(|e| e == "serverAuth") {
        failures.push(fail(
            "server authentication",
            "the certificate does not carry the serverAuth extended key usage",
        ));
    }
    if usage == Usage::OAuthTokenIssuer {
        if !info.key_type.starts_with("RSA") {
            failures.push(fail(
                "key strength",
                format!(
                    "OAuthTokenIssuer needs an RSA key; this one is {}",
                    info.key_type
                ),
            ));
        } else if info.key_bits < 2048 {
            failures.push(fail(
                "key strength",
                format!(
                    "the key has {} bits; OAuthTokenIssuer needs at least 2048",
                    info.key_bits
                ),
            ));
        }
        // The SIP domain itself, as the subject CN or a SAN; a host under it is not enough.
        let subject_ok = info.subject_cn.as_deref() == Some(default_sip_domain)
            || info.sans.iter().any(|n| n == default_sip_domain);
        if !subject_ok {
            failures.push(fail(
                "subject",
                format!(
                    "the subject ({}) is not the default SIP domain {default_sip_domain}, which must be its subject name or one of its alternative names; request it with --type OAuthTokenIssuer",
                    info.subject
                ),
            ));
        }
    } else {
        let missing: Vec<&str> = names
            .sans
            .iter()
            .filter(|n| !info.covers(n))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            failures.push(fail(
                "names",
                format!("missing required name(s): {}", missing.join(", ")),
            ));
        }
    }
    failures
}
