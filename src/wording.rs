//! The edge's words for the core's typed outcomes, shared by the CLI and the window: the core
//! returns data (enums with fields) and never calls the translation macro; what a person reads
//! is chosen here from `i18n/en` or `i18n/fr`.

use crate::cert::CertError;
use crate::cert::request::{OrgField, RequestProblem, UrlProblem};
use crate::deploy::{StepId, StepStatus};
use crate::fl;

/// A step's title in the current language.
pub fn step_title(step: StepId) -> String {
    match step {
        StepId::LocalStore => fl!("step-local-store"),
        StepId::Components => fl!("step-components"),
        StepId::Certificates => fl!("step-certificates"),
        StepId::Services => fl!("step-services"),
    }
}

/// A step status in the current language.
pub fn step_status(status: StepStatus) -> String {
    match status {
        StepStatus::Complete => fl!("status-complete"),
        StepStatus::NotRun => fl!("status-not-run"),
        StepStatus::Failed => fl!("status-failed"),
        StepStatus::Partial => fl!("status-partial"),
        StepStatus::NeedsRerun => fl!("status-needs-rerun"),
    }
}

/// Why an ACME directory URL is refused, in the current language.
pub fn url_problem(problem: &UrlProblem) -> String {
    match problem {
        UrlProblem::Empty => fl!("cw-need-acme-url"),
        UrlProblem::NotUrl(url) => fl!("url-not-url", url = url.clone()),
        UrlProblem::NotHttps(_) => fl!("s2s-url-not-https"),
        UrlProblem::NoHost(url) => fl!("url-no-host", url = url.clone()),
    }
}

/// Why a certificate request is refused, in the current language.
pub fn request_problem(problem: &RequestProblem) -> String {
    match problem {
        RequestProblem::Template => fl!("cw-bad-template"),
        RequestProblem::FriendlyName => fl!("cw-bad-friendly-name"),
        RequestProblem::OrganizationField(field) => fl!(
            "req-org-field",
            field = match field {
                OrgField::Organization => "organization",
                OrgField::OrganizationalUnit => "unit",
                OrgField::City => "city",
                OrgField::State => "state",
            }
        ),
        RequestProblem::Country(value) => fl!("req-country", value = value.clone()),
        RequestProblem::OAuthTokenIssuerNotExportable => fl!("req-oauth-not-exportable"),
        RequestProblem::AcmeUrl(problem) => url_problem(problem),
        RequestProblem::Http01Listen(value) => fl!("cw-bad-http01", value = value.clone()),
        RequestProblem::EabIncomplete => fl!("cw-need-both-eab"),
        RequestProblem::RequestFileMissing => fl!("cw-need-request-file"),
    }
}

/// A certificate error, in the current language where the core typed it.
pub fn cert_error(error: &CertError) -> String {
    match error {
        CertError::Request(problem) => request_problem(problem),
        other => other.to_string(),
    }
}
