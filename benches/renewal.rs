//! `cert renew --all` on a server whose store holds 1,000 certificates (old ones pile up as
//! certificates are renewed): its three local usages assigned, one of them due (a lab CA
//! issuing one-minute certificates). Wall time and peak RSS (from /usr/bin/time) of the run
//! that renews the due one, then of the runs that find nothing due (median of 5), and of
//! `--dry-run`. The run reads only the assigned certificates, whatever the store's size.
//! Run: `cargo bench --bench renewal` (it waits about 40 s for the certificate to be due).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use deploy_wizard::cert::lab;
use deploy_wizard::cert::store::{CertMeta, CertStore};
use deploy_wizard::data_dir::DataDir;
use deploy_wizard::store::LocalConfigurationStore;
use time::OffsetDateTime;

const CERTIFICATES: usize = 1_000;
const BIN: &str = env!("CARGO_BIN_EXE_deploy-wizard");

fn cli(data: &Path, args: &[&str]) -> String {
    let out = Command::new(BIN)
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("DEPLOY_WIZARD_FQDN", "bench.lab.test")
        .output()
        .expect("the binary runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Wall time (s) and peak RSS (MiB) of one run, and its output.
fn measure(data: &Path, args: &[&str]) -> (f64, f64, String) {
    let start = Instant::now();
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%M"])
        .arg(BIN)
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("DEPLOY_WIZARD_FQDN", "bench.lab.test")
        .output()
        .expect("/usr/bin/time runs");
    let wall = start.elapsed().as_secs_f64();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let kib: f64 = String::from_utf8_lossy(&out.stderr)
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or(0.0);
    (
        wall,
        kib / 1024.0,
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn median(args: &[&str], data: &Path) -> (f64, f64) {
    let mut samples: Vec<(f64, f64)> = (0..5)
        .map(|_| {
            let (wall, rss, _) = measure(data, args);
            (wall, rss)
        })
        .collect();
    samples.sort_by(|a, b| a.0.total_cmp(&b.0));
    samples[2]
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let data_path = dir.path().join("data");
    let cms = dir.path().join("cms");
    let cms_s = cms.to_str().unwrap();
    cli(&data_path, &["cms", "init", cms_s, "--lab"]);
    cli(
        &data_path,
        &[
            "cms",
            "ca",
            "create",
            "--cms",
            cms_s,
            "--name",
            "Minute CA",
            "--validity-seconds",
            "60",
        ],
    );
    cli(&data_path, &["store", "install", "--from-cms", cms_s]);
    // Old certificates fill the store.
    let data = DataDir::new(&data_path);
    let replica = LocalConfigurationStore::require(&data).unwrap();
    let server = replica.this_server().unwrap().server;
    let store = CertStore::open(&data);
    for i in 0..CERTIFICATES - 3 {
        let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
        let mut params = rcgen::CertificateParams::new(vec![server.clone()]).unwrap();
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, server.clone());
        let csr = params.serialize_request(&key).unwrap();
        let (leaf, chain) = lab::issue(&replica, lab::DEFAULT_LAB_CA, csr.der()).unwrap();
        let meta = CertMeta {
            friendly_name: format!("old {i}"),
            exportable: false,
            template: None,
            requested_usages: Vec::new(),
            origin: format!("lab:{}", lab::DEFAULT_LAB_CA),
            added_at: OffsetDateTime::now_utc(),
            request: None,
        };
        store
            .add(&leaf, &chain, Some(&key.serialize_der()), meta)
            .unwrap();
    }
    // The usages: two not due for a year, one due within a minute.
    for (usage, ca) in [
        ("Default", lab::DEFAULT_LAB_CA),
        ("WebServicesInternal", lab::DEFAULT_LAB_CA),
        ("WebServicesExternal", "Minute CA"),
    ] {
        cli(
            &data_path,
            &[
                "cert", "request", "--type", usage, "--ca", ca, "--key", "p256", "--assign",
            ],
        );
    }
    std::thread::sleep(Duration::from_secs(41));
    let (wall, rss, out) = measure(&data_path, &["--json", "cert", "renew", "--all"]);
    assert!(out.contains("\"Renewed\""), "{out}");
    println!(
        "cert renew --all, store of {CERTIFICATES} certificates, 1 of 3 assigned due: {wall:.3} s, peak RSS {rss:.1} MiB (renewed: request + assignment)"
    );
    let (wall, rss) = median(&["--json", "cert", "renew", "--all"], &data_path);
    println!("cert renew --all, nothing due: median {wall:.3} s, peak RSS {rss:.1} MiB");
    let (wall, rss) = median(
        &["--json", "cert", "renew", "--all", "--dry-run"],
        &data_path,
    );
    println!("cert renew --all --dry-run: median {wall:.3} s, peak RSS {rss:.1} MiB");
}
