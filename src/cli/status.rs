//! `status`: the four deployment steps.

use serde_json::json;

use super::{CliError, Output};
use crate::data_dir::DataDir;
use crate::deploy::system_status;
use crate::fl;

pub(super) fn run(data: &DataDir) -> Result<Output, CliError> {
    let status = system_status(data);
    let mut text = fl!("status-data-dir", dir = status.data_dir.clone());
    text.push('\n');
    match &status.replica {
        Some(r) => text.push_str(&fl!(
            "status-replica",
            revision = r.revision,
            server = r.server.clone()
        )),
        None => text.push_str(&fl!("status-no-replica")),
    }
    text.push('\n');
    if let Some(cms) = &status.cms {
        text.push_str(&fl!("status-cms", location = cms.location.clone()));
        text.push('\n');
    }
    for step in &status.steps {
        text.push_str(&format!(
            "\n{:<62} {}",
            crate::wording::step_title(step.step),
            crate::wording::step_status(step.status)
        ));
        let detail = match (&step.why, &step.detail) {
            (Some(why), _) => Some(crate::wording::reason(why)),
            (None, detail) => detail.clone(),
        };
        if let Some(detail) = detail {
            text.push_str(&format!("\n    {detail}"));
        }
    }
    for warning in &status.permission_warnings {
        text.push('\n');
        text.push_str(&fl!("cli-status-warning", warning = warning.as_str()));
    }
    if !status.unused_secrets.is_empty() {
        text.push('\n');
        text.push_str(&crate::fl!(
            "cli-status-unused-secrets",
            count = status.unused_secrets.len(),
            secrets = status.unused_secrets.join(", ")
        ));
    }
    Ok(Output::new(text, json!(status)))
}
