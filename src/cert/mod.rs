//! The certificate core: usages and their required names, keys and requests, certification
//! authorities (lab, ACME, offline), the certificate store, import/export, the checks before
//! assignment, and assignments with rolls. `actions` runs each of them as a logged command.

pub mod acme;
pub mod assign;
pub mod check;
pub mod formats;
pub mod global;
pub mod index;
pub mod info;
pub mod key;
pub mod lab;
pub mod metadata;
pub mod offline;
pub mod query;
pub mod renewal;
pub mod request;
pub mod store;
pub mod usage;

pub use usage::{RequiredNames, Usage, parse_usages, required_names, required_usages};

use crate::Failure;
use crate::store::StoreError;

/// Why a certificate action failed.
#[derive(Debug, thiserror::Error)]
pub enum CertError {
    /// Something the administrator gave is wrong; the text says what to do.
    #[error("{0}")]
    BadInput(String),
    /// The request is refused before anything is made.
    #[error("{0}")]
    Request(request::RequestProblem),
    /// Stopped by the administrator before anything was stored.
    #[error("cancelled by the administrator; nothing was stored")]
    Cancelled,
    /// No certificate with that thumbprint.
    #[error("no certificate {0} in the store; `deploy-wizard cert list` shows them")]
    NotFound(String),
    /// The certificate fails the checks of a usage.
    #[error("certificate {thumbprint} cannot be assigned to {usage}:\n{}", failures.iter().map(|f| format!("  - {}: {}", f.check, f.reason)).collect::<Vec<_>>().join("\n"))]
    ChecksFailed {
        /// The certificate.
        thumbprint: String,
        /// The usage.
        usage: Usage,
        /// Every failed check.
        failures: Vec<check::CheckFailure>,
    },
    /// The action was attempted and failed.
    #[error("{0}")]
    Failed(String),
    /// A certificate file that could not be read.
    #[error("{file}: {error}")]
    Format {
        /// The file.
        file: String,
        /// Why.
        error: Box<formats::FormatError>,
    },
    /// The CA could not be reached (no connection, or the connection was cut).
    #[error(
        "the certification authority {ca} cannot be reached ({detail}): check that it runs and that this server reaches it"
    )]
    CaUnreachable {
        /// The CA (its ACME directory).
        ca: String,
        /// The operating system's reason.
        detail: String,
    },
    /// The local configuration store or the CMS.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Reading or writing failed.
    #[error("{what}: {source}")]
    Io {
        /// What was being done.
        what: String,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// Something the administrator gave is refused, with its reason as data (its English text
    /// is the one `BadInput` would carry).
    #[error(transparent)]
    Refused(Box<crate::log::Refusal>),
}

impl From<crate::log::Refusal> for CertError {
    fn from(refusal: crate::log::Refusal) -> Self {
        CertError::Refused(Box::new(refusal))
    }
}

impl CertError {
    /// Bad input (exit 2) or a failed action (exit 1).
    pub fn failure(&self) -> Failure {
        match self {
            CertError::BadInput(_)
            | CertError::Request(_)
            | CertError::Format { .. }
            | CertError::NotFound(_)
            | CertError::ChecksFailed { .. }
            | CertError::Refused(_) => Failure::BadInput,
            CertError::Store(error) => error.failure(),
            CertError::Failed(_)
            | CertError::CaUnreachable { .. }
            | CertError::Io { .. }
            | CertError::Cancelled => Failure::ActionFailed,
        }
    }

    pub(crate) fn io(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> CertError {
        let what = what.into();
        move |source| CertError::Io { what, source }
    }
}

impl crate::log::Explain for CertError {
    fn reason(&self) -> Option<crate::log::Reason> {
        use crate::log::Reason;
        match self {
            CertError::Request(problem) => Some(problem.reason()),
            CertError::Cancelled => Some(Reason::new("why-cancelled")),
            CertError::ChecksFailed {
                thumbprint,
                usage,
                failures,
            } => Some(
                Reason::new("why-checks-failed")
                    .with("thumbprint", thumbprint)
                    .with("usage", usage)
                    .with_parts(failures.iter().map(|f| f.why.clone()).collect()),
            ),
            CertError::Format { file, error } => error.reason().map(|why| {
                Reason::new("why-in-file")
                    .with("file", file)
                    .with_parts(vec![why])
            }),
            CertError::Store(error) => error.reason(),
            CertError::CaUnreachable { ca, detail } => Some(
                Reason::new("why-ca-unreachable")
                    .with("ca", ca)
                    .with("detail", detail),
            ),
            CertError::NotFound(thumbprint) => {
                Some(Reason::new("why-cert-not-found").with("thumbprint", thumbprint))
            }
            CertError::Refused(refusal) => Some(refusal.why.clone()),
            _ => None,
        }
    }
}

impl From<formats::FormatError> for CertError {
    fn from(error: formats::FormatError) -> Self {
        CertError::BadInput(error.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::log::Explain;

    #[test]
    fn a_missing_certificate_is_worded_in_both_languages() {
        let error = CertError::NotFound("0000".into());
        let why = error.reason().expect("a reason");
        assert_eq!(why.words(Lang::En), error.to_string());
        assert_eq!(
            why.words(Lang::Fr),
            "aucun certificat 0000 dans le magasin de certificats ; `deploy-wizard cert list` les affiche"
        );
    }
}
