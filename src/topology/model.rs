//! The published topology: what the deployment is made of.
//!
//! The JSON form is the contract with administrators (and `assets/topology.schema.json` is
//! generated from these types), so every field has a doc comment that ends up in the schema.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The whole deployment as published to the central management store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Topology {
    /// Optional link to the JSON Schema, for editors.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// SIP domains served by the deployment; exactly one is the default.
    pub sip_domains: Vec<SipDomain>,
    /// Sites, each with its pools.
    pub sites: Vec<Site>,
    /// Simple URLs (meeting, dial-in, administration).
    #[serde(default)]
    pub simple_urls: SimpleUrls,
    /// Whether mobility (lyncdiscover) names are published.
    #[serde(default)]
    pub mobility: bool,
    /// The server that hosts the central management store and serves it over HTTPS to the
    /// other servers (their step 1 reads `https://SERVER:PORT/`). Without it, servers read the
    /// CMS from a directory or an export.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub central_management_store: Option<CmsHost>,
}

/// Where the central management store is hosted and served.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CmsHost {
    /// FQDN of the server hosting the CMS (a server of the topology, usually the Back End).
    pub server: String,
    /// HTTPS port the CMS is served on.
    #[serde(default = "default_cms_port")]
    pub port: u32,
}

fn default_cms_port() -> u32 {
    8443
}

impl CmsHost {
    /// The URL other servers' step 1 reads.
    pub fn url(&self) -> String {
        format!("https://{}:{}/", self.server, self.port)
    }
}

/// One SIP domain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SipDomain {
    /// DNS name of the domain, e.g. `contoso.com`.
    pub name: String,
    /// The default SIP domain (subject of the OAuthTokenIssuer certificate).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub default: bool,
}

/// A site and its pools.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Site {
    /// Site name, unique in the topology.
    pub name: String,
    /// Pools of the site.
    #[serde(default)]
    pub pools: Vec<Pool>,
}

/// What a pool does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum PoolKind {
    /// Front End (registrar, web services, conferencing).
    FrontEnd,
    /// Persistent Chat.
    PersistentChat,
    /// Edge (remote access, federation).
    Edge,
    /// Director.
    Director,
    /// Mediation.
    Mediation,
    /// Back End: the SQL store server of Front End pools, usually the CMS host.
    BackEnd,
}

impl PoolKind {
    /// The name used in the topology and on screen.
    pub fn as_str(self) -> &'static str {
        match self {
            PoolKind::FrontEnd => "FrontEnd",
            PoolKind::PersistentChat => "PersistentChat",
            PoolKind::Edge => "Edge",
            PoolKind::Director => "Director",
            PoolKind::Mediation => "Mediation",
            PoolKind::BackEnd => "BackEnd",
        }
    }
}

/// Front End edition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Edition {
    /// One server whose FQDN is the pool FQDN.
    Standard,
    /// One or more servers behind a pool FQDN.
    Enterprise,
}

/// A pool: a named FQDN served by one or several servers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pool {
    /// Pool FQDN.
    pub fqdn: String,
    /// What the pool does.
    pub kind: PoolKind,
    /// Edition, for Front End pools only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edition: Option<Edition>,
    /// Servers of the pool.
    #[serde(default)]
    pub servers: Vec<Server>,
    /// Web services, for Front End and Director pools.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web_services: Option<WebServices>,
    /// The port of SIP over TLS, for Front End and Director pools (5061 when not given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 65535))]
    pub sip_port: Option<u32>,
    /// The Front End (or Director) pool this pool is associated with; required for Persistent
    /// Chat and Edge pools.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub associated_pool: Option<String>,
    /// Edge names, for Edge pools.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edge: Option<EdgeNames>,
    /// Stores and ports, for Persistent Chat pools (required there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub persistent_chat: Option<PersistentChatSettings>,
}

/// Where a Persistent Chat pool keeps its rooms, files and archives, and its client ports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PersistentChatSettings {
    /// The Persistent Chat store: rooms, their history, the service's data (PostgreSQL).
    pub store: SqlStore,
    /// The compliance store, where every room message is also archived.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compliance_store: Option<SqlStore>,
    /// The disaster-recovery store: a PostgreSQL standby kept by streaming replication from a
    /// collocated store. `collocated`: a second cluster on this Persistent Chat server (on its
    /// own port); otherwise the FQDN of a server of the topology, where step 2 sets it up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disaster_recovery_store: Option<SqlStore>,
    /// The file store: a directory inside the Persistent Chat component's install directory
    /// holding the files posted to rooms (default `files`): relative, without `..` (a share is
    /// mounted there).
    #[serde(default = "default_file_store")]
    pub file_store: String,
    /// XMPP client port (STARTTLS).
    #[serde(default = "default_chat_client_port")]
    #[schemars(range(min = 1, max = 65535))]
    pub client_port: u32,
    /// XMPP client port with TLS from the first byte.
    #[serde(default = "default_chat_client_tls_port")]
    #[schemars(range(min = 1, max = 65535))]
    pub client_tls_port: u32,
    /// HTTPS port of the chat service's file sharing.
    #[serde(default = "default_chat_file_port")]
    #[schemars(range(min = 1, max = 65535))]
    pub file_port: u32,
}

/// A PostgreSQL database: on a server of its own, or `collocated` (a cluster the wizard creates
/// and runs on the Persistent Chat server itself).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SqlStore {
    /// `collocated`, or the FQDN of the PostgreSQL server.
    pub server: String,
    /// PostgreSQL's port.
    #[serde(default = "default_sql_port")]
    #[schemars(range(min = 1, max = 65535))]
    pub port: u32,
    /// Database name (letters, digits and `_`).
    #[serde(default = "default_chat_database")]
    pub database: String,
}

/// The `server` of a store the wizard runs on the Persistent Chat server.
pub const COLLOCATED: &str = "collocated";

impl SqlStore {
    /// Whether the wizard runs this store on the Persistent Chat server.
    pub fn collocated(&self) -> bool {
        self.server == COLLOCATED
    }
}

fn default_file_store() -> String {
    "files".into()
}

fn default_chat_client_port() -> u32 {
    5222
}

fn default_chat_client_tls_port() -> u32 {
    5223
}

fn default_chat_file_port() -> u32 {
    5281
}

fn default_sql_port() -> u32 {
    5432
}

fn default_chat_database() -> String {
    "mgc".into()
}

/// A server of a pool.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Server {
    /// Server FQDN.
    pub fqdn: String,
}

/// Web-service names and ports of a Front End or Director pool.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WebServices {
    /// FQDN of the internal web services.
    pub internal_fqdn: String,
    /// FQDN of the external web services (published through the reverse proxy).
    pub external_fqdn: String,
    /// HTTPS port of the internal web services.
    #[serde(default = "default_https_port")]
    #[schemars(range(min = 1, max = 65535))]
    pub internal_port: u32,
    /// HTTPS port of the external web services.
    #[serde(default = "default_external_port")]
    #[schemars(range(min = 1, max = 65535))]
    pub external_port: u32,
    /// HTTP port of the internal web services (the product's 80), when they have one: it
    /// answers ACME http-01 challenges for certificate requests and renewals while the web
    /// services run (the CA validates through it) and redirects every other request to HTTPS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 65535))]
    pub http_port: Option<u32>,
}

/// SIP over TLS's registered port.
pub const DEFAULT_SIP_PORT: u32 = 5061;

impl Pool {
    /// The pool's SIP over TLS port.
    pub fn sip_port(&self) -> u32 {
        self.sip_port.unwrap_or(DEFAULT_SIP_PORT)
    }
}

fn default_https_port() -> u32 {
    443
}

fn default_external_port() -> u32 {
    4443
}

/// External and internal names of an Edge pool.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EdgeNames {
    /// Internal FQDN of the Edge pool (Edge internal certificate).
    pub internal_fqdn: String,
    /// Access Edge external FQDN.
    pub access_fqdn: String,
    /// Web Conferencing Edge external FQDN.
    pub webconf_fqdn: String,
    /// A/V Edge external FQDN.
    pub av_fqdn: String,
    /// Access Edge's external SIP over TLS port (the product's single-address Edge: 5061).
    #[serde(default = "default_access_port")]
    #[schemars(range(min = 1, max = 65535))]
    pub access_port: u32,
    /// The internal leg's SIP over TLS port, toward the Front End pool (5061 in the product,
    /// where the internal interface has its own address; on one address it needs its own port).
    #[serde(default = "default_edge_internal_port")]
    #[schemars(range(min = 1, max = 65535))]
    pub internal_port: u32,
    /// Web Conferencing Edge's external TLS port (single-address Edge: 444).
    #[serde(default = "default_webconf_port")]
    #[schemars(range(min = 1, max = 65535))]
    pub webconf_port: u32,
    /// A/V Edge's TURN over TLS port (443).
    #[serde(default = "default_av_port")]
    #[schemars(range(min = 1, max = 65535))]
    pub av_port: u32,
    /// A/V Edge's TURN and STUN over UDP port (3478).
    #[serde(default = "default_turn_udp_port")]
    #[schemars(range(min = 1, max = 65535))]
    pub turn_udp_port: u32,
}

fn default_access_port() -> u32 {
    5061
}

fn default_edge_internal_port() -> u32 {
    5062
}

fn default_webconf_port() -> u32 {
    444
}

fn default_av_port() -> u32 {
    443
}

fn default_turn_udp_port() -> u32 {
    3478
}

impl EdgeNames {
    /// Every TCP port of the Edge, by field name.
    pub fn tcp_ports(&self) -> [(&'static str, u32); 4] {
        [
            ("access_port", self.access_port),
            ("internal_port", self.internal_port),
            ("webconf_port", self.webconf_port),
            ("av_port", self.av_port),
        ]
    }
}

/// Simple URLs. Each is an `https://` URL; its host is a certificate name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SimpleUrls {
    /// Meeting URLs, usually one per SIP domain.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub meet: Vec<String>,
    /// Dial-in conferencing URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dialin: Option<String>,
    /// Administration URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin: Option<String>,
}

impl Topology {
    /// The default SIP domain (validation guarantees there is exactly one).
    pub fn default_sip_domain(&self) -> Option<&str> {
        self.sip_domains
            .iter()
            .find(|d| d.default)
            .map(|d| d.name.as_str())
    }

    /// Every pool of every site, with its site.
    pub fn pools(&self) -> impl Iterator<Item = (&Site, &Pool)> {
        self.sites
            .iter()
            .flat_map(|site| site.pools.iter().map(move |pool| (site, pool)))
    }

    /// The pool with this FQDN (the Standard Edition pool, where a Persistent Chat pool is
    /// collocated on it under the same name).
    pub fn pool(&self, fqdn: &str) -> Option<&Pool> {
        let mut found = self.pools().map(|(_, p)| p).filter(|p| p.fqdn == fqdn);
        let first = found.next()?;
        Some(if first.kind == PoolKind::PersistentChat {
            found.next().unwrap_or(first)
        } else {
            first
        })
    }

    /// The Persistent Chat pool a server belongs to.
    pub fn chat_pool_of(&self, server: &str) -> Option<&Pool> {
        self.pools().map(|(_, p)| p).find(|p| {
            p.kind == PoolKind::PersistentChat && p.servers.iter().any(|s| s.fqdn == server)
        })
    }

    /// Every server FQDN, in topology order.
    pub fn server_fqdns(&self) -> impl Iterator<Item = &str> {
        self.pools()
            .flat_map(|(_, p)| p.servers.iter().map(|s| s.fqdn.as_str()))
    }
}

/// The host part of an `https://host[:port][/path]` URL, if it has that shape.
pub fn url_host(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("https://")?;
    let end = rest.find(['/', ':', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..end];
    (!host.is_empty()).then_some(host)
}
