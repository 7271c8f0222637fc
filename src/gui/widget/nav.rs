//! The footer of every wizard: Back, Next, Run Again, Finish, Cancel, each shown or enabled
//! from what the flow's page list says about the current page.

use iced::Element;
use iced::widget::{button, row, text};

use crate::fl;
use crate::gui::theme;

/// What the footer shows. `None` hides a button; a `Some(None)` one is shown disabled.
pub struct Nav<Message> {
    /// Back (always shown).
    pub back: Option<Message>,
    /// Next, when the page has a next one.
    pub next: Option<Option<Message>>,
    /// Run Again, after a failed action.
    pub run_again: Option<Message>,
    /// Finish, on the last page.
    pub finish: Option<Option<Message>>,
    /// Cancel, until the flow can finish.
    pub cancel: Option<Message>,
}

/// The footer's buttons.
pub fn footer<'a, Message: Clone + 'a>(nav: Nav<Message>) -> Element<'a, Message> {
    let mut buttons =
        row![button(text(fl!("nav-back"))).on_press_maybe(nav.back)].spacing(theme::SMALL_GAP);
    if let Some(next) = nav.next {
        buttons = buttons.push(
            button(text(fl!("nav-next")))
                .style(button::primary)
                .on_press_maybe(next),
        );
    }
    if let Some(again) = nav.run_again {
        buttons = buttons.push(button(text(fl!("run-again"))).on_press(again));
    }
    if let Some(finish) = nav.finish {
        buttons = buttons.push(
            button(text(fl!("nav-finish")))
                .style(button::primary)
                .on_press_maybe(finish),
        );
    }
    if let Some(cancel) = nav.cancel {
        buttons = buttons.push(button(text(fl!("nav-cancel"))).on_press(cancel));
    }
    buttons.into()
}
