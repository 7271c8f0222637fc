//! The Import Certificate flow: its rule, its run and its page.

use std::path::PathBuf;

use iced::Task;

use super::*;

use iced::Element;
use iced::widget::{checkbox, column, text};

use crate::fl;
use crate::gui::theme;
use crate::gui::widget::form::{labelled, path, secret};

impl CertWizard {
    /// The rule of the Import page.
    pub(super) fn import_problem(&self, page: Page) -> Option<String> {
        match page {
            Page::ImportFile => self
                .import_file
                .trim()
                .is_empty()
                .then(|| fl!("cw-need-import-file")),
            _ => None,
        }
    }

    /// Runs the Import flow's core command on the Executing Commands page.
    pub(super) fn start_import(&mut self) -> (RunState, Task<RunMessage>) {
        let data = self.data.clone();
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

    pub(super) fn import_page(&self) -> Element<'_, Message> {
        let mut page = column![
            text(fl!("cw-import-intro")),
            labelled(
                fl!("cw-import-file-label"),
                path(
                    Text::ImportFile.id(),
                    "",
                    &self.import_file,
                    |v| Message::Edit(Text::ImportFile, v),
                    Message::FocusNext,
                    Message::Browse(Text::ImportFile),
                )
            ),
            checkbox(self.import_has_key)
                .label(fl!("cw-import-has-key"))
                .on_toggle(|on| Message::Toggle(Flag::ImportHasKey, on)),
        ]
        .spacing(theme::GAP);
        if self.import_has_key {
            page = page
                .push(labelled(
                    fl!("cw-password-label"),
                    secret(
                        Text::ImportPassword.id(),
                        "",
                        &self.import_password,
                        |v| Message::Edit(Text::ImportPassword, v),
                        Message::Next,
                    ),
                ))
                .push(
                    checkbox(self.import_exportable)
                        .label(fl!("cw-exportable"))
                        .on_toggle(|on| Message::Toggle(Flag::ImportExportable, on)),
                );
        }
        page.push(
            checkbox(self.import_trust)
                .label(fl!("cw-import-trust"))
                .on_toggle(|on| Message::Toggle(Flag::ImportTrust, on)),
        )
        .into()
    }
}
