//! Settings: language, data directory, CMS location, install path.

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
        }
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
        page.into()
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
