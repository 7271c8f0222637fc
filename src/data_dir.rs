//! Where the wizard keeps this server's files.
//!
//! One directory holds everything: `replica/` (local configuration store), `logs/` (runs),
//! `state.json` (step states), `settings.json` (CMS location, install path, language), and the
//! certificate folders added by the certificate core. `--data-dir` or `DEPLOY_WIZARD_HOME`
//! override the platform default so tests always run in a temporary directory.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Environment variable that overrides the default data directory.
pub const HOME_ENV: &str = "DEPLOY_WIZARD_HOME";

/// The data directory of this server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
    /// Uses `root` as the data directory.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// `--data-dir`, else `DEPLOY_WIZARD_HOME`, else the platform's data directory.
    pub fn resolve(explicit: Option<&Path>) -> io::Result<Self> {
        if let Some(dir) = explicit {
            return Self::checked(dir.to_path_buf(), "--data-dir");
        }
        if let Some(dir) = std::env::var_os(HOME_ENV).filter(|v| !v.is_empty()) {
            return Self::checked(PathBuf::from(dir), HOME_ENV);
        }
        directories::ProjectDirs::from("", "", "deploy-wizard")
            .map(|dirs| Self::new(dirs.data_dir()))
            .ok_or_else(|| {
                io::Error::new(
                    io::ErrorKind::NotFound,
                    "no home directory to put the data directory in; pass --data-dir DIR or set DEPLOY_WIZARD_HOME",
                )
            })
    }

    /// Creates the directory (owner-only) if it does not exist yet.
    /// A data dir named by the administrator: refused when it names something that exists and
    /// is not a directory (every later step would fail on it with a less clear reason).
    fn checked(dir: PathBuf, given_by: &str) -> io::Result<Self> {
        match fs::metadata(&dir) {
            Ok(meta) if !meta.is_dir() => Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "{given_by} {} is a file, not a directory: give a directory for the wizard's data (it is created when missing)",
                    dir.display()
                ),
            )),
            _ => Ok(Self::new(dir)),
        }
    }

    pub fn ensure(&self) -> io::Result<()> {
        create_private_dir(&self.root)
    }

    /// The root of the data directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The local configuration store.
    pub fn replica(&self) -> PathBuf {
        self.root.join("replica")
    }

    /// Run logs (JSON Lines).
    pub fn logs(&self) -> PathBuf {
        self.root.join("logs")
    }

    /// Per-step state.
    pub fn state_file(&self) -> PathBuf {
        self.root.join("state.json")
    }

    /// Settings chosen by the administrator.
    pub fn settings_file(&self) -> PathBuf {
        self.root.join("settings.json")
    }

    /// Writes one of the data dir's own files (`state.json`, `settings.json`,
    /// `assignments.json`) atomically under the data dir's lock, so that the lock's holder may
    /// remove the temporary files a killed writer left without racing a live one.
    pub fn write_own_file(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        self.ensure()?;
        let _lock = crate::lock::lock(&self.root)?;
        crate::atomic::write(path, bytes)
    }
}

/// Creates `dir` and its parents; the leaf is readable by its owner only (0700).
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}
