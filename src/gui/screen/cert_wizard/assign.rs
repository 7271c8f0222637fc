//! The Assign flow (usages → Certificate Store → Assignment Summary → Executing Commands), also appended to a request, an import or a completed pending request: its rules, its candidate, its run and its pages.

use iced::Task;

use super::*;

use iced::widget::{Column, button, checkbox, column, container, row, scrollable, text};
use iced::{Element, Length};

use super::pages::{STORE_FAILING_SHOWN, STORE_PASSING_SHOWN, date};
use crate::cert::query::Candidate;
use crate::fl;
use crate::gui::theme;
use crate::gui::widget::form::{check_failure, choice, field, labelled, problem};

impl CertWizard {
    /// The rules of the assignment pages.
    pub(super) fn assign_problem(&self, page: Page) -> Option<String> {
        match page {
            Page::AssignUsages => self.assign_usages.is_empty().then(|| fl!("cw-need-usage")),
            Page::AssignStore => match &self.candidates {
                None => Some(fl!("cw-store-checking")),
                Some(Err(e)) => Some(e.clone()),
                _ if self.chosen_candidate().is_none() => Some(fl!("cw-need-certificate")),
                _ => None,
            },
            Page::AssignSummary => {
                if self.roll {
                    parse_effective_date(&self.effective)
                        .err()
                        .map(|e| e.to_string())
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    pub(super) fn chosen_candidate(&self) -> Option<&Candidate> {
        let chosen = self.chosen.as_ref()?;
        match &self.candidates {
            Some(Ok(list)) => list
                .iter()
                .find(|c| &c.cert.thumbprint == chosen && c.selectable()),
            _ => None,
        }
    }

    pub(super) fn start_assign(&mut self) -> Task<Message> {
        let data = self.data.clone();
        let usages = self.assign_usages.clone();
        let thumbprint = self.chosen.clone().unwrap_or_default();
        let roll = if self.roll {
            match parse_effective_date(&self.effective) {
                Ok(date) => Some(date),
                Err(e) => {
                    let message = e.to_string();
                    let (state, task) = RunState::start(move |_| Ended::refused(message));
                    self.assign_run = Some(state);
                    return task.map(Message::AssignRun);
                }
            }
        } else {
            None
        };
        let (state, task) = RunState::start(move |sink| {
            match actions::assign_usages(&data, &usages, &thumbprint, roll, sink) {
                Ok(outcome) => Ended::ok(
                    outcome.run,
                    Some(fl!(
                        "cw-assigned-notice",
                        usages = crate::cert::usage::join(&outcome.usages, ", ")
                    )),
                )
                .with_thumbprint(outcome.thumbprint),
                Err(error) => Ended::failed(error),
            }
        });
        self.assign_run = Some(state);
        task.map(Message::AssignRun)
    }

    pub(super) fn assign_usages_page(&self) -> Element<'_, Message> {
        let mut page = column![text(fl!("cw-assign-intro"))].spacing(theme::SMALL_GAP);
        if let Ok(context) = &self.context {
            for &usage in &context.usages {
                page = page.push(
                    checkbox(self.assign_usages.contains(&usage))
                        .label(usage.as_str())
                        .on_toggle(move |on| Message::AssignUsage(usage, on)),
                );
            }
        }
        page.into()
    }

    pub(super) fn store_page(&self) -> Element<'_, Message> {
        let mut list = Column::new().spacing(theme::SMALL_GAP);
        match &self.candidates {
            Some(Ok(candidates)) if candidates.is_empty() => {
                list = list.push(text(fl!("cw-store-empty")).style(theme::muted_text));
            }
            Some(Ok(candidates)) => {
                // A store of thousands: every passing certificate up to a page's worth, and a
                // sample of the others with why they cannot serve (the count says the rest).
                let passing = candidates.iter().filter(|c| c.selectable()).count();
                let shown: Vec<&Candidate> = candidates
                    .iter()
                    .filter(|c| c.selectable())
                    .take(STORE_PASSING_SHOWN)
                    .chain(
                        candidates
                            .iter()
                            .filter(|c| !c.selectable())
                            .take(STORE_FAILING_SHOWN),
                    )
                    .collect();
                let hidden = candidates.len() - shown.len();
                for candidate in shown {
                    let cert = &candidate.cert;
                    let selectable = candidate.selectable();
                    let detail = format!(
                        "{} · {} · {}",
                        cert.info.subject_cn.clone().unwrap_or_default(),
                        fl!("cw-expires", date = date(cert.info.not_after)),
                        cert.thumbprint
                    );
                    let mut entry = column![
                        row![
                            choice(
                                cert.meta.friendly_name.clone(),
                                Some(detail),
                                self.chosen.as_ref() == Some(&cert.thumbprint) && selectable,
                                selectable.then(|| Message::Choose(cert.thumbprint.clone())),
                            ),
                            button(text(fl!("cw-view")))
                                .on_press(Message::ViewDetails(cert.thumbprint.clone())),
                        ]
                        .spacing(theme::SMALL_GAP)
                        .align_y(iced::Center)
                    ]
                    .spacing(2);
                    for (usage, failures) in &candidate.checks {
                        for failure in failures {
                            entry = entry.push(
                                container(problem(fl!(
                                    "cw-usage-problem",
                                    usage = usage.to_string(),
                                    problem = check_failure(failure)
                                )))
                                .padding(iced::Padding::ZERO.left(24.0)),
                            );
                        }
                    }
                    list = list.push(entry);
                }
                if hidden > 0 {
                    list = list.push(
                        text(fl!(
                            "cw-store-more",
                            count = hidden as u64,
                            passing = passing as u64
                        ))
                        .style(theme::muted_text),
                    );
                }
            }
            _ => {}
        }
        column![
            text(fl!(
                "cw-store-intro",
                usages = crate::cert::usage::join(&self.assign_usages, ", ")
            )),
            scrollable(list)
                .spacing(theme::SMALL_GAP)
                .height(Length::Fill)
        ]
        .spacing(theme::GAP)
        .into()
    }

    pub(super) fn assign_summary_page(&self) -> Element<'_, Message> {
        let cert = self.chosen_candidate().map(|c| &c.cert);
        let mut page = column![
            text(fl!(
                "cw-assign-summary-usages",
                usages = crate::cert::usage::join(&self.assign_usages, ", ")
            )),
            text(match cert {
                Some(cert) => fl!(
                    "cw-assign-summary-certificate",
                    name = cert.meta.friendly_name.clone(),
                    thumbprint = cert.thumbprint.clone()
                ),
                None => fl!("cw-need-certificate"),
            }),
            checkbox(self.roll)
                .label(fl!("cw-roll"))
                .on_toggle(|on| Message::Toggle(Flag::Roll, on)),
        ]
        .spacing(theme::GAP);
        if self.roll {
            page = page.push(labelled(
                fl!("cw-effective-label"),
                field(
                    Text::Effective.id(),
                    "2026-12-01T08:00",
                    &self.effective,
                    |v| Message::Edit(Text::Effective, v),
                    Message::Next,
                ),
            ));
        }
        page.into()
    }
}
