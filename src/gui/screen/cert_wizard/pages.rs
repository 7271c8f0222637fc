//! The Certificate Wizard's pages and footer.

use iced::widget::{Column, button, checkbox, column, container, row, scrollable, text};
use iced::{Element, Font, Length};

use super::{CaPick, CertWizard, Flag, Message, Page, Text};
use crate::cert::key::{KeySpec, SignatureHash};
use crate::cert::query::Candidate;
use crate::fl;
use crate::gui::theme;
use crate::gui::widget::commands;
use crate::gui::widget::form::{check_failure, choice, field, labelled, path, problem, secret};
use crate::gui::widget::nav::{self, Nav};
use crate::gui::widget::status_icon::{Icon, icon};

/// How many certificates that pass the Certificate Store page lists.
const STORE_PASSING_SHOWN: usize = 200;
/// How many that fail it lists, with their reasons.
const STORE_FAILING_SHOWN: usize = 50;

/// The label of a key choice.
fn key_label(key: KeySpec) -> &'static str {
    match key {
        KeySpec::Rsa2048 => "RSA 2048",
        KeySpec::Rsa3072 => "RSA 3072",
        KeySpec::Rsa4096 => "RSA 4096",
        KeySpec::P256 => "ECDSA P-256",
        KeySpec::P384 => "ECDSA P-384",
    }
}

fn hash_label(hash: SignatureHash) -> &'static str {
    match hash {
        SignatureHash::Sha256 => "SHA-256",
        SignatureHash::Sha384 => "SHA-384",
        SignatureHash::Sha512 => "SHA-512",
    }
}

fn or_none(value: &str) -> String {
    if value.trim().is_empty() {
        fl!("plan-none")
    } else {
        value.trim().to_string()
    }
}

fn date(t: time::OffsetDateTime) -> String {
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
            Page::RemoveConfirm => {
                let mut list = Column::new().spacing(6);
                for usage in &self.usages {
                    list = list.push(text(usage.as_str()).font(Font::MONOSPACE));
                }
                column![text(fl!("cw-remove-intro")), list]
                    .spacing(theme::GAP)
                    .into()
            }
        };
        let mut page_column = column![
            text(page.title()).size(theme::HEADING),
            container(body).height(Length::Fill)
        ]
        .spacing(theme::GAP);
        if !matches!(page, Page::Executing | Page::AssignExecuting)
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

    fn mode_page(&self) -> Element<'_, Message> {
        column![
            text(fl!("cw-mode-intro")),
            choice(
                fl!("cw-mode-immediate"),
                Some(fl!("cw-mode-immediate-detail")),
                !self.delayed,
                Some(Message::Delayed(false)),
            ),
            choice(
                fl!("cw-mode-delayed"),
                Some(fl!("cw-mode-delayed-detail")),
                self.delayed,
                Some(Message::Delayed(true)),
            ),
            text(fl!(
                "cw-request-for",
                usages = crate::cert::usage::join(&self.usages, ", ")
            ))
            .style(theme::muted_text),
        ]
        .spacing(theme::SMALL_GAP)
        .into()
    }

    fn ca_page(&self) -> Element<'_, Message> {
        let mut page = column![text(fl!("cw-ca-detected"))].spacing(theme::SMALL_GAP);
        match &self.context {
            Ok(context) if !context.cas.is_empty() => {
                for (i, ca) in context.cas.iter().enumerate() {
                    let detail = if ca.can_issue {
                        fl!(
                            "cw-ca-lab-detail",
                            root = ca.root.subject.clone(),
                            days = ca.validity_days
                        )
                    } else {
                        fl!("cw-ca-cannot-issue", name = ca.name.clone())
                    };
                    page = page.push(choice(
                        ca.name.clone(),
                        Some(detail),
                        self.ca == Some(CaPick::Detected(i)),
                        Some(Message::Ca(CaPick::Detected(i))),
                    ));
                }
            }
            _ => {
                page = page.push(text(fl!("cw-ca-none-detected")).style(theme::muted_text));
            }
        }
        page = page.push(choice(
            fl!("cw-ca-other"),
            Some(fl!("cw-ca-other-detail")),
            self.ca == Some(CaPick::Other),
            Some(Message::Ca(CaPick::Other)),
        ));
        if self.ca == Some(CaPick::Other) {
            page = page.push(
                column![
                    labelled(
                        fl!("cw-acme-url-label"),
                        field(
                            Text::AcmeUrl.id(),
                            "https://ca.example.com/directory",
                            &self.acme_url,
                            |v| Message::Edit(Text::AcmeUrl, v),
                            Message::FocusNext
                        )
                    ),
                    labelled(
                        fl!("cw-acme-root-label"),
                        path(
                            Text::AcmeRoot.id(),
                            "",
                            &self.acme_root,
                            |v| Message::Edit(Text::AcmeRoot, v),
                            Message::FocusNext,
                            Message::Browse(Text::AcmeRoot),
                        )
                    ),
                    labelled(
                        fl!("cw-http01-label"),
                        field(
                            Text::Http01.id(),
                            "0.0.0.0:80",
                            &self.http01,
                            |v| Message::Edit(Text::Http01, v),
                            Message::Next
                        )
                    ),
                ]
                .spacing(theme::SMALL_GAP)
                .padding(iced::Padding::ZERO.left(24.0)),
            );
        }
        scrollable(page).height(Length::Fill).into()
    }

    fn account_page(&self) -> Element<'_, Message> {
        let acme = self.ca == Some(CaPick::Other);
        let mut page = column![text(if acme {
            fl!("cw-account-intro")
        } else {
            fl!("cw-account-lab")
        })]
        .spacing(theme::GAP);
        if acme {
            page = page
                .push(labelled(
                    fl!("cw-eab-kid-label"),
                    field(
                        Text::EabKid.id(),
                        "",
                        &self.eab_kid,
                        |v| Message::Edit(Text::EabKid, v),
                        Message::FocusNext,
                    ),
                ))
                .push(labelled(
                    fl!("cw-eab-hmac-label"),
                    secret(
                        Text::EabHmac.id(),
                        "",
                        &self.eab_hmac,
                        |v| Message::Edit(Text::EabHmac, v),
                        Message::Next,
                    ),
                ));
        }
        page.into()
    }

    fn name_page(&self) -> Element<'_, Message> {
        let mut keys = Column::new().spacing(4).max_width(420);
        for key in KeySpec::ALL {
            keys = keys.push(choice(
                key_label(key),
                None,
                self.key == key,
                Some(Message::Key(key)),
            ));
        }
        let mut hashes = row![].spacing(theme::SMALL_GAP);
        for hash in [
            SignatureHash::Sha256,
            SignatureHash::Sha384,
            SignatureHash::Sha512,
        ] {
            hashes = hashes.push(
                container(choice(
                    hash_label(hash),
                    None,
                    self.hash == hash,
                    Some(Message::Hash(hash)),
                ))
                .width(Length::Fixed(140.0)),
            );
        }
        scrollable(
            column![
                labelled(
                    fl!("cw-friendly-name-label"),
                    field(
                        Text::FriendlyName.id(),
                        &fl!("cw-friendly-name-placeholder"),
                        &self.friendly_name,
                        |v| Message::Edit(Text::FriendlyName, v),
                        Message::Next
                    )
                ),
                labelled(fl!("cw-key-label"), keys),
                labelled(fl!("cw-hash-label"), hashes),
                checkbox(self.exportable)
                    .label(fl!("cw-exportable"))
                    .on_toggle(|on| Message::Toggle(Flag::Exportable, on)),
            ]
            .spacing(theme::GAP),
        )
        .height(Length::Fill)
        .into()
    }

    fn names_list(&self) -> Element<'_, Message> {
        match &self.names {
            Some(Ok(names)) => {
                let mut list = Column::new().spacing(4);
                for name in &names.sans {
                    list = list.push(text(name).font(Font::MONOSPACE).size(theme::SMALL));
                }
                column![
                    row![
                        text(fl!("cw-subject-name")).style(theme::muted_text),
                        text(&names.subject).font(Font::MONOSPACE)
                    ]
                    .spacing(theme::SMALL_GAP),
                    text(fl!("cw-sans-label")).style(theme::muted_text),
                    list,
                ]
                .spacing(theme::SMALL_GAP)
                .into()
            }
            _ => column![].into(),
        }
    }

    fn names_page(&self) -> Element<'_, Message> {
        scrollable(
            column![
                text(fl!("cw-subject-intro")).style(theme::muted_text),
                self.names_list()
            ]
            .spacing(theme::GAP),
        )
        .height(Length::Fill)
        .into()
    }

    fn sip_page(&self) -> Element<'_, Message> {
        let mut page = column![text(fl!("cw-sip-intro"))].spacing(theme::SMALL_GAP);
        if let Ok(context) = &self.context {
            for domain in &context.sip_domains {
                let label = if *domain == context.default_domain {
                    fl!("cw-sip-default", domain = domain.clone())
                } else {
                    domain.clone()
                };
                let domain = domain.clone();
                page = page.push(
                    checkbox(self.sip_domains.contains(&domain))
                        .label(label)
                        .on_toggle(move |on| Message::SipDomain(domain.clone(), on)),
                );
            }
        }
        page.into()
    }

    fn sans_page(&self) -> Element<'_, Message> {
        let san_problem = self.san_problem();
        let can_add = !self.san.trim().is_empty() && san_problem.is_none();
        let mut list = Column::new().spacing(4);
        for (i, name) in self.sans.iter().enumerate() {
            list = list.push(
                row![
                    text(name).font(Font::MONOSPACE).width(Length::Fill),
                    button(text(fl!("cw-remove")).size(theme::SMALL))
                        .style(button::text)
                        .on_press(Message::RemoveSan(i)),
                ]
                .align_y(iced::Center),
            );
        }
        if self.sans.is_empty() {
            list = list.push(text(fl!("cw-sans-none")).style(theme::muted_text));
        }
        let mut page = column![
            text(fl!("cw-sans-intro")),
            row![
                field(
                    Text::San.id(),
                    "www.contoso.com",
                    &self.san,
                    |v| Message::Edit(Text::San, v),
                    Message::AddSan
                ),
                button(text(fl!("cw-add"))).on_press_maybe(can_add.then_some(Message::AddSan)),
                button(text(fl!("cw-clear-all")))
                    .on_press_maybe((!self.sans.is_empty()).then_some(Message::ClearSans)),
            ]
            .spacing(theme::SMALL_GAP),
        ]
        .spacing(theme::SMALL_GAP);
        if let Some(p) = san_problem {
            page = page.push(problem(p));
        }
        page.push(scrollable(list).height(Length::Fill)).into()
    }

    fn summary_page(&self) -> Element<'_, Message> {
        let section = |page: Page, lines: Vec<String>| -> Element<'_, Message> {
            let mut body = Column::new().spacing(2);
            for line in lines {
                body = body.push(text(line).size(theme::SMALL));
            }
            row![
                button(text(page.title()).size(theme::SMALL))
                    .style(button::text)
                    .width(Length::Fixed(300.0))
                    .on_press(Message::Change(page)),
                body.width(Length::Fill),
            ]
            .spacing(theme::SMALL_GAP)
            .into()
        };
        let yes_no = |b: bool| if b { fl!("cw-yes") } else { fl!("cw-no") };
        let mut page = column![text(fl!("cw-summary-intro")).style(theme::muted_text)]
            .spacing(theme::SMALL_GAP);
        page = page.push(section(
            Page::Mode,
            vec![if self.delayed {
                fl!("cw-mode-delayed")
            } else {
                fl!("cw-mode-immediate")
            }],
        ));
        if self.delayed {
            page = page.push(section(Page::RequestFile, vec![self.request_file.clone()]));
        } else {
            let ca = match (self.ca, &self.context) {
                (Some(CaPick::Detected(i)), Ok(c)) => {
                    c.cas.get(i).map(|ca| ca.name.clone()).unwrap_or_default()
                }
                (Some(CaPick::Other), _) => self.acme_url.trim().to_string(),
                _ => fl!("plan-none"),
            };
            page = page.push(section(Page::ChooseCa, vec![ca]));
            page = page.push(section(
                Page::CaAccount,
                vec![if self.eab_kid.trim().is_empty() {
                    fl!("plan-none")
                } else {
                    fl!("cw-eab-summary", kid = self.eab_kid.trim().to_string())
                }],
            ));
        }
        page = page.push(section(Page::Template, vec![or_none(&self.template)]));
        page = page.push(section(
            Page::NameSecurity,
            vec![
                fl!(
                    "cw-summary-friendly-name",
                    name = if self.friendly_name.trim().is_empty() {
                        fl!("cw-friendly-name-placeholder")
                    } else {
                        self.friendly_name.trim().to_string()
                    }
                ),
                fl!(
                    "cw-summary-key",
                    key = key_label(self.key),
                    hash = hash_label(self.hash)
                ),
                fl!("cw-summary-exportable", value = yes_no(self.exportable)),
            ],
        ));
        page = page.push(section(
            Page::Organization,
            vec![format!("{} / {}", or_none(&self.org), or_none(&self.ou))],
        ));
        page = page.push(section(
            Page::Geographical,
            vec![format!(
                "{} / {} / {}",
                or_none(&self.country.to_ascii_uppercase()),
                or_none(&self.state),
                or_none(&self.city)
            )],
        ));
        let names = match &self.names {
            Some(Ok(names)) => vec![
                fl!("cw-summary-subject", subject = names.subject.clone()),
                names.sans.join(", "),
            ],
            Some(Err(e)) => vec![e.clone()],
            None => Vec::new(),
        };
        page = page.push(section(Page::SubjectNames, names));
        page = page.push(section(Page::SipDomains, vec![self.sip_domains.join(", ")]));
        page = page.push(section(
            Page::AdditionalSans,
            vec![if self.sans.is_empty() {
                fl!("plan-none")
            } else {
                self.sans.join(", ")
            }],
        ));
        scrollable(page).height(Length::Fill).into()
    }

    fn status_page(&self) -> Element<'_, Message> {
        let notice = self
            .run
            .as_ref()
            .and_then(|r| r.ended.as_ref())
            .and_then(|e| e.notice.clone())
            .unwrap_or_default();
        match &self.issued {
            Some(cert) => column![
                row![
                    icon(Icon::Check, theme::ICON),
                    text(fl!("cw-status-issued"))
                        .size(theme::HEADING)
                        .style(theme::success_text)
                ]
                .spacing(theme::SMALL_GAP)
                .align_y(iced::Center),
                text(fl!(
                    "cw-status-certificate",
                    name = cert.meta.friendly_name.clone(),
                    date = date(cert.info.not_after)
                )),
                row![
                    text(fl!("cw-detail-thumbprint")).style(theme::muted_text),
                    text(&cert.thumbprint).font(Font::MONOSPACE)
                ]
                .spacing(theme::SMALL_GAP),
                button(text(fl!("cw-details-title")))
                    .on_press(Message::ViewDetails(cert.thumbprint.clone())),
                checkbox(self.assign_after)
                    .label(fl!("cw-assign-after"))
                    .on_toggle(|on| Message::Toggle(Flag::AssignAfter, on)),
            ]
            .spacing(theme::GAP)
            .into(),
            None => column![
                row![
                    icon(Icon::Check, theme::ICON),
                    text(fl!("cw-status-written"))
                        .size(theme::HEADING)
                        .style(theme::success_text)
                ]
                .spacing(theme::SMALL_GAP)
                .align_y(iced::Center),
                text(notice),
                text(fl!("cw-status-written-next")).style(theme::muted_text),
            ]
            .spacing(theme::GAP)
            .into(),
        }
    }

    fn assign_usages_page(&self) -> Element<'_, Message> {
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

    fn store_page(&self) -> Element<'_, Message> {
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
                                container(problem(format!("{usage}: {}", check_failure(failure))))
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
            scrollable(list).height(Length::Fill)
        ]
        .spacing(theme::GAP)
        .into()
    }

    fn assign_summary_page(&self) -> Element<'_, Message> {
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

    fn import_page(&self) -> Element<'_, Message> {
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

    fn export_page(&self) -> Element<'_, Message> {
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
            scrollable(list).height(Length::Fill),
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

    fn pending_page(&self) -> Element<'_, Message> {
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
            scrollable(list).height(Length::Fill),
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
