//! Shared by the integration tests: a temporary workspace and a way to run the real binary.
#![allow(dead_code)]

pub mod pebble;

use std::path::{Path, PathBuf};
use std::process::Command;

/// What a run of the binary printed.
#[derive(Debug)]
pub struct Ran {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Ran {
    /// Panics with everything printed unless the exit code is `code`.
    pub fn expect_code(self, code: i32) -> Self {
        assert_eq!(
            self.code, code,
            "expected exit code {code}\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    pub fn ok(self) -> Self {
        self.expect_code(0)
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

/// A temporary directory holding data dirs, CMS directories and files of one test.
pub struct Workspace {
    pub dir: tempfile::TempDir,
    /// Machine FQDN the binary sees (DEPLOY_WIZARD_FQDN).
    pub fqdn: String,
}

impl Workspace {
    pub fn new() -> Self {
        Workspace {
            dir: tempfile::tempdir().expect("a temporary directory"),
            fqdn: "se01.contoso.com".into(),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The default data dir of this workspace.
    pub fn data(&self) -> PathBuf {
        self.path("data")
    }

    /// Runs the binary with the default data dir.
    pub fn run(&self, args: &[&str]) -> Ran {
        self.run_in(&self.data(), args)
    }

    /// Runs the binary with `data` as data dir, English messages and a fixed machine FQDN.
    pub fn run_in(&self, data: &Path, args: &[&str]) -> Ran {
        let output = Command::new(env!("CARGO_BIN_EXE_deploy-wizard"))
            .arg("--data-dir")
            .arg(data)
            .args(args)
            .env("DEPLOY_WIZARD_FQDN", &self.fqdn)
            .env("LANG", "en_US.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("DEPLOY_WIZARD_HOME")
            .output()
            .expect("the binary runs");
        Ran {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Writes a file in the workspace and returns its path.
    pub fn write(&self, name: &str, content: &str) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, content).expect("write a test file");
        path
    }

    /// A CMS with `topology` published; returns its directory.
    pub fn cms_with(&self, name: &str, topology: &Path) -> PathBuf {
        let cms = self.path(name);
        let cms_s = cms.to_str().unwrap();
        self.run(&["cms", "init", cms_s]).ok();
        self.run(&[
            "cms",
            "publish",
            "--cms",
            cms_s,
            "--topology",
            topology.to_str().unwrap(),
        ])
        .ok();
        cms
    }
}

/// Path of a file under the repository's `assets/`.
pub fn asset(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets")
        .join(name)
}

/// The status of step `number` in `status --json` output.
pub fn step_status(status: &serde_json::Value, number: u64) -> String {
    status["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .find(|s| s["number"] == number)
        .and_then(|s| s["status"].as_str())
        .expect("the step is listed")
        .to_string()
}
