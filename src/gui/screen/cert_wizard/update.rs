//! The wizard's messages: page entry (what each page starts or focuses), navigation, and every
//! control's message.

use iced::Task;
use iced::widget::operation;

use super::*;

impl CertWizard {
    /// Handles a message.
    pub fn update(&mut self, message: Message) -> Action {
        if matches!(
            message,
            Message::Edit(..)
                | Message::Toggle(..)
                | Message::Key(_)
                | Message::Hash(_)
                | Message::SipDomain(..)
                | Message::Ca(_)
                | Message::Choose(_)
                | Message::ChoosePending(_)
        ) {
            self.touched = true;
        }
        match message {
            Message::Delayed(delayed) => self.delayed = delayed,
            Message::Ca(pick) => {
                self.ca = Some(pick);
                if pick == CaPick::Other {
                    return Action::Task(operation::focus(Text::AcmeUrl.id()));
                }
            }
            Message::Edit(field, value) => *self.text_mut(field) = value,
            Message::Toggle(flag, on) => match flag {
                Flag::Exportable => self.exportable = on,
                Flag::AssignAfter => self.assign_after = on,
                Flag::Roll => {
                    self.roll = on;
                    if on {
                        return Action::Task(operation::focus(Text::Effective.id()));
                    }
                }
                Flag::ImportHasKey => self.import_has_key = on,
                Flag::ImportExportable => self.import_exportable = on,
                Flag::ImportTrust => self.import_trust = on,
                Flag::Legacy => self.legacy = on,
            },
            Message::Key(key) => self.key = key,
            Message::Hash(hash) => self.hash = hash,
            Message::SipDomain(domain, on) => {
                self.sip_domains.retain(|d| d != &domain);
                if on {
                    self.sip_domains.push(domain);
                }
                self.names =
                    Some(query::preview_names(&self.data, &self.spec()).map_err(|e| e.to_string()));
            }
            Message::AddSan => {
                if self.san_problem().is_none()
                    && let Ok(name) = normalize_dns_name(self.san.trim(), true)
                {
                    self.sans.push(name);
                    self.san.clear();
                }
            }
            Message::RemoveSan(i) => {
                if i < self.sans.len() {
                    self.sans.remove(i);
                }
            }
            Message::ClearSans => self.sans.clear(),
            Message::Change(page) => {
                if self.page() == Page::Summary
                    && let Some(i) = self.pages().iter().position(|p| *p == page)
                {
                    self.return_to_summary = true;
                    return Action::Task(self.go_to(i));
                }
            }
            Message::AssignUsage(usage, on) => {
                self.assign_usages.retain(|u| *u != usage);
                if on {
                    self.assign_usages.push(usage);
                }
            }
            Message::Choose(thumbprint) => self.chosen = Some(thumbprint),
            Message::ChoosePending(id) => self.pending_pick = Some(id),
            Message::Candidates(candidates) => {
                // The only certificate that passes is chosen already.
                if let Ok(list) = &candidates {
                    let passing: Vec<&Candidate> = list.iter().filter(|c| c.selectable()).collect();
                    let chosen_passes = passing
                        .iter()
                        .any(|c| Some(&c.cert.thumbprint) == self.chosen.as_ref());
                    if !chosen_passes && let [only] = passing.as_slice() {
                        self.chosen = Some(only.cert.thumbprint.clone());
                    }
                }
                self.candidates = Some(candidates);
            }
            Message::Browse(field) => {
                let task = match field {
                    Text::RequestFile => save_file(format!(
                        "{}.req",
                        self.context
                            .as_ref()
                            .map(|c| c.server.clone())
                            .unwrap_or_default()
                    )),
                    Text::ExportOut => save_file("certificate.pfx".into()),
                    Text::AcmeRoot => pick_file(fl!("file-kind-pem"), &["pem", "crt", "cer"]),
                    Text::ResponseFile => pick_file(
                        fl!("file-kind-certificate"),
                        &["cer", "crt", "pem", "p7b", "der"],
                    ),
                    _ => pick_file(
                        fl!("file-kind-certificate"),
                        &["pfx", "p12", "cer", "crt", "pem", "p7b", "der"],
                    ),
                };
                return Action::Task(task.map(move |path| Message::Picked(field, path)));
            }
            Message::Picked(field, Some(path)) => {
                self.no_dialog = false;
                *self.text_mut(field) = path.display().to_string();
            }
            Message::Picked(_, None) => self.no_dialog = true,
            Message::FocusNext => return Action::Task(operation::focus_next()),
            Message::ViewDetails(thumbprint) => {
                self.details = Some(Details::load(&self.data, &thumbprint));
            }
            Message::CloseDetails => self.details = None,
            Message::Back => {
                if self.can_go_back() {
                    let page = self.page();
                    if page == Page::Executing {
                        self.run = None;
                    }
                    if page == Page::AssignExecuting {
                        self.assign_run = None;
                    }
                    self.return_to_summary = false;
                    let task = self.go_to(self.index - 1);
                    if page == Page::Executing && self.flow == Flow::Import && self.import_has_key {
                        // The usual failure is a wrong password: it is cleared, to type again.
                        self.import_password.clear();
                        return Action::Task(operation::focus(Text::ImportPassword.id()));
                    }
                    return Action::Task(task);
                }
            }
            Message::Next => {
                if self.has_next() && self.can_continue() {
                    if self.return_to_summary
                        && let Some(i) = self.pages().iter().position(|p| *p == Page::Summary)
                        && i > self.index
                    {
                        self.return_to_summary = false;
                        return Action::Task(self.go_to(i));
                    }
                    return Action::Task(self.go_to(self.index + 1));
                }
            }
            Message::Cancel => {
                if self.running() {
                    self.confirm_cancel = true;
                } else {
                    return Action::Close;
                }
            }
            Message::ConfirmCancel(stop) => {
                self.confirm_cancel = false;
                if stop {
                    for run in [&mut self.run, &mut self.assign_run].into_iter().flatten() {
                        run.cancel();
                    }
                }
            }
            Message::Finish => {
                if self.can_finish() {
                    return Action::Close;
                }
            }
            Message::RunAgain => match self.page() {
                Page::Executing if !self.running() => return Action::Task(self.start()),
                Page::AssignExecuting if !self.running() => {
                    return Action::Task(self.start_assign());
                }
                _ => {}
            },
            Message::Run(message) => {
                if let Some(run) = &mut self.run {
                    run.apply(message);
                    let id = run.run.clone();
                    self.record_run(id.as_ref());
                }
            }
            Message::AssignRun(message) => {
                if let Some(run) = &mut self.assign_run {
                    run.apply(message);
                    let id = run.run.clone();
                    self.record_run(id.as_ref());
                }
            }
            Message::Commands(commands::Request::SelectLog(id)) => self.selected_log = Some(id),
            Message::Commands(commands::Request::ViewLog(id)) => return Action::ViewLog(id),
        }
        Action::None
    }

    /// Runs the page's work when it is entered.
    pub(super) fn enter(&mut self) -> Task<Message> {
        self.touched = false;
        self.no_dialog = false;
        let focus = |text: Text| operation::focus(text.id());
        match self.page() {
            Page::RequestFile => focus(Text::RequestFile),
            Page::ChooseCa if self.ca == Some(CaPick::Other) => focus(Text::AcmeUrl),
            Page::CaAccount => focus(Text::EabKid),
            Page::Template => focus(Text::Template),
            Page::NameSecurity => focus(Text::FriendlyName),
            Page::Organization => focus(Text::Org),
            Page::Geographical => focus(Text::Country),
            Page::SubjectNames | Page::Summary => {
                self.names =
                    Some(query::preview_names(&self.data, &self.spec()).map_err(|e| e.to_string()));
                Task::none()
            }
            Page::AdditionalSans => focus(Text::San),
            Page::AssignStore => {
                // Checking every certificate of a large store takes a while: off the window's
                // thread, the page says so meanwhile.
                self.candidates = None;
                let data = self.data.clone();
                let usages = self.assign_usages.clone();
                crate::gui::background(move || {
                    query::candidates(&data, &usages).map_err(|e| e.to_string())
                })
                .map(Message::Candidates)
            }
            Page::AssignSummary if self.roll => focus(Text::Effective),
            Page::ImportFile => focus(Text::ImportFile),
            Page::ExportFile => focus(Text::ExportOut),
            Page::PendingPick => focus(Text::ResponseFile),
            Page::Executing => self.start(),
            Page::AssignExecuting => self.start_assign(),
            Page::RequestStatus => {
                self.issued = self
                    .run
                    .as_ref()
                    .and_then(|r| r.ended.as_ref())
                    .and_then(|e| e.thumbprint.as_ref())
                    .and_then(|t| CertStore::open(&self.data).get(t).ok());
                if let Some(cert) = &self.issued {
                    self.chosen = Some(cert.thumbprint.clone());
                    if self.flow == Flow::Pending {
                        self.usages = cert.meta.requested_usages.clone();
                    }
                    self.assign_usages = self.usages.clone();
                } else {
                    // Nothing was issued (a delayed request): no assignment follows.
                    self.assign_after = false;
                }
                Task::none()
            }
            _ => Task::none(),
        }
    }

    fn go_to(&mut self, index: usize) -> Task<Message> {
        self.index = index;
        self.enter()
    }

    fn record_run(&mut self, id: Option<&String>) {
        if let Some(id) = id
            && !self.runs.contains(id)
        {
            self.runs.push(id.clone());
            self.selected_log = Some(id.clone());
        }
    }

    fn text_mut(&mut self, field: Text) -> &mut String {
        match field {
            Text::RequestFile => &mut self.request_file,
            Text::AcmeUrl => &mut self.acme_url,
            Text::AcmeRoot => &mut self.acme_root,
            Text::Http01 => &mut self.http01,
            Text::EabKid => &mut self.eab_kid,
            Text::EabHmac => &mut self.eab_hmac,
            Text::Template => &mut self.template,
            Text::FriendlyName => &mut self.friendly_name,
            Text::Org => &mut self.org,
            Text::Ou => &mut self.ou,
            Text::Country => &mut self.country,
            Text::State => &mut self.state,
            Text::City => &mut self.city,
            Text::San => &mut self.san,
            Text::Effective => &mut self.effective,
            Text::ImportFile => &mut self.import_file,
            Text::ImportPassword => &mut self.import_password,
            Text::ExportOut => &mut self.export_out,
            Text::ExportPassword => &mut self.export_password,
            Text::ExportConfirm => &mut self.export_confirm,
            Text::ResponseFile => &mut self.response_file,
        }
    }
}
