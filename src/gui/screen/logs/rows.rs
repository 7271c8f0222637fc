//! The log viewer's rows: only those in view are built, each of a fixed height; the command of the top line stays in view above them; a line longer than the list's width ends in "…", and a clicked line is shown whole.

use iced::widget::row;

use super::*;

impl State {
    /// Row `index` in a list `width` wide.
    pub(super) fn row_view(&self, index: usize, width: f32) -> Element<'_, Message> {
        let row_element: Element<'_, Message> = match &self.rows[index] {
            Row::Command {
                index: command,
                cli,
                outcome,
                reason,
            } => {
                let mark = match outcome {
                    Some(Outcome::Ok) => Icon::Check,
                    Some(Outcome::Warning) => Icon::Warning,
                    Some(Outcome::Failed) | None => Icon::Cross,
                };
                let fold = if self.folded.contains(command) {
                    "▸"
                } else {
                    "▾"
                };
                let mut label = cli.clone();
                if let Some(reason) = reason {
                    label.push_str(" — ");
                    label.push_str(reason);
                }
                // The fold mark, the icon, their gaps and the button's padding come first.
                let label = fit(&label, width - COMMAND_INDENT);
                button(
                    row![
                        text(fold).size(theme::SMALL),
                        icon(mark, 14.0),
                        text(label)
                            .font(Font::MONOSPACE)
                            .size(theme::SMALL)
                            .wrapping(Wrapping::None),
                    ]
                    .spacing(6)
                    .align_y(iced::Center),
                )
                .style(theme::list_button)
                .padding(iced::Padding::from([0.0, 4.0]))
                .on_press(Message::Fold(*command))
                .into()
            }
            Row::Line { level, text: t, .. } => {
                let style = match level {
                    Level::Info => theme::muted_text,
                    Level::Warning => theme::warning_text,
                    Level::Error => theme::danger_text,
                };
                // A long line ends in "…"; a click shows it whole, with Copy.
                button(
                    text(fit(t, width - LINE_INDENT))
                        .font(Font::MONOSPACE)
                        .size(theme::SMALL)
                        .wrapping(Wrapping::None)
                        .style(style),
                )
                .style(theme::list_button)
                .padding(iced::Padding::ZERO.left(LINE_INDENT - LINE_END))
                .width(Length::Fill)
                .on_press(Message::SelectLine(index))
                .into()
            }
        };
        let cell = container(row_element)
            .height(Length::Fixed(theme::LOG_ROW))
            .width(Length::Fill)
            .align_y(iced::Center);
        if self.highlight == Some(index) {
            cell.style(theme::selected_row).into()
        } else {
            cell.into()
        }
    }

    pub(super) fn lines_view(&self) -> Element<'_, Message> {
        iced::widget::responsive(move |size| self.lines_page(size.width)).into()
    }

    fn lines_page(&self, width: f32) -> Element<'_, Message> {
        let total = self.shown.len();
        let first = ((self.offset / theme::LOG_ROW).floor().max(0.0) as usize).min(total);
        let count = (self.height / theme::LOG_ROW).ceil() as usize + 2;
        let end = (first + count).min(total);
        let mut list = Column::new().push(space().height(first as f32 * theme::LOG_ROW));
        for &index in &self.shown[first..end] {
            list = list.push(self.row_view(index, width));
        }
        list = list.push(space().height((total - end) as f32 * theme::LOG_ROW));
        let body = scrollable(list.width(Length::Fill))
            .spacing(theme::SMALL_GAP)
            .id(LIST)
            .on_scroll(Message::Scrolled)
            .height(Length::Fill)
            .width(Length::Fill);
        // The command of the top visible line stays in view above it (after Jump to First
        // Error, the failing command's row and its error are seen together).
        let sticky = self.shown.get(first).and_then(|&i| match &self.rows[i] {
            Row::Line { command, .. } => self.headers.get(*command).copied(),
            Row::Command { .. } => None,
        });
        let mut page = Column::new();
        if let Some(header) = sticky {
            page = page.push(container(self.row_view(header, width)).style(theme::bar));
        }
        page = page.push(body);
        if let Some(Row::Line { text: whole, .. }) = self.selected_line.map(|i| &self.rows[i]) {
            page = page.push(
                row![
                    text(whole)
                        .font(Font::MONOSPACE)
                        .size(theme::SMALL)
                        .width(Length::Fill),
                    button(text(fl!("logs-copy-line"))).on_press(Message::CopyLine),
                ]
                .spacing(theme::SMALL_GAP)
                .padding(theme::SMALL_GAP),
            );
        }
        page.height(Length::Fill).into()
    }
}

/// A line's left padding, plus the room kept at its end for the scroll bar.
const LINE_INDENT: f32 = 36.0 + LINE_END;
const LINE_END: f32 = 24.0;
/// What precedes a command's text on its row (fold mark, icon, gaps, padding), plus the end.
const COMMAND_INDENT: f32 = 48.0 + LINE_END;
/// The monospace font's advance, as a share of its size, rounded up (DejaVu Sans Mono, Menlo
/// and Courier advance 0.60 em; Consolas 0.55).
const MONO_ADVANCE: f32 = 0.62;

/// `line` as shown in `room` pixels of monospace text: whole when it fits, else cut before
/// the last character that fits and ended with "…".
fn fit(line: &str, room: f32) -> String {
    let columns = (room / (theme::SMALL * MONO_ADVANCE)).floor().max(1.0) as usize;
    if line.chars().count() <= columns {
        return line.to_string();
    }
    let mut cut: String = line.chars().take(columns - 1).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::fit;

    #[test]
    fn a_long_line_ends_in_an_ellipsis_and_a_short_one_is_whole() {
        assert_eq!(fit("short", 400.0), "short");
        let long = "x".repeat(500);
        let shown = fit(&long, 400.0);
        assert!(shown.ends_with('…'));
        assert_eq!(shown.chars().count(), 49);
        assert_eq!(fit("abc", 1.0), "…");
    }
}
