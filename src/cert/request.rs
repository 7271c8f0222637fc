//! Building a certificate request: subject and SANs from the topology (plus the SIP domains and
//! additional names chosen), organisation fields, a fresh key, and the PKCS#10 request.

use rcgen::{CertificateParams, DnType, KeyPair, SanType};
use serde::{Deserialize, Serialize};

use super::CertError;
use super::key::{KeySpec, SignatureHash};
use super::usage::{RequiredNames, Usage, required_names};
use crate::log::Reason;
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

/// Which CA a request goes to.
#[derive(Debug, Clone)]
pub enum CaChoice {
    /// The only CA detected in the environment.
    Detected,
    /// A lab CA by name.
    Lab(String),
    /// An ACME directory.
    Acme(super::acme::AcmeOptions),
    /// No CA now: write the request to this file.
    Offline(std::path::PathBuf),
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

/// An organisation field of the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum OrgField {
    /// O.
    Organization,
    /// OU.
    OrganizationalUnit,
    /// L.
    City,
    /// ST.
    State,
}

/// Why an ACME directory URL is refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum UrlProblem {
    /// Nothing given.
    Empty,
    /// Not a URL at all.
    NotUrl(String),
    /// Not `https://`.
    NotHttps(String),
    /// No host name.
    NoHost(String),
}

impl std::fmt::Display for UrlProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UrlProblem::Empty => f.write_str("give the ACME directory URL"),
            UrlProblem::NotUrl(text) => write!(
                f,
                "{text:?} is not a URL; an ACME directory looks like https://ca.example.com/directory"
            ),
            UrlProblem::NotHttps(text) => write!(
                f,
                "{text} is not an https:// URL; ACME directories are served over HTTPS"
            ),
            UrlProblem::NoHost(text) => write!(f, "{text} names no host"),
        }
    }
}

/// Checks an ACME directory URL: `https://` with a host. Returns it trimmed.
pub fn check_directory_url(text: &str) -> Result<String, UrlProblem> {
    let text = text.trim();
    if text.is_empty() {
        return Err(UrlProblem::Empty);
    }
    let uri: hyper::Uri = text
        .parse()
        .map_err(|_| UrlProblem::NotUrl(text.to_string()))?;
    if uri.scheme_str() != Some("https") {
        return Err(UrlProblem::NotHttps(text.to_string()));
    }
    match uri.host() {
        Some(host) if !host.is_empty() => Ok(text.to_string()),
        _ => Err(UrlProblem::NoHost(text.to_string())),
    }
}

/// Why a certificate request is refused before anything is made: the same rules for the CLI
/// and the window, checked before a key is generated or a CA contacted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum RequestProblem {
    /// The template is not 1 to 64 printable characters.
    Template,
    /// The friendly name is longer than 64 characters or holds control characters.
    FriendlyName,
    /// An organisation field is empty, longer than 64 characters or not printable.
    OrganizationField(OrgField),
    /// The country is not two letters.
    Country(String),
    /// OAuthTokenIssuer is shared through the CMS as a PFX: its key must be exportable.
    OAuthTokenIssuerNotExportable,
    /// The ACME directory URL.
    AcmeUrl(UrlProblem),
    /// The http-01 responder address.
    Http01Listen(String),
    /// Only one of the EAB key id and HMAC key.
    EabIncomplete,
    /// No file for a delayed (offline) request.
    RequestFileMissing,
}

impl std::fmt::Display for RequestProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RequestProblem::Template => {
                f.write_str("the certificate template must be 1 to 64 printable characters")
            }
            RequestProblem::FriendlyName => {
                f.write_str("the friendly name must be at most 64 printable characters")
            }
            RequestProblem::OrganizationField(field) => write!(
                f,
                "{} must be 1 to 64 printable characters",
                match field {
                    OrgField::Organization => "the organization",
                    OrgField::OrganizationalUnit => "the organizational unit",
                    OrgField::City => "the city",
                    OrgField::State => "the state or province",
                }
            ),
            RequestProblem::Country(country) => write!(
                f,
                "the country must be a two-letter code such as FR or US, not {country:?}"
            ),
            RequestProblem::OAuthTokenIssuerNotExportable => f.write_str(
                "OAuthTokenIssuer is shared by every Front End through the central management store as a PFX, so its private key must be exportable: add --exportable",
            ),
            RequestProblem::AcmeUrl(problem) => problem.fmt(f),
            RequestProblem::Http01Listen(value) => write!(
                f,
                "--http01-listen {value} is not an address such as 0.0.0.0:80"
            ),
            RequestProblem::EabIncomplete => f.write_str(
                "external account binding needs both the key id (--eab-kid) and the HMAC key (--eab-hmac-file or DEPLOY_WIZARD_EAB_HMAC)",
            ),
            RequestProblem::RequestFileMissing => {
                f.write_str("give the file to write the certificate request to")
            }
        }
    }
}

impl UrlProblem {
    /// The problem as data, for the faces to word.
    pub fn reason(&self) -> Reason {
        match self {
            UrlProblem::Empty => Reason::new("cw-need-acme-url"),
            UrlProblem::NotUrl(url) => Reason::new("url-not-url").with("url", url),
            UrlProblem::NotHttps(url) => Reason::new("s2s-url-not-https").with("url", url),
            UrlProblem::NoHost(url) => Reason::new("url-no-host").with("url", url),
        }
    }
}

impl RequestProblem {
    /// The problem as data, for the faces to word.
    pub fn reason(&self) -> Reason {
        match self {
            RequestProblem::Template => Reason::new("cw-bad-template"),
            RequestProblem::FriendlyName => Reason::new("cw-bad-friendly-name"),
            RequestProblem::OrganizationField(field) => Reason::new("req-org-field").with(
                "field",
                match field {
                    OrgField::Organization => "organization",
                    OrgField::OrganizationalUnit => "unit",
                    OrgField::City => "city",
                    OrgField::State => "state",
                },
            ),
            RequestProblem::Country(value) => Reason::new("req-country").with("value", value),
            RequestProblem::OAuthTokenIssuerNotExportable => {
                Reason::new("req-oauth-not-exportable")
            }
            RequestProblem::AcmeUrl(problem) => problem.reason(),
            RequestProblem::Http01Listen(value) => {
                Reason::new("cw-bad-http01").with("value", value)
            }
            RequestProblem::EabIncomplete => Reason::new("cw-need-both-eab"),
            RequestProblem::RequestFileMissing => Reason::new("cw-need-request-file"),
        }
    }
}

fn printable(value: &str, max: usize) -> bool {
    value.chars().count() <= max && !value.chars().any(char::is_control)
}

impl RequestSpec {
    /// Every rule of the request's own fields (names are checked against the topology by
    /// [`request_names`]).
    pub fn check(&self) -> Result<(), RequestProblem> {
        if let Some(template) = &self.template
            && (template.trim().is_empty() || !printable(template, 64))
        {
            return Err(RequestProblem::Template);
        }
        if let Some(name) = &self.friendly_name
            && !printable(name, 64)
        {
            return Err(RequestProblem::FriendlyName);
        }
        check_organization(self)?;
        if self.usages.contains(&Usage::OAuthTokenIssuer) && !self.exportable {
            return Err(RequestProblem::OAuthTokenIssuerNotExportable);
        }
        Ok(())
    }
}

/// Checks the organisation fields; the country must be two letters (ISO 3166).
pub fn check_organization(spec: &RequestSpec) -> Result<(), RequestProblem> {
    for (field, value) in [
        (OrgField::Organization, &spec.organization),
        (OrgField::OrganizationalUnit, &spec.organizational_unit),
        (OrgField::City, &spec.city),
        (OrgField::State, &spec.state),
    ] {
        if let Some(v) = value
            && (v.trim().is_empty() || !printable(v, 64))
        {
            return Err(RequestProblem::OrganizationField(field));
        }
    }
    if let Some(country) = &spec.country
        && !(country.len() == 2 && country.chars().all(|c| c.is_ascii_alphabetic()))
    {
        return Err(RequestProblem::Country(country.clone()));
    }
    Ok(())
}

/// The CA as the administrator gave it (the CLI's flags, or the window's CA pages), before it
/// is checked: both faces build this and call [`CaInput::choice`].
#[derive(Debug, Clone, Default)]
pub struct CaInput {
    /// Delayed request: the file to write.
    pub offline: Option<std::path::PathBuf>,
    /// A CA detected in the environment (its name) or an ACME directory URL.
    pub ca: Option<String>,
    /// `ca` is an ACME directory URL whatever it looks like (the window's "Specify another
    /// certification authority").
    pub acme: bool,
    /// ACME external account binding key id.
    pub eab_kid: Option<String>,
    /// ACME external account binding HMAC key.
    pub eab_hmac: Option<String>,
    /// The file the HMAC key was read from (for the logged command line).
    pub eab_hmac_file: Option<std::path::PathBuf>,
    /// Extra roots for the ACME directory's TLS.
    pub acme_root: Option<std::path::PathBuf>,
    /// Where the http-01 responder listens.
    pub http01_listen: String,
}

impl CaInput {
    /// The checked choice.
    pub fn choice(self) -> Result<CaChoice, RequestProblem> {
        if let Some(file) = self.offline {
            if file.as_os_str().is_empty() {
                return Err(RequestProblem::RequestFileMissing);
            }
            return Ok(CaChoice::Offline(file));
        }
        let ca = self.ca.map(|c| c.trim().to_string()).unwrap_or_default();
        if ca.is_empty() && !self.acme {
            return Ok(CaChoice::Detected);
        }
        if !self.acme && !ca.contains("://") {
            return Ok(CaChoice::Lab(ca));
        }
        let directory = check_directory_url(&ca).map_err(RequestProblem::AcmeUrl)?;
        let http01_listen = self
            .http01_listen
            .trim()
            .parse()
            .map_err(|_| RequestProblem::Http01Listen(self.http01_listen.clone()))?;
        let kid = self
            .eab_kid
            .map(|k| k.trim().to_string())
            .filter(|k| !k.is_empty());
        let hmac = self.eab_hmac.filter(|h| !h.is_empty());
        let eab = match (kid, hmac) {
            (Some(kid), Some(hmac)) => Some((kid, hmac)),
            (None, None) => None,
            _ => return Err(RequestProblem::EabIncomplete),
        };
        Ok(CaChoice::Acme(super::acme::AcmeOptions {
            directory,
            eab,
            eab_hmac_file: self.eab_hmac_file,
            roots: self.acme_root,
            http01_listen,
        }))
    }
}

/// Generates the key and the PKCS#10 request.
pub fn prepare(
    topology: &Topology,
    place: &ServerPlace,
    spec: &RequestSpec,
) -> Result<PreparedRequest, CertError> {
    spec.check().map_err(CertError::Request)?;
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
