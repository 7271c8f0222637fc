//! The Remove flow: its run (the confirmation page is the shared one).

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
}
