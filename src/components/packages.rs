//! "Install missing programs": the distribution packages step 2's unmet prerequisites name,
//! and the package manager command line that installs them (apt on Debian and Ubuntu, dnf on
//! the RHEL family). Running it is a logged command (`deploy::install_programs`); this module
//! only decides what to run.

use super::catalog::Prerequisite;
use super::{ComponentError, Context, Plan};

/// A package manager the wizard drives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PackageManager {
    /// Debian, Ubuntu.
    Apt,
    /// RHEL, Fedora, Rocky, Alma.
    Dnf,
}

impl PackageManager {
    /// The one this machine has (apt first), if any.
    pub fn detect() -> Option<PackageManager> {
        if crate::process::find_program("apt-get").is_some() {
            Some(PackageManager::Apt)
        } else if crate::process::find_program("dnf").is_some() {
            Some(PackageManager::Dnf)
        } else {
            None
        }
    }

    /// The command line installing `packages` without questions. With apt, services the
    /// packages ship are not started (`policy-rc.d` is set for the duration, see
    /// `deploy::install_programs`): they would take the ports the wizard's services use; dnf
    /// never starts them.
    pub fn install_command(self, packages: &[String]) -> Vec<String> {
        let mut argv: Vec<String> = match self {
            PackageManager::Apt => ["apt-get", "install", "-y", "--no-install-recommends"],
            PackageManager::Dnf => ["dnf", "install", "-y", "--setopt=install_weak_deps=False"],
        }
        .iter()
        .map(|s| s.to_string())
        .collect();
        argv.extend(packages.iter().cloned());
        argv
    }
}

/// The packages that install what the components step 2 adds or updates are missing (each
/// once, in catalog order).
pub fn missing_packages(plan: &Plan, ctx: &Context) -> Result<Vec<String>, ComponentError> {
    let mut packages: Vec<String> = Vec::new();
    for name in plan.add.iter().chain(&plan.update) {
        for word in missing_for(&ctx.catalog[name])? {
            if !packages.contains(&word) {
                packages.push(word);
            }
        }
    }
    Ok(packages)
}

/// The packages of `def`'s programs and files that are not installed on this machine.
pub fn missing_for(def: &super::catalog::ComponentDef) -> Result<Vec<String>, ComponentError> {
    let mut packages: Vec<String> = Vec::new();
    for prerequisite in &def.prerequisites {
        let package = match prerequisite {
            Prerequisite::Command {
                name: program,
                package: Some(package),
            } if crate::process::find_program(program).is_none() => package,
            Prerequisite::File {
                paths,
                package: Some(package),
                ..
            } if !paths.iter().any(|p| super::find_path(p).is_some()) => package,
            _ => continue,
        };
        for word in package.split_whitespace() {
            // Package names: letters, digits and + - . only (they reach a command line).
            if !word
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            {
                return Err(ComponentError::BadInput(format!(
                    "{}: the package name {word:?} in the catalog is not a package name",
                    def.name
                )));
            }
            if !packages.iter().any(|p| p == word) {
                packages.push(word.to_string());
            }
        }
    }
    Ok(packages)
}
