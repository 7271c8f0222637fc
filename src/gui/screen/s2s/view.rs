//! The server-to-server screen's view: the OAuthTokenIssuer, the autodiscover URL, the partner applications, the forms and the Executing Commands page.

use crate::cert::query::UsageState;
use crate::fl;
use crate::gui::theme;
use crate::gui::widget::commands;
use crate::gui::widget::form::{check_failure, choice, field, labelled, path, problem, secret};
use crate::gui::widget::status_icon::{Icon, icon};
use crate::integration::partners::TrustLevel;
use iced::widget::{Column, button, column, container, row, scrollable, text};
use iced::{Element, Length};

use super::*;

impl State {
    /// The footer's buttons (the parent adds Close on the overview).
    pub fn footer(&self) -> Option<Element<'_, Message>> {
        if let Some(run) = &self.run {
            return Some(commands::finish(run, Message::Done));
        }
        self.form.map(|_| {
            // As in every wizard's footer: the action first, Cancel last.
            row![
                button(text(fl!("s2s-submit")))
                    .style(button::primary)
                    .on_press_maybe(self.form_problem().is_none().then_some(Message::Submit)),
                button(text(fl!("nav-cancel"))).on_press(Message::CloseForm),
            ]
            .spacing(theme::SMALL_GAP)
            .into()
        })
    }

    /// The screen.
    pub fn view(&self, spinner: u8) -> Element<'_, Message> {
        if let Some(run) = &self.run {
            return commands::page(
                &self.run_title,
                run,
                &self.runs,
                self.selected_log.as_ref(),
                spinner,
                Message::Commands,
            );
        }
        if let Some(form) = self.form {
            return self.form_view(form);
        }
        let info = match &self.info {
            Ok(info) => info,
            Err(error) => return problem(error.clone()),
        };
        let heading = |label: String| text(label).size(theme::HEADING);

        // OAuthTokenIssuer.
        let (mark, state) = match info.issuer.as_ref().map(|u| u.state) {
            Some(UsageState::Valid) => (Icon::Check, fl!("usage-valid")),
            Some(UsageState::Expiring) => (Icon::Warning, fl!("usage-expiring")),
            Some(UsageState::Invalid) => (Icon::Cross, fl!("usage-invalid")),
            _ => (Icon::Cross, fl!("usage-missing")),
        };
        let mut issuer = column![
            row![
                // The heading above names the usage; the row says its state.
                icon(mark, theme::ICON),
                text(state),
                text(
                    info.issuer
                        .as_ref()
                        .and_then(|u| u.friendly_name.clone())
                        .unwrap_or_default()
                )
                .style(theme::muted_text),
            ]
            .spacing(theme::SMALL_GAP)
            .align_y(iced::Center),
            text(fl!("s2s-realm", realm = info.realm.clone())).size(theme::SMALL),
        ]
        .spacing(6);
        if let Some(usage) = &info.issuer {
            if let Some(thumbprint) = &usage.thumbprint {
                issuer = issuer.push(
                    text(fl!("s2s-current", thumbprint = thumbprint.clone())).size(theme::SMALL),
                );
            }
            if let Some(previous) = &usage.previous {
                issuer = issuer.push(
                    text(fl!("s2s-previous", thumbprint = previous.clone()))
                        .size(theme::SMALL)
                        .style(theme::muted_text),
                );
            }
            if let Some(pending) = &usage.pending {
                issuer = issuer.push(
                    text(fl!(
                        "s2s-pending-roll",
                        thumbprint = pending.thumbprint.clone(),
                        date = pending
                            .effective
                            .format(&time::format_description::well_known::Rfc3339)
                            .unwrap_or_default()
                    ))
                    .size(theme::SMALL)
                    .style(theme::warning_text),
                );
            }
            for failure in &usage.failures {
                issuer = issuer.push(problem(check_failure(failure)));
            }
        }
        issuer = issuer.push(
            row![
                button(text(fl!("s2s-use-default"))).on_press_maybe(
                    info.default_thumbprint
                        .as_ref()
                        .map(|_| Message::UseDefault)
                ),
                button(text(fl!("s2s-import-pfx"))).on_press(Message::Open(Form::ImportPfx)),
                button(text(fl!("s2s-roll"))).on_press(Message::Open(Form::Roll)),
            ]
            .spacing(theme::SMALL_GAP),
        );

        // Autodiscover URL.
        let url_problem = autodiscover_problem(&self.autodiscover);
        let changed = self.autodiscover.trim() != info.autodiscover.as_deref().unwrap_or("");
        let mut autodiscover = column![
            row![
                field(
                    Field::Autodiscover.id(),
                    "https://mail.contoso.com/autodiscover/autodiscover.svc",
                    &self.autodiscover,
                    |v| Message::Edit(Field::Autodiscover, v),
                    Message::SaveUrl
                ),
                button(text(fl!("settings-save"))).on_press_maybe(
                    (changed && !self.autodiscover.trim().is_empty() && url_problem.is_none())
                        .then_some(Message::SaveUrl)
                ),
            ]
            .spacing(theme::SMALL_GAP),
            text(match &info.autodiscover {
                Some(url) => fl!("s2s-url-current", url = url.clone()),
                None => fl!("s2s-url-none"),
            })
            .size(theme::SMALL)
            .style(theme::muted_text),
        ]
        .spacing(6);
        if let Some(p) = url_problem {
            autodiscover = autodiscover.push(problem(p));
        }

        // Partners.
        let mut list = Column::new().spacing(6);
        if info.partners.is_empty() {
            list = list.push(text(fl!("s2s-no-partner")).style(theme::muted_text));
        }
        for partner in &info.partners {
            list = list.push(
                row![
                    column![
                        text(&partner.identity),
                        text(format!(
                            "{} · {} · {}",
                            match partner.trust_level {
                                TrustLevel::Full => fl!("s2s-trust-full"),
                                TrustLevel::Partial => fl!("s2s-trust-partial"),
                            },
                            partner.issuer,
                            partner.metadata_url
                        ))
                        .size(theme::SMALL)
                        .style(theme::muted_text),
                    ]
                    .width(Length::Fill),
                    button(text(fl!("s2s-test")))
                        .on_press(Message::TestPartner(partner.identity.clone())),
                    button(text(fl!("cw-remove")))
                        .style(button::danger)
                        .on_press(Message::RemovePartner(partner.identity.clone())),
                ]
                .spacing(theme::SMALL_GAP)
                .align_y(iced::Center),
            );
        }
        list = list
            .push(button(text(fl!("s2s-add-partner"))).on_press(Message::Open(Form::AddPartner)));
        let own = text(match &info.metadata_url {
            Some(url) => fl!("s2s-own-metadata", url = url.clone()),
            None => fl!("s2s-own-metadata-none"),
        })
        .size(theme::SMALL)
        .style(theme::muted_text);

        scrollable(
            column![
                text(fl!("s2s-intro")).style(theme::muted_text),
                heading("OAuthTokenIssuer".into()),
                issuer,
                heading(fl!("s2s-autodiscover")),
                autodiscover,
                heading(fl!("s2s-partners")),
                list,
                own,
            ]
            .spacing(theme::GAP),
        )
        .spacing(theme::SMALL_GAP)
        .height(Length::Fill)
        .into()
    }

    pub(super) fn form_view(&self, form: Form) -> Element<'_, Message> {
        let body: Element<'_, Message> = match form {
            Form::ImportPfx => column![
                text(fl!("s2s-import-intro")),
                labelled(
                    fl!("cw-import-file-label"),
                    path(
                        Field::Pfx.id(),
                        "",
                        &self.pfx,
                        |v| Message::Edit(Field::Pfx, v),
                        Message::FocusNext,
                        Message::Browse,
                    )
                ),
                labelled(
                    fl!("cw-password-label"),
                    secret(
                        Field::PfxPassword.id(),
                        "",
                        &self.pfx_password,
                        |v| Message::Edit(Field::PfxPassword, v),
                        Message::Submit,
                    )
                ),
            ]
            .push(self.no_dialog.then(crate::gui::screen::no_dialog_note))
            .spacing(theme::GAP)
            .into(),
            Form::Roll => {
                let mut list = Column::new().spacing(4);
                if self.roll_candidates.is_empty() {
                    list = list.push(text(fl!("s2s-roll-none")).style(theme::muted_text));
                }
                for candidate in &self.roll_candidates {
                    let cert = &candidate.cert;
                    list = list.push(choice(
                        cert.meta.friendly_name.clone(),
                        Some(cert.thumbprint.clone()),
                        self.roll_to.as_ref() == Some(&cert.thumbprint),
                        Some(Message::ChooseRoll(cert.thumbprint.clone())),
                    ));
                }
                column![
                    text(fl!("s2s-roll-intro")),
                    list,
                    labelled(
                        fl!("cw-effective-label"),
                        field(
                            Field::RollDate.id(),
                            "2026-12-01T08:00",
                            &self.roll_date,
                            |v| Message::Edit(Field::RollDate, v),
                            Message::Submit,
                        )
                    ),
                ]
                .spacing(theme::GAP)
                .into()
            }
            Form::AddPartner => column![
                labelled(
                    fl!("s2s-identity-label"),
                    field(
                        Field::Identity.id(),
                        "Exchange",
                        &self.identity,
                        |v| Message::Edit(Field::Identity, v),
                        Message::FocusNext,
                    )
                ),
                labelled(
                    fl!("s2s-metadata-label"),
                    field(
                        Field::MetadataUrl.id(),
                        "https://mail.contoso.com/autodiscover/metadata/json/1",
                        &self.metadata_url,
                        |v| Message::Edit(Field::MetadataUrl, v),
                        Message::Submit,
                    )
                ),
                labelled(
                    fl!("s2s-trust-label"),
                    row![
                        container(choice(
                            fl!("s2s-trust-full"),
                            None,
                            self.trust == TrustLevel::Full,
                            Some(Message::Trust(TrustLevel::Full)),
                        ))
                        .width(Length::Fixed(200.0)),
                        container(choice(
                            fl!("s2s-trust-partial"),
                            None,
                            self.trust == TrustLevel::Partial,
                            Some(Message::Trust(TrustLevel::Partial)),
                        ))
                        .width(Length::Fixed(200.0)),
                    ]
                    .spacing(theme::SMALL_GAP)
                ),
            ]
            .spacing(theme::GAP)
            .into(),
        };
        let title = match form {
            Form::ImportPfx => fl!("s2s-import-pfx"),
            Form::Roll => fl!("s2s-roll"),
            Form::AddPartner => fl!("s2s-add-partner"),
        };
        let mut page = column![
            text(title).size(theme::HEADING),
            container(body).height(Length::Fill)
        ]
        .spacing(theme::GAP);
        if self.touched
            && let Some(p) = self.form_problem()
        {
            page = page.push(problem(p));
        }
        page.into()
    }
}
