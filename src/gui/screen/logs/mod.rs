//! The log viewer: every run, newest first; search, level filter, fold per command, jump to
//! the first error, Save as HTML, Copy as script. The lines are a virtualised list of fixed
//! height rows: only the rows in view are built, so a run of 100,000 lines scrolls smoothly.

mod rows;

use std::collections::BTreeSet;
use std::path::PathBuf;

use iced::widget::operation::{self, AbsoluteOffset};
use iced::widget::scrollable::Viewport;
use iced::widget::text::Wrapping;
use iced::widget::{
    Column, button, column, container, pick_list, row, scrollable, space, text, text_input,
};
use iced::{Element, Font, Length, Task};

use super::save_file;
use crate::data_dir::DataDir;
use crate::fl;
use crate::gui::theme;
use crate::gui::widget::status_icon::{Icon, icon};
use crate::log::{self, Level, Outcome, Run};

const LIST: &str = "log-lines";
const SEARCH: &str = "log-search";

/// Which lines the level filter keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LevelFilter {
    /// Everything.
    All,
    /// Warnings and errors.
    Warnings,
    /// Errors only.
    Errors,
}

impl LevelFilter {
    const ALL: [LevelFilter; 3] = [LevelFilter::All, LevelFilter::Warnings, LevelFilter::Errors];

    fn keeps(self, level: Level) -> bool {
        match self {
            LevelFilter::All => true,
            LevelFilter::Warnings => level != Level::Info,
            LevelFilter::Errors => level == Level::Error,
        }
    }
}

impl std::fmt::Display for LevelFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            LevelFilter::All => fl!("logs-level-all"),
            LevelFilter::Warnings => fl!("logs-level-warnings"),
            LevelFilter::Errors => fl!("logs-level-errors"),
        })
    }
}

/// A run in the list on the left.
#[derive(Debug, Clone)]
struct RunEntry {
    id: String,
    title: String,
    outcome: Option<Outcome>,
    started: String,
}

/// One row of the flattened run: a command header or one of its lines.
#[derive(Debug, Clone)]
enum Row {
    Command {
        index: usize,
        cli: String,
        outcome: Option<Outcome>,
        reason: Option<String>,
    },
    Line {
        command: usize,
        level: Level,
        text: String,
    },
}

impl Row {
    fn is_error(&self) -> bool {
        match self {
            Row::Command { outcome, .. } => *outcome == Some(Outcome::Failed),
            Row::Line { level, .. } => *level == Level::Error,
        }
    }
}

/// The viewer's state.
pub struct State {
    runs: Vec<RunEntry>,
    list_error: Option<String>,
    selected: Option<String>,
    run: Option<Run>,
    rows: Vec<Row>,
    shown: Vec<usize>,
    query: String,
    level: LevelFilter,
    folded: BTreeSet<usize>,
    offset: f32,
    height: f32,
    highlight: Option<usize>,
    /// A clicked line, shown whole under the list.
    selected_line: Option<usize>,
    /// Each command's header row, by command index (for the sticky header).
    headers: Vec<usize>,
    save_path: String,
    note: Option<Result<String, String>>,
}

/// What the viewer sends.
#[derive(Debug, Clone)]
pub enum Message {
    /// A run was picked.
    Select(String),
    /// The search text changed.
    Query(String),
    /// The level filter changed.
    Level(LevelFilter),
    /// A command header was clicked.
    Fold(usize),
    /// Jump to the first error.
    JumpToError,
    /// The list scrolled.
    Scrolled(Viewport),
    /// The save path field changed.
    SavePath(String),
    /// Browse… for the HTML file's path (the file dialog, where one can open).
    SaveDialog,
    /// The dialog answered.
    SavePicked(Option<PathBuf>),
    /// Save as HTML to the path in the field.
    Save,
    /// A line was clicked: show it whole, with Copy.
    SelectLine(usize),
    /// Copy the selected line.
    CopyLine,
    /// Copy as script.
    CopyScript,
}

impl State {
    /// The viewer on `run` (the newest run when `None`), with the search field focused.
    pub fn open(data: &DataDir, run: Option<String>) -> (Self, Task<Message>) {
        let (runs, list_error) = match log::list_runs(data) {
            Ok(runs) => (
                runs.iter()
                    .map(|r| RunEntry {
                        id: r.id.clone(),
                        title: crate::wording::run_title(&r.id, &r.title),
                        outcome: r.outcome,
                        started: r
                            .started
                            .format(time::macros::format_description!(
                                "[year]-[month]-[day] [hour]:[minute]:[second]"
                            ))
                            .unwrap_or_default(),
                    })
                    .collect(),
                None,
            ),
            Err(e) => (Vec::new(), Some(e.to_string())),
        };
        let mut state = State::empty();
        state.runs = runs;
        state.list_error = list_error;
        if let Some(id) = run.or_else(|| state.runs.first().map(|r| r.id.clone())) {
            state.select(data, id);
        }
        (state, operation::focus(SEARCH))
    }

    /// Opens a run already read (the benchmark and tests use runs that never touch a disk).
    pub fn with_run(run: Run) -> Self {
        let mut state = State::empty();
        state.selected = Some(run.id.clone());
        state.load(run);
        state
    }

    fn empty() -> Self {
        State {
            runs: Vec::new(),
            list_error: None,
            selected: None,
            run: None,
            rows: Vec::new(),
            shown: Vec::new(),
            query: String::new(),
            level: LevelFilter::All,
            folded: BTreeSet::new(),
            offset: 0.0,
            height: 800.0,
            highlight: None,
            selected_line: None,
            headers: Vec::new(),
            save_path: String::new(),
            note: None,
        }
    }

    /// Where the list is scrolled to and how tall it is: which rows get built.
    pub fn set_scroll(&mut self, offset: f32, height: f32) {
        self.offset = offset.max(0.0);
        self.height = height.max(0.0);
    }

    /// Rows the current filters show.
    pub fn shown_rows(&self) -> usize {
        self.shown.len()
    }

    fn select(&mut self, data: &DataDir, id: String) {
        self.selected = Some(id.clone());
        match Run::find(data, &id) {
            Ok(run) => self.load(run),
            Err(e) => {
                self.run = None;
                self.rows.clear();
                self.shown.clear();
                self.note = Some(Err(e.to_string()));
            }
        }
    }

    fn load(&mut self, run: Run) {
        self.rows.clear();
        self.headers.clear();
        self.selected_line = None;
        for (index, command) in run.commands.iter().enumerate() {
            // A typed reason is worded in the window's language, on the command's row and on
            // the error line that repeats it.
            let worded = command.why.as_ref().map(crate::wording::reason);
            self.headers.push(self.rows.len());
            self.rows.push(Row::Command {
                index,
                cli: command.cli.clone(),
                outcome: command.outcome,
                reason: worded.clone().or_else(|| command.reason.clone()),
            });
            for line in &command.lines {
                let repeats_reason =
                    line.level == Level::Error && Some(&line.text) == command.reason.as_ref();
                self.rows.push(Row::Line {
                    command: index,
                    level: line.level,
                    text: match (&worded, repeats_reason, &line.said) {
                        (Some(worded), true, _) => worded.clone(),
                        (_, _, Some(said)) => crate::wording::reason(said),
                        _ => line.text.clone(),
                    },
                });
            }
        }
        self.save_path = format!("{}.html", run.id);
        self.run = Some(run);
        self.folded.clear();
        self.highlight = None;
        self.offset = 0.0;
        self.filter();
    }

    /// Recomputes which rows show: a line shows when its level passes, it matches the search
    /// and its command is not folded; a command header shows when any of its lines does (or,
    /// with no search, always).
    fn filter(&mut self) {
        let query = self.query.trim().to_lowercase();
        self.shown.clear();
        let mut header: Option<usize> = None;
        for (i, row) in self.rows.iter().enumerate() {
            match row {
                Row::Command { cli, .. } => {
                    if query.is_empty() || cli.to_lowercase().contains(&query) {
                        self.shown.push(i);
                        header = None;
                    } else {
                        header = Some(i);
                    }
                }
                Row::Line {
                    command,
                    level,
                    text,
                } => {
                    if self.folded.contains(command) || !self.level.keeps(*level) {
                        continue;
                    }
                    if !query.is_empty() && !text.to_lowercase().contains(&query) {
                        continue;
                    }
                    if let Some(h) = header.take() {
                        self.shown.push(h);
                    }
                    self.shown.push(i);
                }
            }
        }
    }

    fn matches(&self) -> usize {
        self.shown
            .iter()
            .filter(|&&i| matches!(self.rows[i], Row::Line { .. }))
            .count()
    }

    /// Handles a message.
    pub fn update(&mut self, message: Message, data: &DataDir) -> Task<Message> {
        match message {
            Message::Select(id) => {
                self.note = None;
                self.select(data, id);
                return operation::scroll_to(LIST, AbsoluteOffset { x: 0.0, y: 0.0 });
            }
            Message::Query(query) => {
                self.query = query;
                self.highlight = None;
                self.filter();
                self.offset = 0.0;
                return operation::scroll_to(LIST, AbsoluteOffset { x: 0.0, y: 0.0 });
            }
            Message::Level(level) => {
                self.level = level;
                self.filter();
            }
            Message::Fold(command) => {
                if !self.folded.remove(&command) {
                    self.folded.insert(command);
                }
                self.filter();
            }
            Message::JumpToError => {
                // The first error line; a failed command that printed none shows its header.
                let first = self
                    .rows
                    .iter()
                    .position(|r| matches!(r, Row::Line { .. }) && r.is_error())
                    .or_else(|| self.rows.iter().position(Row::is_error));
                if let Some(row) = first {
                    let command = match &self.rows[row] {
                        Row::Command { index, .. } => *index,
                        Row::Line { command, .. } => *command,
                    };
                    self.folded.remove(&command);
                    self.filter();
                    if let Some(at) = self.shown.iter().position(|&i| i == row) {
                        self.highlight = Some(row);
                        self.offset = at as f32 * theme::LOG_ROW;
                        self.note = None;
                        return operation::scroll_to(
                            LIST,
                            AbsoluteOffset {
                                x: 0.0,
                                y: self.offset,
                            },
                        );
                    }
                }
                self.note = Some(Ok(fl!("logs-no-error")));
            }
            Message::Scrolled(viewport) => {
                self.set_scroll(viewport.absolute_offset().y, viewport.bounds().height);
            }
            Message::SavePath(path) => self.save_path = path,
            Message::SaveDialog => {
                return save_file(self.save_path.clone()).map(Message::SavePicked);
            }
            Message::SavePicked(Some(path)) => {
                self.save_path = path.display().to_string();
                self.note = None;
            }
            // No dialog where no file-dialog portal runs (servers, remote sessions), or it was
            // cancelled: the path field beside it does the same.
            Message::SavePicked(None) => self.note = Some(Err(fl!("dialog-none"))),
            Message::SelectLine(index) => self.selected_line = Some(index),
            Message::CopyLine => {
                if let Some(Row::Line { text, .. }) = self.selected_line.map(|i| &self.rows[i]) {
                    self.note = Some(Ok(fl!("logs-line-copied")));
                    return iced::clipboard::write(text.clone());
                }
            }
            Message::Save => {
                if let Some(run) = &self.run {
                    let path = PathBuf::from(self.save_path.trim());
                    let path = if path.is_absolute() {
                        path
                    } else {
                        data.root().join(path)
                    };
                    self.note = Some(match run.save_html(&path, crate::i18n::language()) {
                        Ok(()) => Ok(fl!("logs-saved", path = path.display().to_string())),
                        Err(e) => Err(fl!(
                            "logs-save-failed",
                            path = path.display().to_string(),
                            reason = e.to_string()
                        )),
                    });
                }
            }
            Message::CopyScript => {
                if let Some(run) = &self.run {
                    self.note = Some(Ok(fl!("logs-copied", count = run.commands.len() as u64)));
                    return iced::clipboard::write(run.to_script());
                }
            }
        }
        Task::none()
    }

    /// The page.
    pub fn view(&self) -> Element<'_, Message> {
        let mut list = Column::new().spacing(2);
        if let Some(error) = &self.list_error {
            list = list.push(text(error).style(theme::danger_text));
        } else if self.runs.is_empty() {
            list = list.push(text(fl!("logs-none")).style(theme::muted_text));
        }
        for entry in &self.runs {
            let mark = match entry.outcome {
                Some(Outcome::Ok) => Icon::Check,
                Some(Outcome::Warning) => Icon::Warning,
                Some(Outcome::Failed) | None => Icon::Cross,
            };
            let item = button(
                row![
                    icon(mark, 14.0),
                    column![
                        text(&entry.title).size(theme::SMALL),
                        text(&entry.started).size(11.0).style(theme::muted_text),
                    ]
                ]
                .spacing(6)
                .align_y(iced::Center),
            )
            .style(theme::list_button)
            .width(Length::Fill)
            .on_press(Message::Select(entry.id.clone()));
            if self.selected.as_ref() == Some(&entry.id) {
                list = list.push(container(item).style(theme::selected_row));
            } else {
                list = list.push(item);
            }
        }
        let toolbar = row![
            text_input(&fl!("logs-search"), &self.query)
                .id(SEARCH)
                .on_input(Message::Query)
                .width(Length::Fill),
            pick_list(LevelFilter::ALL, Some(self.level), Message::Level),
            button(text(fl!("logs-jump-error"))).on_press(Message::JumpToError),
        ]
        .spacing(theme::SMALL_GAP)
        .align_y(iced::Center);
        let matches = if self.query.trim().is_empty() {
            fl!("logs-lines", count = self.matches() as u64)
        } else {
            fl!("logs-matches", count = self.matches() as u64)
        };
        // The count and Copy as Script; then where to save the HTML, Browse… and the one Save.
        let counts = row![
            text(matches).size(theme::SMALL).width(Length::Fill),
            button(text(fl!("logs-copy-script")))
                .on_press_maybe(self.run.is_some().then_some(Message::CopyScript)),
        ]
        .spacing(theme::SMALL_GAP)
        .align_y(iced::Center);
        let save = row![
            text_input(&fl!("logs-save-placeholder"), &self.save_path)
                .on_input(Message::SavePath)
                .on_submit(Message::Save)
                .width(Length::Fill),
            button(text(fl!("browse")))
                .on_press_maybe(self.run.is_some().then_some(Message::SaveDialog)),
            button(text(fl!("logs-save-html"))).on_press_maybe(
                (self.run.is_some() && !self.save_path.trim().is_empty()).then_some(Message::Save)
            ),
        ]
        .spacing(theme::SMALL_GAP)
        .align_y(iced::Center);
        let actions = column![counts, save].spacing(theme::SMALL_GAP);
        let mut right = column![toolbar, actions].spacing(theme::SMALL_GAP);
        match &self.note {
            Some(Ok(note)) => {
                right = right.push(text(note).size(theme::SMALL).style(theme::success_text))
            }
            Some(Err(error)) => {
                right = right.push(text(error).size(theme::SMALL).style(theme::danger_text))
            }
            None => {}
        }
        right = right.push(self.lines_view());
        row![
            scrollable(list)
                .spacing(theme::SMALL_GAP)
                .width(Length::Fixed(260.0))
                .height(Length::Fill),
            right.width(Length::Fill),
        ]
        .spacing(theme::GAP)
        .into()
    }
}
