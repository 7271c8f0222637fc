//! The Export flow: its rule, its run and its page.

use std::path::PathBuf;

use iced::Task;

use super::*;

use iced::widget::{Column, checkbox, column, scrollable, text};
use iced::{Element, Length};

use super::pages::date;
use crate::fl;
use crate::gui::theme;
use crate::gui::widget::form::{choice, labelled, path, problem, secret};

impl CertWizard {
    /// The rule of the Export page.
    pub(super) fn export_problem(&self, page: Page) -> Option<String> {
        match page {
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
            _ => None,
        }
    }

    /// Runs the Export flow's core command on the Executing Commands page.
    pub(super) fn start_export(&mut self) -> (RunState, Task<RunMessage>) {
        let data = self.data.clone();
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

    pub(super) fn export_page(&self) -> Element<'_, Message> {
        let mut list = Column::new().spacing(4);
        match &self.store {
            Ok(store) if store.is_empty() => {
                list = list.push(text(fl!("cw-store-empty")).style(theme::muted_text));
            }
            Ok(store) => {
                for cert in store {
                    let exportable = cert.meta.exportable && cert.has_key;
                    let detail = if exportable {
                        format!(
                            "{} · {}",
                            fl!("cw-expires", date = date(cert.info.not_after)),
                            cert.thumbprint
                        )
                    } else {
                        fl!("cw-not-exportable")
                    };
                    list = list.push(choice(
                        cert.meta.friendly_name.clone(),
                        Some(detail),
                        self.chosen.as_ref() == Some(&cert.thumbprint),
                        exportable.then(|| Message::Choose(cert.thumbprint.clone())),
                    ));
                }
            }
            Err(error) => list = list.push(problem(error.clone())),
        }
        column![
            text(fl!("cw-export-intro")),
            scrollable(list)
                .spacing(theme::SMALL_GAP)
                .height(Length::Fill),
            labelled(
                fl!("cw-export-file-label"),
                path(
                    Text::ExportOut.id(),
                    "",
                    &self.export_out,
                    |v| Message::Edit(Text::ExportOut, v),
                    Message::FocusNext,
                    Message::Browse(Text::ExportOut),
                )
            ),
            labelled(
                fl!("cw-password-label"),
                secret(
                    Text::ExportPassword.id(),
                    "",
                    &self.export_password,
                    |v| Message::Edit(Text::ExportPassword, v),
                    Message::FocusNext,
                )
            ),
            labelled(
                fl!("cw-password-again-label"),
                secret(
                    Text::ExportConfirm.id(),
                    "",
                    &self.export_confirm,
                    |v| Message::Edit(Text::ExportConfirm, v),
                    Message::Next,
                )
            ),
            checkbox(self.legacy)
                .label(fl!("cw-legacy"))
                .on_toggle(|on| Message::Toggle(Flag::Legacy, on)),
        ]
        .spacing(theme::SMALL_GAP)
        .into()
    }
}
