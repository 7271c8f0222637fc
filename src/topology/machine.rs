//! Which server of the topology this machine is.
//!
//! The rule (DESIGN.md): the server named by `--server`; else the one whose FQDN is the
//! machine's FQDN; else the only one whose first label is the machine's short host name, because
//! many machines and containers have no domain part.

use serde::Serialize;

use super::model::{Edition, PoolKind, Topology};
use super::names::{NameProblem, normalize_dns_name};

/// Environment variable that overrides the machine's FQDN (for tests and odd resolvers).
pub const FQDN_ENV: &str = "DEPLOY_WIZARD_FQDN";

/// Domain used for the lab topology when the machine has no DNS domain.
pub const LAB_DOMAIN: &str = "lab.test";

/// The machine's own names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MachineIdentity {
    /// First label of the host name, lower-case.
    pub short: String,
    /// Fully qualified name: `short.domain`.
    pub fqdn: String,
    /// DNS domain, or `lab.test` when the machine has none.
    pub domain: String,
    /// Whether the domain was found on the machine (false: `lab.test` was chosen).
    pub has_domain: bool,
}

impl MachineIdentity {
    /// Reads the machine's names: `DEPLOY_WIZARD_FQDN`, else the host name when it has a domain
    /// part, else a `short.domain` alias of the host name in `/etc/hosts`, else `short.lab.test`.
    pub fn detect() -> Self {
        if let Some(fqdn) = std::env::var(FQDN_ENV).ok().filter(|v| !v.is_empty()) {
            return Self::from_name(&fqdn);
        }
        let host = gethostname::gethostname().to_string_lossy().to_lowercase();
        if host.contains('.') {
            return Self::from_name(&host);
        }
        let alias = std::fs::read_to_string("/etc/hosts")
            .ok()
            .and_then(|hosts| hosts_alias(&hosts, &host));
        Self::from_name(alias.as_deref().unwrap_or(&host))
    }

    /// Builds the identity from a host name with or without a domain part.
    pub fn from_name(name: &str) -> Self {
        let name = name.trim().trim_end_matches('.').to_lowercase();
        match name.split_once('.') {
            Some((short, domain)) => MachineIdentity {
                short: short.to_string(),
                fqdn: name.clone(),
                domain: domain.to_string(),
                has_domain: true,
            },
            None => MachineIdentity {
                fqdn: format!("{name}.{LAB_DOMAIN}"),
                short: name,
                domain: LAB_DOMAIN.to_string(),
                has_domain: false,
            },
        }
    }
}

/// The first name in `/etc/hosts` of the form `short.something` on a line that names `short`.
fn hosts_alias(hosts: &str, short: &str) -> Option<String> {
    let prefix = format!("{short}.");
    hosts
        .lines()
        .map(|line| line.split('#').next().unwrap_or(""))
        .filter(|line| {
            line.split_whitespace()
                .skip(1)
                .any(|n| n.eq_ignore_ascii_case(short) || n.to_lowercase().starts_with(&prefix))
        })
        .flat_map(|line| line.split_whitespace().skip(1))
        .map(str::to_lowercase)
        .find(|name| name.starts_with(&prefix) && name.len() > prefix.len())
}

/// Where a server stands in the topology, and what it does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServerPlace {
    /// Server FQDN.
    pub server: String,
    /// Site name.
    pub site: String,
    /// Pool FQDN.
    pub pool: String,
    /// Pool kind.
    pub kind: PoolKind,
    /// Every kind of pool this server serves (a Standard Edition server may also be its
    /// collocated Persistent Chat pool's server).
    pub kinds: Vec<PoolKind>,
    /// Front End edition, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edition: Option<Edition>,
    /// Roles this server runs, in the order the deployment sets them up.
    pub roles: Vec<String>,
    /// Every server of the pool (this one included).
    pub pool_servers: Vec<String>,
    /// The pool this pool is associated with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub associated_pool: Option<String>,
    /// How the server was found: "--server", "machine FQDN" or "short host name".
    pub matched_by: String,
    /// Whether this server hosts the central management store (and serves it over HTTPS).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub cms_host: bool,
}

/// Why this server is not found in a topology. `Display` says it in English (logs, and today's
/// messages); the faces word it from the catalogue through its reason (`impl Explain` in
/// `store`), as they do for `StoreError::NotInTopology`, which wraps it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ThisServerError {
    /// `--server` is not a valid DNS name.
    #[error("--server: {0}")]
    BadName(NameProblem),
    /// `--server` names a server the topology does not have.
    #[error("the topology has no server {server}; its servers are: {known}")]
    NoSuchServer {
        /// The server asked for (normalised).
        server: String,
        /// The topology's servers.
        known: KnownServers,
    },
    /// Neither the machine's FQDN nor its short host name is a server of the topology.
    #[error(
        "this computer ({machine}) is not a server of the topology; its servers are: {known}. Pass --server FQDN to choose one, or publish a topology that names this computer"
    )]
    NotAServer {
        /// The machine's FQDN.
        machine: String,
        /// The topology's servers.
        known: KnownServers,
    },
    /// Several servers of the topology start with the machine's short host name.
    #[error("several servers share this computer's short name {short}: {}; pass --server FQDN", .servers.join(", "))]
    ShortNameShared {
        /// The machine's short host name.
        short: String,
        /// The servers that start with it.
        servers: Vec<String>,
    },
}

/// Its English text, for callers that keep errors as text.
impl From<ThisServerError> for String {
    fn from(error: ThisServerError) -> String {
        error.to_string()
    }
}

/// The servers of a topology as an error lists them: the first ten, and how many more there are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownServers {
    /// The first ten servers (none: the topology has no server).
    pub shown: Vec<String>,
    /// How many servers are not shown.
    pub more: usize,
}

impl KnownServers {
    /// The first ten of `topology`'s servers.
    fn of(topology: &Topology) -> Self {
        let all: Vec<&str> = topology.server_fqdns().collect();
        KnownServers {
            shown: all.iter().take(10).map(|s| s.to_string()).collect(),
            more: all.len().saturating_sub(10),
        }
    }
}

impl std::fmt::Display for KnownServers {
    /// `a, b and 3 more`, or `none`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.shown.is_empty() {
            return f.write_str("none");
        }
        f.write_str(&self.shown.join(", "))?;
        if self.more > 0 {
            write!(f, " and {} more", self.more)?;
        }
        Ok(())
    }
}

/// Finds this server in `topology`; the error lists what was tried and what exists.
pub fn find_this_server(
    topology: &Topology,
    explicit: Option<&str>,
    machine: &MachineIdentity,
) -> Result<ServerPlace, ThisServerError> {
    let place = |fqdn: &str, matched_by: &str| {
        topology.pools().find_map(|(site, pool)| {
            pool.servers.iter().any(|s| s.fqdn == fqdn).then(|| {
                let mut roles = vec![pool.kind.as_str().to_string()];
                if pool.web_services.is_some() {
                    roles.push("WebServices".into());
                }
                // A Persistent Chat pool collocated on this (Standard Edition) server.
                let mut kinds = vec![pool.kind];
                for (_, other) in topology.pools() {
                    if other.kind != pool.kind && other.servers.iter().any(|s| s.fqdn == fqdn) {
                        kinds.push(other.kind);
                        roles.push(other.kind.as_str().to_string());
                    }
                }
                let cms_host = topology
                    .central_management_store
                    .as_ref()
                    .is_some_and(|c| c.server == fqdn);
                if cms_host {
                    roles.push("CentralManagementStore".into());
                }
                ServerPlace {
                    server: fqdn.to_string(),
                    site: site.name.clone(),
                    pool: pool.fqdn.clone(),
                    kind: pool.kind,
                    kinds,
                    edition: pool.edition,
                    roles,
                    pool_servers: pool.servers.iter().map(|s| s.fqdn.clone()).collect(),
                    associated_pool: pool.associated_pool.clone(),
                    matched_by: matched_by.to_string(),
                    cms_host,
                }
            })
        })
    };
    if let Some(name) = explicit {
        let fqdn = normalize_dns_name(name, false).map_err(ThisServerError::BadName)?;
        return place(&fqdn, "--server").ok_or_else(|| ThisServerError::NoSuchServer {
            known: KnownServers::of(topology),
            server: fqdn,
        });
    }
    if let Some(found) = place(&machine.fqdn, "machine FQDN") {
        return Ok(found);
    }
    let prefix = format!("{}.", machine.short);
    let by_short: Vec<&str> = topology
        .server_fqdns()
        .filter(|f| f.starts_with(&prefix))
        .collect();
    match by_short.as_slice() {
        [one] => Ok(place(one, "short host name").expect("the server exists")),
        [] => Err(ThisServerError::NotAServer {
            machine: machine.fqdn.clone(),
            known: KnownServers::of(topology),
        }),
        many => Err(ThisServerError::ShortNameShared {
            short: machine.short.clone(),
            servers: many.iter().map(|s| s.to_string()).collect(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_without_domain_uses_lab_test() {
        let id = MachineIdentity::from_name("Box7");
        assert_eq!(id.fqdn, "box7.lab.test");
        assert_eq!(id.domain, "lab.test");
        assert!(!id.has_domain);
        let id = MachineIdentity::from_name("fe01.contoso.com");
        assert_eq!(
            (id.short.as_str(), id.domain.as_str()),
            ("fe01", "contoso.com")
        );
    }

    #[test]
    fn hosts_alias_finds_the_qualified_name() {
        let hosts = "127.0.0.1 localhost\n10.0.0.5 box7.corp.example box7 # me\n";
        assert_eq!(
            hosts_alias(hosts, "box7").as_deref(),
            Some("box7.corp.example")
        );
        assert_eq!(hosts_alias(hosts, "other"), None);
    }

    fn topology(servers: &[&str]) -> Topology {
        let pools: Vec<String> = servers
            .iter()
            .map(|s| {
                format!(
                    r#"{{ "fqdn": "pool-{s}", "kind": "FrontEnd", "edition": "Enterprise", "servers": [{{ "fqdn": "{s}" }}] }}"#
                )
            })
            .collect();
        let text = format!(
            r#"{{ "sip_domains": [{{ "name": "contoso.com", "default": true }}], "sites": [{{ "name": "Site", "pools": [{}] }}] }}"#,
            pools.join(", ")
        );
        serde_json::from_str(&text).expect("a topology")
    }

    /// The errors read as their English text always did (tests and scripts compare it).
    #[test]
    fn the_errors_keep_their_english_text() {
        let machine = MachineIdentity::from_name("box.contoso.com");
        let two = topology(&["a.contoso.com", "b.contoso.com"]);
        let error = find_this_server(&two, Some("nosuch.contoso.com"), &machine).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the topology has no server nosuch.contoso.com; its servers are: a.contoso.com, b.contoso.com"
        );
        assert_eq!(
            find_this_server(&two, None, &machine)
                .unwrap_err()
                .to_string(),
            "this computer (box.contoso.com) is not a server of the topology; its servers are: a.contoso.com, b.contoso.com. Pass --server FQDN to choose one, or publish a topology that names this computer"
        );
        let many: Vec<String> = (1..=12).map(|i| format!("s{i:02}.contoso.com")).collect();
        let many = topology(&many.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(
            find_this_server(&many, Some("x.contoso.com"), &machine)
                .unwrap_err()
                .to_string()
                .ends_with("s09.contoso.com, s10.contoso.com and 2 more")
        );
        let shared = topology(&["box.contoso.com.au", "box.fabrikam.com"]);
        let machine = MachineIdentity::from_name("box.example.org");
        assert_eq!(
            find_this_server(&shared, None, &machine)
                .unwrap_err()
                .to_string(),
            "several servers share this computer's short name box: box.contoso.com.au, box.fabrikam.com; pass --server FQDN"
        );
        assert_eq!(
            find_this_server(&two, Some("a b"), &machine)
                .unwrap_err()
                .to_string(),
            "--server: \"a b\" contains white space"
        );
    }
}
