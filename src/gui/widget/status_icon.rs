//! The status icons drawn as vector shapes (no font glyph needed): the green check of a
//! completed command, the red cross of a failed one, the amber warning, the spinner of a
//! running one, and the hollow circle of one not run.

use iced::widget::canvas::{self, Frame, Geometry, Path, Stroke, path::Arc};
use iced::{Element, Length, Point, Radians, Rectangle, Renderer, Theme, mouse};

use crate::gui::theme;

/// Which icon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Icon {
    /// Done: a white check on a green disc.
    Check,
    /// Failed: a white cross on a red disc.
    Cross,
    /// Done with warnings, or expiring: an amber disc with an exclamation mark.
    Warning,
    /// Running: an arc whose start turns with `frame` (0–11).
    Spinner(u8),
    /// Not run: a hollow circle.
    Pending,
}

/// An icon of `size` pixels.
pub fn icon<'a, Message: 'a>(icon: Icon, size: f32) -> Element<'a, Message> {
    canvas::Canvas::new(Drawing(icon))
        .width(Length::Fixed(size))
        .height(Length::Fixed(size))
        .into()
}

struct Drawing(Icon);

impl<Message> canvas::Program<Message> for Drawing {
    type State = ();

    fn draw(
        &self,
        _state: &(),
        renderer: &Renderer,
        theme: &Theme,
        bounds: Rectangle,
        _cursor: mouse::Cursor,
    ) -> Vec<Geometry> {
        let mut frame = Frame::new(renderer, bounds.size());
        let size = bounds.width.min(bounds.height);
        let center = frame.center();
        let radius = size / 2.0 - 1.0;
        let white = iced::Color::WHITE;
        let line = |color| {
            Stroke::default()
                .with_color(color)
                .with_width((size / 9.0).max(1.5))
                .with_line_cap(canvas::LineCap::Round)
        };
        let at = |x: f32, y: f32| Point::new(center.x + x * radius, center.y + y * radius);
        match self.0 {
            Icon::Check => {
                frame.fill(&Path::circle(center, radius), theme::success(theme));
                let check = Path::new(|p| {
                    p.move_to(at(-0.5, 0.0));
                    p.line_to(at(-0.15, 0.38));
                    p.line_to(at(0.5, -0.35));
                });
                frame.stroke(&check, line(white));
            }
            Icon::Cross => {
                frame.fill(&Path::circle(center, radius), theme::danger(theme));
                frame.stroke(&Path::line(at(-0.4, -0.4), at(0.4, 0.4)), line(white));
                frame.stroke(&Path::line(at(0.4, -0.4), at(-0.4, 0.4)), line(white));
            }
            Icon::Warning => {
                frame.fill(&Path::circle(center, radius), theme::warning(theme));
                frame.stroke(&Path::line(at(0.0, -0.5), at(0.0, 0.15)), line(white));
                frame.fill(&Path::circle(at(0.0, 0.45), size / 14.0), white);
            }
            Icon::Spinner(step) => {
                let start = f32::from(step % 12) * std::f32::consts::TAU / 12.0;
                let arc = Path::new(|p| {
                    p.arc(Arc {
                        center,
                        radius: radius * 0.8,
                        start_angle: Radians(start),
                        end_angle: Radians(start + std::f32::consts::TAU * 0.7),
                    });
                });
                frame.stroke(&arc, line(theme::accent(theme)));
            }
            Icon::Pending => {
                frame.stroke(
                    &Path::circle(center, radius * 0.8),
                    Stroke::default()
                        .with_color(theme::muted(theme))
                        .with_width(1.5),
                );
            }
        }
        vec![frame.into_geometry()]
    }
}
