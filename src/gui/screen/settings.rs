//! Settings: language, data directory, CMS location, install path, and unattended certificate
//! renewal (the twice-daily schedule, its deployment window, the failure hook).

use std::path::PathBuf;

use iced::widget::{button, column, pick_list, row, text, text_input};
use iced::{Element, Length, Task};

use super::pick_folder;
use crate::data_dir::DataDir;
use crate::fl;
use crate::gui::theme;
use crate::i18n::{self, Lang};
use crate::settings::Settings;

/// A language as the drop-down shows it (in its own language).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LanguageChoice(pub Lang);

impl std::fmt::Display for LanguageChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self.0 {
            Lang::En => "English",
            Lang::Fr => "Français",
        })
    }
}

const LANGUAGES: [LanguageChoice; 2] = [LanguageChoice(Lang::En), LanguageChoice(Lang::Fr)];

/// The page's fields.
pub struct State {
    language: Lang,
    cms: String,
    install_path: String,
    message: Option<Result<String, String>>,
    /// A Browse… brought no path back.
    no_dialog: bool,
    renewal_at: String,
    renewal_window: String,
    renewal_hook: String,
    /// The schedule as the core read it (off the window's thread), or why it could not.
    schedule: Option<Result<crate::deploy::schedule::ScheduleStatus, String>>,
    /// The last renewal action's outcome.
    renewal_message: Option<Result<String, String>>,
}

/// A renewal field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenewalField {
    /// The first check of the day.
    At,
    /// The deployment window.
    Window,
    /// The failure hook.
    Hook,
}

/// A renewal action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenewalAction {
    /// Install (or reinstall) the schedule.
    Enable,
    /// Remove it.
    Disable,
    /// Save the failure hook.
    SaveHook,
}

/// Which field a picker fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// CMS location.
    Cms,
    /// Install path.
    InstallPath,
}

/// What the page sends.
#[derive(Debug, Clone)]
pub enum Message {
    /// A language was picked (applied at once).
    Language(LanguageChoice),
    /// A field was edited.
    Edited(Field, String),
    /// Browse… beside a field.
    Browse(Field),
    /// A picker answered.
    Picked(Field, Option<PathBuf>),
    /// Save.
    Save,
    /// A renewal field was edited.
    RenewalEdited(RenewalField, String),
    /// A renewal button.
    Renewal(RenewalAction),
    /// A renewal action ended (its note, or why it failed).
    RenewalDone(Result<String, String>),
    /// The schedule's state was read.
    ScheduleLoaded(Box<Result<crate::deploy::schedule::ScheduleStatus, String>>),
}

impl State {
    /// The page with the saved settings.
    pub fn new(data: &DataDir) -> Self {
        let settings = Settings::load(data);
        State {
            language: i18n::language(),
            cms: settings.cms.unwrap_or_default(),
            install_path: settings
                .install_path
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            message: None,
            no_dialog: false,
            renewal_at: settings
                .renewal
                .at
                .clone()
                .unwrap_or_else(|| "03:17".into()),
            renewal_window: settings.renewal.window.clone().unwrap_or_default(),
            renewal_hook: settings.renewal.hook.clone().unwrap_or_default(),
            schedule: None,
            renewal_message: None,
        }
    }

    /// Reads the schedule's state off the window's thread.
    pub fn load_schedule(data: &DataDir) -> Task<Message> {
        let data = data.clone();
        crate::gui::background(move || {
            crate::deploy::schedule::status(&data).map_err(|e| crate::wording::explained(&e))
        })
        .map(|status| Message::ScheduleLoaded(Box::new(status)))
    }

    /// Why the renewal fields cannot be used as typed.
    fn renewal_problem(&self) -> Option<String> {
        use crate::deploy::schedule::{parse_time, parse_window};
        parse_time(self.renewal_at.trim())
            .err()
            .or_else(|| {
                let window = self.renewal_window.trim();
                (!window.is_empty())
                    .then(|| parse_window(window).err())
                    .flatten()
            })
            .map(|e| crate::wording::explained(&e))
    }

    /// Handles a message.
    pub fn update(&mut self, message: Message, data: &DataDir) -> Task<Message> {
        match message {
            Message::Language(choice) => {
                self.language = choice.0;
                i18n::set_language(choice.0);
                return self.update(Message::Save, data);
            }
            Message::Edited(Field::Cms, value) => self.cms = value,
            Message::Edited(Field::InstallPath, value) => self.install_path = value,
            Message::Browse(field) => {
                return pick_folder().map(move |path| Message::Picked(field, path));
            }
            Message::Picked(field, Some(path)) => {
                self.no_dialog = false;
                return self.update(Message::Edited(field, path.display().to_string()), data);
            }
            Message::Picked(_, None) => self.no_dialog = true,
            Message::RenewalEdited(field, value) => match field {
                RenewalField::At => self.renewal_at = value,
                RenewalField::Window => self.renewal_window = value,
                RenewalField::Hook => self.renewal_hook = value,
            },
            Message::Renewal(action) => {
                if action == RenewalAction::Enable && self.renewal_problem().is_some() {
                    return Task::none();
                }
                let data = data.clone();
                let (at, window, hook) = (
                    self.renewal_at.trim().to_string(),
                    Some(self.renewal_window.trim().to_string()).filter(|w| !w.is_empty()),
                    Some(self.renewal_hook.trim().to_string()).filter(|h| !h.is_empty()),
                );
                return crate::gui::background(move || {
                    use crate::deploy::schedule;
                    let done = match action {
                        RenewalAction::Enable => schedule::enable(&data, &at, window.as_deref())
                            .map(|e| fl!("renewal-enabled", at = e.at)),
                        RenewalAction::Disable => {
                            schedule::disable(&data).map(|_| fl!("renewal-disabled"))
                        }
                        RenewalAction::SaveHook => schedule::set_hook(&data, hook.as_deref())
                            .map(|()| fl!("renewal-hook-saved")),
                    };
                    done.map_err(|e| crate::wording::explained(&e))
                })
                .map(Message::RenewalDone);
            }
            Message::RenewalDone(result) => {
                self.renewal_message = Some(result);
                return Self::load_schedule(data);
            }
            Message::ScheduleLoaded(status) => self.schedule = Some(*status),
            Message::Save => {
                let install = self.install_path.trim();
                if !install.is_empty() && !PathBuf::from(install).is_absolute() {
                    self.message = Some(Err(fl!("first-run-absolute-path")));
                    return Task::none();
                }
                let mut settings = Settings::load(data);
                settings.language = Some(self.language.code().to_string());
                settings.cms = Some(self.cms.trim().to_string()).filter(|s| !s.is_empty());
                settings.install_path = (!install.is_empty()).then(|| PathBuf::from(install));
                self.message = Some(match settings.save(data) {
                    Ok(()) => Ok(fl!("settings-saved")),
                    Err(e) => Err(fl!("settings-save-failed", reason = e.to_string())),
                });
            }
        }
        Task::none()
    }

    /// The page.
    pub fn view<'a>(&'a self, data: &'a DataDir) -> Element<'a, Message> {
        let folder = |label: String, hint: String, value: &'a str, which: Field| {
            column![
                text(label),
                row![
                    text_input(&hint, value)
                        .on_input(move |v| Message::Edited(which, v))
                        .width(Length::Fill),
                    button(text(fl!("browse"))).on_press(Message::Browse(which)),
                ]
                .spacing(theme::SMALL_GAP),
            ]
            .spacing(6)
        };
        let mut page = column![
            row![
                text(fl!("settings-language")).width(Length::Fixed(200.0)),
                pick_list(
                    LANGUAGES,
                    Some(LanguageChoice(self.language)),
                    Message::Language
                ),
            ]
            .align_y(iced::Center),
            row![
                text(fl!("settings-data-dir")).width(Length::Fixed(200.0)),
                text(data.root().display().to_string()),
            ],
            folder(
                fl!("first-run-cms"),
                fl!("step1-cms-placeholder"),
                &self.cms,
                Field::Cms
            ),
            // Empty means the default, which the field shows.
            folder(
                fl!("first-run-install-path"),
                fl!(
                    "settings-install-default",
                    path = data.root().join("install").display().to_string()
                ),
                &self.install_path,
                Field::InstallPath
            ),
            button(text(fl!("settings-save")))
                .style(button::primary)
                .on_press(Message::Save),
        ]
        .spacing(theme::GAP);
        if self.no_dialog {
            page = page.push(super::no_dialog_note());
        }
        match &self.message {
            Some(Ok(note)) => page = page.push(text(note).style(theme::success_text)),
            Some(Err(error)) => page = page.push(text(error).style(theme::danger_text)),
            None => {}
        }
        page = page.push(self.renewal_view());
        iced::widget::scrollable(page)
            .spacing(theme::SMALL_GAP)
            .height(Length::Fill)
            .into()
    }

    /// Certificate renewal: the schedule's state, its times and the failure hook.
    fn renewal_view(&self) -> Element<'_, Message> {
        let field = |label: String, hint: String, value: &str, which: RenewalField| {
            row![
                text(label).width(Length::Fixed(200.0)),
                text_input(&hint, value)
                    .on_input(move |v| Message::RenewalEdited(which, v))
                    .width(Length::Fill),
            ]
            .spacing(theme::SMALL_GAP)
            .align_y(iced::Center)
        };
        let state = match &self.schedule {
            None => fl!("checking"),
            Some(Err(error)) => error.clone(),
            Some(Ok(status)) if !status.installed => fl!("renewal-not-installed"),
            Some(Ok(status)) if !status.healthy => fl!("renewal-unhealthy"),
            Some(Ok(status)) => fl!(
                "renewal-installed",
                next = status
                    .next_check
                    .and_then(|t| t
                        .format(time::macros::format_description!(
                            "[year]-[month]-[day] [hour]:[minute]"
                        ))
                        .ok())
                    .unwrap_or_default()
            ),
        };
        let problem = self.renewal_problem();
        let mut section = column![
            text(fl!("renewal-title")).size(theme::HEADING),
            text(state).style(theme::muted_text),
            field(
                fl!("renewal-at"),
                "03:17".into(),
                &self.renewal_at,
                RenewalField::At
            ),
            field(
                fl!("renewal-window"),
                fl!("renewal-window-hint"),
                &self.renewal_window,
                RenewalField::Window
            ),
            row![
                button(text(fl!("renewal-enable"))).on_press_maybe(
                    problem
                        .is_none()
                        .then_some(Message::Renewal(RenewalAction::Enable))
                ),
                button(text(fl!("renewal-disable")))
                    .on_press(Message::Renewal(RenewalAction::Disable)),
            ]
            .spacing(theme::SMALL_GAP),
            field(
                fl!("renewal-hook"),
                fl!("renewal-hook-hint"),
                &self.renewal_hook,
                RenewalField::Hook
            ),
            button(text(fl!("renewal-hook-save")))
                .on_press(Message::Renewal(RenewalAction::SaveHook)),
        ]
        .spacing(theme::SMALL_GAP);
        if let Some(problem) = problem {
            section = section.push(text(problem).style(theme::danger_text));
        }
        match &self.renewal_message {
            Some(Ok(note)) => section = section.push(text(note).style(theme::success_text)),
            Some(Err(error)) => section = section.push(text(error).style(theme::danger_text)),
            None => {}
        }
        section.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_browse_that_brings_no_path_says_to_type_it() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        let mut state = State::new(&data);
        // The note in the test process's language.
        let note = crate::i18n::translate("dialog-none", &[]);
        assert!(
            iced_test::simulator(state.view(&data))
                .find(note.as_str())
                .is_err()
        );
        let _ = state.update(Message::Picked(Field::InstallPath, None), &data);
        assert!(
            iced_test::simulator(state.view(&data))
                .find(note.as_str())
                .is_ok()
        );
        let _ = state.update(
            Message::Picked(Field::InstallPath, Some(PathBuf::from("/srv/install"))),
            &data,
        );
        assert!(
            iced_test::simulator(state.view(&data))
                .find(note.as_str())
                .is_err()
        );
        assert_eq!(state.install_path, "/srv/install");
    }
}
