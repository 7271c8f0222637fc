//! The checks a certificate must pass before it is assigned to a usage. Each failure is
//! reported by name so the administrator knows which one to fix.

use rustls_pki_types::{CertificateDer, UnixTime};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::info::{CertInfo, public_key_bits};
use super::store::{CertStore, StoredCert};
use super::usage::{RequiredNames, Usage};
use crate::log::Reason;

/// The checks a certificate must pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Check {
    /// It chains to a trusted root.
    #[serde(rename = "trusted chain")]
    TrustedChain,
    /// Its private key is in the store and matches.
    #[serde(rename = "private key")]
    PrivateKey,
    /// It is valid now.
    #[serde(rename = "validity")]
    Validity,
    /// It carries serverAuth.
    #[serde(rename = "server authentication")]
    ServerAuthentication,
    /// OAuthTokenIssuer: RSA, at least 2048 bits.
    #[serde(rename = "key strength")]
    KeyStrength,
    /// OAuthTokenIssuer: the default SIP domain.
    #[serde(rename = "subject")]
    Subject,
    /// It covers every name of its usage.
    #[serde(rename = "names")]
    Names,
    /// A global usage's key can be exported.
    #[serde(rename = "exportable key")]
    ExportableKey,
}

impl Check {
    /// The name used in English text and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Check::TrustedChain => "trusted chain",
            Check::PrivateKey => "private key",
            Check::Validity => "validity",
            Check::ServerAuthentication => "server authentication",
            Check::KeyStrength => "key strength",
            Check::Subject => "subject",
            Check::Names => "names",
            Check::ExportableKey => "exportable key",
        }
    }
}

impl std::fmt::Display for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One failed check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckFailure {
    /// Which check.
    pub check: Check,
    /// What is wrong, in English (logs, JSON).
    pub reason: String,
    /// The same as data, for the faces to word (it names the check too).
    pub why: Reason,
}

impl CheckFailure {
    /// A failed check with its English reason and its reason as data.
    pub fn new(check: Check, reason: impl Into<String>, why: Reason) -> Self {
        CheckFailure {
            check,
            reason: reason.into(),
            why,
        }
    }
}

fn fail(check: Check, (reason, why): (String, Reason)) -> CheckFailure {
    CheckFailure::new(check, reason, why)
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
) -> Option<(String, Reason)> {
    chain_reason_anchored(leaf, intermediates, &Anchors::new(roots), info)
}

/// The trust anchors a chain is verified against: `roots` (the lab CAs', imported ones) and
/// the system's. Parsed once for a whole listing; the system's (about 150, read from disk) only
/// when a chain does not verify against the deployment's own roots, which is enough for the
/// lab's and most deployments' certificates (a window's first status needs no system root).
pub struct Anchors {
    roots: Vec<Vec<u8>>,
    own: Vec<rustls::pki_types::TrustAnchor<'static>>,
    all: std::sync::OnceLock<Vec<rustls::pki_types::TrustAnchor<'static>>>,
    fingerprint: std::sync::OnceLock<String>,
    own_fingerprint: std::sync::OnceLock<String>,
}

fn parse_anchors<'a>(
    ders: impl Iterator<Item = &'a Vec<u8>>,
) -> Vec<rustls::pki_types::TrustAnchor<'static>> {
    ders.filter_map(|der| {
        webpki::anchor_from_trusted_cert(&CertificateDer::from(der.as_slice()))
            .ok()
            .map(|a| a.to_owned())
    })
    .collect()
}

impl Anchors {
    /// The anchors of `roots` and of the system's roots.
    pub fn new(roots: &[Vec<u8>]) -> Anchors {
        Anchors {
            roots: roots.to_vec(),
            own: parse_anchors(roots.iter()),
            all: std::sync::OnceLock::new(),
            fingerprint: std::sync::OnceLock::new(),
            own_fingerprint: std::sync::OnceLock::new(),
        }
    }

    /// The deployment's roots and the system's.
    fn all(&self) -> &[rustls::pki_types::TrustAnchor<'static>] {
        self.all
            .get_or_init(|| parse_anchors(self.roots.iter().chain(system_roots())))
    }

    /// What identifies this set of anchors (a SHA-256 over every root's DER, the system's
    /// included): a chain verdict kept for one set holds for it only.
    pub fn fingerprint(&self) -> &str {
        self.fingerprint
            .get_or_init(|| fingerprint_of(self.roots.iter().chain(system_roots())))
    }

    /// What identifies the deployment's own roots (`own:` and a SHA-256 over their DER): a
    /// chain that verified against them alone verifies for any set that holds them, whatever
    /// the system's roots are (which this does not read).
    pub fn own_fingerprint(&self) -> &str {
        self.own_fingerprint
            .get_or_init(|| format!("own:{}", fingerprint_of(self.roots.iter())))
    }
}

fn fingerprint_of<'a>(ders: impl Iterator<Item = &'a Vec<u8>>) -> String {
    use sha2::Digest;
    let mut digest = sha2::Sha256::new();
    for der in ders {
        digest.update((der.len() as u64).to_le_bytes());
        digest.update(der);
    }
    super::info::hex_upper(&digest.finalize())
}

/// [`chain_reason`] against anchors parsed beforehand.
pub fn chain_reason_anchored(
    leaf: &[u8],
    intermediates: &[Vec<u8>],
    anchors: &Anchors,
    info: &CertInfo,
) -> Option<(String, Reason)> {
    chain_verdict(leaf, intermediates, anchors, info).0
}

/// As [`chain_reason_anchored`], and whether the deployment's own roots sufficed (then the
/// verdict, a success, holds while they are among the anchors: see
/// [`Anchors::own_fingerprint`]).
pub fn chain_verdict(
    leaf: &[u8],
    intermediates: &[Vec<u8>],
    anchors: &Anchors,
    info: &CertInfo,
) -> (Option<(String, Reason)>, bool) {
    let end_entity_der = CertificateDer::from(leaf);
    let end_entity = match webpki::EndEntityCert::try_from(&end_entity_der) {
        Ok(cert) => cert,
        Err(error) => return (Some(unusable_reason(&error)), false),
    };
    let intermediates: Vec<CertificateDer<'_>> = intermediates
        .iter()
        .map(|d| CertificateDer::from(d.as_slice()))
        .collect();
    let now = OffsetDateTime::now_utc().clamp(info.not_before, info.not_after);
    let time = UnixTime::since_unix_epoch(std::time::Duration::from_secs(
        now.unix_timestamp().max(0) as u64,
    ));
    let verify = |anchors: &[rustls::pki_types::TrustAnchor<'static>]| {
        end_entity
            .verify_for_usage(
                webpki::ALL_VERIFICATION_ALGS,
                anchors,
                &intermediates,
                time,
                webpki::KeyUsage::server_auth(),
                None,
                None,
            )
            .map(|_| ())
    };
    // A chain that verifies against the deployment's own roots verifies against more; any
    // other outcome is the one against every root, the system's included.
    let (verdict, by_own) = match verify(&anchors.own) {
        Ok(()) | Err(webpki::Error::RequiredEkuNotFoundContext(_)) => (Ok(()), true),
        Err(_) => (verify(anchors.all()), false),
    };
    let reason = match verdict {
        Ok(()) => None,
        // A certificate not meant for servers: the "server authentication" check names that.
        Err(webpki::Error::RequiredEkuNotFoundContext(_)) => None,
        Err(webpki::Error::UnknownIssuer) if !info.self_issued && intermediates.is_empty() => {
            Some((
                format!(
                    "issued by {}, whose certificate is neither in the store nor a trusted root: if it is an intermediate CA, import the certificate with its whole chain (a .p7b file, or a PEM file holding the intermediates); if it is a root CA, import it and trust it (cert import FILE --trust)",
                    info.issuer
                ),
                Reason::new("why-chain-missing-issuer").with("issuer", &info.issuer),
            ))
        }
        Err(webpki::Error::UnknownIssuer) => Some((
            format!(
                "issued by {} which does not chain to a trusted root (the lab CA from the CMS, the system roots, or an imported root); import and trust the root that issued the chain",
                info.issuer
            ),
            Reason::new("why-chain-untrusted").with("issuer", &info.issuer),
        )),
        Err(error) => Some(unusable_reason(&error)),
    };
    (reason, by_own)
}

/// A verification error in words an administrator can act on.
fn unusable_reason(error: &webpki::Error) -> (String, Reason) {
    let id = match error {
        webpki::Error::UnsupportedCertVersion => "why-chain-v1",
        webpki::Error::InvalidSignatureForPublicKey => "why-chain-signature",
        webpki::Error::UnsupportedSignatureAlgorithmContext(_)
        | webpki::Error::UnsupportedSignatureAlgorithmForPublicKeyContext(_) => {
            "why-chain-algorithm"
        }
        webpki::Error::CaUsedAsEndEntity => "why-chain-ca",
        webpki::Error::BadDer | webpki::Error::BadDerTime => "why-chain-der",
        webpki::Error::MaximumPathDepthExceeded | webpki::Error::MaximumPathBuildCallsExceeded => {
            "why-chain-long"
        }
        webpki::Error::PathLenConstraintViolated | webpki::Error::NameConstraintViolation => {
            "why-chain-constraints"
        }
        _ => "why-chain-other",
    };
    let english = match error {
        webpki::Error::UnsupportedCertVersion => "the certificate is an X.509 version 1 certificate, which carries no extensions (no alternative names, no key usage); servers need version 3: reissue it from a CA".into(),
        webpki::Error::InvalidSignatureForPublicKey => "a signature in the chain does not match its issuer's key: the chain was assembled from the wrong certificates; import the chain the CA delivered".into(),
        webpki::Error::UnsupportedSignatureAlgorithmContext(_)
        | webpki::Error::UnsupportedSignatureAlgorithmForPublicKeyContext(_) => "a certificate of the chain is signed with an algorithm TLS clients refuse (such as SHA-1 or MD5): reissue it with SHA-256 or stronger".into(),
        webpki::Error::CaUsedAsEndEntity => "this is a CA certificate, not a server certificate: assign the certificate the CA issued for this server".into(),
        webpki::Error::BadDer | webpki::Error::BadDerTime => "the certificate's encoding is damaged: import it again from the CA's original file".into(),
        webpki::Error::MaximumPathDepthExceeded | webpki::Error::MaximumPathBuildCallsExceeded => "the chain is longer than TLS clients accept: import the chain the CA delivered".into(),
        webpki::Error::PathLenConstraintViolated | webpki::Error::NameConstraintViolation => "an issuing CA of the chain is not allowed to issue this certificate (its path-length or name constraints forbid it): request it from a CA allowed to issue these names".into(),
        other => format!("the chain does not verify ({other}): import the chain the CA delivered"),
    };
    (
        english,
        Reason::new(id).with("detail", format!("{error:?}")),
    )
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
    check_anchored(
        store,
        cert,
        usage,
        names,
        default_sip_domain,
        &Anchors::new(lab_roots),
    )
}

/// [`check_for_usage`] against anchors parsed beforehand (a whole store's candidates).
pub fn check_anchored(
    store: &CertStore,
    cert: &StoredCert,
    usage: Usage,
    names: &RequiredNames,
    default_sip_domain: &str,
    anchors: &Anchors,
) -> Vec<CheckFailure> {
    let leaf = store.leaf(&cert.thumbprint).unwrap_or_default();
    let chain = store.chain(&cert.thumbprint).unwrap_or_default();
    let verdicts = CostlyVerdicts {
        chain: chain_reason_anchored(&leaf, &chain, anchors, &cert.info),
        key: key_verdict(store, &cert.thumbprint, &leaf),
    };
    check_with(cert, &verdicts, usage, names, default_sip_domain)
}

/// The verdicts of the checks that read files and verify signatures, the same for every
/// usage: whether the chain verifies to a trusted root, whether the stored key matches. `None`
/// is a pass; a failure keeps its English text and its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostlyVerdicts {
    /// The chain.
    pub chain: Option<(String, Reason)>,
    /// The private key.
    pub key: Option<(String, Reason)>,
}

/// Whether the stored private key of `thumb` matches its certificate `leaf` (`None`: it does).
pub fn key_verdict(store: &CertStore, thumb: &str, leaf: &[u8]) -> Option<(String, Reason)> {
    match store.key(thumb) {
        // Checked when it was stored, and its file is unchanged.
        Ok(Some(_)) if store.key_known_to_match(thumb) => None,
        Ok(Some(key)) => {
            let matches = rcgen::KeyPair::try_from(key.as_slice()).ok().is_some_and(|pair| {
                use rcgen::PublicKeyData;
                public_key_bits(leaf).as_deref() == Some(pair.der_bytes())
            });
            (!matches).then(|| {
                (
                    "the stored private key does not match the certificate".into(),
                    Reason::new("why-key-mismatch"),
                )
            })
        }
        _ => Some((
            "no private key for this certificate is in the store; import it with its key (a PFX file) or complete its pending request".into(),
            Reason::new("why-key-missing"),
        )),
    }
}

/// Every check of `usage` on `cert`, the chain and key ones from `verdicts` (computed once
/// for all usages, or kept by the store's index); an empty list means it may be assigned.
pub fn check_with(
    cert: &StoredCert,
    verdicts: &CostlyVerdicts,
    usage: Usage,
    names: &RequiredNames,
    default_sip_domain: &str,
) -> Vec<CheckFailure> {
    let mut failures = Vec::new();
    let info = &cert.info;
    if let Some(reason) = verdicts.chain.clone() {
        failures.push(fail(Check::TrustedChain, reason));
    }
    if let Some(reason) = verdicts.key.clone() {
        failures.push(fail(Check::PrivateKey, reason));
    }
    let now = OffsetDateTime::now_utc();
    if now > info.not_after {
        failures.push(fail(
            Check::Validity,
            (
                format!("expired on {}", date(info.not_after)),
                Reason::new("why-expired").with("date", date(info.not_after)),
            ),
        ));
    } else if now < info.not_before {
        failures.push(fail(
            Check::Validity,
            (
                format!("not valid before {}", date(info.not_before)),
                Reason::new("why-not-yet-valid").with("date", date(info.not_before)),
            ),
        ));
    }
    if !info.extended_key_usages.iter().any(|e| e == "serverAuth") {
        failures.push(fail(
            Check::ServerAuthentication,
            (
                "the certificate does not carry the serverAuth extended key usage".into(),
                Reason::new("why-no-server-auth"),
            ),
        ));
    }
    if usage == Usage::OAuthTokenIssuer {
        if !info.key_type.starts_with("RSA") {
            failures.push(fail(
                Check::KeyStrength,
                (
                    format!(
                        "OAuthTokenIssuer needs an RSA key; this one is {}",
                        info.key_type
                    ),
                    Reason::new("why-oauth-not-rsa").with("kind", &info.key_type),
                ),
            ));
        } else if info.key_bits < 2048 {
            failures.push(fail(
                Check::KeyStrength,
                (
                    format!(
                        "the key has {} bits; OAuthTokenIssuer needs at least 2048",
                        info.key_bits
                    ),
                    Reason::new("why-oauth-weak").with("bits", info.key_bits),
                ),
            ));
        }
        // The SIP domain itself, as the subject CN or a SAN; a host under it is not enough.
        let subject_ok = info.subject_cn.as_deref() == Some(default_sip_domain)
            || info.sans.iter().any(|n| n == default_sip_domain);
        if !subject_ok {
            failures.push(fail(
                Check::Subject,
                (
                    format!(
                        "the subject ({}) is not the default SIP domain {default_sip_domain}, which must be its subject name or one of its alternative names; request it with --type OAuthTokenIssuer",
                        info.subject
                    ),
                    Reason::new("why-oauth-subject")
                        .with("subject", &info.subject)
                        .with("domain", default_sip_domain),
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
                Check::Names,
                (
                    format!("missing required name(s): {}", missing.join(", ")),
                    Reason::new("why-names-missing")
                        .with("names", missing.join(", "))
                        .with("count", missing.len()),
                ),
            ));
        }
    }
    failures
}
