//! Partner applications: servers (an Exchange server, another deployment) whose server-to-server
//! tokens this deployment trusts. Each is kept in the CMS with the metadata document it was
//! added with; `test` fetches the document again and reports every check by name.

use crate::log::Reason;
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;

use crate::cert::info::CertInfo;
use crate::store::{CentralStore, LocalConfigurationStore, StoreError};

const PREFIX: &str = "global/partners/";
/// Largest metadata document accepted.
pub const MAX_DOCUMENT: u64 = 1024 * 1024;

/// How far a partner is trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[value(rename_all = "PascalCase")]
pub enum TrustLevel {
    /// It may act on behalf of any user.
    Full,
    /// It may act only for users who granted it access.
    Partial,
}

/// A partner application as stored in the CMS.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartnerApplication {
    /// Name given by the administrator.
    pub identity: String,
    /// Where its metadata document is.
    pub metadata_url: String,
    /// Trust level.
    pub trust_level: TrustLevel,
    /// Issuer named by the document.
    pub issuer: String,
    /// Thumbprints of its signing certificates when it was added.
    pub certificates: Vec<String>,
    /// When it was added.
    #[serde(with = "time::serde::rfc3339")]
    pub added_at: OffsetDateTime,
    /// The document as fetched.
    pub document: Value,
}

/// What a metadata document says.
#[derive(Debug, Clone)]
pub struct Metadata {
    /// Issuer (realm).
    pub issuer: String,
    /// The document.
    pub document: Value,
    /// Every signing certificate.
    pub certificates: Vec<CertInfo>,
}

impl Metadata {
    /// Certificates valid now.
    pub fn valid_now(&self) -> Vec<&CertInfo> {
        let now = OffsetDateTime::now_utc();
        self.certificates
            .iter()
            .filter(|c| c.not_before <= now && now <= c.not_after)
            .collect()
    }
}

/// Parses a metadata document: a JSON object with an issuer and signing certificates
/// (`keys[].keyvalue.value`, base64 DER) of which at least one is valid now.
pub fn parse_metadata(bytes: &[u8]) -> Result<Metadata, String> {
    let document: Value = serde_json::from_slice(bytes)
        .map_err(|e| format!("the metadata document is not JSON: {e}"))?;
    let issuer = document
        .get("issuer")
        .or_else(|| document.get("realm"))
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .ok_or("the metadata document names no issuer")?
        .to_string();
    let keys = document
        .get("keys")
        .and_then(Value::as_array)
        .ok_or("the metadata document has no keys list")?;
    let mut certificates = Vec::new();
    for (i, key) in keys.iter().enumerate() {
        let value = key
            .pointer("/keyvalue/value")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("key {i} of the metadata document has no keyvalue.value"))?;
        let der = base64::engine::general_purpose::STANDARD
            .decode(value.trim())
            .map_err(|_| format!("key {i} of the metadata document is not base64"))?;
        certificates.push(CertInfo::from_der(&der).map_err(|e| format!("key {i}: {e}"))?);
    }
    if certificates.is_empty() {
        return Err("the metadata document has no certificate (its keys list is empty)".into());
    }
    let metadata = Metadata {
        issuer,
        document,
        certificates,
    };
    if metadata.valid_now().is_empty() {
        let reasons: Vec<String> = metadata
            .certificates
            .iter()
            .map(|c| {
                let date = |t: OffsetDateTime| {
                    t.format(&time::format_description::well_known::Rfc3339)
                        .unwrap_or_default()
                };
                if c.not_after < OffsetDateTime::now_utc() {
                    format!("{} expired on {}", c.thumbprint, date(c.not_after))
                } else {
                    format!(
                        "{} is not valid before {}",
                        c.thumbprint,
                        date(c.not_before)
                    )
                }
            })
            .collect();
        return Err(format!(
            "no certificate of the metadata document is valid now: {}",
            reasons.join("; ")
        ));
    }
    Ok(metadata)
}

/// Checks an identity: 1 to 64 letters, digits, spaces, `.`, `_`, `-`.
pub fn check_identity(identity: &str) -> Result<(), String> {
    let ok = !identity.trim().is_empty()
        && identity.len() <= 64
        && identity
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '.' | '_' | '-'));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{identity:?} is not a usable identity: use 1 to 64 letters, digits, spaces, '.', '_' or '-'"
        ))
    }
}

/// Checks a metadata URL: https with a host.
pub fn check_metadata_url(url: &str) -> Result<(), String> {
    if !url.starts_with("https://") || crate::topology::url_host(url).is_none() {
        return Err(format!(
            "{url} is not an https:// URL; metadata documents are only fetched over HTTPS"
        ));
    }
    Ok(())
}

fn doc_name(identity: &str) -> String {
    format!(
        "{PREFIX}{}.json",
        identity.trim().to_ascii_lowercase().replace(' ', "-")
    )
}

/// Every partner replicated to this server.
pub fn replicated(
    replica: &LocalConfigurationStore,
) -> Result<Vec<PartnerApplication>, StoreError> {
    let names: Vec<String> = replica
        .manifest()
        .documents
        .keys()
        .filter(|n| n.starts_with(PREFIX))
        .cloned()
        .collect();
    let mut partners = Vec::new();
    for name in names {
        let bytes = replica.document(&name)?.expect("listed in the manifest");
        partners.push(
            serde_json::from_slice(&bytes).map_err(|e| StoreError::Corrupt {
                what: name.clone(),
                reason: e.to_string(),
            })?,
        );
    }
    Ok(partners)
}

/// One partner by identity (case-insensitive).
pub fn find(
    replica: &LocalConfigurationStore,
    identity: &str,
) -> Result<Option<PartnerApplication>, StoreError> {
    Ok(replicated(replica)?
        .into_iter()
        .find(|p| p.identity.eq_ignore_ascii_case(identity.trim())))
}

/// Publishes a partner (new or replaced).
pub fn publish(cms: &CentralStore, partner: &PartnerApplication) -> Result<u64, StoreError> {
    let mut json = serde_json::to_vec_pretty(partner).expect("a partner serialises");
    json.push(b'\n');
    Ok(cms
        .publish(&[(&doc_name(&partner.identity), json)])?
        .revision)
}

/// Removes a partner from the CMS; false if there was none.
pub fn remove(cms: &CentralStore, identity: &str) -> Result<Option<u64>, StoreError> {
    let name = doc_name(identity);
    if !cms.manifest()?.documents.contains_key(&name) {
        return Ok(None);
    }
    Ok(Some(cms.publish_changes(&[], &[&name])?.revision))
}

/// One check of `partner test`.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// Its name.
    pub name: &'static str,
    /// Whether it passed.
    pub passed: bool,
    /// What was seen.
    pub detail: String,
    /// The usual cause when it fails.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usual_cause: Option<&'static str>,
    /// A failed check as data (its name, what was seen and its usual cause), for the faces.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<Reason>,
}

/// A check; a failed one names its usual cause in English and as a message id.
fn check(
    name: &'static str,
    passed: bool,
    detail: impl Into<String>,
    (cause, cause_id): (&'static str, &'static str),
) -> Check {
    let detail = detail.into();
    Check {
        name,
        passed,
        usual_cause: (!passed).then_some(cause),
        why: (!passed).then(|| Reason::new(cause_id).with("detail", &detail)),
        detail,
    }
}

const PASSED: (&str, &str) = ("", "");

/// Tests a partner from the fetch result of its metadata URL.
pub fn test(partner: &PartnerApplication, fetched: Result<Vec<u8>, String>) -> Vec<Check> {
    let mut checks = Vec::new();
    let bytes = match fetched {
        Ok(bytes) => {
            checks.push(check(
                "metadata reachable",
                true,
                format!("{} answered", partner.metadata_url),
                PASSED,
            ));
            checks.push(check(
                "TLS chain",
                true,
                "the server's certificate chains to a trusted root",
                PASSED,
            ));
            bytes
        }
        Err(reason) if reason.starts_with("TLS failed") => {
            checks.push(check(
                "metadata reachable",
                true,
                format!("{} answered", partner.metadata_url),
                PASSED,
            ));
            checks.push(check("TLS chain", false, reason, ("the partner's web certificate comes from a CA this server does not trust: import its root with `deploy-wizard cert import ROOT.pem --trust`", "why-partner-tls")));
            return checks;
        }
        Err(reason) => {
            checks.push(check("metadata reachable", false, reason, ("the partner's web services are stopped, the URL is wrong, or a firewall is in the way", "why-partner-unreachable")));
            return checks;
        }
    };
    let metadata = match parse_metadata(&bytes) {
        Ok(metadata) => {
            checks.push(check(
                "metadata document",
                true,
                "a JSON document with an issuer and signing certificates",
                PASSED,
            ));
            metadata
        }
        Err(reason)
            if reason.starts_with("no certificate of the metadata document is valid now") =>
        {
            checks.push(check(
                "metadata document",
                true,
                "a JSON document with an issuer and signing certificates",
                PASSED,
            ));
            checks.push(check("signing certificates", false, reason, ("the partner's OAuthTokenIssuer certificate expired: the partner must roll a new one", "why-partner-expired")));
            return checks;
        }
        Err(reason) => {
            checks.push(check(
                "metadata document",
                false,
                reason,
                (
                    "the URL does not point at a metadata document (…/metadata/json/1)",
                    "why-partner-not-metadata",
                ),
            ));
            return checks;
        }
    };
    checks.push(check(
        "issuer",
        metadata.issuer == partner.issuer,
        format!(
            "the document names {} (added as {})",
            metadata.issuer, partner.issuer
        ),
        (
            "the partner changed its realm (default SIP domain): remove the partner and add it again",
            "why-partner-issuer",
        ),
    ));
    let valid: Vec<String> = metadata
        .valid_now()
        .iter()
        .map(|c| format!("{} (until {})", c.thumbprint, c.not_after.date()))
        .collect();
    checks.push(check(
        "signing certificates",
        true,
        format!("valid now: {}", valid.join(", ")),
        PASSED,
    ));
    let now: Vec<&str> = metadata
        .certificates
        .iter()
        .map(|c| c.thumbprint.as_str())
        .collect();
    let new: Vec<&str> = now
        .iter()
        .copied()
        .filter(|t| !partner.certificates.iter().any(|s| s == t))
        .collect();
    let gone: Vec<&str> = partner
        .certificates
        .iter()
        .map(String::as_str)
        .filter(|t| !now.contains(t))
        .collect();
    let detail = if new.is_empty() && gone.is_empty() {
        "unchanged since the partner was added".to_string()
    } else {
        format!(
            "new since the partner was added: {}; no longer published: {}",
            if new.is_empty() {
                "none".into()
            } else {
                new.join(", ")
            },
            if gone.is_empty() {
                "none".into()
            } else {
                gone.join(", ")
            }
        )
    };
    checks.push(check("keys", true, detail, PASSED));
    checks
}
