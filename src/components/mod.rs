//! Step 2, Setup or Remove Components: the catalog entries this server's roles need, rendered
//! from the replica's topology into the install path, recorded file by file (with hashes) in
//! an install manifest so that reruns are idempotent and removal deletes only what step 2 wrote.

pub mod catalog;
pub mod chat;
pub mod directory;
pub mod firewall;
pub mod packages;
pub mod render;
pub mod turn;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::Failure;
use crate::atomic;
use crate::cert::Usage;
use crate::cert::store::CertStore;
use crate::data_dir::{DataDir, create_private_dir};
use crate::log::{Reason, Refusal, RunLog};
use crate::store::{LocalConfigurationStore, StoreError, sha256_hex};
use catalog::{ComponentDef, Prerequisite};

/// Why a component action failed.
#[derive(Debug, thiserror::Error)]
pub enum ComponentError {
    /// Bad input: the text says what to fix.
    #[error("{0}")]
    BadInput(String),
    /// Prerequisites not satisfied; every unmet item is listed and nothing was changed.
    #[error("Prerequisites not satisfied:\n{}", .0.iter().map(|p| format!("  - {p}")).collect::<Vec<_>>().join("\n"))]
    Prerequisites(Vec<Refusal>),
    /// The action was attempted and failed.
    #[error("{0}")]
    Failed(String),
    /// A component's services need certificates not assigned yet.
    #[error("{component} needs its certificates before it starts: assign {} (step 3), then run step 2 again", crate::cert::usage::join(.usages, ", "))]
    CertificatesMissing {
        /// The component.
        component: String,
        /// The usages without a certificate.
        usages: Vec<Usage>,
    },
    /// A service cannot start: another program holds one of its ports.
    #[error(
        "{service} cannot start: TCP port {port} is already in use by {holder}; stop that program, or give the service another port in the topology"
    )]
    PortBusy {
        /// The service.
        service: String,
        /// The port.
        port: u16,
        /// Who holds it.
        holder: crate::process::Listener,
    },
    /// The replica.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ComponentError {
    /// Exit code class.
    pub fn failure(&self) -> Failure {
        match self {
            ComponentError::BadInput(_)
            | ComponentError::Prerequisites(_)
            | ComponentError::CertificatesMissing { .. } => Failure::BadInput,
            ComponentError::Store(e) => e.failure(),
            ComponentError::Failed(_) | ComponentError::PortBusy { .. } => Failure::ActionFailed,
        }
    }
}

impl crate::log::Explain for ComponentError {
    fn reason(&self) -> Option<crate::log::Reason> {
        match self {
            ComponentError::CertificatesMissing { component, usages } => Some(
                Reason::new("why-certificates-missing")
                    .with("component", component)
                    .with("usages", crate::cert::usage::join(usages, ", ")),
            ),
            ComponentError::PortBusy {
                service,
                port,
                holder,
            } => Some(
                Reason::new("why-port-busy")
                    .with("service", service)
                    .with("port", port)
                    .with("holder", holder),
            ),
            ComponentError::Prerequisites(unmet) => Some(
                Reason::new("why-prerequisites")
                    .with_parts(unmet.iter().map(|u| u.why.clone()).collect()),
            ),
            ComponentError::Store(error) => crate::log::Explain::reason(error),
            _ => None,
        }
    }
}

impl From<crate::cert::CertError> for ComponentError {
    fn from(error: crate::cert::CertError) -> Self {
        match error.failure() {
            Failure::BadInput => ComponentError::BadInput(error.to_string()),
            Failure::ActionFailed => ComponentError::Failed(error.to_string()),
        }
    }
}

/// Whether a component's install finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InstallState {
    /// Files are being written (a crash here is finished by the next setup).
    Installing,
    /// Done.
    Installed,
}

/// One installed component.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InstalledComponent {
    /// State.
    pub state: InstallState,
    /// Files written, relative to the install path, with their SHA-256.
    pub files: BTreeMap<String, String>,
    /// Directories created, relative to the install path.
    #[serde(default)]
    pub directories: Vec<String>,
    /// Replica revision rendered.
    pub revision: u64,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub installed_at: OffsetDateTime,
}

/// `install/manifest.json`: where components are installed and what each wrote.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InstallManifest {
    /// The install path (chosen once).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub install_path: Option<PathBuf>,
    /// By component name.
    #[serde(default)]
    pub components: BTreeMap<String, InstalledComponent>,
}

fn manifest_file(data: &DataDir) -> PathBuf {
    data.root().join("install").join("manifest.json")
}

impl InstallManifest {
    /// Reads the manifest (empty if step 2 never ran).
    pub fn load(data: &DataDir) -> Result<Self, ComponentError> {
        match std::fs::read(manifest_file(data)) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
                ComponentError::Failed(format!("{} is damaged: {e}", manifest_file(data).display()))
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(ComponentError::Failed(format!(
                "cannot read {}: {e}",
                manifest_file(data).display()
            ))),
        }
    }

    /// Writes it atomically.
    pub fn save(&self, data: &DataDir) -> Result<(), ComponentError> {
        let path = manifest_file(data);
        create_private_dir(path.parent().expect("in install/")).map_err(|e| {
            ComponentError::Failed(format!("cannot create {}: {e}", path.display()))
        })?;
        let mut bytes = serde_json::to_vec_pretty(self).expect("a manifest serialises");
        bytes.push(b'\n');
        atomic::write(&path, &bytes)
            .map_err(|e| ComponentError::Failed(format!("cannot write {}: {e}", path.display())))
    }

    /// The directory of a component.
    pub fn component_dir(&self, data: &DataDir, name: &str) -> PathBuf {
        install_root(self, data).join(name)
    }
}

fn install_root(manifest: &InstallManifest, data: &DataDir) -> PathBuf {
    manifest
        .install_path
        .clone()
        .unwrap_or_else(|| data.root().join("install"))
}

/// What the server has to offer templates.
pub struct Context {
    /// The replica.
    pub replica: LocalConfigurationStore,
    /// Catalog components this server's roles need.
    pub desired: Vec<ComponentDef>,
    /// Every catalog component.
    pub catalog: BTreeMap<String, ComponentDef>,
    base_vars: BTreeMap<String, String>,
    data_root: PathBuf,
}

/// Loads the catalog and the replica, and the variables templates may use.
pub fn context(data: &DataDir) -> Result<Context, ComponentError> {
    let replica = LocalConfigurationStore::require(data)?;
    let topology = replica.topology()?;
    let place = replica.this_server()?;
    let catalog = catalog::load(&data.root().join("catalog"))?;
    let desired = catalog
        .values()
        .filter(|c| place.kinds.iter().any(|k| c.roles.contains(k)))
        .filter(|c| match c.condition {
            None => true,
            Some(catalog::Condition::CollocatedChatStore) => {
                chat::collocated_store(&topology, &place.server)
            }
            Some(catalog::Condition::ChatStandbyHere) => {
                chat::standby_here(&topology, &place.server).is_some()
            }
            Some(catalog::Condition::CmsHost) => place.cms_host,
        })
        .cloned()
        .collect();
    let pool = topology
        .pool(&place.pool)
        .expect("this server's pool exists");
    let realm = topology
        .default_sip_domain()
        .unwrap_or_default()
        .to_string();
    let mut vars = BTreeMap::from([
        ("data_dir".to_string(), data.root().display().to_string()),
        ("server".to_string(), place.server.clone()),
        ("pool".to_string(), place.pool.clone()),
        ("default_sip_domain".to_string(), realm.clone()),
        (
            "nginx_user".to_string(),
            if crate::process::running_as_root() {
                "user root;".into()
            } else {
                String::new()
            },
        ),
        ("listen_prefix".to_string(), listen_prefix()?),
        ("listen_address".to_string(), listen_address()?),
        (
            // Kamailio advertises the server's name where it listens on every address.
            "listen_scope".to_string(),
            if listen_prefix()?.is_empty() {
                "EVERY_ADDRESS".into()
            } else {
                "ONE_ADDRESS".into()
            },
        ),
        ("sip_port".to_string(), pool.sip_port().to_string()),
        (
            "sip_domains_pattern".to_string(),
            sip_domains_pattern(topology.sip_domains.iter().map(|d| d.name.as_str()))?,
        ),
    ]);
    // Where this server is reached when its services listen on every address: its name as the
    // wizard resolves it (the hosts file it is told to read included), or the name itself for
    // the service to resolve.
    vars.insert(
        "server_advertise".into(),
        match crate::https::resolve_host(&place.server) {
            Some(std::net::IpAddr::V6(v6)) => format!("[{v6}]"),
            Some(v4) => v4.to_string(),
            None => place.server.clone(),
        },
    );
    // A Director's or Edge's next hop: the pool it is associated with.
    if let Some(next) = pool
        .associated_pool
        .as_deref()
        .and_then(|fqdn| topology.pool(fqdn))
    {
        vars.insert("next_hop".into(), next.fqdn.clone());
        vars.insert("next_hop_port".into(), next.sip_port().to_string());
        let address = crate::https::resolve_host(&next.fqdn);
        // As a source address reads (`::1`), and as a URI host (`[::1]`).
        vars.insert(
            "next_hop_ip".into(),
            address.map(|ip| ip.to_string()).unwrap_or_default(),
        );
        vars.insert(
            "next_hop_address".into(),
            address
                .map(|ip| match ip {
                    std::net::IpAddr::V6(v6) => format!("[{v6}]"),
                    v4 => v4.to_string(),
                })
                .unwrap_or_default(),
        );
        if let Some(web) = &next.web_services {
            vars.insert("next_hop_web_port".into(), web.external_port.to_string());
            vars.insert("next_hop_web_fqdn".into(), web.external_fqdn.clone());
        }
    }
    if let Some(edge) = &pool.edge {
        for (name, value) in [
            ("edge_internal_fqdn", &edge.internal_fqdn),
            ("access_fqdn", &edge.access_fqdn),
            ("webconf_fqdn", &edge.webconf_fqdn),
            ("av_fqdn", &edge.av_fqdn),
        ] {
            vars.insert(name.into(), value.clone());
        }
        for (name, port) in edge
            .tcp_ports()
            .into_iter()
            .chain([("turn_udp_port", edge.turn_udp_port)])
        {
            let name = if name == "internal_port" {
                "edge_internal_port"
            } else {
                name
            };
            vars.insert(name.into(), port.to_string());
        }
    }
    pool_replication_vars(&mut vars, pool, &place.server)?;
    if let Some(web) = &pool.web_services {
        vars.insert("web_internal_fqdn".into(), web.internal_fqdn.clone());
        vars.insert("web_external_fqdn".into(), web.external_fqdn.clone());
        vars.insert("web_internal_port".into(), web.internal_port.to_string());
        vars.insert("web_external_port".into(), web.external_port.to_string());
    }
    web_http_vars(&mut vars, pool.web_services.as_ref())?;
    if let Some(cms) = topology
        .central_management_store
        .as_ref()
        .filter(|_| place.cms_host)
    {
        vars.insert("cms_port".into(), cms.port.to_string());
        // The CMS this host serves is the directory its own step 1 reads, once `cms serve`
        // prepared it.
        // (Empty when it reads an URL: the `cms_served` prerequisite then refuses.)
        let dir = crate::settings::Settings::load(data)
            .cms
            .filter(|location| !location.contains("://"))
            .unwrap_or_default();
        vars.insert("cms_directory".into(), dir);
    }
    chat::add_vars(
        &mut vars,
        &replica,
        &topology,
        &place.server,
        &listen_address()?,
    )?;
    // The directory the registrar authenticates users with (its LDAP session holds the bind
    // password: private files only).
    let lab_roots = crate::cert::lab::trusted_roots(&replica).unwrap_or_default();
    directory::add_vars(&mut vars, &replica, &place.pool, &lab_roots)?;
    // The A/V Edge's TURN secret (only a template marked private may hold it).
    if let Some(secret) = replica.turn_secret()? {
        vars.insert(TURN_SECRET_VAR.into(), secret);
    }
    let oauth = crate::cert::global::replicated_assignment(&replica)?;
    let metadata =
        crate::cert::metadata::document(&realm, &place.server, &oauth, &CertStore::open(data));
    vars.insert(
        "oauth_metadata".into(),
        serde_json::to_string_pretty(&metadata).expect("JSON serialises"),
    );
    // A roll not yet effective: the document as it will be, served from its date on (nginx
    // compares the clock with the date itself, so every server switches at the same moment).
    let (next, switch) = match oauth.pending.as_ref() {
        Some(roll) if roll.effective > time::OffsetDateTime::now_utc() => {
            let mut after = oauth.clone();
            after.apply_due_roll(roll.effective);
            let seconds = roll.effective.unix_timestamp().max(0) as u64;
            (
                crate::cert::metadata::document(
                    &realm,
                    &place.server,
                    &after,
                    &CertStore::open(data),
                ),
                format!("\"~{}\" 1-next;", render::epoch_at_or_after(seconds)),
            )
        }
        _ => (metadata, String::new()),
    };
    vars.insert(
        "oauth_metadata_next".into(),
        serde_json::to_string_pretty(&next).expect("JSON serialises"),
    );
    vars.insert("oauth_switch".into(), switch);
    Ok(Context {
        replica,
        desired,
        catalog,
        base_vars: vars,
        data_root: data.root().to_path_buf(),
    })
}

/// The template variable holding the TURN secret.
pub const TURN_SECRET_VAR: &str = "turn_secret";

/// Environment variable restricting the services' listeners to one address (labs, tests).
pub const LISTEN_ADDRESS_ENV: &str = "DEPLOY_WIZARD_LISTEN_ADDRESS";

/// `ADDRESS:` when listeners are restricted to one address, else empty (every address). The
/// address must be an IP address: anything else is refused before a file is written.
fn listen_prefix() -> Result<String, ComponentError> {
    match std::env::var_os(LISTEN_ADDRESS_ENV).filter(|v| !v.is_empty()) {
        None => Ok(String::new()),
        Some(value) => listen_prefix_for(&value.to_string_lossy()),
    }
}

/// The ports a component's services listen on: TCP (TLS ports, health probes, the ports its
/// prerequisites want free) and UDP (`udp_ports`). Unrenderable entries are left out (the
/// prerequisites already refused them).
pub fn component_ports(def: &ComponentDef, vars: &BTreeMap<String, String>) -> firewall::Ports {
    let port = |template: &String| {
        render::render(template, vars, render::Syntax::Config)
            .ok()
            .and_then(|p| p.parse::<u16>().ok())
    };
    let mut ports = firewall::Ports::default();
    for service in &def.services {
        ports
            .tcp
            .extend(service.tls_ports.iter().filter_map(|t| port(&t.port)));
        ports
            .tcp
            .extend(service.health.iter().filter_map(|h| port(&h.port)));
        ports.udp.extend(service.udp_ports.iter().filter_map(port));
    }
    for prerequisite in &def.prerequisites {
        if let Prerequisite::PortFree { port: template, .. } = prerequisite {
            ports.tcp.extend(port(template));
        }
    }
    ports
}

/// The account `def`'s services run as, installed in `dir`: when the wizard runs as root, the
/// catalog names a user that exists, and every directory above the install path that the
/// wizard does not manage lets others through (a home such as /root does not: then the
/// services keep running as root, which step 2's log says).
pub fn service_account(
    def: &ComponentDef,
    dir: &Path,
    data_root: &Path,
) -> Option<crate::process::Account> {
    let name = def.service_user.as_deref()?;
    if !crate::process::running_as_root() {
        return None;
    }
    let account = crate::process::system_account(name)?;
    let plain = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    };
    if !plain(&account.user) || !plain(&account.group) {
        return None;
    }
    let install_root = dir.parent()?;
    let blocked = install_root
        .ancestors()
        .skip(1)
        .find(|a| *a != data_root && !traversable(a));
    match blocked {
        None => Some(account),
        Some(_) => None,
    }
}

/// Whether others may pass through `dir` (the x bit for others).
fn traversable(dir: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(dir).is_ok_and(|m| m.permissions().mode() & 0o001 != 0)
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        true
    }
}

/// Lets `account`'s group reach the component's files in `dir`: the install path (and the
/// data dir above it) become traversable by others (x only: nothing becomes listable or
/// readable), the component's directory 0750 and group-owned by the account's group.
#[cfg(unix)]
fn open_to_service_user(
    dir: &Path,
    data_root: &Path,
    account: &crate::process::Account,
) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let install_root = dir.parent().unwrap_or(dir);
    for managed in [
        Some(install_root),
        Some(data_root).filter(|d| install_root.starts_with(d)),
    ]
    .into_iter()
    .flatten()
    {
        let mode = std::fs::metadata(managed)?.permissions().mode();
        std::fs::set_permissions(
            managed,
            std::fs::Permissions::from_mode((mode & 0o7777) | 0o011),
        )?;
    }
    rustix::fs::chown(dir, None, Some(rustix::fs::Gid::from_raw(account.gid)))?;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o750))
}

/// The first file at `pattern`, where a `*` component matches any one directory entry.
fn find_path(pattern: &str) -> Option<PathBuf> {
    fn walk(base: PathBuf, rest: &[&str]) -> Option<PathBuf> {
        match rest.split_first() {
            None => base.exists().then_some(base),
            Some((&"*", rest)) => {
                let mut entries: Vec<PathBuf> = std::fs::read_dir(&base)
                    .ok()?
                    .flatten()
                    .map(|e| e.path())
                    .collect();
                entries.sort();
                entries.into_iter().find_map(|e| walk(e, rest))
            }
            Some((part, rest)) => walk(base.join(part), rest),
        }
    }
    let parts: Vec<&str> = pattern.split('/').filter(|p| !p.is_empty()).collect();
    walk(PathBuf::from("/"), &parts)
}

/// The variables of a Front End pool's shared registrations: for a pool of several servers,
/// this server's address and every server's (resolved now, checked to be IP addresses), as
/// Kamailio's DMQ notification addresses and as a source test; `ONE_SERVER` otherwise.
fn pool_replication_vars(
    vars: &mut BTreeMap<String, String>,
    pool: &crate::topology::Pool,
    server: &str,
) -> Result<(), ComponentError> {
    let several = pool.kind == crate::topology::PoolKind::FrontEnd && pool.servers.len() > 1;
    let port = pool.sip_port();
    let restricted = listen_address()?;
    let listen = |address: &str| match address.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(v6)) => format!("listen=tls:[{v6}]:{port}"),
        _ => format!("listen=tls:{address}:{port}"),
    };
    if !several {
        vars.insert("sip_listen".into(), listen(&restricted));
        vars.insert("pool_replication".into(), "ONE_SERVER".into());
        for name in ["server_ip", "dmq_peers", "pool_peer_test"] {
            vars.insert(name.into(), String::new());
        }
        return Ok(());
    }
    let address = |fqdn: &str| -> Result<std::net::IpAddr, ComponentError> {
        if fqdn == server && restricted != "0.0.0.0" {
            return restricted
                .parse()
                .map_err(|_| ComponentError::BadInput(format!("{restricted} is not an address")));
        }
        crate::https::resolve_host(fqdn).ok_or_else(|| {
            ComponentError::BadInput(format!(
                "the pool {} shares its registrations between its servers, but {fqdn} does not resolve to an address here: add it to DNS or /etc/hosts, then run step 2 again",
                pool.fqdn
            ))
        })
    };
    let uri_host = |ip: std::net::IpAddr| match ip {
        std::net::IpAddr::V6(v6) => format!("[{v6}]"),
        v4 => v4.to_string(),
    };
    let own = address(server)?;
    let mut peers = Vec::new();
    let mut tests = Vec::new();
    for other in &pool.servers {
        let ip = address(&other.fqdn)?;
        tests.push(format!("$si == \"{ip}\""));
        if other.fqdn != server {
            peers.push(format!(
                "modparam(\"dmq\", \"notification_address\", \"sip:{}:{};transport=tls\")",
                uri_host(ip),
                pool.sip_port()
            ));
        }
    }
    vars.insert(
        "sip_listen".into(),
        if restricted == "0.0.0.0" {
            format!("{}\n{}", listen(&own.to_string()), listen("127.0.0.1"))
        } else {
            listen(&restricted)
        },
    );
    vars.insert("pool_replication".into(), "POOL_REPLICATION".into());
    vars.insert("server_ip".into(), uri_host(own));
    vars.insert("dmq_peers".into(), peers.join("\n"));
    vars.insert("pool_peer_test".into(), tests.join(" || "));
    Ok(())
}

/// The web services' HTTP listener, when the topology gives them an HTTP port: its port
/// (`web_http_port`, empty without one) and its nginx server (`web_http_server`, a trusted
/// fragment of validated names and numbers): ACME http-01 challenges answered from
/// `acme-challenge/` in the component's directory (nginx's prefix), everything else
/// redirected to the internal HTTPS port.
fn web_http_vars(
    vars: &mut BTreeMap<String, String>,
    web: Option<&crate::topology::WebServices>,
) -> Result<(), ComponentError> {
    let Some((web, http)) = web.and_then(|w| Some((w, w.http_port?))) else {
        vars.insert("web_http_port".into(), String::new());
        vars.insert("web_http_server".into(), String::new());
        return Ok(());
    };
    let https = match web.internal_port {
        443 => web.internal_fqdn.clone(),
        port => format!("{}:{port}", web.internal_fqdn),
    };
    vars.insert("web_http_port".into(), http.to_string());
    vars.insert(
        "web_http_server".into(),
        format!(
            "server {{\n        listen {}{http};\n        server_name {};\n        location ^~ /.well-known/acme-challenge/ {{ default_type text/plain; alias {ACME_WEBROOT}/; }}\n        location / {{ return 301 https://{https}$request_uri; }}\n    }}",
            listen_prefix()?,
            web.internal_fqdn,
        ),
    );
    Ok(())
}

/// Where, in the web services' directory, the files answering ACME http-01 challenges are
/// served from (on their HTTP port).
pub const ACME_WEBROOT: &str = "acme-challenge";

/// The address services listen on: the restricted one (`127.0.0.1`, `[::1]`) or `0.0.0.0`.
fn listen_address() -> Result<String, ComponentError> {
    Ok(listen_prefix()?
        .strip_suffix(':')
        .filter(|a| !a.is_empty())
        .unwrap_or("0.0.0.0")
        .to_string())
}

/// The SIP domains as one regular expression alternative (`contoso[.]com|fabrikam[.]com`), a
/// dot written `[.]` so nothing needs a backslash. Every domain must hold only letters, digits,
/// `-` and dots (what topology validation lets through); anything else is refused, so the
/// pattern can be trusted in a configuration.
pub fn sip_domains_pattern<'a>(
    domains: impl Iterator<Item = &'a str>,
) -> Result<String, ComponentError> {
    let mut alternatives = Vec::new();
    for domain in domains {
        if domain.is_empty()
            || !domain
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        {
            return Err(ComponentError::BadInput(format!(
                "the SIP domain {domain:?} is not a DNS name; fix the topology"
            )));
        }
        alternatives.push(domain.replace('.', "[.]"));
    }
    Ok(alternatives.join("|"))
}

/// The listen prefix for an address given as text: `127.0.0.1:` or `[::1]:`.
pub fn listen_prefix_for(value: &str) -> Result<String, ComponentError> {
    let address: std::net::IpAddr = value.parse().map_err(|_| {
        ComponentError::BadInput(format!(
            "{LISTEN_ADDRESS_ENV}={} is not an IP address: give one such as 127.0.0.1 or ::1, or unset it to listen on every address",
            value.escape_debug()
        ))
    })?;
    Ok(match address {
        std::net::IpAddr::V6(v6) => format!("[{v6}]:"),
        std::net::IpAddr::V4(v4) => format!("{v4}:"),
    })
}

/// The web services' nginx configuration rendered from values as step 2 checks them (install
/// path, listen address, a host name for every name variable), beside the same template
/// rendered with every value empty: the fuzz target and the tests compare their syntax
/// (`render::syntax_signature`) to prove no accepted value changes how nginx reads it.
pub fn web_services_config_sample(
    install: &str,
    listen: &str,
    host: &str,
) -> Result<(String, String), ComponentError> {
    let install = Path::new(install);
    check_install_path(install)?;
    let listen_prefix = if listen.is_empty() {
        String::new()
    } else {
        listen_prefix_for(listen)?
    };
    let host = crate::topology::normalize_dns_name(host, false)
        .map_err(|e| ComponentError::BadInput(format!("host name: {e}")))?;
    let catalog = catalog::load(Path::new("/nonexistent"))?;
    let def = &catalog["WebServices"];
    let file = def
        .files
        .iter()
        .find(|f| f.path == "conf/nginx.conf")
        .expect("the web services render conf/nginx.conf");
    let dir = install.join(&def.name);
    let mut vars = BTreeMap::from([
        ("install".to_string(), dir.display().to_string()),
        ("nginx_user".to_string(), String::new()),
        // A trusted fragment the wizard builds from a date (no roll pending in the sample).
        ("oauth_switch".to_string(), String::new()),
        // Another (the HTTP listener, built from the topology's checked names and port; none in
        // the sample).
        ("web_http_server".to_string(), String::new()),
        ("listen_prefix".to_string(), listen_prefix),
        ("web_internal_port".to_string(), "4443".to_string()),
        ("web_external_port".to_string(), "8443".to_string()),
    ]);
    for name in ["web_internal_fqdn", "web_external_fqdn", "server", "pool"] {
        vars.insert(name.to_string(), host.clone());
    }
    certificate_vars(def, &dir, &mut vars);
    let rendered = render::render(&file.template, &vars, render::Syntax::Config)
        .map_err(ComponentError::BadInput)?;
    let empty: BTreeMap<String, String> = vars.keys().map(|k| (k.clone(), String::new())).collect();
    let bare = render::render(&file.template, &empty, render::Syntax::Config)
        .map_err(ComponentError::BadInput)?;
    Ok((rendered, bare))
}

/// The `cert_USAGE` and `key_USAGE` variables: where a component installed in `dir` keeps the
/// certificate and key of each usage it serves.
/// The Access Edge's listen lines and TLS server sections, one pair per address it is reached on
/// (`edge_listen`, `edge_tls_sections`: trusted fragments of parsed addresses, numbers and the
/// component's own certificate paths): Kamailio picks a section by the connection's local
/// address and port, so a section for `0.0.0.0` would never match and every connection would
/// get the default section (and it refuses a section without a socket of its own). Listening on
/// every address, the Edge listens on each local IPv4 address of the host (re-rendered by
/// step 2). The external port presents AccessEdgeExternal to anyone; the
/// internal port presents Internal and demands a client certificate from a trusted CA.
fn edge_tls_sections(vars: &mut BTreeMap<String, String>) {
    let (Some(access), Some(internal)) = (vars.get("access_port"), vars.get("edge_internal_port"))
    else {
        return;
    };
    let (Some(cert_a), Some(key_a), Some(cert_i), Some(key_i), Some(roots)) = (
        vars.get("cert_AccessEdgeExternal"),
        vars.get("key_AccessEdgeExternal"),
        vars.get("cert_Internal"),
        vars.get("key_Internal"),
        vars.get("trusted_roots"),
    ) else {
        return;
    };
    let addresses: Vec<std::net::IpAddr> = match vars
        .get("listen_address")
        .and_then(|a| a.parse::<std::net::IpAddr>().ok())
    {
        Some(ip) if !ip.is_unspecified() => vec![ip],
        _ => crate::process::local_ipv4_addresses()
            .into_iter()
            .map(std::net::IpAddr::V4)
            .collect(),
    };
    let mut text = String::new();
    let mut listen = String::new();
    for ip in addresses {
        let host = match ip {
            std::net::IpAddr::V6(v6) => format!("[{v6}]"),
            v4 => v4.to_string(),
        };
        listen.push_str(&format!(
            "listen=tls:{host}:{access}\nlisten=tls:{host}:{internal}\n"
        ));
        text.push_str(&format!(
            "[server:{host}:{access}]\nmethod = TLSv1.2+\ncertificate = {cert_a}\nprivate_key = {key_a}\nverify_certificate = no\nrequire_certificate = no\n\n\
             # The internal leg: only a pool server with a certificate from a trusted CA may connect.\n\
             [server:{host}:{internal}]\nmethod = TLSv1.2+\ncertificate = {cert_i}\nprivate_key = {key_i}\nverify_certificate = yes\nrequire_certificate = yes\nca_list = {roots}\n\n"
        ));
    }
    vars.insert("edge_tls_sections".into(), text);
    vars.insert("edge_listen".into(), listen);
}

fn certificate_vars(def: &ComponentDef, dir: &Path, vars: &mut BTreeMap<String, String>) {
    if let Some(roots) = &def.trusted_roots {
        vars.insert(
            "trusted_roots".into(),
            dir.join(roots).display().to_string(),
        );
    }
    for cert in &def.certificates {
        vars.insert(
            format!("cert_{}", cert.usage),
            dir.join(&cert.certificate).display().to_string(),
        );
        vars.insert(
            format!("key_{}", cert.usage),
            dir.join(&cert.key).display().to_string(),
        );
    }
}

/// Checks a path that reaches rendered configurations and service command lines: absolute,
/// UTF-8, no `..`, and no character a configuration syntax reads (white space, `;`, braces,
/// quotes, `#`, `$`, `\`, control characters).
pub fn check_install_path(path: &Path) -> Result<(), ComponentError> {
    let shown = path.display().to_string().escape_debug().to_string();
    let refuse = |why: String| {
        Err(ComponentError::BadInput(format!(
            "the install path {shown} {why}; choose another with --install-path DIR"
        )))
    };
    let Some(text) = path.to_str() else {
        return refuse("is not UTF-8".into());
    };
    if !path.is_absolute() {
        return refuse("must be an absolute path".into());
    }
    if path
        .components()
        .any(|c| matches!(c, std::path::Component::ParentDir))
    {
        return refuse("holds a .. component".into());
    }
    if let Some(c) = render::unsafe_character(text) {
        return refuse(format!(
            "holds {c:?}, which the services' configuration files would read as syntax"
        ));
    }
    Ok(())
}

/// The path as the file system resolves it (symbolic links of its existing part followed).
fn resolved(path: &Path) -> PathBuf {
    let existing = existing_ancestor(path);
    let rest = path.strip_prefix(&existing).unwrap_or(Path::new(""));
    existing.canonicalize().unwrap_or(existing).join(rest)
}

/// Refuses an install path inside what the wizard replaces or keeps apart: the replica (step 1
/// swaps it whole), the certificate store, pending requests, logs, and the CMS.
fn check_install_location(data: &DataDir, path: &Path) -> Result<(), ComponentError> {
    let root = data.root();
    let mut kept: Vec<(PathBuf, &str)> = vec![
        (
            data.replica(),
            "the local configuration store, which step 1 replaces",
        ),
        (
            root.join("replica.previous"),
            "the local configuration store, which step 1 replaces",
        ),
        (root.join("certs"), "the certificate store"),
        (root.join("requests"), "the pending certificate requests"),
        (root.join("trusted-roots"), "the trusted roots"),
        (data.logs(), "the run logs"),
        (root.join("acme"), "the ACME accounts"),
    ];
    if let Some(cms) = crate::settings::Settings::load(data)
        .cms
        .filter(|c| !c.contains("://"))
    {
        kept.push((PathBuf::from(cms), "the central management store"));
    }
    let target = resolved(path);
    for (dir, what) in kept {
        let dir = resolved(&dir);
        if target.starts_with(&dir) {
            return Err(ComponentError::BadInput(format!(
                "the install path {} lies inside {what} ({}); choose a path outside it with --install-path DIR",
                path.display(),
                dir.display()
            )));
        }
    }
    Ok(())
}

/// A file as step 2 would write it.
pub struct RenderedFile {
    /// Relative to the component's directory.
    pub path: String,
    /// Content.
    pub bytes: Vec<u8>,
    /// Whether it holds a private key (written 0600).
    pub private: bool,
    /// A key the service user reads: written 0640, group-owned by this group id.
    pub group: Option<u32>,
}

impl Context {
    /// The template variables of a component installed in `dir`.
    pub fn vars(&self, def: &ComponentDef, dir: &Path) -> BTreeMap<String, String> {
        let mut vars = self.base_vars.clone();
        vars.insert("install".into(), dir.display().to_string());
        // The services' unprivileged user, when they drop to it.
        let account = service_account(def, dir, &self.data_root);
        let (privileges, user, group) = match &account {
            Some(a) => ("DROP_PRIVILEGES", a.user.clone(), a.group.clone()),
            None => ("KEEP_PRIVILEGES", String::new(), String::new()),
        };
        vars.insert("privileges".into(), privileges.into());
        vars.insert(
            "coturn_proc_user".into(),
            account
                .as_ref()
                .map(|_| format!("proc-user={user}"))
                .unwrap_or_default(),
        );
        vars.insert(
            "coturn_proc_group".into(),
            account
                .as_ref()
                .map(|_| format!("proc-group={group}"))
                .unwrap_or_default(),
        );
        if account.is_some() && def.service_user.is_some() {
            vars.insert("nginx_user".into(), format!("user {user} {group};"));
        }
        // The store's superuser: the account PostgreSQL runs as (peer authentication).
        let superuser = if user.is_empty() {
            crate::process::current_user().unwrap_or_default()
        } else {
            user.clone()
        };
        vars.insert("store_superuser".into(), superuser);
        vars.insert("service_user".into(), user);
        vars.insert("service_group".into(), group);
        // A relative file store lies in the install path.
        if let Some(store) = vars.get("chat_file_store").cloned()
            && !store.starts_with('/')
        {
            vars.insert(
                "chat_file_store".into(),
                dir.join(store).display().to_string(),
            );
        }
        // Files a prerequisite found, by the variable it names (empty when missing: the
        // prerequisite then stops step 2 before anything is rendered).
        for prerequisite in &def.prerequisites {
            if let Prerequisite::File {
                paths,
                var: Some(var),
                ..
            } = prerequisite
            {
                let found = paths.iter().find_map(|p| find_path(p));
                vars.insert(
                    var.clone(),
                    found.map(|p| p.display().to_string()).unwrap_or_default(),
                );
            }
        }
        certificate_vars(def, dir, &mut vars);
        edge_tls_sections(&mut vars);
        vars
    }

    /// Every file of `def` (templates, and the certificate files of assigned usages).
    pub fn render(
        &self,
        data: &DataDir,
        def: &ComponentDef,
        dir: &Path,
    ) -> Result<Vec<RenderedFile>, ComponentError> {
        let vars = self.vars(def, dir);
        let key_group = service_account(def, dir, data.root())
            .filter(|_| def.service_user_reads_keys)
            .map(|account| account.gid);
        let mut files = Vec::new();
        for file in &def.files {
            let syntax = match file.kind {
                catalog::FileKind::Config => render::Syntax::Config,
                catalog::FileKind::Document => render::Syntax::Document,
            };
            let path = render::render(&file.path, &vars, render::Syntax::Config).map_err(|e| {
                ComponentError::BadInput(format!("{}: {}: {e}", def.name, file.path))
            })?;
            let text = render::render(&file.template, &vars, syntax).map_err(|e| {
                ComponentError::BadInput(format!("{}: {}: {e}", def.name, file.path))
            })?;
            files.push(RenderedFile {
                path,
                bytes: text.into_bytes(),
                private: file.private,
                // A private file the service reads itself (Prosody rereads its configuration
                // after dropping root): 0640, group-owned by the service's group.
                group: (file.private && file.service_reads)
                    .then_some(key_group)
                    .flatten(),
            });
        }
        let current = crate::cert::assign::current_thumbprints(data)?;
        let store = CertStore::open(data);
        if let Some(roots) = &def.trusted_roots {
            let mut bundle = String::new();
            // The deployment's own CAs (the lab CAs, the roots imported with `--trust`): peers on
            // the internal legs are admitted by them, not by any public CA (and Kamailio loads
            // this list in every process, so ~150 system roots cost seconds at each start).
            // Only a deployment that trusts no CA of its own falls back to the system's roots.
            let deployment = crate::cert::query::trusted_roots(data, &self.replica)?;
            let anchors = if deployment.is_empty() {
                crate::https::system_roots()
            } else {
                deployment.as_slice()
            };
            for der in anchors {
                bundle.push_str(&pem::encode(&pem::Pem::new("CERTIFICATE", der.clone())));
            }
            files.push(RenderedFile {
                path: roots.clone(),
                bytes: bundle.into_bytes(),
                private: false,
                group: None,
            });
        }
        for cert in &def.certificates {
            let Some(thumb) = current.get(&cert.usage).cloned() else {
                continue;
            };
            let key = store.key(&thumb)?.ok_or_else(|| {
                ComponentError::Failed(format!(
                    "the {} certificate {thumb} has no private key",
                    cert.usage
                ))
            })?;
            let mut pem_text = pem::encode(&pem::Pem::new("CERTIFICATE", store.leaf(&thumb)?));
            for issuer in store.chain(&thumb)? {
                // A server sends its intermediates, not the root the client already trusts.
                let info = crate::cert::info::CertInfo::from_der(&issuer)
                    .map_err(ComponentError::Failed)?;
                if !info.self_issued {
                    pem_text.push_str(&pem::encode(&pem::Pem::new("CERTIFICATE", issuer)));
                }
            }
            files.push(RenderedFile {
                path: cert.certificate.clone(),
                bytes: pem_text.into_bytes(),
                private: false,
                group: None,
            });
            files.push(RenderedFile {
                path: cert.key.clone(),
                bytes: pem::encode(&pem::Pem::new("PRIVATE KEY", key)).into_bytes(),
                private: true,
                group: key_group,
            });
        }
        Ok(files)
    }
}

/// What step 2 would do.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Plan {
    /// Install path.
    pub install_path: PathBuf,
    /// Components to install.
    pub add: Vec<String>,
    /// Installed components whose files change.
    pub update: Vec<String>,
    /// Installed components the topology no longer asks for.
    pub remove: Vec<String>,
    /// Installed and up to date.
    pub unchanged: Vec<String>,
    /// Whether a component asks for a restart of the server.
    pub reboot_required: bool,
}

fn changed(installed: &InstalledComponent, rendered: &[RenderedFile]) -> bool {
    installed.state != InstallState::Installed
        || installed.files.len() != rendered.len()
        || rendered
            .iter()
            .any(|f| installed.files.get(&f.path) != Some(&sha256_hex(&f.bytes)))
}

/// Computes the plan for `install_path` (the recorded one, else the one given, else the default).
pub fn plan(
    data: &DataDir,
    install_path: Option<&Path>,
) -> Result<(Plan, Context, InstallManifest), ComponentError> {
    let ctx = context(data)?;
    let mut manifest = InstallManifest::load(data)?;
    match (&manifest.install_path, install_path) {
        (Some(recorded), Some(asked)) if recorded != asked && !manifest.components.is_empty() => {
            return Err(ComponentError::BadInput(format!(
                "components are installed in {}; remove them first (deploy-wizard components remove) to install elsewhere",
                recorded.display()
            )));
        }
        (_, Some(asked)) => {
            check_install_path(asked)?;
            check_install_location(data, asked)?;
            manifest.install_path = Some(asked.to_path_buf());
        }
        (None, None) => manifest.install_path = Some(data.root().join("install")),
        (Some(_), None) => {}
    }
    let mut plan = Plan {
        install_path: install_root(&manifest, data),
        ..Plan::default()
    };
    check_install_path(&plan.install_path)?;
    for def in &ctx.desired {
        let dir = manifest.component_dir(data, &def.name);
        let rendered = ctx.render(data, def, &dir)?;
        match manifest.components.get(&def.name) {
            None => plan.add.push(def.name.clone()),
            Some(installed) if changed(installed, &rendered) => plan.update.push(def.name.clone()),
            Some(_) => plan.unchanged.push(def.name.clone()),
        }
        plan.reboot_required |= def.reboot_required && !plan.unchanged.contains(&def.name);
    }
    for name in manifest.components.keys() {
        if !ctx.desired.iter().any(|d| &d.name == name) {
            plan.remove.push(name.clone());
        }
    }
    Ok((plan, ctx, manifest))
}

/// Checks the prerequisites of the components to add or update; every unmet item is returned.
pub fn unmet_prerequisites(
    data: &DataDir,
    plan: &Plan,
    ctx: &Context,
    manifest: &InstallManifest,
) -> Vec<Refusal> {
    let mut unmet = Vec::new();
    for name in plan.add.iter().chain(&plan.update) {
        let def = &ctx.catalog[name];
        let dir = manifest.component_dir(data, name);
        let vars = ctx.vars(def, &dir);
        let running = def.services.iter().any(|s| {
            matches!(
                s.process(&dir).liveness(),
                crate::process::Liveness::Running(_)
            )
        });
        for prerequisite in &def.prerequisites {
            match prerequisite {
                Prerequisite::Command {
                    name: program,
                    package,
                } => {
                    if crate::process::find_program(program).is_some() {
                        continue;
                    }
                    unmet.push(match package {
                        None => Refusal::new(
                            format!(
                                "{name}: the program {program} is not installed (not found on PATH)"
                            ),
                            Reason::new("why-unmet-program")
                                .with("component", name)
                                .with("program", program),
                        ),
                        Some(package) => Refusal::new(
                            format!(
                                "{name}: the program {program} is not installed (not found on PATH); install the package {package}"
                            ),
                            Reason::new("why-unmet-program-package")
                                .with("component", name)
                                .with("program", program)
                                .with("package", package),
                        ),
                    });
                }
                Prerequisite::File {
                    name: what,
                    paths,
                    package,
                    ..
                } => {
                    if paths.iter().any(|p| find_path(p).is_some()) {
                        continue;
                    }
                    let package = package.as_deref().unwrap_or("?");
                    unmet.push(Refusal::new(
                        format!(
                            "{name}: {what} is not installed (none of {}); install the package {package}",
                            paths.join(", ")
                        ),
                        Reason::new("why-unmet-file")
                            .with("component", name)
                            .with("what", what)
                            .with("path", paths.first().map(String::as_str).unwrap_or(""))
                            .with("package", package),
                    ));
                }
                Prerequisite::PortFree { port, optional } => {
                    let port =
                        render::render(port, &vars, render::Syntax::Config).unwrap_or_default();
                    match port.parse::<u16>() {
                        Err(_) if *optional && port.is_empty() => {}
                        Err(_) => unmet.push(Refusal::new(
                            format!("{name}: port {port:?} is not a port number"),
                            Reason::new("why-unmet-port-number")
                                .with("component", name)
                                .with("port", &port),
                        )),
                        // Our own running service holds its ports; that is not a conflict.
                        Ok(_) if running => {}
                        Ok(number) => {
                            // Where the services will listen: one address, or every one.
                            let address = listen_address()
                                .ok()
                                .and_then(|a| a.parse::<std::net::IpAddr>().ok())
                                .unwrap_or(std::net::IpAddr::from([0, 0, 0, 0]));
                            if std::net::TcpListener::bind((address, number)).is_err() {
                                match crate::process::listener_at(Some(address), number) {
                                    Some(holder) => unmet.push(Refusal::new(
                                        format!(
                                            "{name}: TCP port {number} is already in use by {holder}"
                                        ),
                                        Reason::new("why-unmet-port-held")
                                            .with("component", name)
                                            .with("port", number)
                                            .with("holder", holder),
                                    )),
                                    None => unmet.push(Refusal::new(
                                        format!("{name}: TCP port {number} is already in use"),
                                        Reason::new("why-unmet-port-busy")
                                            .with("component", name)
                                            .with("port", number),
                                    )),
                                }
                            }
                        }
                    }
                }
                Prerequisite::Resolves { name: host } => {
                    let host =
                        render::render(host, &vars, render::Syntax::Config).unwrap_or_default();
                    if host.is_empty() || crate::https::resolve_host(&host).is_none() {
                        unmet.push(Refusal::new(
                            format!(
                                "{name}: the name {host} does not resolve; add it to DNS (or the hosts file)"
                            ),
                            Reason::new("why-unmet-resolves")
                                .with("component", name)
                                .with("name", &host),
                        ));
                    }
                }
                Prerequisite::TurnSecret => {
                    if !vars.contains_key(TURN_SECRET_VAR) {
                        unmet.push(Refusal::new(
                            format!(
                                "{name}: the CMS has no TURN secret yet: publish one with `deploy-wizard edge secret-rotate`, then run step 1 here"
                            ),
                            Reason::new("why-unmet-turn-secret").with("component", name),
                        ));
                    }
                }
                Prerequisite::DirectoryLdaps => {
                    if vars.get(directory::SCHEME_VAR).map(String::as_str) == Some("ldap") {
                        unmet.push(Refusal::new(
                            format!(
                                "{name}: Kamailio's LDAP module connects with LDAPS only, and this deployment's directory is set with an ldap:// URL (StartTLS): set it again with its ldaps:// URL (`deploy-wizard directory set --url ldaps://…`), then run step 1 here"
                            ),
                            Reason::new("why-unmet-directory-ldaps").with("component", name),
                        ));
                    }
                }
                Prerequisite::ChatStoreSecret => {
                    if !vars.contains_key(chat::STORE_SECRET_VAR) {
                        unmet.push(Refusal::new(
                            format!(
                                "{name}: the CMS has no Persistent Chat store secret: publish the topology again on the CMS host (it adds one), then run step 1 here"
                            ),
                            Reason::new("why-unmet-chat-store-secret").with("component", name),
                        ));
                    }
                }
                Prerequisite::CmsServed => {
                    let served = vars.get("cms_directory").is_some_and(|dir| {
                        !dir.is_empty()
                            && Path::new(dir)
                                .join(crate::store::WEB)
                                .join("cms.json")
                                .is_file()
                    });
                    if !served {
                        unmet.push(Refusal::new(
                            format!(
                                "{name}: this server hosts the central management store but does not serve it yet: run `deploy-wizard cms serve --cms DIR --password-file F` on the CMS directory, and step 1 here from that directory"
                            ),
                            Reason::new("why-unmet-cms-served").with("component", name),
                        ));
                    }
                }
                Prerequisite::ChatStoreReachable => {
                    if let Some((host, port)) = chat::remote_store(&vars)
                        && let Err(e) = reach(&host, port)
                    {
                        unmet.push(Refusal::new(
                            format!(
                                "{name}: the Persistent Chat store {host}:{port} cannot be reached: {e}; check the topology's store server and port, and that PostgreSQL listens there"
                            ),
                            Reason::new("why-unmet-chat-store")
                                .with("component", name)
                                .with("server", &host)
                                .with("port", port)
                                .with("detail", e),
                        ));
                    }
                }
                Prerequisite::ServiceUserRuns => {
                    let user = def.service_user.as_deref().unwrap_or("?");
                    if crate::process::running_as_root()
                        && service_account(def, &dir, data.root()).is_none()
                    {
                        unmet.push(Refusal::new(
                            format!(
                                "{name}: its services refuse to run as root, and the user {user} does not exist or cannot reach the install path {}; install its package, or choose an install path every user may traverse (such as /srv/deploy-wizard) with --install-path",
                                plan.install_path.display()
                            ),
                            Reason::new("why-unmet-service-user")
                                .with("component", name)
                                .with("user", user)
                                .with("path", plan.install_path.display()),
                        ));
                    }
                }
                Prerequisite::WritableInstallPath => {
                    if let Err(e) = check_writable(&plan.install_path) {
                        unmet.push(Refusal::new(
                            format!(
                                "{name}: the install path {} cannot be written: {e}",
                                plan.install_path.display()
                            ),
                            Reason::new("why-unmet-install-path")
                                .with("component", name)
                                .with("path", plan.install_path.display())
                                .with("detail", e),
                        ));
                    }
                }
                Prerequisite::FreeDisk { megabytes } => {
                    let probe = existing_ancestor(&plan.install_path);
                    match fs4::available_space(&probe) {
                        Ok(bytes) if bytes / (1024 * 1024) < *megabytes => unmet.push(Refusal::new(
                            format!(
                                "{name}: {megabytes} MiB of free disk are needed on {}, {} MiB are free",
                                probe.display(),
                                bytes / (1024 * 1024)
                            ),
                            Reason::new("why-unmet-disk")
                                .with("component", name)
                                .with("needed", megabytes)
                                .with("path", probe.display())
                                .with("free", bytes / (1024 * 1024)),
                        )),
                        Ok(_) => {}
                        Err(e) => unmet.push(Refusal::new(
                            format!("{name}: cannot read the free disk space of {}: {e}", probe.display()),
                            Reason::new("why-unmet-disk-unknown")
                                .with("component", name)
                                .with("path", probe.display())
                                .with("detail", e),
                        )),
                    }
                }
            }
        }
    }
    unmet
}

/// Opens (and closes) a TCP connection to `host`:`port` within three seconds.
fn reach(host: &str, port: u16) -> Result<(), String> {
    let address =
        crate::https::resolve_host(host).ok_or_else(|| "the name does not resolve".to_string())?;
    std::net::TcpStream::connect_timeout(
        &std::net::SocketAddr::new(address, port),
        std::time::Duration::from_secs(3),
    )
    .map(drop)
    .map_err(|e| e.to_string())
}

fn existing_ancestor(path: &Path) -> PathBuf {
    path.ancestors()
        .find(|p| p.exists())
        .unwrap_or(Path::new("/"))
        .to_path_buf()
}

fn check_writable(path: &Path) -> std::io::Result<()> {
    let base = existing_ancestor(path);
    let probe = base.join(format!(
        ".deploy-wizard-write-test-{}",
        atomic::random_suffix()
    ));
    std::fs::write(&probe, b"")?;
    std::fs::remove_file(probe)
}

/// What step 2 needs from the services layer above it, which implements this: stopping a
/// component's services (and removing their units) before its files go, and reloading the
/// running ones after their files changed. Step 2 itself never starts or signals a process.
pub trait ServiceControl {
    /// Stops the component's services and removes what registered them (systemd units).
    fn stop_and_unregister(
        &self,
        def: &ComponentDef,
        dir: &Path,
        log: &mut RunLog,
    ) -> Result<(), ComponentError>;
    /// Reloads the component's running services after step 2 wrote the files `changed`, or
    /// restarts those that do not reread one of them; returns the names of those affected.
    fn reload_running(
        &self,
        data: &DataDir,
        def: &ComponentDef,
        vars: &BTreeMap<String, String>,
        changed: &[String],
        log: &mut RunLog,
    ) -> Result<Vec<String>, ComponentError>;
}

/// What setup did.
#[derive(Debug, Clone, Serialize)]
pub struct SetupReport {
    /// The plan carried out.
    pub plan: Plan,
    /// Files written.
    pub written: usize,
    /// Files removed.
    pub removed: usize,
    /// Services reloaded because their files changed.
    pub reloaded: Vec<String>,
}

/// Step 2: checks prerequisites (nothing is written when one is unmet), installs and updates
/// what the topology asks for, removes what it no longer asks for, and reloads running
/// services whose files changed.
pub fn setup(
    data: &DataDir,
    install_path: Option<&Path>,
    services: &dyn ServiceControl,
    log: &mut RunLog,
) -> Result<SetupReport, ComponentError> {
    let (plan, ctx, mut manifest) = plan(data, install_path)?;
    for var in [TURN_SECRET_VAR, chat::STORE_SECRET_VAR] {
        if let Some(secret) = ctx.base_vars.get(var) {
            log.redactor().register(secret.clone());
        }
    }
    if let Ok(published) = crate::directory::Published::read(&ctx.replica) {
        log.redactor().register(published.password);
    }
    log.tell(
        Reason::new("said-setup-plan")
            .with("path", plan.install_path.display())
            .with("add", list(&plan.add))
            .with("update", list(&plan.update))
            .with("remove", list(&plan.remove))
            .with("unchanged", list(&plan.unchanged)),
    );
    let unmet = unmet_prerequisites(data, &plan, &ctx, &manifest);
    if !unmet.is_empty() {
        return Err(ComponentError::Prerequisites(unmet));
    }
    let revision = ctx.replica.manifest().revision;
    let mut written = 0;
    let mut removed = 0;
    let mut reloaded = Vec::new();
    for name in plan.add.iter().chain(&plan.update).chain(&plan.unchanged) {
        if log.cancelled() {
            return Err(ComponentError::Failed(format!(
                "cancelled by the administrator before {name}; what was installed is kept, run step 2 again to finish"
            )));
        }
        let def = &ctx.catalog[name];
        let dir = manifest.component_dir(data, name);
        let rendered = ctx.render(data, def, &dir)?;
        let old = manifest.components.get(name).cloned();
        if old.as_ref().is_some_and(|o| !changed(o, &rendered)) {
            continue;
        }
        // Record the intent first: a crash from here on is finished (or undone) by a rerun,
        // and every file that may exist is listed for removal.
        let mut files: BTreeMap<String, String> =
            old.as_ref().map(|o| o.files.clone()).unwrap_or_default();
        for file in &rendered {
            files.entry(file.path.clone()).or_default();
        }
        let directories: Vec<String> = def
            .services
            .iter()
            .flat_map(|s| s.directories.clone())
            .collect();
        manifest.components.insert(
            name.clone(),
            InstalledComponent {
                state: InstallState::Installing,
                files: files.clone(),
                directories: directories.clone(),
                revision,
                installed_at: OffsetDateTime::now_utc(),
            },
        );
        manifest.save(data)?;
        create_private_dir(&dir)
            .map_err(|e| ComponentError::Failed(format!("cannot create {}: {e}", dir.display())))?;
        #[cfg(unix)]
        if let Some(account) = service_account(def, &dir, data.root()) {
            open_to_service_user(&dir, data.root(), &account).map_err(|e| {
                ComponentError::Failed(format!(
                    "cannot open {} to {}: {e}",
                    dir.display(),
                    account.user
                ))
            })?;
            log.tell(
                Reason::new("said-service-user")
                    .with("component", name)
                    .with("user", &account.user),
            );
        }
        let vars = ctx.vars(def, &dir);
        for sub in &directories {
            let path = dir.join(
                render::render(sub, &vars, render::Syntax::Config)
                    .map_err(|e| ComponentError::BadInput(format!("{name}: {sub}: {e}")))?,
            );
            std::fs::create_dir_all(&path).map_err(|e| {
                ComponentError::Failed(format!("cannot create {}: {e}", path.display()))
            })?;
        }
        let mut hashes = BTreeMap::new();
        let mut changed = Vec::new();
        for file in &rendered {
            let path = dir.join(&file.path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| {
                    ComponentError::Failed(format!("cannot create {}: {e}", parent.display()))
                })?;
            }
            let hash = sha256_hex(&file.bytes);
            if old.as_ref().and_then(|o| o.files.get(&file.path)) != Some(&hash) || !path.exists() {
                let result = if let Some(gid) = file.group {
                    atomic::write_group_private(&path, &file.bytes, gid)
                } else if file.private {
                    atomic::write_private(&path, &file.bytes)
                } else {
                    atomic::write(&path, &file.bytes)
                };
                result.map_err(|e| {
                    ComponentError::Failed(format!("cannot write {}: {e}", path.display()))
                })?;
                log.tell(
                    Reason::new("said-component-wrote")
                        .with("component", name)
                        .with("file", &file.path),
                );
                written += 1;
                changed.push(file.path.clone());
            }
            hashes.insert(file.path.clone(), hash);
        }
        for stale in files.keys().filter(|f| !hashes.contains_key(*f)) {
            if std::fs::remove_file(dir.join(stale)).is_ok() {
                log.tell(
                    Reason::new("said-component-removed-stale")
                        .with("component", name)
                        .with("file", stale),
                );
                removed += 1;
            }
        }
        manifest.components.insert(
            name.clone(),
            InstalledComponent {
                state: InstallState::Installed,
                files: hashes,
                directories,
                revision,
                installed_at: OffsetDateTime::now_utc(),
            },
        );
        manifest.save(data)?;
        firewall::admit(name, &component_ports(def, &ctx.vars(def, &dir)), log)?;
        if old.is_some() {
            reloaded.extend(services.reload_running(
                data,
                def,
                &ctx.vars(def, &dir),
                &changed,
                log,
            )?);
        }
    }
    for name in &plan.remove {
        removed += remove_component(data, &mut manifest, name, &ctx.catalog, services, log)?;
    }
    if plan.reboot_required {
        log.caution(Reason::new("said-reboot-required"));
    }
    Ok(SetupReport {
        plan,
        written,
        removed,
        reloaded,
    })
}

/// Component names joined, or `none` (a value the catalogues select on).
fn list(names: &[String]) -> String {
    if names.is_empty() {
        "none".into()
    } else {
        names.join(", ")
    }
}

/// Stops a component's services and deletes exactly the files its manifest entry lists.
fn remove_component(
    data: &DataDir,
    manifest: &mut InstallManifest,
    name: &str,
    catalog: &BTreeMap<String, ComponentDef>,
    services: &dyn ServiceControl,
    log: &mut RunLog,
) -> Result<usize, ComponentError> {
    let Some(installed) = manifest.components.get(name).cloned() else {
        return Ok(0);
    };
    let dir = manifest.component_dir(data, name);
    if let Some(def) = catalog.get(name) {
        services.stop_and_unregister(def, &dir, log)?;
    }
    firewall::withdraw(name, log)?;
    let mut removed = 0;
    for file in installed.files.keys() {
        let path = dir.join(file);
        match std::fs::remove_file(&path) {
            Ok(()) => removed += 1,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(ComponentError::Failed(format!(
                    "cannot remove {}: {e}",
                    path.display()
                )));
            }
        }
    }
    // Remove the directories step 2 made, deepest first, only when they are empty.
    let mut dirs: BTreeSet<PathBuf> = installed
        .files
        .keys()
        .filter_map(|f| dir.join(f).parent().map(Path::to_path_buf))
        .collect();
    dirs.extend(installed.directories.iter().map(|d| dir.join(d)));
    let mut dirs: Vec<PathBuf> = dirs.into_iter().filter(|d| d.starts_with(&dir)).collect();
    dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    for d in dirs.iter().chain(std::iter::once(&dir)) {
        let _ = std::fs::remove_dir(d);
    }
    manifest.components.remove(name);
    manifest.save(data)?;
    log.tell(
        Reason::new("said-component-removed")
            .with("component", name)
            .with("count", removed),
    );
    Ok(removed)
}

/// The installed components in the order step 4 starts them (the catalog's `start_order`,
/// then by name): a store before the service that uses it. Stops go in the reverse order.
pub fn start_order(
    manifest: &InstallManifest,
    catalog: &BTreeMap<String, ComponentDef>,
) -> Vec<String> {
    let mut names: Vec<String> = manifest.components.keys().cloned().collect();
    names.sort_by_key(|n| {
        (
            catalog.get(n).map_or(u32::MAX, |d| d.start_order),
            n.clone(),
        )
    });
    names
}

/// Removes every installed component.
pub fn remove_all(
    data: &DataDir,
    services: &dyn ServiceControl,
    log: &mut RunLog,
) -> Result<usize, ComponentError> {
    let catalog = catalog::load(&data.root().join("catalog"))?;
    let mut manifest = InstallManifest::load(data)?;
    let mut names = start_order(&manifest, &catalog);
    names.reverse();
    let mut removed = 0;
    for name in names {
        removed += remove_component(data, &mut manifest, &name, &catalog, services, log)?;
    }
    Ok(removed)
}

/// Usages the installed components consume.
pub fn consumed_usages(data: &DataDir) -> Vec<Usage> {
    let Ok(catalog) = catalog::load(&data.root().join("catalog")) else {
        return Vec::new();
    };
    let Ok(manifest) = InstallManifest::load(data) else {
        return Vec::new();
    };
    manifest
        .components
        .keys()
        .filter_map(|name| catalog.get(name))
        .flat_map(|def| def.certificates.iter().map(|c| c.usage))
        .collect()
}
