//! Smoke test of the real binary in a real X server (Xvfb): the window opens, draws something
//! other than one colour, and closes when asked.

mod common;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::Workspace;

/// Kills (by pid) and reaps a process this test started.
struct Reaped(Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_display() -> u32 {
    (90..200)
        .find(|n| {
            !std::path::Path::new(&format!("/tmp/.X{n}-lock")).exists()
                && !std::path::Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
        })
        .expect("a free X display number")
}

/// Distinct pixel values of an XWD dump of the root window (32 bits per pixel, ZPixmap).
fn distinct_pixels(xwd: &[u8]) -> usize {
    let field = |i: usize| u32::from_be_bytes(xwd[i * 4..i * 4 + 4].try_into().unwrap()) as usize;
    let (header, width, height) = (field(0), field(4), field(5));
    let (bits_per_pixel, bytes_per_line, colors) = (field(11), field(12), field(19));
    assert_eq!(
        bits_per_pixel, 32,
        "Xvfb runs at depth 24 (32 bits per pixel)"
    );
    let pixels = &xwd[header + colors * 12..];
    let mut seen = std::collections::HashSet::new();
    for y in 0..height {
        let row = &pixels[y * bytes_per_line..y * bytes_per_line + width * 4];
        for px in row.chunks(4) {
            seen.insert([px[0], px[1], px[2]]);
        }
    }
    seen.len()
}

#[test]
fn the_window_opens_and_draws_under_xvfb() {
    let ws = Workspace::lab();
    let display = free_display();
    let _xvfb = Reaped(
        Command::new("Xvfb")
            .args([
                &format!(":{display}"),
                "-screen",
                "0",
                "1280x800x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb is installed (tests/install-parts installs it)"),
    );
    let display = format!(":{display}");
    let x_ready = |deadline: Instant| {
        while Instant::now() < deadline {
            let ok = Command::new("xwininfo")
                .args(["-root", "-display", &display])
                .output()
                .is_ok_and(|o| o.status.success());
            if ok {
                return true;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        false
    };
    assert!(
        x_ready(Instant::now() + Duration::from_secs(20)),
        "Xvfb did not start"
    );
    let _app = Reaped(
        Command::new(env!("CARGO_BIN_EXE_deploy-wizard"))
            .arg("--data-dir")
            .arg(ws.data())
            .env("DISPLAY", &display)
            .env("DEPLOY_WIZARD_FQDN", &ws.fqdn)
            .env("LANG", "en_US.UTF-8")
            .env_remove("WAYLAND_DISPLAY")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the binary starts"),
    );
    // Wait for the window by its title.
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut found = false;
    while Instant::now() < deadline && !found {
        let tree = common::output_within(
            Command::new("xwininfo").args(["-root", "-tree", "-display", &display]),
            common::CLIENT_LIMIT,
        );
        found = String::from_utf8_lossy(&tree.stdout).contains("deploy-wizard — Deployment Wizard");
        if !found {
            std::thread::sleep(Duration::from_millis(200));
        }
    }
    assert!(
        found,
        "no window titled \"deploy-wizard — Deployment Wizard\" appeared"
    );
    // Let it draw, then capture the screen.
    let mut colours = 0;
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline && colours < 20 {
        std::thread::sleep(Duration::from_millis(500));
        let shot = common::output_within(
            Command::new("xwd").args(["-root", "-silent", "-display", &display]),
            common::CLIENT_LIMIT,
        );
        assert!(
            shot.status.success(),
            "xwd: {}",
            String::from_utf8_lossy(&shot.stderr)
        );
        colours = distinct_pixels(&shot.stdout);
    }
    assert!(
        colours >= 20,
        "the screen shows {colours} colour(s): the window drew nothing"
    );
}
