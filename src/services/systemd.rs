//! The `systemd` backend: each service becomes a unit (`Type=forking`, the same start, reload,
//! stop and test commands and pid file as the `process` backend) under /etc/systemd/system, and
//! systemctl starts, reloads and stops it. Chosen when the machine runs systemd and the wizard
//! runs as root; `DEPLOY_WIZARD_SERVICE_BACKEND=process|systemd` overrides the choice.

use std::collections::BTreeMap;
use std::path::Path;

use crate::components::ComponentError;
use crate::components::catalog::{ReloadSignal, ServiceDef};

/// Where units are written.
pub const UNIT_DIR: &str = "/etc/systemd/system";

/// Whether services should be run by systemd on this machine.
pub fn selected() -> bool {
    match std::env::var("DEPLOY_WIZARD_SERVICE_BACKEND").as_deref() {
        Ok("systemd") => true,
        Ok("process") => false,
        _ => {
            Path::new("/run/systemd/system").is_dir()
                && crate::process::running_as_root()
                && crate::process::find_program("systemctl").is_some()
        }
    }
}

/// The unit name of a service installed in `install`: unique per install directory, so two
/// data dirs on one machine do not share units.
pub fn unit_name(service: &ServiceDef, install: &Path) -> String {
    let hash = crate::store::sha256_hex(install.display().to_string().as_bytes());
    format!("deploy-wizard-{}-{}.service", service.name, &hash[..8])
}

fn command_line(
    command: &[String],
    vars: &BTreeMap<String, String>,
) -> Result<String, ComponentError> {
    // systemd wants an absolute program path.
    let (program, argv) = super::resolve_command(command, vars)?;
    let args = &argv[1..];
    Ok(std::iter::once(program.display().to_string())
        .chain(args.iter().cloned())
        .map(|a| {
            if a.contains(char::is_whitespace) || a.contains('"') {
                format!("\"{}\"", a.replace('\\', "\\\\").replace('"', "\\\""))
            } else {
                a
            }
        })
        .collect::<Vec<_>>()
        .join(" "))
}

/// The unit file of a service.
pub fn unit_file(
    service: &ServiceDef,
    component: &str,
    vars: &BTreeMap<String, String>,
) -> Result<String, ComponentError> {
    let install = vars
        .get("install")
        .ok_or_else(|| ComponentError::BadInput("no install path".into()))?;
    let mut unit = format!(
        "# Written by deploy-wizard; removed with the component.\n[Unit]\nDescription=deploy-wizard {} ({component})\nAfter=network-online.target\n\n[Service]\nType=forking\nPIDFile={}\n",
        service.name,
        Path::new(install).join(&service.pid_file).display()
    );
    for (name, value) in &service.env {
        let value = crate::components::render::render(
            value,
            vars,
            crate::components::render::Syntax::Config,
        )
        .map_err(ComponentError::BadInput)?;
        if !value.is_empty() {
            unit.push_str(&format!("Environment={name}={value}\n"));
        }
    }
    if !service.test.is_empty() {
        unit.push_str(&format!(
            "ExecStartPre={}\n",
            command_line(&service.test, vars)?
        ));
    }
    unit.push_str(&format!(
        "ExecStart={}\n",
        command_line(&service.start, vars)?
    ));
    // Without a command, systemd signals the unit's main process itself (its default stop is
    // SIGTERM; a reload signal is sent with the kill that ships with systemd's util-linux).
    match (service.reload.is_empty(), service.reload_signal) {
        (true, Some(signal)) => unit.push_str(&format!(
            "ExecReload=/bin/kill -{} $MAINPID\n",
            match signal {
                ReloadSignal::Hup => "HUP",
                ReloadSignal::Usr2 => "USR2",
            }
        )),
        (true, None) => {}
        (false, _) => unit.push_str(&format!(
            "ExecReload={}\n",
            command_line(&service.reload, vars)?
        )),
    }
    if !service.stop.is_empty() {
        unit.push_str(&format!(
            "ExecStop={}\n",
            command_line(&service.stop, vars)?
        ));
    }
    unit.push_str("\n[Install]\nWantedBy=multi-user.target\n");
    Ok(unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_file_runs_the_catalog_commands_with_the_pid_file() {
        let catalog = crate::components::catalog::load(Path::new("/nonexistent")).unwrap();
        let service = &catalog["WebServices"].services[0];
        let vars = BTreeMap::from([("install".to_string(), "/srv/dw/WebServices".to_string())]);
        let unit = unit_file(service, "WebServices", &vars).unwrap();
        assert!(
            unit.contains("Type=forking\nPIDFile=/srv/dw/WebServices/run/web-services.pid\n"),
            "{unit}"
        );
        assert!(
            unit.contains(" -c /srv/dw/WebServices/conf/nginx.conf -s reload\n"),
            "{unit}"
        );
        // A value a unit or configuration would split is refused, not quoted.
        let spaced = BTreeMap::from([("install".to_string(), "/srv/dw/Web Services".to_string())]);
        assert!(unit_file(service, "WebServices", &spaced).is_err());
        assert!(
            unit.contains("ExecStartPre=") && unit.contains("WantedBy=multi-user.target"),
            "{unit}"
        );
        let name = unit_name(service, Path::new("/srv/dw/Web Services"));
        assert!(
            name.starts_with("deploy-wizard-web-services-") && name.ends_with(".service"),
            "{name}"
        );
    }
}
