//! How the window starts.

use crate::data_dir::DataDir;
use crate::deploy::SystemStatus;
use crate::i18n::Lang;

/// How the window starts: on which data dir, in which language.
#[derive(Debug, Clone)]
pub struct Boot {
    /// The data dir.
    pub data: DataDir,
    /// The language; `None` keeps the one already chosen (settings or environment).
    pub lang: Option<Lang>,
    /// What is on this disk, read ahead of the boot (the window reads it on another thread
    /// while it connects to the display); `None`: read at boot.
    pub status: Option<Box<SystemStatus>>,
}

impl Boot {
    /// Boots on `data` in the current language.
    pub fn new(data: DataDir) -> Self {
        Boot {
            data,
            lang: None,
            status: None,
        }
    }
}
