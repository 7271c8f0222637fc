//! The Certificate Wizard's flows: Request (immediate or delayed), Assign, Import, Export,
//! Process Pending Request and Remove. Each flow's page list is data computed from the choices
//! made so far (a delayed request has a request file and no CA; an issued certificate is
//! followed by the assignment pages while "Assign this certificate to its usages" is checked);
//! Back / Next / Cancel / Finish are derived from it. Every action runs a core command on its
//! own thread, shown live on an Executing Commands page.

mod details;
mod pages;

use std::path::PathBuf;

use iced::Task;
use iced::widget::operation;

pub use details::{Details, page as details_page};

use super::{pick_file, save_file};
use crate::cert::acme::DEFAULT_HTTP01_LISTEN;
use crate::cert::assign::parse_effective_date;
use crate::cert::key::{KeySpec, SignatureHash};
use crate::cert::offline::PendingRequest;
use crate::cert::query::{self, Candidate, RequestContext};
use crate::cert::request::CaChoice;
use crate::cert::request::{CaInput, RequestProblem, RequestSpec, check_organization};
use crate::cert::store::{CertStore, StoredCert};
use crate::cert::{RequiredNames, Usage};
use crate::data_dir::DataDir;
use crate::deploy::certificates as actions;
use crate::fl;
use crate::gui::run::{Ended, RunMessage, RunState};
use crate::gui::widget::commands;
use crate::topology::normalize_dns_name;
use crate::wording;

/// Which flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Request a certificate, then (optionally) assign it.
    Request,
    /// Assign a certificate of the store.
    Assign,
    /// Import a certificate file.
    Import,
    /// Export a certificate with its key as PFX.
    Export,
    /// Complete a delayed request with the CA's response.
    Pending,
    /// Remove usages' assignments.
    Remove,
}

/// A page of a flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// Delayed or Immediate Requests.
    Mode,
    /// Certificate Request File (delayed).
    RequestFile,
    /// Choose a Certification Authority (CA).
    ChooseCa,
    /// Certification Authority Account.
    CaAccount,
    /// Specify Alternate Certificate Template.
    Template,
    /// Name and Security Settings.
    NameSecurity,
    /// Organization Information.
    Organization,
    /// Geographical Information.
    Geographical,
    /// Subject Name / Subject Alternative Names.
    SubjectNames,
    /// SIP Domain setting on Subject Alternative Names.
    SipDomains,
    /// Configure Additional Subject Alternative Names.
    AdditionalSans,
    /// Certificate Request Summary.
    Summary,
    /// The flow's action, running (request, import, export, pending, remove).
    Executing,
    /// Online Certificate Request Status.
    RequestStatus,
    /// Certificate Assignment: which usages.
    AssignUsages,
    /// Certificate Store: which certificate.
    AssignStore,
    /// Certificate Assignment Summary.
    AssignSummary,
    /// The assignment, running.
    AssignExecuting,
    /// Import Certificate.
    ImportFile,
    /// Export Certificate.
    ExportFile,
    /// Process Pending Request.
    PendingPick,
    /// Remove Certificate Assignment.
    RemoveConfirm,
}

impl Page {
    /// The page's title.
    pub fn title(self) -> String {
        match self {
            Page::Mode => fl!("cw-mode-title"),
            Page::RequestFile => fl!("cw-request-file-title"),
            Page::ChooseCa => fl!("cw-ca-title"),
            Page::CaAccount => fl!("cw-account-title"),
            Page::Template => fl!("cw-template-title"),
            Page::NameSecurity => fl!("cw-name-title"),
            Page::Organization => fl!("cw-org-title"),
            Page::Geographical => fl!("cw-geo-title"),
            Page::SubjectNames => fl!("cw-subject-title"),
            Page::SipDomains => fl!("cw-sip-title"),
            Page::AdditionalSans => fl!("cw-sans-title"),
            Page::Summary => fl!("cw-summary-title"),
            Page::Executing | Page::AssignExecuting => fl!("executing-commands"),
            Page::RequestStatus => fl!("cw-status-title"),
            Page::AssignUsages => fl!("cw-assign-title"),
            Page::AssignStore => fl!("cw-store-title"),
            Page::AssignSummary => fl!("cw-assign-summary-title"),
            Page::ImportFile => fl!("cw-import-title"),
            Page::ExportFile => fl!("cw-export-title"),
            Page::PendingPick => fl!("cw-pending-title"),
            Page::RemoveConfirm => fl!("cw-remove-title"),
        }
    }
}

const ASSIGN_PAGES: [Page; 4] = [
    Page::AssignUsages,
    Page::AssignStore,
    Page::AssignSummary,
    Page::AssignExecuting,
];

/// The CA chosen on Choose a Certification Authority.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaPick {
    /// A CA detected in the environment, by index.
    Detected(usize),
    /// Another CA: an ACME directory.
    Other,
}

/// The text fields of every page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    /// Certificate request file.
    RequestFile,
    /// ACME directory URL.
    AcmeUrl,
    /// PEM roots for the directory's TLS.
    AcmeRoot,
    /// Where the http-01 responder listens.
    Http01,
    /// External account key id.
    EabKid,
    /// External account HMAC key (masked).
    EabHmac,
    /// Certificate template.
    Template,
    /// Friendly name.
    FriendlyName,
    /// Organization.
    Org,
    /// Organizational unit.
    Ou,
    /// Country, two letters.
    Country,
    /// State or province.
    State,
    /// City.
    City,
    /// The additional name being typed.
    San,
    /// A roll's effective date.
    Effective,
    /// The file to import.
    ImportFile,
    /// The import's password (masked).
    ImportPassword,
    /// The PFX to write.
    ExportOut,
    /// The export's password (masked).
    ExportPassword,
    /// The export's password again (masked).
    ExportConfirm,
    /// The CA's response file.
    ResponseFile,
}

impl Text {
    /// The widget id of the field.
    pub fn id(self) -> &'static str {
        match self {
            Text::RequestFile => "cw-request-file",
            Text::AcmeUrl => "cw-acme-url",
            Text::AcmeRoot => "cw-acme-root",
            Text::Http01 => "cw-http01",
            Text::EabKid => "cw-eab-kid",
            Text::EabHmac => "cw-eab-hmac",
            Text::Template => "cw-template",
            Text::FriendlyName => "cw-friendly-name",
            Text::Org => "cw-org",
            Text::Ou => "cw-ou",
            Text::Country => "cw-country",
            Text::State => "cw-state",
            Text::City => "cw-city",
            Text::San => "cw-san",
            Text::Effective => "cw-effective",
            Text::ImportFile => "cw-import-file",
            Text::ImportPassword => "cw-import-password",
            Text::ExportOut => "cw-export-out",
            Text::ExportPassword => "cw-export-password",
            Text::ExportConfirm => "cw-export-confirm",
            Text::ResponseFile => "cw-response-file",
        }
    }
}

/// The check boxes of every page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    /// Mark the private key as exportable.
    Exportable,
    /// Assign this certificate to its usages.
    AssignAfter,
    /// Roll: make the certificate current at a date.
    Roll,
    /// The import file contains the private key.
    ImportHasKey,
    /// Mark the imported key as exportable.
    ImportExportable,
    /// Trust the imported root.
    ImportTrust,
    /// Legacy PFX encryption.
    Legacy,
}

/// What the wizard's controls send.
#[derive(Debug, Clone)]
pub enum Message {
    /// Delayed (true) or immediate request.
    Delayed(bool),
    /// A CA was chosen.
    Ca(CaPick),
    /// A text field was edited.
    Edit(Text, String),
    /// A check box was toggled.
    Toggle(Flag, bool),
    /// A key type was chosen.
    Key(KeySpec),
    /// A signature hash was chosen.
    Hash(SignatureHash),
    /// A SIP domain was checked or unchecked.
    SipDomain(String, bool),
    /// Add the additional name typed.
    AddSan,
    /// Remove an additional name.
    RemoveSan(usize),
    /// Remove every additional name.
    ClearSans,
    /// From the summary: go to a page to change it (Next comes back).
    Change(Page),
    /// A usage was checked or unchecked on Certificate Assignment.
    AssignUsage(Usage, bool),
    /// A certificate was chosen (Certificate Store, Export).
    Choose(String),
    /// A pending request was chosen.
    ChoosePending(String),
    /// The certificates of the store were checked.
    Candidates(Result<Vec<Candidate>, String>),
    /// Browse… beside a field.
    Browse(Text),
    /// A file dialog answered.
    Picked(Text, Option<PathBuf>),
    /// Enter in a field: the next field.
    FocusNext,
    /// View Certificate Details.
    ViewDetails(String),
    /// Close the details.
    CloseDetails,
    /// Back.
    Back,
    /// Next.
    Next,
    /// Cancel.
    Cancel,
    /// The answer to "stop the running action?".
    ConfirmCancel(bool),
    /// Finish.
    Finish,
    /// Run the failed action again.
    RunAgain,
    /// The action's run reported.
    Run(RunMessage),
    /// The assignment's run reported.
    AssignRun(RunMessage),
    /// The Executing Commands page's drop-down and View Log.
    Commands(commands::Request),
}

/// What the parent must do.
pub enum Action {
    /// Nothing more.
    None,
    /// Run a task.
    Task(Task<Message>),
    /// Back to the main page (Finish or Cancel).
    Close,
    /// Open the log viewer on a run.
    ViewLog(String),
}

/// The wizard's state.
pub struct CertWizard {
    /// Which flow.
    pub flow: Flow,
    index: usize,
    data: DataDir,
    context: Result<RequestContext, String>,
    // Request.
    delayed: bool,
    request_file: String,
    ca: Option<CaPick>,
    acme_url: String,
    acme_root: String,
    http01: String,
    eab_kid: String,
    eab_hmac: String,
    template: String,
    friendly_name: String,
    key: KeySpec,
    hash: SignatureHash,
    exportable: bool,
    org: String,
    ou: String,
    country: String,
    state: String,
    city: String,
    usages: Vec<Usage>,
    sip_domains: Vec<String>,
    san: String,
    sans: Vec<String>,
    names: Option<Result<RequiredNames, String>>,
    return_to_summary: bool,
    // Status.
    issued: Option<StoredCert>,
    assign_after: bool,
    // Assign.
    assign_usages: Vec<Usage>,
    candidates: Option<Result<Vec<Candidate>, String>>,
    chosen: Option<String>,
    roll: bool,
    effective: String,
    // Import.
    import_file: String,
    import_has_key: bool,
    import_password: String,
    import_exportable: bool,
    import_trust: bool,
    // Export.
    store: Result<Vec<StoredCert>, String>,
    export_out: String,
    export_password: String,
    export_confirm: String,
    legacy: bool,
    // Process Pending Request.
    pending: Result<Vec<PendingRequest>, String>,
    pending_pick: Option<String>,
    response_file: String,
    /// The action's run.
    pub run: Option<RunState>,
    /// The assignment's run.
    pub assign_run: Option<RunState>,
    runs: Vec<String>,
    selected_log: Option<String>,
    /// Cancel was pressed while an action runs: the page asks first.
    pub confirm_cancel: bool,
    details: Option<Result<Details, String>>,
}

impl CertWizard {
    /// Opens `flow` for `usages` (the rows selected on the main page) and, for Assign and
    /// Export, the certificate `thumbprint` of the first selected row.
    pub fn open(
        flow: Flow,
        data: DataDir,
        usages: Vec<Usage>,
        thumbprint: Option<String>,
    ) -> (Self, Task<Message>) {
        let context = query::request_context(&data).map_err(|e| e.to_string());
        let sip_domains = context
            .as_ref()
            .map(|c| vec![c.default_domain.clone()])
            .unwrap_or_default();
        let ca = match &context {
            Ok(c) if c.cas.iter().any(|ca| ca.can_issue) => c
                .cas
                .iter()
                .position(|ca| ca.can_issue)
                .map(CaPick::Detected),
            _ => None,
        };
        let request_file = context
            .as_ref()
            .map(|c| default_request_file(&c.server))
            .unwrap_or_default();
        // Only Export lists the whole store (it may hold thousands of certificates).
        let store = if flow == Flow::Export {
            CertStore::open(&data).list().map_err(|e| e.to_string())
        } else {
            Ok(Vec::new())
        };
        let pending = crate::cert::offline::list(&data).map_err(|e| e.to_string());
        let pending_pick = pending
            .as_ref()
            .ok()
            .and_then(|p| p.first().map(|p| p.id.clone()));
        let mut wizard = CertWizard {
            flow,
            index: 0,
            data,
            context,
            delayed: false,
            request_file,
            ca,
            acme_url: String::new(),
            acme_root: String::new(),
            http01: DEFAULT_HTTP01_LISTEN.to_string(),
            eab_kid: String::new(),
            eab_hmac: String::new(),
            template: crate::cert::request::DEFAULT_TEMPLATE.to_string(),
            friendly_name: String::new(),
            key: KeySpec::default(),
            hash: SignatureHash::default(),
            // OAuthTokenIssuer is shared through the CMS: its key must be exportable.
            exportable: usages.contains(&Usage::OAuthTokenIssuer),
            org: String::new(),
            ou: String::new(),
            country: String::new(),
            state: String::new(),
            city: String::new(),
            usages: usages.clone(),
            sip_domains,
            san: String::new(),
            sans: Vec::new(),
            names: None,
            return_to_summary: false,
            issued: None,
            assign_after: true,
            assign_usages: usages,
            candidates: None,
            chosen: thumbprint,
            roll: false,
            effective: String::new(),
            import_file: String::new(),
            import_has_key: true,
            import_password: String::new(),
            import_exportable: false,
            import_trust: false,
            store,
            export_out: String::new(),
            export_password: String::new(),
            export_confirm: String::new(),
            legacy: false,
            pending,
            pending_pick,
            response_file: String::new(),
            run: None,
            assign_run: None,
            runs: Vec::new(),
            selected_log: None,
            confirm_cancel: false,
            details: None,
        };
        let task = wizard.enter();
        (wizard, task)
    }

    /// The wizard's title.
    pub fn title(&self) -> String {
        match self.flow {
            Flow::Request => fl!("cw-flow-request"),
            Flow::Assign => fl!("cw-flow-assign"),
            Flow::Import => fl!("cw-flow-import"),
            Flow::Export => fl!("cw-flow-export"),
            Flow::Pending => fl!("cw-flow-pending"),
            Flow::Remove => fl!("cw-flow-remove"),
        }
    }

    /// The pages of the flow with the choices made so far.
    pub fn pages(&self) -> Vec<Page> {
        let issued_then_assign = |mut pages: Vec<Page>| {
            if self.assign_after {
                pages.extend(ASSIGN_PAGES);
            }
            pages
        };
        match self.flow {
            Flow::Request => {
                let mut pages = vec![Page::Mode];
                if self.delayed {
                    pages.push(Page::RequestFile);
                } else {
                    pages.extend([Page::ChooseCa, Page::CaAccount]);
                }
                pages.extend([
                    Page::Template,
                    Page::NameSecurity,
                    Page::Organization,
                    Page::Geographical,
                    Page::SubjectNames,
                    Page::SipDomains,
                    Page::AdditionalSans,
                    Page::Summary,
                    Page::Executing,
                    Page::RequestStatus,
                ]);
                if self.delayed {
                    pages
                } else {
                    issued_then_assign(pages)
                }
            }
            Flow::Assign => ASSIGN_PAGES.to_vec(),
            Flow::Import => vec![Page::ImportFile, Page::Executing],
            Flow::Export => vec![Page::ExportFile, Page::Executing],
            Flow::Pending => issued_then_assign(vec![
                Page::PendingPick,
                Page::Executing,
                Page::RequestStatus,
            ]),
            Flow::Remove => vec![Page::RemoveConfirm, Page::Executing],
        }
    }

    /// The current page.
    pub fn page(&self) -> Page {
        let pages = self.pages();
        pages[self.index.min(pages.len() - 1)]
    }

    fn has_next(&self) -> bool {
        self.index + 1 < self.pages().len()
    }

    fn run_of(&self, page: Page) -> Option<&RunState> {
        match page {
            Page::Executing => self.run.as_ref(),
            Page::AssignExecuting => self.assign_run.as_ref(),
            _ => None,
        }
    }

    fn page_run_ok(&self, page: Page) -> bool {
        self.run_of(page)
            .and_then(|r| r.ended.as_ref())
            .is_some_and(|e| e.error.is_none())
    }

    fn page_run_failed(&self, page: Page) -> bool {
        self.run_of(page)
            .and_then(|r| r.ended.as_ref())
            .is_some_and(|e| e.error.is_some())
    }

    /// Whether an action is running.
    pub fn running(&self) -> bool {
        self.run.as_ref().is_some_and(RunState::running)
            || self.assign_run.as_ref().is_some_and(RunState::running)
    }

    /// What is wrong with the current page's input, if anything (shown under it; Next waits).
    pub fn problem(&self) -> Option<String> {
        if let Err(error) = &self.context
            && !matches!(self.page(), Page::ImportFile)
        {
            return Some(error.clone());
        }
        match self.page() {
            Page::Mode | Page::Summary | Page::RemoveConfirm | Page::RequestStatus => None,
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
            Page::Executing | Page::AssignExecuting => None,
            Page::AssignUsages => self.assign_usages.is_empty().then(|| fl!("cw-need-usage")),
            Page::AssignStore => match &self.candidates {
                None => Some(fl!("cw-store-checking")),
                Some(Err(e)) => Some(e.clone()),
                _ if self.chosen_candidate().is_none() => Some(fl!("cw-need-certificate")),
                _ => None,
            },
            Page::AssignSummary => {
                if self.roll {
                    parse_effective_date(&self.effective)
                        .err()
                        .map(|e| e.to_string())
                } else {
                    None
                }
            }
            Page::ImportFile => self
                .import_file
                .trim()
                .is_empty()
                .then(|| fl!("cw-need-import-file")),
            Page::ExportFile => {
                let cert = self.store.as_ref().ok().and_then(|s| {
                    s.iter()
                        .find(|c| Some(&c.thumbprint) == self.chosen.as_ref())
                });
                match cert {
                    None => Some(fl!("cw-need-certificate")),
                    Some(c) if !c.meta.exportable || !c.has_key => Some(fl!("cw-not-exportable")),
                    _ if self.export_out.trim().is_empty() => Some(fl!("cw-need-export-file")),
                    _ if self.export_password.is_empty() => Some(fl!("cw-need-password")),
                    _ if self.export_password != self.export_confirm => {
                        Some(fl!("cw-passwords-differ"))
                    }
                    _ => None,
                }
            }
            Page::PendingPick => {
                if self.pending_pick.is_none() {
                    Some(fl!("cw-need-pending"))
                } else if self.response_file.trim().is_empty() {
                    Some(fl!("cw-need-response"))
                } else {
                    None
                }
            }
        }
    }

    /// The problem of the additional name being typed, as it is typed.
    pub fn san_problem(&self) -> Option<String> {
        let typed = self.san.trim();
        if typed.is_empty() {
            return None;
        }
        match normalize_dns_name(typed, true) {
            Err(e) => Some(e),
            Ok(name) if self.sans.contains(&name) => {
                Some(fl!("cw-san-duplicate", name = name.clone()))
            }
            Ok(_) => None,
        }
    }

    /// Whether Next may be pressed.
    pub fn can_continue(&self) -> bool {
        match self.page() {
            page @ (Page::Executing | Page::AssignExecuting) => self.page_run_ok(page),
            _ => self.problem().is_none(),
        }
    }

    /// Whether Back may be pressed: not on the first page, not while an action runs, not after
    /// it completed (what is done is done), and never back into a completed action.
    pub fn can_go_back(&self) -> bool {
        if self.index == 0 || self.running() {
            return false;
        }
        let page = self.page();
        if matches!(page, Page::Executing | Page::AssignExecuting) {
            return self.page_run_failed(page);
        }
        let previous = self.pages()[self.index - 1];
        !matches!(previous, Page::Executing | Page::AssignExecuting)
    }

    /// Whether Finish is shown: on the last page once its action ended, or on a last page
    /// without an action.
    pub fn can_finish(&self) -> bool {
        if self.has_next() {
            return false;
        }
        match self.page() {
            page @ (Page::Executing | Page::AssignExecuting) => {
                self.run_of(page).is_some_and(|r| !r.running())
            }
            _ => true,
        }
    }

    /// Enter = Next or Finish.
    pub fn default_action(&self) -> Option<Message> {
        if self.details.is_some() {
            Some(Message::CloseDetails)
        } else if self.can_finish() {
            Some(Message::Finish)
        } else if self.has_next() && self.can_continue() {
            Some(Message::Next)
        } else {
            None
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
    fn ca_input(&self, with_account: bool) -> CaInput {
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

    fn chosen_candidate(&self) -> Option<&Candidate> {
        let chosen = self.chosen.as_ref()?;
        match &self.candidates {
            Some(Ok(list)) => list
                .iter()
                .find(|c| &c.cert.thumbprint == chosen && c.selectable()),
            _ => None,
        }
    }

    /// Runs the page's work when it is entered.
    fn enter(&mut self) -> Task<Message> {
        let focus = |text: Text| operation::focus(text.id());
        match self.page() {
            Page::RequestFile => focus(Text::RequestFile),
            Page::ChooseCa if self.ca == Some(CaPick::Other) => focus(Text::AcmeUrl),
            Page::CaAccount => focus(Text::EabKid),
            Page::Template => focus(Text::Template),
            Page::NameSecurity => focus(Text::FriendlyName),
            Page::Organization => focus(Text::Org),
            Page::Geographical => focus(Text::Country),
            Page::SubjectNames | Page::Summary => {
                self.names =
                    Some(query::preview_names(&self.data, &self.spec()).map_err(|e| e.to_string()));
                Task::none()
            }
            Page::AdditionalSans => focus(Text::San),
            Page::AssignStore => {
                // Checking every certificate of a large store takes a while: off the window's
                // thread, the page says so meanwhile.
                self.candidates = None;
                let data = self.data.clone();
                let usages = self.assign_usages.clone();
                crate::gui::background(move || {
                    query::candidates(&data, &usages).map_err(|e| e.to_string())
                })
                .map(Message::Candidates)
            }
            Page::AssignSummary if self.roll => focus(Text::Effective),
            Page::ImportFile => focus(Text::ImportFile),
            Page::ExportFile => focus(Text::ExportOut),
            Page::PendingPick => focus(Text::ResponseFile),
            Page::Executing => self.start(),
            Page::AssignExecuting => self.start_assign(),
            Page::RequestStatus => {
                self.issued = self
                    .run
                    .as_ref()
                    .and_then(|r| r.ended.as_ref())
                    .and_then(|e| e.thumbprint.as_ref())
                    .and_then(|t| CertStore::open(&self.data).get(t).ok());
                if let Some(cert) = &self.issued {
                    self.chosen = Some(cert.thumbprint.clone());
                    if self.flow == Flow::Pending {
                        self.usages = cert.meta.requested_usages.clone();
                    }
                    self.assign_usages = self.usages.clone();
                } else {
                    // Nothing was issued (a delayed request): no assignment follows.
                    self.assign_after = false;
                }
                Task::none()
            }
            _ => Task::none(),
        }
    }

    /// Starts the flow's action on its own thread.
    fn start(&mut self) -> Task<Message> {
        let data = self.data.clone();
        let (state, task) = match self.flow {
            Flow::Request => {
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
            Flow::Import => {
                let file = PathBuf::from(self.import_file.trim());
                let password = (self.import_has_key && !self.import_password.is_empty())
                    .then(|| self.import_password.clone());
                let exportable = self.import_has_key && self.import_exportable;
                let trust = self.import_trust;
                RunState::start(move |sink| {
                    match actions::import(
                        &data,
                        &file,
                        password.as_deref(),
                        None,
                        exportable,
                        trust,
                        sink,
                    ) {
                        Ok(outcome) => {
                            let names: Vec<String> = outcome
                                .certificates
                                .iter()
                                .map(|c| format!("{} ({})", c.meta.friendly_name, c.thumbprint))
                                .collect();
                            let first = outcome.certificates.first().map(|c| c.thumbprint.clone());
                            let ended = Ended::ok(
                                outcome.run,
                                Some(fl!("cw-imported-notice", names = names.join(", "))),
                            );
                            match first {
                                Some(t) => ended.with_thumbprint(t),
                                None => ended,
                            }
                        }
                        Err(error) => Ended::failed(error),
                    }
                })
            }
            Flow::Export => {
                let thumbprint = self.chosen.clone().unwrap_or_default();
                let out = PathBuf::from(self.export_out.trim());
                let password = self.export_password.clone();
                let legacy = self.legacy;
                RunState::start(move |sink| {
                    match actions::export(&data, &thumbprint, &out, &password, None, legacy, sink) {
                        Ok(run) => Ended::ok(
                            run,
                            Some(fl!("cw-exported-notice", file = out.display().to_string())),
                        ),
                        Err(error) => Ended::failed(error),
                    }
                })
            }
            Flow::Pending => {
                let response = PathBuf::from(self.response_file.trim());
                RunState::start(move |sink| {
                    match actions::complete_pending(&data, &response, sink) {
                        Ok((cert, run)) => Ended::ok(
                            run,
                            Some(fl!(
                                "cw-issued-notice",
                                thumbprint = cert.thumbprint.clone()
                            )),
                        )
                        .with_thumbprint(cert.thumbprint),
                        Err(error) => Ended::failed(error),
                    }
                })
            }
            Flow::Remove => {
                let usages = self.usages.clone();
                RunState::start(move |sink| {
                    let mut last = None;
                    for usage in usages {
                        match actions::remove(&data, usage, sink.clone()) {
                            Ok(run) => last = Some(run),
                            Err(error) => return Ended::failed(error),
                        }
                    }
                    match last {
                        Some(run) => Ended::ok(run, None),
                        None => Ended::refused(fl!("cw-need-usage")),
                    }
                })
            }
            Flow::Assign => return Task::none(),
        };
        self.run = Some(state);
        task.map(Message::Run)
    }

    fn start_assign(&mut self) -> Task<Message> {
        let data = self.data.clone();
        let usages = self.assign_usages.clone();
        let thumbprint = self.chosen.clone().unwrap_or_default();
        let roll = if self.roll {
            match parse_effective_date(&self.effective) {
                Ok(date) => Some(date),
                Err(e) => {
                    let message = e.to_string();
                    let (state, task) = RunState::start(move |_| Ended::refused(message));
                    self.assign_run = Some(state);
                    return task.map(Message::AssignRun);
                }
            }
        } else {
            None
        };
        let (state, task) = RunState::start(move |sink| {
            match actions::assign_usages(&data, &usages, &thumbprint, roll, sink) {
                Ok(outcome) => Ended::ok(
                    outcome.run,
                    Some(fl!(
                        "cw-assigned-notice",
                        usages = crate::cert::usage::join(&outcome.usages, ", ")
                    )),
                )
                .with_thumbprint(outcome.thumbprint),
                Err(error) => Ended::failed(error),
            }
        });
        self.assign_run = Some(state);
        task.map(Message::AssignRun)
    }

    fn go_to(&mut self, index: usize) -> Task<Message> {
        self.index = index;
        self.enter()
    }

    fn record_run(&mut self, id: Option<&String>) {
        if let Some(id) = id
            && !self.runs.contains(id)
        {
            self.runs.push(id.clone());
            self.selected_log = Some(id.clone());
        }
    }

    fn text_mut(&mut self, field: Text) -> &mut String {
        match field {
            Text::RequestFile => &mut self.request_file,
            Text::AcmeUrl => &mut self.acme_url,
            Text::AcmeRoot => &mut self.acme_root,
            Text::Http01 => &mut self.http01,
            Text::EabKid => &mut self.eab_kid,
            Text::EabHmac => &mut self.eab_hmac,
            Text::Template => &mut self.template,
            Text::FriendlyName => &mut self.friendly_name,
            Text::Org => &mut self.org,
            Text::Ou => &mut self.ou,
            Text::Country => &mut self.country,
            Text::State => &mut self.state,
            Text::City => &mut self.city,
            Text::San => &mut self.san,
            Text::Effective => &mut self.effective,
            Text::ImportFile => &mut self.import_file,
            Text::ImportPassword => &mut self.import_password,
            Text::ExportOut => &mut self.export_out,
            Text::ExportPassword => &mut self.export_password,
            Text::ExportConfirm => &mut self.export_confirm,
            Text::ResponseFile => &mut self.response_file,
        }
    }

    /// Handles a message.
    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Delayed(delayed) => self.delayed = delayed,
            Message::Ca(pick) => {
                self.ca = Some(pick);
                if pick == CaPick::Other {
                    return Action::Task(operation::focus(Text::AcmeUrl.id()));
                }
            }
            Message::Edit(field, value) => *self.text_mut(field) = value,
            Message::Toggle(flag, on) => match flag {
                Flag::Exportable => self.exportable = on,
                Flag::AssignAfter => self.assign_after = on,
                Flag::Roll => {
                    self.roll = on;
                    if on {
                        return Action::Task(operation::focus(Text::Effective.id()));
                    }
                }
                Flag::ImportHasKey => self.import_has_key = on,
                Flag::ImportExportable => self.import_exportable = on,
                Flag::ImportTrust => self.import_trust = on,
                Flag::Legacy => self.legacy = on,
            },
            Message::Key(key) => self.key = key,
            Message::Hash(hash) => self.hash = hash,
            Message::SipDomain(domain, on) => {
                self.sip_domains.retain(|d| d != &domain);
                if on {
                    self.sip_domains.push(domain);
                }
                self.names =
                    Some(query::preview_names(&self.data, &self.spec()).map_err(|e| e.to_string()));
            }
            Message::AddSan => {
                if self.san_problem().is_none()
                    && let Ok(name) = normalize_dns_name(self.san.trim(), true)
                {
                    self.sans.push(name);
                    self.san.clear();
                }
            }
            Message::RemoveSan(i) => {
                if i < self.sans.len() {
                    self.sans.remove(i);
                }
            }
            Message::ClearSans => self.sans.clear(),
            Message::Change(page) => {
                if self.page() == Page::Summary
                    && let Some(i) = self.pages().iter().position(|p| *p == page)
                {
                    self.return_to_summary = true;
                    return Action::Task(self.go_to(i));
                }
            }
            Message::AssignUsage(usage, on) => {
                self.assign_usages.retain(|u| *u != usage);
                if on {
                    self.assign_usages.push(usage);
                }
            }
            Message::Choose(thumbprint) => self.chosen = Some(thumbprint),
            Message::ChoosePending(id) => self.pending_pick = Some(id),
            Message::Candidates(candidates) => {
                // The only certificate that passes is chosen already.
                if let Ok(list) = &candidates {
                    let passing: Vec<&Candidate> = list.iter().filter(|c| c.selectable()).collect();
                    let chosen_passes = passing
                        .iter()
                        .any(|c| Some(&c.cert.thumbprint) == self.chosen.as_ref());
                    if !chosen_passes && let [only] = passing.as_slice() {
                        self.chosen = Some(only.cert.thumbprint.clone());
                    }
                }
                self.candidates = Some(candidates);
            }
            Message::Browse(field) => {
                let task = match field {
                    Text::RequestFile => save_file(format!(
                        "{}.req",
                        self.context
                            .as_ref()
                            .map(|c| c.server.clone())
                            .unwrap_or_default()
                    )),
                    Text::ExportOut => save_file("certificate.pfx".into()),
                    Text::AcmeRoot => pick_file(fl!("file-kind-pem"), &["pem", "crt", "cer"]),
                    Text::ResponseFile => pick_file(
                        fl!("file-kind-certificate"),
                        &["cer", "crt", "pem", "p7b", "der"],
                    ),
                    _ => pick_file(
                        fl!("file-kind-certificate"),
                        &["pfx", "p12", "cer", "crt", "pem", "p7b", "der"],
                    ),
                };
                return Action::Task(task.map(move |path| Message::Picked(field, path)));
            }
            Message::Picked(field, Some(path)) => {
                *self.text_mut(field) = path.display().to_string();
            }
            Message::Picked(_, None) => {}
            Message::FocusNext => return Action::Task(operation::focus_next()),
            Message::ViewDetails(thumbprint) => {
                self.details = Some(Details::load(&self.data, &thumbprint));
            }
            Message::CloseDetails => self.details = None,
            Message::Back => {
                if self.can_go_back() {
                    let page = self.page();
                    if page == Page::Executing {
                        self.run = None;
                    }
                    if page == Page::AssignExecuting {
                        self.assign_run = None;
                    }
                    self.return_to_summary = false;
                    let task = self.go_to(self.index - 1);
                    if page == Page::Executing && self.flow == Flow::Import && self.import_has_key {
                        // The usual failure is a wrong password: it is cleared, to type again.
                        self.import_password.clear();
                        return Action::Task(operation::focus(Text::ImportPassword.id()));
                    }
                    return Action::Task(task);
                }
            }
            Message::Next => {
                if self.has_next() && self.can_continue() {
                    if self.return_to_summary
                        && let Some(i) = self.pages().iter().position(|p| *p == Page::Summary)
                        && i > self.index
                    {
                        self.return_to_summary = false;
                        return Action::Task(self.go_to(i));
                    }
                    return Action::Task(self.go_to(self.index + 1));
                }
            }
            Message::Cancel => {
                if self.running() {
                    self.confirm_cancel = true;
                } else {
                    return Action::Close;
                }
            }
            Message::ConfirmCancel(stop) => {
                self.confirm_cancel = false;
                if stop {
                    for run in [&mut self.run, &mut self.assign_run].into_iter().flatten() {
                        run.cancel();
                    }
                }
            }
            Message::Finish => {
                if self.can_finish() {
                    return Action::Close;
                }
            }
            Message::RunAgain => match self.page() {
                Page::Executing if !self.running() => return Action::Task(self.start()),
                Page::AssignExecuting if !self.running() => {
                    return Action::Task(self.start_assign());
                }
                _ => {}
            },
            Message::Run(message) => {
                if let Some(run) = &mut self.run {
                    run.apply(message);
                    let id = run.run.clone();
                    self.record_run(id.as_ref());
                }
            }
            Message::AssignRun(message) => {
                if let Some(run) = &mut self.assign_run {
                    run.apply(message);
                    let id = run.run.clone();
                    self.record_run(id.as_ref());
                }
            }
            Message::Commands(commands::Request::SelectLog(id)) => self.selected_log = Some(id),
            Message::Commands(commands::Request::ViewLog(id)) => return Action::ViewLog(id),
        }
        Action::None
    }
}

/// The request file proposed for a delayed request: in the home directory, named after the
/// server and the date.
fn default_request_file(server: &str) -> String {
    let date = time::OffsetDateTime::now_utc().date();
    let dir = directories::UserDirs::new()
        .map(|d| d.home_dir().to_path_buf())
        .unwrap_or_else(std::env::temp_dir);
    dir.join(format!("{server}-{date}.req"))
        .display()
        .to_string()
}
