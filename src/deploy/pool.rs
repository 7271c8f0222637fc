//! `pool status` and `pool start`: a pool seen as one. Every server of the pool is asked what
//! its clients would ask (SIP OPTIONS over TLS on the pool's SIP port, the web services'
//! health page); an Enterprise pool of three or more servers is started when a majority of
//! its servers answer (the product's `Start-CsPool` quorum). A Standard Edition server and a
//! pool of one or two servers are started by step 4 alone.

use std::net::IpAddr;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::data_dir::DataDir;
use crate::log::{Reason, Refusal, RunEvent, RunSpec, RunSummary, StepError, run_logged_summary};
use crate::store::LocalConfigurationStore;
use crate::topology::{Edition, Pool, PoolKind, Topology};

/// One health check of one server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// What was asked: `sip` or `web`.
    pub what: &'static str,
    /// Port asked.
    pub port: u16,
    /// Whether it answered as a healthy server does.
    pub ok: bool,
    /// What it answered, or why it did not.
    pub detail: String,
}

/// One server of the pool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServerHealth {
    /// Server FQDN.
    pub server: String,
    /// The address it resolved to, if it did.
    pub address: Option<String>,
    /// Every check.
    pub checks: Vec<Check>,
    /// Whether every check passed.
    pub up: bool,
}

/// What the pool is, as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum PoolState {
    /// A majority of its servers answer.
    Started,
    /// Fewer than a majority answer.
    Failed,
    /// A Standard Edition pool or a pool of one or two servers: no quorum, step 4 on each
    /// server starts it.
    StartedByStep4,
}

/// `pool status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PoolStatus {
    /// Pool FQDN.
    pub pool: String,
    /// Its servers.
    pub servers: Vec<ServerHealth>,
    /// How many answer.
    pub up: usize,
    /// How many must answer for the pool to be started.
    pub needed: usize,
    /// The verdict.
    pub state: PoolState,
}

impl PoolStatus {
    /// The servers that do not answer.
    pub fn down(&self) -> Vec<&str> {
        self.servers
            .iter()
            .filter(|s| !s.up)
            .map(|s| s.server.as_str())
            .collect()
    }

    /// The verdict as data, for the faces to word. The servers that answer are its `count`,
    /// so that the plural follows them (French says "0 serveur sur 3 répond"); run logs written
    /// before keep `said-pool-started`, `why-pool-no-quorum` and `said-pool-step4` with `up`.
    pub fn why(&self) -> Reason {
        let down = self.down().join(", ");
        match self.state {
            PoolState::Started => Reason::new("said-pool-started-count")
                .with("pool", &self.pool)
                .with("count", self.up)
                .with("total", self.servers.len())
                .with("down", if down.is_empty() { "-".into() } else { down }),
            PoolState::Failed => Reason::new("why-pool-no-quorum-count")
                .with("pool", &self.pool)
                .with("count", self.up)
                .with("total", self.servers.len())
                .with("needed", self.needed)
                .with("down", down),
            PoolState::StartedByStep4 => Reason::new("said-pool-step4-count")
                .with("pool", &self.pool)
                .with("count", self.up)
                .with("total", self.servers.len()),
        }
    }
}

/// Why a pool command could not run.
#[derive(Debug, thiserror::Error)]
pub enum PoolError {
    /// Bad input (no replica, unknown pool, a pool that is not started as a whole).
    #[error("{}", .0.english)]
    Refused(Refusal),
    /// Fewer than a majority answered.
    #[error("{}", english(.0))]
    NoQuorum(PoolStatus),
    /// The run log could not be written.
    #[error("{0}")]
    Io(String),
}

fn english(status: &PoolStatus) -> String {
    format!(
        "pool {} is not started: {} of {} servers answer, {} are needed; not answering: {}. Run step 4 (deploy-wizard services start) on those servers, or check that they are reachable, then run pool start again",
        status.pool,
        status.up,
        status.servers.len(),
        status.needed,
        status.down().join(", ")
    )
}

impl crate::log::Explain for PoolError {
    fn reason(&self) -> Option<Reason> {
        match self {
            PoolError::Refused(refusal) => Some(refusal.why.clone()),
            PoolError::NoQuorum(status) => Some(status.why()),
            PoolError::Io(_) => None,
        }
    }
}

impl PoolError {
    /// Bad input (exit 2) or a failed action (exit 1).
    pub fn failure(&self) -> crate::Failure {
        match self {
            PoolError::Refused(_) => crate::Failure::BadInput,
            PoolError::NoQuorum(_) | PoolError::Io(_) => crate::Failure::ActionFailed,
        }
    }
}

fn pool_of<'a>(
    topology: &'a Topology,
    this_pool: &str,
    asked: Option<&str>,
) -> Result<&'a Pool, PoolError> {
    let name = asked.unwrap_or(this_pool);
    topology
        .pools()
        .map(|(_, p)| p)
        .find(|p| p.fqdn.eq_ignore_ascii_case(name) && p.kind != PoolKind::PersistentChat)
        .or_else(|| topology.pool(name))
        .ok_or_else(|| {
            PoolError::Refused(Refusal::new(
                format!("the topology has no pool {name}"),
                Reason::new("why-pool-unknown").with("pool", name),
            ))
        })
}

/// Asks every server of the pool (this server's, or `pool`) whether it answers.
pub fn status(data: &DataDir, pool: Option<&str>) -> Result<PoolStatus, PoolError> {
    let replica = LocalConfigurationStore::require(data).map_err(|e| {
        PoolError::Refused(Refusal::new(
            e.to_string(),
            Reason::new("why-pool-no-replica"),
        ))
    })?;
    let topology = replica
        .topology()
        .map_err(|e| PoolError::Io(e.to_string()))?;
    let place = replica
        .this_server()
        .map_err(|e| PoolError::Io(e.to_string()))?;
    let pool = pool_of(&topology, &place.pool, pool)?;
    Ok(check(pool))
}

/// The quorum of `total` servers.
pub fn majority(total: usize) -> usize {
    total / 2 + 1
}

fn check(pool: &Pool) -> PoolStatus {
    let servers: Vec<ServerHealth> = std::thread::scope(|scope| {
        let handles: Vec<_> = pool
            .servers
            .iter()
            .map(|server| scope.spawn(move || check_server(pool, &server.fqdn)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a check does not panic"))
            .collect()
    });
    let up = servers.iter().filter(|s| s.up).count();
    let total = servers.len();
    let quorum_pool =
        pool.kind == PoolKind::FrontEnd && pool.edition != Some(Edition::Standard) && total >= 3;
    let (needed, state) = if quorum_pool {
        let needed = majority(total);
        (
            needed,
            if up >= needed {
                PoolState::Started
            } else {
                PoolState::Failed
            },
        )
    } else {
        (total, PoolState::StartedByStep4)
    };
    PoolStatus {
        pool: pool.fqdn.clone(),
        servers,
        up,
        needed,
        state,
    }
}

fn check_server(pool: &Pool, server: &str) -> ServerHealth {
    let address = address_of(server);
    let mut checks = Vec::new();
    let sip_port = pool.sip_port() as u16;
    let probe = |what: &'static str, port: u16, result: Result<(bool, String), String>| {
        let (ok, detail) = result.unwrap_or_else(|e| (false, e));
        Check {
            what,
            port,
            ok,
            detail,
        }
    };
    let Some(ip) = address else {
        checks.push(probe(
            "sip",
            sip_port,
            Err(format!("{server} does not resolve to an address")),
        ));
        return ServerHealth {
            server: server.to_string(),
            address: None,
            checks,
            up: false,
        };
    };
    if matches!(pool.kind, PoolKind::FrontEnd | PoolKind::Director) {
        checks.push(probe(
            "sip",
            sip_port,
            crate::services::probe::sip_options(ip, sip_port, server)
                .map(|code| (code == 200, format!("SIP OPTIONS answered {code}"))),
        ));
    }
    if let Some(web) = &pool.web_services {
        let port = web.internal_port as u16;
        checks.push(probe(
            "web",
            port,
            crate::services::probe::https_get(ip, port, &web.internal_fqdn, "/health")
                .map(|(code, _)| (code == 200, format!("/health answered HTTP {code}"))),
        ));
    }
    let up = !checks.is_empty() && checks.iter().all(|c| c.ok);
    ServerHealth {
        server: server.to_string(),
        address: Some(ip.to_string()),
        checks,
        up,
    }
}

/// A server's address: the listen address when it is this machine restricted to one (tests on
/// loopback), else DEPLOY_WIZARD_HOSTS, else the resolver.
fn address_of(server: &str) -> Option<IpAddr> {
    crate::https::resolve_host(server)
}

/// `pool start`: waits up to `wait` for a majority of the pool's servers to answer (each
/// server's step 4 starts its services), logging every round; fails naming the servers that
/// do not answer. Refused for pools that step 4 alone starts.
pub fn start(
    data: &DataDir,
    pool: Option<&str>,
    wait: Duration,
    sink: Option<tokio::sync::mpsc::UnboundedSender<RunEvent>>,
) -> Result<(PoolStatus, RunSummary), StepError<PoolError>> {
    let first = status(data, pool).map_err(|error| StepError { error, run: None })?;
    if first.state == PoolState::StartedByStep4 {
        return Err(StepError {
            error: PoolError::Refused(Refusal::new(
                format!(
                    "pool {} is a Standard Edition pool or has fewer than three servers ({}): it is started by step 4 (deploy-wizard services start) on each of its servers, not as a whole",
                    first.pool,
                    first.servers.len()
                ),
                Reason::new("why-pool-step4-only")
                    .with("pool", &first.pool)
                    .with("total", first.servers.len()),
            )),
            run: None,
        });
    }
    let mut args = vec!["pool".to_string(), "start".to_string()];
    if let Some(pool) = pool {
        args.extend(["--pool".into(), pool.to_string()]);
    }
    args.extend(["--wait".into(), wait.as_secs().to_string()]);
    let pool_name = first.pool.clone();
    run_logged_summary(
        data,
        RunSpec {
            kind: "pool-start",
            title: "Start pool",
            redactor: crate::log::Redactor::new(),
            sink,
            args,
        },
        |what, e| PoolError::Io(format!("{what}: {e}")),
        |log| {
            let deadline = Instant::now() + wait;
            let mut current = first;
            loop {
                for server in &current.servers {
                    for check in &server.checks {
                        log.tell(
                            Reason::new(if check.ok {
                                "said-pool-check-ok"
                            } else {
                                "said-pool-check-failed"
                            })
                            .with("server", &server.server)
                            .with("what", check.what)
                            .with("port", check.port)
                            .with("detail", &check.detail),
                        );
                    }
                }
                if current.state == PoolState::Started {
                    log.tell(current.why());
                    return Ok(current);
                }
                if Instant::now() >= deadline {
                    return Err(PoolError::NoQuorum(current));
                }
                std::thread::sleep(Duration::from_secs(1));
                current = status(data, Some(&pool_name))?;
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn status(up: &[bool], needed: usize, state: PoolState) -> PoolStatus {
        PoolStatus {
            pool: "pool.contoso.com".into(),
            servers: up
                .iter()
                .enumerate()
                .map(|(i, &up)| ServerHealth {
                    server: format!("fe{i}.contoso.com"),
                    address: None,
                    checks: Vec::new(),
                    up,
                })
                .collect(),
            up: up.iter().filter(|&&u| u).count(),
            needed,
            state,
        }
    }

    /// French says 0 and 1 server in the singular; English reads as it always did.
    #[test]
    fn the_servers_that_answer_are_counted_in_both_languages() {
        let none = status(&[false], 1, PoolState::StartedByStep4).why();
        assert!(none.words(Lang::Fr).contains("0 serveur sur 1 répond ;"));
        assert!(none.words(Lang::En).contains(": 0 of 1 servers answer;"));
        let one = status(&[true, false, false], 2, PoolState::Failed).why();
        assert!(
            one.words(Lang::Fr)
                .contains("1 serveur sur 3 répond, il en faut 2")
        );
        assert_eq!(
            one.words(Lang::En),
            "Pool pool.contoso.com is not started: 1 of 3 servers answer, 2 are needed; not answering: fe1.contoso.com, fe2.contoso.com. Run step 4 (deploy-wizard services start) on those servers, or check that they are reachable, then start the pool again"
        );
        let two = status(&[true, true, false], 2, PoolState::Started).why();
        assert!(
            two.words(Lang::Fr)
                .contains("2 serveurs sur 3 répondent (sans")
        );
    }
}
