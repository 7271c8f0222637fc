//! One verified, authenticated connection to the directory, and LDAP's answers in words.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use ldap3::{LdapConn, LdapConnSettings, LdapError, LdapResult, Mod, Scope, SearchEntry};

use super::{CONNECT_TIMEOUT, DirectoryError, DirectorySettings, OPERATION_TIMEOUT};
use crate::log::Reason;

/// LDAP result codes the wizard words.
pub mod code {
    /// The entry does not exist.
    pub const NO_SUCH_OBJECT: u32 = 32;
    /// The DN or password is wrong.
    pub const INVALID_CREDENTIALS: u32 = 49;
    /// The account lacks a right.
    pub const INSUFFICIENT_ACCESS: u32 = 50;
    /// An attribute the schema does not know.
    pub const UNDEFINED_ATTRIBUTE: u32 = 17;
    /// An entry that breaks the schema's rules.
    pub const OBJECT_CLASS_VIOLATION: u32 = 65;
    /// The value exists already.
    pub const VALUE_EXISTS: u32 = 20;
}

/// An entry as the wizard reads it: its DN and its attributes by lower-case name.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    /// The DN.
    pub dn: String,
    /// Values by lower-case attribute name.
    pub attrs: BTreeMap<String, Vec<String>>,
}

impl Entry {
    /// The first value of `name`.
    pub fn first(&self, name: &str) -> Option<&str> {
        self.attrs
            .get(&name.to_ascii_lowercase())
            .and_then(|v| v.first())
            .map(String::as_str)
    }

    /// Every value of `name`.
    pub fn all(&self, name: &str) -> &[String] {
        self.attrs
            .get(&name.to_ascii_lowercase())
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    fn from_search(entry: SearchEntry) -> Entry {
        Entry {
            dn: entry.dn,
            attrs: entry
                .attrs
                .into_iter()
                .map(|(name, values)| (name.to_ascii_lowercase(), values))
                .collect(),
        }
    }
}

/// What the wizard asked the directory to do, as a key the catalogues word (`operation`).
pub fn operation_english(key: &str) -> &'static str {
    match key {
        "bind" => "bind as",
        "read" => "read",
        "search" => "search",
        "add" => "add",
        "change" => "change",
        "add-schema" => "add a schema to",
        "add-entries" => "add entries under",
        "read-rules" => "read and change the access rules of",
        "change-rules" => "change the access rules of",
        "add-members" => "add members to",
        "change-user" => "change the SIP settings of",
        _ => "change",
    }
}

/// A bound connection.
pub struct Connection {
    ldap: LdapConn,
    /// The account it is bound as.
    pub account: String,
    url: String,
}

/// The rustls client configuration that trusts `roots` (DER) and nothing else.
fn tls_config(roots: &[Vec<u8>]) -> Result<rustls::ClientConfig, DirectoryError> {
    let mut store = rustls::RootCertStore::empty();
    for der in roots {
        // A root rustls cannot use is skipped, as a browser would.
        let _ = store.add(rustls_pki_types::CertificateDer::from(der.clone()));
    }
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| DirectoryError::failed(e.to_string(), Reason::new("why-dir-tls-setup")))?
        .with_root_certificates(store)
        .with_no_client_auth();
    Ok(config)
}

impl Connection {
    /// Connects over TLS verified against `roots`, and binds as the settings' bind DN.
    pub fn open(
        settings: &DirectorySettings,
        password: &str,
        roots: &[Vec<u8>],
    ) -> Result<Connection, DirectoryError> {
        Self::open_as(settings, &settings.bind_dn, password, roots)
    }

    /// Connects like [`Connection::open`] and binds as `account`.
    pub fn open_as(
        settings: &DirectorySettings,
        account: &str,
        password: &str,
        roots: &[Vec<u8>],
    ) -> Result<Connection, DirectoryError> {
        let config = tls_config(roots)?;
        let ldap_settings = LdapConnSettings::new()
            .set_conn_timeout(CONNECT_TIMEOUT)
            .set_config(Arc::new(config))
            .set_starttls(settings.starttls());
        let mut ldap = LdapConn::with_settings(ldap_settings, &settings.url)
            .map_err(|e| connect_error(&settings.url, &e))?;
        let bound = ldap
            .with_timeout(OPERATION_TIMEOUT)
            .simple_bind(account, password)
            .map_err(|e| connect_error(&settings.url, &e))?;
        if bound.rc == code::INVALID_CREDENTIALS {
            return Err(DirectoryError::refused(
                format!(
                    "the directory at {} refused to bind as {account}: the DN or its password is wrong",
                    settings.url
                ),
                Reason::new("why-dir-bind")
                    .with("url", &settings.url)
                    .with("account", account),
            ));
        }
        let mut connection = Connection {
            ldap,
            account: account.to_string(),
            url: settings.url.clone(),
        };
        connection.check(bound, "bind", account)?;
        Ok(connection)
    }

    /// Turns a non-success result into an error naming the operation and its target.
    pub fn check(
        &mut self,
        result: LdapResult,
        operation: &str,
        target: &str,
    ) -> Result<(), DirectoryError> {
        if result.rc == 0 {
            return Ok(());
        }
        Err(self.answer_error(&result, operation, target))
    }

    /// The error for an LDAP answer: a missing right is named as such.
    pub fn answer_error(
        &self,
        result: &LdapResult,
        operation: &str,
        target: &str,
    ) -> DirectoryError {
        if result.rc == code::INSUFFICIENT_ACCESS {
            return self.missing_right(operation, target);
        }
        let text = result.text.chars().take(300).collect::<String>();
        DirectoryError::failed(
            format!(
                "the directory refused to {} {target}: LDAP result {} ({})",
                operation_english(operation),
                result.rc,
                text
            ),
            Reason::new("why-dir-ldap")
                .with("operation", operation)
                .with("target", target)
                .with("code", result.rc)
                .with("text", text),
        )
    }

    /// The account lacks the right to `operation` on `target`; nothing was changed.
    pub fn missing_right(&self, operation: &str, target: &str) -> DirectoryError {
        DirectoryError::failed(
            format!(
                "the account {} lacks the right to {} {target}: give it that right (or bind as an account that has it) and run this again. Nothing was changed",
                self.account,
                operation_english(operation)
            ),
            Reason::new("why-dir-right-missing")
                .with("account", &self.account)
                .with("operation", operation)
                .with("target", target),
        )
    }

    fn transport(&self, error: &LdapError) -> DirectoryError {
        connect_error(&self.url, error)
    }

    /// Reads one entry (`None` when it does not exist).
    pub fn read(&mut self, dn: &str, attrs: &[&str]) -> Result<Option<Entry>, DirectoryError> {
        let result = self
            .ldap
            .with_timeout(OPERATION_TIMEOUT)
            .search(dn, Scope::Base, "(objectClass=*)", attrs.to_vec())
            .map_err(|e| self.transport(&e))?;
        let (entries, answer) = (result.0, result.1);
        match answer.rc {
            0 => Ok(entries
                .into_iter()
                .next()
                .map(|e| Entry::from_search(SearchEntry::construct(e)))),
            code::NO_SUCH_OBJECT => Ok(None),
            _ => Err(self.answer_error(&answer, "read", dn)),
        }
    }

    /// Every entry under `base` that matches `filter`, a page at a time (a server's size limit
    /// applies to a page, not to the whole answer); stops after `limit` entries.
    pub fn search(
        &mut self,
        base: &str,
        filter: &str,
        attrs: &[&str],
        limit: usize,
    ) -> Result<Vec<Entry>, DirectoryError> {
        use ldap3::adapters::{Adapter, EntriesOnly, PagedResults};
        let adapters: Vec<Box<dyn Adapter<_, _>>> = vec![
            Box::new(EntriesOnly::new()),
            Box::new(PagedResults::new(400)),
        ];
        let url = self.url.clone();
        let mut stream = self
            .ldap
            .with_timeout(OPERATION_TIMEOUT)
            .streaming_search_with(adapters, base, Scope::Subtree, filter, attrs.to_vec())
            .map_err(|e| connect_error(&url, &e))?;
        let mut out = Vec::new();
        while let Some(entry) = stream.next().map_err(|e| connect_error(&url, &e))? {
            if out.len() < limit {
                out.push(Entry::from_search(SearchEntry::construct(entry)));
            }
        }
        let answer = stream.result();
        match answer.rc {
            0 => Ok(out),
            code::NO_SUCH_OBJECT => Ok(Vec::new()),
            _ => Err(self.answer_error(&answer, "search", base)),
        }
    }

    /// Adds an entry.
    pub fn add(
        &mut self,
        dn: &str,
        attrs: Vec<(&str, Vec<&str>)>,
    ) -> Result<LdapResult, DirectoryError> {
        let attrs: Vec<(&str, HashSet<&str>)> = attrs
            .into_iter()
            .map(|(name, values)| (name, values.into_iter().collect()))
            .collect();
        let url = self.url.clone();
        self.ldap
            .with_timeout(OPERATION_TIMEOUT)
            .add(dn, attrs)
            .map_err(|e| connect_error(&url, &e))
    }

    /// Changes an entry (one operation: all changes or none).
    pub fn modify(
        &mut self,
        dn: &str,
        changes: Vec<Mod<&str>>,
    ) -> Result<LdapResult, DirectoryError> {
        let url = self.url.clone();
        self.ldap
            .with_timeout(OPERATION_TIMEOUT)
            .modify(dn, changes)
            .map_err(|e| connect_error(&url, &e))
    }

    /// Deletes an entry.
    pub fn delete(&mut self, dn: &str) -> Result<LdapResult, DirectoryError> {
        let url = self.url.clone();
        self.ldap
            .with_timeout(OPERATION_TIMEOUT)
            .delete(dn)
            .map_err(|e| connect_error(&url, &e))
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        let _ = self.ldap.unbind();
    }
}

/// A connection-level failure in words: unreachable, timed out, or a certificate not trusted.
fn connect_error(url: &str, error: &LdapError) -> DirectoryError {
    use std::error::Error;
    let mut source: Option<&dyn Error> = Some(error);
    let mut tls = None;
    while let Some(e) = source {
        if let Some(rustls_error) = e.downcast_ref::<rustls::Error>() {
            tls = Some(rustls_error.to_string());
            break;
        }
        // An I/O error carries the TLS error it wraps as its payload, not as its source.
        if let Some(inner) = e
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
            .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        {
            tls = Some(inner.to_string());
            break;
        }
        source = e.source();
    }
    if let LdapError::Rustls { source } = error {
        tls = Some(source.to_string());
    }
    if let Some(detail) = tls {
        return DirectoryError::failed(
            format!(
                "the directory at {url} did not pass TLS verification ({detail}): its certificate must name the host of the URL and be signed by a CA this deployment trusts; give that CA with `deploy-wizard directory set --ca-file FILE`"
            ),
            Reason::new("why-dir-tls")
                .with("url", url)
                .with("detail", detail),
        );
    }
    let detail = match error {
        LdapError::Timeout { .. } => format!(
            "no answer within {} seconds",
            CONNECT_TIMEOUT.as_secs().max(OPERATION_TIMEOUT.as_secs())
        ),
        other => other.to_string(),
    };
    DirectoryError::failed(
        format!("the directory at {url} could not be reached: {detail}"),
        Reason::new("why-dir-unreachable")
            .with("url", url)
            .with("detail", detail),
    )
}
