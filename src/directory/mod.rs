//! The deployment's directory: the LDAP directory (OpenLDAP slapd, Samba or Active Directory)
//! whose users sign in. Its settings (URL, base DN, bind DN, and the CA that signs its
//! certificate) are published to the CMS like every global setting; the bind password is a
//! protected CMS document (owner-only everywhere, sealed in exports) and never appears in a log,
//! an output or a command line.
//!
//! The connection is always encrypted and always verified: `ldaps://` or `ldap://` with
//! StartTLS, against the system's roots, the deployment's roots (lab CAs, imported roots) and the
//! directory's own CA when one was given. *Prepare Directory* ([`prepare`]) adds what the
//! deployment needs (an auxiliary class for users' SIP settings, a container with the
//! administrators' and servers' groups, the access rules); [`users`] enables and disables users.

mod client;
pub mod prepare;
pub mod schema;
pub mod users;

use std::time::Duration;

use serde::{Deserialize, Serialize};

pub use client::Connection;

use crate::Failure;
use crate::log::{Reason, Refusal};
use crate::store::StoreError;

/// The CMS document holding the directory's settings.
pub const SETTINGS_DOC: &str = "settings/directory.json";
/// The CMS document holding the CA certificate (PEM) that signs the directory's certificate.
pub const CA_DOC: &str = "settings/directory-ca.pem";
/// The CMS document holding the bind password (protected).
pub use crate::store::DIRECTORY_PASSWORD_DOC as PASSWORD_DOC;

/// How long a connection (TCP and TLS) may take.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one operation may take.
pub const OPERATION_TIMEOUT: Duration = Duration::from_secs(30);

/// Where the directory is and how the deployment binds to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DirectorySettings {
    /// `ldaps://HOST[:PORT]` or `ldap://HOST[:PORT]` (StartTLS, always).
    pub url: String,
    /// Where users and the deployment's container are (`dc=contoso,dc=com`).
    pub base_dn: String,
    /// The account the deployment binds as.
    pub bind_dn: String,
}

impl DirectorySettings {
    /// Checks every value (before anything is published or sent).
    pub fn checked(url: &str, base_dn: &str, bind_dn: &str) -> Result<Self, DirectoryError> {
        Ok(DirectorySettings {
            url: check_url(url)?,
            base_dn: check_dn(base_dn, "base-dn")?,
            bind_dn: check_dn(bind_dn, "bind-dn")?,
        })
    }

    /// Whether the connection starts in clear and upgrades with StartTLS.
    pub fn starttls(&self) -> bool {
        self.url.starts_with("ldap://")
    }

    /// The deployment's container.
    pub fn container(&self) -> String {
        format!("ou={},{}", schema::CONTAINER, self.base_dn)
    }

    /// The administrators' group.
    pub fn administrators_group(&self) -> String {
        format!("cn={},{}", schema::ADMINISTRATORS, self.container())
    }

    /// The servers' group (the accounts servers read users with).
    pub fn servers_group(&self) -> String {
        format!("cn={},{}", schema::SERVERS, self.container())
    }
}

/// Why a directory command failed.
#[derive(Debug, thiserror::Error)]
pub enum DirectoryError {
    /// The administrator gave something wrong (exit 2); nothing was changed.
    #[error("{0}")]
    Refused(Box<Refusal>),
    /// The directory answered with a failure or could not be reached (exit 1).
    #[error("{0}")]
    Failed(Box<Refusal>),
    /// The local configuration store or the CMS.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl DirectoryError {
    /// A refusal of the administrator's input.
    pub fn refused(english: impl Into<String>, why: Reason) -> Self {
        DirectoryError::Refused(Box::new(Refusal::new(english, why)))
    }

    /// A failure of the directory.
    pub fn failed(english: impl Into<String>, why: Reason) -> Self {
        DirectoryError::Failed(Box::new(Refusal::new(english, why)))
    }

    /// How the program ends.
    pub fn failure(&self) -> Failure {
        match self {
            DirectoryError::Refused(_) => Failure::BadInput,
            DirectoryError::Failed(_) => Failure::ActionFailed,
            DirectoryError::Store(error) => error.failure(),
        }
    }
}

impl crate::log::Explain for DirectoryError {
    fn reason(&self) -> Option<Reason> {
        match self {
            DirectoryError::Refused(refusal) | DirectoryError::Failed(refusal) => {
                Some(refusal.why.clone())
            }
            DirectoryError::Store(error) => error.reason(),
        }
    }
}

const MAX_URL: usize = 300;
const MAX_DN: usize = 1024;

fn check_url(url: &str) -> Result<String, DirectoryError> {
    let bad = || {
        DirectoryError::refused(
            format!(
                "{url:?} is not a directory URL: give ldaps://HOST[:PORT], or ldap://HOST[:PORT] (StartTLS is then required)"
            ),
            Reason::new("why-dir-bad-url").with("url", url),
        )
    };
    let url = url.trim();
    if url.len() > MAX_URL {
        return Err(bad());
    }
    let rest = url
        .strip_prefix("ldaps://")
        .or_else(|| url.strip_prefix("ldap://"))
        .ok_or_else(bad)?;
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    let (host, port) = if let Some(close) = rest.strip_prefix('[').and_then(|r| r.find(']')) {
        let (host, after) = rest.split_at(close + 2);
        match after.strip_prefix(':') {
            Some(port) => (host, Some(port)),
            None if after.is_empty() => (host, None),
            None => return Err(bad()),
        }
    } else {
        match rest.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (rest, None),
        }
    };
    let port = match port {
        Some(port) => match port.parse::<u16>() {
            Ok(port) if port > 0 => Some(port),
            _ => return Err(bad()),
        },
        None => None,
    };
    let host_ok = if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        inner.parse::<std::net::Ipv6Addr>().is_ok()
    } else {
        host.parse::<std::net::Ipv4Addr>().is_ok()
            || crate::topology::normalize_dns_name(host, false).is_ok()
    };
    if !host_ok {
        return Err(bad());
    }
    let scheme = if url.starts_with("ldaps://") {
        "ldaps"
    } else {
        "ldap"
    };
    let host = host.to_ascii_lowercase();
    Ok(match port {
        Some(port) => format!("{scheme}://{host}:{port}"),
        None => format!("{scheme}://{host}"),
    })
}

/// Checks a distinguished name: `attr=value` parts joined by commas, escapes kept, no control
/// characters, at most 1,024 bytes. Returns it with the spaces around parts removed.
pub fn check_dn(dn: &str, what: &str) -> Result<String, DirectoryError> {
    let bad = |detail: &str| {
        let english_what = match what {
            "base-dn" => "base DN",
            "bind-dn" => "bind DN",
            _ => "identity",
        };
        let english_detail = match detail {
            "too-long" => "longer than 1,024 bytes",
            "control" => "a control character",
            "quote" => "a double quote",
            "escape" => "an escape at its end",
            "no-equals" => "a part without =",
            "bad-attribute" => "an attribute name that is not one",
            _ => "an empty value",
        };
        DirectoryError::refused(
            format!(
                "{dn:?} is not a distinguished name ({english_detail}): give one such as cn=admin,dc=contoso,dc=com as the {english_what}"
            ),
            Reason::new("why-dir-bad-dn")
                .with("dn", dn)
                .with("what", what)
                .with("detail", detail),
        )
    };
    if dn.len() > MAX_DN {
        return Err(bad("too-long"));
    }
    if dn.chars().any(|c| c.is_control()) {
        return Err(bad("control"));
    }
    // The registrars' LDAP configuration quotes the bind DN and cannot escape a quote.
    if dn.contains('"') {
        return Err(bad("quote"));
    }
    let parts = split_dn(dn).ok_or_else(|| bad("escape"))?;
    let mut out = Vec::new();
    for part in parts {
        let part = part.trim();
        let Some((attr, value)) = part.split_once('=') else {
            return Err(bad("no-equals"));
        };
        let attr = attr.trim();
        let value = value.trim();
        let attr_ok = !attr.is_empty()
            && attr.len() <= 64
            && (attr.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && attr.starts_with(|c: char| c.is_ascii_alphabetic())
                || attr.chars().all(|c| c.is_ascii_digit() || c == '.'));
        if !attr_ok {
            return Err(bad("bad-attribute"));
        }
        if value.is_empty() {
            return Err(bad("empty-value"));
        }
        out.push(format!("{attr}={value}"));
    }
    Ok(out.join(","))
}

/// The parts of a DN split at unescaped commas; `None` when it ends inside an escape.
fn split_dn(dn: &str) -> Option<Vec<&str>> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (i, c) in dn.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == ',' {
            parts.push(&dn[start..i]);
            start = i + 1;
        }
    }
    if escaped {
        return None;
    }
    parts.push(&dn[start..]);
    Some(parts)
}

/// Two DNs name the same entry (compared without case and spaces around parts).
pub fn same_dn(a: &str, b: &str) -> bool {
    let norm = |dn: &str| {
        split_dn(dn)
            .unwrap_or_default()
            .iter()
            .map(|part| {
                let (attr, value) = part.split_once('=').unwrap_or((part, ""));
                format!(
                    "{}={}",
                    attr.trim().to_ascii_lowercase(),
                    value.trim().to_lowercase()
                )
            })
            .collect::<Vec<_>>()
    };
    norm(a) == norm(b)
}

/// The settings, the bind password and the trusted roots this server holds (from its
/// replica): what a connection needs.
pub struct Published {
    /// The settings.
    pub settings: DirectorySettings,
    /// The bind password.
    pub password: String,
    /// Trusted roots (DER): the directory's own CA, if given.
    pub ca: Vec<Vec<u8>>,
}

impl Published {
    /// Reads them from the replica; a refusal naming what to run when none are published.
    pub fn read(replica: &crate::store::LocalConfigurationStore) -> Result<Self, DirectoryError> {
        let not_set = || {
            DirectoryError::refused(
                "no directory is set for this deployment: run `deploy-wizard directory set --url URL --base-dn DN --bind-dn DN --password-file FILE` on the server that writes the CMS",
                Reason::new("why-dir-not-set"),
            )
        };
        let bytes = replica.document(SETTINGS_DOC)?.ok_or_else(not_set)?;
        let settings: DirectorySettings =
            serde_json::from_slice(&bytes).map_err(|e| StoreError::Corrupt {
                what: SETTINGS_DOC.into(),
                reason: e.to_string(),
            })?;
        let settings =
            DirectorySettings::checked(&settings.url, &settings.base_dn, &settings.bind_dn)?;
        let password = replica.document(PASSWORD_DOC)?.ok_or_else(not_set)?;
        let password = String::from_utf8(password).map_err(|_| StoreError::Corrupt {
            what: PASSWORD_DOC.into(),
            reason: "it is not UTF-8".into(),
        })?;
        let ca = match replica.document(CA_DOC)? {
            Some(bytes) => pem::parse_many(&bytes)
                .map_err(|e| StoreError::Corrupt {
                    what: CA_DOC.into(),
                    reason: e.to_string(),
                })?
                .into_iter()
                .map(pem::Pem::into_contents)
                .collect(),
            None => Vec::new(),
        };
        Ok(Published {
            settings,
            password,
            ca,
        })
    }
}

/// The documents `directory set` publishes: settings, password, and the CA (when given; an
/// empty CA removes a former one).
pub fn documents(
    settings: &DirectorySettings,
    password: &str,
    ca_pem: Option<&[u8]>,
) -> Result<Vec<(&'static str, Vec<u8>)>, DirectoryError> {
    // Kamailio's LDAP configuration quotes the password and cannot escape a quote.
    if password.is_empty()
        || password.len() > 1024
        || password
            .chars()
            .any(|c| c.is_control() || c == '"' || c == '\\')
    {
        return Err(DirectoryError::refused(
            "the bind password file must hold one line of 1 to 1,024 bytes without a double quote or a backslash (the registrars' LDAP configuration cannot hold them)",
            Reason::new("why-dir-bad-password"),
        ));
    }
    let mut documents = vec![
        (
            SETTINGS_DOC,
            serde_json::to_vec_pretty(settings).expect("settings serialize"),
        ),
        (PASSWORD_DOC, password.as_bytes().to_vec()),
    ];
    if let Some(ca) = ca_pem {
        let blocks = pem::parse_many(ca).unwrap_or_default();
        let certificates: Vec<_> = blocks.iter().filter(|b| b.tag() == "CERTIFICATE").collect();
        if certificates.is_empty()
            || certificates
                .iter()
                .any(|b| x509_parser::parse_x509_certificate(b.contents()).is_err())
        {
            return Err(DirectoryError::refused(
                "the CA file holds no PEM certificate: give the certificate (PEM) of the CA that signs the directory's certificate",
                Reason::new("why-dir-bad-ca"),
            ));
        }
        documents.push((CA_DOC, pem::encode_many(&blocks).into_bytes()));
    }
    Ok(documents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_ldaps_or_ldap_with_a_host() {
        assert_eq!(
            check_url("LDAPS://DC01.Lab.Test:636/").ok(),
            None,
            "the scheme is lower case"
        );
        assert_eq!(
            check_url("ldaps://DC01.Lab.Test:636/").unwrap(),
            "ldaps://dc01.lab.test:636"
        );
        assert_eq!(check_url("ldap://10.0.0.1").unwrap(), "ldap://10.0.0.1");
        assert_eq!(check_url("ldap://[::1]:389").unwrap(), "ldap://[::1]:389");
        assert_eq!(check_url("ldap://[::1]").unwrap(), "ldap://[::1]");
        for bad in [
            "http://dc01",
            "ldaps://",
            "ldaps://dc01:0",
            "ldaps://dc01:99999",
            "ldaps://dc01/dc=x?cn",
            "ldaps://dc 01",
            "ldapi:///",
        ] {
            assert!(check_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dns_are_checked_and_compared_without_case() {
        assert_eq!(
            check_dn(" cn=admin , dc=lab,dc=test", "bind-dn").unwrap(),
            "cn=admin,dc=lab,dc=test"
        );
        assert_eq!(
            check_dn(r"cn=Smith\, John,dc=lab", "x").unwrap(),
            r"cn=Smith\, John,dc=lab"
        );
        for bad in ["", "cn", "cn=", "=x", "cn=a,", "cn=a\\", "c n=a", "cn=a\nb"] {
            assert!(check_dn(bad, "x").is_err(), "{bad:?}");
        }
        assert!(same_dn(
            "CN=Admin, DC=Lab,dc=test",
            "cn=admin,dc=lab,dc=test"
        ));
        assert!(!same_dn("cn=admin,dc=lab", "cn=admin2,dc=lab"));
    }
}
