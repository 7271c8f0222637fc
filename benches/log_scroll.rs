//! Frame time of the log viewer scrolling a 100,000-line run: for each of 200 scroll positions,
//! build the page, lay it out and draw it with the software renderer (what a frame costs).
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
    let mut times = Vec::with_capacity(frames);
    for frame in 0..frames {
        let offset = (frame as f32 / frames as f32) * (rows as f32 * 22.0 - height);
        viewer.set_scroll(offset, height);
        let start = Instant::now();
        let mut ui = iced_test::simulator::Simulator::with_size(
            iced::Settings::default(),
            (1000.0, 680.0),
            viewer.view(),
        );
        let _ = ui.snapshot(&iced::Theme::Light).expect("a frame draws");
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let mean = times.iter().sum::<f64>() / times.len() as f64;
    println!(
        "log viewer, {rows} rows: load {:.1} ms; frame (view + layout + draw at 2x) mean {mean:.2} ms, median {:.2} ms, p95 {:.2} ms, max {:.2} ms over {frames} scroll positions",
        load.as_secs_f64() * 1000.0,
        times[frames / 2],
        times[frames * 95 / 100],
        times[frames - 1]
    );
}
