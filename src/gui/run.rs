//! A core run watched live: the command rows of the Executing Commands page, fed by the run's
//! event stream, and the task that runs a core step on its own thread.

use iced::Task;
use iced::futures::SinkExt;
use tokio::sync::{mpsc, oneshot};

use crate::log::{Level, Outcome, RunEvent};

/// How a core step ended, as the page shows it.
#[derive(Debug, Clone)]
pub struct Ended {
    /// The run id, when a run log was written.
    pub run: Option<String>,
    /// Why it failed; `None` when it succeeded.
    pub error: Option<String>,
    /// A line to show under the summary (a reboot notice, what was created).
    pub notice: Option<String>,
    /// The certificate the action produced or used (certificate actions).
    pub thumbprint: Option<String>,
}

impl Ended {
    /// A success with an optional notice.
    pub fn ok(run: String, notice: Option<String>) -> Self {
        Ended {
            run: Some(run),
            error: None,
            notice,
            thumbprint: None,
        }
    }

    /// A failure from a core step error, worded in the window's language where it is typed.
    pub fn failed<E: std::error::Error + crate::log::Explain>(
        error: crate::deploy::StepError<E>,
    ) -> Self {
        Ended {
            run: error.run,
            error: Some(
                error
                    .error
                    .reason()
                    .map(|why| crate::wording::reason(&why))
                    .unwrap_or_else(|| error.error.to_string()),
            ),
            notice: None,
            thumbprint: None,
        }
    }

    /// A failure before any run started.
    pub fn refused(error: String) -> Self {
        Ended {
            run: None,
            error: Some(error),
            notice: None,
            thumbprint: None,
        }
    }

    /// The same, naming the certificate the action produced or used.
    pub fn with_thumbprint(mut self, thumbprint: String) -> Self {
        self.thumbprint = Some(thumbprint);
        self
    }
}

/// What the run's task reports.
#[derive(Debug, Clone)]
pub enum RunMessage {
    /// A live event of the run log.
    Event(RunEvent),
    /// The step returned.
    Ended(Ended),
}

/// One command row.
#[derive(Debug, Clone)]
pub struct CommandRow {
    /// The CLI line that reproduces it.
    pub cli: String,
    /// `None` while it runs.
    pub outcome: Option<Outcome>,
    /// Why it failed.
    pub reason: Option<String>,
    /// The last line it printed.
    pub last_line: Option<String>,
    /// Warnings it printed.
    pub warnings: Vec<String>,
}

/// The state of a run on the Executing Commands page.
#[derive(Debug, Default)]
pub struct RunState {
    /// Commands in order.
    pub rows: Vec<CommandRow>,
    /// Run id, once the run started.
    pub run: Option<String>,
    /// Set when the step returned.
    pub ended: Option<Ended>,
    /// The administrator confirmed Cancel.
    pub cancelled: bool,
    cancel: Option<oneshot::Sender<()>>,
    /// Where the current run's commands start among the rows: an action may run several core
    /// runs (an assignment, then step 1 and step 2), each numbering its commands from 0.
    base: usize,
}

/// The summary line's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Still running.
    Running,
    /// Ended without failure.
    Completed,
    /// Ended with a failure.
    Failed,
    /// Stopped by the administrator.
    Cancelled,
}

impl RunState {
    /// Starts `job` on its own thread (core steps block and may run their own runtime) and
    /// returns the state and the task that streams the run's events into the page.
    pub fn start(
        job: impl FnOnce(Option<mpsc::UnboundedSender<RunEvent>>) -> Ended + Send + 'static,
    ) -> (Self, Task<RunMessage>) {
        let (events, mut receiver) = mpsc::unbounded_channel();
        let (done, done_receiver) = oneshot::channel();
        let (cancel, mut cancel_receiver) = oneshot::channel::<()>();
        std::thread::spawn(move || {
            let _ = done.send(job(Some(events)));
        });
        let stream = iced::stream::channel(64, async move |mut output| {
            let mut watching_cancel = true;
            loop {
                tokio::select! {
                    event = receiver.recv() => match event {
                        Some(event) => {
                            let _ = output.send(RunMessage::Event(event)).await;
                        }
                        None => break,
                    },
                    asked = &mut cancel_receiver, if watching_cancel => {
                        watching_cancel = false;
                        if asked.is_ok() {
                            // Closing the channel is the core's signal to stop at its next
                            // checkpoint; the run file keeps every event.
                            receiver.close();
                        }
                    }
                }
            }
            let ended = done_receiver
                .await
                .unwrap_or_else(|_| Ended::refused("the step stopped unexpectedly".into()));
            let _ = output.send(RunMessage::Ended(ended)).await;
        });
        (
            RunState {
                cancel: Some(cancel),
                ..RunState::default()
            },
            Task::run(stream, |message| message),
        )
    }

    /// Applies what the task reported.
    pub fn apply(&mut self, message: RunMessage) {
        match message {
            RunMessage::Event(event) => self.apply_event(event),
            RunMessage::Ended(ended) => {
                self.cancel = None;
                if self.run.is_none() {
                    self.run.clone_from(&ended.run);
                }
                self.ended = Some(ended);
            }
        }
    }

    fn apply_event(&mut self, event: RunEvent) {
        match event {
            RunEvent::RunStarted { run, .. } => {
                self.base = self.rows.len();
                if self.run.is_none() {
                    self.run = Some(run);
                }
            }
            RunEvent::CommandStarted { cli, .. } => self.rows.push(CommandRow {
                cli,
                outcome: None,
                reason: None,
                last_line: None,
                warnings: Vec::new(),
            }),
            RunEvent::Output {
                command,
                level,
                text,
                said,
                ..
            } => {
                let text = said.as_ref().map_or(text, crate::wording::reason);
                if let Some(row) = self.rows.get_mut(self.base + command) {
                    if level == Level::Warning {
                        row.warnings.push(text.clone());
                    }
                    row.last_line = Some(text);
                }
            }
            RunEvent::CommandFinished {
                command,
                outcome,
                reason,
                why,
                ..
            } => {
                if let Some(row) = self.rows.get_mut(self.base + command) {
                    row.outcome = Some(outcome);
                    row.reason = why.as_ref().map(crate::wording::reason).or(reason);
                }
            }
            RunEvent::RunFinished { .. } => {}
        }
    }

    /// Whether the step is still running.
    pub fn running(&self) -> bool {
        self.ended.is_none()
    }

    /// Asks the running step to stop at its next checkpoint.
    pub fn cancel(&mut self) {
        if let Some(cancel) = self.cancel.take() {
            self.cancelled = true;
            let _ = cancel.send(());
        }
    }

    /// The summary line's state.
    pub fn progress(&self) -> Progress {
        match &self.ended {
            None => Progress::Running,
            // A step can finish before reaching a checkpoint: then it completed.
            Some(ended) if ended.error.is_none() => Progress::Completed,
            Some(_) if self.cancelled => Progress::Cancelled,
            Some(_) => Progress::Failed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::OffsetDateTime;

    fn run_of(id: &str, outcome: Outcome) -> Vec<RunEvent> {
        let at = OffsetDateTime::now_utc();
        vec![
            RunEvent::RunStarted {
                run: id.into(),
                title: id.into(),
                at,
            },
            RunEvent::CommandStarted {
                command: 0,
                cli: format!("deploy-wizard {id}"),
                at,
            },
            RunEvent::CommandFinished {
                command: 0,
                outcome,
                reason: None,
                why: None,
                at,
            },
            RunEvent::RunFinished { outcome, at },
        ]
    }

    #[test]
    fn each_row_takes_the_outcome_of_its_own_command_across_runs() {
        // An assignment, then step 1 and step 2: three runs, each numbering from 0.
        let mut state = RunState::default();
        for event in run_of("cert-assign", Outcome::Ok)
            .into_iter()
            .chain(run_of("store-install", Outcome::Ok))
            .chain(run_of("components-setup", Outcome::Warning))
        {
            state.apply_event(event);
        }
        let outcomes: Vec<Option<Outcome>> = state.rows.iter().map(|r| r.outcome).collect();
        assert_eq!(
            outcomes,
            vec![Some(Outcome::Ok), Some(Outcome::Ok), Some(Outcome::Warning)]
        );
        assert_eq!(state.run.as_deref(), Some("cert-assign"));
    }
}
