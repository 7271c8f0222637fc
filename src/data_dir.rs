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
            return Ok(Self::new(dir));
        }
        if let Some(dir) = std::env::var_os(HOME_ENV).filter(|v| !v.is_empty()) {
            return Ok(Self::new(PathBuf::from(dir)));
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
