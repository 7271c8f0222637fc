//! Certificate usages (the "certificate types" of the Certificate Wizard) and the names each
//! one must carry, computed from the topology.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::topology::{PoolKind, ServerPlace, Topology, url_host};

/// A purpose a certificate is assigned to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Usage {
    /// SIP and server-to-server traffic of a pool.
    Default,
    /// Internal web services.
    WebServicesInternal,
    /// External web services (through the reverse proxy).
    WebServicesExternal,
    /// Server-to-server authentication; global: one certificate for every Front End.
    OAuthTokenIssuer,
    /// Edge internal interface.
    Internal,
    /// Access Edge external interface.
    AccessEdgeExternal,
    /// Web Conferencing Edge external interface.
    DataEdgeExternal,
    /// A/V authentication (Edge).
    AudioVideoAuthentication,
}

impl Usage {
    /// Every usage.
    pub const ALL: [Usage; 8] = [
        Usage::Default,
        Usage::WebServicesInternal,
        Usage::WebServicesExternal,
        Usage::OAuthTokenIssuer,
        Usage::Internal,
        Usage::AccessEdgeExternal,
        Usage::DataEdgeExternal,
        Usage::AudioVideoAuthentication,
    ];

    /// The name used on the command line and on screen.
    pub fn as_str(self) -> &'static str {
        match self {
            Usage::Default => "Default",
            Usage::WebServicesInternal => "WebServicesInternal",
            Usage::WebServicesExternal => "WebServicesExternal",
            Usage::OAuthTokenIssuer => "OAuthTokenIssuer",
            Usage::Internal => "Internal",
            Usage::AccessEdgeExternal => "AccessEdgeExternal",
            Usage::DataEdgeExternal => "DataEdgeExternal",
            Usage::AudioVideoAuthentication => "AudioVideoAuthentication",
        }
    }

    /// Global usages are the same for every server and live in the CMS.
    pub fn is_global(self) -> bool {
        self == Usage::OAuthTokenIssuer
    }
}

impl fmt::Display for Usage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Usage {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Usage::ALL
            .into_iter()
            .find(|u| u.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                format!(
                    "unknown certificate type {s:?}; the types are {}",
                    Usage::ALL.map(Usage::as_str).join(", ")
                )
            })
    }
}

/// `Default, WebServicesInternal` (with `separator` between names).
pub fn join(usages: &[Usage], separator: &str) -> String {
    usages
        .iter()
        .map(|u| u.as_str())
        .collect::<Vec<_>>()
        .join(separator)
}

/// Parses `--type T[,T]…` into distinct usages, in the order given.
pub fn parse_usages(values: &[String]) -> Result<Vec<Usage>, String> {
    let mut usages = Vec::new();
    for value in values.iter().flat_map(|v| v.split(',')) {
        let usage: Usage = value.parse()?;
        if !usages.contains(&usage) {
            usages.push(usage);
        }
    }
    if usages.is_empty() {
        return Err("give at least one certificate type with --type".into());
    }
    Ok(usages)
}

/// The usages a server needs, from its pool's kind.
pub fn required_usages(place: &ServerPlace) -> Vec<Usage> {
    match place.kind {
        PoolKind::FrontEnd => vec![
            Usage::Default,
            Usage::WebServicesInternal,
            Usage::WebServicesExternal,
            Usage::OAuthTokenIssuer,
        ],
        PoolKind::Director => vec![
            Usage::Default,
            Usage::WebServicesInternal,
            Usage::WebServicesExternal,
        ],
        PoolKind::Edge => vec![
            Usage::Internal,
            Usage::AccessEdgeExternal,
            Usage::DataEdgeExternal,
            Usage::AudioVideoAuthentication,
        ],
        // The Back End that hosts the CMS sets the global certificate for every Front End.
        PoolKind::BackEnd if place.cms_host => vec![Usage::Default, Usage::OAuthTokenIssuer],
        PoolKind::PersistentChat | PoolKind::Mediation | PoolKind::BackEnd => {
            vec![Usage::Default]
        }
    }
}

/// The subject and subject alternative names a usage requires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequiredNames {
    /// Subject common name.
    pub subject: String,
    /// Subject alternative names, the subject first, without duplicates.
    pub sans: Vec<String>,
}

impl RequiredNames {
    fn new(subject: &str) -> Self {
        RequiredNames {
            subject: subject.to_string(),
            sans: vec![subject.to_string()],
        }
    }

    fn add(&mut self, name: impl Into<String>) {
        let name = name.into();
        if !self.sans.contains(&name) {
            self.sans.push(name);
        }
    }

    /// Adds every name of `other` (used when one certificate serves several usages).
    pub fn merge(&mut self, other: &RequiredNames) {
        for name in &other.sans {
            self.add(name.clone());
        }
    }
}

/// The names `usage` requires on this server, with `sip_domains` the SIP domains selected
/// for `sip.<domain>` and the mobility names in addition to the default SIP domain, which is
/// always included (as on the Certificate Wizard's SIP domain page, where it cannot be
/// unchecked).
pub fn required_names(
    topology: &Topology,
    place: &ServerPlace,
    usage: Usage,
    sip_domains: &[String],
) -> Result<RequiredNames, String> {
    let default_domain = topology
        .default_sip_domain()
        .ok_or("the topology has no default SIP domain")?
        .to_string();
    let mut domains = vec![default_domain.clone()];
    for domain in sip_domains {
        if !domains.contains(domain) {
            domains.push(domain.clone());
        }
    }
    let pool = topology
        .pool(&place.pool)
        .ok_or_else(|| format!("pool {} is not in the topology", place.pool))?;
    let simple = &topology.simple_urls;
    let meet_dialin: Vec<&str> = simple
        .meet
        .iter()
        .chain(simple.dialin.iter())
        .filter_map(|u| url_host(u))
        .collect();
    let not_for = |kind: &str| {
        format!(
            "{usage} is not a certificate type of {} (a {} server); its types are {}",
            place.server,
            kind,
            required_usages(place)
                .iter()
                .map(|u| u.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let mut names;
    match usage {
        Usage::OAuthTokenIssuer => {
            names = RequiredNames::new(&default_domain);
        }
        Usage::Default | Usage::WebServicesInternal | Usage::WebServicesExternal => {
            if !matches!(
                place.kind,
                PoolKind::FrontEnd
                    | PoolKind::Director
                    | PoolKind::PersistentChat
                    | PoolKind::Mediation
                    | PoolKind::BackEnd
            ) || (usage != Usage::Default && pool.web_services.is_none())
            {
                return Err(not_for(place.kind.as_str()));
            }
            names = RequiredNames::new(&pool.fqdn);
            match usage {
                Usage::Default => {
                    for server in &pool.servers {
                        names.add(server.fqdn.clone());
                    }
                    for d in &domains {
                        names.add(format!("sip.{d}"));
                    }
                    if topology.mobility {
                        for d in &domains {
                            names.add(format!("lyncdiscoverinternal.{d}"));
                            names.add(format!("lyncdiscover.{d}"));
                        }
                    }
                    // Persistent Chat's XMPP clients check the certificate against their
                    // user's domain (RFC 6120), and reach rooms by the pool's name.
                    if place.kinds.contains(&PoolKind::PersistentChat) {
                        for (_, chat) in topology.pools() {
                            if chat.kind == PoolKind::PersistentChat
                                && chat.servers.iter().any(|s| s.fqdn == place.server)
                            {
                                names.add(chat.fqdn.clone());
                            }
                        }
                        for d in &domains {
                            names.add(d.clone());
                        }
                    }
                }
                Usage::WebServicesInternal => {
                    let web = pool.web_services.as_ref().expect("checked above");
                    names.add(web.internal_fqdn.clone());
                    for server in &pool.servers {
                        names.add(server.fqdn.clone());
                    }
                    let admin = simple.admin.iter().filter_map(|u| url_host(u));
                    for host in meet_dialin.iter().copied().chain(admin) {
                        names.add(host);
                    }
                    if topology.mobility {
                        for d in &domains {
                            names.add(format!("lyncdiscoverinternal.{d}"));
                        }
                    }
                }
                _ => {
                    let web = pool.web_services.as_ref().expect("checked above");
                    names.add(web.external_fqdn.clone());
                    for host in &meet_dialin {
                        names.add(host.to_string());
                    }
                    if topology.mobility {
                        for d in &domains {
                            names.add(format!("lyncdiscover.{d}"));
                        }
                    }
                }
            }
        }
        Usage::Internal
        | Usage::AccessEdgeExternal
        | Usage::DataEdgeExternal
        | Usage::AudioVideoAuthentication => {
            let edge = pool
                .edge
                .as_ref()
                .ok_or_else(|| not_for(place.kind.as_str()))?;
            names = match usage {
                Usage::Internal => RequiredNames::new(&edge.internal_fqdn),
                Usage::AccessEdgeExternal => {
                    let mut names = RequiredNames::new(&edge.access_fqdn);
                    names.add(edge.webconf_fqdn.clone());
                    for d in &domains {
                        names.add(format!("sip.{d}"));
                    }
                    names
                }
                Usage::DataEdgeExternal => RequiredNames::new(&edge.webconf_fqdn),
                _ => RequiredNames::new(&edge.av_fqdn),
            };
        }
    }
    Ok(names)
}
