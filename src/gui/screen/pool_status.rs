//! Pool Status: every server of this server's pool, whether it answers its clients' health
//! checks (SIP OPTIONS, the web services' health page), and whether the pool is started (a
//! majority of an Enterprise pool of three or more). Start Pool runs `pool start` on the
//! Executing Commands page. The checks cross the network, so they run off the window's thread.

use iced::widget::{Column, button, column, row, scrollable, text};
use iced::{Element, Font, Length, Task};

use crate::data_dir::DataDir;
use crate::deploy::pool::{self, PoolState, PoolStatus};
use crate::fl;
use crate::gui::run::{Ended, RunMessage, RunState};
use crate::gui::theme;
use crate::gui::widget::commands;
use crate::gui::widget::status_icon::{Icon, icon};

/// How long Start Pool waits for a majority.
const START_WAIT: std::time::Duration = std::time::Duration::from_secs(60);

/// The page's state.
pub struct State {
    data: DataDir,
    status: Option<Result<PoolStatus, String>>,
    /// Start Pool, while it runs and once it ended.
    pub run: Option<RunState>,
    runs: Vec<String>,
    selected_log: Option<String>,
}

/// What the page sends.
#[derive(Debug, Clone)]
pub enum Message {
    /// Ask the servers again.
    Refresh,
    /// The checks answered.
    Loaded(Result<PoolStatus, String>),
    /// Start the pool.
    Start,
    /// Start Pool reported.
    Run(RunMessage),
    /// The Executing Commands page's drop-down and View Log.
    Commands(commands::Request),
    /// Back to the pool after Start Pool.
    Done,
}

/// What the parent must do.
pub enum Outcome {
    /// Nothing more.
    None,
    /// Run a task.
    Task(Task<Message>),
    /// Open the log viewer on a run.
    ViewLog(String),
}

impl State {
    /// Opens the page and starts the checks.
    pub fn open(data: &DataDir) -> (Self, Task<Message>) {
        (
            State {
                data: data.clone(),
                status: None,
                run: None,
                runs: Vec::new(),
                selected_log: None,
            },
            Self::load(data),
        )
    }

    fn load(data: &DataDir) -> Task<Message> {
        let data = data.clone();
        crate::gui::background(move || {
            pool::status(&data, None).map_err(|e| crate::wording::explained(&e))
        })
        .map(Message::Loaded)
    }

    /// Whether Start Pool runs.
    pub fn running(&self) -> bool {
        self.run.as_ref().is_some_and(RunState::running)
    }

    /// Handles a message.
    pub fn update(&mut self, message: Message) -> Outcome {
        match message {
            Message::Refresh => {
                self.status = None;
                return Outcome::Task(Self::load(&self.data));
            }
            Message::Loaded(result) => self.status = Some(result),
            Message::Start => {
                let data = self.data.clone();
                let (state, task) =
                    RunState::start(
                        move |sink| match pool::start(&data, None, START_WAIT, sink) {
                            Ok((status, run)) => {
                                Ended::ok(run.id, Some(crate::wording::reason(&status.why())))
                            }
                            Err(error) => Ended::failed(error),
                        },
                    );
                self.run = Some(state);
                return Outcome::Task(task.map(Message::Run));
            }
            Message::Run(message) => {
                if let Some(run) = &mut self.run {
                    commands::follow(run, message, &mut self.runs, &mut self.selected_log);
                }
            }
            Message::Commands(commands::Request::SelectLog(id)) => self.selected_log = Some(id),
            Message::Commands(commands::Request::ViewLog(id)) => return Outcome::ViewLog(id),
            Message::Done => {
                if !self.running() {
                    self.run = None;
                    self.status = None;
                    return Outcome::Task(Self::load(&self.data));
                }
            }
        }
        Outcome::None
    }

    /// The footer's buttons while Start Pool runs or shows its outcome.
    pub fn footer(&self) -> Option<Element<'_, Message>> {
        self.run
            .as_ref()
            .map(|run| commands::finish(run, Message::Done))
    }

    /// The page.
    pub fn view(&self, spinner: u8) -> Element<'_, Message> {
        if let Some(run) = &self.run {
            return commands::page(
                &fl!("pool-start"),
                run,
                &self.runs,
                self.selected_log.as_ref(),
                spinner,
                Message::Commands,
            );
        }
        let status = match &self.status {
            None => return text(fl!("pool-checking")).into(),
            Some(Err(error)) => {
                return row![icon(Icon::Cross, theme::ICON), text(error.clone())]
                    .spacing(theme::SMALL_GAP)
                    .into();
            }
            Some(Ok(status)) => status,
        };
        let mut rows = Column::new().spacing(theme::GAP);
        for server in &status.servers {
            let state = if server.up {
                fl!("pool-server-up")
            } else {
                fl!("pool-server-down")
            };
            let mut entry = column![
                row![
                    icon(
                        if server.up { Icon::Check } else { Icon::Cross },
                        theme::ICON
                    ),
                    text(server.server.clone()).size(theme::HEADING),
                    text(format!(
                        "{} · {state}",
                        server
                            .address
                            .clone()
                            .unwrap_or_else(|| fl!("pool-no-address"))
                    ))
                    .style(theme::muted_text),
                ]
                .spacing(theme::SMALL_GAP)
                .align_y(iced::Center)
            ]
            .spacing(6);
            for check in &server.checks {
                entry = entry.push(
                    row![
                        icon(if check.ok { Icon::Check } else { Icon::Cross }, 14.0),
                        text(format!("{} · {}", check.port, check.what)).font(Font::MONOSPACE),
                        text(check.detail.clone()).size(theme::SMALL),
                    ]
                    .spacing(theme::SMALL_GAP)
                    .align_y(iced::Center)
                    .padding(iced::Padding::ZERO.left(theme::ICON + theme::SMALL_GAP)),
                );
            }
            rows = rows.push(entry);
        }
        let verdict = match status.state {
            PoolState::Started => Icon::Check,
            PoolState::Failed => Icon::Cross,
            PoolState::StartedByStep4 => Icon::Pending,
        };
        column![
            row![
                icon(verdict, theme::ICON),
                text(crate::wording::reason(&status.why()))
            ]
            .spacing(theme::SMALL_GAP)
            .align_y(iced::Center),
            scrollable(rows)
                .spacing(theme::SMALL_GAP)
                .height(Length::Fill),
            row![
                button(text(fl!("gui-refresh"))).on_press(Message::Refresh),
                button(text(fl!("pool-start")))
                    .style(button::primary)
                    .on_press_maybe(
                        (status.state != PoolState::StartedByStep4).then_some(Message::Start)
                    ),
            ]
            .spacing(theme::SMALL_GAP),
        ]
        .spacing(theme::GAP)
        .into()
    }
}
