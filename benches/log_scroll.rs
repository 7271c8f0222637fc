//! Frame time of the log viewer scrolling a 100,000-line run: for each of 200 scroll positions,
//! build the page, lay it out and draw it with the software renderer (what a frame costs) —
//! once as `iced_test`'s simulator does (a new renderer per frame), once as the running window
//! does (one renderer and the widget tree kept between frames).
//! Run: `cargo bench --bench log_scroll`.

use std::time::Instant;

use deploy_wizard::gui::LogViewer;
use deploy_wizard::log::{CommandRecord, Level, Outcome, OutputLine, Run};
use time::OffsetDateTime;

fn main() {
    let now = OffsetDateTime::now_utc();
    let lines: Vec<OutputLine> = (0..100_000)
        .map(|i| OutputLine {
            level: if i % 997 == 0 {
                Level::Warning
            } else {
                Level::Info
            },
            text: format!("line {i}: copied component file {i} into the install path"),
            said: None,
            at: now,
        })
        .collect();
    let run = Run {
        id: "bench".into(),
        title: "100,000 lines".into(),
        started: now,
        finished: Some(now),
        outcome: Some(Outcome::Ok),
        commands: vec![CommandRecord {
            cli: "deploy-wizard components setup".into(),
            started: now,
            finished: Some(now),
            outcome: Some(Outcome::Ok),
            reason: None,
            why: None,
            lines,
        }],
    };
    let built = Instant::now();
    let mut viewer = LogViewer::with_run(run);
    let load = built.elapsed();
    let rows = viewer.shown_rows();
    let height = 520.0;
    let frames = 200;
    let offset = |frame: usize| (frame as f32 / frames as f32) * (rows as f32 * 22.0 - height);

    // As `iced_test`'s simulator draws a frame: a new renderer each time (every glyph
    // rasterised again, every widget's text shaped again).
    let mut cold = Vec::with_capacity(frames);
    for frame in 0..frames {
        viewer.set_scroll(offset(frame), height);
        let start = Instant::now();
        let mut ui = iced_test::simulator::Simulator::with_size(
            iced::Settings::default(),
            (1000.0, 680.0),
            viewer.view(),
        );
        let _ = ui.snapshot(&iced::Theme::Light).expect("a frame draws");
        cold.push(start.elapsed().as_secs_f64() * 1000.0);
    }

    // As the running window draws a frame: one renderer (its glyph cache) and the widget tree
    // kept from the frame before (its shaped text), the view built again and laid out, drawn
    // and rasterised (software, 2x) for each scroll position.
    let mut warm = Vec::with_capacity(frames);
    {
        use iced_test::core::renderer::Headless;
        // (the renderer's own `new` takes no backend: the trait's is the simulator's)
        use iced_test::core::{Event, Font, Pixels, Size, clipboard, mouse, window};
        use iced_test::runtime::{UserInterface, user_interface};
        let mut renderer = iced_test::futures::futures::executor::block_on(
            <iced_test::renderer::Renderer as Headless>::new(
                Font::with_name("Fira Sans"),
                Pixels(16.0),
                std::env::var("ICED_TEST_BACKEND").ok().as_deref(),
            ),
        )
        .expect("a headless renderer");
        let size = Size::new(1000.0, 680.0);
        let theme = iced::Theme::Light;
        let background = iced_test::core::theme::Base::base(&theme);
        let mut cache = user_interface::Cache::default();
        let mut buffer = vec![0u8; 2000 * 1360 * 4];
        let mut clip_mask = tiny_skia::Mask::new(2000, 1360).expect("a clip mask");
        let viewport =
            iced_test::renderer::graphics::Viewport::with_physical_size(Size::new(2000, 1360), 2.0);
        let mut messages = Vec::new();
        for frame in 0..frames {
            viewer.set_scroll(offset(frame), height);
            let start = Instant::now();
            let mut ui = UserInterface::build(viewer.view(), size, cache, &mut renderer);
            let _ = ui.update(
                &[Event::Window(window::Event::RedrawRequested(
                    iced_test::core::time::Instant::now(),
                ))],
                mouse::Cursor::Unavailable,
                &mut renderer,
                &mut clipboard::Null,
                &mut messages,
            );
            ui.draw(
                &mut renderer,
                &theme,
                &iced_test::core::renderer::Style {
                    text_color: background.text_color,
                },
                mouse::Cursor::Unavailable,
            );
            cache = ui.into_cache();
            // Rasterised into the window's buffer, the whole window redrawn (the window's
            // compositor would redraw only what changed); no conversion to RGBA bytes, which
            // only a screenshot needs.
            renderer.draw(
                &mut tiny_skia::PixmapMut::from_bytes(&mut buffer, 2000, 1360)
                    .expect("a window-sized buffer"),
                &mut clip_mask,
                &viewport,
                &[iced::Rectangle::with_size(size)],
                background.background_color,
            );
            let took = start.elapsed().as_secs_f64() * 1000.0;
            // The frame is really drawn: text, not only the background (not timed).
            let inked = buffer
                .chunks_exact(4)
                .filter(|p| p[0] < 0xE0 || p[1] < 0xE0 || p[2] < 0xE0)
                .count();
            assert!(inked > 50_000, "frame {frame} inked only {inked} pixels");
            // The first frames fill the caches, as the window's first frame does.
            if frame >= 2 {
                warm.push(took);
            }
        }
    }
    let stats = |times: &mut Vec<f64>| {
        times.sort_by(f64::total_cmp);
        let n = times.len();
        (
            times[n / 2],
            times[n * 95 / 100],
            times[(n * 99 / 100).min(n - 1)],
            times[n - 1],
        )
    };
    let (median, p95, p99, max) = stats(&mut cold);
    println!(
        "log viewer, {rows} rows: load {:.1} ms; a frame drawn as the simulator does (new renderer each frame; view + layout + draw at 2x): median {median:.2} ms, p95 {p95:.2} ms, p99 {p99:.2} ms, max {max:.2} ms over {frames} scroll positions",
        load.as_secs_f64() * 1000.0,
    );
    let (median, p95, p99, max) = stats(&mut warm);
    println!(
        "log viewer, {rows} rows: a frame drawn as the running window does (one renderer, widget tree kept; view + layout + draw at 2x): median {median:.2} ms, p95 {p95:.2} ms, p99 {p99:.2} ms, max {max:.2} ms over {} scroll positions",
        warm.len()
    );
}
