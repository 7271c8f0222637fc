//! Desktop notifications while the window is open: a failed certificate renewal (the schedule
//! runs without the window) is announced through the freedesktop notification service on the
//! session bus. Where there is no session bus or no notification service, nothing is shown
//! and the rows of the Certificate Wizard still say it.

use std::collections::{BTreeMap, HashMap};

use crate::cert::Usage;
use crate::cert::renewal::RenewalState;

/// The failures of `state` not yet announced (`announced`: usage → the reason announced), worded
/// in the window's language.
pub fn new_failures(
    announced: &BTreeMap<Usage, String>,
    state: &RenewalState,
) -> Vec<(Usage, String)> {
    state
        .usages
        .iter()
        .filter_map(|(usage, record)| {
            let reason = record
                .last_reason
                .as_ref()
                .map(crate::wording::reason)
                .or_else(|| record.last_error.clone())?;
            (announced.get(usage) != Some(&reason)).then_some((*usage, reason))
        })
        .collect()
}

/// Sends one notification (blocking: called off the window's thread); the notification's id,
/// or why it could not be shown.
pub fn send(summary: &str, body: &str) -> Result<u32, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let connection = zbus::Connection::session()
            .await
            .map_err(|e| format!("no session bus: {e}"))?;
        let hints: HashMap<&str, zbus::zvariant::Value<'_>> = HashMap::new();
        let reply = connection
            .call_method(
                Some("org.freedesktop.Notifications"),
                "/org/freedesktop/Notifications",
                Some("org.freedesktop.Notifications"),
                "Notify",
                &(
                    "deploy-wizard",
                    0u32,
                    "dialog-warning",
                    summary,
                    body,
                    Vec::<&str>::new(),
                    hints,
                    -1i32,
                ),
            )
            .await
            .map_err(|e| format!("the notification service did not answer: {e}"))?;
        reply.body().deserialize::<u32>().map_err(|e| e.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_is_announced_once_and_again_when_its_reason_changes() {
        let mut state = RenewalState::default();
        let mut announced = BTreeMap::new();
        assert!(new_failures(&announced, &state).is_empty());
        let unreachable = crate::log::Reason::new("why-ca-unreachable")
            .with("ca", "https://ca.example/dir")
            .with("detail", "connection refused");
        state
            .of(Usage::Default)
            .failed(time::OffsetDateTime::UNIX_EPOCH, &unreachable);
        let first = new_failures(&announced, &state);
        assert_eq!(
            first,
            [(Usage::Default, crate::wording::reason(&unreachable))]
        );
        announced.extend(first);
        assert!(new_failures(&announced, &state).is_empty());
        state.of(Usage::Default).failed(
            time::OffsetDateTime::UNIX_EPOCH,
            &crate::log::Reason::new("why-renewal-not-deployed"),
        );
        assert_eq!(new_failures(&announced, &state).len(), 1);
    }
}
