//! The Persistent Chat deployment checklist: the five tasks with the roles and group
//! memberships each needs, and each task's live status computed by the core from the replica
//! and this server's step states (what the wizard cannot see is said so, never shown as done).

use iced::widget::{Column, button, column, container, row, scrollable, text};
use iced::{Element, Length};

use crate::data_dir::DataDir;
use crate::deploy::persistent_chat::{Task, TaskState, checklist};
use crate::fl;
use crate::gui::theme;
use crate::gui::widget::form::problem;
use crate::gui::widget::status_icon::{Icon, icon};
use crate::wording::{checklist_reason, checklist_roles, checklist_state, checklist_title};

/// The page's state.
pub struct State {
    /// `None` while the core computes them (it asks the CMS: off the window's thread).
    tasks: Option<Result<Vec<Task>, String>>,
}

/// What the page sends.
#[derive(Debug, Clone)]
pub enum Message {
    /// Compute the statuses again.
    Refresh,
    /// The statuses came back.
    Loaded(Result<Vec<Task>, String>),
}

impl State {
    /// Opens the page; every task's status is computed off the window's thread.
    pub fn open(data: &DataDir) -> (Self, iced::Task<Message>) {
        (State { tasks: None }, Self::load(data))
    }

    fn load(data: &DataDir) -> iced::Task<Message> {
        let data = data.clone();
        crate::gui::background(move || checklist(&data).map_err(|e| e.to_string()))
            .map(Message::Loaded)
    }

    /// Handles a message.
    pub fn update(&mut self, message: Message, data: &DataDir) -> iced::Task<Message> {
        match message {
            Message::Refresh => {
                self.tasks = None;
                return Self::load(data);
            }
            Message::Loaded(tasks) => self.tasks = Some(tasks),
        }
        iced::Task::none()
    }

    /// The page.
    pub fn view(&self) -> Element<'_, Message> {
        let tasks = match &self.tasks {
            None => return text(fl!("checking")).into(),
            Some(Ok(tasks)) => tasks,
            Some(Err(error)) => return problem(error.clone()),
        };
        let mut list = Column::new().spacing(theme::GAP);
        for (number, task) in tasks.iter().enumerate() {
            let mark = match task.state {
                TaskState::Done => Icon::Check,
                TaskState::Partial => Icon::Warning,
                TaskState::NotDone => Icon::Cross,
            };
            let state = checklist_state(task.state);
            list = list.push(
                row![
                    icon(mark, theme::ICON),
                    column![
                        row![
                            text(format!("{}. {}", number + 1, checklist_title(task.id)))
                                .size(theme::HEADING)
                                .width(Length::Fill),
                            text(state).style(match task.state {
                                TaskState::Done => theme::success_text,
                                TaskState::Partial => theme::warning_text,
                                TaskState::NotDone => theme::danger_text,
                            }),
                        ],
                        text(fl!("pc-roles", roles = checklist_roles(task.id))).size(theme::SMALL),
                        text(checklist_reason(&task.reason))
                            .size(theme::SMALL)
                            .style(theme::muted_text),
                    ]
                    .spacing(4),
                ]
                .spacing(theme::SMALL_GAP),
            );
        }
        column![
            text(fl!("pc-intro")).style(theme::muted_text),
            container(scrollable(list).spacing(theme::SMALL_GAP)).height(Length::Fill),
            button(text(fl!("gui-refresh"))).on_press(Message::Refresh),
        ]
        .spacing(theme::GAP)
        .into()
    }
}
