//! The central management store (CMS) and this server's local configuration store (its
//! replica).
//!
//! A CMS is a directory: `cms.json` (the manifest: revision, publication time, and the SHA-256
//! and size of every document) and `objects/<sha256>` (the documents, content-addressed). A
//! publication writes the new objects first and then replaces `cms.json` atomically, so a
//! reader sees one revision whole or the previous one whole. The same two kinds of file are
//! fetched over HTTPS or read from a `cms export` zip. Step 1 copies them into `replica/`,
//! verifying every hash, and swaps the replica in only when everything checked out.

mod cms;
mod replica;
pub mod seal;
mod source;
mod web;

pub use cms::{
    CentralStore, CmsManifest, DocumentRef, EXPORT_MAC, ExportOutcome, ExportSecrets, KeepSecrets,
    PublishOutcome, TOPOLOGY, authenticated_contents, is_protected,
};
pub use replica::{InstallReport, LocalConfigurationStore, ReplicaManifest, install};
pub use source::{CmsSource, Revision};
pub use web::{MAX_REPORT, REPORTS, ReplicaReport, ReplicationLine, ServeOutcome, WEB};

use crate::Failure;
use crate::topology::TopologyError;

/// The CMS document holding the A/V Edge's TURN secret (protected: owner-only everywhere,
/// sealed in exports).
pub const TURN_SECRET_DOC: &str = "protected/settings/turn-secret";

/// The CMS document holding the password of the Persistent Chat store's role (protected).
pub const CHAT_STORE_SECRET_DOC: &str = "protected/settings/pchat-store-secret";

/// The CMS document holding the directory's bind password (protected).
pub const DIRECTORY_PASSWORD_DOC: &str = "protected/settings/directory-bind-password";

/// A new random secret: 32 bytes, hex.
pub fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random source is available");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The documents a topology publication carries: the topology, and the Persistent Chat
/// store's secret the first time a topology has a Persistent Chat pool.
pub fn topology_documents(
    cms: &CentralStore,
    topology: &crate::topology::Topology,
    bytes: Vec<u8>,
) -> Result<Vec<(&'static str, Vec<u8>)>, StoreError> {
    let mut documents = vec![(TOPOLOGY, bytes)];
    let chat = topology
        .pools()
        .any(|(_, p)| p.kind == crate::topology::PoolKind::PersistentChat);
    if chat
        && !cms
            .manifest()?
            .documents
            .contains_key(CHAT_STORE_SECRET_DOC)
    {
        documents.push((
            CHAT_STORE_SECRET_DOC,
            format!("{}\n", random_secret()).into_bytes(),
        ));
    }
    Ok(documents)
}

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The directory is not a CMS.
    #[error(
        "{0} is not a central management store (no cms.json); create one with `deploy-wizard cms init {0}`"
    )]
    NotACms(String),
    /// `cms init` on an existing CMS.
    #[error(
        "{path} is already a central management store (revision {revision}); publish to it with `deploy-wizard cms publish --cms {path} --topology FILE`"
    )]
    AlreadyACms {
        /// CMS directory.
        path: String,
        /// Its revision.
        revision: u64,
    },
    /// `cms init` on a directory that holds other files.
    #[error("{0} is not empty; choose a new or empty directory for the central management store")]
    NotEmpty(String),
    /// Reading or writing failed.
    #[error("{what}: {source}")]
    Io {
        /// What was being done.
        what: String,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// A manifest or document is unreadable.
    #[error("{what} is damaged: {reason}")]
    Corrupt {
        /// Which file.
        what: String,
        /// Why.
        reason: String,
    },
    /// A document does not have the hash or size its manifest records.
    #[error(
        "{document} from {source_name} does not match the manifest (expected SHA-256 {expected}, found {actual}): the source was changed or damaged after publication; republish it and run step 1 again"
    )]
    HashMismatch {
        /// Document name.
        document: String,
        /// Where it came from.
        source_name: String,
        /// Hash in the manifest.
        expected: String,
        /// Hash of what was read.
        actual: String,
    },
    /// The export file is not a usable zip.
    #[error(
        "{path} is not a usable configuration export: {reason}; create one with `deploy-wizard cms export --cms DIR --out FILE.zip`"
    )]
    BadExport {
        /// Zip file.
        path: String,
        /// Why.
        reason: String,
    },
    /// The export holds sealed objects and no password was given.
    #[error(
        "{0} holds protected objects encrypted with its export password: give that password with --password-file F (or DEPLOY_WIZARD_EXPORT_PASSWORD)"
    )]
    ExportPasswordNeeded(String),
    /// The export password does not open the export.
    #[error(
        "the export password is wrong for {0}: its protected objects cannot be decrypted with it; give the password used by `cms export`"
    )]
    ExportPasswordWrong(String),
    /// A served CMS holds protected documents and no replication password was given.
    #[error(
        "{0} serves protected documents (CA keys, certificates, service secrets) sealed with its replication password: give that password with --password-file F (or DEPLOY_WIZARD_EXPORT_PASSWORD)"
    )]
    ReplicationPasswordNeeded(String),
    /// The replication password does not open the served CMS's sealed documents.
    #[error(
        "the replication password is wrong for {0}: give the password `cms serve` was run with on the CMS host"
    )]
    ReplicationPasswordWrong(String),
    /// An export password too short or too long.
    #[error("{}", match .0 {
        seal::PasswordProblem::TooShort => format!("the export password is too short: use at least {} characters", seal::MIN_PASSWORD),
        seal::PasswordProblem::TooLong => format!("the export password is too long: use at most {} characters", seal::MAX_PASSWORD),
    })]
    BadPassword(seal::PasswordProblem),
    /// `cms export` needs a password: it authenticates the export (and seals its secrets).
    #[error(
        "an export is authenticated with a password (and its protected objects — CA keys, the OAuthTokenIssuer PFX, service secrets — are encrypted with it): give it with --password-file F (or DEPLOY_WIZARD_EXPORT_PASSWORD); with --without-secrets it holds no secret, and the password only proves that nothing in it was changed"
    )]
    ExportSecretsUnspecified,
    /// An export without its authentication (made by an older wizard, or stripped).
    #[error(
        "{0} carries no authentication (it was made by an older deploy-wizard, or its export.mac was removed): make a new export with `deploy-wizard cms export` and install that one"
    )]
    ExportUnauthenticated(String),
    /// An export whose contents do not match its authentication.
    #[error(
        "{0} was changed after `cms export` wrote it (its contents do not match its authentication): nothing was installed; make a new export on the CMS host"
    )]
    ExportTampered(String),
    /// The source holds an older revision than this server's replica.
    #[error(
        "{source_name} holds revision {revision}, older than this server's local configuration store (revision {replica}): installing it would roll this server back; nothing was changed. To do it on purpose, run step 1 again with --allow-older"
    )]
    OlderRevision {
        /// Where it came from.
        source_name: String,
        /// Its revision.
        revision: u64,
        /// The replica's revision.
        replica: u64,
    },
    /// A value refused before anything was done, with its reason as data (an autodiscover
    /// URL…).
    #[error(transparent)]
    Refused(Box<crate::log::Refusal>),
    /// The CMS location is not a directory or an https URL.
    #[error("{0}")]
    BadLocation(String),
    /// An HTTPS request failed.
    #[error("cannot fetch {url}: {reason}")]
    Http {
        /// URL (without credentials).
        url: String,
        /// Why.
        reason: String,
    },
    /// The topology (to publish, or in the CMS) is invalid.
    #[error(transparent)]
    Topology(#[from] TopologyError),
    /// This server is not in the topology.
    #[error("{0}")]
    NotInTopology(crate::topology::ThisServerError),
    /// Step 1 has not run.
    #[error(
        "this server has no local configuration store yet; run step 1 first: `deploy-wizard store install --from-cms DIR`"
    )]
    NoReplica,
}

impl From<crate::log::Refusal> for StoreError {
    fn from(refusal: crate::log::Refusal) -> Self {
        StoreError::Refused(Box::new(refusal))
    }
}

impl crate::log::Explain for StoreError {
    fn reason(&self) -> Option<crate::log::Reason> {
        use crate::log::Reason;
        match self {
            StoreError::ExportPasswordNeeded(path) => {
                Some(Reason::new("why-export-password-needed").with("path", path))
            }
            StoreError::ExportPasswordWrong(path) => {
                Some(Reason::new("why-export-password-wrong").with("path", path))
            }
            StoreError::ExportSecretsUnspecified => {
                Some(Reason::new("why-export-password-required"))
            }
            StoreError::ExportUnauthenticated(path) => {
                Some(Reason::new("why-export-unauthenticated").with("path", path))
            }
            StoreError::ExportTampered(path) => {
                Some(Reason::new("why-export-tampered").with("path", path))
            }
            StoreError::OlderRevision {
                source_name,
                revision,
                replica,
            } => Some(
                Reason::new("why-cms-older")
                    .with("source", source_name)
                    .with("revision", revision)
                    .with("replica", replica),
            ),
            StoreError::Refused(refusal) => Some(refusal.why.clone()),
            StoreError::NotACms(path) => {
                Some(Reason::new("why-store-not-a-cms").with("path", path))
            }
            StoreError::AlreadyACms { path, revision } => Some(
                Reason::new("why-store-already-a-cms")
                    .with("path", path)
                    .with("revision", revision),
            ),
            StoreError::NotEmpty(path) => {
                Some(Reason::new("why-store-not-empty").with("path", path))
            }
            // What was done and the operating system's reason are free-form: only the frame is
            // worded.
            StoreError::Io { what, source } => Some(
                Reason::new("why-store-io")
                    .with("what", what)
                    .with("detail", source),
            ),
            StoreError::Corrupt { what, reason } => Some(
                Reason::new("why-store-corrupt")
                    .with("what", what)
                    .with("reason", reason),
            ),
            StoreError::HashMismatch {
                document,
                source_name,
                expected,
                actual,
            } => Some(
                Reason::new("why-store-hash-mismatch")
                    .with("document", document)
                    .with("source", source_name)
                    .with("expected", expected)
                    .with("actual", actual),
            ),
            StoreError::BadExport { path, reason } => Some(
                Reason::new("why-store-bad-export")
                    .with("path", path)
                    .with("reason", reason),
            ),
            StoreError::ReplicationPasswordNeeded(source) => {
                Some(Reason::new("why-replication-password-needed").with("source", source))
            }
            StoreError::ReplicationPasswordWrong(source) => {
                Some(Reason::new("why-replication-password-wrong").with("source", source))
            }
            StoreError::BadPassword(seal::PasswordProblem::TooShort) => {
                Some(Reason::new("why-export-password-too-short").with("min", seal::MIN_PASSWORD))
            }
            StoreError::BadPassword(seal::PasswordProblem::TooLong) => {
                Some(Reason::new("why-export-password-too-long").with("max", seal::MAX_PASSWORD))
            }
            StoreError::Http { url, reason } => Some(
                Reason::new("why-store-http")
                    .with("url", url)
                    .with("reason", reason),
            ),
            StoreError::NotInTopology(error) => error.reason(),
            StoreError::NoReplica => Some(Reason::new("why-store-no-replica")),
            // Free-form text from the module that refused (a value refused with a reason is
            // `Refused`), and the topology's own problems: said in English.
            StoreError::BadLocation(_) | StoreError::Topology(_) => None,
        }
    }
}

/// Why this server is not found in a topology, as data (`--server` with an invalid name keeps
/// its English text: the catalogue words name problems differently).
impl crate::log::Explain for crate::topology::ThisServerError {
    fn reason(&self) -> Option<crate::log::Reason> {
        use crate::log::Reason;
        use crate::topology::{KnownServers, ThisServerError};
        // `none`, or the first ten servers, and `count` more.
        let known = |why: Reason, known: &KnownServers| {
            why.with(
                "servers",
                if known.shown.is_empty() {
                    "none".to_string()
                } else {
                    known.shown.join(", ")
                },
            )
            .with("count", known.more)
        };
        match self {
            ThisServerError::BadName(_) => None,
            ThisServerError::NoSuchServer { server, known: all } => Some(known(
                Reason::new("why-server-unknown").with("server", server),
                all,
            )),
            ThisServerError::NotAServer {
                machine,
                known: all,
            } => Some(known(
                Reason::new("why-machine-not-in-topology").with("machine", machine),
                all,
            )),
            ThisServerError::ShortNameShared { short, servers } => Some(
                Reason::new("why-machine-short-name-shared")
                    .with("short", short)
                    .with("servers", servers.join(", ")),
            ),
        }
    }
}

impl StoreError {
    /// Bad input (exit 2) or a failed action (exit 1).
    pub fn failure(&self) -> Failure {
        match self {
            StoreError::NotACms(_)
            | StoreError::AlreadyACms { .. }
            | StoreError::NotEmpty(_)
            | StoreError::BadExport { .. }
            | StoreError::ExportPasswordNeeded(_)
            | StoreError::ExportPasswordWrong(_)
            | StoreError::ReplicationPasswordNeeded(_)
            | StoreError::ReplicationPasswordWrong(_)
            | StoreError::BadPassword(_)
            | StoreError::ExportSecretsUnspecified
            | StoreError::ExportUnauthenticated(_)
            | StoreError::ExportTampered(_)
            | StoreError::OlderRevision { .. }
            | StoreError::HashMismatch { .. }
            | StoreError::Refused(_)
            | StoreError::BadLocation(_)
            | StoreError::Topology(_)
            | StoreError::NotInTopology(_)
            | StoreError::NoReplica => Failure::BadInput,
            // A damaged CMS, export or replica is the administrator's to mend (republish,
            // export again, run step 1 again): bad input.
            StoreError::Corrupt { .. } => Failure::BadInput,
            StoreError::Io { .. } | StoreError::Http { .. } => Failure::ActionFailed,
        }
    }

    pub(crate) fn io(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> StoreError {
        let what = what.into();
        move |source| StoreError::Io { what, source }
    }
}

/// Upper-case hex SHA-256 is for certificates; documents use lower-case hex like `sha256sum`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A document name is a relative path of plain components: no `..`, no absolute path, so a
/// hostile manifest or zip cannot write outside the replica.
pub fn is_safe_document_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 200
        && name.split('/').all(|part| {
            !part.is_empty()
                && part != "."
                && part != ".."
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::log::Explain;
    use crate::topology::{KnownServers, ThisServerError};

    fn servers(count: usize) -> KnownServers {
        KnownServers {
            shown: (1..=count.min(10))
                .map(|i| format!("fe{i:02}.contoso.com"))
                .collect(),
            more: count.saturating_sub(10),
        }
    }

    fn not_in_topology() -> Vec<StoreError> {
        let mut errors = Vec::new();
        for count in [0, 1, 3, 10, 11, 12] {
            errors.push(StoreError::NotInTopology(ThisServerError::NoSuchServer {
                server: "nosuch.example.com".into(),
                known: servers(count),
            }));
            errors.push(StoreError::NotInTopology(ThisServerError::NotAServer {
                machine: "vm.lab.test".into(),
                known: servers(count),
            }));
        }
        errors.push(StoreError::NotInTopology(
            ThisServerError::ShortNameShared {
                short: "fe".into(),
                servers: vec!["fe.contoso.com".into(), "fe.fabrikam.com".into()],
            },
        ));
        errors
    }

    /// Every reason a store error gives reads in English as its text always did (the CLI's
    /// English output and the tests that compare it), and otherwise in French.
    #[test]
    fn every_reason_reads_in_english_as_the_error_text() {
        let io = || std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
        let mut errors = vec![
            StoreError::NotACms("/nowhere".into()),
            StoreError::AlreadyACms {
                path: "/srv/cms".into(),
                revision: 7,
            },
            StoreError::NotEmpty("/srv/full".into()),
            StoreError::Io {
                what: "cannot create /srv/cms".into(),
                source: io(),
            },
            StoreError::Corrupt {
                what: "the replicated topology".into(),
                reason: "it is not UTF-8".into(),
            },
            StoreError::HashMismatch {
                document: "topology.json".into(),
                source_name: "/srv/cms".into(),
                expected: "ab".repeat(32),
                actual: "cd".repeat(32),
            },
            StoreError::BadExport {
                path: "/tmp/e.zip".into(),
                reason: "it is not a zip archive".into(),
            },
            StoreError::ReplicationPasswordNeeded("https://cms.contoso.com/".into()),
            StoreError::ReplicationPasswordWrong("https://cms.contoso.com/".into()),
            StoreError::BadPassword(seal::PasswordProblem::TooShort),
            StoreError::BadPassword(seal::PasswordProblem::TooLong),
            StoreError::Http {
                url: "https://cms.contoso.com/cms.json".into(),
                reason: "connection refused".into(),
            },
            StoreError::NoReplica,
        ];
        errors.extend(not_in_topology());
        for error in errors {
            let why = error
                .reason()
                .unwrap_or_else(|| panic!("{error:?} has a reason"));
            let english = why.words(Lang::En);
            assert_eq!(english, error.to_string(), "{why:?}");
            let french = why.words(Lang::Fr);
            assert_ne!(french, english, "{why:?} in French");
            assert!(!french.contains(&why.id), "{why:?} exists in French");
        }
    }

    #[test]
    fn the_servers_of_the_topology_are_counted_in_french() {
        let french = |count| {
            not_in_topology()
                .into_iter()
                .nth(count)
                .and_then(|e| e.reason())
                .map(|why| why.words(Lang::Fr))
                .unwrap()
        };
        // NoSuchServer with 0, 1, ..., 11 and 12 servers (every other error).
        assert!(
            french(0).ends_with("ses serveurs sont : aucun"),
            "{}",
            french(0)
        );
        assert!(french(2).ends_with(": fe01.contoso.com"), "{}", french(2));
        assert!(
            french(8).ends_with("fe10.contoso.com et 1 autre"),
            "{}",
            french(8)
        );
        assert!(
            french(10).ends_with("fe10.contoso.com et 2 autres"),
            "{}",
            french(10)
        );
    }

    /// `--server` with an invalid name keeps its English text: the catalogue words name
    /// problems in sentences of its own.
    #[test]
    fn an_invalid_server_name_has_no_reason() {
        let problem = crate::topology::normalize_dns_name("a b", false).unwrap_err();
        let error = StoreError::NotInTopology(ThisServerError::BadName(problem));
        assert!(error.reason().is_none());
        assert_eq!(error.to_string(), "--server: \"a b\" contains white space");
    }
}
