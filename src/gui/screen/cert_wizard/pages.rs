//! The Certificate Wizard's pages and footer.

use iced::widget::{Column, button, column, container, text};
use iced::{Element, Font, Length};

use super::{CertWizard, Message, Page, Text};
use crate::cert::key::{KeySpec, SignatureHash};
use crate::fl;
use crate::gui::theme;
use crate::gui::widget::commands;
use crate::gui::widget::form::{field, labelled, path, problem};
use crate::gui::widget::nav::{self, Nav};

/// How many certificates that pass the Certificate Store page lists.
pub(super) const STORE_PASSING_SHOWN: usize = 200;
/// How many that fail it lists, with their reasons.
pub(super) const STORE_FAILING_SHOWN: usize = 50;

/// The label of a key choice.
pub(super) fn key_label(key: KeySpec) -> &'static str {
    match key {
        KeySpec::Rsa2048 => "RSA 2048",
        KeySpec::Rsa3072 => "RSA 3072",
        KeySpec::Rsa4096 => "RSA 4096",
        KeySpec::P256 => "ECDSA P-256",
        KeySpec::P384 => "ECDSA P-384",
    }
}

pub(super) fn hash_label(hash: SignatureHash) -> &'static str {
    match hash {
        SignatureHash::Sha256 => "SHA-256",
        SignatureHash::Sha384 => "SHA-384",
        SignatureHash::Sha512 => "SHA-512",
    }
}

pub(super) fn or_none(value: &str) -> String {
    if value.trim().is_empty() {
        fl!("plan-none")
    } else {
        value.trim().to_string()
    }
}

pub(super) fn date(t: time::OffsetDateTime) -> String {
    t.format(time::macros::format_description!("[year]-[month]-[day]"))
        .unwrap_or_default()
}

impl CertWizard {
    /// The page body.
    pub fn view(&self, spinner: u8) -> Element<'_, Message> {
        if let Some(details) = &self.details {
            return super::details_page(details).into();
        }
        let page = self.page();
        let body: Element<'_, Message> = match page {
            Page::Mode => self.mode_page(),
            Page::RequestFile => column![
                text(fl!("cw-request-file-intro")),
                labelled(
                    fl!("cw-request-file-label"),
                    path(
                        Text::RequestFile.id(),
                        "",
                        &self.request_file,
                        |v| Message::Edit(Text::RequestFile, v),
                        Message::Next,
                        Message::Browse(Text::RequestFile),
                    )
                ),
            ]
            .spacing(theme::GAP)
            .into(),
            Page::ChooseCa => self.ca_page(),
            Page::CaAccount => self.account_page(),
            Page::Template => column![
                text(fl!("cw-template-intro")),
                labelled(
                    fl!("cw-template-label"),
                    field(
                        Text::Template.id(),
                        "WebServer",
                        &self.template,
                        |v| Message::Edit(Text::Template, v),
                        Message::Next
                    )
                ),
            ]
            .spacing(theme::GAP)
            .into(),
            Page::NameSecurity => self.name_page(),
            Page::Organization => column![
                text(fl!("cw-org-intro")),
                labelled(
                    fl!("cw-org-label"),
                    field(
                        Text::Org.id(),
                        "",
                        &self.org,
                        |v| Message::Edit(Text::Org, v),
                        Message::FocusNext
                    )
                ),
                labelled(
                    fl!("cw-ou-label"),
                    field(
                        Text::Ou.id(),
                        "",
                        &self.ou,
                        |v| Message::Edit(Text::Ou, v),
                        Message::Next
                    )
                ),
            ]
            .spacing(theme::GAP)
            .into(),
            Page::Geographical => column![
                text(fl!("cw-geo-intro")),
                labelled(
                    fl!("cw-country-label"),
                    field(
                        Text::Country.id(),
                        "FR",
                        &self.country,
                        |v| Message::Edit(Text::Country, v),
                        Message::FocusNext
                    )
                    .width(Length::Fixed(120.0))
                ),
                labelled(
                    fl!("cw-state-label"),
                    field(
                        Text::State.id(),
                        "",
                        &self.state,
                        |v| Message::Edit(Text::State, v),
                        Message::FocusNext
                    )
                ),
                labelled(
                    fl!("cw-city-label"),
                    field(
                        Text::City.id(),
                        "",
                        &self.city,
                        |v| Message::Edit(Text::City, v),
                        Message::Next
                    )
                ),
            ]
            .spacing(theme::GAP)
            .into(),
            Page::SubjectNames => self.names_page(),
            Page::SipDomains => self.sip_page(),
            Page::AdditionalSans => self.sans_page(),
            Page::Summary => self.summary_page(),
            Page::Executing | Page::AssignExecuting => {
                let run = if page == Page::Executing {
                    &self.run
                } else {
                    &self.assign_run
                };
                match run {
                    Some(run) => commands::view(
                        run,
                        &self.runs,
                        self.selected_log.as_ref(),
                        spinner,
                        Message::Commands,
                    ),
                    None => text(fl!("task-status-running")).into(),
                }
            }
            Page::RequestStatus => self.status_page(),
            Page::AssignUsages => self.assign_usages_page(),
            Page::AssignStore => self.store_page(),
            Page::AssignSummary => self.assign_summary_page(),
            Page::ImportFile => self.import_page(),
            Page::ExportFile => self.export_page(),
            Page::PendingPick => self.pending_page(),
            Page::RemoveConfirm | Page::RenewConfirm => {
                let mut list = Column::new().spacing(6);
                for usage in &self.usages {
                    list = list.push(text(usage.as_str()).font(Font::MONOSPACE));
                }
                let intro = if page == Page::RenewConfirm {
                    fl!("cw-renew-intro")
                } else {
                    fl!("cw-remove-intro")
                };
                column![text(intro), list].spacing(theme::GAP).into()
            }
        };
        let mut page_column = column![
            text(page.title()).size(theme::HEADING),
            container(body).height(Length::Fill)
        ]
        .spacing(theme::GAP);
        if self.no_dialog {
            page_column = page_column.push(crate::gui::screen::no_dialog_note());
        }
        // A form page's problems show once something was typed or chosen on it; the context's
        // and the store's are shown at once.
        let form_page = matches!(
            page,
            Page::RequestFile
                | Page::ChooseCa
                | Page::CaAccount
                | Page::Template
                | Page::NameSecurity
                | Page::Organization
                | Page::Geographical
                | Page::ImportFile
                | Page::ExportFile
                | Page::PendingPick
                | Page::AssignSummary
        );
        let context_error = self.context.is_err() && page != Page::ImportFile;
        if !matches!(page, Page::Executing | Page::AssignExecuting)
            && (self.touched || !form_page || context_error)
            && let Some(message) = self.problem()
        {
            page_column = page_column.push(problem(message));
        }
        page_column.into()
    }

    /// The footer's buttons.
    pub fn footer(&self) -> Element<'_, Message> {
        if self.details.is_some() {
            return button(text(fl!("nav-close")))
                .on_press(Message::CloseDetails)
                .into();
        }
        let page = self.page();
        let executing = matches!(page, Page::Executing | Page::AssignExecuting);
        nav::footer(Nav {
            back: self.can_go_back().then_some(Message::Back),
            next: self
                .has_next()
                .then(|| self.can_continue().then_some(Message::Next)),
            run_again: (executing && self.page_run_failed(page)).then_some(Message::RunAgain),
            finish: (!self.has_next()).then(|| self.can_finish().then_some(Message::Finish)),
            cancel: (!self.can_finish()).then_some(Message::Cancel),
        })
    }
}

impl Page {
    /// The page's title.
    pub fn title(self) -> String {
        match self {
            Page::Mode => fl!("cw-mode-title"),
            Page::RequestFile => fl!("cw-request-file-title"),
            Page::ChooseCa => fl!("cw-ca-title"),
            Page::CaAccount => fl!("cw-account-title"),
            Page::Template => fl!("cw-template-title"),
            Page::NameSecurity => fl!("cw-name-title"),
            Page::Organization => fl!("cw-org-title"),
            Page::Geographical => fl!("cw-geo-title"),
            Page::SubjectNames => fl!("cw-subject-title"),
            Page::SipDomains => fl!("cw-sip-title"),
            Page::AdditionalSans => fl!("cw-sans-title"),
            Page::Summary => fl!("cw-summary-title"),
            Page::Executing | Page::AssignExecuting => fl!("executing-commands"),
            Page::RequestStatus => fl!("cw-status-title"),
            Page::AssignUsages => fl!("cw-assign-title"),
            Page::AssignStore => fl!("cw-store-title"),
            Page::AssignSummary => fl!("cw-assign-summary-title"),
            Page::ImportFile => fl!("cw-import-title"),
            Page::ExportFile => fl!("cw-export-title"),
            Page::PendingPick => fl!("cw-pending-title"),
            Page::RemoveConfirm => fl!("cw-remove-title"),
            Page::RenewConfirm => fl!("cw-renew-title"),
        }
    }
}
