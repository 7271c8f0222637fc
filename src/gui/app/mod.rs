//! The application: which screen shows, the header and footer around it, keyboard shortcuts,
//! and the routing of each screen's messages and actions.

mod boot;
mod view;

pub use boot::Boot;

use iced::keyboard::{self, Key, key::Named};
use iced::widget::{button, center, column, container, opaque, row, stack, text};
use iced::{Element, Length, Subscription, Task};

use super::screen::{
    cert_wizard, certificates, checklist, first_run, home, logs, pool_status, s2s, service_status,
    settings, system, wizard,
};
use super::theme;
use crate::data_dir::DataDir;
use crate::deploy::{StepId, SystemStatus, local_status, system_status};
use crate::fl;
use crate::i18n;
use crate::settings::Settings;

/// The screens.
pub enum Screen {
    /// Home.
    Home,
    /// First run.
    FirstRun(first_run::State),
    /// The System page.
    System,
    /// A step wizard.
    Wizard(wizard::Wizard),
    /// Service Status.
    ServiceStatus(service_status::State),
    /// Pool Status.
    PoolStatus(pool_status::State),
    /// The Certificate Wizard's main page.
    Certificates(certificates::State),
    /// A Certificate Wizard flow.
    CertWizard(Box<cert_wizard::CertWizard>),
    /// Server-to-server authentication.
    ServerToServer(s2s::State),
    /// The Persistent Chat deployment checklist.
    Checklist(checklist::State),
    /// The log viewer.
    Logs(logs::State),
    /// Settings.
    Settings(settings::State),
}

/// The application state.
pub struct App {
    data: DataDir,
    screen: Screen,
    /// The pages Close returns to, newest last (Home clears them).
    came_from: Vec<Screen>,
    /// A window size not remembered yet.
    unsaved_size: Option<iced::Size>,
    status: SystemStatus,
    spinner: u8,
    /// Renewal failures already announced by a desktop notification (usage → reason).
    announced: std::collections::BTreeMap<crate::cert::Usage, String>,
}

/// Everything the window can be asked to do.
#[derive(Debug, Clone)]
pub enum Message {
    /// Go to Home.
    Home,
    /// Close the page: back to the one it was opened from (Home when none).
    Close,
    /// Home's entries.
    HomeEntry(home::Message),
    /// First run.
    FirstRun(first_run::Message),
    /// The System page.
    System(system::Message),
    /// A step wizard.
    Wizard(wizard::Message),
    /// Service Status.
    ServiceStatus(service_status::Message),
    /// Pool Status.
    PoolStatus(pool_status::Message),
    /// Certificates.
    Certificates(certificates::Message),
    /// A Certificate Wizard flow.
    CertWizard(cert_wizard::Message),
    /// Server-to-server authentication.
    ServerToServer(s2s::Message),
    /// The Persistent Chat deployment checklist.
    Checklist(checklist::Message),
    /// The log viewer.
    Logs(logs::Message),
    /// Settings.
    Settings(settings::Message),
    /// A keyboard shortcut.
    Shortcut(Shortcut),
    /// The spinner's clock.
    Tick,
    /// The window was resized.
    Resized(iced::Size),
    /// Remember the window's size (a second after the last resize).
    RememberSize,
    /// The size was remembered (or could not be).
    SizeRemembered,
    /// The full status (the CMS asked) came back from the background.
    StatusLoaded(Box<SystemStatus>),
    /// Look for renewal failures to announce (every half minute while the window is open).
    CheckRenewals,
    /// The renewal failures not announced yet.
    RenewalFailures(Vec<(crate::cert::Usage, String)>),
    /// A notification was shown, or why it could not be.
    Notified(Result<u32, String>),
}

/// The keyboard shortcuts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortcut {
    /// Enter: Next (or Finish).
    Next,
    /// Escape: Cancel.
    Cancel,
    /// Tab: the next field.
    FocusNext,
    /// Shift+Tab: the previous field.
    FocusPrevious,
}

/// Maps a key press nobody handled to a shortcut.
pub fn shortcut(key: &Key, modifiers: keyboard::Modifiers) -> Option<Shortcut> {
    match key {
        Key::Named(Named::Enter) => Some(Shortcut::Next),
        Key::Named(Named::Escape) => Some(Shortcut::Cancel),
        Key::Named(Named::Tab) if modifiers.shift() => Some(Shortcut::FocusPrevious),
        Key::Named(Named::Tab) => Some(Shortcut::FocusNext),
        _ => None,
    }
}

impl App {
    /// Opens on Home, or on the first-run page when there is neither a replica nor a CMS.
    pub fn boot(boot: Boot) -> (Self, Task<Message>) {
        if let Some(lang) = boot.lang {
            i18n::set_language(lang);
        }
        // What is on this disk at once; what the CMS says (network) when it answers.
        let status = match boot.status {
            Some(status) => *status,
            None => local_status(&boot.data),
        };
        let first_run = status.replica.is_none() && Settings::load(&boot.data).cms.is_none();
        let load = Self::load_status(&boot.data);
        let screen = if first_run {
            Screen::FirstRun(first_run::State::new(&boot.data))
        } else {
            Screen::Home
        };
        (
            App {
                data: boot.data,
                screen,
                came_from: Vec::new(),
                unsaved_size: None,
                status,
                spinner: 0,
                announced: std::collections::BTreeMap::new(),
            },
            load,
        )
    }

    /// The full status, read off the window's thread.
    fn load_status(data: &DataDir) -> Task<Message> {
        let data = data.clone();
        super::background(move || Box::new(system_status(&data))).map(Message::StatusLoaded)
    }

    /// The commands of the Executing Commands page on screen, each with the outcome its row
    /// shows (`None`: still running, or interrupted), for tests that compare the rows with the
    /// run logs.
    pub fn shown_commands(&self) -> Vec<(String, Option<crate::log::Outcome>)> {
        let run = match &self.screen {
            Screen::Wizard(w) => w.run.as_ref(),
            Screen::CertWizard(w) => w.shown_run(),
            Screen::ServerToServer(s) => s.run.as_ref(),
            Screen::Checklist(s) => s.run.as_ref(),
            Screen::PoolStatus(s) => s.run.as_ref(),
            _ => None,
        };
        run.map(|run| {
            run.rows
                .iter()
                .map(|row| (row.cli.clone(), row.outcome))
                .collect()
        })
        .unwrap_or_default()
    }

    /// The window title.
    pub fn title(&self) -> String {
        format!("deploy-wizard — {}", self.screen_title())
    }

    fn screen_title(&self) -> String {
        match &self.screen {
            Screen::Home => fl!("app-title"),
            Screen::FirstRun(_) => fl!("first-run-title"),
            Screen::System => fl!("app-subtitle"),
            Screen::Wizard(w) => w.flow.title(),
            Screen::ServiceStatus(_) => fl!("service-status"),
            Screen::PoolStatus(_) => fl!("pool-status"),
            Screen::Certificates(_) => fl!("certificate-wizard"),
            Screen::CertWizard(w) => w.title(),
            Screen::ServerToServer(_) => fl!("s2s-title"),
            Screen::Checklist(_) => fl!("pc-title"),
            Screen::Logs(_) => fl!("logs-title"),
            Screen::Settings(_) => fl!("settings-title"),
        }
    }

    /// The local status at once, the full one when the CMS answers.
    fn refresh(&mut self) -> Task<Message> {
        self.status = local_status(&self.data);
        Self::load_status(&self.data)
    }

    fn open_wizard(&mut self, flow: wizard::Flow) -> Task<Message> {
        let (wizard, task) = wizard::Wizard::open(flow, self.data.clone());
        self.screen = Screen::Wizard(wizard);
        task.map(Message::Wizard)
    }

    /// Shows `screen`, remembering the current page for Close.
    fn visit(&mut self, screen: Screen) {
        let from = std::mem::replace(&mut self.screen, screen);
        if !matches!(from, Screen::FirstRun(_)) {
            self.came_from.push(from);
        }
    }

    fn open_logs(&mut self, run: Option<String>) -> Task<Message> {
        let (state, task) = logs::State::open(&self.data, run);
        self.visit(Screen::Logs(state));
        task.map(Message::Logs)
    }

    /// The Certificate Wizard's main page, opened from Home or the System page.
    fn show_certificates(&mut self) {
        self.visit(Screen::Certificates(certificates::State::load(&self.data)));
    }

    /// Back to the main page when a Certificate Wizard flow ends (it was opened from there).
    fn back_to_certificates(&mut self) {
        self.screen = Screen::Certificates(certificates::State::load(&self.data));
    }

    /// Close: the page this one was opened from, refreshed; Home when there is none.
    fn close(&mut self) -> Task<Message> {
        match self.came_from.pop() {
            Some(Screen::System) => self.show_system(),
            Some(Screen::Home) | None => {
                self.came_from.clear();
                self.screen = Screen::Home;
                self.refresh()
            }
            Some(Screen::Certificates(_)) => {
                self.back_to_certificates();
                Task::none()
            }
            Some(screen) => {
                self.screen = screen;
                Task::none()
            }
        }
    }

    /// Whether a step or a certificate action is running (Home waits, the spinner turns).
    fn running(&self) -> bool {
        match &self.screen {
            Screen::Wizard(w) => w.run.as_ref().is_some_and(|r| r.running()),
            Screen::CertWizard(w) => w.running(),
            Screen::ServerToServer(s) => s.running(),
            Screen::Checklist(s) => s.running(),
            Screen::PoolStatus(s) => s.running(),
            _ => false,
        }
    }

    fn show_system(&mut self) -> Task<Message> {
        self.screen = Screen::System;
        self.refresh()
    }

    /// Handles a message.
    pub fn update(&mut self, message: Message) -> Task<Message> {
        match message {
            Message::StatusLoaded(status) => self.status = *status,
            Message::Home => {
                if !self.running() {
                    self.came_from.clear();
                    self.screen = Screen::Home;
                    return self.refresh();
                }
            }
            Message::Close => {
                if !self.running() {
                    return self.close();
                }
            }
            Message::HomeEntry(entry) => match entry {
                home::Message::InstallOrUpdate => {
                    self.came_from.push(Screen::Home);
                    return self.show_system();
                }
                home::Message::Certificates => self.show_certificates(),
                home::Message::ServerToServer => {
                    let (state, task) = s2s::State::open(&self.data);
                    self.visit(Screen::ServerToServer(state));
                    return task.map(Message::ServerToServer);
                }
                home::Message::Checklist => {
                    let (state, task) = checklist::State::open(&self.data);
                    self.visit(Screen::Checklist(state));
                    return task.map(Message::Checklist);
                }
                home::Message::Logs => return self.open_logs(None),
                home::Message::Settings => {
                    self.visit(Screen::Settings(settings::State::new(&self.data)));
                    return settings::State::load_schedule(&self.data).map(Message::Settings);
                }
            },
            Message::FirstRun(message) => {
                if let Screen::FirstRun(state) = &mut self.screen {
                    match state.update(message, &self.data) {
                        first_run::Action::None => {}
                        first_run::Action::Task(task) => return task.map(Message::FirstRun),
                        first_run::Action::Done => return self.show_system(),
                        first_run::Action::UseLab => {
                            return self.open_wizard(wizard::Flow::LabSetup);
                        }
                    }
                }
            }
            Message::System(message) => match message {
                system::Message::Run(StepId::LocalStore) => {
                    return self.open_wizard(wizard::Flow::LocalStore);
                }
                system::Message::Run(StepId::Components) => {
                    return self.open_wizard(wizard::Flow::Components);
                }
                system::Message::Run(StepId::Certificates) => self.show_certificates(),
                system::Message::Run(StepId::Services) => {
                    return self.open_wizard(wizard::Flow::Services);
                }
                system::Message::ServiceStatus => {
                    self.visit(Screen::ServiceStatus(service_status::State::default()));
                    return service_status::State::load(&self.data).map(Message::ServiceStatus);
                }
                system::Message::PoolStatus => {
                    let (state, task) = pool_status::State::open(&self.data);
                    self.visit(Screen::PoolStatus(state));
                    return task.map(Message::PoolStatus);
                }
            },
            Message::Wizard(message) => {
                if let Screen::Wizard(wizard) = &mut self.screen {
                    match wizard.update(message) {
                        wizard::Action::None => {}
                        wizard::Action::Task(task) => return task.map(Message::Wizard),
                        wizard::Action::Close => return self.show_system(),
                        wizard::Action::ViewLog(run) => return self.open_logs(Some(run)),
                    }
                }
            }
            Message::ServiceStatus(message) => {
                if let Screen::ServiceStatus(state) = &mut self.screen {
                    return state
                        .update(message, &self.data)
                        .map(Message::ServiceStatus);
                }
            }
            Message::Certificates(message) => {
                if let Screen::Certificates(state) = &mut self.screen
                    && let certificates::Action::Open(flow, usages, thumbprint) =
                        state.update(message, &self.data)
                {
                    let (wizard, task) =
                        cert_wizard::CertWizard::open(flow, self.data.clone(), usages, thumbprint);
                    self.screen = Screen::CertWizard(Box::new(wizard));
                    return task.map(Message::CertWizard);
                }
            }
            Message::CertWizard(message) => {
                if let Screen::CertWizard(wizard) = &mut self.screen {
                    match wizard.update(message) {
                        cert_wizard::Action::None => {}
                        cert_wizard::Action::Task(task) => return task.map(Message::CertWizard),
                        cert_wizard::Action::Close => self.back_to_certificates(),
                        cert_wizard::Action::ViewLog(run) => return self.open_logs(Some(run)),
                    }
                }
            }
            Message::ServerToServer(message) => {
                if let Screen::ServerToServer(state) = &mut self.screen {
                    match state.update(message) {
                        s2s::Action::None => {}
                        s2s::Action::Task(task) => return task.map(Message::ServerToServer),
                        s2s::Action::ViewLog(run) => return self.open_logs(Some(run)),
                    }
                }
            }
            Message::PoolStatus(message) => {
                if let Screen::PoolStatus(state) = &mut self.screen {
                    match state.update(message) {
                        pool_status::Outcome::None => {}
                        pool_status::Outcome::Task(task) => return task.map(Message::PoolStatus),
                        pool_status::Outcome::ViewLog(run) => return self.open_logs(Some(run)),
                    }
                }
            }
            Message::Checklist(message) => {
                if let Screen::Checklist(state) = &mut self.screen {
                    match state.update(message) {
                        checklist::Outcome::None => {}
                        checklist::Outcome::Task(task) => return task.map(Message::Checklist),
                        checklist::Outcome::ViewLog(run) => return self.open_logs(Some(run)),
                        checklist::Outcome::Deploy => {
                            self.came_from.clear();
                            return self.show_system();
                        }
                    }
                }
            }
            Message::Logs(message) => {
                if let Screen::Logs(state) = &mut self.screen {
                    return state.update(message, &self.data).map(Message::Logs);
                }
            }
            Message::Settings(message) => {
                if let Screen::Settings(state) = &mut self.screen {
                    return state.update(message, &self.data).map(Message::Settings);
                }
            }
            Message::Shortcut(shortcut) => return self.on_shortcut(shortcut),
            Message::Tick => self.spinner = (self.spinner + 1) % 12,
            Message::CheckRenewals => {
                let (data, announced) = (self.data.clone(), self.announced.clone());
                return super::background(move || {
                    crate::cert::renewal::RenewalState::load(&data)
                        .map(|state| super::notify::new_failures(&announced, &state))
                        .unwrap_or_default()
                })
                .map(Message::RenewalFailures);
            }
            Message::RenewalFailures(failures) => {
                let mut tasks = Vec::new();
                for (usage, reason) in failures {
                    self.announced.insert(usage, reason.clone());
                    let summary = fl!("notify-renewal-failed", usage = usage.as_str());
                    tasks.push(
                        super::background(move || super::notify::send(&summary, &reason))
                            .map(Message::Notified),
                    );
                }
                return Task::batch(tasks);
            }
            // No session bus or notification service: the Certificate Wizard's rows still say it.
            Message::Notified(_) => {}
            Message::Resized(size) => self.unsaved_size = Some(size),
            Message::RememberSize => {
                if let Some(size) = self.unsaved_size.take() {
                    let data = self.data.clone();
                    return super::background(move || {
                        let mut settings = Settings::load(&data);
                        settings.window = Some((size.width, size.height));
                        // A size not remembered is only a convenience lost.
                        let _ = settings.save(&data);
                    })
                    .map(|()| Message::SizeRemembered);
                }
            }
            Message::SizeRemembered => {}
        }
        Task::none()
    }

    fn on_shortcut(&mut self, shortcut: Shortcut) -> Task<Message> {
        match shortcut {
            Shortcut::FocusNext => iced::widget::operation::focus_next(),
            Shortcut::FocusPrevious => iced::widget::operation::focus_previous(),
            Shortcut::Next => match &self.screen {
                Screen::Wizard(w) if w.confirm_cancel => {
                    self.update(Message::Wizard(wizard::Message::ConfirmCancel(true)))
                }
                Screen::Wizard(w) => match w.default_action() {
                    Some(message) => self.update(Message::Wizard(message)),
                    None => Task::none(),
                },
                Screen::CertWizard(w) if w.confirm_cancel => self.update(Message::CertWizard(
                    cert_wizard::Message::ConfirmCancel(true),
                )),
                Screen::CertWizard(w) => match w.default_action() {
                    Some(message) => self.update(Message::CertWizard(message)),
                    None => Task::none(),
                },
                Screen::ServerToServer(state) => match state.default_action() {
                    Some(message) => self.update(Message::ServerToServer(message)),
                    None => Task::none(),
                },
                _ => Task::none(),
            },
            Shortcut::Cancel => match &self.screen {
                Screen::Wizard(w) if w.confirm_cancel => {
                    self.update(Message::Wizard(wizard::Message::ConfirmCancel(false)))
                }
                Screen::Wizard(_) => self.update(Message::Wizard(wizard::Message::Cancel)),
                Screen::CertWizard(w) if w.confirm_cancel => self.update(Message::CertWizard(
                    cert_wizard::Message::ConfirmCancel(false),
                )),
                Screen::CertWizard(_) => {
                    self.update(Message::CertWizard(cert_wizard::Message::Cancel))
                }
                Screen::ServerToServer(state) if state.cancel_action().is_some() => {
                    let message = state.cancel_action().expect("checked");
                    self.update(Message::ServerToServer(message))
                }
                Screen::Certificates(state) if state.showing_details() => {
                    self.update(Message::Certificates(certificates::Message::CloseDetails))
                }
                Screen::Home | Screen::FirstRun(_) => Task::none(),
                _ => self.update(Message::Close),
            },
        }
    }

    /// Keyboard shortcuts, and the spinner's clock while a step runs.
    pub fn subscription(&self) -> Subscription<Message> {
        let keys = keyboard::listen().filter_map(|event| match event {
            keyboard::Event::KeyPressed { key, modifiers, .. } => {
                shortcut(&key, modifiers).map(Message::Shortcut)
            }
            _ => None,
        });
        let resized = iced::window::resize_events().map(|(_, size)| Message::Resized(size));
        let mut all = vec![keys, resized];
        if self.running() {
            all.push(
                iced::time::every(std::time::Duration::from_millis(100)).map(|_| Message::Tick),
            );
        }
        all.push(
            iced::time::every(std::time::Duration::from_secs(30)).map(|_| Message::CheckRenewals),
        );
        if self.unsaved_size.is_some() {
            all.push(
                iced::time::every(std::time::Duration::from_secs(1)).map(|_| Message::RememberSize),
            );
        }
        Subscription::batch(all)
    }
}

/// "Stop the running step?" over the page.
fn confirm_dialog<'a>(answer: impl Fn(bool) -> Message) -> Element<'a, Message> {
    {
        let dialog = container(
            column![
                text(fl!("cancel-confirm-title")).size(theme::HEADING),
                text(fl!("cancel-confirm-body")),
                row![
                    button(text(fl!("cancel-confirm-stop")))
                        .style(button::danger)
                        .on_press(answer(true)),
                    button(text(fl!("cancel-confirm-continue"))).on_press(answer(false)),
                ]
                .spacing(theme::SMALL_GAP),
            ]
            .spacing(theme::GAP),
        )
        .padding(theme::PAGE_PADDING)
        .max_width(520)
        .style(theme::dialog);
        opaque(center(dialog).style(theme::veil))
    }
}
