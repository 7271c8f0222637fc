//! The HTTPS client of the wizard (the CMS over HTTPS, partner metadata documents): the system
//! roots plus the roots the caller trusts, and an optional hosts file (`DEPLOY_WIZARD_HOSTS`,
//! the `/etc/hosts` format) consulted before DNS, for labs whose names are in no DNS.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::OnceLock;
use std::time::Duration;

use ureq::config::Config;
use ureq::http::Uri;
use ureq::tls::{Certificate, RootCerts, TlsConfig};
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{DefaultConnector, NextTimeout};

/// Environment variable naming a hosts file to resolve names with before DNS.
pub const HOSTS_ENV: &str = "DEPLOY_WIZARD_HOSTS";

#[derive(Debug)]
struct HostsFirst {
    hosts: HashMap<String, IpAddr>,
    dns: DefaultResolver,
}

impl Resolver for HostsFirst {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let found = uri
            .host()
            .and_then(|host| self.hosts.get(&host.to_ascii_lowercase()));
        match found {
            Some(ip) => {
                let port = uri.port_u16().unwrap_or(443);
                let mut addrs = self.empty();
                addrs.push(SocketAddr::new(*ip, port));
                Ok(addrs)
            }
            None => self.dns.resolve(uri, config, timeout),
        }
    }
}

fn hosts_file() -> HashMap<String, IpAddr> {
    let Some(path) = std::env::var_os(HOSTS_ENV) else {
        return HashMap::new();
    };
    let Ok(text) = std::fs::read_to_string(path) else {
        return HashMap::new();
    };
    let mut hosts = HashMap::new();
    for line in text.lines().map(|l| l.split('#').next().unwrap_or("")) {
        let mut words = line.split_whitespace();
        if let Some(ip) = words.next().and_then(|w| w.parse::<IpAddr>().ok()) {
            for name in words {
                hosts.entry(name.to_ascii_lowercase()).or_insert(ip);
            }
        }
    }
    hosts
}

/// The address of `host`: from the hosts file of `DEPLOY_WIZARD_HOSTS` first, else the system
/// resolver (the first address). `None` when it does not resolve.
pub fn resolve_host(host: &str) -> Option<IpAddr> {
    if let Ok(ip) = host.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Some(ip) = hosts_file().get(&host.to_ascii_lowercase()) {
        return Some(*ip);
    }
    use std::net::ToSocketAddrs;
    (host, 0)
        .to_socket_addrs()
        .ok()
        .and_then(|mut addrs| addrs.next())
        .map(|a| a.ip())
}

/// The operating system's trusted roots (DER), read once.
pub fn system_roots() -> &'static [Vec<u8>] {
    static ROOTS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    ROOTS.get_or_init(|| {
        rustls_native_certs::load_native_certs()
            .certs
            .into_iter()
            .map(|c| c.as_ref().to_vec())
            .collect()
    })
}

/// An agent that trusts the system roots and `extra_roots` (DER).
pub fn agent(extra_roots: &[Vec<u8>]) -> ureq::Agent {
    agent_with_identity(extra_roots, None)
}

/// A certificate chain (DER, leaf first) and its private key (PKCS#8 DER) a client presents.
pub struct ClientIdentity {
    /// Leaf first.
    pub chain: Vec<Vec<u8>>,
    /// The key, PKCS#8 DER.
    pub key_pkcs8: Vec<u8>,
}

/// An agent that trusts the system roots and `extra_roots`, and presents `identity` when the
/// server asks for a client certificate.
pub fn agent_with_identity(
    extra_roots: &[Vec<u8>],
    identity: Option<&ClientIdentity>,
) -> ureq::Agent {
    let mut certs: Vec<Certificate<'static>> = system_roots()
        .iter()
        .chain(extra_roots)
        .map(|der| Certificate::from_der(der).to_owned())
        .collect();
    certs.dedup_by(|a, b| a.der() == b.der());
    let client = identity.and_then(|identity| {
        let key_pem = pem::encode(&pem::Pem::new("PRIVATE KEY", identity.key_pkcs8.clone()));
        let key = ureq::tls::PrivateKey::from_pem(key_pem.as_bytes()).ok()?;
        let chain: Vec<Certificate<'static>> = identity
            .chain
            .iter()
            .map(|der| Certificate::from_der(der).to_owned())
            .collect();
        Some(ureq::tls::ClientCert::new_with_certs(&chain, key))
    });
    let tls = TlsConfig::builder()
        .root_certs(RootCerts::new_with_certs(&certs))
        .client_cert(client)
        .build();
    let config = ureq::Agent::config_builder()
        .tls_config(tls)
        .timeout_global(Some(Duration::from_secs(60)))
        .timeout_connect(Some(Duration::from_secs(10)))
        .build();
    ureq::Agent::with_parts(
        config,
        DefaultConnector::new(),
        HostsFirst {
            hosts: hosts_file(),
            dns: DefaultResolver::default(),
        },
    )
}

/// GETs `url` (at most `limit` bytes); the error is in plain words, with `tls_advice` added
/// when the server's certificate is not trusted.
pub fn get(
    agent: &ureq::Agent,
    url: &str,
    limit: u64,
    tls_advice: &str,
) -> Result<Vec<u8>, String> {
    let mut response = agent
        .get(url)
        .call()
        .map_err(|e| plain_error(e, tls_advice))?;
    response
        .body_mut()
        .with_config()
        .limit(limit)
        .read_to_vec()
        .map_err(|e| plain_error(e, tls_advice))
}

/// PUTs `body` to `url`; the status must be 2xx.
pub fn put(agent: &ureq::Agent, url: &str, body: &[u8], tls_advice: &str) -> Result<(), String> {
    agent
        .put(url)
        .header("Content-Type", "application/json")
        .send(body)
        .map(|_| ())
        .map_err(|e| plain_error(e, tls_advice))
}

/// A ureq error in plain words.
pub fn plain_error(error: ureq::Error, tls_advice: &str) -> String {
    let tls = |e: &dyn std::fmt::Display| format!("TLS failed: {e}; {tls_advice}");
    match error {
        ureq::Error::StatusCode(404) => {
            "the server answered 404 Not Found: is the URL right?".into()
        }
        ureq::Error::StatusCode(code) => format!("the server answered HTTP {code}"),
        // rustls reports certificate problems as I/O errors of kind InvalidData.
        ureq::Error::Io(e)
            if e.kind() == std::io::ErrorKind::InvalidData
                && e.to_string().contains("certificate") =>
        {
            tls(&e)
        }
        ureq::Error::Io(e) => format!("connection failed: {e}"),
        ureq::Error::HostNotFound => {
            format!("the host name does not resolve (DNS, or the {HOSTS_ENV} file)")
        }
        ureq::Error::Timeout(_) => "the server did not answer in time".into(),
        ureq::Error::Tls(e) => tls(&e),
        ureq::Error::Rustls(e) => tls(&e),
        other => other.to_string(),
    }
}
