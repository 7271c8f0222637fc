//! The Process Pending Request flow: its rule, its run and its page.

use std::path::PathBuf;

use iced::Task;

use super::*;

use iced::widget::{Column, column, scrollable, text};
use iced::{Element, Length};

use super::pages::date;
use crate::fl;
use crate::gui::theme;
use crate::gui::widget::form::{choice, labelled, path, problem};

impl CertWizard {
    /// The rule of the Process Pending Request page.
    pub(super) fn pending_problem(&self, page: Page) -> Option<String> {
        match page {
            Page::PendingPick => {
                if self.pending_pick.is_none() {
                    Some(fl!("cw-need-pending"))
                } else if self.response_file.trim().is_empty() {
                    Some(fl!("cw-need-response"))
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    /// Runs the Pending flow's core command on the Executing Commands page.
    pub(super) fn start_pending(&mut self) -> (RunState, Task<RunMessage>) {
        let data = self.data.clone();
        let response = PathBuf::from(self.response_file.trim());
        RunState::start(
            move |sink| match actions::complete_pending(&data, &response, sink) {
                Ok((cert, run)) => Ended::ok(
                    run,
                    Some(fl!(
                        "cw-issued-notice",
                        thumbprint = cert.thumbprint.clone()
                    )),
                )
                .with_thumbprint(cert.thumbprint),
                Err(error) => Ended::failed(error),
            },
        )
    }

    pub(super) fn pending_page(&self) -> Element<'_, Message> {
        let mut list = Column::new().spacing(4);
        match &self.pending {
            Ok(pending) if pending.is_empty() => {
                list = list.push(text(fl!("cw-pending-none")).style(theme::muted_text));
            }
            Ok(pending) => {
                for request in pending {
                    let detail = format!(
                        "{} · {} · {}",
                        crate::cert::usage::join(&request.usages, ", "),
                        date(request.created_at),
                        request.request_file.display()
                    );
                    list = list.push(choice(
                        request.subject.clone(),
                        Some(detail),
                        self.pending_pick.as_ref() == Some(&request.id),
                        Some(Message::ChoosePending(request.id.clone())),
                    ));
                }
            }
            Err(error) => list = list.push(problem(error.clone())),
        }
        column![
            text(fl!("cw-pending-intro")),
            scrollable(list)
                .spacing(theme::SMALL_GAP)
                .height(Length::Fill),
            labelled(
                fl!("cw-response-label"),
                path(
                    Text::ResponseFile.id(),
                    "",
                    &self.response_file,
                    |v| Message::Edit(Text::ResponseFile, v),
                    Message::Next,
                    Message::Browse(Text::ResponseFile),
                )
            ),
        ]
        .spacing(theme::GAP)
        .into()
    }
}
