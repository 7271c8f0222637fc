//! Cold start to first window, ours beside XCA 2.4 on the same display, pairwise (run by
//! `benches/gui.sh`, which starts the Xvfb display and makes the data directory).
//!
//! The moment a window is mapped is taken from the X server itself: this bench listens to the
//! root window's substructure events and stops the clock when the server reports the MapNotify
//! of a window whose title is the one awaited (or, when the title comes after the mapping, the
//! PropertyNotify that sets it). No polling: nothing else runs beside the two programs.
//!
//! Environment: `DISPLAY`, `FIRST_WINDOW_APP` (our binary), `FIRST_WINDOW_DATA` (its data
//! directory), `FIRST_WINDOW_PEER_HOME` (a home of its own for XCA's settings), `RUNS` (9).

use std::process::{Child, Command, Stdio};
use std::sync::mpsc::RecvTimeoutError;
use std::time::{Duration, Instant};

use x11rb::connection::Connection;
use x11rb::protocol::Event;
use x11rb::protocol::xproto::{
    AtomEnum, ChangeWindowAttributesAux, ConnectionExt, EventMask, Window,
};
use x11rb::rust_connection::RustConnection;

const OURS: &str = "deploy-wizard — Deployment Wizard";
const PEER: &str = "X Certificate and Key management";
/// How long a program may take to show its window before the bench gives up.
const GIVE_UP: Duration = Duration::from_secs(30);

fn main() {
    let app = std::env::var("FIRST_WINDOW_APP").expect("FIRST_WINDOW_APP: our binary");
    let data = std::env::var("FIRST_WINDOW_DATA").expect("FIRST_WINDOW_DATA: a data directory");
    let peer_home = std::env::var("FIRST_WINDOW_PEER_HOME").ok();
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(9);
    let (conn, screen) = x11rb::connect(None).expect("an X display (DISPLAY)");
    let root = conn.setup().roots[screen].root;
    conn.change_window_attributes(
        root,
        &ChangeWindowAttributesAux::new().event_mask(EventMask::SUBSTRUCTURE_NOTIFY),
    )
    .expect("watch the root window")
    .check()
    .expect("watch the root window");
    let atoms = Atoms::new(&conn);
    let peer = peer_home.filter(|_| on_path("xca"));

    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for run in 1..=runs {
        let mut command = Command::new(&app);
        command.args(["--data-dir", &data]);
        let (took, mut child) = until_mapped(&conn, &atoms, &mut command, OURS);
        // Peak memory once the first frames are drawn.
        std::thread::sleep(Duration::from_secs(2));
        let rss = peak_rss_kib(child.id());
        stop(&mut child);
        println!(
            "run {run}: first window after {:.3} s, peak RSS {:.1} MiB",
            took.as_secs_f64(),
            rss as f64 / 1024.0
        );
        ours.push(took);
        if let Some(home) = &peer {
            let mut command = Command::new("xca");
            command.env("HOME", home);
            let (took, mut child) = until_mapped(&conn, &atoms, &mut command, PEER);
            stop(&mut child);
            println!(
                "run {run}: XCA first window after {:.3} s; ratio {:.2}",
                took.as_secs_f64(),
                ours[ours.len() - 1].as_secs_f64() / took.as_secs_f64()
            );
            theirs.push(took);
        }
    }
    let ours = median(&mut ours);
    if theirs.is_empty() {
        println!(
            "first window: ours median {:.3} s; XCA is not installed (apt-get install xca): no ratio",
            ours.as_secs_f64()
        );
    } else {
        let theirs = median(&mut theirs);
        println!(
            "first window: ours median {:.3} s, XCA median {:.3} s: {:.2}x XCA (goal <= 0.4x)",
            ours.as_secs_f64(),
            theirs.as_secs_f64(),
            ours.as_secs_f64() / theirs.as_secs_f64()
        );
    }
}

struct Atoms {
    net_wm_name: u32,
    utf8_string: u32,
}

impl Atoms {
    fn new(conn: &RustConnection) -> Self {
        let intern = |name: &str| {
            conn.intern_atom(false, name.as_bytes())
                .expect("intern an atom")
                .reply()
                .expect("intern an atom")
                .atom
        };
        Atoms {
            net_wm_name: intern("_NET_WM_NAME"),
            utf8_string: intern("UTF8_STRING"),
        }
    }
}

/// Starts `command` and waits until the server maps a window titled `title`: the time from
/// the start to that moment, and the child (to be stopped by the caller).
fn until_mapped(
    conn: &RustConnection,
    atoms: &Atoms,
    command: &mut Command,
    title: &str,
) -> (Duration, Child) {
    // Events of the previous program's windows are not this one's.
    while conn.poll_for_event().expect("read X events").is_some() {}
    let start = Instant::now();
    let mut child = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the program");
    let pid = child.id();
    // A program that never maps its window must not hold the bench forever: a watchdog ends
    // the bench (and the program, which is ours: its pid comes from our own spawn).
    let (_mapped, watchdog) = std::sync::mpsc::channel::<()>();
    std::thread::spawn(move || {
        if let Err(RecvTimeoutError::Timeout) = watchdog.recv_timeout(GIVE_UP) {
            eprintln!("no window \"{OURS}\" or \"{PEER}\" within {GIVE_UP:?} (pid {pid})");
            // Our own child, not reaped yet: its pid is still the one we started.
            let _ = Command::new("kill").arg(pid.to_string()).status();
            std::process::exit(1);
        }
    });
    let mut mapped: Vec<Window> = Vec::new();
    loop {
        match conn.wait_for_event().expect("read X events") {
            Event::MapNotify(event) => {
                if title_of(conn, atoms, event.window).as_deref() == Some(title) {
                    return (start.elapsed(), child);
                }
                // The title may come after the mapping: watch the window's properties.
                conn.change_window_attributes(
                    event.window,
                    &ChangeWindowAttributesAux::new().event_mask(EventMask::PROPERTY_CHANGE),
                )
                .expect("watch a window");
                conn.flush().expect("flush");
                mapped.push(event.window);
            }
            Event::PropertyNotify(event)
                if mapped.contains(&event.window)
                    && title_of(conn, atoms, event.window).as_deref() == Some(title) =>
            {
                return (start.elapsed(), child);
            }
            _ => {}
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("{title}: the program ended ({status}) before its window was mapped");
        }
    }
}

/// The window's title: `_NET_WM_NAME` (UTF-8), else `WM_NAME`.
fn title_of(conn: &RustConnection, atoms: &Atoms, window: Window) -> Option<String> {
    let get = |property: u32, kind: u32| {
        conn.get_property(false, window, property, kind, 0, 1024)
            .ok()?
            .reply()
            .ok()
            .filter(|reply| !reply.value.is_empty())
            .map(|reply| String::from_utf8_lossy(&reply.value).into_owned())
    };
    get(atoms.net_wm_name, atoms.utf8_string)
        .or_else(|| get(AtomEnum::WM_NAME.into(), AtomEnum::STRING.into()))
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}

/// Ends a program this bench started (its own child) and reaps it.
fn stop(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}

fn peak_rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmHWM:"))
                .and_then(|kib| kib.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

fn median(values: &mut [Duration]) -> Duration {
    values.sort();
    values[(values.len() - 1) / 2]
}
