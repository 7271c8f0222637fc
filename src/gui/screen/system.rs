//! The System page: the four step cards (description, prerequisites, status, Run / Run Again)
//! and Service Status (optional).

use iced::widget::{button, column, container, row, scrollable, text};
use iced::{Element, Length};

use crate::deploy::{StepId, StepStatus, StepView, SystemStatus};
use crate::fl;
use crate::gui::theme;
use crate::gui::widget::status_icon::{Icon, icon};

/// What the page asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {
    /// Run (or run again) a step.
    Run(StepId),
    /// Open Service Status.
    ServiceStatus,
    /// Open Pool Status.
    PoolStatus,
}

/// The icon of a step state.
pub fn status_icon(status: StepStatus) -> Icon {
    match status {
        StepStatus::Complete => Icon::Check,
        StepStatus::Failed => Icon::Cross,
        StepStatus::Partial | StepStatus::NeedsRerun => Icon::Warning,
        StepStatus::NotRun => Icon::Pending,
    }
}

fn description(step: StepId) -> (String, String) {
    match step {
        StepId::LocalStore => (fl!("step1-description"), fl!("step1-prerequisites")),
        StepId::Components => (fl!("step2-description"), fl!("step2-prerequisites")),
        StepId::Certificates => (fl!("step3-description"), fl!("step3-prerequisites")),
        StepId::Services => (fl!("step4-description"), fl!("step4-prerequisites")),
    }
}

fn card(step: &StepView, has_replica: bool) -> Element<'_, Message> {
    let (about, needs) = description(step.step);
    let label = if step.status == StepStatus::NotRun {
        fl!("run")
    } else {
        fl!("run-again")
    };
    let runnable = (step.step == StepId::LocalStore || has_replica) && step.blocked.is_none();
    let mut status = row![
        icon(status_icon(step.status), theme::ICON),
        text(crate::wording::step_status(step.status)),
    ]
    .spacing(theme::SMALL_GAP)
    .align_y(iced::Center);
    let detail = match (&step.why, &step.detail) {
        (Some(why), _) => Some(crate::wording::reason(why)),
        (None, detail) => detail.clone(),
    };
    if let Some(detail) = detail {
        status = status.push(text(detail).size(theme::SMALL).style(theme::muted_text));
    }
    let blocked = step.blocked.as_ref().map(|why| {
        text(crate::wording::reason(why))
            .size(theme::SMALL)
            .style(theme::warning_text)
    });
    let run = button(text(label))
        .style(button::primary)
        .on_press_maybe(runnable.then_some(Message::Run(step.step)));
    container(
        row![
            column![
                // The title opens the step too, like its Run button.
                button(text(crate::wording::step_title(step.step)).size(theme::HEADING))
                    .style(button::text)
                    .padding(0)
                    .on_press_maybe(runnable.then_some(Message::Run(step.step))),
                text(about).size(theme::BODY),
                text(needs).size(theme::SMALL).style(theme::muted_text),
                status,
            ]
            .extend(blocked.map(Element::from))
            .spacing(2)
            .width(Length::Fill),
            run,
        ]
        .spacing(theme::GAP)
        .align_y(iced::Center),
    )
    .padding([6.0, theme::SMALL_GAP + 4.0])
    .style(theme::card)
    .width(Length::Fill)
    .into()
}

/// The page.
pub fn view(status: &SystemStatus) -> Element<'_, Message> {
    let has_replica = status.replica.is_some();
    let mut cards = column![].spacing(theme::SMALL_GAP);
    for step in &status.steps {
        cards = cards.push(card(step, has_replica));
    }
    let mut page =
        column![text(replica_line(status)).style(theme::muted_text), cards].spacing(theme::GAP);
    for warning in &status.permission_warnings {
        page = page.push(
            row![icon(Icon::Warning, 14.0), text(warning).size(theme::SMALL)]
                .spacing(theme::SMALL_GAP),
        );
    }
    if !status.unused_secrets.is_empty() {
        page = page.push(
            row![
                icon(Icon::Warning, 14.0),
                text(crate::fl!(
                    "cli-status-unused-secrets",
                    count = status.unused_secrets.len(),
                    secrets = status.unused_secrets.join(", ")
                ))
                .size(theme::SMALL)
            ]
            .spacing(theme::SMALL_GAP),
        );
    }
    // The scroll bar beside the cards, never over their text.
    scrollable(page)
        .spacing(theme::SMALL_GAP)
        .height(Length::Fill)
        .into()
}

/// The footer's extra buttons, always in view: Service Status (optional) and, on a server of a
/// pool of several servers, Pool Status.
pub fn footer(status: &SystemStatus) -> Element<'_, Message> {
    let mut buttons = iced::widget::Row::new().spacing(theme::SMALL_GAP);
    if status.replica.as_ref().is_some_and(|r| r.pool_servers > 1) {
        buttons = buttons.push(button(text(fl!("pool-status"))).on_press(Message::PoolStatus));
    }
    buttons
        .push(
            button(text(fl!("service-status-optional")))
                .on_press_maybe(status.replica.is_some().then_some(Message::ServiceStatus)),
        )
        .into()
}

/// "Local configuration store: revision N for SERVER", or that there is none yet.
pub fn replica_line(status: &SystemStatus) -> String {
    let line = match &status.replica {
        Some(r) => fl!(
            "status-replica",
            revision = r.revision,
            server = r.server.clone()
        ),
        None => fl!("status-no-replica"),
    };
    match &status.cms {
        Some(cms) if cms.checking => format!("{line} · {}", fl!("status-cms-checking")),
        _ => line,
    }
}
