//! The Remove and Renew flows: their runs (their confirmation page is shared).

use iced::Task;

use super::*;

impl CertWizard {
    /// Runs the Remove flow's core command on the Executing Commands page.
    pub(super) fn start_remove(&mut self) -> (RunState, Task<RunMessage>) {
        let data = self.data.clone();
        let usages = self.usages.clone();
        RunState::start(move |sink| {
            let mut last = None;
            for usage in usages {
                match actions::remove(&data, usage, sink.clone()) {
                    Ok(run) => last = Some(run),
                    Err(error) => return Ended::failed(error),
                }
            }
            match last {
                Some(run) => Ended::ok(run, None),
                None => Ended::refused(fl!("cw-need-usage")),
            }
        })
    }

    /// Runs the Renew flow's core command (`cert renew --type T --force`) on the Executing
    /// Commands page: the request and the assignment are its rows.
    pub(super) fn start_renew(&mut self) -> (RunState, Task<RunMessage>) {
        let data = self.data.clone();
        let usages = self.usages.clone();
        RunState::start(move |sink| {
            use crate::deploy::renewal::{RenewAction, RenewOptions, Selection, renew};
            let options = RenewOptions {
                selection: Selection::Usages(usages),
                dry_run: false,
                force: true,
                redeploy: false,
                deploy_now: true,
                roll_delay: None,
            };
            match renew(&data, &options, sink) {
                Err(error) => Ended::refused(crate::wording::explained(&error)),
                Ok(items) => {
                    let run = items.iter().flat_map(|i| i.runs.last()).last().cloned();
                    match items.iter().find(|i| i.action != RenewAction::Renewed) {
                        None if run.is_some() => Ended::ok(run.expect("checked"), None),
                        None => Ended::refused(fl!("cw-need-usage")),
                        Some(item) => Ended {
                            run,
                            error: Some(
                                item.reason
                                    .clone()
                                    .unwrap_or_else(|| fl!("cw-renew-not-done")),
                            ),
                            notice: None,
                            thumbprint: None,
                        },
                    }
                }
            }
        })
    }
}
