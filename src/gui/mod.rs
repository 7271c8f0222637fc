//! The desktop GUI. For now one window: the Deployment Wizard's System page with the state of
//! the four steps, read from the core (the GUI issues add the wizard pages).

use iced::widget::{button, column, container, row, text};
use iced::{Element, Length, Task};

use crate::data_dir::DataDir;
use crate::deploy::{SystemStatus, system_status};
use crate::fl;

/// Opens the main window and runs until it is closed.
pub fn run(data: DataDir) -> iced::Result {
    iced::application(move || App::boot(data.clone()), App::update, App::view)
        .title(|_: &App| format!("deploy-wizard — {}", fl!("app-title")))
        .window_size((900.0, 560.0))
        .run()
}

/// The application state.
pub struct App {
    data: DataDir,
    status: SystemStatus,
}

/// What the window can be asked to do.
#[derive(Debug, Clone)]
pub enum Message {
    /// Reread the state of the steps.
    Refresh,
}

impl App {
    fn boot(data: DataDir) -> (Self, Task<Message>) {
        let status = system_status(&data);
        (App { data, status }, Task::none())
    }

    fn update(&mut self, message: Message) {
        match message {
            Message::Refresh => self.status = system_status(&self.data),
        }
    }

    fn view(&self) -> Element<'_, Message> {
        let replica = match &self.status.replica {
            Some(r) => fl!(
                "status-replica",
                revision = r.revision,
                server = r.server.clone()
            ),
            None => fl!("status-no-replica"),
        };
        let steps = self.status.steps.iter().map(|step| {
            row![
                text(step.step.localized_title()).width(Length::Fill),
                text(step.status.localized_label()),
            ]
            .spacing(16)
            .into()
        });
        let content = column![
            text(fl!("app-title")).size(28),
            text(fl!("app-subtitle")).size(18),
            text(replica),
            column(steps).spacing(10),
            text(fl!("gui-run-hint")).size(13),
            button(text(fl!("gui-refresh"))).on_press(Message::Refresh),
        ]
        .spacing(18)
        .padding(24);
        container(content)
            .width(Length::Fill)
            .height(Length::Fill)
            .into()
    }
}
