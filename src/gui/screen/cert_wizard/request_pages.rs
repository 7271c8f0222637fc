//! The Request flow's pages.

use iced::widget::{Column, button, checkbox, column, container, row, scrollable, text};
use iced::{Element, Font, Length};

use super::pages::{date, hash_label, key_label, or_none};
use super::*;
use crate::cert::key::{KeySpec, SignatureHash};
use crate::fl;
use crate::gui::theme;
use crate::gui::widget::form::{choice, field, labelled, path, problem, secret};
use crate::gui::widget::status_icon::{Icon, icon};

impl CertWizard {
    pub(super) fn mode_page(&self) -> Element<'_, Message> {
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

    pub(super) fn ca_page(&self) -> Element<'_, Message> {
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
        scrollable(page)
            .spacing(theme::SMALL_GAP)
            .height(Length::Fill)
            .into()
    }

    pub(super) fn account_page(&self) -> Element<'_, Message> {
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

    pub(super) fn name_page(&self) -> Element<'_, Message> {
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
        .spacing(theme::SMALL_GAP)
        .height(Length::Fill)
        .into()
    }

    pub(super) fn names_list(&self) -> Element<'_, Message> {
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

    pub(super) fn names_page(&self) -> Element<'_, Message> {
        scrollable(
            column![
                text(fl!("cw-subject-intro")).style(theme::muted_text),
                self.names_list()
            ]
            .spacing(theme::GAP),
        )
        .spacing(theme::SMALL_GAP)
        .height(Length::Fill)
        .into()
    }

    pub(super) fn sip_page(&self) -> Element<'_, Message> {
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

    pub(super) fn sans_page(&self) -> Element<'_, Message> {
        let san_problem = self.san_problem();
        let can_add = !self.san.trim().is_empty() && san_problem.is_none();
        let mut list = Column::new().spacing(4);
        for (i, name) in self.sans.iter().enumerate() {
            list = list.push(
                row![
                    text(name).font(Font::MONOSPACE).width(Length::Fill),
                    button(text(fl!("cw-remove")).size(theme::SMALL))
                        .style(button::secondary)
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
        page.push(
            scrollable(list)
                .spacing(theme::SMALL_GAP)
                .height(Length::Fill),
        )
        .into()
    }

    pub(super) fn summary_page(&self) -> Element<'_, Message> {
        let section = |page: Page, lines: Vec<String>| -> Element<'_, Message> {
            let mut body = Column::new().spacing(2);
            for line in lines {
                body = body.push(text(line).size(theme::SMALL));
            }
            row![
                // No padding: the page's name sits on the first line of its values.
                button(text(page.title()).size(theme::SMALL))
                    .style(button::text)
                    .padding(0)
                    .width(Length::Fixed(300.0))
                    .on_press(Message::Change(page)),
                body.width(Length::Fill),
            ]
            .spacing(theme::SMALL_GAP)
            .into()
        };
        let yes_no = |b: bool| if b { fl!("cw-yes") } else { fl!("cw-no") };
        let mut page = column![
            text(fl!("cw-summary-intro")).style(theme::muted_text),
            text(fl!(
                "cw-summary-usages",
                usages = crate::cert::usage::join(&self.usages, ", ")
            ))
            .size(theme::BODY),
        ]
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
        scrollable(page)
            .spacing(theme::SMALL_GAP)
            .height(Length::Fill)
            .into()
    }

    pub(super) fn status_page(&self) -> Element<'_, Message> {
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
}
