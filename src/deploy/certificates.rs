//! The certificate commands (the Certificate Wizard's actions), each a logged run: the command
//! line that reproduces it, its output, and its outcome. Global usages are published to the
//! CMS and replicated by step 1, then step 2 re-renders what consumes them.

use std::path::Path;

use serde::Serialize;
use time::OffsetDateTime;
use tokio::sync::mpsc::UnboundedSender;

use crate::cert::acme::{self, AcmeOptions};
use crate::cert::assign::{Assignment, Assignments};
use crate::cert::check::Anchors;
use crate::cert::formats::{read_bundle, write_pkcs12};
use crate::cert::index;
use crate::cert::info::{CertInfo, public_key_bits};
use crate::cert::lab;
use crate::cert::offline::{self, PendingRequest};
use crate::cert::query::{self, context, only_detected_ca, trusted_roots};
use crate::cert::renewal::{CaRecord, RequestRecord};
use crate::cert::request::{
    CaChoice, DEFAULT_TEMPLATE, RequestSpec, default_friendly_name, prepare,
};
use crate::cert::store::{CertMeta, CertStore, StoredCert};
use crate::cert::usage::{Usage, required_usages};
use crate::cert::{CertError, global};
use crate::data_dir::DataDir;
use crate::log::{Reason, Redactor, Refusal, RunEvent, RunLog, StepError};
use crate::store::CentralStore;

/// Runs `body` as one logged command of a new run.
fn run_one<T>(
    data: &DataDir,
    kind: &str,
    title: &str,
    redactor: Redactor,
    sink: Option<UnboundedSender<RunEvent>>,
    args: &[String],
    body: impl FnOnce(&mut RunLog) -> Result<T, CertError>,
) -> Result<(T, String), StepError<CertError>> {
    let spec = crate::log::RunSpec {
        kind,
        title,
        redactor,
        sink,
        args: args.to_vec(),
    };
    crate::log::run_logged(data, spec, |what, e| CertError::io(what)(e), body)
}

/// What a request did.
#[derive(Debug, Clone, Serialize)]
pub struct RequestOutcome {
    /// The issued certificate (immediate requests).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate: Option<StoredCert>,
    /// The pending request (offline requests).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pending: Option<PendingRequest>,
    /// Usages it was assigned to (with `--assign`).
    pub assigned: Vec<Usage>,
    /// Run id.
    pub run: String,
}

fn push_opt(args: &mut Vec<String>, flag: &str, value: &Option<String>) {
    if let Some(value) = value {
        args.extend([flag.to_string(), value.clone()]);
    }
}

fn request_args(spec: &RequestSpec, ca: &CaChoice, assign: bool) -> Vec<String> {
    let mut args = vec![
        "cert".into(),
        "request".into(),
        "--type".into(),
        crate::cert::usage::join(&spec.usages, ","),
    ];
    match ca {
        CaChoice::Detected => {}
        CaChoice::Lab(name) => args.extend(["--ca".into(), name.clone()]),
        CaChoice::Acme(options) => {
            args.extend(["--ca".into(), options.directory.clone()]);
            if let Some((kid, _)) = &options.eab {
                args.extend(["--eab-kid".into(), kid.clone()]);
                if let Some(file) = &options.eab_hmac_file {
                    args.extend(["--eab-hmac-file".into(), file.display().to_string()]);
                }
            }
            if let Some(roots) = &options.roots {
                args.extend(["--acme-root".into(), roots.display().to_string()]);
            }
            args.extend(["--http01-listen".into(), options.http01_listen.to_string()]);
        }
        CaChoice::Offline(file) => args.extend(["--offline".into(), file.display().to_string()]),
    }
    args.extend(["--key".into(), spec.key.as_str().into()]);
    if spec.hash != Default::default() {
        args.extend(["--hash".into(), format!("{:?}", spec.hash).to_lowercase()]);
    }
    push_opt(&mut args, "--friendly-name", &spec.friendly_name);
    if spec.exportable {
        args.push("--exportable".into());
    }
    push_opt(&mut args, "--org", &spec.organization);
    push_opt(&mut args, "--ou", &spec.organizational_unit);
    push_opt(&mut args, "--city", &spec.city);
    push_opt(&mut args, "--state", &spec.state);
    push_opt(&mut args, "--country", &spec.country);
    for domain in &spec.sip_domains {
        args.extend(["--sip-domain".into(), domain.clone()]);
    }
    for san in &spec.additional_sans {
        args.extend(["--san".into(), san.clone()]);
    }
    push_opt(&mut args, "--template", &spec.template);
    if assign {
        args.push("--assign".into());
    }
    args
}

/// Requests a certificate: prepares key and request, sends it to the CA (or writes it for an
/// offline CA), stores what comes back and, with `assign`, assigns it to its usages.
pub fn request(
    data: &DataDir,
    spec: &RequestSpec,
    ca: &CaChoice,
    assign: bool,
    sink: Option<UnboundedSender<RunEvent>>,
) -> Result<RequestOutcome, StepError<CertError>> {
    // Every rule of the request is checked before a run, a key or a CA exists.
    spec.check().map_err(|problem| StepError {
        error: CertError::Request(problem),
        run: None,
    })?;
    let redactor = Redactor::new();
    if let CaChoice::Acme(AcmeOptions {
        eab: Some((_, hmac)),
        ..
    }) = ca
    {
        redactor.register(hmac.clone());
    }
    let args = request_args(spec, ca, assign);
    let ((certificate, pending), run) = run_one(
        data,
        "cert-request",
        "Request Certificate",
        redactor,
        sink.clone(),
        &args,
        |log| {
            let ctx = context(data)?;
            let store = CertStore::open(data);
            let prepared = prepare(&ctx.topology, &ctx.place, spec)?;
            log.tell(
                Reason::new("said-request")
                    .with("usages", crate::cert::usage::join(&spec.usages, ", "))
                    .with("subject", &prepared.names.subject)
                    .with("count", prepared.names.sans.len())
                    .with("names", prepared.names.sans.join(", "))
                    .with("key", spec.key),
            );
            let friendly_name = match spec
                .friendly_name
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
            {
                Some(name) => name.to_string(),
                None => {
                    store.unique_friendly_name(&default_friendly_name(spec, &prepared.names))?
                }
            };
            let template = spec
                .template
                .clone()
                .unwrap_or_else(|| DEFAULT_TEMPLATE.to_string());
            let key_der = prepared.key.serialize_der();
            let (origin, leaf, chain, record) = match ca {
                CaChoice::Offline(file) => {
                    let pending = PendingRequest {
                        id: format!(
                            "{}-{}",
                            OffsetDateTime::now_utc().unix_timestamp(),
                            crate::atomic::random_suffix()
                        ),
                        created_at: OffsetDateTime::now_utc(),
                        usages: spec.usages.clone(),
                        subject: prepared.names.subject.clone(),
                        sans: prepared.names.sans.clone(),
                        friendly_name,
                        exportable: spec.exportable,
                        template,
                        request_file: file.clone(),
                    };
                    offline::create(data, &pending, &prepared.csr_pem, &key_der, file)?;
                    log.tell(
                        Reason::new("said-offline-request-written")
                            .with("file", file.display())
                            .with("pending", &pending.id),
                    );
                    return Ok((None, Some(pending)));
                }
                CaChoice::Acme(options) => {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .map_err(|e| {
                            CertError::Failed(format!("cannot start the ACME client: {e}"))
                        })?;
                    // The web services already hold the http-01 port (their HTTP listener):
                    // the challenges are answered through them.
                    let webroot = crate::services::http01_webroot(data, options.http01_listen);
                    // Each step is logged as it happens (live on the Executing Commands page);
                    // Cancel stops at the next one, before anything is stored.
                    let (leaf, chain) = runtime.block_on(acme::issue(
                        data,
                        options,
                        webroot.as_deref(),
                        &prepared.names.sans,
                        &prepared.csr_der,
                        &mut |line| {
                            log.tell(line);
                            !log.cancelled()
                        },
                    ))?;
                    (
                        format!("acme:{}", options.directory),
                        leaf,
                        chain,
                        CaRecord::Acme {
                            directory: options.directory.clone(),
                            eab_kid: options.eab.as_ref().map(|(kid, _)| kid.clone()),
                            eab_hmac_file: options.eab_hmac_file.clone(),
                            roots: options.roots.clone(),
                            http01_listen: options.http01_listen.to_string(),
                        },
                    )
                }
                CaChoice::Lab(_) | CaChoice::Detected => {
                    let name = match ca {
                        CaChoice::Lab(name) => name.clone(),
                        _ => only_detected_ca(&ctx.replica)?,
                    };
                    let (leaf, chain) = lab::issue(&ctx.replica, &name, &prepared.csr_der)?;
                    log.tell(Reason::new("said-lab-issued").with("ca", &name));
                    (format!("lab:{name}"), leaf, chain, CaRecord::Lab { name })
                }
            };
            let meta = CertMeta {
                friendly_name,
                exportable: spec.exportable,
                template: Some(template),
                requested_usages: spec.usages.clone(),
                origin,
                added_at: OffsetDateTime::now_utc(),
                request: Some(RequestRecord {
                    spec: RequestSpec {
                        friendly_name: None,
                        ..spec.clone()
                    },
                    ca: record,
                }),
            };
            let stored = index::add(
                &store,
                &leaf,
                &chain,
                Some(&key_der),
                meta,
                anchors(data).as_ref(),
            )?;
            log.tell(
                Reason::new("said-certificate-stored")
                    .with("thumbprint", &stored.thumbprint)
                    .with("name", &stored.meta.friendly_name)
                    .with("until", stored.info.not_after.date()),
            );
            Ok((Some(stored), None))
        },
    )?;
    let mut assigned = Vec::new();
    if assign && let Some(cert) = &certificate {
        assign_usages(data, &spec.usages, &cert.thumbprint, None, sink)?;
        assigned = spec.usages.clone();
    }
    Ok(RequestOutcome {
        certificate,
        pending,
        assigned,
        run,
    })
}

/// What an assignment did.
#[derive(Debug, Clone, Serialize)]
pub struct AssignOutcome {
    /// The certificate.
    pub thumbprint: String,
    /// Usages assigned.
    pub usages: Vec<Usage>,
    /// Effective date of a roll.
    #[serde(with = "time::serde::rfc3339::option")]
    pub effective: Option<OffsetDateTime>,
    /// Run id.
    pub run: String,
}

/// Assigns a stored certificate to `usages` (now, or as a roll at `roll`) after every check of
/// every usage passed. Global usages are published to the CMS and replicated by step 1.
pub fn assign_usages(
    data: &DataDir,
    usages: &[Usage],
    thumbprint: &str,
    roll: Option<OffsetDateTime>,
    sink: Option<UnboundedSender<RunEvent>>,
) -> Result<AssignOutcome, StepError<CertError>> {
    let thumb = thumbprint.trim().to_ascii_uppercase();
    let mut args = vec![
        "cert".into(),
        "assign".into(),
        "--type".into(),
        crate::cert::usage::join(usages, ","),
        "--thumbprint".into(),
        thumb.clone(),
    ];
    if let Some(date) = roll {
        args.extend([
            "--roll".into(),
            "--effective-date".into(),
            date.format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
        ]);
    }
    let sink_for_step2 = sink.clone();
    let spec = crate::log::RunSpec {
        kind: "cert-assign",
        title: "Certificate Assignment",
        redactor: Redactor::new(),
        sink,
        args,
    };
    let body = |log: &mut RunLog, cms: Option<&CentralStore>| {
        let ctx = context(data)?;
        let store = CertStore::open(data);
        let cert = store.get(&thumb)?;
        let roots = trusted_roots(data, &ctx.replica)?;
        let needed = required_usages(&ctx.place);
        for &usage in usages {
            if !needed.contains(&usage) {
                return Err(CertError::BadInput(format!(
                    "{usage} is not a certificate type of {}; its types are {}",
                    ctx.place.server,
                    crate::cert::usage::join(&needed, ", ")
                )));
            }
            let failures = query::check_in(&ctx, &store, &cert, usage, &roots)?;
            if !failures.is_empty() {
                return Err(CertError::ChecksFailed {
                    thumbprint: thumb.clone(),
                    usage,
                    failures,
                });
            }
            log.tell(
                Reason::new("said-checks-passed")
                    .with("thumbprint", &cert.thumbprint)
                    .with("usage", usage),
            );
        }
        let (global, local): (Vec<Usage>, Vec<Usage>) = usages.iter().partition(|u| u.is_global());
        if !local.is_empty() {
            let mut assignments = Assignments::load(data)?;
            for usage in &local {
                let entry = assignments.usages.entry(*usage).or_default();
                apply(entry, &thumb, roll);
                log.tell(describe(*usage, entry, roll));
            }
            assignments.save(data)?;
        }
        let Some(cms) = cms.filter(|_| !global.is_empty()) else {
            return Ok(());
        };
        let mut assignment = global::published_assignment(cms)?;
        apply(&mut assignment, &thumb, roll);
        let revision = global::publish(cms, &store, &assignment)?;
        log.tell(describe(Usage::OAuthTokenIssuer, &assignment, roll));
        log.tell(
            Reason::new("said-global-published")
                .with("cms", cms.root().display())
                .with("revision", revision),
        );
        Ok(())
    };
    let ((), run) = if usages.iter().any(|u| u.is_global()) {
        crate::deploy::global_change(data, spec, io, |cms, log| body(log, Some(cms)))?
    } else {
        crate::log::run_logged(data, spec, io, |log| body(log, None))?
    };
    refresh_components(data, sink_for_step2)?;
    Ok(AssignOutcome {
        thumbprint: thumb,
        usages: usages.to_vec(),
        effective: roll,
        run,
    })
}

fn apply(entry: &mut Assignment, thumb: &str, roll: Option<OffsetDateTime>) {
    match roll {
        Some(date) => entry.roll(thumb, date),
        None => entry.assign_now(thumb),
    }
}

/// What an assignment now is; `none` where a slot is empty (a value the catalogues select on).
fn describe(usage: Usage, entry: &Assignment, roll: Option<OffsetDateTime>) -> Reason {
    match (&entry.pending, roll) {
        (Some(pending), Some(_)) => Reason::new("said-assignment-roll")
            .with("usage", usage)
            .with("pending", &pending.thumbprint)
            .with("effective", pending.effective)
            .with("current", entry.current.as_deref().unwrap_or("none")),
        _ => Reason::new("said-assignment")
            .with("usage", usage)
            .with("current", entry.current.as_deref().unwrap_or("none"))
            .with("previous", entry.previous.as_deref().unwrap_or("none")),
    }
}

fn io(what: &str, e: std::io::Error) -> CertError {
    CertError::io(what)(e)
}

/// After an assignment, installed components get the new certificate files (and metadata) and
/// running services reload: step 2 again, logged as its own run.
fn refresh_components(
    data: &DataDir,
    sink: Option<UnboundedSender<RunEvent>>,
) -> Result<(), StepError<CertError>> {
    let installed = crate::components::InstallManifest::load(data)
        .map(|m| !m.components.is_empty())
        .unwrap_or(false);
    if !installed {
        return Ok(());
    }
    crate::deploy::setup_components(data, None, sink)
        .map(drop)
        .map_err(|e| StepError {
            error: CertError::Failed(format!(
                "the certificate is assigned, but the components could not take it: {}",
                e.error
            )),
            run: e.run,
        })
}

/// Removes the assignment of `usage`.
pub fn remove(
    data: &DataDir,
    usage: Usage,
    sink: Option<UnboundedSender<RunEvent>>,
) -> Result<String, StepError<CertError>> {
    let args = vec![
        "cert".into(),
        "remove".into(),
        "--type".into(),
        usage.as_str().into(),
    ];
    let spec = crate::log::RunSpec {
        kind: "cert-remove",
        title: "Remove Certificate Assignment",
        redactor: Redactor::new(),
        sink: sink.clone(),
        args,
    };
    let ((), run) = if usage.is_global() {
        crate::deploy::global_change(data, spec, io, |cms, log| {
            global::publish(cms, &CertStore::open(data), &Assignment::default())?;
            log.tell(Reason::new("said-global-unassigned").with("usage", usage));
            Ok(())
        })?
    } else {
        crate::log::run_logged(data, spec, io, |log| {
            let mut assignments = Assignments::load(data)?;
            match assignments.usages.remove(&usage) {
                Some(old) => log.tell(
                    Reason::new("said-unassigned")
                        .with("usage", usage)
                        .with("thumbprint", old.current.as_deref().unwrap_or("none")),
                ),
                None => log.tell(Reason::new("said-was-unassigned").with("usage", usage)),
            }
            assignments.save(data)?;
            Ok(())
        })?
    };
    refresh_components(data, sink)?;
    Ok(run)
}

/// What an import did.
#[derive(Debug, Clone, Serialize)]
pub struct ImportOutcome {
    /// Certificates stored (with or without key).
    pub certificates: Vec<StoredCert>,
    /// Roots added to the trusted roots.
    pub trusted_roots: Vec<String>,
    /// Run id.
    pub run: String,
}

/// Imports a certificate file (PEM, DER, P7B, PFX). A password is registered as a secret.
pub fn import(
    data: &DataDir,
    file: &Path,
    password: Option<&str>,
    password_file: Option<&Path>,
    exportable: bool,
    trust: bool,
    sink: Option<UnboundedSender<RunEvent>>,
) -> Result<ImportOutcome, StepError<CertError>> {
    let redactor = Redactor::new();
    if let Some(password) = password {
        redactor.register(password);
    }
    let mut args = vec!["cert".into(), "import".into(), file.display().to_string()];
    if let Some(path) = password_file {
        args.extend(["--password-file".into(), path.display().to_string()]);
    }
    if exportable {
        args.push("--exportable".into());
    }
    if trust {
        args.push("--trust".into());
    }
    let ((certificates, trusted), run) = run_one(
        data,
        "cert-import",
        "Import Certificate",
        redactor,
        sink,
        &args,
        |log| {
            let bytes = crate::input::read_limited(file, crate::input::InputKind::Certificate)
                .map_err(|e| CertError::BadInput(e.to_string()))?;
            let bundle = read_bundle(&bytes, password).map_err(|error| CertError::Format {
                file: file.display().to_string(),
                error: Box::new(error),
            })?;
            log.tell(
                Reason::new(if bundle.key.is_some() {
                    "said-file-holds-with-key"
                } else {
                    "said-file-holds"
                })
                .with("file", file.display())
                .with("count", bundle.certs.len()),
            );
            let store = CertStore::open(data);
            let infos: Vec<CertInfo> = bundle
                .certs
                .iter()
                .map(|d| CertInfo::from_der(d).map_err(CertError::BadInput))
                .collect::<Result<_, _>>()?;
            if bundle.certs.is_empty() {
                return Err(CertError::BadInput(format!(
                    "{} holds a private key but no certificate: import the certificate together with its key (a PFX file, or a PEM file holding both)",
                    file.display()
                )));
            }
            let leaf_index = match &bundle.key {
                Some(key) => {
                    let pair = rcgen::KeyPair::try_from(key.as_slice()).map_err(|e| {
                        match infos.iter().find(|i| i.key_type == "RSA" && i.key_bits < 2048) {
                            Some(weak) => CertError::BadInput(format!(
                                "key strength: the key has {} bits; keys below 2048 bits are refused (they can be factored, and OAuthTokenIssuer needs at least 2048)",
                                weak.key_bits
                            )),
                            None => CertError::BadInput(format!("the private key does not parse: {e}")),
                        }
                    })?;
                    use rcgen::PublicKeyData;
                    Some(
                        bundle
                            .certs
                            .iter()
                            .position(|d| public_key_bits(d).as_deref() == Some(pair.der_bytes()))
                            .ok_or_else(|| {
                                CertError::BadInput(
                                    "the private key belongs to none of the file's certificates: the file pairs a key with the wrong certificate; export the certificate with its own key again"
                                        .into(),
                                )
                            })?,
                    )
                }
                None => infos.iter().position(|i| !i.is_ca),
            };
            let mut stored = Vec::new();
            let mut trusted = Vec::new();
            match leaf_index {
                Some(index) => {
                    let chain: Vec<Vec<u8>> = bundle
                        .certs
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| *i != index)
                        .map(|(_, d)| d.clone())
                        .collect();
                    let info = &infos[index];
                    let meta = CertMeta {
                        friendly_name: store.unique_friendly_name(&format!(
                            "Imported {}",
                            info.subject_cn.as_deref().unwrap_or(&info.thumbprint)
                        ))?,
                        exportable,
                        template: None,
                        requested_usages: Vec::new(),
                        origin: "import".into(),
                        added_at: OffsetDateTime::now_utc(),
                        request: None,
                    };
                    let cert = index::add(
                        &store,
                        &bundle.certs[index],
                        &chain,
                        bundle.key.as_deref(),
                        meta,
                        anchors(data).as_ref(),
                    )?;
                    log.tell(
                        Reason::new(if cert.has_key {
                            "said-imported-with-key"
                        } else {
                            "said-imported-without-key"
                        })
                        .with("thumbprint", &cert.thumbprint)
                        .with("subject", &cert.info.subject),
                    );
                    stored.push(cert);
                }
                None if !trust => {
                    return Err(CertError::BadInput(format!(
                        "{} holds only CA certificates; to trust them as roots for the checks, import again with --trust",
                        file.display()
                    )));
                }
                None => {
                    // Only CA certificates, and the administrator asked to trust them.
                    let dir = data.root().join("trusted-roots");
                    crate::data_dir::create_private_dir(&dir)
                        .map_err(CertError::io("cannot create trusted-roots"))?;
                    for (der, info) in bundle.certs.iter().zip(&infos) {
                        if !info.self_issued {
                            return Err(CertError::BadInput(format!(
                                "{} is an intermediate CA certificate without its leaf; import it with the certificate it issued",
                                info.subject
                            )));
                        }
                        let pem_text = pem::encode(&pem::Pem::new("CERTIFICATE", der.clone()));
                        crate::atomic::write(
                            &dir.join(format!("{}.pem", info.thumbprint)),
                            pem_text.as_bytes(),
                        )
                        .map_err(CertError::io("cannot store the trusted root"))?;
                        log.tell(
                            Reason::new("said-root-trusted")
                                .with("thumbprint", &info.thumbprint)
                                .with("subject", &info.subject),
                        );
                        trusted.push(info.thumbprint.clone());
                    }
                }
            }
            Ok((stored, trusted))
        },
    )?;
    Ok(ImportOutcome {
        certificates,
        trusted_roots: trusted,
        run,
    })
}

/// Imports a PFX straight into a global usage (OAuthTokenIssuer): the certificate and its key
/// are imported, every check of the usage runs, and it is published to the CMS and replicated.
/// When it is refused, a certificate this import added is removed again.
pub fn import_global(
    data: &DataDir,
    file: &Path,
    password: Option<&str>,
    password_file: Option<&Path>,
    usage: Usage,
    sink: Option<UnboundedSender<RunEvent>>,
) -> Result<AssignOutcome, StepError<CertError>> {
    let refuse = |message: String| StepError {
        error: CertError::BadInput(message),
        run: None,
    };
    if !usage.is_global() {
        return Err(refuse(format!(
            "{usage} is not a global certificate type; import the file and assign it with cert assign"
        )));
    }
    let store = CertStore::open(data);
    let before: Vec<String> = store
        .list()
        .map_err(|error| StepError { error, run: None })?
        .into_iter()
        .map(|c| c.thumbprint)
        .collect();
    let outcome = import(
        data,
        file,
        password,
        password_file,
        true,
        false,
        sink.clone(),
    )?;
    let Some(cert) = outcome.certificates.first() else {
        return Err(refuse(format!(
            "{} holds no certificate for {usage}",
            file.display()
        )));
    };
    let added = !before.contains(&cert.thumbprint);
    let undo = |error: StepError<CertError>| {
        if added {
            // Best effort: the refusal is what the administrator needs to read.
            let _ = store.remove(&cert.thumbprint);
        }
        error
    };
    if !cert.has_key {
        return Err(undo(refuse(format!(
            "{} has no private key: {usage} is shared by every Front End through the central management store, so it must come with its key (a PFX file)",
            file.display()
        ))));
    }
    assign_usages(data, &[usage], &cert.thumbprint, None, sink).map_err(undo)
}

/// Exports a certificate with its private key as PFX (AES-256, or 3DES with `legacy`). Refused
/// for non-exportable keys. The password is registered as a secret.
pub fn export(
    data: &DataDir,
    thumbprint: &str,
    out: &Path,
    password: &str,
    password_file: Option<&Path>,
    legacy: bool,
    sink: Option<UnboundedSender<RunEvent>>,
) -> Result<String, StepError<CertError>> {
    let redactor = Redactor::new();
    redactor.register(password);
    let mut args = vec![
        "cert".into(),
        "export".into(),
        thumbprint.to_string(),
        "--out".into(),
        out.display().to_string(),
    ];
    if let Some(path) = password_file {
        args.extend(["--password-file".into(), path.display().to_string()]);
    }
    if legacy {
        args.push("--legacy".into());
    }
    let ((), run) = run_one(
        data,
        "cert-export",
        "Export Certificate",
        redactor,
        sink,
        &args,
        |log| {
            if password.is_empty() {
                return Err(CertError::BadInput(
                    "the PFX password is empty; give one (--password-file F or DEPLOY_WIZARD_PFX_PASSWORD)".into(),
                ));
            }
            let store = CertStore::open(data);
            let cert = store.get(thumbprint)?;
            if !cert.meta.exportable {
                return Err(Refusal::new(
                    format!(
                        "the private key of {} was not marked exportable, so it is never written into an export",
                        cert.thumbprint
                    ),
                    Reason::new("why-export-key-not-exportable")
                        .with("thumbprint", &cert.thumbprint),
                )
                .into());
            }
            let key = store.key(&cert.thumbprint)?.ok_or_else(|| {
                CertError::BadInput(format!(
                    "{} has no private key in the store to export",
                    cert.thumbprint
                ))
            })?;
            let pfx = write_pkcs12(
                &store.leaf(&cert.thumbprint)?,
                &store.chain(&cert.thumbprint)?,
                &key,
                &cert.meta.friendly_name,
                password,
                legacy,
            )
            .map_err(CertError::Failed)?;
            crate::atomic::write_private(out, &pfx)
                .map_err(|e| CertError::BadInput(format!("cannot write {}: {e}", out.display())))?;
            log.tell(
                Reason::new("said-exported")
                    .with("thumbprint", &cert.thumbprint)
                    .with("file", out.display())
                    .with(
                        "protection",
                        if legacy {
                            "3DES, SHA-1 MAC"
                        } else {
                            "AES-256, SHA-256 MAC"
                        },
                    ),
            );
            Ok(())
        },
    )?;
    Ok(run)
}

/// Completes a pending request with the CA's response file.
pub fn complete_pending(
    data: &DataDir,
    response: &Path,
    sink: Option<UnboundedSender<RunEvent>>,
) -> Result<(StoredCert, String), StepError<CertError>> {
    let args = vec![
        "cert".into(),
        "pending".into(),
        "complete".into(),
        "--response".into(),
        response.display().to_string(),
    ];
    run_one(
        data,
        "cert-pending-complete",
        "Process Pending Request",
        Redactor::new(),
        sink,
        &args,
        |log| {
            let bytes = crate::input::read_limited(response, crate::input::InputKind::CaResponse)
                .map_err(|e| CertError::BadInput(e.to_string()))?;
            let matched = offline::match_response(data, &bytes)?;
            log.tell(
                Reason::new("said-response-matches")
                    .with("pending", &matched.pending.id)
                    .with("subject", &matched.pending.subject),
            );
            let meta = CertMeta {
                friendly_name: matched.pending.friendly_name.clone(),
                exportable: matched.pending.exportable,
                template: Some(matched.pending.template.clone()),
                requested_usages: matched.pending.usages.clone(),
                origin: "offline".into(),
                added_at: OffsetDateTime::now_utc(),
                // A renewal writes a new request for the same usages to the same file.
                request: Some(RequestRecord {
                    spec: RequestSpec {
                        usages: matched.pending.usages.clone(),
                        exportable: matched.pending.exportable,
                        template: Some(matched.pending.template.clone()),
                        ..RequestSpec::default()
                    },
                    ca: CaRecord::Offline {
                        file: matched.pending.request_file.clone(),
                    },
                }),
            };
            let stored = index::add(
                &CertStore::open(data),
                &matched.leaf,
                &matched.chain,
                Some(&matched.key),
                meta,
                anchors(data).as_ref(),
            )?;
            offline::remove(data, &matched.pending.id)?;
            log.tell(Reason::new("said-response-stored").with("thumbprint", &stored.thumbprint));
            Ok(stored)
        },
    )
}

/// Creates a lab CA in a CMS directory, as a logged run.
pub fn create_lab_ca(
    data: &DataDir,
    cms_dir: &Path,
    name: &str,
    validity_days: u32,
    validity_seconds: Option<u32>,
) -> Result<(u64, String), StepError<CertError>> {
    let mut args = vec![
        "cms".into(),
        "ca".into(),
        "create".into(),
        "--cms".into(),
        cms_dir.display().to_string(),
        "--name".into(),
        name.to_string(),
        "--validity-days".into(),
        validity_days.to_string(),
    ];
    if let Some(seconds) = validity_seconds {
        args.extend(["--validity-seconds".into(), seconds.to_string()]);
    }
    run_one(
        data,
        "ca-create",
        "Create Lab Certification Authority",
        Redactor::new(),
        None,
        &args,
        |log| {
            let cms = CentralStore::open(cms_dir)?;
            let revision = lab::create_in_cms(&cms, name, validity_days, validity_seconds)?;
            log.tell(
                Reason::new("said-lab-ca-published")
                    .with("ca", name)
                    .with("cms", cms_dir.display())
                    .with("revision", revision),
            );
            Ok(revision)
        },
    )
}

/// This deployment's trust anchors (lab CAs, imported roots, the system's), for the index's
/// chain verdict of a certificate just stored; `None` without a replica (the next listing
/// verifies the chain).
fn anchors(data: &DataDir) -> Option<Anchors> {
    let replica = crate::store::LocalConfigurationStore::open(data).ok()??;
    trusted_roots(data, &replica)
        .ok()
        .map(|roots| Anchors::new(&roots))
}
