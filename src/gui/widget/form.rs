//! Form pieces of the wizards' pages: a choice among options (a button per option, so a label
//! is what is clicked, by a mouse or a test), a labelled field, a path field with its Browse
//! button, a masked field, and a problem line under a field.

use iced::widget::{Column, button, column, row, text, text_input};
use iced::{Element, Length};

use super::status_icon::{Icon, icon};
use crate::fl;
use crate::gui::theme;

/// One option of a choice: highlighted when `selected`, sends `message` when clicked.
pub fn choice<'a, Message: Clone + 'a>(
    label: impl Into<String>,
    detail: Option<String>,
    selected: bool,
    message: Option<Message>,
) -> Element<'a, Message> {
    let mark = if selected { Icon::Check } else { Icon::Pending };
    let mut body = Column::new().push(text(label.into()));
    if let Some(detail) = detail {
        body = body.push(text(detail).size(theme::SMALL).style(theme::muted_text));
    }
    button(
        row![icon(mark, 16.0), body]
            .spacing(theme::SMALL_GAP)
            .align_y(iced::Center),
    )
    .width(Length::Fill)
    .style(if selected {
        theme::chosen
    } else {
        theme::list_button
    })
    .on_press_maybe(message)
    .into()
}

/// A label above a control.
pub fn labelled<'a, Message: 'a>(
    label: impl Into<String>,
    control: impl Into<Element<'a, Message>>,
) -> Element<'a, Message> {
    column![text(label.into()).size(theme::SMALL), control.into()]
        .spacing(4)
        .into()
}

/// A text field with an id (so a page can focus it), submitting `on_submit`.
pub fn field<'a, Message: Clone + 'a>(
    id: &'static str,
    placeholder: &str,
    value: &str,
    on_input: impl Fn(String) -> Message + 'a,
    on_submit: Message,
) -> text_input::TextInput<'a, Message> {
    text_input(placeholder, value)
        .id(id)
        .on_input(on_input)
        .on_submit(on_submit)
}

/// A masked field (a password, an HMAC key).
pub fn secret<'a, Message: Clone + 'a>(
    id: &'static str,
    placeholder: &str,
    value: &str,
    on_input: impl Fn(String) -> Message + 'a,
    on_submit: Message,
) -> Element<'a, Message> {
    field(id, placeholder, value, on_input, on_submit)
        .secure(true)
        .into()
}

/// A path field with its Browse… button (the field works where no file dialog does).
pub fn path<'a, Message: Clone + 'a>(
    id: &'static str,
    placeholder: &str,
    value: &str,
    on_input: impl Fn(String) -> Message + 'a,
    on_submit: Message,
    browse: Message,
) -> Element<'a, Message> {
    row![
        field(id, placeholder, value, on_input, on_submit),
        button(text(fl!("browse"))).on_press(browse),
    ]
    .spacing(theme::SMALL_GAP)
    .into()
}

/// A red line naming what is wrong with the page's input.
pub fn problem<'a, Message: 'a>(message: impl Into<String>) -> Element<'a, Message> {
    row![
        icon(Icon::Cross, 14.0),
        text(message.into())
            .size(theme::SMALL)
            .style(theme::danger_text)
    ]
    .spacing(6)
    .align_y(iced::Center)
    .into()
}

/// A failed certificate check as a line: the check's name in the window's language, then the
/// core's reason.
pub fn check_failure(failure: &crate::cert::check::CheckFailure) -> String {
    crate::wording::reason(&failure.why)
}
