//! Process control and host probes: which process a pid really is, the members of a process
//! group, who listens on a TCP port, and signals sent only to processes verified to be ours.
//!
//! A pid file is a claim, not a proof: after a crash its pid may belong to any process. Step 4
//! records each service's identity (pid, start time, executable, process group) when it starts
//! it; every later decision (running? stop? clear orphans?) compares the live process with that
//! record, and nothing is signalled unless it matches. Linux: from `/proc`.

pub mod run;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Who a process is: enough to tell it from a later process that reused its pid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessIdentity {
    /// Process id.
    pub pid: u32,
    /// Start time in clock ticks after boot (`/proc/PID/stat` field 22): unique with the pid.
    pub start_time: u64,
    /// The executable.
    pub exe: PathBuf,
    /// Process group id (a daemon's workers share its group).
    pub pgid: u32,
    /// Real user id when it was recorded (`/proc/PID/status`), for people reading the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<u32>,
}

/// Fields of `/proc/PID/stat` after the command name: (parent pid, process group, start time).
fn stat_fields(pid: u32) -> Option<(u32, u32, u64)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may hold spaces and parentheses; fields resume after the last ')'.
    let (_, rest) = stat.rsplit_once(')')?;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // rest[0] is field 3 (state): ppid = field 4, pgrp = field 5, starttime = field 22.
    Some((
        fields.get(1)?.parse().ok()?,
        fields.get(2)?.parse().ok()?,
        fields.get(19)?.parse().ok()?,
    ))
}

/// The identity of a live process, or `None` when it is gone or cannot be inspected (a process
/// of another user, for an unprivileged wizard: then it is certainly not one we started).
pub fn identity(pid: u32) -> Option<ProcessIdentity> {
    let (_, pgid, start_time) = stat_fields(pid)?;
    let exe = std::fs::read_link(format!("/proc/{pid}/exe")).ok()?;
    Some(ProcessIdentity {
        pid,
        start_time,
        exe,
        pgid,
        uid: uid_of(pid),
    })
}

/// The real user id of a process (`Uid:` of `/proc/PID/status`).
fn uid_of(pid: u32) -> Option<u32> {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// Whether a process with this pid exists and runs (a zombie waiting for its parent to reap it
/// has ended).
pub fn exists(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        stat.rsplit_once(')')
            .is_some_and(|(_, rest)| rest.split_whitespace().next() != Some("Z"))
    })
}

/// The process group of this process.
pub fn own_process_group() -> Option<u32> {
    stat_fields(std::process::id()).map(|(_, pgid, _)| pgid)
}

/// Whether `pid` is a process that ended and that its parent has not reaped yet.
pub fn is_zombie(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        stat.rsplit_once(')')
            .is_some_and(|(_, rest)| rest.split_whitespace().next() == Some("Z"))
    })
}

/// Whether `recorded` still runs: the same pid, start time and executable (a pid and its start
/// time name one process for the life of the machine). The user is not compared: daemons such as
/// coturn and Kamailio drop to their service user after they start, so it changes legitimately;
/// what keeps the record honest is where it is kept (see [`ServiceProcess`]).
pub fn is_alive(recorded: &ProcessIdentity) -> bool {
    identity(recorded.pid).is_some_and(|now| {
        now.start_time == recorded.start_time && same_exe(&now.exe, &recorded.exe)
    })
}

/// A replaced binary shows as `PATH (deleted)`; it is still the same program.
fn same_exe(now: &Path, recorded: &Path) -> bool {
    now == recorded
        || now.as_os_str().to_string_lossy() == format!("{} (deleted)", recorded.display())
}

fn all_pids() -> Vec<u32> {
    std::fs::read_dir("/proc")
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
                .collect()
        })
        .unwrap_or_default()
}

/// The live processes of `recorded`'s group running its executable and started no earlier
/// than it: its workers, including those orphaned when the leader died.
pub fn group_of(recorded: &ProcessIdentity) -> Vec<ProcessIdentity> {
    all_pids()
        .into_iter()
        .filter_map(identity)
        .filter(|p| {
            p.pgid == recorded.pgid
                && same_exe(&p.exe, &recorded.exe)
                && p.start_time >= recorded.start_time
        })
        .collect()
}

/// This host's local IPv4 addresses (the kernel's `host LOCAL` routes of
/// `/proc/net/fib_trie`), loopback included, each once, in order.
pub fn local_ipv4_addresses() -> Vec<std::net::Ipv4Addr> {
    let text = std::fs::read_to_string("/proc/net/fib_trie").unwrap_or_default();
    let mut found = Vec::new();
    let mut last: Option<std::net::Ipv4Addr> = None;
    for line in text.lines() {
        let line = line.trim();
        if let Some(address) = line.strip_prefix("|-- ") {
            last = address.parse().ok();
        } else if line.starts_with("/32 host LOCAL")
            && let Some(ip) = last
            && !found.contains(&ip)
        {
            found.push(ip);
        }
    }
    found
}

/// The processes whose parent is `pid`.
pub fn children_of(pid: u32) -> Vec<u32> {
    all_pids()
        .into_iter()
        .filter(|child| stat_fields(*child).is_some_and(|(parent, _, _)| parent == pid))
        .collect()
}

/// A process listening on a TCP port.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Listener {
    /// Its pid, when this wizard may see it (root sees every process).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pid: Option<u32>,
    /// Its program name (`/proc/PID/comm`), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub program: Option<String>,
}

impl std::fmt::Display for Listener {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.program, self.pid) {
            (Some(program), Some(pid)) => write!(f, "{program} (pid {pid})"),
            (None, Some(pid)) => write!(f, "process {pid}"),
            _ => f.write_str("a process this account cannot see (run as root to name it)"),
        }
    }
}

/// The address of a `/proc/net/tcp[6]` local address field (`0100007F`, or four groups for
/// IPv6, each a 32-bit word as the kernel holds it).
fn proc_address(hex: &str) -> Option<std::net::IpAddr> {
    let word = |i: usize| {
        hex.get(i * 8..i * 8 + 8)
            .and_then(|w| u32::from_str_radix(w, 16).ok())
            .map(u32::to_ne_bytes)
    };
    match hex.len() {
        8 => Some(std::net::IpAddr::from(word(0)?)),
        32 => {
            let mut bytes = [0u8; 16];
            for i in 0..4 {
                bytes[i * 4..i * 4 + 4].copy_from_slice(&word(i)?);
            }
            Some(std::net::IpAddr::from(bytes))
        }
        _ => None,
    }
}

/// Socket inodes listening on `port` (TCP over IPv4 and IPv6); with `at`, only those bound
/// to that address or to every address (the ones a listener on `at` would clash with).
fn listening_inodes(port: u16, at: Option<std::net::IpAddr>) -> HashSet<u64> {
    let mut inodes = HashSet::new();
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let Ok(text) = std::fs::read_to_string(table) else {
            continue;
        };
        for line in text.lines().skip(1) {
            let fields: Vec<&str> = line.split_whitespace().collect();
            // local_address is ADDR:PORT in hex; state 0A is LISTEN; field 9 is the inode.
            let Some(local) = fields.get(1) else { continue };
            let listening = fields.get(3) == Some(&"0A");
            let Some((address, local_port)) = local.rsplit_once(':') else {
                continue;
            };
            let port_matches = u16::from_str_radix(local_port, 16).ok() == Some(port);
            let address_matches = match (at, proc_address(address)) {
                (None, _) => true,
                (Some(at), Some(bound)) => bound == at || bound.is_unspecified(),
                (Some(_), None) => true,
            };
            if listening
                && port_matches
                && address_matches
                && let Some(inode) = fields.get(9).and_then(|i| i.parse::<u64>().ok())
            {
                inodes.insert(inode);
            }
        }
    }
    inodes
}

/// Who listens on a TCP port, if anyone does.
pub fn listener_on(port: u16) -> Option<Listener> {
    listener_at(None, port)
}

/// Who listens on a TCP port where a service listening on `at` (an address, or every address
/// for `None` or the unspecified address) would clash with it.
pub fn listener_at(at: Option<std::net::IpAddr>, port: u16) -> Option<Listener> {
    let at = at.filter(|a| !a.is_unspecified());
    let inodes = listening_inodes(port, at);
    if inodes.is_empty() {
        return None;
    }
    for pid in all_pids() {
        let Ok(fds) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
            continue;
        };
        let holds = fds.flatten().any(|fd| {
            std::fs::read_link(fd.path()).is_ok_and(|target| {
                target
                    .to_str()
                    .and_then(|t| t.strip_prefix("socket:["))
                    .and_then(|t| t.strip_suffix(']'))
                    .and_then(|i| i.parse::<u64>().ok())
                    .is_some_and(|i| inodes.contains(&i))
            })
        });
        if holds {
            let program = std::fs::read_to_string(format!("/proc/{pid}/comm"))
                .ok()
                .map(|c| c.trim().to_string());
            return Some(Listener {
                pid: Some(pid),
                program,
            });
        }
    }
    Some(Listener {
        pid: None,
        program: None,
    })
}

/// A system account: a service's unprivileged user and its primary group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// User name.
    pub user: String,
    /// User id.
    pub uid: u32,
    /// Primary group's name.
    pub group: String,
    /// Primary group id.
    pub gid: u32,
}

/// The account `name` from /etc/passwd and /etc/group (what a package such as kamailio or
/// coturn creates), if it exists.
pub fn system_account(name: &str) -> Option<Account> {
    let read = |path: &str| {
        crate::input::read_limited(
            std::path::Path::new(path),
            crate::input::InputKind::Accounts,
        )
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
    };
    let passwd = read("/etc/passwd")?;
    let (uid, gid) = passwd.lines().find_map(|line| {
        let fields: Vec<&str> = line.split(':').collect();
        (fields.len() >= 4 && fields[0] == name)
            .then(|| Some((fields[2].parse().ok()?, fields[3].parse().ok()?)))?
    })?;
    let group = read("/etc/group")
        .and_then(|groups| {
            groups.lines().find_map(|line| {
                let fields: Vec<&str> = line.split(':').collect();
                (fields.len() >= 3 && fields[2].parse::<u32>().ok() == Some(gid))
                    .then(|| fields[0].to_string())
            })
        })
        .unwrap_or_else(|| name.to_string());
    Some(Account {
        user: name.to_string(),
        uid,
        group,
        gid,
    })
}

/// A signal the wizard sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// Ask to end.
    Terminate,
    /// End now.
    Kill,
    /// Reread configuration (SIGHUP).
    Hangup,
    /// The program's own meaning (coturn: reload its TLS certificates) (SIGUSR2).
    User2,
}

/// Sends `signal` to `recorded`, only if the live process still is that one (same pid, start
/// time and executable). Returns whether it was sent.
pub fn signal_verified(recorded: &ProcessIdentity, signal: Signal) -> bool {
    if !is_alive(recorded) {
        return false;
    }
    send(recorded.pid, signal)
}

#[cfg(unix)]
fn send(pid: u32, signal: Signal) -> bool {
    use rustix::process::{Pid, Signal as Sig, kill_process};
    let Some(pid) = i32::try_from(pid).ok().and_then(Pid::from_raw) else {
        return false;
    };
    let sig = match signal {
        Signal::Terminate => Sig::TERM,
        Signal::Kill => Sig::KILL,
        Signal::Hangup => Sig::HUP,
        Signal::User2 => Sig::USR2,
    };
    kill_process(pid, sig).is_ok()
}

#[cfg(not(unix))]
fn send(_pid: u32, _signal: Signal) -> bool {
    false
}

/// A service's processes as its pid file claims them and as step 4 recorded them: the pid file
/// is a claim; the record (written when step 4 started the service, in the install directory's
/// `.wizard/`, which only the wizard's own user writes — never beside the pid file, in a
/// directory the service account owns) is what the claim is checked against before anything is
/// trusted or signalled.
#[derive(Debug, Clone)]
pub struct ServiceProcess {
    /// The service's pid file.
    pub pid_file: PathBuf,
    /// The program the service runs (its file name is compared with the executable's).
    pub program: String,
    /// The install directory its command line names.
    pub dir: PathBuf,
}

/// What runs of a service, as verified against what step 4 recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Liveness {
    /// Its process runs.
    Running(ProcessIdentity),
    /// Its main process is gone but processes of its group (orphaned workers) still run and
    /// may hold its ports.
    Orphans(Vec<ProcessIdentity>),
    /// The pid file names a live process that is not this service: a stale pid file.
    Stale(u32),
    /// Nothing of it runs.
    Stopped,
}

impl ServiceProcess {
    /// The pid the pid file claims.
    pub fn claimed_pid(&self) -> Option<u32> {
        // Its first line (PostgreSQL's postmaster.pid goes on with more).
        std::fs::read_to_string(&self.pid_file)
            .ok()?
            .lines()
            .next()?
            .trim()
            .parse()
            .ok()
    }

    fn record_file(&self) -> PathBuf {
        let relative = self
            .pid_file
            .strip_prefix(&self.dir)
            .unwrap_or(&self.pid_file)
            .to_string_lossy()
            .replace('/', "_");
        self.dir
            .join(RECORDS)
            .join(format!("{relative}.identity.json"))
    }

    fn record(&self) -> Option<ProcessIdentity> {
        let bytes = std::fs::read(self.record_file()).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// A process with no record is the service only if it runs the service's program with a
    /// command line naming its install directory.
    fn looks_like(&self, id: &ProcessIdentity) -> bool {
        let program = Path::new(&self.program)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        let exe = id.exe.file_name().map(|n| {
            n.to_string_lossy()
                .trim_end_matches(" (deleted)")
                .to_string()
        });
        // The install directory as a whole path (followed by `/`, a separator or the end):
        // `…/PersistentChat` is not `…/PersistentChatStore`.
        let names_dir = std::fs::read(format!("/proc/{}/cmdline", id.pid)).is_ok_and(|cmd| {
            let cmd = String::from_utf8_lossy(&cmd);
            let dir = self.dir.display().to_string();
            cmd.match_indices(&dir).any(|(at, _)| {
                matches!(
                    cmd[at + dir.len()..].chars().next(),
                    None | Some('/' | '\0' | ' ')
                )
            })
        });
        let same = match (program, exe) {
            (Some(program), Some(exe)) => match program.strip_suffix('*') {
                Some(prefix) => !prefix.is_empty() && exe.starts_with(prefix),
                None => program == exe,
            },
            _ => false,
        };
        same && names_dir
    }

    /// The process `pid` (a listener, say) when it is this service's own although nothing
    /// records it — the service's program started for this install directory, or a worker
    /// whose process group leader is — with its whole group: what a step killed after it
    /// started the daemon and before it wrote the pid file or the record leaves behind.
    pub fn unrecorded_own(&self, pid: u32) -> Option<Vec<ProcessIdentity>> {
        let id = identity(pid)?;
        let leader = if self.looks_like(&id) {
            id
        } else {
            identity(id.pgid).filter(|leader| self.looks_like(leader))?
        };
        let mut group = group_of(&leader);
        if !group.iter().any(|p| p.pid == leader.pid) {
            group.insert(0, leader);
        }
        Some(group)
    }

    /// Every process of this service that nothing records: the service's program started for
    /// this install directory (and their groups) — a daemon a killed step left behind, even one
    /// still starting that holds no port yet. Empty when its recorded process runs.
    pub fn unrecorded_running(&self) -> Vec<ProcessIdentity> {
        if matches!(self.liveness(), Liveness::Running(_)) {
            return Vec::new();
        }
        let mut found: Vec<ProcessIdentity> = Vec::new();
        for id in all_pids().into_iter().filter_map(identity) {
            if self.looks_like(&id) && !found.iter().any(|p| p.pid == id.pid) {
                for member in group_of(&id) {
                    if !found.iter().any(|p| p.pid == member.pid) {
                        found.push(member);
                    }
                }
                if !found.iter().any(|p| p.pid == id.pid) {
                    found.push(id);
                }
            }
        }
        found
    }

    /// Verifies what the pid file claims.
    pub fn liveness(&self) -> Liveness {
        let claimed = self.claimed_pid();
        if let Some(record) = self.record() {
            if is_alive(&record) {
                return Liveness::Running(record);
            }
            let group = group_of(&record);
            if !group.is_empty() {
                return Liveness::Orphans(group);
            }
        } else if let Some(id) = claimed.and_then(identity)
            && self.looks_like(&id)
        {
            return Liveness::Running(id);
        }
        match claimed {
            Some(pid) if exists(pid) => Liveness::Stale(pid),
            _ => Liveness::Stopped,
        }
    }

    /// Records the identity of the process the pid file names, once it is verified to be the
    /// service's program started for this install directory.
    pub fn record_started(&self) -> Result<ProcessIdentity, String> {
        let identity = self
            .claimed_pid()
            .and_then(identity)
            .filter(|id| self.looks_like(id))
            .ok_or_else(|| {
                format!(
                    "the service started, but its pid file {} does not name a process of it",
                    self.pid_file.display()
                )
            })?;
        let mut json = serde_json::to_vec_pretty(&identity).expect("an identity serialises");
        json.push(b'\n');
        let path = self.record_file();
        make_records_dir(&self.dir)
            .map_err(|e| format!("cannot make {}: {e}", self.dir.join(RECORDS).display()))?;
        crate::atomic::write_private(&path, &json)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        Ok(identity)
    }

    /// Makes the pid file name `main` again; true when it had to be rewritten.
    pub fn restore_pid_file(&self, main: &ProcessIdentity) -> std::io::Result<bool> {
        if self.claimed_pid() == Some(main.pid) {
            return Ok(false);
        }
        crate::atomic::write(&self.pid_file, format!("{}\n", main.pid).as_bytes())?;
        Ok(true)
    }

    /// Removes the pid file and the record (the service is stopped, or they were stale).
    pub fn forget(&self) {
        let _ = std::fs::remove_file(&self.pid_file);
        let _ = std::fs::remove_file(self.record_file());
    }
}

/// Where a component's identity records are kept, inside its install directory.
pub const RECORDS: &str = ".wizard";

/// Makes `dir/.wizard` owned by the wizard's own user, mode 0700, never through a link; an
/// existing one is taken back (owner, mode) through the descriptor opened without following a
/// link.
fn make_records_dir(dir: &Path) -> std::io::Result<()> {
    let owner = crate::contained::Owner {
        ids: Some((
            rustix::process::getuid().as_raw(),
            rustix::process::getgid().as_raw(),
        )),
        mode: Some(0o700),
    };
    crate::contained::make_dir(dir, RECORDS, owner).map(|_| ())
}

/// Ends processes verified to be a service's own: TERM, then KILL for the ones that stay;
/// returns the pids still alive after that.
pub fn end_verified(processes: &[ProcessIdentity]) -> Vec<u32> {
    use std::time::{Duration, Instant};
    for p in processes {
        signal_verified(p, Signal::Terminate);
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    while processes.iter().any(is_alive) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    for p in processes {
        signal_verified(p, Signal::Kill);
    }
    let deadline = Instant::now() + Duration::from_secs(2);
    while processes.iter().any(is_alive) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    processes
        .iter()
        .filter(|p| is_alive(p))
        .map(|p| p.pid)
        .collect()
}

/// The name of the account this process runs as (Linux: from /proc and /etc/passwd).
pub fn current_user() -> Option<String> {
    let uid: u32 = std::fs::read_to_string("/proc/self/status")
        .ok()?
        .lines()
        .find(|l| l.starts_with("Uid:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    let passwd = crate::input::read_limited(
        std::path::Path::new("/etc/passwd"),
        crate::input::InputKind::Accounts,
    )
    .ok()?;
    String::from_utf8_lossy(&passwd).lines().find_map(|line| {
        let fields: Vec<&str> = line.split(':').collect();
        (fields.len() >= 3 && fields[2].parse::<u32>().ok() == Some(uid))
            .then(|| fields[0].to_string())
    })
}

/// Whether this process runs as root (Linux: from /proc).
pub fn running_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .map(|l| l.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false)
}

/// The full path of a program on PATH.
pub fn find_program(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn this_process_is_itself_and_a_listener_is_found() {
        let me = identity(std::process::id()).expect("our own process");
        assert!(is_alive(&me));
        let forged = ProcessIdentity {
            start_time: me.start_time + 1,
            ..me.clone()
        };

        assert!(!is_alive(&forged), "another start time is another process");
        assert!(!signal_verified(&forged, Signal::Terminate));
        let socket = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = socket.local_addr().unwrap().port();
        let found = listener_on(port).expect("our listener");
        assert_eq!(found.pid, Some(std::process::id()));
        // Bound to 127.0.0.1: in the way of a service on that address or on every address,
        // not of one on another address.
        let loopback = std::net::IpAddr::from([127, 0, 0, 1]);
        assert!(listener_at(Some(loopback), port).is_some());
        assert!(listener_at(Some(std::net::IpAddr::from([0, 0, 0, 0])), port).is_some());
        assert!(listener_at(Some(std::net::IpAddr::from([127, 0, 0, 2])), port).is_none());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_local_addresses_include_loopback() {
        let addresses = local_ipv4_addresses();
        assert!(
            addresses.contains(&std::net::Ipv4Addr::LOCALHOST),
            "{addresses:?}"
        );
    }

    #[test]
    fn proc_net_addresses_read_as_the_kernel_writes_them() {
        assert_eq!(
            proc_address(&hex_of([127, 0, 0, 1])),
            Some(std::net::IpAddr::from([127, 0, 0, 1]))
        );
        assert_eq!(
            proc_address("00000000000000000000000000000000"),
            Some(std::net::IpAddr::from([0u8; 16]))
        );
        assert_eq!(proc_address("zz"), None);
    }

    /// An IPv4 address as /proc/net/tcp prints it: its 32-bit word in the machine's order.
    fn hex_of(octets: [u8; 4]) -> String {
        format!("{:08X}", u32::from_ne_bytes(octets))
    }
}
