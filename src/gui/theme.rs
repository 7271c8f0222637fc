//! Colours, sizes and widget styles: the one place the GUI's look is decided. Colours come
//! from the active theme's palette, so the light and the dark theme (following the system)
//! both read well.

use iced::widget::{button, container, text};
use iced::{Border, Color, Theme};

/// Space between blocks of a page.
pub const GAP: f32 = 16.0;
/// Space inside a block.
pub const SMALL_GAP: f32 = 8.0;
/// Padding around a page.
pub const PAGE_PADDING: f32 = 24.0;
/// Title size.
pub const TITLE: f32 = 26.0;
/// Heading size.
pub const HEADING: f32 = 18.0;
/// Body size.
pub const BODY: f32 = 15.0;
/// Small print.
pub const SMALL: f32 = 13.0;
/// Height of one row of the log viewer (the virtualised list depends on it being fixed).
pub const LOG_ROW: f32 = 22.0;
/// Size of a status icon.
pub const ICON: f32 = 18.0;

/// The green of a completed command.
pub fn success(theme: &Theme) -> Color {
    theme.extended_palette().success.base.color
}

/// The red of a failed command.
pub fn danger(theme: &Theme) -> Color {
    theme.extended_palette().danger.base.color
}

/// The amber of a warning.
pub fn warning(theme: &Theme) -> Color {
    theme.extended_palette().warning.base.color
}

/// The colour of secondary text.
pub fn muted(theme: &Theme) -> Color {
    let palette = theme.extended_palette();
    palette.background.base.text.scale_alpha(0.7)
}

/// The accent of running work.
pub fn accent(theme: &Theme) -> Color {
    theme.extended_palette().primary.base.color
}

/// Secondary text.
pub fn muted_text(theme: &Theme) -> text::Style {
    text::Style {
        color: Some(muted(theme)),
    }
}

/// Error text.
pub fn danger_text(theme: &Theme) -> text::Style {
    text::Style {
        color: Some(danger(theme)),
    }
}

/// Success text.
pub fn success_text(theme: &Theme) -> text::Style {
    text::Style {
        color: Some(success(theme)),
    }
}

/// Warning text.
pub fn warning_text(theme: &Theme) -> text::Style {
    text::Style {
        color: Some(warning(theme)),
    }
}

/// A step card, a settings group: a rounded box a shade off the background.
pub fn card(theme: &Theme) -> container::Style {
    let palette = theme.extended_palette();
    container::Style {
        background: Some(palette.background.weak.color.into()),
        text_color: Some(palette.background.weak.text),
        border: Border {
            radius: 6.0.into(),
            width: 1.0,
            color: palette.background.strong.color,
        },
        ..container::Style::default()
    }
}

/// The header and footer bars.
pub fn bar(theme: &Theme) -> container::Style {
    let palette = theme.extended_palette();
    container::Style {
        background: Some(palette.background.weakest.color.into()),
        border: Border {
            width: 1.0,
            color: palette.background.strong.color,
            ..Border::default()
        },
        ..container::Style::default()
    }
}

/// The highlighted row of a list (the selected run, a search match).
pub fn selected_row(theme: &Theme) -> container::Style {
    let palette = theme.extended_palette();
    container::Style {
        background: Some(palette.primary.weak.color.into()),
        text_color: Some(palette.primary.weak.text),
        ..container::Style::default()
    }
}

/// A modal dialog's box.
pub fn dialog(theme: &Theme) -> container::Style {
    let palette = theme.extended_palette();
    container::Style {
        background: Some(palette.background.base.color.into()),
        border: Border {
            radius: 8.0.into(),
            width: 2.0,
            color: palette.primary.strong.color,
        },
        ..container::Style::default()
    }
}

/// The veil behind a modal dialog.
pub fn veil(_theme: &Theme) -> container::Style {
    container::Style {
        background: Some(Color::from_rgba(0.0, 0.0, 0.0, 0.45).into()),
        ..container::Style::default()
    }
}

/// A button that looks like a list entry.
pub fn list_button(theme: &Theme, status: button::Status) -> button::Style {
    button::text(theme, status)
}

/// The chosen option of a choice list.
pub fn chosen(theme: &Theme, status: button::Status) -> button::Style {
    let palette = theme.extended_palette();
    let background = match status {
        button::Status::Hovered | button::Status::Pressed => palette.primary.weak.color,
        _ => palette.primary.weak.color.scale_alpha(0.7),
    };
    button::Style {
        background: Some(background.into()),
        text_color: palette.primary.weak.text,
        border: Border {
            radius: 4.0.into(),
            width: 1.0,
            color: palette.primary.strong.color,
        },
        ..button::Style::default()
    }
}
