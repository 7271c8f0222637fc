//! Server-to-server authentication: the OAuthTokenIssuer certificate (global) with its green
//! check, Use Default certificate / Import PFX / Roll with a date; the Exchange autodiscover URL
//! with live validation; the partner applications with Add / Remove / Test. Every action is a
//! core command shown on the Executing Commands page.

mod view;

use std::path::PathBuf;

use iced::Task;
use iced::widget::operation;

use super::pick_file;
use crate::cert::Usage;
use crate::cert::query::{self, Candidate, UsageStatus};
use crate::data_dir::DataDir;
use crate::deploy::certificates as cert_actions;
use crate::deploy::integration as actions;
use crate::fl;
use crate::gui::run::{Ended, RunMessage, RunState};
use crate::gui::widget::commands;
use crate::integration::oauth;
use crate::integration::partners::{self, PartnerApplication, TrustLevel};
use crate::store::LocalConfigurationStore;

/// What the screen reads from the replica.
struct Info {
    realm: String,
    issuer: Option<UsageStatus>,
    default_thumbprint: Option<String>,
    autodiscover: Option<String>,
    partners: Vec<PartnerApplication>,
    metadata_url: Option<String>,
}

fn load(data: &DataDir) -> Result<Info, String> {
    let replica = LocalConfigurationStore::require(data).map_err(|e| e.to_string())?;
    let overview = oauth::overview(&replica).map_err(|e| e.to_string())?;
    let usages = query::usage_statuses(data).map_err(|e| e.to_string())?;
    Ok(Info {
        realm: overview.realm,
        issuer: usages
            .iter()
            .find(|u| u.usage == Usage::OAuthTokenIssuer)
            .cloned(),
        default_thumbprint: usages
            .iter()
            .find(|u| u.usage == Usage::Default)
            .and_then(|u| u.thumbprint.clone()),
        autodiscover: overview.configuration.exchange_autodiscover_url,
        partners: overview.partners,
        metadata_url: overview.metadata_url,
    })
}

/// The autodiscover URL's problem as typed, in the window's language where it is a known one.
fn autodiscover_problem(url: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty() {
        return None;
    }
    oauth::check_autodiscover_url(url)
        .err()
        .map(|refusal| crate::wording::reason(&refusal.why))
}

fn metadata_problem(url: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty() {
        return None;
    }
    if !url.to_ascii_lowercase().starts_with("https://") {
        return Some(fl!("s2s-url-not-https"));
    }
    partners::check_metadata_url(url).err()
}

/// A form the screen shows instead of the overview.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Import a PFX straight into the global scope.
    ImportPfx,
    /// Roll to another certificate at a date.
    Roll,
    /// Add a partner application.
    AddPartner,
}

/// The text fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The Exchange autodiscover URL.
    Autodiscover,
    /// The PFX file.
    Pfx,
    /// Its password (masked).
    PfxPassword,
    /// The roll's effective date.
    RollDate,
    /// The partner's name.
    Identity,
    /// Its metadata document URL.
    MetadataUrl,
}

impl Field {
    fn id(self) -> &'static str {
        match self {
            Field::Autodiscover => "s2s-autodiscover",
            Field::Pfx => "s2s-pfx",
            Field::PfxPassword => "s2s-pfx-password",
            Field::RollDate => "s2s-roll-date",
            Field::Identity => "s2s-identity",
            Field::MetadataUrl => "s2s-metadata-url",
        }
    }
}

/// What the screen sends.
#[derive(Debug, Clone)]
pub enum Message {
    /// A field was edited.
    Edit(Field, String),
    /// Enter in a field: the next one.
    FocusNext,
    /// Browse… for the PFX.
    Browse,
    /// The file dialog answered.
    Picked(Option<PathBuf>),
    /// Save the autodiscover URL.
    SaveUrl,
    /// Assign the Default certificate to OAuthTokenIssuer.
    UseDefault,
    /// Open a form.
    Open(Form),
    /// Close the form without doing anything.
    CloseForm,
    /// Submit the form.
    Submit,
    /// A certificate to roll to was chosen.
    ChooseRoll(String),
    /// The partner's trust level was chosen.
    Trust(TrustLevel),
    /// Remove a partner.
    RemovePartner(String),
    /// Test a partner.
    TestPartner(String),
    /// The running action reported.
    Run(RunMessage),
    /// The Executing Commands page's drop-down and View Log.
    Commands(commands::Request),
    /// Back to the overview after an action.
    Done,
}

/// What the parent must do.
pub enum Action {
    /// Nothing more.
    None,
    /// Run a task.
    Task(Task<Message>),
    /// Open the log viewer on a run.
    ViewLog(String),
}

/// The screen's state.
pub struct State {
    data: DataDir,
    info: Result<Info, String>,
    autodiscover: String,
    form: Option<Form>,
    /// Something was typed in the open form: its problem shows from then on.
    touched: bool,
    pfx: String,
    pfx_password: String,
    /// The PFX's Browse… brought no path back.
    no_dialog: bool,
    roll_candidates: Vec<Candidate>,
    roll_to: Option<String>,
    roll_date: String,
    identity: String,
    metadata_url: String,
    trust: TrustLevel,
    /// The running or finished action.
    pub run: Option<RunState>,
    run_title: String,
    runs: Vec<String>,
    selected_log: Option<String>,
}

impl State {
    /// Reads the screen's facts; the autodiscover URL field is focused.
    pub fn open(data: &DataDir) -> (Self, Task<Message>) {
        let info = load(data);
        let autodiscover = info
            .as_ref()
            .ok()
            .and_then(|i| i.autodiscover.clone())
            .unwrap_or_default();
        (
            State {
                data: data.clone(),
                info,
                autodiscover,
                form: None,
                touched: false,
                pfx: String::new(),
                pfx_password: String::new(),
                no_dialog: false,
                roll_candidates: Vec::new(),
                roll_to: None,
                roll_date: String::new(),
                identity: String::new(),
                metadata_url: String::new(),
                trust: TrustLevel::Full,
                run: None,
                run_title: String::new(),
                runs: Vec::new(),
                selected_log: None,
            },
            operation::focus(Field::Autodiscover.id()),
        )
    }

    /// Whether an action runs.
    pub fn running(&self) -> bool {
        self.run.as_ref().is_some_and(RunState::running)
    }

    /// Enter: Finish after an action, Submit on a form.
    pub fn default_action(&self) -> Option<Message> {
        match (&self.run, self.form) {
            (Some(run), _) => (!run.running()).then_some(Message::Done),
            (None, Some(_)) => self.form_problem().is_none().then_some(Message::Submit),
            (None, None) => None,
        }
    }

    /// Escape on a form closes it; `None` leaves the screen.
    pub fn cancel_action(&self) -> Option<Message> {
        match (&self.run, self.form) {
            (Some(_), _) => Some(Message::Done),
            (None, Some(_)) => Some(Message::CloseForm),
            (None, None) => None,
        }
    }

    fn reload(&mut self) {
        self.info = load(&self.data);
        if let Ok(info) = &self.info {
            self.autodiscover = info.autodiscover.clone().unwrap_or_default();
        }
    }

    fn form_problem(&self) -> Option<String> {
        match self.form? {
            Form::ImportPfx => self
                .pfx
                .trim()
                .is_empty()
                .then(|| fl!("cw-need-import-file")),
            Form::Roll => {
                if self.roll_to.is_none() {
                    Some(fl!("cw-need-certificate"))
                } else {
                    crate::cert::assign::parse_effective_date(&self.roll_date)
                        .err()
                        .map(|e| e.to_string())
                }
            }
            Form::AddPartner => {
                if let Err(e) = partners::check_identity(self.identity.trim()) {
                    Some(e)
                } else if self.metadata_url.trim().is_empty() {
                    Some(fl!("s2s-need-metadata-url"))
                } else {
                    metadata_problem(&self.metadata_url)
                }
            }
        }
    }

    fn start(
        &mut self,
        title: String,
        job: impl FnOnce(Option<tokio::sync::mpsc::UnboundedSender<crate::log::RunEvent>>) -> Ended
        + Send
        + 'static,
    ) -> Action {
        let (state, task) = RunState::start(job);
        self.run = Some(state);
        self.run_title = title;
        self.form = None;
        Action::Task(task.map(Message::Run))
    }

    /// Handles a message.
    pub fn update(&mut self, message: Message) -> Action {
        let data = self.data.clone();
        if matches!(message, Message::Edit(..)) {
            self.touched = true;
        }
        match message {
            Message::Edit(field, value) => match field {
                Field::Autodiscover => self.autodiscover = value,
                Field::Pfx => self.pfx = value,
                Field::PfxPassword => self.pfx_password = value,
                Field::RollDate => self.roll_date = value,
                Field::Identity => self.identity = value,
                Field::MetadataUrl => self.metadata_url = value,
            },
            Message::FocusNext => return Action::Task(operation::focus_next()),
            Message::Browse => {
                return Action::Task(
                    pick_file(fl!("file-kind-certificate"), &["pfx", "p12"]).map(Message::Picked),
                );
            }
            Message::Picked(Some(path)) => {
                self.no_dialog = false;
                self.pfx = path.display().to_string();
            }
            Message::Picked(None) => self.no_dialog = true,
            Message::SaveUrl => {
                if self.autodiscover.trim().is_empty()
                    || autodiscover_problem(&self.autodiscover).is_some()
                {
                    return Action::None;
                }
                let url = self.autodiscover.trim().to_string();
                return self.start(fl!("s2s-autodiscover"), move |sink| {
                    match actions::set_autodiscover_url(&data, &url, sink) {
                        Ok((url, _, run)) => Ended::ok(run, Some(fl!("s2s-url-saved", url = url))),
                        Err(error) => Ended::failed(error),
                    }
                });
            }
            Message::UseDefault => {
                let Some(thumbprint) = self
                    .info
                    .as_ref()
                    .ok()
                    .and_then(|i| i.default_thumbprint.clone())
                else {
                    return Action::None;
                };
                return self.start(fl!("s2s-use-default"), move |sink| {
                    match cert_actions::assign_usages(
                        &data,
                        &[Usage::OAuthTokenIssuer],
                        &thumbprint,
                        None,
                        sink,
                    ) {
                        Ok(outcome) => Ended::ok(
                            outcome.run,
                            Some(fl!("cw-assigned-notice", usages = "OAuthTokenIssuer")),
                        ),
                        Err(error) => Ended::failed(error),
                    }
                });
            }
            Message::Open(form) => {
                self.form = Some(form);
                self.touched = false;
                self.no_dialog = false;
                let focus = match form {
                    Form::ImportPfx => Field::Pfx,
                    Form::Roll => {
                        let current = self
                            .info
                            .as_ref()
                            .ok()
                            .and_then(|i| i.issuer.as_ref())
                            .and_then(|u| u.thumbprint.clone());
                        self.roll_candidates =
                            query::candidates(&self.data, &[Usage::OAuthTokenIssuer])
                                .unwrap_or_default()
                                .into_iter()
                                .filter(|c| {
                                    c.selectable() && Some(&c.cert.thumbprint) != current.as_ref()
                                })
                                .collect();
                        self.roll_to = self
                            .roll_candidates
                            .first()
                            .map(|c| c.cert.thumbprint.clone());
                        Field::RollDate
                    }
                    Form::AddPartner => Field::Identity,
                };
                return Action::Task(operation::focus(focus.id()));
            }
            Message::CloseForm => self.form = None,
            Message::ChooseRoll(thumbprint) => self.roll_to = Some(thumbprint),
            Message::Trust(level) => self.trust = level,
            Message::Submit => {
                if self.form_problem().is_some() {
                    return Action::None;
                }
                match self.form {
                    Some(Form::ImportPfx) => {
                        let file = PathBuf::from(self.pfx.trim());
                        let password =
                            (!self.pfx_password.is_empty()).then(|| self.pfx_password.clone());
                        self.pfx_password.clear();
                        return self.start(fl!("s2s-import-pfx"), move |sink| {
                            match cert_actions::import_global(
                                &data,
                                &file,
                                password.as_deref(),
                                None,
                                Usage::OAuthTokenIssuer,
                                sink,
                            ) {
                                Ok(outcome) => Ended::ok(
                                    outcome.run,
                                    Some(fl!("cw-assigned-notice", usages = "OAuthTokenIssuer")),
                                ),
                                Err(error) => Ended::failed(error),
                            }
                        });
                    }
                    Some(Form::Roll) => {
                        let thumbprint = self.roll_to.clone().unwrap_or_default();
                        let date = crate::cert::assign::parse_effective_date(&self.roll_date).ok();
                        return self.start(fl!("s2s-roll"), move |sink| {
                            match cert_actions::assign_usages(
                                &data,
                                &[Usage::OAuthTokenIssuer],
                                &thumbprint,
                                date,
                                sink,
                            ) {
                                Ok(outcome) => Ended::ok(
                                    outcome.run,
                                    Some(fl!("s2s-rolled", thumbprint = outcome.thumbprint)),
                                ),
                                Err(error) => Ended::failed(error),
                            }
                        });
                    }
                    Some(Form::AddPartner) => {
                        let identity = self.identity.trim().to_string();
                        let url = self.metadata_url.trim().to_string();
                        let trust = self.trust;
                        return self.start(fl!("s2s-add-partner"), move |sink| {
                            match actions::new_partner(&data, &identity, &url, trust, sink) {
                                Ok((partner, run)) => Ended::ok(
                                    run,
                                    Some(fl!(
                                        "s2s-partner-added",
                                        name = partner.identity,
                                        issuer = partner.issuer,
                                        count = partner.certificates.len() as u64
                                    )),
                                ),
                                Err(error) => Ended::failed(error),
                            }
                        });
                    }
                    None => {}
                }
            }
            Message::RemovePartner(identity) => {
                return self.start(fl!("s2s-remove-partner"), move |sink| {
                    match actions::remove_partner(&data, &identity, sink) {
                        Ok((_, run)) => Ended::ok(
                            run,
                            Some(fl!("s2s-partner-removed", name = identity.clone())),
                        ),
                        Err(error) => Ended::failed(error),
                    }
                });
            }
            Message::TestPartner(identity) => {
                return self.start(
                    fl!("s2s-test-partner"),
                    move |sink| match actions::test_partner(&data, &identity, sink) {
                        Ok(test) => Ended::ok(
                            test.run.clone().unwrap_or_default(),
                            Some(fl!("s2s-test-passed", count = test.checks.len() as u64)),
                        ),
                        Err(failure) => Ended::failed(failure.error),
                    },
                );
            }
            Message::Run(message) => {
                if let Some(run) = &mut self.run {
                    commands::follow(run, message, &mut self.runs, &mut self.selected_log);
                }
            }
            Message::Commands(commands::Request::SelectLog(id)) => self.selected_log = Some(id),
            Message::Commands(commands::Request::ViewLog(id)) => return Action::ViewLog(id),
            Message::Done => {
                if !self.running() {
                    self.run = None;
                    self.reload();
                    return Action::Task(operation::focus(Field::Autodiscover.id()));
                }
            }
        }
        Action::None
    }
}
