//! The step wizards' pages: the source of step 1, the plan and prerequisites of step 2, and the Executing Commands page.

use crate::fl;
use crate::gui::theme;
use crate::gui::widget::commands;
use crate::gui::widget::nav::{self, Nav};
use crate::gui::widget::status_icon::{Icon, icon};
use iced::widget::{Column, button, column, container, radio, row, scrollable, text, text_input};
use iced::{Element, Length};

use super::*;

impl Wizard {
    /// The page body.
    pub fn view(&self, spinner: u8) -> Element<'_, Message> {
        let body: Element<'_, Message> = match self.page() {
            Page::Source => self.source_page(),
            Page::Plan => self.plan_page(),
            Page::Prerequisites => self.prerequisites_page(),
            Page::Executing => match &self.run {
                Some(run) => commands::view(
                    run,
                    &self.runs,
                    self.selected_log.as_ref(),
                    spinner,
                    Message::Commands,
                ),
                None => text(fl!("task-status-running")).into(),
            },
        };
        let mut page = column![
            text(self.page_title()).size(theme::HEADING),
            container(body).height(Length::Fill)
        ]
        .spacing(theme::GAP);
        if self.no_dialog && matches!(self.page(), Page::Source) {
            page = page.push(crate::gui::screen::no_dialog_note());
        }
        page.into()
    }

    pub(super) fn page_title(&self) -> String {
        match self.page() {
            Page::Source => fl!("step1-source-title"),
            Page::Plan => fl!("step2-plan-title"),
            Page::Prerequisites => fl!("step2-prerequisites-title"),
            Page::Executing => fl!("executing-commands"),
        }
    }

    /// The footer's buttons: Back, Next, Run Again, Finish, Cancel.
    pub fn footer(&self) -> Element<'_, Message> {
        let executing = self.page() == Page::Executing;
        nav::footer(Nav {
            back: self.can_go_back().then_some(Message::Back),
            next: self
                .has_next()
                .then(|| self.can_continue().then_some(Message::Next)),
            run_again: (executing && self.run_failed()).then_some(Message::RunAgain),
            finish: executing.then(|| self.can_finish().then_some(Message::Finish)),
            cancel: (!self.can_finish()).then_some(Message::Cancel),
        })
    }

    pub(super) fn source_page(&self) -> Element<'_, Message> {
        let selected = Some(self.source);
        let cms = column![
            radio(
                fl!("step1-from-cms"),
                SourceKind::Cms,
                selected,
                Message::Source
            ),
            row![
                text_input(&fl!("step1-cms-placeholder"), &self.cms_location)
                    .on_input(Message::CmsLocation)
                    .on_submit(Message::Next),
                button(text(fl!("browse"))).on_press(Message::Browse(Field::Cms)),
            ]
            .spacing(theme::SMALL_GAP),
        ]
        .spacing(theme::SMALL_GAP);
        let file = column![
            radio(
                fl!("step1-from-file"),
                SourceKind::File,
                selected,
                Message::Source
            ),
            text(fl!("step1-from-file-hint"))
                .size(theme::SMALL)
                .style(theme::muted_text),
            row![
                text_input(&fl!("step1-file-placeholder"), &self.import_path)
                    .on_input(Message::ImportPath)
                    .on_submit(Message::Next),
                button(text(fl!("browse"))).on_press(Message::Browse(Field::Import)),
            ]
            .spacing(theme::SMALL_GAP),
            crate::gui::widget::form::labelled(
                fl!("step1-export-password"),
                crate::gui::widget::form::secret(
                    "step1-export-password",
                    &fl!("step1-export-password-placeholder"),
                    &self.import_password,
                    Message::ImportPassword,
                    Message::Next,
                ),
            ),
        ]
        .spacing(theme::SMALL_GAP);
        column![text(fl!("step1-source-intro")), cms, file]
            .spacing(theme::GAP)
            .into()
    }

    pub(super) fn plan_page(&self) -> Element<'_, Message> {
        match &self.plan {
            None => text(fl!("task-status-running")).into(),
            Some(Err(error)) => row![
                icon(Icon::Cross, theme::ICON),
                text(error).style(theme::danger_text)
            ]
            .spacing(theme::SMALL_GAP)
            .into(),
            Some(Ok(plan)) => {
                let group = |label: String, names: &[String]| -> Element<'_, Message> {
                    let list = if names.is_empty() {
                        fl!("plan-none")
                    } else {
                        names.join(", ")
                    };
                    row![
                        text(label).width(Length::Fixed(200.0)),
                        text(list).width(Length::Fill)
                    ]
                    .spacing(theme::SMALL_GAP)
                    .into()
                };
                let mut page = column![
                    text(fl!(
                        "plan-install-path",
                        path = plan.install_path.display().to_string()
                    )),
                    group(fl!("plan-add"), &plan.add),
                    group(fl!("plan-update"), &plan.update),
                    group(fl!("plan-remove"), &plan.remove),
                    group(fl!("plan-unchanged"), &plan.unchanged),
                ]
                .spacing(theme::SMALL_GAP);
                if plan.reboot_required {
                    page = page.push(text(fl!("step2-reboot")).style(theme::warning_text));
                }
                page.into()
            }
        }
    }

    pub(super) fn prerequisites_page(&self) -> Element<'_, Message> {
        if self.plan.is_none() {
            return text(fl!("checking")).into();
        }
        if let Some(Err(error)) = &self.plan {
            return row![
                icon(Icon::Cross, theme::ICON),
                text(error).style(theme::danger_text)
            ]
            .spacing(theme::SMALL_GAP)
            .into();
        }
        if self.unmet.is_empty() {
            return row![
                icon(Icon::Check, theme::ICON),
                text(fl!("prerequisites-satisfied")).style(theme::success_text)
            ]
            .spacing(theme::SMALL_GAP)
            .into();
        }
        let mut list = Column::new().spacing(6);
        for item in &self.unmet {
            list = list.push(
                row![
                    icon(Icon::Cross, 14.0),
                    text(crate::wording::reason(&item.why)).size(theme::BODY)
                ]
                .spacing(theme::SMALL_GAP),
            );
        }
        let mut actions = row![button(text(fl!("check-again"))).on_press(Message::CheckAgain)]
            .spacing(theme::SMALL_GAP)
            .align_y(iced::Alignment::Center);
        let mut install_note = None;
        if let Some(programs) = &self.programs {
            let line = programs.command.join(" ");
            if programs.command.is_empty() {
                install_note = Some(fl!(
                    "programs-no-manager",
                    packages = programs.packages.join(" ")
                ));
            } else if programs.root {
                actions = actions
                    .push(button(text(fl!("programs-install"))).on_press(Message::InstallPrograms));
                install_note = Some(fl!("programs-will-run", command = line));
            } else {
                install_note = Some(fl!("programs-need-root", command = line));
            }
        }
        let mut page = column![
            text(fl!("prerequisites-not-satisfied"))
                .size(theme::HEADING)
                .style(theme::danger_text),
            text(fl!("prerequisites-fix")).style(theme::muted_text),
            scrollable(list)
                .spacing(theme::SMALL_GAP)
                .height(Length::Fill),
        ]
        .spacing(theme::GAP);
        if let Some(note) = install_note {
            page = page.push(text(note).size(theme::SMALL).style(theme::muted_text));
        }
        page.push(actions).into()
    }
}
