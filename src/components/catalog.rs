//! The component catalog: what each role needs on a server, as data (`assets/catalog/*.toml`,
//! embedded, plus any `*.toml` an administrator drops into the data dir's `catalog/`).

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::ComponentError;
use crate::cert::Usage;
use crate::topology::PoolKind;

/// The catalog files shipped with the wizard.
const EMBEDDED: &[(&str, &str)] = &[
    (
        "web-services.toml",
        include_str!("../../assets/catalog/web-services.toml"),
    ),
    (
        "central-management-store.toml",
        include_str!("../../assets/catalog/central-management-store.toml"),
    ),
    (
        "sip-registrar.toml",
        include_str!("../../assets/catalog/sip-registrar.toml"),
    ),
    (
        "access-edge.toml",
        include_str!("../../assets/catalog/access-edge.toml"),
    ),
    (
        "av-edge.toml",
        include_str!("../../assets/catalog/av-edge.toml"),
    ),
    (
        "webconf-edge.toml",
        include_str!("../../assets/catalog/webconf-edge.toml"),
    ),
    (
        "sip-director.toml",
        include_str!("../../assets/catalog/sip-director.toml"),
    ),
    (
        "persistent-chat-store.toml",
        include_str!("../../assets/catalog/persistent-chat-store.toml"),
    ),
    (
        "persistent-chat.toml",
        include_str!("../../assets/catalog/persistent-chat.toml"),
    ),
    (
        "persistent-chat-standby.toml",
        include_str!("../../assets/catalog/persistent-chat-standby.toml"),
    ),
];

/// One component.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComponentDef {
    /// Unique name.
    pub name: String,
    /// What it is, for the plan.
    pub description: String,
    /// Pool kinds whose servers need it.
    pub roles: Vec<PoolKind>,
    /// What else must hold for a server of those pools to need it.
    #[serde(default)]
    pub condition: Option<Condition>,
    /// Step 4 starts components in this order (lowest first; then by name) and stops them in
    /// the reverse order: a store before the service that uses it.
    #[serde(default = "default_start_order")]
    pub start_order: u32,
    /// Whether the server must restart after it is installed.
    #[serde(default)]
    pub reboot_required: bool,
    /// What must hold before it is installed.
    #[serde(default)]
    pub prerequisites: Vec<Prerequisite>,
    /// Certificates it consumes and where it reads them (relative to the install path).
    #[serde(default)]
    pub certificates: Vec<CertificateUse>,
    /// Files rendered from the topology (relative to the install path).
    #[serde(default)]
    pub files: Vec<FileDef>,
    /// Services it runs.
    #[serde(default)]
    pub services: Vec<ServiceDef>,
    /// The unprivileged user its package creates, that its services run as when the wizard
    /// runs as root (and the user exists).
    #[serde(default)]
    pub service_user: Option<String>,
    /// Whether that user reads the component's keys itself (a TLS reload in a worker): then
    /// they are 0640 and group-owned by its group; otherwise keys stay 0600.
    #[serde(default)]
    pub service_user_reads_keys: bool,
    /// Where to write the roots its TLS peers are verified against (relative to the install
    /// path; the `trusted_roots` variable): the system's, the lab CAs' and those imported with
    /// `cert import --trust`.
    #[serde(default)]
    pub trusted_roots: Option<String>,
}

fn default_start_order() -> u32 {
    50
}

/// A condition on the topology for a component.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// The server's Persistent Chat pool keeps its store (or compliance store) on the server.
    CollocatedChatStore,
    /// The server runs a Persistent Chat pool's disaster-recovery standby.
    ChatStandbyHere,
    /// The server hosts the central management store.
    CmsHost,
}

/// A prerequisite of a component.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Prerequisite {
    /// A program on the PATH.
    Command {
        /// Program name.
        name: String,
        /// The distribution packages that install it (named when it is missing).
        #[serde(default)]
        package: Option<String>,
    },
    /// A file one of the paths names (a `*` matches one directory level), such as a module a
    /// program loads: `/usr/lib/*/kamailio/modules/tls.so`.
    File {
        /// What it is, for the administrator.
        name: String,
        /// Where it may be.
        paths: Vec<String>,
        /// The distribution packages that install it.
        #[serde(default)]
        package: Option<String>,
        /// A template variable that holds the path found (e.g. a module to load).
        #[serde(default)]
        var: Option<String>,
    },
    /// A TCP port nobody listens on (a template, e.g. `{{web_internal_port}}`).
    PortFree {
        /// Port.
        port: String,
        /// The port is optional in the topology: a template that renders empty asks nothing.
        #[serde(default)]
        optional: bool,
    },
    /// A host name (a template, e.g. `{{next_hop}}`) resolves to an address.
    Resolves {
        /// The name.
        name: String,
    },
    /// The CMS has published a TURN secret and step 1 brought it here.
    TurnSecret,
    /// The CMS has the Persistent Chat store's secret and step 1 brought it here.
    ChatStoreSecret,
    /// The deployment's directory, when one is set, is reached over LDAPS (Kamailio's LDAP
    /// module has no StartTLS).
    DirectoryLdaps,
    /// The CMS this server reads in step 1 is a directory prepared by `cms serve`.
    CmsServed,
    /// A Persistent Chat store on another server answers on its port (collocated stores are
    /// the wizard's to start).
    ChatStoreReachable,
    /// The services can run as the catalog's service user (for programs that refuse root):
    /// when the wizard runs as root, the user exists and reaches the install path.
    ServiceUserRuns,
    /// The install path can be written.
    WritableInstallPath,
    /// Free space on the install path's file system.
    FreeDisk {
        /// MiB needed.
        megabytes: u64,
    },
}

/// A certificate a component reads.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertificateUse {
    /// The usage whose current certificate it reads.
    pub usage: Usage,
    /// PEM file of the certificate and its chain.
    pub certificate: String,
    /// PEM file of the private key (written owner-only).
    pub key: String,
}

/// A rendered file.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileDef {
    /// Path relative to the install path.
    pub path: String,
    /// Template text.
    pub template: String,
    /// `config` (the default: every value is checked for configuration syntax) or `document`
    /// (served as is, such as the OAuth metadata JSON).
    #[serde(default)]
    pub kind: FileKind,
    /// Whether it holds a secret (such as the TURN secret): written owner-only, like a key.
    #[serde(default)]
    pub private: bool,
    /// A private file the service reads after dropping root (Prosody rereads its
    /// configuration on reload): 0640, group-owned by the service user's group.
    #[serde(default)]
    pub service_reads: bool,
}

/// How a rendered file is read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    /// A configuration file read by a service.
    #[default]
    Config,
    /// A document the service sends as is.
    Document,
}

/// A service of a component.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceDef {
    /// Name (unique in the catalog).
    pub name: String,
    /// Command that starts it (it detaches and writes `pid_file`).
    pub start: Vec<String>,
    /// Command that stops it.
    pub stop: Vec<String>,
    /// Command that makes it reread its configuration and certificates; empty when a signal
    /// to its verified main process does (`reload_signal`).
    pub reload: Vec<String>,
    /// The signal that reloads it when there is no reload command.
    #[serde(default)]
    pub reload_signal: Option<ReloadSignal>,
    /// Command that checks its configuration before a start or reload.
    #[serde(default)]
    pub test: Vec<String>,
    /// Pid file, relative to the install path.
    pub pid_file: String,
    /// Directories it needs, relative to the install path.
    #[serde(default)]
    pub directories: Vec<String>,
    /// Directories its workers write to (relative to the install path): owned by the
    /// component's service user even when the main process runs as root (nginx's).
    #[serde(default)]
    pub worker_directories: Vec<String>,
    /// TLS ports and the usage whose certificate each must present.
    #[serde(default)]
    pub tls_ports: Vec<TlsPort>,
    /// A probe that succeeds when the service is healthy.
    #[serde(default)]
    pub health: Option<HealthProbe>,
    /// Whether a reload replaces the worker processes (nginx): then it is done once the old
    /// ones are gone. Otherwise (Kamailio's TLS reload) the processes stay.
    #[serde(default)]
    pub reload_replaces_workers: bool,
    /// Files (relative to the install path) a reload does not reread: when step 2 changes one
    /// of them, the running service is restarted instead (Kamailio's own configuration, the
    /// TURN secret in coturn's).
    #[serde(default)]
    pub restart_on_change: Vec<String>,
    /// UDP ports it listens on (templates), for the host firewall.
    #[serde(default)]
    pub udp_ports: Vec<String>,
    /// The program its running process is, when the start command is a launcher (`pg_ctl`
    /// starts `postgres`); a trailing `*` matches any ending (`lua*`: Prosody runs in Lua).
    #[serde(default)]
    pub program: Option<String>,
    /// Whether its commands run as the component's service user (when the wizard runs as
    /// root): for programs that refuse root (PostgreSQL, Prosody).
    #[serde(default)]
    pub run_as_service_user: bool,
    /// A command run once before the first start, when `init_creates` does not exist yet
    /// (PostgreSQL's initdb).
    #[serde(default)]
    pub init: Vec<String>,
    /// The file (relative to the install path) whose existence says `init` ran.
    #[serde(default)]
    pub init_creates: String,
    /// Environment variables of `init` (templates): a password a client program reads from
    /// its environment, never from its command line (PGPASSWORD for pg_basebackup).
    #[serde(default)]
    pub init_env: BTreeMap<String, String>,
    /// Environment variables of its test and start commands (templates; one that renders
    /// empty is not set): settings a library reads from its environment (libldap's
    /// `LDAPTLS_CACERT`). Never a secret: a daemon's environment is readable in /proc by root.
    #[serde(default)]
    pub env: BTreeMap<String, String>,
    /// A command run after every start and reload (PostgreSQL: the role and databases).
    #[serde(default)]
    pub provision: Vec<String>,
    /// Whether its start command's output goes through a file rather than a pipe: for a
    /// daemon that keeps its standard error open once detached (Prosody), which would hold a
    /// pipe forever. Others keep the pipe, read until the daemon has let go of it.
    #[serde(default)]
    pub start_output_to_file: bool,
}

impl ServiceDef {
    /// Its processes, for a component installed in `dir`.
    pub fn process(&self, dir: &Path) -> crate::process::ServiceProcess {
        crate::process::ServiceProcess {
            pid_file: dir.join(&self.pid_file),
            program: self
                .program
                .clone()
                .or_else(|| self.start.first().cloned())
                .unwrap_or_default(),
            dir: dir.to_path_buf(),
        }
    }
}

/// A signal a service reloads on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReloadSignal {
    /// SIGHUP.
    Hup,
    /// SIGUSR2 (coturn: reload the TLS certificates).
    Usr2,
}

/// A TLS port of a service.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TlsPort {
    /// Port (template).
    pub port: String,
    /// Name sent in SNI (template).
    pub server_name: String,
    /// Usage whose current certificate it must present.
    pub usage: Usage,
}

/// A health probe over TLS.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HealthProbe {
    /// Port (template).
    pub port: String,
    /// Name sent in SNI (template).
    pub server_name: String,
    /// What is asked.
    #[serde(default)]
    pub protocol: HealthProtocol,
    /// The page, for HTTPS.
    #[serde(default)]
    pub path: String,
}

/// How a service is asked whether it is healthy.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HealthProtocol {
    /// GET the page: 200 is healthy.
    #[default]
    Https,
    /// SIP OPTIONS to the server: 200 is healthy.
    SipOptions,
    /// A TURN Allocate over TLS with a fresh credential from the TURN secret: allocated is
    /// healthy.
    TurnAllocate,
    /// XMPP: the stream offers STARTTLS and the TLS handshake succeeds.
    Xmpp,
    /// PostgreSQL: the chat service's role logs in over TCP and finds its database.
    Postgresql,
    /// A PostgreSQL standby: in recovery, and how far it is behind its primary.
    PostgresqlStandby,
}

/// Every component of the catalog, by name: the embedded files, then the data dir's
/// `catalog/*.toml` (a file there may replace an embedded component of the same name).
pub fn load(user_dir: &Path) -> Result<BTreeMap<String, ComponentDef>, ComponentError> {
    let mut sources: Vec<(String, String)> = EMBEDDED
        .iter()
        .map(|(n, t)| (format!("assets/catalog/{n}"), t.to_string()))
        .collect();
    if let Ok(entries) = std::fs::read_dir(user_dir) {
        let mut files: Vec<_> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        files.sort();
        for path in files {
            let text = std::fs::read_to_string(&path).map_err(|e| {
                ComponentError::BadInput(format!(
                    "cannot read catalog file {}: {e}",
                    path.display()
                ))
            })?;
            sources.push((path.display().to_string(), text));
        }
    }
    let mut catalog = BTreeMap::new();
    for (name, text) in sources {
        let def: ComponentDef = toml::from_str(&text).map_err(|e| {
            ComponentError::BadInput(format!("catalog file {name} is not valid: {e}"))
        })?;
        for file in def.files.iter().map(|f| &f.path).chain(
            def.certificates
                .iter()
                .flat_map(|c| [&c.certificate, &c.key]),
        ) {
            if file.starts_with('/') || file.split('/').any(|p| p == "..") {
                return Err(ComponentError::BadInput(format!(
                    "catalog file {name}: {file} must be a path inside the install path"
                )));
            }
        }
        catalog.insert(def.name.clone(), def);
    }
    Ok(catalog)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_catalog_parses_and_serves_front_ends() {
        let catalog = load(Path::new("/nonexistent")).unwrap();
        let web = &catalog["WebServices"];
        assert!(web.roles.contains(&PoolKind::FrontEnd));
        assert_eq!(web.certificates.len(), 2);
        assert_eq!(web.services[0].tls_ports.len(), 2);
    }
}
