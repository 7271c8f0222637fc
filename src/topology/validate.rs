//! Topology validation: every problem at once, each with its JSON path.
//!
//! Validation also canonicalises names (lower-case, punycode) so every later step compares
//! names one way only.

use std::collections::{HashMap, HashSet};

use super::model::{Edition, Pool, PoolKind, Topology, url_host};
use super::names::normalize_dns_name;

/// One thing wrong with a topology.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// JSON path of the offending value, e.g. `$.sites[0].pools[1].servers`.
    pub path: String,
    /// 1-based line and column in the source text, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column (characters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// What is wrong and, where it helps, what to do.
    pub message: String,
}

impl Problem {
    pub(crate) fn at(path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            path: path.into(),
            line: None,
            column: None,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, "{line}:{column}: ")?;
        }
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Checks `topology`, canonicalising its names in place; returns every problem found.
pub fn validate(topology: &mut Topology) -> Vec<Problem> {
    let mut problems = Vec::new();
    let check_name =
        |path: String, name: &mut String, problems: &mut Vec<Problem>| match normalize_dns_name(
            name, false,
        ) {
            Ok(canonical) => *name = canonical,
            Err(reason) => problems.push(Problem::at(path, format!("invalid DNS name: {reason}"))),
        };

    // SIP domains.
    if topology.sip_domains.is_empty() {
        problems.push(Problem::at(
            "$.sip_domains",
            "no SIP domain; add at least one and mark one \"default\": true",
        ));
    }
    let mut domains = HashSet::new();
    for (i, domain) in topology.sip_domains.iter_mut().enumerate() {
        let path = format!("$.sip_domains[{i}].name");
        check_name(path.clone(), &mut domain.name, &mut problems);
        if !domains.insert(domain.name.clone()) {
            problems.push(Problem::at(
                path,
                format!("duplicate SIP domain {}", domain.name),
            ));
        }
    }
    let defaults = topology.sip_domains.iter().filter(|d| d.default).count();
    if !topology.sip_domains.is_empty() && defaults == 0 {
        problems.push(Problem::at(
            "$.sip_domains",
            "no default SIP domain; mark exactly one with \"default\": true",
        ));
    } else if defaults > 1 {
        problems.push(Problem::at(
            "$.sip_domains",
            format!("{defaults} SIP domains are marked default; exactly one may be"),
        ));
    }

    // Simple URLs.
    let simple = &mut topology.simple_urls;
    let urls = simple
        .meet
        .iter_mut()
        .enumerate()
        .map(|(i, u)| (format!("$.simple_urls.meet[{i}]"), u))
        .chain(
            simple
                .dialin
                .iter_mut()
                .map(|u| ("$.simple_urls.dialin".into(), u)),
        )
        .chain(
            simple
                .admin
                .iter_mut()
                .map(|u| ("$.simple_urls.admin".into(), u)),
        );
    for (path, url) in urls {
        let Some(host) = url_host(url) else {
            problems.push(Problem::at(
                path,
                format!("\"{url}\" is not an https:// URL with a host name"),
            ));
            continue;
        };
        match normalize_dns_name(host, false) {
            Ok(canonical) => *url = url.replacen(host, &canonical, 1),
            Err(reason) => problems.push(Problem::at(path, format!("invalid host: {reason}"))),
        }
    }

    // Sites, pools, servers.
    if topology.sites.is_empty() {
        problems.push(Problem::at(
            "$.sites",
            "no site; add at least one site with a pool and its servers",
        ));
    }
    let mut site_names = HashSet::new();
    let mut pool_paths: HashMap<String, String> = HashMap::new();
    let mut server_pools: HashMap<String, (String, String)> = HashMap::new();
    let mut pending_associations = Vec::new();
    let shared = collocated_chat_names(topology);
    for (s, site) in topology.sites.iter_mut().enumerate() {
        let site_path = format!("$.sites[{s}]");
        if site.name.trim().is_empty() {
            problems.push(Problem::at(
                format!("{site_path}.name"),
                "the site name is empty",
            ));
        } else if !site_names.insert(site.name.clone()) {
            problems.push(Problem::at(
                format!("{site_path}.name"),
                format!("duplicate site name {}", site.name),
            ));
        }
        for (p, pool) in site.pools.iter_mut().enumerate() {
            let pool_path = format!("{site_path}.pools[{p}]");
            check_name(format!("{pool_path}.fqdn"), &mut pool.fqdn, &mut problems);
            // A Persistent Chat pool collocated on a Standard Edition server shares its name.
            let collocated_chat =
                pool.kind == PoolKind::PersistentChat && shared.contains(&pool.fqdn);
            if collocated_chat {
                // Checked against its Standard Edition pool below.
            } else if let Some(first) = pool_paths.insert(pool.fqdn.clone(), pool_path.clone()) {
                problems.push(Problem::at(
                    format!("{pool_path}.fqdn"),
                    format!("duplicate FQDN {}: already the pool at {first}", pool.fqdn),
                ));
            }
            match (pool.kind, pool.edition) {
                (PoolKind::FrontEnd, None) => problems.push(Problem::at(
                    format!("{pool_path}.edition"),
                    "a FrontEnd pool needs \"edition\": \"Standard\" or \"Enterprise\"",
                )),
                (PoolKind::FrontEnd, Some(_)) | (_, None) => {}
                (kind, Some(_)) => problems.push(Problem::at(
                    format!("{pool_path}.edition"),
                    format!(
                        "\"edition\" applies to FrontEnd pools only, not {}",
                        kind.as_str()
                    ),
                )),
            }
            let count = pool.servers.len();
            match (pool.kind, pool.edition) {
                (PoolKind::FrontEnd, Some(Edition::Standard)) if count != 1 => {
                    problems.push(Problem::at(
                        format!("{pool_path}.servers"),
                        format!("a Standard Edition pool has exactly one server (found {count})"),
                    ));
                }
                (PoolKind::FrontEnd, Some(Edition::Enterprise)) if count == 0 => {
                    problems.push(Problem::at(
                        format!("{pool_path}.servers"),
                        "an Enterprise pool needs at least one server",
                    ));
                }
                (kind, _) if kind != PoolKind::FrontEnd && count == 0 => {
                    problems.push(Problem::at(
                        format!("{pool_path}.servers"),
                        format!("a {} pool needs at least one server", kind.as_str()),
                    ));
                }
                _ => {}
            }
            let standard = pool.edition == Some(Edition::Standard);
            for (v, server) in pool.servers.iter_mut().enumerate() {
                let server_path = format!("{pool_path}.servers[{v}].fqdn");
                check_name(server_path.clone(), &mut server.fqdn, &mut problems);
                if standard && count == 1 && server.fqdn != pool.fqdn {
                    problems.push(Problem::at(
                        server_path.clone(),
                        format!(
                            "a Standard Edition server's FQDN is its pool's FQDN: expected {}, found {}",
                            pool.fqdn, server.fqdn
                        ),
                    ));
                }
                if collocated_chat && server.fqdn == pool.fqdn {
                    continue;
                }
                if let Some((other_pool, first)) = server_pools.insert(
                    server.fqdn.clone(),
                    (pool.fqdn.clone(), server_path.clone()),
                ) {
                    let message = if other_pool == pool.fqdn {
                        format!("duplicate FQDN {}: already listed at {first}", server.fqdn)
                    } else {
                        format!(
                            "server {} is in two pools: {other_pool} ({first}) and {}",
                            server.fqdn, pool.fqdn
                        )
                    };
                    problems.push(Problem::at(server_path, message));
                }
            }
            let serves_web = matches!(pool.kind, PoolKind::FrontEnd | PoolKind::Director);
            match (&mut pool.web_services, serves_web) {
                (None, true) => problems.push(Problem::at(
                    format!("{pool_path}.web_services"),
                    format!("a {} pool needs \"web_services\"", pool.kind.as_str()),
                )),
                (Some(_), false) => problems.push(Problem::at(
                    format!("{pool_path}.web_services"),
                    format!("a {} pool has no web services", pool.kind.as_str()),
                )),
                (Some(web), true) => {
                    let web_path = format!("{pool_path}.web_services");
                    check_name(
                        format!("{web_path}.internal_fqdn"),
                        &mut web.internal_fqdn,
                        &mut problems,
                    );
                    check_name(
                        format!("{web_path}.external_fqdn"),
                        &mut web.external_fqdn,
                        &mut problems,
                    );
                    for (field, port) in [
                        ("internal_port", Some(web.internal_port)),
                        ("external_port", Some(web.external_port)),
                        ("http_port", web.http_port),
                    ] {
                        if let Some(port) = port.filter(|p| !(1..=65535).contains(p)) {
                            problems.push(Problem::at(
                                format!("{web_path}.{field}"),
                                format!("port {port} is out of range (1-65535)"),
                            ));
                        }
                    }
                    if let Some(http) = web
                        .http_port
                        .filter(|p| *p == web.internal_port || *p == web.external_port)
                    {
                        problems.push(Problem::at(
                            format!("{web_path}.http_port"),
                            format!(
                                "the web services' HTTP port {http} is also one of their HTTPS ports; each needs its own"
                            ),
                        ));
                    }
                    if web.internal_port == web.external_port {
                        problems.push(Problem::at(
                            format!("{web_path}.external_port"),
                            format!(
                                "internal and external web services both use port {}; each needs its own",
                                web.external_port
                            ),
                        ));
                    }
                }
                (None, false) => {}
            }
            match (pool.sip_port, pool.kind) {
                (Some(port), PoolKind::FrontEnd | PoolKind::Director) => {
                    if !(1..=65535).contains(&port) {
                        problems.push(Problem::at(
                            format!("{pool_path}.sip_port"),
                            format!("port {port} is out of range (1-65535)"),
                        ));
                    }
                    if let Some(web) = &pool.web_services
                        && (port == web.internal_port
                            || port == web.external_port
                            || web.http_port == Some(port))
                    {
                        problems.push(Problem::at(
                            format!("{pool_path}.sip_port"),
                            format!(
                                "SIP and the web services both use port {port}; each needs its own"
                            ),
                        ));
                    }
                }
                (Some(_), kind) => problems.push(Problem::at(
                    format!("{pool_path}.sip_port"),
                    format!(
                        "\"sip_port\" applies to Front End and Director pools only, not {}",
                        kind.as_str()
                    ),
                )),
                (None, _) => {}
            }
            match (&mut pool.edge, pool.kind) {
                (None, PoolKind::Edge) => problems.push(Problem::at(
                    format!("{pool_path}.edge"),
                    "an Edge pool needs \"edge\" names (internal_fqdn, access_fqdn, webconf_fqdn, av_fqdn)",
                )),
                (Some(_), kind) if kind != PoolKind::Edge => problems.push(Problem::at(
                    format!("{pool_path}.edge"),
                    format!("\"edge\" applies to Edge pools only, not {}", kind.as_str()),
                )),
                (Some(edge), _) => {
                    let edge_path = format!("{pool_path}.edge");
                    for (field, name) in [
                        ("internal_fqdn", &mut edge.internal_fqdn),
                        ("access_fqdn", &mut edge.access_fqdn),
                        ("webconf_fqdn", &mut edge.webconf_fqdn),
                        ("av_fqdn", &mut edge.av_fqdn),
                    ] {
                        check_name(format!("{edge_path}.{field}"), name, &mut problems);
                    }
                    let ports = edge.tcp_ports();
                    for (k, (field, port)) in ports
                        .iter()
                        .chain(&[("turn_udp_port", edge.turn_udp_port)])
                        .enumerate()
                    {
                        if !(1..=65535).contains(port) {
                            problems.push(Problem::at(
                                format!("{edge_path}.{field}"),
                                format!("port {port} is out of range (1-65535)"),
                            ));
                        } else if let Some((other, _)) = (k < ports.len())
                            .then(|| &ports[..k])
                            .and_then(|before| before.iter().find(|(_, p)| p == port))
                        {
                            problems.push(Problem::at(
                                format!("{edge_path}.{field}"),
                                format!(
                                    "{field} and {other} both use TCP port {port}; the wizard serves the Edge on one address, so each needs its own"
                                ),
                            ));
                        }
                    }
                }
                (None, _) => {}
            }
            check_chat_settings(pool, &pool_path, &mut problems);
            let needs_association = matches!(
                pool.kind,
                PoolKind::PersistentChat | PoolKind::Edge | PoolKind::Director
            );
            match &mut pool.associated_pool {
                None if needs_association => problems.push(Problem::at(
                    format!("{pool_path}.associated_pool"),
                    format!(
                        "a {} pool must name the Front End pool it is associated with",
                        pool.kind.as_str()
                    ),
                )),
                None => {}
                Some(target) => {
                    let path = format!("{pool_path}.associated_pool");
                    check_name(path.clone(), target, &mut problems);
                    pending_associations.push((path, target.clone(), pool.kind, pool_path.clone()));
                }
            }
        }
    }
    for (path, target, kind, pool_path) in pending_associations {
        match topology.pool(&target) {
            None => problems.push(Problem::at(
                path,
                format!("associated pool {target} does not exist in the topology"),
            )),
            // A Director's next hop is a Front End pool.
            Some(pool) if kind == PoolKind::Director && pool.kind != PoolKind::FrontEnd => {
                problems.push(Problem::at(
                    path,
                    format!(
                        "a Director pool is associated with the Front End pool it forwards to; {target} is {}",
                        pool.kind.as_str()
                    ),
                ));
            }
            Some(pool) if !matches!(pool.kind, PoolKind::FrontEnd | PoolKind::Director) => {
                problems.push(Problem::at(
                    path,
                    format!(
                        "a {} pool is associated with a FrontEnd or Director pool; {target} is {}",
                        kind.as_str(),
                        pool.kind.as_str()
                    ),
                ));
            }
            Some(pool) if kind == PoolKind::PersistentChat => {
                check_standard_edition_chat(topology, pool, &target, &pool_path, &mut problems);
            }
            Some(_) => {}
        }
    }
    // A disaster-recovery standby on another server is set up by the wizard there: that
    // server must be one of the topology's.
    for (s, site) in topology.sites.iter().enumerate() {
        for (p, pool) in site.pools.iter().enumerate() {
            let Some(standby) = pool
                .persistent_chat
                .as_ref()
                .and_then(|c| c.disaster_recovery_store.as_ref())
                .filter(|d| !d.collocated())
            else {
                continue;
            };
            if !server_pools.contains_key(&standby.server) {
                problems.push(Problem::at(
                    format!("$.sites[{s}].pools[{p}].persistent_chat.disaster_recovery_store.server"),
                    format!(
                        "{} is not a server of the topology; the wizard sets the standby up on a server it deploys (or write \"collocated\")",
                        standby.server
                    ),
                ));
            }
        }
    }
    for (server, (pool, path)) in &server_pools {
        if let Some(other) = pool_paths.get(server)
            && topology.pool(server).is_some_and(|p| &p.fqdn != pool)
        {
            problems.push(Problem::at(
                path.clone(),
                format!("duplicate FQDN {server}: already the pool at {other}"),
            ));
        }
    }
    // The ports the CMS host's own services use (every pool it is a server of).
    let cms_host_ports: Vec<(String, u32)> = topology
        .central_management_store
        .as_ref()
        .map(|cms| {
            let host = normalize_dns_name(&cms.server, false).unwrap_or_default();
            topology
                .pools()
                .filter(|(_, pool)| {
                    pool.servers
                        .iter()
                        .any(|s| normalize_dns_name(&s.fqdn, false).ok().as_deref() == Some(&host))
                })
                .flat_map(|(_, pool)| host_ports(pool))
                .collect()
        })
        .unwrap_or_default();
    if let Some(cms) = topology.central_management_store.as_mut() {
        if let Some((what, _)) = cms_host_ports.iter().find(|(_, port)| *port == cms.port) {
            problems.push(Problem::at(
                "$.central_management_store.port",
                format!(
                    "port {} is already the {what} of {}: the CMS served over HTTPS needs a port of its own on its host",
                    cms.port, cms.server
                ),
            ));
        }
        check_name(
            "$.central_management_store.server".into(),
            &mut cms.server,
            &mut problems,
        );
        if !(1..=65535).contains(&cms.port) {
            problems.push(Problem::at(
                "$.central_management_store.port",
                format!("port {} is out of range (1-65535)", cms.port),
            ));
        }
        if !server_pools.contains_key(&cms.server) {
            problems.push(Problem::at(
                "$.central_management_store.server",
                format!(
                    "{} is not a server of the topology; the CMS is hosted by one of its servers (usually the Back End)",
                    cms.server
                ),
            ));
        }
    }
    problems.sort_by(|a, b| a.path.cmp(&b.path).then(a.message.cmp(&b.message)));
    problems
}

/// The TCP ports a pool's services listen on, by what they are.
fn host_ports(pool: &Pool) -> Vec<(String, u32)> {
    let mut ports = Vec::new();
    if matches!(pool.kind, PoolKind::FrontEnd | PoolKind::Director) {
        ports.push(("SIP port".to_string(), pool.sip_port()));
    }
    if let Some(web) = &pool.web_services {
        ports.push(("internal web services port".into(), web.internal_port));
        ports.push(("external web services port".into(), web.external_port));
        if let Some(http) = web.http_port {
            ports.push(("web services' HTTP port".into(), http));
        }
    }
    if let Some(edge) = &pool.edge {
        for (name, port) in edge.tcp_ports() {
            ports.push((format!("Edge {}", name.replace('_', " ")), port));
        }
    }
    if let Some(chat) = &pool.persistent_chat {
        ports.push(("Persistent Chat client port".into(), chat.client_port));
        ports.push((
            "Persistent Chat client TLS port".into(),
            chat.client_tls_port,
        ));
        ports.push(("Persistent Chat file port".into(), chat.file_port));
    }
    ports
}

/// The names of Persistent Chat pools that carry the name of the Standard Edition pool they
/// are associated with (the documented collocation; checked in full later).
fn collocated_chat_names(topology: &Topology) -> HashSet<String> {
    let canonical = |name: &str| normalize_dns_name(name, false).ok();
    let standard: HashSet<String> = topology
        .pools()
        .filter(|(_, p)| p.kind == PoolKind::FrontEnd && p.edition == Some(Edition::Standard))
        .filter_map(|(_, p)| canonical(&p.fqdn))
        .collect();
    topology
        .pools()
        .filter(|(_, p)| p.kind == PoolKind::PersistentChat)
        .filter_map(|(_, p)| {
            let name = canonical(&p.fqdn)?;
            let associated = canonical(p.associated_pool.as_deref()?)?;
            (name == associated && standard.contains(&name)).then_some(name)
        })
        .collect()
}

/// A Persistent Chat pool's stores and ports; the settings of any other pool.
fn check_chat_settings(pool: &mut Pool, pool_path: &str, problems: &mut Vec<Problem>) {
    let path = format!("{pool_path}.persistent_chat");
    let settings = match (&mut pool.persistent_chat, pool.kind) {
        (None, PoolKind::PersistentChat) => {
            problems.push(Problem::at(
                path,
                "a PersistentChat pool needs \"persistent_chat\" with its \"store\" (\"server\": \"collocated\" or the PostgreSQL server's FQDN)",
            ));
            return;
        }
        (None, _) => return,
        (Some(_), kind) if kind != PoolKind::PersistentChat => {
            problems.push(Problem::at(
                path,
                format!(
                    "\"persistent_chat\" applies to PersistentChat pools only, not {}",
                    kind.as_str()
                ),
            ));
            return;
        }
        (Some(settings), _) => settings,
    };
    let mut stores = vec![("store", &mut settings.store)];
    if let Some(compliance) = &mut settings.compliance_store {
        stores.push(("compliance_store", compliance));
    }
    for (field, store) in &mut stores {
        let store_path = format!("{path}.{field}");
        if !store.collocated() {
            match normalize_dns_name(&store.server, false) {
                Ok(canonical) => store.server = canonical,
                Err(reason) => problems.push(Problem::at(
                    format!("{store_path}.server"),
                    format!(
                        "neither \"collocated\" nor a valid DNS name of a PostgreSQL server: {reason}"
                    ),
                )),
            }
        }
        if !(1..=65535).contains(&store.port) {
            problems.push(Problem::at(
                format!("{store_path}.port"),
                format!("port {} is out of range (1-65535)", store.port),
            ));
        }
        let name_ok = !store.database.is_empty()
            && store.database.len() <= 63
            && store
                .database
                .starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
            && store
                .database
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !name_ok {
            problems.push(Problem::at(
                format!("{store_path}.database"),
                format!(
                    "\"{}\" is not a database name the wizard uses: lower-case letters, digits and _, starting with a letter, at most 63",
                    store.database
                ),
            ));
        }
    }
    if let [(_, store), (_, compliance)] = stores.as_slice() {
        if store.server == compliance.server
            && store.port == compliance.port
            && store.database == compliance.database
        {
            problems.push(Problem::at(
                format!("{path}.compliance_store.database"),
                "the compliance store is the Persistent Chat store itself; give it a database of its own",
            ));
        }
        if store.collocated() && compliance.collocated() && store.port != compliance.port {
            problems.push(Problem::at(
                format!("{path}.compliance_store.port"),
                format!(
                    "both stores are collocated, so they share the local cluster on port {}; give the compliance store that port",
                    store.port
                ),
            ));
        }
    }
    if let Some(standby) = &mut settings.disaster_recovery_store {
        let standby_path = format!("{path}.disaster_recovery_store");
        if !standby.collocated() {
            match normalize_dns_name(&standby.server, false) {
                Ok(canonical) => standby.server = canonical,
                Err(reason) => problems.push(Problem::at(
                    format!("{standby_path}.server"),
                    format!("neither \"collocated\" nor a valid DNS name: {reason}"),
                )),
            }
        }
        if !settings.store.collocated() {
            problems.push(Problem::at(
                standby_path.clone(),
                "the wizard keeps a disaster-recovery standby of a store it runs: make the store collocated, or give the standby to the store's own administrator",
            ));
        }
        if !(1..=65535).contains(&standby.port) {
            problems.push(Problem::at(
                format!("{standby_path}.port"),
                format!("port {} is out of range (1-65535)", standby.port),
            ));
        } else if standby.collocated() && standby.port == settings.store.port {
            problems.push(Problem::at(
                format!("{standby_path}.port"),
                format!(
                    "the standby on this server needs a port of its own; {} is the store's",
                    standby.port
                ),
            ));
        }
        if standby.database != settings.store.database {
            problems.push(Problem::at(
                format!("{standby_path}.database"),
                format!(
                    "a standby is a copy of the whole store: its database is the store's, {}",
                    settings.store.database
                ),
            ));
        }
    }
    if let Err(problem) = crate::contained::check(&settings.file_store) {
        problems.push(Problem::at(
            format!("{path}.file_store"),
            format!(
                "the file store must be a directory inside the Persistent Chat component's directory \
                 (relative, e.g. \"files\"; letters, digits, '.', '_' and '-' between single slashes, \
                 no \"..\"): {problem}; to keep files on a share, mount it there"
            ),
        ));
    }
    let ports = [
        ("client_port", settings.client_port),
        ("client_tls_port", settings.client_tls_port),
        ("file_port", settings.file_port),
    ];
    for (k, (field, port)) in ports.iter().enumerate() {
        if !(1..=65535).contains(port) {
            problems.push(Problem::at(
                format!("{path}.{field}"),
                format!("port {port} is out of range (1-65535)"),
            ));
        } else if let Some((other, _)) = ports[..k].iter().find(|(_, p)| p == port) {
            problems.push(Problem::at(
                format!("{path}.{field}"),
                format!("{field} and {other} both use port {port}; each needs its own"),
            ));
        } else if settings.store.collocated() && settings.store.port == *port {
            problems.push(Problem::at(
                format!("{path}.{field}"),
                format!(
                    "{field} and the collocated store both use port {port}; each needs its own"
                ),
            ));
        }
    }
}

/// The documentation's rule: a Persistent Chat pool associated with a Standard Edition pool
/// is collocated on that server (same FQDN, databases collocated).
fn check_standard_edition_chat(
    topology: &Topology,
    associated: &Pool,
    target: &str,
    pool_path: &str,
    problems: &mut Vec<Problem>,
) {
    if associated.edition != Some(Edition::Standard) {
        return;
    }
    // `$.sites[S].pools[P]`
    let index = |key: &str| -> Option<usize> {
        let start = pool_path.find(key)? + key.len();
        pool_path[start..].split(']').next()?.parse().ok()
    };
    let Some(chat) = index("sites[")
        .and_then(|s| topology.sites.get(s))
        .and_then(|site| site.pools.get(index("pools[")?))
    else {
        return;
    };
    if chat.fqdn != associated.fqdn {
        problems.push(Problem::at(
            format!("{pool_path}.fqdn"),
            format!(
                "a Persistent Chat pool associated with the Standard Edition pool {target} is collocated on that server: its FQDN must be {target}, not {}",
                chat.fqdn
            ),
        ));
    }
    if chat.servers.len() != 1 || chat.servers[0].fqdn != associated.fqdn {
        problems.push(Problem::at(
            format!("{pool_path}.servers"),
            format!(
                "a Persistent Chat pool on Standard Edition has one server, the Standard Edition server {target}"
            ),
        ));
    }
    if let Some(settings) = &chat.persistent_chat {
        for (field, store) in std::iter::once(("store", &settings.store)).chain(
            settings
                .compliance_store
                .iter()
                .map(|c| ("compliance_store", c)),
        ) {
            if !store.collocated() {
                problems.push(Problem::at(
                    format!("{pool_path}.persistent_chat.{field}.server"),
                    format!(
                        "on Standard Edition the Persistent Chat databases are collocated on {target}: write \"server\": \"collocated\", not {}",
                        store.server
                    ),
                ));
            }
        }
    }
}
