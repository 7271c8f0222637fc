//! The log viewer's rows: only those in view are built, each of a fixed height; the command of the top line stays in view above them; a clicked line is shown whole.

use iced::widget::row;

use super::*;

impl State {
    pub(super) fn row_view(&self, index: usize) -> Element<'_, Message> {
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
                // A long line is cut at the edge; a click shows it whole, with Copy.
                button(
                    text(t)
                        .font(Font::MONOSPACE)
                        .size(theme::SMALL)
                        .wrapping(Wrapping::None)
                        .style(style),
                )
                .style(theme::list_button)
                .padding(iced::Padding::ZERO.left(36.0))
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
        let total = self.shown.len();
        let first = ((self.offset / theme::LOG_ROW).floor().max(0.0) as usize).min(total);
        let count = (self.height / theme::LOG_ROW).ceil() as usize + 2;
        let end = (first + count).min(total);
        let mut list = Column::new().push(space().height(first as f32 * theme::LOG_ROW));
        for &index in &self.shown[first..end] {
            list = list.push(self.row_view(index));
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
            page = page.push(container(self.row_view(header)).style(theme::bar));
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
