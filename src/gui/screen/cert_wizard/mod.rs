//! The Certificate Wizard's flows: Request (immediate or delayed), Assign, Import, Export,
//! Process Pending Request and Remove. Each flow's page list is data computed from the choices
//! made so far (a delayed request has a request file and no CA; an issued certificate is
//! followed by the assignment pages while "Assign this certificate to its usages" is checked);
//! Back / Next / Cancel / Finish are derived from it. Every action runs a core command on its
//! own thread, shown live on an Executing Commands page.

mod assign;
mod details;
mod export;
mod fields;
mod import;
mod pages;
mod pending;
mod remove;
mod request;
mod request_pages;
mod update;

use std::path::PathBuf;

use iced::Task;

pub use details::{Details, page as details_page};
pub use fields::Text;

use super::{pick_file, save_file};
use crate::cert::acme::DEFAULT_HTTP01_LISTEN;
use crate::cert::assign::parse_effective_date;
use crate::cert::key::{KeySpec, SignatureHash};
use crate::cert::offline::PendingRequest;
use crate::cert::query::{self, Candidate, RequestContext};
use crate::cert::request::{CaChoice, CaInput, RequestProblem, RequestSpec, check_organization};
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
    /// Renew the selected usages' certificate now (`cert renew --type T --force`).
    Renew,
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
    /// What Renew will do.
    RenewConfirm,
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
    /// Something was typed or chosen on the current page: its fields' problems show from then
    /// on (a page does not open with an error).
    touched: bool,
    no_dialog: bool, // A Browse… on this page brought no path back.
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
            .map(|c| request::default_request_file(&c.server))
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
            touched: false,
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
            no_dialog: false,
        };
        let task = wizard.enter();
        (wizard, task)
    }

    /// The wizard's title.
    pub fn title(&self) -> String {
        // The assignment that follows a request, an import or a pending request is titled as
        // an assignment.
        if ASSIGN_PAGES.contains(&self.page()) {
            return fl!("cw-flow-assign");
        }
        match self.flow {
            Flow::Request => fl!("cw-flow-request"),
            Flow::Assign => fl!("cw-flow-assign"),
            Flow::Import => fl!("cw-flow-import"),
            Flow::Export => fl!("cw-flow-export"),
            Flow::Pending => fl!("cw-flow-pending"),
            Flow::Remove => fl!("cw-flow-remove"),
            Flow::Renew => fl!("cw-flow-renew"),
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
                ]);
                // OAuthTokenIssuer names the SIP domain itself: no sip.<domain> names to choose.
                if self.usages.iter().any(|u| !u.is_global()) {
                    pages.push(Page::SipDomains);
                }
                pages.extend([
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
            Flow::Renew => vec![Page::RenewConfirm, Page::Executing],
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

    /// The run of the Executing Commands page on screen, if one is.
    pub fn shown_run(&self) -> Option<&RunState> {
        self.run_of(self.page())
    }

    /// Whether an action is running.
    pub fn running(&self) -> bool {
        self.run.as_ref().is_some_and(RunState::running)
            || self.assign_run.as_ref().is_some_and(RunState::running)
    }

    /// What keeps Next disabled on the current page: each flow's rules, in its own module.
    pub fn problem(&self) -> Option<String> {
        if let Err(error) = &self.context
            && !matches!(self.page(), Page::ImportFile)
        {
            return Some(error.clone());
        }
        let page = self.page();
        match self.flow {
            Flow::Request => self
                .request_problem(page)
                .or_else(|| self.assign_problem(page)),
            Flow::Assign => self.assign_problem(page),
            Flow::Import => self
                .import_problem(page)
                .or_else(|| self.assign_problem(page)),
            Flow::Export => self.export_problem(page),
            Flow::Pending => self
                .pending_problem(page)
                .or_else(|| self.assign_problem(page)),
            Flow::Remove | Flow::Renew => None,
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

    /// Runs the flow's core command; each flow's in its own module.
    fn start(&mut self) -> Task<Message> {
        let (state, task) = match self.flow {
            Flow::Request => self.start_request(),
            Flow::Import => self.start_import(),
            Flow::Export => self.start_export(),
            Flow::Pending => self.start_pending(),
            Flow::Remove => self.start_remove(),
            Flow::Renew => self.start_renew(),
            Flow::Assign => return Task::none(),
        };
        self.run = Some(state);
        task.map(Message::Run)
    }
}
