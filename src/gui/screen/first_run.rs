//! First run: where to install, which central management store, or a lab topology for this
//! computer (the embedded default: the Standard Edition sample and a lab CA in a local CMS).

use std::path::PathBuf;

use iced::widget::{button, column, container, row, text, text_input};
use iced::{Element, Length, Task};

use super::pick_folder;
use crate::data_dir::DataDir;
use crate::fl;
use crate::gui::theme;
use crate::settings::Settings;

/// The page's fields.
pub struct State {
    install_path: String,
    cms: String,
    error: Option<String>,
    /// A Browse… brought no path back.
    no_dialog: bool,
}

/// Which field a picker fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Install path.
    InstallPath,
    /// CMS location.
    Cms,
}

/// What the page sends.
#[derive(Debug, Clone)]
pub enum Message {
    /// A field was edited.
    Edited(Field, String),
    /// Browse… beside a field.
    Browse(Field),
    /// A picker answered.
    Picked(Field, Option<PathBuf>),
    /// Save and go to the System page.
    Continue,
    /// Create the lab CMS.
    UseLab,
}

/// What the parent must do.
pub enum Action {
    /// Nothing.
    None,
    /// Run a task.
    Task(Task<Message>),
    /// Settings saved: show the System page.
    Done,
    /// Start the lab set-up wizard.
    UseLab,
}

impl State {
    /// The page, with the install path proposed under the data dir.
    pub fn new(data: &DataDir) -> Self {
        let settings = Settings::load(data);
        State {
            install_path: settings
                .install_path
                .unwrap_or_else(|| data.root().join("install"))
                .display()
                .to_string(),
            cms: settings.cms.unwrap_or_default(),
            error: None,
            no_dialog: false,
        }
    }

    /// Handles a message.
    pub fn update(&mut self, message: Message, data: &DataDir) -> Action {
        match message {
            Message::Edited(Field::InstallPath, value) => self.install_path = value,
            Message::Edited(Field::Cms, value) => self.cms = value,
            Message::Browse(field) => {
                return Action::Task(pick_folder().map(move |path| Message::Picked(field, path)));
            }
            Message::Picked(field, Some(path)) => {
                self.no_dialog = false;
                return self.update(Message::Edited(field, path.display().to_string()), data);
            }
            Message::Picked(_, None) => self.no_dialog = true,
            Message::Continue => {
                let path = PathBuf::from(self.install_path.trim());
                if !path.is_absolute() {
                    self.error = Some(fl!("first-run-absolute-path"));
                    return Action::None;
                }
                let mut settings = Settings::load(data);
                settings.install_path = Some(path);
                settings.cms = Some(self.cms.trim().to_string()).filter(|s| !s.is_empty());
                return match settings.save(data) {
                    Ok(()) => Action::Done,
                    Err(e) => {
                        self.error = Some(fl!("settings-save-failed", reason = e.to_string()));
                        Action::None
                    }
                };
            }
            Message::UseLab => {
                let path = PathBuf::from(self.install_path.trim());
                let mut settings = Settings::load(data);
                if path.is_absolute() {
                    settings.install_path = Some(path);
                }
                if let Err(e) = settings.save(data) {
                    self.error = Some(fl!("settings-save-failed", reason = e.to_string()));
                    return Action::None;
                }
                return Action::UseLab;
            }
        }
        Action::None
    }

    /// The page.
    pub fn view(&self) -> Element<'_, Message> {
        let field = |label: String, value: &str, placeholder: String, which: Field| {
            column![
                text(label),
                row![
                    text_input(&placeholder, value)
                        .on_input(move |v| Message::Edited(which, v))
                        .width(Length::Fill),
                    button(text(fl!("browse"))).on_press(Message::Browse(which)),
                ]
                .spacing(theme::SMALL_GAP)
            ]
            .spacing(6)
        };
        let mut page = column![
            text(fl!("first-run-intro")),
            field(
                fl!("first-run-install-path"),
                &self.install_path,
                fl!("first-run-install-placeholder"),
                Field::InstallPath
            ),
            field(
                fl!("first-run-cms"),
                &self.cms,
                fl!("step1-cms-placeholder"),
                Field::Cms
            ),
            button(text(fl!("first-run-continue")))
                .on_press_maybe((!self.cms.trim().is_empty()).then_some(Message::Continue)),
            container(
                column![
                    text(fl!("first-run-lab")).size(theme::HEADING),
                    text(fl!("first-run-lab-hint")).size(theme::SMALL),
                    button(text(fl!("first-run-lab-button")))
                        .style(button::primary)
                        .on_press(Message::UseLab),
                ]
                .spacing(theme::SMALL_GAP)
            )
            .padding(theme::SMALL_GAP + 4.0)
            .style(theme::card)
            .width(Length::Fill),
        ]
        .spacing(theme::GAP);
        if self.no_dialog {
            page = page.push(super::no_dialog_note());
        }
        if let Some(error) = &self.error {
            page = page.push(text(error).style(theme::danger_text));
        }
        page.into()
    }
}
