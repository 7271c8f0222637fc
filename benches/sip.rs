//! Figures of the Front End's SIP registrar (Kamailio) on the lab's Front End, release build, on
//! 127.0.0.1 (ports 4443, 8443 and 5061): steps 2 + 4 wall time (median of 5), the REGISTER +
//! MESSAGE round trip over TLS (median and p99 of 1,000 MESSAGEs, each answered 200 by the
//! receiving client), registrations per second through the Front End with 50 concurrent TLS
//! clients, and the peak RSS of each service (its processes' VmHWM summed).
//! Run: `cargo bench --bench sip`. Needs nginx and Kamailio. Not a test.

#[path = "../tests/common/sip.rs"]
#[allow(dead_code)]
mod sip;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use sip::Agent;

const PORT: u16 = 5061;

fn wizard(data: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_deploy-wizard"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("DEPLOY_WIZARD_FQDN", "bench.lab.test")
        .env("DEPLOY_WIZARD_LISTEN_ADDRESS", "127.0.0.1")
        .env("DEPLOY_WIZARD_FIREWALL", "leave")
        .output()
        .expect("the binary runs");
    assert!(
        out.status.success(),
        "deploy-wizard {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// Peak resident memory of a process and its descendants, KiB.
fn peak_rss(pid: u32) -> u64 {
    let mut total = 0;
    let mut pending = vec![pid];
    while let Some(pid) = pending.pop() {
        if let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) {
            total += status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
                .unwrap_or(0);
        }
        pending.extend(deploy_wizard::process::children_of(pid));
    }
    total
}

fn main() {
    let work = tempfile::tempdir().unwrap();
    let data: PathBuf = work.path().join("data");
    let cms = work.path().join("cms");
    // The lab's Front End alone (the lab also has a Persistent Chat pool: benches/pchat.sh).
    let topology = work.path().join("topology.json");
    std::fs::write(
        &topology,
        deploy_wizard::topology::STANDARD_EDITION_SAMPLE
            .replace("se01.contoso.com", "bench.lab.test")
            .replace("contoso.com", "lab.test"),
    )
    .unwrap();
    wizard(&data, &["cms", "init", cms.to_str().unwrap()]);
    wizard(
        &data,
        &[
            "cms",
            "publish",
            "--cms",
            cms.to_str().unwrap(),
            "--topology",
            topology.to_str().unwrap(),
        ],
    );
    wizard(
        &data,
        &[
            "cms",
            "ca",
            "create",
            "--cms",
            cms.to_str().unwrap(),
            "--name",
            "Bench CA",
        ],
    );
    wizard(
        &data,
        &["store", "install", "--from-cms", cms.to_str().unwrap()],
    );
    wizard(
        &data,
        &[
            "cert",
            "request",
            "--type",
            "Default,WebServicesInternal,WebServicesExternal",
            "--assign",
        ],
    );

    // Steps 2 + 4 from nothing.
    let mut steps = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        wizard(&data, &["components", "setup"]);
        wizard(&data, &["services", "start"]);
        steps.push(start.elapsed());
        wizard(&data, &["components", "remove"]);
    }
    steps.sort();
    wizard(&data, &["components", "setup"]);
    wizard(&data, &["services", "start"]);
    struct Stop<'a>(&'a Path);
    impl Drop for Stop<'_> {
        fn drop(&mut self) {
            let _ = Command::new(env!("CARGO_BIN_EXE_deploy-wizard"))
                .arg("--data-dir")
                .arg(self.0)
                .args(["services", "stop"])
                .env("DEPLOY_WIZARD_FIREWALL", "leave")
                .output();
        }
    }
    let _stop = Stop(&data);

    // REGISTER + MESSAGE round trips.
    let domain = "lab.test".to_string();
    let mut alice = Agent::connect(PORT, "alice", &domain);
    let mut bob = Agent::connect(PORT, "bob", &domain);
    assert_eq!(alice.register(), "SIP/2.0 200 OK");
    assert_eq!(bob.register(), "SIP/2.0 200 OK");
    let mut trips = Vec::with_capacity(1000);
    for i in 0..1000 {
        let start = Instant::now();
        alice.message("bob", &format!("message {i}"));
        let (_, text) = bob.receive();
        bob.answer_ok(&text);
        assert_eq!(alice.receive().0, "SIP/2.0 200 OK");
        trips.push(start.elapsed());
    }
    trips.sort();

    // Registrations per second, 50 concurrent TLS clients, 40 REGISTERs each.
    let start = Instant::now();
    let threads: Vec<_> = (0..50)
        .map(|n| {
            let domain = domain.clone();
            std::thread::spawn(move || {
                let mut agent = Agent::connect(PORT, &format!("user{n}"), &domain);
                for _ in 0..40 {
                    assert_eq!(agent.register(), "SIP/2.0 200 OK");
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    let per_second = 2000.0 / start.elapsed().as_secs_f64();

    let status: serde_json::Value =
        serde_json::from_str(&wizard(&data, &["--json", "services", "status"])).unwrap();
    println!(
        "steps 2 + 4 (components setup, services start), median of 5: {:.3} s",
        steps[2].as_secs_f64()
    );
    println!(
        "REGISTER + MESSAGE round trip over TLS, 1,000 MESSAGEs: median {:.3} ms, p99 {:.3} ms",
        percentile(&trips, 0.5).as_secs_f64() * 1000.0,
        percentile(&trips, 0.99).as_secs_f64() * 1000.0
    );
    println!("registrations per second, 50 concurrent TLS clients: {per_second:.0}");
    for service in status["services"].as_array().unwrap() {
        if let Some(pid) = service["pid"].as_u64() {
            println!(
                "peak RSS of {}: {:.1} MiB",
                service["name"].as_str().unwrap(),
                peak_rss(pid as u32) as f64 / 1024.0
            );
        }
    }
}
