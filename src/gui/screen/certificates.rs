//! The Certificate Wizard's main page: one row per usage this server needs, with its status
//! icon (green check = assigned and valid, warning = expires within 30 days, red = invalid or
//! missing, with the failed checks under it), friendly name, expiry and scope. Rows are
//! selected with their check box (several for one certificate); the buttons open the flows.

use std::collections::BTreeSet;

use iced::widget::{Column, button, checkbox, column, container, row, scrollable, text};
use iced::{Element, Length};

use super::cert_wizard::{Details, Flow, details_page};
use crate::cert::Usage;
use crate::cert::query::{UsageState, UsageStatus, preview_names, usage_statuses};
use crate::cert::request::RequestSpec;
use crate::data_dir::DataDir;
use crate::fl;
use crate::gui::theme;
use crate::gui::widget::form::{check_failure, problem};
use crate::gui::widget::status_icon::{Icon, icon};

/// The page's state.
pub struct State {
    usages: Result<Vec<UsageStatus>, String>,
    selected: BTreeSet<Usage>,
    pending: usize,
    details: Option<Result<Details, String>>,
    refused: Option<String>,
}

/// What the page sends.
#[derive(Debug, Clone)]
pub enum Message {
    /// Read the usages again.
    Refresh,
    /// A row was selected or unselected.
    Select(Usage, bool),
    /// A button that opens a flow.
    Open(Flow),
    /// View the selected row's certificate.
    View,
    /// Close the details.
    CloseDetails,
}

/// What the parent must do.
pub enum Action {
    /// Nothing more.
    None,
    /// Open a flow for these usages and (Assign, Export) this certificate.
    Open(Flow, Vec<Usage>, Option<String>),
}

impl State {
    /// Reads every usage's state from the core.
    pub fn load(data: &DataDir) -> Self {
        State {
            usages: usage_statuses(data).map_err(|e| e.to_string()),
            selected: BTreeSet::new(),
            pending: crate::cert::offline::list(data).map_or(0, |p| p.len()),
            details: None,
            refused: None,
        }
    }

    fn selected_rows(&self) -> Vec<&UsageStatus> {
        match &self.usages {
            Ok(rows) => rows
                .iter()
                .filter(|r| self.selected.contains(&r.usage))
                .collect(),
            Err(_) => Vec::new(),
        }
    }

    fn selected_thumbprint(&self) -> Option<String> {
        self.selected_rows()
            .iter()
            .find_map(|r| r.thumbprint.clone())
    }

    /// Whether the details of a certificate are shown.
    pub fn showing_details(&self) -> bool {
        self.details.is_some()
    }

    /// Handles a message.
    pub fn update(&mut self, message: Message, data: &DataDir) -> Action {
        self.refused = None;
        match message {
            Message::Refresh => {
                let selected = std::mem::take(&mut self.selected);
                *self = Self::load(data);
                self.selected = selected;
            }
            Message::Select(usage, on) => {
                if on {
                    self.selected.insert(usage);
                } else {
                    self.selected.remove(&usage);
                }
            }
            Message::Open(flow) => {
                let usages: Vec<Usage> = self.selected.iter().copied().collect();
                if flow == Flow::Request {
                    // One certificate has one subject: refuse a mix before any page.
                    let spec = RequestSpec {
                        usages: usages.clone(),
                        ..RequestSpec::default()
                    };
                    if let Err(error) = preview_names(data, &spec) {
                        self.refused = Some(error.to_string());
                        return Action::None;
                    }
                }
                return Action::Open(flow, usages, self.selected_thumbprint());
            }
            Message::View => {
                if let Some(thumbprint) = self.selected_thumbprint() {
                    self.details = Some(Details::load(data, &thumbprint));
                }
            }
            Message::CloseDetails => self.details = None,
        }
        Action::None
    }

    /// The page.
    pub fn view(&self) -> Element<'_, Message> {
        if let Some(details) = &self.details {
            return details_page(details)
                .push(button(text(fl!("nav-back"))).on_press(Message::CloseDetails))
                .into();
        }
        let body: Element<'_, Message> = match &self.usages {
            Err(error) => row![
                icon(Icon::Cross, theme::ICON),
                text(error).style(theme::danger_text)
            ]
            .spacing(theme::SMALL_GAP)
            .into(),
            Ok(usages) => {
                let mut rows = Column::new().spacing(theme::SMALL_GAP);
                rows = rows.push(
                    row![
                        text("").width(Length::Fixed(theme::ICON)),
                        text(fl!("cw-column-usage")).width(Length::Fixed(250.0)),
                        text(fl!("cw-column-status")).width(Length::Fixed(120.0)),
                        text(fl!("cw-column-friendly-name")).width(Length::Fill),
                        text(fl!("cw-column-expires")).width(Length::Fixed(100.0)),
                        text(fl!("cw-column-scope")).width(Length::Fixed(70.0)),
                    ]
                    .spacing(theme::SMALL_GAP),
                );
                for usage in usages {
                    rows = rows.push(self.usage_row(usage));
                }
                scrollable(rows)
                    .spacing(theme::SMALL_GAP)
                    .height(Length::Fill)
                    .into()
            }
        };
        let selection = !self.selected.is_empty();
        let has_certificate = self.selected_thumbprint().is_some();
        let buttons = row![
            button(text(fl!("cw-request")))
                .style(button::primary)
                .on_press_maybe(selection.then_some(Message::Open(Flow::Request))),
            button(text(fl!("cw-assign")))
                .on_press_maybe(selection.then_some(Message::Open(Flow::Assign))),
            button(text(fl!("cw-remove")))
                .on_press_maybe(has_certificate.then_some(Message::Open(Flow::Remove))),
            button(text(fl!("cw-renew")))
                .on_press_maybe(has_certificate.then_some(Message::Open(Flow::Renew))),
            button(text(fl!("cw-view"))).on_press_maybe(has_certificate.then_some(Message::View)),
            button(text(fl!("cw-import"))).on_press(Message::Open(Flow::Import)),
            button(text(fl!("cw-export"))).on_press(Message::Open(Flow::Export)),
            button(text(fl!("cw-process-pending")))
                .on_press_maybe((self.pending > 0).then_some(Message::Open(Flow::Pending))),
            button(text(fl!("gui-refresh"))).on_press(Message::Refresh),
        ]
        .spacing(theme::SMALL_GAP)
        .wrap();
        let mut page = column![
            text(fl!("certificates-intro")).style(theme::muted_text),
            body,
        ]
        .spacing(theme::GAP);
        if let Some(refused) = &self.refused {
            page = page.push(problem(refused.clone()));
        }
        if self.pending > 0 {
            page = page.push(
                text(fl!("cw-pending-count", count = self.pending as u64))
                    .style(theme::warning_text),
            );
        }
        page.push(buttons).into()
    }

    fn usage_row<'a>(&'a self, usage: &'a UsageStatus) -> Element<'a, Message> {
        let (mark, label) = match usage.state {
            // A failed renewal is red until a renewal succeeds, whatever the certificate in
            // use still is.
            _ if usage.renewal_failed.is_some() => (Icon::Cross, fl!("usage-renewal-failed")),
            UsageState::Valid => (Icon::Check, fl!("usage-valid")),
            UsageState::Expiring => (Icon::Warning, fl!("usage-expiring")),
            UsageState::Invalid => (Icon::Cross, fl!("usage-invalid")),
            UsageState::Missing => (Icon::Cross, fl!("usage-missing")),
        };
        let expiry = usage
            .not_after
            .and_then(|t| {
                t.format(time::macros::format_description!("[year]-[month]-[day]"))
                    .ok()
            })
            .unwrap_or_default();
        let scope = if usage.scope == "global" {
            fl!("scope-global")
        } else {
            fl!("scope-local")
        };
        let which = usage.usage;
        let mut entry = column![
            row![
                icon(mark, theme::ICON),
                container(
                    checkbox(self.selected.contains(&which))
                        .label(which.as_str())
                        .on_toggle(move |on| Message::Select(which, on))
                )
                .width(Length::Fixed(250.0)),
                text(label).width(Length::Fixed(120.0)),
                text(usage.friendly_name.clone().unwrap_or_default())
                    .wrapping(text::Wrapping::WordOrGlyph)
                    .width(Length::Fill),
                text(expiry).width(Length::Fixed(100.0)),
                text(scope).width(Length::Fixed(70.0)),
            ]
            .spacing(theme::SMALL_GAP)
            .align_y(iced::Center)
        ]
        .spacing(2);
        let date = |t: time::OffsetDateTime| {
            t.format(time::macros::format_description!("[year]-[month]-[day]"))
                .unwrap_or_default()
        };
        // A failed renewal: what failed (its own line, the same words each time), the details
        // it gave (the CA's or the service's), and until when the certificate in use serves.
        let failed = match &usage.renewal_failed_why {
            Some(why) => Some((
                crate::wording::reason(&crate::log::Reason {
                    parts: Vec::new(),
                    ..why.clone()
                })
                .trim_end_matches([':', ' ', '\u{a0}'])
                .to_string(),
                why.parts
                    .iter()
                    .map(crate::wording::reason)
                    .collect::<Vec<_>>()
                    .join("\n"),
            )),
            None => usage.renewal_failed.clone().map(|r| (r, String::new())),
        };
        if let Some((reason, detail)) = failed {
            let mut lines = column![problem(fl!("cw-renewal-failed", reason = reason))].spacing(2);
            if !detail.is_empty() {
                lines = lines.push(text(detail).size(theme::SMALL).style(theme::danger_text));
            }
            lines = lines.push(
                text(fl!(
                    "cw-renewal-expires",
                    date = usage.not_after.map(date).unwrap_or_default()
                ))
                .size(theme::SMALL),
            );
            entry = entry.push(
                container(lines).padding(iced::Padding::ZERO.left(theme::ICON + theme::SMALL_GAP)),
            );
        } else if let Some(on) = usage.renews_on {
            entry = entry.push(
                container(
                    text(fl!("cw-renews-on", date = date(on)))
                        .size(theme::SMALL)
                        .style(theme::muted_text),
                )
                .padding(iced::Padding::ZERO.left(theme::ICON + theme::SMALL_GAP)),
            );
        }
        for failure in &usage.failures {
            entry = entry.push(
                container(problem(check_failure(failure)))
                    .padding(iced::Padding::ZERO.left(theme::ICON + theme::SMALL_GAP)),
            );
        }
        if let Some(pending) = &usage.pending {
            let when = pending
                .effective
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default();
            entry = entry.push(
                container(
                    row![
                        text(fl!("cw-roll-pending"))
                            .size(theme::SMALL)
                            .style(theme::warning_text),
                        text(format!("{} → {when}", pending.thumbprint))
                            .size(theme::SMALL)
                            .style(theme::muted_text),
                    ]
                    .spacing(6),
                )
                .padding(iced::Padding::ZERO.left(theme::ICON + theme::SMALL_GAP)),
            );
        }
        entry.into()
    }
}
