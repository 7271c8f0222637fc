//! The window's frame: the header (the product's name and the page's title, Home), the footer of each page, and the page between them.

use iced::widget::{column, row};

use super::*;

impl App {
    pub(super) fn header(&self) -> Element<'_, Message> {
        let home = button(text(fl!("nav-home"))).on_press_maybe(
            (!matches!(self.screen, Screen::Home | Screen::FirstRun(_))).then_some(Message::Home),
        );
        container(
            row![
                {
                    // The product's name above the page's title, except where the page is the
                    // product's home (its title is the name).
                    let title = self.screen_title();
                    let mut heading = column![];
                    if title != fl!("app-title") {
                        heading = heading.push(
                            text(fl!("app-title"))
                                .size(theme::SMALL)
                                .style(theme::muted_text),
                        );
                    }
                    heading
                        .push(text(title).size(theme::TITLE))
                        .width(Length::Fill)
                },
                home,
            ]
            .align_y(iced::Center),
        )
        .padding([12.0, theme::PAGE_PADDING])
        .width(Length::Fill)
        .style(theme::bar)
        .into()
    }

    pub(super) fn footer(&self) -> Option<Element<'_, Message>> {
        let buttons: Element<'_, Message> = match &self.screen {
            Screen::Wizard(w) => w.footer().map(Message::Wizard),
            Screen::CertWizard(w) => w.footer().map(Message::CertWizard),
            Screen::ServerToServer(state) => match state.footer() {
                Some(buttons) => buttons.map(Message::ServerToServer),
                None => button(text(fl!("nav-close")))
                    .on_press(Message::Close)
                    .into(),
            },
            Screen::Checklist(state) => match state.footer() {
                Some(buttons) => buttons.map(Message::Checklist),
                None => button(text(fl!("nav-close")))
                    .on_press(Message::Close)
                    .into(),
            },
            Screen::PoolStatus(state) => match state.footer() {
                Some(buttons) => buttons.map(Message::PoolStatus),
                None => button(text(fl!("nav-close")))
                    .on_press(Message::Close)
                    .into(),
            },
            Screen::Home | Screen::FirstRun(_) => return None,
            Screen::System => row![
                system::footer(&self.status).map(Message::System),
                button(text(fl!("nav-close"))).on_press(Message::Close),
            ]
            .spacing(theme::SMALL_GAP)
            .into(),
            _ => button(text(fl!("nav-close")))
                .on_press(Message::Close)
                .into(),
        };
        Some(
            container(row![iced::widget::space::horizontal(), buttons])
                .padding([10.0, theme::PAGE_PADDING])
                .width(Length::Fill)
                .style(theme::bar)
                .into(),
        )
    }

    /// The window's content.
    pub fn view(&self) -> Element<'_, Message> {
        let body: Element<'_, Message> = match &self.screen {
            Screen::Home => home::view(&self.status).map(Message::HomeEntry),
            Screen::FirstRun(state) => state.view().map(Message::FirstRun),
            Screen::System => system::view(&self.status).map(Message::System),
            Screen::Wizard(w) => w.view(self.spinner).map(Message::Wizard),
            Screen::ServiceStatus(state) => state.view().map(Message::ServiceStatus),
            Screen::PoolStatus(state) => state.view(self.spinner).map(Message::PoolStatus),
            Screen::Certificates(state) => state.view().map(Message::Certificates),
            Screen::CertWizard(w) => w.view(self.spinner).map(Message::CertWizard),
            Screen::ServerToServer(state) => state.view(self.spinner).map(Message::ServerToServer),
            Screen::Checklist(state) => state.view(self.spinner).map(Message::Checklist),
            Screen::Logs(state) => state.view().map(Message::Logs),
            Screen::Settings(state) => state.view(&self.data).map(Message::Settings),
        };
        let mut page = column![
            self.header(),
            container(body)
                .padding(theme::PAGE_PADDING)
                .width(Length::Fill)
                .height(Length::Fill)
        ];
        if let Some(footer) = self.footer() {
            page = page.push(footer);
        }
        let page: Element<'_, Message> = page.into();
        match &self.screen {
            Screen::Wizard(w) if w.confirm_cancel => stack![
                page,
                confirm_dialog(|b| Message::Wizard(wizard::Message::ConfirmCancel(b)))
            ]
            .into(),
            Screen::CertWizard(w) if w.confirm_cancel => stack![
                page,
                confirm_dialog(|b| Message::CertWizard(cert_wizard::Message::ConfirmCancel(b)))
            ]
            .into(),
            _ => page,
        }
    }
}
