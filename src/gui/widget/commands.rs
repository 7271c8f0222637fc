//! The Executing Commands page body, shared by every step and certificate action: one row per
//! command with its CLI line and a spinner, green check or red cross (and the reason), the
//! summary line, then a drop-down of this page's run logs and "View Log".

use iced::widget::{Column, button, column, container, pick_list, row, scrollable, text};
use iced::{Element, Font, Length};

use super::status_icon::{Icon, icon};
use crate::fl;
use crate::gui::run::{Progress, RunState};
use crate::gui::theme;
use crate::log::Outcome;

/// What the page can ask for.
#[derive(Debug, Clone)]
pub enum Request {
    /// Pick a run in the drop-down.
    SelectLog(String),
    /// Open the log viewer on the selected run.
    ViewLog(String),
}

/// A run in the drop-down: its title in the window's language and its time, standing for its id.
#[derive(Debug, Clone)]
struct RunChoice {
    id: String,
    label: String,
}

impl RunChoice {
    fn of(id: &str) -> Self {
        RunChoice {
            id: id.to_string(),
            label: fl!(
                "run-choice",
                title = crate::wording::run_title(id, id),
                time = crate::wording::run_time(id)
            ),
        }
    }
}

impl PartialEq for RunChoice {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl std::fmt::Display for RunChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

/// The page body. `runs` are the run ids this page has produced (newest last), `selected` the
/// one in the drop-down, `spinner` the animation frame.
pub fn view<'a, Message: Clone + 'a>(
    run: &'a RunState,
    runs: &'a [String],
    selected: Option<&'a String>,
    spinner: u8,
    on_request: impl Fn(Request) -> Message + 'a,
) -> Element<'a, Message> {
    let mut rows = Column::new().spacing(theme::SMALL_GAP);
    for command in &run.rows {
        let (mark, reason) = match command.outcome {
            None if run.running() => (Icon::Spinner(spinner), None),
            None => (Icon::Cross, Some(fl!("run-interrupted"))),
            Some(Outcome::Ok) => (Icon::Check, None),
            Some(Outcome::Warning) => (Icon::Warning, command.warnings.first().cloned()),
            Some(Outcome::Failed) => (Icon::Cross, command.reason.clone()),
        };
        let mut entry = column![
            row![
                icon(mark, theme::ICON),
                text(&command.cli).font(Font::MONOSPACE).size(theme::SMALL),
            ]
            .spacing(theme::SMALL_GAP)
            .align_y(iced::Center)
        ]
        .spacing(4);
        if let Some(reason) = reason {
            let style = if command.outcome == Some(Outcome::Warning) {
                theme::warning_text
            } else {
                theme::danger_text
            };
            entry = entry.push(
                container(text(reason).size(theme::SMALL).style(style))
                    .padding(iced::Padding::ZERO.left(theme::ICON + theme::SMALL_GAP)),
            );
        } else if command.outcome.is_none()
            && let Some(line) = &command.last_line
        {
            entry = entry.push(
                container(text(line).size(theme::SMALL).style(theme::muted_text))
                    .padding(iced::Padding::ZERO.left(theme::ICON + theme::SMALL_GAP)),
            );
        }
        rows = rows.push(entry);
    }
    // A failure before the run's first command (a locked data dir, a bad location) has no row.
    if let Some(ended) = &run.ended
        && let Some(error) = &ended.error
        && !run.rows.iter().any(|r| r.reason.as_deref() == Some(error))
    {
        rows = rows.push(
            row![
                icon(Icon::Cross, theme::ICON),
                text(error).size(theme::SMALL).style(theme::danger_text)
            ]
            .spacing(theme::SMALL_GAP),
        );
    }
    let progress = run.progress();
    let (label, style): (String, fn(&iced::Theme) -> text::Style) = match progress {
        Progress::Running => (fl!("task-status-running"), theme::muted_text),
        Progress::Completed => (fl!("task-status-completed"), theme::success_text),
        Progress::Failed => (fl!("task-status-failed"), theme::danger_text),
        Progress::Cancelled => (fl!("task-status-cancelled"), theme::warning_text),
    };
    let mut summary = column![text(label).size(theme::HEADING).style(style)].spacing(6);
    if let Some(notice) = run.ended.as_ref().and_then(|e| e.notice.as_ref()) {
        summary = summary.push(text(notice).size(theme::BODY));
    }
    let on_request = std::rc::Rc::new(on_request);
    let select = {
        let on_request = on_request.clone();
        move |choice: RunChoice| on_request(Request::SelectLog(choice.id))
    };
    let choices: Vec<RunChoice> = runs.iter().map(|id| RunChoice::of(id)).collect();
    let chosen = selected.map(|id| RunChoice::of(id));
    let logs = row![
        pick_list(choices, chosen, select)
            .placeholder(fl!("executing-no-log"))
            .width(Length::Fill),
        button(text(fl!("view-log")))
            .on_press_maybe(selected.map(|id| on_request(Request::ViewLog(id.clone())))),
    ]
    .spacing(theme::SMALL_GAP)
    .align_y(iced::Center);
    column![
        scrollable(rows)
            .spacing(theme::SMALL_GAP)
            .height(Length::Fill),
        summary,
        logs,
    ]
    .spacing(theme::GAP)
    .into()
}

/// The Executing Commands page of an action a screen runs: its heading with the action's
/// title, then [`view`].
pub fn page<'a, Message: Clone + 'a>(
    title: &str,
    run: &'a RunState,
    runs: &'a [String],
    selected: Option<&'a String>,
    spinner: u8,
    on_request: impl Fn(Request) -> Message + 'a,
) -> Element<'a, Message> {
    column![
        text(format!("{} — {title}", fl!("executing-commands"))).size(theme::HEADING),
        view(run, runs, selected, spinner, on_request)
    ]
    .spacing(theme::GAP)
    .into()
}

/// The footer's Finish while an action's page shows: enabled once the action has ended.
pub fn finish<'a, Message: Clone + 'a>(run: &RunState, done: Message) -> Element<'a, Message> {
    button(text(fl!("nav-finish")))
        .style(button::primary)
        .on_press_maybe((!run.running()).then_some(done))
        .into()
}

/// Feeds a report of the running action to its rows; a new run log joins the page's
/// drop-down and is selected.
pub fn follow(
    run: &mut RunState,
    message: crate::gui::run::RunMessage,
    runs: &mut Vec<String>,
    selected: &mut Option<String>,
) {
    run.apply(message);
    if let Some(id) = run.run.clone()
        && !runs.contains(&id)
    {
        runs.push(id.clone());
        *selected = Some(id);
    }
}
