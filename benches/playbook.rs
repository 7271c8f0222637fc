//! Figures of `deploy/ansible/site.yml` on the Enterprise sample's CMS host and pool of three
//! Front Ends (four network-namespace hosts with their own sshd, as in tests/ansible.rs),
//! release build: the wall time of the run that deploys everything from nothing, and of the
//! idempotent re-run (median of RERUNS, default 3; each must change nothing).
//! Run as root: `cargo bench --bench playbook`. Needs Ansible, openssh-server, nginx and
//! Kamailio (tests/install-parts). Not a test.

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use common::Workspace;
use common::hosts::{pool_hosts, pool_topology};
use common::playbook::Playbook;

fn main() {
    let reruns: usize = std::env::var("RERUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let ws = Workspace::new();
    let topology = pool_topology(&ws);
    let mut hosts = pool_hosts(&ws);
    let key = hosts.start_sshds();
    let playbook = Playbook::new(&ws, &hosts, key, &topology);

    let start = Instant::now();
    let first = playbook.run(&hosts, &[]);
    let cold = start.elapsed();
    assert_eq!(first.total("failed"), 0, "{}", first.output);
    let mut times: Vec<Duration> = (0..reruns)
        .map(|_| {
            let start = Instant::now();
            let again = playbook.run(&hosts, &[]);
            let took = start.elapsed();
            assert_eq!(again.total("changed"), 0, "{}", again.output);
            took
        })
        .collect();
    times.sort();
    println!(
        "playbook, 1 CMS host + 3 Front Ends, from nothing: {:.1} s",
        cold.as_secs_f64()
    );
    println!(
        "playbook, idempotent re-run (nothing changed): {:.1} s median of {reruns}",
        times[times.len() / 2].as_secs_f64()
    );
}
