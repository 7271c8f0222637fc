//! The step wizards: each flow is a list of pages (data), and Back / Next / Cancel / Finish
//! are derived from the page list and the current page's `can_continue`, as in iced's tour.

mod view;

use std::path::PathBuf;

use iced::Task;

use super::{pick_file, pick_folder};
use crate::components::{self, Plan};
use crate::data_dir::DataDir;
use crate::deploy::{self, LocalStoreRequest};
use crate::fl;
use crate::gui::run::{Ended, RunMessage, RunState};
use crate::gui::widget::commands;
use crate::settings::Settings;
use crate::store::seal::ExportPassword;
use crate::store::{CmsSource, StoreError};

/// Which wizard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// First run: "Use a lab topology for this computer".
    LabSetup,
    /// Step 1.
    LocalStore,
    /// Step 2.
    Components,
    /// Step 4.
    Services,
}

/// A page of a flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// Step 1: where to read the configuration from.
    Source,
    /// Step 2: what will be added, updated, removed.
    Plan,
    /// Step 2: every unmet prerequisite.
    Prerequisites,
    /// The commands running, live.
    Executing,
}

impl Flow {
    /// The pages, in order.
    pub fn pages(self) -> &'static [Page] {
        match self {
            Flow::LabSetup => &[Page::Executing],
            Flow::LocalStore => &[Page::Source, Page::Executing],
            Flow::Components => &[Page::Plan, Page::Prerequisites, Page::Executing],
            Flow::Services => &[Page::Executing],
        }
    }

    /// The wizard's title.
    pub fn title(self) -> String {
        match self {
            Flow::LabSetup => fl!("first-run-lab"),
            Flow::LocalStore => fl!("step-local-store"),
            Flow::Components => fl!("step-components"),
            Flow::Services => fl!("step-services"),
        }
    }
}

/// Step 1's source choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// "Retrieve directly from the Central Management store".
    Cms,
    /// "Import from a file".
    File,
}

/// Which text field a picker fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The CMS location.
    Cms,
    /// The export file.
    Import,
}

/// The wizard's state.
pub struct Wizard {
    /// Which flow.
    pub flow: Flow,
    index: usize,
    data: DataDir,
    source: SourceKind,
    cms_location: String,
    import_path: String,
    import_password: String,
    plan: Option<Result<Plan, String>>,
    unmet: Vec<crate::log::Refusal>,
    /// What "Install missing programs" would run (step 2's prerequisites page).
    programs: Option<deploy::ProgramsPlan>,
    /// The Executing Commands page runs "Install missing programs", then Finish returns to
    /// the prerequisites, checked again.
    installing: bool,
    /// The run on the Executing Commands page.
    pub run: Option<RunState>,
    runs: Vec<String>,
    selected_log: Option<String>,
    /// A Browse… brought no path back.
    no_dialog: bool,
    /// Cancel was pressed while a step runs: the page asks first.
    pub confirm_cancel: bool,
}

/// What the wizard's controls send.
#[derive(Debug, Clone)]
pub enum Message {
    /// A source was chosen.
    Source(SourceKind),
    /// The CMS location was edited.
    CmsLocation(String),
    /// The export path was edited.
    ImportPath(String),
    /// The export password was edited.
    ImportPassword(String),
    /// Browse… beside a field.
    Browse(Field),
    /// A picker answered.
    Picked(Field, Option<PathBuf>),
    /// Back.
    Back,
    /// Next.
    Next,
    /// Cancel.
    Cancel,
    /// The answer to "stop the running step?".
    ConfirmCancel(bool),
    /// Finish.
    Finish,
    /// Check the prerequisites again.
    CheckAgain,
    /// Install the programs the prerequisites miss (root, apt or dnf).
    InstallPrograms,
    /// Run the step again after a failure.
    RunAgain,
    /// Step 2's plan (and, on the prerequisites page, its unmet prerequisites) came back.
    Checked(Result<Checked, String>),
    /// The run reported.
    Run(RunMessage),
    /// The Executing Commands page's drop-down and View Log.
    Commands(commands::Request),
}

/// Step 2's plan, its unmet prerequisites and what would install the missing programs.
pub type Checked = (Plan, Vec<crate::log::Refusal>, Option<deploy::ProgramsPlan>);

/// What the parent must do.
pub enum Action {
    /// Nothing more.
    None,
    /// Run a task.
    Task(Task<Message>),
    /// Leave the wizard for the System page (Finish or Cancel).
    Close,
    /// Open the log viewer on a run.
    ViewLog(String),
}

impl Wizard {
    /// Opens `flow` on its first page.
    pub fn open(flow: Flow, data: DataDir) -> (Self, Task<Message>) {
        let settings = Settings::load(&data);
        let mut wizard = Wizard {
            flow,
            index: 0,
            data,
            source: SourceKind::Cms,
            cms_location: settings.cms.unwrap_or_default(),
            import_path: String::new(),
            import_password: String::new(),
            plan: None,
            unmet: Vec::new(),
            programs: None,
            installing: false,
            run: None,
            runs: Vec::new(),
            selected_log: None,
            no_dialog: false,
            confirm_cancel: false,
        };
        let task = wizard.enter();
        (wizard, task)
    }

    /// The current page.
    pub fn page(&self) -> Page {
        self.flow.pages()[self.index]
    }

    fn has_next(&self) -> bool {
        self.index + 1 < self.flow.pages().len()
    }

    /// Whether Next may be pressed.
    pub fn can_continue(&self) -> bool {
        match self.page() {
            Page::Source => match self.source {
                SourceKind::Cms => !self.cms_location.trim().is_empty(),
                SourceKind::File => !self.import_path.trim().is_empty(),
            },
            Page::Plan => matches!(self.plan, Some(Ok(_))),
            Page::Prerequisites => matches!(self.plan, Some(Ok(_))) && self.unmet.is_empty(),
            Page::Executing => false,
        }
    }

    fn running(&self) -> bool {
        self.run.as_ref().is_some_and(RunState::running)
    }

    fn run_failed(&self) -> bool {
        self.run
            .as_ref()
            .is_some_and(|r| r.ended.as_ref().is_some_and(|e| e.error.is_some()))
    }

    /// Whether Back may be pressed: not on the first page, not while a step runs, and not
    /// after it completed (what is done is done; a failure can be retried from an earlier page).
    pub fn can_go_back(&self) -> bool {
        self.index > 0 && (self.page() != Page::Executing || self.run_failed())
    }

    /// Whether Finish is shown.
    pub fn can_finish(&self) -> bool {
        self.page() == Page::Executing && self.run.as_ref().is_some_and(|r| !r.running())
    }

    /// Enter = Next or Finish.
    pub fn default_action(&self) -> Option<Message> {
        if self.can_finish() {
            Some(Message::Finish)
        } else if self.has_next() && self.can_continue() {
            Some(Message::Next)
        } else {
            None
        }
    }

    /// Runs the page's work when it is entered.
    fn enter(&mut self) -> Task<Message> {
        match self.page() {
            Page::Source => Task::none(),
            Page::Plan => self.check(false),
            Page::Prerequisites => self.check(true),
            Page::Executing => self.start(),
        }
    }

    /// Computes step 2's plan (and its unmet prerequisites: ports bound, disk read) off the
    /// window's thread; the page says it is checking meanwhile.
    fn check(&mut self, prerequisites: bool) -> Task<Message> {
        self.plan = None;
        self.unmet = Vec::new();
        self.programs = None;
        let data = self.data.clone();
        crate::gui::background(move || {
            let install_path = Settings::load(&data).install_path;
            let (plan, ctx, manifest) =
                components::plan(&data, install_path.as_deref()).map_err(|e| e.to_string())?;
            let unmet = if prerequisites {
                components::unmet_prerequisites(&data, &plan, &ctx, &manifest)
            } else {
                Vec::new()
            };
            let programs = if unmet.is_empty() {
                None
            } else {
                deploy::programs_to_install(&data)
                    .ok()
                    .filter(|p| !p.packages.is_empty())
            };
            Ok((plan, unmet, programs))
        })
        .map(Message::Checked)
    }

    fn start(&mut self) -> Task<Message> {
        let data = self.data.clone();
        let flow = self.flow;
        let source = match self.source {
            SourceKind::Cms => CmsSource::from_cms_location(
                self.cms_location.trim(),
                Settings::load(&data).cms_root,
            ),
            SourceKind::File => {
                // An empty password is "none": an export without sealed objects needs none.
                let password = Some(self.import_password.clone())
                    .filter(|p| !p.is_empty())
                    .map(ExportPassword::new)
                    .transpose()
                    .map_err(StoreError::BadPassword);
                password.map(|password| CmsSource::Export {
                    path: PathBuf::from(self.import_path.trim()),
                    password,
                })
            }
        };
        let installing = self.installing;
        let (state, task) = RunState::start(move |sink| match flow {
            _ if installing => match deploy::install_programs(&data, sink) {
                Ok((plan, run)) => Ended::ok(
                    run,
                    Some(fl!(
                        "programs-installed",
                        packages = plan.packages.join(" ")
                    )),
                ),
                Err(error) => Ended::failed(error),
            },
            Flow::LabSetup => match deploy::create_lab_cms(&data, sink) {
                Ok((lab, run)) => Ended::ok(
                    run,
                    Some(fl!(
                        "lab-created",
                        dir = lab.dir.display().to_string(),
                        server = lab.server
                    )),
                ),
                Err(error) => Ended::failed(error),
            },
            Flow::LocalStore => {
                let source = match source {
                    Ok(source) => source,
                    Err(error) => return Ended::refused(error.to_string()),
                };
                let request = LocalStoreRequest {
                    source,
                    server: None,
                    password_file: None,
                    allow_older: false,
                };
                match deploy::install_local_store(&data, &request, sink) {
                    Ok((report, summary)) => Ended::ok(
                        summary.id,
                        Some(fl!(
                            "step1-done",
                            revision = report.revision,
                            server = report.server.server.clone()
                        )),
                    ),
                    Err(error) => Ended::failed(error),
                }
            }
            Flow::Components => {
                let install_path = Settings::load(&data).install_path;
                match deploy::setup_components(&data, install_path.as_deref(), sink) {
                    Ok((report, run)) => {
                        let names = |list: &[String]| {
                            if list.is_empty() {
                                fl!("plan-none")
                            } else {
                                list.join(", ")
                            }
                        };
                        let mut summary = fl!(
                            "step2-done",
                            add = names(&report.plan.add),
                            update = names(&report.plan.update),
                            remove = names(&report.plan.remove),
                            written = report.written as u64
                        );
                        if report.plan.reboot_required {
                            summary.push(' ');
                            summary.push_str(&fl!("step2-reboot"));
                        }
                        Ended::ok(run, Some(summary))
                    }
                    Err(error) => Ended::failed(error),
                }
            }
            Flow::Services => match deploy::start_services(&data, sink) {
                Ok((started, run)) => {
                    Ended::ok(run, Some(fl!("step4-done", count = started.len() as u64)))
                }
                Err(error) => Ended::failed(error),
            },
        });
        self.run = Some(state);
        task.map(Message::Run)
    }

    /// Handles a message.
    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Source(kind) => self.source = kind,
            Message::CmsLocation(value) => self.cms_location = value,
            Message::ImportPath(value) => self.import_path = value,
            Message::ImportPassword(value) => self.import_password = value,
            Message::Browse(field) => {
                let task = match field {
                    Field::Cms => pick_folder(),
                    Field::Import => pick_file(fl!("file-kind-export"), &["zip"]),
                };
                return Action::Task(task.map(move |path| Message::Picked(field, path)));
            }
            Message::Picked(field, Some(path)) => {
                self.no_dialog = false;
                let value = path.display().to_string();
                match field {
                    Field::Cms => self.cms_location = value,
                    Field::Import => self.import_path = value,
                }
            }
            Message::Picked(_, None) => self.no_dialog = true,
            Message::Back => {
                if self.can_go_back() {
                    self.index -= 1;
                    self.run = None;
                    // A failed "Install missing programs" goes back to the prerequisites; Next
                    // from there is step 2 again.
                    self.installing = false;
                    return Action::Task(self.enter());
                }
            }
            Message::Next => {
                if self.has_next() && self.can_continue() {
                    self.index += 1;
                    // Next always runs the flow's own step.
                    self.installing = false;
                    return Action::Task(self.enter());
                }
            }
            Message::CheckAgain => return Action::Task(self.check(true)),
            Message::InstallPrograms => {
                let runnable = self
                    .programs
                    .as_ref()
                    .is_some_and(|p| p.root && !p.command.is_empty());
                if self.page() == Page::Prerequisites && runnable {
                    self.installing = true;
                    self.index += 1;
                    return Action::Task(self.start());
                }
            }
            Message::RunAgain => {
                if self.page() == Page::Executing && !self.running() {
                    return Action::Task(self.start());
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
                if stop && let Some(run) = &mut self.run {
                    run.cancel();
                }
            }
            Message::Finish => {
                if self.can_finish() && self.installing {
                    // Back to the prerequisites, checked again with the new programs.
                    self.installing = false;
                    self.run = None;
                    self.index -= 1;
                    return Action::Task(self.enter());
                }
                if self.can_finish() {
                    return Action::Close;
                }
            }
            Message::Checked(checked) => match checked {
                Ok((plan, unmet, programs)) => {
                    self.plan = Some(Ok(plan));
                    self.unmet = unmet;
                    self.programs = programs;
                }
                Err(error) => self.plan = Some(Err(error)),
            },
            Message::Run(message) => {
                if let Some(run) = &mut self.run {
                    run.apply(message);
                    if let Some(id) = &run.run
                        && !self.runs.contains(id)
                    {
                        self.runs.push(id.clone());
                        self.selected_log = Some(id.clone());
                    }
                }
            }
            Message::Commands(commands::Request::SelectLog(id)) => self.selected_log = Some(id),
            Message::Commands(commands::Request::ViewLog(id)) => return Action::ViewLog(id),
        }
        Action::None
    }
}
