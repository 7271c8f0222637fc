//! Home: the four entry points and where this server stands.

use iced::widget::{button, column, container, text};
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
        .width(Length::Fixed(420.0))
        .padding(14)
        .on_press(message)
    };
    let replica = match &status.replica {
        Some(r) => fl!(
            "status-replica",
            revision = r.revision,
            server = r.server.clone()
        ),
        None => fl!("status-no-replica"),
    };
    container(
        column![
            text(fl!("home-welcome")).size(theme::HEADING),
            text(replica).style(theme::muted_text),
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
            entry(fl!("logs-title"), fl!("home-logs-hint"), Message::Logs),
            entry(
                fl!("settings-title"),
                fl!("home-settings-hint"),
                Message::Settings
            ),
        ]
        .spacing(theme::GAP)
        .align_x(iced::Center),
    )
    .center_x(Length::Fill)
    .into()
}
