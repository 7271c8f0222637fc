//! Building a certificate request: subject and SANs from the topology (plus the SIP domains and
//! additional names chosen), organisation fields, a fresh key, and the PKCS#10 request.

use rcgen::{CertificateParams, DnType, KeyPair, SanType};
use serde::{Deserialize, Serialize};

use super::CertError;
use super::key::{KeySpec, SignatureHash};
use super::usage::{RequiredNames, Usage, required_names};
use crate::topology::{ServerPlace, Topology, normalize_dns_name};

/// Everything the Request pages (or `cert request` flags) choose.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RequestSpec {
    /// Usages the certificate is for.
    pub usages: Vec<Usage>,
    /// Key type and size.
    pub key: KeySpec,
    /// Signature hash.
    pub hash: SignatureHash,
    /// Friendly name; generated when empty.
    pub friendly_name: Option<String>,
    /// Whether the private key may be exported.
    pub exportable: bool,
    /// Certificate template (default WebServer).
    pub template: Option<String>,
    /// Organisation (O).
    pub organization: Option<String>,
    /// Organisational unit (OU).
    pub organizational_unit: Option<String>,
    /// City (L).
    pub city: Option<String>,
    /// State or province (ST).
    pub state: Option<String>,
    /// Country (C), two letters.
    pub country: Option<String>,
    /// SIP domains for `sip.<domain>` names (default: the default SIP domain).
    pub sip_domains: Vec<String>,
    /// Additional subject alternative names.
    pub additional_sans: Vec<String>,
}

/// Default certificate template.
pub const DEFAULT_TEMPLATE: &str = "WebServer";

/// A request ready to send: its names, key and PKCS#10 form.
pub struct PreparedRequest {
    /// Subject CN and SANs.
    pub names: RequiredNames,
    /// The new key.
    pub key: KeyPair,
    /// PKCS#10 DER.
    pub csr_der: Vec<u8>,
    /// PKCS#10 PEM.
    pub csr_pem: String,
}

/// The names a request for `spec.usages` will carry: the union of every usage's required names
/// (they must share one subject) plus the additional SANs.
pub fn request_names(
    topology: &Topology,
    place: &ServerPlace,
    spec: &RequestSpec,
) -> Result<RequiredNames, CertError> {
    let mut domains = Vec::new();
    for domain in &spec.sip_domains {
        let domain = normalize_dns_name(domain, false)
            .map_err(|e| CertError::BadInput(format!("--sip-domain: {e}")))?;
        if !topology.sip_domains.iter().any(|d| d.name == domain) {
            return Err(CertError::BadInput(format!(
                "{domain} is not a SIP domain of the topology; its SIP domains are {}",
                topology
                    .sip_domains
                    .iter()
                    .map(|d| d.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        domains.push(domain);
    }
    let mut merged: Option<(Usage, RequiredNames)> = None;
    for &usage in &spec.usages {
        let names =
            required_names(topology, place, usage, &domains).map_err(CertError::BadInput)?;
        match &mut merged {
            None => merged = Some((usage, names)),
            Some((first, all)) if all.subject == names.subject => {
                let _ = first;
                all.merge(&names);
            }
            Some((first, all)) => {
                return Err(CertError::BadInput(format!(
                    "{first} and {usage} need different subject names ({} and {}); request them as separate certificates",
                    all.subject, names.subject
                )));
            }
        }
    }
    let (_, mut names) =
        merged.ok_or_else(|| CertError::BadInput("give at least one certificate type".into()))?;
    let mut extra = RequiredNames {
        subject: names.subject.clone(),
        sans: Vec::new(),
    };
    for san in &spec.additional_sans {
        let san = normalize_dns_name(san, true)
            .map_err(|e| CertError::BadInput(format!("additional name: {e}")))?;
        extra.sans.push(san);
    }
    names.merge(&extra);
    Ok(names)
}

fn check_text(field: &str, value: &Option<String>) -> Result<(), CertError> {
    match value {
        Some(v) if v.trim().is_empty() || v.len() > 64 || v.chars().any(char::is_control) => Err(
            CertError::BadInput(format!("{field} must be 1 to 64 printable characters")),
        ),
        _ => Ok(()),
    }
}

/// Checks the organisation fields; the country must be two letters (ISO 3166).
pub fn check_organization(spec: &RequestSpec) -> Result<(), CertError> {
    check_text("the organization", &spec.organization)?;
    check_text("the organizational unit", &spec.organizational_unit)?;
    check_text("the city", &spec.city)?;
    check_text("the state or province", &spec.state)?;
    if let Some(country) = &spec.country
        && !(country.len() == 2 && country.chars().all(|c| c.is_ascii_alphabetic()))
    {
        return Err(CertError::BadInput(format!(
            "the country must be a two-letter code such as FR or US, not {country:?}"
        )));
    }
    Ok(())
}

/// Generates the key and the PKCS#10 request.
pub fn prepare(
    topology: &Topology,
    place: &ServerPlace,
    spec: &RequestSpec,
) -> Result<PreparedRequest, CertError> {
    check_organization(spec)?;
    let names = request_names(topology, place, spec)?;
    // Refuse, before any key exists, a request whose certificate its own usages would refuse.
    for &usage in &spec.usages {
        let required = required_names(topology, place, usage, &[]).map_err(CertError::BadInput)?;
        let missing: Vec<&str> = required
            .sans
            .iter()
            .filter(|n| !names.sans.contains(n))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            return Err(CertError::BadInput(format!(
                "the request would lack names {usage} requires ({}); nothing was requested",
                missing.join(", ")
            )));
        }
    }
    let key = spec
        .key
        .generate(spec.hash)
        .map_err(|e| CertError::Failed(format!("cannot generate the {} key: {e}", spec.key)))?;
    let mut params = CertificateParams::new(Vec::<String>::new()).expect("no names to check");
    params.subject_alt_names = names
        .sans
        .iter()
        .map(|n| SanType::DnsName(n.clone().try_into().expect("validated DNS name")))
        .collect();
    let dn = &mut params.distinguished_name;
    dn.push(DnType::CommonName, names.subject.clone());
    for (ty, value) in [
        (DnType::OrganizationName, &spec.organization),
        (DnType::OrganizationalUnitName, &spec.organizational_unit),
        (DnType::LocalityName, &spec.city),
        (DnType::StateOrProvinceName, &spec.state),
        (
            DnType::CountryName,
            &spec.country.as_ref().map(|c| c.to_ascii_uppercase()),
        ),
    ] {
        if let Some(value) = value {
            dn.push(ty, value.trim());
        }
    }
    let csr = params
        .serialize_request(&key)
        .map_err(|e| CertError::Failed(format!("cannot build the certificate request: {e}")))?;
    let csr_pem = csr.pem().map_err(|e| CertError::Failed(e.to_string()))?;
    Ok(PreparedRequest {
        names,
        key,
        csr_der: csr.der().to_vec(),
        csr_pem,
    })
}

/// The friendly name given, or `<first usage> <subject> <date>`.
pub fn default_friendly_name(spec: &RequestSpec, names: &RequiredNames) -> String {
    let date = time::OffsetDateTime::now_utc().date();
    let usages = super::usage::join(&spec.usages, "+");
    format!("{usages} {} {date}", names.subject)
}
