//! The lab certification authority: a root kept in the central management store, replicated
//! to every server by step 1, trusted by every check, and issuing at once.
//!
//! CMS documents of a CA named N (slug `s`): `ca/s/ca.json` (name, validity), `ca/s/certificate.pem`
//! (the root, public) and `protected/ca/s/key.pem` (its key, owner-only everywhere).

use rcgen::{
    BasicConstraints, CertificateParams, CertificateSigningRequestParams, DnType,
    ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair, KeyUsagePurpose, SerialNumber,
};
use rustls_pki_types::CertificateSigningRequestDer;
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use super::CertError;
use super::info::CertInfo;
use super::key::{KeySpec, SignatureHash};
use crate::store::{CentralStore, LocalConfigurationStore};

/// Default name of the lab CA that `cms init --lab` creates.
pub const DEFAULT_LAB_CA: &str = "Lab CA";
/// Default validity of issued certificates, in days.
pub const DEFAULT_VALIDITY_DAYS: u32 = 365;

/// Settings of a lab CA, published as `ca/<slug>/ca.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabCaSettings {
    /// Display name.
    pub name: String,
    /// Validity of the certificates it issues, in days.
    pub validity_days: u32,
    /// A validity in seconds instead (a lab that tests renewal: certificates due within
    /// minutes); it wins over `validity_days`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validity_seconds: Option<u32>,
    /// When it was created.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// A CA detected in the environment (from the replica).
#[derive(Debug, Clone, Serialize)]
pub struct DetectedCa {
    /// Display name (what `--ca` takes).
    pub name: String,
    /// `lab`.
    pub kind: &'static str,
    /// Validity of issued certificates.
    pub validity_days: u32,
    /// Or, for a lab that tests renewal, in seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validity_seconds: Option<u32>,
    /// The root certificate.
    pub root: CertInfo,
    /// Whether this server can issue with it (its key was replicated).
    pub can_issue: bool,
}

fn slug(name: &str) -> String {
    name.trim().to_ascii_lowercase().replace(' ', "-")
}

fn paths(name: &str) -> (String, String, String) {
    let s = slug(name);
    (
        format!("ca/{s}/ca.json"),
        format!("ca/{s}/certificate.pem"),
        format!("protected/ca/{s}/key.pem"),
    )
}

/// Checks a CA name: 1 to 64 letters, digits, spaces, `.`, `_`, `-`.
pub fn check_name(name: &str) -> Result<(), CertError> {
    let ok = !name.trim().is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '.' | '_' | '-'));
    if ok {
        Ok(())
    } else {
        Err(CertError::BadInput(format!(
            "{name:?} is not a usable CA name: use 1 to 64 letters, digits, spaces, '.', '_' or '-'"
        )))
    }
}

pub(crate) fn random_serial() -> SerialNumber {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the operating system's random source is available");
    bytes[0] &= 0x7f; // positive
    bytes[0] |= 0x01; // and no leading zero byte to strip
    SerialNumber::from_slice(&bytes)
}

/// Shortest and longest validity in seconds (`--validity-seconds`).
pub const VALIDITY_SECONDS: std::ops::RangeInclusive<u32> = 10..=86_400;

/// The documents that make a new lab CA (to publish into a CMS).
pub fn new_ca_documents(
    name: &str,
    validity_days: u32,
) -> Result<Vec<(String, Vec<u8>)>, CertError> {
    new_ca_documents_with(name, validity_days, None)
}

/// Like [`new_ca_documents`], with certificates valid `validity_seconds` when given.
pub fn new_ca_documents_with(
    name: &str,
    validity_days: u32,
    validity_seconds: Option<u32>,
) -> Result<Vec<(String, Vec<u8>)>, CertError> {
    check_name(name)?;
    if !(1..=3650).contains(&validity_days) {
        return Err(CertError::BadInput(format!(
            "a validity of {validity_days} days is out of range (1 to 3650)"
        )));
    }
    if let Some(seconds) = validity_seconds
        && !VALIDITY_SECONDS.contains(&seconds)
    {
        return Err(CertError::BadInput(format!(
            "a validity of {seconds} seconds is out of range ({} to {})",
            VALIDITY_SECONDS.start(),
            VALIDITY_SECONDS.end()
        )));
    }
    let key = KeySpec::Rsa2048
        .generate(SignatureHash::Sha256)
        .map_err(|e| CertError::Failed(format!("cannot generate the CA key: {e}")))?;
    let now = OffsetDateTime::now_utc();
    let mut params = CertificateParams::new(Vec::<String>::new()).expect("no names to check");
    params
        .distinguished_name
        .push(DnType::CommonName, name.trim());
    params
        .distinguished_name
        .push(DnType::OrganizationName, "deploy-wizard lab");
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    params.not_before = now - Duration::hours(1);
    params.not_after = now + Duration::days(3650);
    params.serial_number = Some(random_serial());
    let root = params
        .self_signed(&key)
        .map_err(|e| CertError::Failed(format!("cannot sign the CA certificate: {e}")))?;
    let settings = LabCaSettings {
        name: name.trim().to_string(),
        validity_days,
        validity_seconds,
        created_at: now,
    };
    let (settings_path, cert_path, key_path) = paths(name);
    let mut settings_json = serde_json::to_vec_pretty(&settings).expect("settings serialise");
    settings_json.push(b'\n');
    Ok(vec![
        (settings_path, settings_json),
        (cert_path, root.pem().into_bytes()),
        (key_path, key.serialize_pem().into_bytes()),
    ])
}

/// Creates a lab CA in a CMS directory; refuses a name already used.
pub fn create_in_cms(
    cms: &CentralStore,
    name: &str,
    validity_days: u32,
    validity_seconds: Option<u32>,
) -> Result<u64, CertError> {
    check_name(name)?;
    let (settings_path, ..) = paths(name);
    if cms.manifest()?.documents.contains_key(&settings_path) {
        return Err(CertError::BadInput(format!(
            "the central management store already has a CA named {name}; choose another name"
        )));
    }
    let documents = new_ca_documents_with(name, validity_days, validity_seconds)?;
    let refs: Vec<(&str, Vec<u8>)> = documents
        .iter()
        .map(|(n, b)| (n.as_str(), b.clone()))
        .collect();
    Ok(cms.publish(&refs)?.revision)
}

/// Every lab CA in the replica.
pub fn detected(replica: &LocalConfigurationStore) -> Result<Vec<DetectedCa>, CertError> {
    let mut cas = Vec::new();
    let settings_docs: Vec<String> = replica
        .manifest()
        .documents
        .keys()
        .filter(|n| n.starts_with("ca/") && n.ends_with("/ca.json"))
        .cloned()
        .collect();
    for doc in settings_docs {
        let bytes = replica.document(&doc)?.expect("listed in the manifest");
        let settings: LabCaSettings = serde_json::from_slice(&bytes).map_err(|e| {
            CertError::Failed(format!(
                "{doc} in the local configuration store is damaged: {e}"
            ))
        })?;
        let (_, cert_path, key_path) = paths(&settings.name);
        let pem_bytes = replica.document(&cert_path)?.ok_or_else(|| {
            CertError::Failed(format!(
                "CA {} has no certificate in the replica",
                settings.name
            ))
        })?;
        let der = pem::parse(&pem_bytes)
            .map_err(|e| CertError::Failed(format!("{cert_path} is damaged: {e}")))?
            .into_contents();
        cas.push(DetectedCa {
            name: settings.name,
            kind: "lab",
            validity_days: settings.validity_days,
            validity_seconds: settings.validity_seconds,
            root: CertInfo::from_der(&der).map_err(CertError::Failed)?,
            can_issue: replica.manifest().documents.contains_key(&key_path),
        });
    }
    cas.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(cas)
}

/// The root certificates (DER) of every lab CA in the replica: trusted for checks.
pub fn trusted_roots(replica: &LocalConfigurationStore) -> Result<Vec<Vec<u8>>, CertError> {
    let mut roots = Vec::new();
    for ca in detected(replica)? {
        let (_, cert_path, _) = paths(&ca.name);
        let pem_bytes = replica
            .document(&cert_path)?
            .expect("detected CAs have certificates");
        roots.push(
            pem::parse(&pem_bytes)
                .map_err(|e| CertError::Failed(e.to_string()))?
                .into_contents(),
        );
    }
    Ok(roots)
}

/// Issues a certificate for a PKCS#10 request with the lab CA `name`: the request's subject and
/// SANs, a random serial, serverAuth + clientAuth, the CA's validity. Returns (leaf, chain).
pub fn issue(
    replica: &LocalConfigurationStore,
    name: &str,
    csr_der: &[u8],
) -> Result<(Vec<u8>, Vec<Vec<u8>>), CertError> {
    let ca = detected(replica)?
        .into_iter()
        .find(|ca| ca.name.eq_ignore_ascii_case(name))
        .ok_or_else(|| {
            CertError::BadInput(format!(
                "no CA named {name} is detected; `deploy-wizard ca list` shows them"
            ))
        })?;
    let (_, cert_path, key_path) = paths(&ca.name);
    let key_pem = replica.document(&key_path)?.ok_or_else(|| {
        CertError::Failed(format!(
            "this server holds no key for CA {}: it cannot issue with it",
            ca.name
        ))
    })?;
    let key_pem = String::from_utf8(key_pem)
        .map_err(|_| CertError::Failed("the CA key is not PEM".into()))?;
    let key = KeyPair::from_pem(&key_pem)
        .map_err(|e| CertError::Failed(format!("the CA key does not load: {e}")))?;
    let root_pem =
        String::from_utf8(replica.document(&cert_path)?.expect("detected")).unwrap_or_default();
    let issuer = Issuer::from_ca_cert_pem(&root_pem, key)
        .map_err(|e| CertError::Failed(format!("the CA certificate does not load: {e}")))?;
    let mut request =
        CertificateSigningRequestParams::from_der(&CertificateSigningRequestDer::from(csr_der))
            .map_err(|e| {
                CertError::BadInput(format!("the certificate request is not valid: {e}"))
            })?;
    let now = OffsetDateTime::now_utc();
    let params = &mut request.params;
    match ca.validity_seconds {
        // Short-lived (a lab testing renewal): its lifetime is what it says.
        Some(seconds) => {
            params.not_before = now - Duration::seconds(1);
            params.not_after = now + Duration::seconds(i64::from(seconds));
        }
        None => {
            params.not_before = now - Duration::minutes(5);
            params.not_after = now + Duration::days(i64::from(ca.validity_days));
        }
    }
    params.serial_number = Some(random_serial());
    params.is_ca = IsCa::ExplicitNoCa;
    params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    params.extended_key_usages = vec![
        ExtendedKeyUsagePurpose::ServerAuth,
        ExtendedKeyUsagePurpose::ClientAuth,
    ];
    params.use_authority_key_identifier_extension = true;
    let cert = request
        .signed_by(&issuer)
        .map_err(|e| CertError::Failed(format!("the lab CA could not sign: {e}")))?;
    let root_der = pem::parse(root_pem.as_bytes())
        .map_err(|e| CertError::Failed(e.to_string()))?
        .into_contents();
    Ok((cert.der().to_vec(), vec![root_der]))
}
