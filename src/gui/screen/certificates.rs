//! The Certificate Wizard's main page: one row per usage this server needs, with its status
//! icon (green check = assigned and valid, warning = expires within 30 days, red = invalid or
//! missing), friendly name, expiry and scope.

use iced::widget::{Column, button, column, row, scrollable, text};
use iced::{Element, Font, Length};

use crate::cert::actions::{UsageState, UsageStatus, usage_statuses};
use crate::data_dir::DataDir;
use crate::fl;
use crate::gui::theme;
use crate::gui::widget::status_icon::{Icon, icon};

/// The page's state.
pub struct State {
    usages: Result<Vec<UsageStatus>, String>,
}

/// What the page sends.
#[derive(Debug, Clone)]
pub enum Message {
    /// Read the usages again.
    Refresh,
}

impl State {
    /// Reads every usage's state from the core.
    pub fn load(data: &DataDir) -> Self {
        State {
            usages: usage_statuses(data).map_err(|e| e.to_string()),
        }
    }

    /// Handles a message.
    pub fn update(&mut self, message: Message, data: &DataDir) {
        match message {
            Message::Refresh => *self = Self::load(data),
        }
    }

    /// The page.
    pub fn view(&self) -> Element<'_, Message> {
        let body: Element<'_, Message> = match &self.usages {
            Err(error) => row![
                icon(Icon::Cross, theme::ICON),
                text(error).style(theme::danger_text)
            ]
            .spacing(theme::SMALL_GAP)
            .into(),
            Ok(usages) => {
                let mut rows = Column::new().spacing(theme::SMALL_GAP);
                for usage in usages {
                    let (mark, label) = match usage.state {
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
                    rows = rows.push(
                        row![
                            icon(mark, theme::ICON),
                            text(usage.usage.as_str())
                                .font(Font::MONOSPACE)
                                .width(Length::Fixed(230.0)),
                            text(label).width(Length::Fixed(120.0)),
                            text(usage.friendly_name.clone().unwrap_or_default())
                                .width(Length::Fill),
                            text(expiry).width(Length::Fixed(100.0)),
                            text(scope).width(Length::Fixed(70.0)),
                        ]
                        .spacing(theme::SMALL_GAP)
                        .align_y(iced::Center),
                    );
                }
                scrollable(rows).height(Length::Fill).into()
            }
        };
        column![
            text(fl!("certificates-intro")).style(theme::muted_text),
            body,
            button(text(fl!("gui-refresh"))).on_press(Message::Refresh),
        ]
        .spacing(theme::GAP)
        .into()
    }
}
