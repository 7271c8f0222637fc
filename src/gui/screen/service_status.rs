//! Service Status (optional): each service running or not and, for TLS ports, whether the
//! certificate it presents is the one assigned. Probing takes a moment, so it runs off the
//! window's thread.

use iced::widget::{Column, button, column, row, scrollable, text};
use iced::{Element, Font, Length, Task};

use crate::data_dir::DataDir;
use crate::fl;
use crate::gui::theme;
use crate::gui::widget::status_icon::{Icon, icon};
use crate::services::{self, ServiceStatus};

/// The page's state.
#[derive(Default)]
pub struct State {
    services: Option<Result<Vec<ServiceStatus>, String>>,
}

/// What the page sends.
#[derive(Debug, Clone)]
pub enum Message {
    /// Probe again.
    Refresh,
    /// The probe answered.
    Loaded(Result<Vec<ServiceStatus>, String>),
}

impl State {
    /// Probes the services.
    pub fn load(data: &DataDir) -> Task<Message> {
        let data = data.clone();
        crate::gui::background(move || services::status(&data).map_err(|e| e.to_string()))
            .map(Message::Loaded)
    }

    /// Handles a message.
    pub fn update(&mut self, message: Message, data: &DataDir) -> Task<Message> {
        match message {
            Message::Refresh => {
                self.services = None;
                Self::load(data)
            }
            Message::Loaded(result) => {
                self.services = Some(result);
                Task::none()
            }
        }
    }

    /// The page.
    pub fn view(&self) -> Element<'_, Message> {
        let body: Element<'_, Message> = match &self.services {
            None => text(fl!("service-status-probing")).into(),
            Some(Err(error)) => row![icon(Icon::Cross, theme::ICON), text(error)]
                .spacing(theme::SMALL_GAP)
                .into(),
            Some(Ok(list)) if list.is_empty() => text(fl!("service-status-none")).into(),
            Some(Ok(list)) => {
                let mut rows = Column::new().spacing(theme::GAP);
                for service in list {
                    let (mark, state) = if service.running {
                        let running = fl!(
                            "service-running",
                            pid = service.pid.map(u64::from).unwrap_or_default()
                        );
                        let lag = service
                            .replication_lag
                            .map(|bytes| {
                                format!(" · {}", fl!("service-standby-lag", bytes = bytes))
                            })
                            .unwrap_or_default();
                        match service.healthy {
                            Some(true) => (
                                Icon::Check,
                                format!("{running} · {}{lag}", fl!("service-healthy")),
                            ),
                            Some(false) => (
                                Icon::Warning,
                                format!("{running} · {}", fl!("service-unhealthy")),
                            ),
                            None => (Icon::Check, running),
                        }
                    } else if !service.orphans.is_empty() {
                        let pids: Vec<String> =
                            service.orphans.iter().map(u32::to_string).collect();
                        (
                            Icon::Warning,
                            fl!("service-orphans", pids = pids.join(", ")),
                        )
                    } else if let Some(pid) = service.stale_pid {
                        (Icon::Cross, fl!("service-stale", pid = u64::from(pid)))
                    } else {
                        (Icon::Cross, fl!("service-stopped"))
                    };
                    let mut entry = column![
                        row![
                            icon(mark, theme::ICON),
                            text(format!("{} ({})", service.name, service.component))
                                .size(theme::HEADING),
                            text(state).style(theme::muted_text),
                        ]
                        .spacing(theme::SMALL_GAP)
                        .align_y(iced::Center)
                    ]
                    .spacing(6);
                    for port in &service.ports {
                        let (mark, detail) = if port.matches && port.admitted == Some(false) {
                            (Icon::Warning, fl!("port-not-admitted"))
                        } else if port.matches && port.admitted == Some(true) {
                            (Icon::Check, fl!("port-presents-assigned-admitted"))
                        } else if port.matches {
                            (Icon::Check, fl!("port-presents-assigned"))
                        } else if let (false, Some(holder)) = (service.running, &port.listener) {
                            // What actually listens, though the service is down.
                            (
                                Icon::Warning,
                                fl!("port-held-by", holder = holder.to_string()),
                            )
                        } else if !service.running {
                            (Icon::Cross, fl!("service-stopped"))
                        } else if let Some(error) = &port.error {
                            (Icon::Cross, error.clone())
                        } else {
                            (
                                Icon::Warning,
                                fl!(
                                    "port-presents-other",
                                    presented = port.presented.clone().unwrap_or_default(),
                                    assigned = port.assigned.clone().unwrap_or_default()
                                ),
                            )
                        };
                        entry = entry.push(
                            row![
                                icon(mark, 14.0),
                                text(format!("{} · {}", port.port, port.usage.as_str()))
                                    .font(Font::MONOSPACE),
                                text(detail).size(theme::SMALL),
                            ]
                            .spacing(theme::SMALL_GAP)
                            .align_y(iced::Center)
                            .padding(iced::Padding::ZERO.left(theme::ICON + theme::SMALL_GAP)),
                        );
                    }
                    rows = rows.push(entry);
                }
                scrollable(rows)
                    .spacing(theme::SMALL_GAP)
                    .height(Length::Fill)
                    .into()
            }
        };
        column![
            body,
            button(text(fl!("gui-refresh"))).on_press(Message::Refresh)
        ]
        .spacing(theme::GAP)
        .into()
    }
}
