//! Files read from outside the wizard (certificates, PFX files, CA responses, topologies,
//! secrets, root lists) are read through [`read_limited`]: each kind has a size limit checked
//! *while* reading, so `/dev/zero`, a FIFO that never ends or a 10 GB file is refused after
//! reading at most the limit plus one byte, with the limit named, instead of filling memory.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The kinds of outside input and their limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// A certificate file to import (PEM, DER, P7B): a chain of a few certificates is a few KiB;
    /// a PEM bundle of every public root is under 1 MiB.
    Certificate,
    /// A PFX / PKCS#12 file.
    Pfx,
    /// A CA's response to a pending request.
    CaResponse,
    /// A topology (thousands of servers fit in a few MiB).
    Topology,
    /// A PEM file of roots to trust (`--acme-root`, `--cms-root`).
    Roots,
    /// A password or key file (`--password-file`, `--eab-hmac-file`).
    Secret,
    /// A CMS export (zip) read by step 1.
    Export,
    /// A system account database (/etc/passwd, /etc/group).
    Accounts,
}

impl InputKind {
    /// The largest accepted size in bytes.
    pub const fn limit(self) -> u64 {
        match self {
            InputKind::Certificate | InputKind::Pfx | InputKind::CaResponse => 4 << 20,
            InputKind::Roots => 4 << 20,
            InputKind::Topology => 32 << 20,
            InputKind::Secret => 4 << 10,
            InputKind::Export => 512 << 20,
            InputKind::Accounts => 16 << 20,
        }
    }

    /// What the file is, in a sentence.
    pub fn what(self) -> &'static str {
        match self {
            InputKind::Certificate => "certificate file",
            InputKind::Pfx => "PFX file",
            InputKind::CaResponse => "CA response file",
            InputKind::Topology => "topology file",
            InputKind::Roots => "root certificate file",
            InputKind::Secret => "secret file",
            InputKind::Export => "CMS export",
            InputKind::Accounts => "account database",
        }
    }
}

/// Why an outside file was not read.
#[derive(Debug)]
pub enum InputError {
    /// It could not be opened or read.
    Io {
        /// The file.
        path: PathBuf,
        /// What it was meant to be.
        kind: InputKind,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// It is a directory.
    Directory {
        /// The file.
        path: PathBuf,
        /// What it was meant to be.
        kind: InputKind,
    },
    /// It is larger than its kind allows.
    TooLarge {
        /// The file.
        path: PathBuf,
        /// What it was meant to be.
        kind: InputKind,
    },
}

/// `4 MiB`, `512 KiB`, `12 bytes`.
pub fn human_size(bytes: u64) -> String {
    if bytes >= 1 << 20 && bytes.is_multiple_of(1 << 20) {
        format!("{} MiB", bytes >> 20)
    } else if bytes >= 1 << 10 && bytes.is_multiple_of(1 << 10) {
        format!("{} KiB", bytes >> 10)
    } else {
        format!("{bytes} bytes")
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Io { path, kind, source } => {
                write!(
                    f,
                    "cannot read the {} {}: {source}",
                    kind.what(),
                    path.display()
                )
            }
            InputError::Directory { path, kind } => write!(
                f,
                "{} is a directory, not a {}; give the file itself",
                path.display(),
                kind.what()
            ),
            InputError::TooLarge { path, kind } => write!(
                f,
                "{} is larger than the {} a {} may have; check that it is the right file",
                path.display(),
                human_size(kind.limit()),
                kind.what()
            ),
        }
    }
}

impl std::error::Error for InputError {}

/// Reads a whole outside file of `kind`, refusing it as soon as it exceeds the kind's limit.
/// Devices and FIFOs are read the same way (so `/dev/zero` stops at the limit).
pub fn read_limited(path: &Path, kind: InputKind) -> Result<Vec<u8>, InputError> {
    let io = |source| InputError::Io {
        path: path.to_path_buf(),
        kind,
        source,
    };
    if std::fs::metadata(path).map_err(io)?.is_dir() {
        return Err(InputError::Directory {
            path: path.to_path_buf(),
            kind,
        });
    }
    let file = std::fs::File::open(path).map_err(io)?;
    let limit = kind.limit();
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(InputError::TooLarge {
            path: path.to_path_buf(),
            kind,
        });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn an_endless_device_is_refused_at_the_limit() {
        let error = read_limited(Path::new("/dev/zero"), InputKind::Secret).unwrap_err();
        assert!(matches!(error, InputError::TooLarge { .. }));
        assert!(error.to_string().contains("4 KiB"), "{error}");
    }

    #[test]
    fn a_directory_is_named_as_such() {
        let dir = tempfile::tempdir().unwrap();
        let error = read_limited(dir.path(), InputKind::Certificate).unwrap_err();
        assert!(error.to_string().contains("is a directory"), "{error}");
    }
}
