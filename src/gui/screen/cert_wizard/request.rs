//! The Request flow (Delayed or Immediate Request → CA → account → template → name and security → organization → geography → names → SIP domains → additional names → Summary → Executing Commands → status): its request specification and CA choice built for the core, its pages' rules, and its run.

use std::path::PathBuf;

use iced::Task;

use super::*;

impl CertWizard {
    /// The rules of the Request pages.
    pub(super) fn request_problem(&self, page: Page) -> Option<String> {
        match page {
            Page::RequestFile => self
                .request_file
                .trim()
                .is_empty()
                .then(|| fl!("cw-need-request-file")),
            Page::ChooseCa => match self.ca {
                None => Some(fl!("cw-need-ca")),
                Some(CaPick::Detected(i)) => match &self.context {
                    Ok(c) if c.cas.get(i).is_some_and(|ca| !ca.can_issue) => {
                        Some(fl!("cw-ca-cannot-issue", name = c.cas[i].name.clone()))
                    }
                    _ => None,
                },
                // The core's CA rules (the EAB pair is the next page's).
                Some(CaPick::Other) => match self.ca_input(false).choice() {
                    Err(problem) => Some(wording::request_problem(&problem)),
                    Ok(_) => None,
                },
            },
            Page::CaAccount if self.ca == Some(CaPick::Other) => self
                .ca_input(true)
                .choice()
                .err()
                .map(|problem| wording::request_problem(&problem)),
            Page::CaAccount => None,
            // The core's rules of the request's own fields, each shown on its page.
            Page::Template => match self.spec().check() {
                Err(problem @ RequestProblem::Template) => Some(wording::request_problem(&problem)),
                _ => None,
            },
            Page::NameSecurity => match self.spec().check() {
                Err(
                    problem @ (RequestProblem::FriendlyName
                    | RequestProblem::OAuthTokenIssuerNotExportable),
                ) => Some(wording::request_problem(&problem)),
                _ => None,
            },
            Page::Organization | Page::Geographical => check_organization(&self.spec())
                .err()
                .map(|problem| wording::request_problem(&problem)),
            Page::SubjectNames => match &self.names {
                Some(Err(e)) => Some(e.clone()),
                _ => None,
            },
            Page::SipDomains => self
                .sip_domains
                .is_empty()
                .then(|| fl!("cw-need-sip-domain")),
            Page::AdditionalSans => None,
            _ => None,
        }
    }

    /// The request as chosen on the pages.
    pub fn spec(&self) -> RequestSpec {
        let optional = |s: &str| {
            let s = s.trim();
            (!s.is_empty()).then(|| s.to_string())
        };
        RequestSpec {
            usages: self.usages.clone(),
            key: self.key,
            hash: self.hash,
            friendly_name: optional(&self.friendly_name),
            exportable: self.exportable,
            // The window always has a template (WebServer by default): empty is refused.
            template: Some(self.template.trim().to_string()),
            organization: optional(&self.org),
            organizational_unit: optional(&self.ou),
            city: optional(&self.city),
            state: optional(&self.state),
            country: optional(&self.country).map(|c| c.to_ascii_uppercase()),
            sip_domains: self.sip_domains.clone(),
            additional_sans: self.sans.clone(),
        }
    }

    /// The ACME CA as the pages give it, for the core's checks (with or without the account
    /// page's external account binding).
    pub(super) fn ca_input(&self, with_account: bool) -> CaInput {
        let root = self.acme_root.trim();
        CaInput {
            offline: None,
            ca: Some(self.acme_url.clone()),
            acme: true,
            eab_kid: with_account.then(|| self.eab_kid.clone()),
            eab_hmac: with_account.then(|| self.eab_hmac.clone()),
            eab_hmac_file: None,
            acme_root: (!root.is_empty()).then(|| PathBuf::from(root)),
            http01_listen: self.http01.clone(),
        }
    }

    /// Where the request goes.
    pub fn ca_choice(&self) -> Result<CaChoice, String> {
        if self.delayed {
            return Ok(CaChoice::Offline(PathBuf::from(self.request_file.trim())));
        }
        match self.ca {
            Some(CaPick::Detected(i)) => match &self.context {
                Ok(c) => c
                    .cas
                    .get(i)
                    .map(|ca| CaChoice::Lab(ca.name.clone()))
                    .ok_or_else(|| fl!("cw-need-ca")),
                Err(e) => Err(e.clone()),
            },
            Some(CaPick::Other) => self
                .ca_input(true)
                .choice()
                .map_err(|problem| wording::request_problem(&problem)),
            None => Err(fl!("cw-need-ca")),
        }
    }

    /// The problem of the additional name being typed, as it is typed.
    pub fn san_problem(&self) -> Option<String> {
        let typed = self.san.trim();
        if typed.is_empty() {
            return None;
        }
        match normalize_dns_name(typed, true) {
            Err(e) => Some(crate::wording::name_problem(&e)),
            Ok(name) if self.sans.contains(&name) => {
                Some(fl!("cw-san-duplicate", name = name.clone()))
            }
            Ok(_) => None,
        }
    }

    /// Runs the Request flow's core command on the Executing Commands page.
    pub(super) fn start_request(&mut self) -> (RunState, Task<RunMessage>) {
        let data = self.data.clone();
        let spec = self.spec();
        let ca = self.ca_choice();
        let delayed = self.delayed;
        RunState::start(move |sink| {
            let ca = match ca {
                Ok(ca) => ca,
                Err(e) => return Ended::refused(e),
            };
            match actions::request(&data, &spec, &ca, false, sink) {
                Ok(outcome) => match (outcome.certificate, outcome.pending) {
                    (Some(cert), _) => Ended::ok(
                        outcome.run,
                        Some(fl!(
                            "cw-issued-notice",
                            thumbprint = cert.thumbprint.clone()
                        )),
                    )
                    .with_thumbprint(cert.thumbprint),
                    (None, Some(pending)) if delayed => Ended::ok(
                        outcome.run,
                        Some(fl!(
                            "cw-written-notice",
                            file = pending.request_file.display().to_string(),
                            id = pending.id
                        )),
                    ),
                    _ => Ended::ok(outcome.run, None),
                },
                Err(error) => Ended::failed(error),
            }
        })
    }
}

/// The request file proposed for a delayed request: in the home directory, named after the
/// server and the date.
pub(super) fn default_request_file(server: &str) -> String {
    let date = time::OffsetDateTime::now_utc().date();
    let dir = directories::UserDirs::new()
        .map(|d| d.home_dir().to_path_buf())
        .unwrap_or_else(std::env::temp_dir);
    dir.join(format!("{server}-{date}.req"))
        .display()
        .to_string()
}
