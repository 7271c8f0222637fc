//! A certificate store of 10,000 certificates: how long `cert list` and `cert usages` take (the
//! release binary, wall time and peak RSS from /usr/bin/time), and how long the window takes to
//! open the Certificate Wizard's main page and the Certificate Store page of an assignment
//! (state + view + layout + draw of the first frame).
//! Run: `cargo bench --bench cert_store` (populating the store takes a minute or two).

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use deploy_wizard::cert::check::Anchors;
use deploy_wizard::cert::store::{CertMeta, CertStore};
use deploy_wizard::cert::{index, lab, query};
use deploy_wizard::data_dir::DataDir;
use deploy_wizard::gui::{App, Boot, Message};
use deploy_wizard::i18n::Lang;
use deploy_wizard::store::LocalConfigurationStore;
use time::OffsetDateTime;

const CERTIFICATES: usize = 10_000;
const BIN: &str = env!("CARGO_BIN_EXE_deploy-wizard");

fn cli(data: &Path, args: &[&str]) -> std::process::Output {
    let out = Command::new(BIN)
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .output()
        .expect("the binary runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Wall time (s) and peak RSS (MiB) of one CLI run, median of `runs`.
fn measure(data: &Path, args: &[&str], runs: usize) -> (f64, f64) {
    let mut samples = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let out = Command::new("/usr/bin/time")
            .args(["-f", "%M"])
            .arg(BIN)
            .arg("--data-dir")
            .arg(data)
            .args(args)
            .output()
            .expect("/usr/bin/time runs");
        let wall = start.elapsed().as_secs_f64();
        assert!(out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        let kib: f64 = stderr
            .lines()
            .last()
            .and_then(|l| l.trim().parse().ok())
            .unwrap_or(0.0);
        samples.push((wall, kib / 1024.0));
    }
    samples.sort_by(|a, b| a.0.total_cmp(&b.0));
    samples[runs / 2]
}

/// One frame of the window: view, layout and draw.
fn frame(app: &App) -> f64 {
    let start = Instant::now();
    let mut ui = iced_test::simulator::Simulator::with_size(
        iced::Settings::default(),
        (1000.0, 680.0),
        app.view(),
    );
    let _ = ui.snapshot(&iced::Theme::Light).expect("a frame draws");
    start.elapsed().as_secs_f64() * 1000.0
}

/// Runs what `task` outputs into the app, as the runtime would (widget operations such as
/// focus are skipped).
fn run_task(app: &mut App, task: iced::Task<Message>) {
    use iced_test::futures::futures::{StreamExt, executor};
    if let Some(stream) = iced_runtime::task::into_stream(task) {
        let actions: Vec<_> = executor::block_on(stream.collect());
        for action in actions {
            if let iced_runtime::Action::Output(message) = action {
                let next = app.update(message);
                run_task(app, next);
            }
        }
    }
}

/// Clicks `label` and applies the messages; returns the time the update took (ms) and the
/// tasks it returned.
fn click(app: &mut App, label: &str) -> (f64, Vec<iced::Task<Message>>) {
    let mut ui = iced_test::simulator(app.view());
    ui.click(label)
        .unwrap_or_else(|e| panic!("click {label:?}: {e}"));
    let messages: Vec<Message> = ui.into_messages().collect();
    let start = Instant::now();
    let tasks = messages.into_iter().map(|m| app.update(m)).collect();
    (start.elapsed().as_secs_f64() * 1000.0, tasks)
}

/// Makes a lab deployment in `base` and fills its store with [`CERTIFICATES`] certificates.
fn fill(base: &Path, data_path: &Path, data: &DataDir) {
    let cms = base.join("cms");
    cli(data_path, &["cms", "init", cms.to_str().unwrap(), "--lab"]);
    cli(
        data_path,
        &["store", "install", "--from-cms", cms.to_str().unwrap()],
    );
    cli(
        data_path,
        &[
            "cert", "request", "--type", "Default", "--key", "p256", "--assign",
        ],
    );
    let replica = LocalConfigurationStore::require(data).unwrap();
    let server = replica.this_server().unwrap().server;
    let ca = lab::detected(&replica).unwrap()[0].name.clone();
    let store = CertStore::open(data);
    let anchors = Anchors::new(&query::trusted_roots(data, &replica).unwrap());

    let filled = Instant::now();
    for i in 1..CERTIFICATES {
        let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
        let mut params = rcgen::CertificateParams::new(vec![server.clone()]).unwrap();
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, server.clone());
        let csr = params.serialize_request(&key).unwrap();
        let (leaf, chain) = lab::issue(&replica, &ca, csr.der()).unwrap();
        let meta = CertMeta {
            friendly_name: format!("load {i}"),
            exportable: i % 2 == 0,
            template: None,
            requested_usages: Vec::new(),
            origin: format!("lab:{ca}"),
            added_at: OffsetDateTime::now_utc(),
            request: None,
        };
        // As the wizard adds a certificate: stored, and noted in the index.
        index::add(
            &store,
            &leaf,
            &chain,
            Some(&key.serialize_der()),
            meta,
            Some(&anchors),
        )
        .unwrap();
    }
    println!(
        "filled the store with {CERTIFICATES} certificates in {:.1} s",
        filled.elapsed().as_secs_f64()
    );
}

fn main() {
    // `CERT_STORE_DIR=PATH` keeps the filled store there and uses it again in a later run (the
    // filling takes a minute); otherwise a temporary directory.
    let kept = std::env::var_os("CERT_STORE_DIR").map(std::path::PathBuf::from);
    let temporary = tempfile::tempdir().unwrap();
    let base = kept
        .clone()
        .unwrap_or_else(|| temporary.path().to_path_buf());
    let data_path = base.join("data");
    let data = DataDir::new(&data_path);
    let filled_before = kept.is_some()
        && CertStore::open(&data)
            .list_entries()
            .is_ok_and(|t| t.len() == CERTIFICATES);
    if !filled_before {
        fill(&base, &data_path, &data);
    }
    let (wall, rss) = measure(&data_path, &["--json", "cert", "list"], 5);
    println!(
        "cert list --json ({CERTIFICATES} certificates): median {wall:.3} s, peak RSS {rss:.1} MiB"
    );
    let (wall, rss) = measure(&data_path, &["cert", "usages"], 5);
    println!("cert usages: median {wall:.3} s, peak RSS {rss:.1} MiB");

    // The window: Home → Certificate Wizard (main page), then Assign → Certificate Store,
    // whose checks run off the window's thread while the page says so. The first opening
    // after the filling folds the additions noted in the index (as after 10,000 requests or
    // imports); the later ones use the index; the last one, the index removed, makes every
    // entry from the certificates themselves.
    let mut main_times = Vec::new();
    let mut store_shown = Vec::new();
    let mut store_listed = Vec::new();
    for _ in 0..5 {
        let (main, shown, listed) = open_store_page(&data);
        main_times.push(main);
        store_shown.push(shown);
        store_listed.push(listed);
    }
    let after_additions = store_listed.remove(0);
    std::fs::remove_dir_all(data_path.join("certs/.index")).expect("the index is there");
    let (_, _, without_index) = open_store_page(&data);
    for times in [&mut main_times, &mut store_shown, &mut store_listed] {
        times.sort_by(f64::total_cmp);
    }
    println!(
        "window, Certificate Wizard main page (load + first frame): median {:.1} ms, max {:.1} ms",
        main_times[2], main_times[4]
    );
    let first = if filled_before {
        "first opening (a kept store: its additions were folded in an earlier run)".to_string()
    } else {
        format!("first opening after the {CERTIFICATES} additions")
    };
    println!(
        "window, Certificate Store page of an assignment: shown (\"Checking…\") after median {:.1} ms; {CERTIFICATES} certificates checked and listed: {first} {after_additions:.1} ms, later openings median {:.1} ms, max {:.1} ms; without an index (every entry made) {without_index:.1} ms",
        store_shown[2],
        (store_listed[1] + store_listed[2]) / 2.0,
        store_listed[3]
    );
}

/// Opens the Certificate Wizard's main page, then the Certificate Store page of a Default
/// assignment: the main page's load + first frame, the store page shown, and its list shown
/// (checks done), in ms.
fn open_store_page(data: &DataDir) -> (f64, f64, f64) {
    let (mut app, _) = App::boot(Boot {
        data: data.clone(),
        lang: Some(Lang::En),
        status: None,
    });
    let (update, _) = click(&mut app, "Certificate Wizard");
    let main = update + frame(&app);
    click(&mut app, "Default");
    click(&mut app, "Assign");
    let started = Instant::now();
    let (update, tasks) = click(&mut app, "Next");
    let shown = update + frame(&app);
    for task in tasks {
        run_task(&mut app, task);
    }
    frame(&app);
    (main, shown, started.elapsed().as_secs_f64() * 1000.0)
}
