//! Atomic file writes: a crash leaves the old file or the new one, never half of one.
//!
//! Every file the wizard owns (state, settings, replica documents, the CMS manifest) is written
//! through [`write`]: a temporary file in the same directory, `fsync`, `rename` over the target,
//! then `fsync` of the directory so the rename itself survives a power cut.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

/// Writes `bytes` to `path` atomically with the given Unix mode (ignored elsewhere).
pub fn write_with_mode(path: &Path, bytes: &[u8], mode: u32) -> io::Result<()> {
    write_owned(path, bytes, mode, None)
}

/// The atomic write: a new temporary file created with `mode` (and, with `group`, given to
/// that group before its first byte), synced, then renamed over `path`.
fn write_owned(path: &Path, bytes: &[u8], mode: u32, group: Option<u32>) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "path has no file name"))?;
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        name.to_string_lossy(),
        random_suffix()
    ));
    let result = (|| {
        let mut file = match group {
            None => create_new(&tmp, mode)?,
            #[cfg(unix)]
            Some(gid) => {
                use std::os::unix::fs::PermissionsExt;
                let file = create_new(&tmp, 0o600)?;
                rustix::fs::fchown(&file, None, Some(rustix::fs::Gid::from_raw(gid)))?;
                file.set_permissions(fs::Permissions::from_mode(mode))?;
                file
            }
            #[cfg(not(unix))]
            Some(_) => create_new(&tmp, mode)?,
        };
        file.write_all(bytes)?;
        file.sync_all()?;
        crash_point();
        fs::rename(&tmp, path)?;
        sync_dir(dir)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Writes `bytes` to `path` atomically, readable by the owner and others (0644).
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_with_mode(path, bytes, 0o644)
}

/// Writes `bytes` to `path` atomically, readable by the owner and the group `gid` only (0640,
/// group `gid` from before the first byte): a key a service reads after dropping to its
/// unprivileged user.
pub fn write_group_private(path: &Path, bytes: &[u8], gid: u32) -> io::Result<()> {
    write_owned(path, bytes, 0o640, Some(gid))
}

/// Writes `bytes` to `path` atomically, readable only by the owner (0600): keys, secrets.
pub fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_with_mode(path, bytes, 0o600)
}

/// Fault injection for the crash-consistency tests: with `DEPLOY_WIZARD_CRASH_AT_WRITE=N`, the
/// process dies (as SIGKILL would: no cleanup, no unwinding) at its N-th durable write, just
/// before the rename that would make it visible. Every atomic write and every directory swap
/// passes through here.
pub fn crash_point() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static WRITES: AtomicUsize = AtomicUsize::new(0);
    let Some(target) = std::env::var("DEPLOY_WIZARD_CRASH_AT_WRITE")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    else {
        return;
    };
    if WRITES.fetch_add(1, Ordering::SeqCst) + 1 == target {
        std::process::abort();
    }
}

/// Flushes a directory's entries (new names, renames) to disk.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

fn create_new(path: &Path, mode: u32) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(mode);
    }
    #[cfg(not(unix))]
    let _ = mode;
    options.open(path)
}

/// A short random hex string for temporary and run names.
pub fn random_suffix() -> String {
    let mut bytes = [0u8; 4];
    getrandom::fill(&mut bytes).expect("the operating system's random source is available");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_content_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        write(&path, b"old").unwrap();
        write(&path, b"new").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "only the target file remains");
    }

    #[cfg(unix)]
    #[test]
    fn private_files_are_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key.pem");
        write_private(&path, b"secret").unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}
