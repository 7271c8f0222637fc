//! Run logs: what each step or certificate action did, command by command.
//!
//! A *run* is one execution of a step. It is an ordered list of *commands*, each with the CLI
//! line that reproduces it, a start and an end, an outcome, and output lines with levels. Runs
//! are stored as JSON Lines under the data dir's `logs/` (one event per line, flushed as it
//! happens, so a crash keeps everything up to the crash) and the same events are streamed through
//! a channel so the GUI can show them live. Every text passes through a [`Redactor`] first.

mod html;
mod reason;
mod redact;
mod run;

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use tokio::sync::mpsc::UnboundedSender;

pub use html::render_html;
pub use reason::{Explain, Reason, Refusal};
pub use redact::{MASK, Redactor};
pub use run::{RunSpec, StepError, cli_line, run_logged, run_logged_summary};

use crate::data_dir::{DataDir, create_private_dir};

/// Importance of an output line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Progress.
    Info,
    /// Something the administrator should look at; the command still succeeds.
    Warning,
    /// Why the command failed.
    Error,
}

/// How a command or a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Done.
    Ok,
    /// Done, with warnings.
    Warning,
    /// Not done; the reason is logged.
    Failed,
}

impl Outcome {
    /// The word shown to administrators.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Warning => "warning",
            Outcome::Failed => "failed",
        }
    }
}

/// One line of a run file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum RunEvent {
    /// The run began.
    RunStarted {
        /// Run id (also the file name).
        run: String,
        /// What the run does, e.g. "Step 1: Install Local Configuration Store".
        title: String,
        /// When.
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
    /// A command began.
    CommandStarted {
        /// Index of the command in the run.
        command: usize,
        /// The CLI line that reproduces it.
        cli: String,
        /// When.
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
    /// A command printed a line.
    Output {
        /// Index of the command.
        command: usize,
        /// Importance.
        level: Level,
        /// The line (redacted), in English.
        text: String,
        /// The same line as data, when the core typed it, for the faces to word in their
        /// language.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        said: Option<Reason>,
        /// When.
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
    /// A command ended.
    CommandFinished {
        /// Index of the command.
        command: usize,
        /// How it ended.
        outcome: Outcome,
        /// Why it failed, if it did (English, for people reading the raw file).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
        /// The same reason as data, for the faces to word in their language.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        why: Option<Reason>,
        /// When.
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
    /// The run ended.
    RunFinished {
        /// The worst outcome of its commands.
        outcome: Outcome,
        /// When.
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
}

/// A run being written.
pub struct RunLog {
    id: String,
    path: PathBuf,
    file: File,
    redactor: Redactor,
    sink: Option<UnboundedSender<RunEvent>>,
    current: Option<usize>,
    commands: usize,
    worst: Outcome,
    write_error: Option<io::Error>,
    finished: bool,
}

/// What a finished run reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunSummary {
    /// Run id.
    pub id: String,
    /// Worst outcome.
    pub outcome: Outcome,
    /// The run file.
    pub path: PathBuf,
}

impl RunLog {
    /// Starts a run of `kind` (a short slug like `store-install`) titled `title`.
    pub fn start(
        data: &DataDir,
        kind: &str,
        title: &str,
        redactor: Redactor,
        sink: Option<UnboundedSender<RunEvent>>,
    ) -> io::Result<Self> {
        let dir = data.logs();
        data.ensure()?;
        create_private_dir(&dir)?;
        let now = OffsetDateTime::now_utc();
        let stamp = now
            .format(time::macros::format_description!(
                "[year][month][day]T[hour][minute][second].[subsecond digits:6]Z"
            ))
            .expect("a UTC time formats");
        let id = format!("{stamp}-{kind}-{}", crate::atomic::random_suffix());
        let path = dir.join(format!("{id}.jsonl"));
        let mut options = OpenOptions::new();
        options.create_new(true).append(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options.open(&path)?;
        let mut log = RunLog {
            id: id.clone(),
            path,
            file,
            redactor,
            sink,
            current: None,
            commands: 0,
            worst: Outcome::Ok,
            write_error: None,
            finished: false,
        };
        let title = log.redactor.clean(title).into_owned();
        log.emit(RunEvent::RunStarted {
            run: id,
            title,
            at: now,
        });
        Ok(log)
    }

    /// Run id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The redactor of this run (register secrets before logging them).
    pub fn redactor(&self) -> &Redactor {
        &self.redactor
    }

    /// Begins a command with the CLI line that reproduces it.
    pub fn begin(&mut self, cli: &str) {
        if self.current.is_some() {
            self.end(Outcome::Ok, None);
        }
        let command = self.commands;
        self.commands += 1;
        self.current = Some(command);
        let cli = self.redactor.clean(cli).into_owned();
        self.emit(RunEvent::CommandStarted {
            command,
            cli,
            at: OffsetDateTime::now_utc(),
        });
    }

    /// Logs a line of the current command.
    pub fn line(&mut self, level: Level, text: &str) {
        let command = self.current.unwrap_or(0);
        if level == Level::Warning && self.worst == Outcome::Ok {
            self.worst = Outcome::Warning;
        }
        for part in self.redactor.clean(text).lines() {
            let event = RunEvent::Output {
                command,
                level,
                text: part.to_string(),
                said: None,
                at: OffsetDateTime::now_utc(),
            };
            self.emit(event);
        }
    }

    /// Logs a line of the current command as data: the file keeps its English wording beside
    /// it, and the faces word it in their language. Every argument is redacted.
    pub fn say(&mut self, level: Level, mut said: Reason) {
        let command = self.current.unwrap_or(0);
        if level == Level::Warning && self.worst == Outcome::Ok {
            self.worst = Outcome::Warning;
        }
        self.redact_reason(&mut said);
        let english = said.words(crate::i18n::Lang::En);
        let text = self.redactor.clean(&english).replace('\n', " ");
        self.emit(RunEvent::Output {
            command,
            level,
            text,
            said: Some(said),
            at: OffsetDateTime::now_utc(),
        });
    }

    /// Logs progress as data.
    pub fn tell(&mut self, said: Reason) {
        self.say(Level::Info, said);
    }

    /// Logs a warning as data.
    pub fn caution(&mut self, said: Reason) {
        self.say(Level::Warning, said);
    }

    fn redact_reason(&self, why: &mut Reason) {
        for value in why.args.values_mut() {
            *value = self.redactor.clean(value).into_owned();
        }
        for part in &mut why.parts {
            self.redact_reason(part);
        }
    }

    /// Logs progress.
    pub fn info(&mut self, text: &str) {
        self.line(Level::Info, text);
    }

    /// Logs a warning.
    pub fn warn(&mut self, text: &str) {
        self.line(Level::Warning, text);
    }

    /// Ends the current command.
    pub fn end(&mut self, outcome: Outcome, reason: Option<&str>) {
        self.end_with(outcome, reason, None);
    }

    /// Ends the current command with its reason in English and, when typed, as data.
    pub fn end_with(&mut self, outcome: Outcome, reason: Option<&str>, why: Option<Reason>) {
        let Some(command) = self.current.take() else {
            return;
        };
        let reason = reason.map(|r| self.redactor.clean(r).into_owned());
        let why = why.map(|mut why| {
            self.redact_reason(&mut why);
            why
        });
        if let Some(reason) = &reason {
            let event = RunEvent::Output {
                command,
                level: Level::Error,
                text: reason.clone(),
                said: None,
                at: OffsetDateTime::now_utc(),
            };
            self.emit(event);
        }
        self.worst = self.worst.max(outcome);
        self.emit(RunEvent::CommandFinished {
            command,
            outcome,
            reason,
            why,
            at: OffsetDateTime::now_utc(),
        });
    }

    /// Runs `body` as one command: begins it, ends it ok or failed with the error as reason.
    pub fn command<T, E: Explain>(
        &mut self,
        cli: &str,
        body: impl FnOnce(&mut Self) -> Result<T, E>,
    ) -> Result<T, E> {
        self.begin(cli);
        let result = body(self);
        match &result {
            Ok(_) => self.end(Outcome::Ok, None),
            Err(error) => self.end_with(Outcome::Failed, Some(&error.to_string()), error.reason()),
        }
        result
    }

    /// Whether whoever watches the run live has asked it to stop: the GUI's Cancel closes the
    /// event channel, and long steps check this between their commands' units of work.
    pub fn cancelled(&self) -> bool {
        self.sink.as_ref().is_some_and(|sink| sink.is_closed())
    }

    /// Ends the run; the error is the first failure to write the run file, if any.
    pub fn finish(mut self) -> io::Result<RunSummary> {
        self.close();
        match self.write_error.take() {
            Some(error) => Err(error),
            None => Ok(RunSummary {
                id: self.id.clone(),
                outcome: self.worst,
                path: self.path.clone(),
            }),
        }
    }

    fn close(&mut self) {
        if self.finished {
            return;
        }
        if self.current.is_some() {
            self.end(Outcome::Failed, Some("the command was interrupted"));
        }
        self.finished = true;
        let outcome = self.worst;
        self.emit(RunEvent::RunFinished {
            outcome,
            at: OffsetDateTime::now_utc(),
        });
        if let Err(error) = self.file.sync_data()
            && self.write_error.is_none()
        {
            self.write_error = Some(error);
        }
    }

    fn emit(&mut self, event: RunEvent) {
        let mut line = serde_json::to_string(&event).expect("run events serialise");
        line.push('\n');
        if let Err(error) = self.file.write_all(line.as_bytes())
            && self.write_error.is_none()
        {
            self.write_error = Some(error);
        }
        if let Some(sink) = &self.sink {
            // The GUI may have closed its side; the file is the record.
            let _ = sink.send(event);
        }
    }
}

impl Drop for RunLog {
    fn drop(&mut self) {
        self.close();
    }
}

/// A run read back from its file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Run {
    /// Run id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Start.
    #[serde(with = "time::serde::rfc3339")]
    pub started: OffsetDateTime,
    /// End, if the run finished.
    #[serde(with = "time::serde::rfc3339::option")]
    pub finished: Option<OffsetDateTime>,
    /// Outcome; `None` while the run has not finished (or was killed).
    pub outcome: Option<Outcome>,
    /// Commands in order.
    pub commands: Vec<CommandRecord>,
}

/// A command of a run read back.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommandRecord {
    /// CLI line.
    pub cli: String,
    /// Start.
    #[serde(with = "time::serde::rfc3339")]
    pub started: OffsetDateTime,
    /// End.
    #[serde(with = "time::serde::rfc3339::option")]
    pub finished: Option<OffsetDateTime>,
    /// Outcome, if it ended.
    pub outcome: Option<Outcome>,
    /// Why it failed.
    pub reason: Option<String>,
    /// Why it failed, as data.
    pub why: Option<Reason>,
    /// Output lines.
    pub lines: Vec<OutputLine>,
}

/// One output line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutputLine {
    /// Importance.
    pub level: Level,
    /// Text, in English.
    pub text: String,
    /// The same as data, when typed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub said: Option<Reason>,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

impl OutputLine {
    /// The line in `lang`: its typed form worded, else the English text as it was logged.
    pub fn words(&self, lang: crate::i18n::Lang) -> String {
        self.said
            .as_ref()
            .map_or_else(|| self.text.clone(), |said| said.words(lang))
    }
}

/// Why a run file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    /// No run with that id.
    #[error("no run {0}; `deploy-wizard logs list` shows the runs")]
    NotFound(String),
    /// An empty run name (it would match every run).
    #[error("give a run's id (or `last`); `deploy-wizard logs list` shows the runs")]
    EmptyName,
    /// Several runs start with that prefix.
    #[error("{0} names several runs ({1}); give more of the id")]
    Ambiguous(String, String),
    /// The file is not a run log.
    #[error("{path} line {line} is not a run event: {reason}")]
    Corrupt {
        /// Run file.
        path: String,
        /// 1-based line.
        line: usize,
        /// Parser's reason.
        reason: String,
    },
    /// The file or directory could not be read or written.
    #[error("{0}: {1}")]
    Io(String, io::Error),
}

impl Explain for LogError {
    fn reason(&self) -> Option<Reason> {
        match self {
            LogError::NotFound(run) => Some(Reason::new("why-run-unknown").with("run", run)),
            LogError::EmptyName => Some(Reason::new("why-run-name-empty")),
            LogError::Ambiguous(name, runs) => Some(
                Reason::new("why-run-ambiguous")
                    .with("name", name)
                    .with("runs", runs),
            ),
            // The parser's and the operating system's reasons are free-form: said in English.
            LogError::Corrupt { .. } | LogError::Io(..) => None,
        }
    }
}

impl LogError {
    /// Missing or ambiguous ids are the administrator's to fix.
    pub fn failure(&self) -> crate::Failure {
        match self {
            LogError::NotFound(_) | LogError::Ambiguous(..) | LogError::EmptyName => {
                crate::Failure::BadInput
            }
            LogError::Corrupt { .. } | LogError::Io(..) => crate::Failure::ActionFailed,
        }
    }
}

impl Run {
    /// Reads a run file; a run cut short by a crash reads as unfinished.
    pub fn read(path: &Path) -> Result<Run, LogError> {
        let io = |e| LogError::Io(path.display().to_string(), e);
        let reader = BufReader::new(File::open(path).map_err(io)?);
        let mut run: Option<Run> = None;
        for (index, line) in reader.lines().enumerate() {
            let line = line.map_err(io)?;
            if line.trim().is_empty() {
                continue;
            }
            let corrupt = |reason: String| LogError::Corrupt {
                path: path.display().to_string(),
                line: index + 1,
                reason,
            };
            let event: RunEvent = match serde_json::from_str(&line) {
                Ok(event) => event,
                // A crash can cut the last line short; everything before it stands.
                Err(error) if error.is_eof() => break,
                Err(error) => return Err(corrupt(error.to_string())),
            };
            match (event, &mut run) {
                (RunEvent::RunStarted { run: id, title, at }, None) => {
                    run = Some(Run {
                        id,
                        title,
                        started: at,
                        finished: None,
                        outcome: None,
                        commands: Vec::new(),
                    });
                }
                (RunEvent::RunStarted { .. }, Some(_)) => {
                    return Err(corrupt("a second run_started".into()));
                }
                (_, None) => return Err(corrupt("the run does not start with run_started".into())),
                (RunEvent::CommandStarted { cli, at, .. }, Some(run)) => {
                    run.commands.push(CommandRecord {
                        cli,
                        started: at,
                        finished: None,
                        outcome: None,
                        reason: None,
                        why: None,
                        lines: Vec::new(),
                    })
                }
                (
                    RunEvent::Output {
                        command,
                        level,
                        text,
                        said,
                        at,
                    },
                    Some(run),
                ) => {
                    if let Some(record) = run.commands.get_mut(command) {
                        record.lines.push(OutputLine {
                            level,
                            text,
                            said,
                            at,
                        });
                    }
                }
                (
                    RunEvent::CommandFinished {
                        command,
                        outcome,
                        reason,
                        why,
                        at,
                    },
                    Some(run),
                ) => {
                    if let Some(record) = run.commands.get_mut(command) {
                        record.finished = Some(at);
                        record.outcome = Some(outcome);
                        record.reason = reason;
                        record.why = why;
                    }
                }
                (RunEvent::RunFinished { outcome, at }, Some(run)) => {
                    run.finished = Some(at);
                    run.outcome = Some(outcome);
                }
            }
        }
        run.ok_or_else(|| LogError::Corrupt {
            path: path.display().to_string(),
            line: 1,
            reason: "the file is empty".into(),
        })
    }

    /// Finds a run by id, unique id prefix, or `last` (the newest).
    pub fn find(data: &DataDir, name: &str) -> Result<Run, LogError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(LogError::EmptyName);
        }
        let ids = run_ids(data)?;
        let matches: Vec<&String> = if name == "last" {
            ids.first().into_iter().collect()
        } else if let Some(exact) = ids.iter().find(|id| id.as_str() == name) {
            vec![exact]
        } else {
            ids.iter().filter(|id| id.starts_with(name)).collect()
        };
        match matches.as_slice() {
            [] => Err(LogError::NotFound(name.to_string())),
            [one] => Run::read(&data.logs().join(format!("{one}.jsonl"))),
            many => Err(LogError::Ambiguous(
                name.to_string(),
                many.iter()
                    .take(5)
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            )),
        }
    }

    /// The run as a shell script: the CLI line of every command, in order, so an administrator
    /// can replay it headless (the log viewer's "Copy as script").
    pub fn to_script(&self) -> String {
        let mut out = format!("#!/bin/sh\n# {} ({})\nset -e\n", self.title, self.id);
        for command in &self.commands {
            out.push_str(&command.cli);
            out.push('\n');
        }
        out
    }

    /// Writes the run as a self-contained HTML page in `lang`, atomically (the log viewer's
    /// "Save as HTML").
    pub fn save_html(&self, path: &Path, lang: crate::i18n::Lang) -> io::Result<()> {
        crate::atomic::write(path, render_html(self, lang).as_bytes())
    }

    /// The plain-text rendering used by `logs show`, its typed lines worded in `lang`.
    pub fn to_text(&self, lang: crate::i18n::Lang) -> String {
        let mut out = format!(
            "Run {}: {} ({})\n",
            self.id,
            self.title,
            self.outcome.map_or("unfinished", Outcome::as_str)
        );
        for command in &self.commands {
            let mark = match command.outcome {
                Some(Outcome::Ok) => "[ok]",
                Some(Outcome::Warning) => "[warning]",
                Some(Outcome::Failed) => "[failed]",
                None => "[unfinished]",
            };
            out.push_str(&format!("{mark} {}\n", command.cli));
            for line in &command.lines {
                let level = match line.level {
                    Level::Info => "info",
                    Level::Warning => "warning",
                    Level::Error => "error",
                };
                out.push_str(&format!("    {level:<7} {}\n", line.words(lang)));
            }
        }
        out
    }
}

/// Every run id, newest first.
pub fn run_ids(data: &DataDir) -> Result<Vec<String>, LogError> {
    let dir = data.logs();
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(LogError::Io(dir.display().to_string(), error)),
    };
    let mut ids: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(".jsonl")
                .map(str::to_string)
        })
        .collect();
    ids.sort_unstable_by(|a, b| b.cmp(a));
    Ok(ids)
}

/// Every run, newest first (unreadable files are skipped).
pub fn list_runs(data: &DataDir) -> Result<Vec<Run>, LogError> {
    Ok(run_ids(data)?
        .iter()
        .filter_map(|id| Run::read(&data.logs().join(format!("{id}.jsonl"))).ok())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    /// A run that cannot be found reads in English as it always did, and in French from the
    /// catalogue.
    #[test]
    fn an_unknown_run_is_worded_in_both_languages() {
        for error in [
            LogError::NotFound("nosuchrun".into()),
            LogError::EmptyName,
            LogError::Ambiguous("2026".into(), "2026a, 2026b".into()),
        ] {
            let why = error.reason().expect("a reason");
            assert_eq!(why.words(Lang::En), error.to_string());
            assert!(why.words(Lang::Fr).contains("exécution"), "{why:?}");
        }
    }
}
