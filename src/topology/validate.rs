//! Topology validation: every problem at once, each with its JSON path.
//!
//! Validation also canonicalises names (lower-case, punycode) so every later step compares
//! names one way only.

use std::collections::{HashMap, HashSet};

use super::model::{Edition, PoolKind, Topology, url_host};
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
            if let Some(first) = pool_paths.insert(pool.fqdn.clone(), pool_path.clone()) {
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
                        ("internal_port", web.internal_port),
                        ("external_port", web.external_port),
                    ] {
                        if !(1..=65535).contains(&port) {
                            problems.push(Problem::at(
                                format!("{web_path}.{field}"),
                                format!("port {port} is out of range (1-65535)"),
                            ));
                        }
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
                        && (port == web.internal_port || port == web.external_port)
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
                    pending_associations.push((path, target.clone(), pool.kind));
                }
            }
        }
    }
    for (path, target, kind) in pending_associations {
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
            Some(_) => {}
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
    problems.sort_by(|a, b| a.path.cmp(&b.path).then(a.message.cmp(&b.message)));
    problems
}
