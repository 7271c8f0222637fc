//! The Persistent Chat deployment checklist: the five tasks with the roles and group
//! memberships each needs, and each task's live state computed by the core (programs here, the
//! topology and its stores, steps 1–4 and the chat services' health, administrators, policy).
//! A task not done offers what does it; the policy, the administrators and the lab accounts
//! are changed here through the same core commands as `pchat`, on the Executing Commands page.

use iced::widget::{Column, button, checkbox, column, container, row, scrollable, text};
use iced::{Element, Length, Task as IcedTask};

use crate::data_dir::DataDir;
use crate::deploy::persistent_chat::{Action, ChatChange, Task, TaskState, change_settings};
use crate::fl;
use crate::gui::run::{Ended, RunMessage, RunState};
use crate::gui::theme;
use crate::gui::widget::commands;
use crate::gui::widget::form::{field, labelled, problem, secret};
use crate::gui::widget::status_icon::{Icon, icon};
use crate::wording::{
    checklist_action, checklist_reason, checklist_roles, checklist_state, checklist_title,
};

/// A form of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Enable or disable Persistent Chat at a scope.
    Policy,
    /// Add a Persistent Chat administrator.
    Administrator,
    /// Add a lab account.
    Account,
}

/// A field of a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The policy's scope.
    Scope,
    /// A user's SIP URI.
    User,
    /// A lab account's password.
    Password,
}

impl Field {
    fn id(self) -> &'static str {
        match self {
            Field::Scope => "pc-scope",
            Field::User => "pc-user",
            Field::Password => "pc-password",
        }
    }
}

/// The page's state.
pub struct State {
    data: DataDir,
    /// `None` while the core computes them (it asks the services: off the window's thread).
    tasks: Option<Result<Vec<Task>, String>>,
    form: Option<Form>,
    scope: String,
    enabled: bool,
    user: String,
    password: String,
    /// The running or finished action.
    pub run: Option<RunState>,
    run_title: String,
    runs: Vec<String>,
    selected_log: Option<String>,
}

/// What the page sends.
#[derive(Debug, Clone)]
pub enum Message {
    /// Compute the statuses again.
    Refresh,
    /// The statuses came back.
    Loaded(Result<Vec<Task>, String>),
    /// A task's action, or a form opened from the page's buttons.
    Act(Action),
    /// Open a form.
    Open(Form),
    /// A field was edited.
    Edit(Field, String),
    /// The policy's Enabled box.
    Enabled(bool),
    /// Submit the form.
    Submit,
    /// Close the form.
    CloseForm,
    /// The running action reported.
    Run(RunMessage),
    /// The Executing Commands page's drop-down and View Log.
    Commands(commands::Request),
    /// Back to the checklist after an action.
    Done,
}

/// What the parent must do.
pub enum Outcome {
    /// Nothing more.
    None,
    /// Run a task.
    Task(IcedTask<Message>),
    /// Open the log viewer on a run.
    ViewLog(String),
    /// Open the Deployment Wizard.
    Deploy,
}

impl State {
    /// Opens the page; every task's status is computed off the window's thread.
    pub fn open(data: &DataDir) -> (Self, IcedTask<Message>) {
        (
            State {
                data: data.clone(),
                tasks: None,
                form: None,
                scope: "global".into(),
                enabled: true,
                user: String::new(),
                password: String::new(),
                run: None,
                run_title: String::new(),
                runs: Vec::new(),
                selected_log: None,
            },
            Self::load(data),
        )
    }

    fn load(data: &DataDir) -> IcedTask<Message> {
        let data = data.clone();
        crate::gui::background(move || {
            crate::deploy::persistent_chat::checklist(&data).map_err(|e| e.to_string())
        })
        .map(Message::Loaded)
    }

    /// Whether an action runs.
    pub fn running(&self) -> bool {
        self.run.as_ref().is_some_and(RunState::running)
    }

    /// Why the open form cannot be submitted yet (core rules, checked as typed).
    fn form_problem(&self) -> Option<String> {
        let user = || {
            crate::integration::pchat::user(&self.user)
                .err()
                .map(|e| e.to_string())
        };
        match self.form? {
            Form::Policy => self.scope.trim().is_empty().then(|| fl!("pc-scope")),
            Form::Administrator => user(),
            Form::Account => user().or_else(|| {
                crate::integration::pchat::check_password(&self.password)
                    .err()
                    .map(|e| e.to_string())
            }),
        }
    }

    fn start(&mut self, title: String, change: ChatChange) -> Outcome {
        let data = self.data.clone();
        let (state, task) =
            RunState::start(move |sink| match change_settings(&data, change, sink) {
                Ok((changed, run)) => Ended::ok(run, changed.redeployed.map(|_| fl!("pc-applied"))),
                Err(error) => Ended::failed(error),
            });
        self.run = Some(state);
        self.run_title = title;
        self.form = None;
        self.password.clear();
        Outcome::Task(task.map(Message::Run))
    }

    /// Handles a message.
    pub fn update(&mut self, message: Message) -> Outcome {
        match message {
            Message::Refresh => {
                self.tasks = None;
                return Outcome::Task(Self::load(&self.data));
            }
            Message::Loaded(tasks) => self.tasks = Some(tasks),
            Message::Act(Action::Deploy) => return Outcome::Deploy,
            Message::Act(Action::InstallPrograms) => {
                let data = self.data.clone();
                let (state, task) = RunState::start(move |sink| {
                    match crate::deploy::install_programs(&data, sink) {
                        Ok((_, run)) => Ended::ok(run, None),
                        Err(error) => Ended::failed(error),
                    }
                });
                self.run = Some(state);
                self.run_title = fl!("pc-action-install-programs");
                return Outcome::Task(task.map(Message::Run));
            }
            Message::Act(Action::AddAdministrator) => self.form = Some(Form::Administrator),
            Message::Act(Action::EnableUsers) => self.form = Some(Form::Policy),
            Message::Open(form) => self.form = Some(form),
            Message::Edit(field, value) => match field {
                Field::Scope => self.scope = value,
                Field::User => self.user = value,
                Field::Password => self.password = value,
            },
            Message::Enabled(on) => self.enabled = on,
            Message::CloseForm => {
                self.form = None;
                self.password.clear();
            }
            Message::Submit => {
                if self.form_problem().is_some() {
                    return Outcome::None;
                }
                let user = self.user.trim().to_string();
                return match self.form {
                    Some(Form::Policy) => self.start(
                        fl!("pc-form-policy"),
                        ChatChange::Policy {
                            scope: self.scope.trim().to_string(),
                            enabled: self.enabled,
                        },
                    ),
                    Some(Form::Administrator) => self.start(
                        fl!("pc-action-add-administrator"),
                        ChatChange::Admin { user, add: true },
                    ),
                    Some(Form::Account) => {
                        let password = std::mem::take(&mut self.password);
                        self.start(
                            fl!("pc-form-account"),
                            ChatChange::AddUser { user, password },
                        )
                    }
                    None => Outcome::None,
                };
            }
            Message::Run(message) => {
                if let Some(run) = &mut self.run {
                    commands::follow(run, message, &mut self.runs, &mut self.selected_log);
                }
            }
            Message::Commands(commands::Request::SelectLog(id)) => self.selected_log = Some(id),
            Message::Commands(commands::Request::ViewLog(id)) => return Outcome::ViewLog(id),
            Message::Done => {
                if !self.running() {
                    self.run = None;
                    self.tasks = None;
                    return Outcome::Task(Self::load(&self.data));
                }
            }
        }
        Outcome::None
    }

    /// The footer's buttons while an action runs or a form is open.
    pub fn footer(&self) -> Option<Element<'_, Message>> {
        if let Some(run) = &self.run {
            return Some(commands::finish(run, Message::Done));
        }
        self.form.map(|_| {
            row![
                button(text(fl!("pc-apply")))
                    .style(button::primary)
                    .on_press_maybe(self.form_problem().is_none().then_some(Message::Submit)),
                button(text(fl!("nav-cancel"))).on_press(Message::CloseForm),
            ]
            .spacing(theme::SMALL_GAP)
            .into()
        })
    }

    /// The page.
    pub fn view(&self, spinner: u8) -> Element<'_, Message> {
        if let Some(run) = &self.run {
            return commands::page(
                &self.run_title,
                run,
                &self.runs,
                self.selected_log.as_ref(),
                spinner,
                Message::Commands,
            );
        }
        if let Some(form) = self.form {
            return self.form_view(form);
        }
        let tasks = match &self.tasks {
            None => return text(fl!("checking")).into(),
            Some(Ok(tasks)) => tasks,
            Some(Err(error)) => return problem(error.clone()),
        };
        let mut list = Column::new().spacing(theme::GAP);
        for (number, task) in tasks.iter().enumerate() {
            let mark = match task.state {
                TaskState::Done => Icon::Check,
                TaskState::Partial => Icon::Warning,
                TaskState::NotDone => Icon::Cross,
            };
            let mut details = column![
                row![
                    text(format!("{}. {}", number + 1, checklist_title(task.id)))
                        .size(theme::HEADING)
                        .width(Length::Fill),
                    text(checklist_state(task.state)).style(match task.state {
                        TaskState::Done => theme::success_text,
                        TaskState::Partial => theme::warning_text,
                        TaskState::NotDone => theme::danger_text,
                    }),
                ],
                text(fl!("pc-roles", roles = checklist_roles(task.id))).size(theme::SMALL),
                text(checklist_reason(&task.reason))
                    .size(theme::SMALL)
                    .style(theme::muted_text),
            ]
            .spacing(4);
            if let Some(action) = task.action {
                details = details.push(
                    button(text(checklist_action(action)).size(theme::SMALL))
                        .on_press(Message::Act(action)),
                );
            }
            list = list.push(row![icon(mark, theme::ICON), details].spacing(theme::SMALL_GAP));
        }
        column![
            text(fl!("pc-intro")).style(theme::muted_text),
            container(scrollable(list).spacing(theme::SMALL_GAP)).height(Length::Fill),
            row![
                button(text(fl!("gui-refresh"))).on_press(Message::Refresh),
                button(text(fl!("pc-form-policy"))).on_press(Message::Open(Form::Policy)),
                button(text(fl!("pc-action-add-administrator")))
                    .on_press(Message::Open(Form::Administrator)),
                button(text(fl!("pc-form-account"))).on_press(Message::Open(Form::Account)),
            ]
            .spacing(theme::SMALL_GAP),
        ]
        .spacing(theme::GAP)
        .into()
    }

    fn form_view(&self, form: Form) -> Element<'_, Message> {
        let edit = |f: Field| move |value| Message::Edit(f, value);
        let (title, fields): (String, Element<'_, Message>) = match form {
            Form::Policy => (
                fl!("pc-form-policy"),
                column![
                    labelled(
                        fl!("pc-scope"),
                        field(
                            Field::Scope.id(),
                            "global",
                            &self.scope,
                            edit(Field::Scope),
                            Message::Submit
                        )
                    ),
                    checkbox(self.enabled)
                        .label(fl!("pc-enabled"))
                        .on_toggle(Message::Enabled),
                ]
                .spacing(theme::GAP)
                .into(),
            ),
            Form::Administrator => (
                fl!("pc-action-add-administrator"),
                labelled(
                    fl!("pc-user"),
                    field(
                        Field::User.id(),
                        "sip:alice@contoso.com",
                        &self.user,
                        edit(Field::User),
                        Message::Submit,
                    ),
                ),
            ),
            Form::Account => (
                fl!("pc-form-account"),
                column![
                    labelled(
                        fl!("pc-user"),
                        field(
                            Field::User.id(),
                            "sip:alice@contoso.com",
                            &self.user,
                            edit(Field::User),
                            Message::Submit
                        )
                    ),
                    labelled(
                        fl!("pc-password"),
                        secret(
                            Field::Password.id(),
                            "",
                            &self.password,
                            edit(Field::Password),
                            Message::Submit
                        )
                    ),
                    text(fl!("pc-password-note"))
                        .size(theme::SMALL)
                        .style(theme::muted_text),
                ]
                .spacing(theme::GAP)
                .into(),
            ),
        };
        let mut page = column![text(title).size(theme::HEADING), fields].spacing(theme::GAP);
        // The problem shows once something was typed.
        if let Some(why) = self
            .form_problem()
            .filter(|_| !self.user.is_empty() || form == Form::Policy)
        {
            page = page.push(problem(why));
        }
        page.into()
    }
}
