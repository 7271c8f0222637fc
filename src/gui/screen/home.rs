//! Home: the entry points and where this server stands.

use iced::widget::{button, column, container, row, text};
use iced::{Element, Length};

use crate::deploy::SystemStatus;
use crate::fl;
use crate::gui::theme;

/// Where Home can go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {
    /// The System page.
    InstallOrUpdate,
    /// The Certificate Wizard (step 3).
    Certificates,
    /// Server-to-server authentication.
    ServerToServer,
    /// The Persistent Chat deployment checklist.
    Checklist,
    /// The log viewer.
    Logs,
    /// Settings.
    Settings,
}

/// The page.
pub fn view(status: &SystemStatus) -> Element<'_, Message> {
    let entry = |label: String, hint: String, message| {
        button(
            column![
                text(label).size(theme::HEADING),
                text(hint).size(theme::SMALL)
            ]
            .spacing(4),
        )
        .width(Length::Fixed(380.0))
        .height(Length::Fixed(116.0))
        .padding(14)
        .on_press(message)
    };
    let replica = super::system::replica_line(status);
    container(
        column![
            text(fl!("home-welcome")).size(theme::HEADING),
            text(replica).style(theme::muted_text),
            row![
                entry(
                    fl!("app-subtitle"),
                    fl!("home-install-hint"),
                    Message::InstallOrUpdate
                ),
                entry(
                    fl!("certificate-wizard"),
                    fl!("home-certificates-hint"),
                    Message::Certificates
                ),
            ]
            .spacing(theme::GAP),
            row![
                entry(
                    fl!("s2s-title"),
                    fl!("home-s2s-hint"),
                    Message::ServerToServer
                ),
                entry(fl!("pc-title"), fl!("home-pc-hint"), Message::Checklist),
            ]
            .spacing(theme::GAP),
            row![
                entry(fl!("logs-title"), fl!("home-logs-hint"), Message::Logs),
                entry(
                    fl!("settings-title"),
                    fl!("home-settings-hint"),
                    Message::Settings
                ),
            ]
            .spacing(theme::GAP),
        ]
        .spacing(theme::GAP)
        .align_x(iced::Center),
    )
    .center_x(Length::Fill)
    .into()
}
