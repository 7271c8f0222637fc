//! `cert …`: the Certificate Wizard from the command line.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use serde_json::json;

use super::{CliError, Output, read_secret};
use crate::Failure;
use crate::cert::CertError;
use crate::cert::acme::DEFAULT_HTTP01_LISTEN;
use crate::cert::assign::parse_effective_date;
use crate::cert::key::{KeySpec, SignatureHash};
use crate::cert::query::{self, UsageState};
use crate::cert::request::CaInput;
use crate::cert::request::RequestSpec;
use crate::cert::store::{CertStore, StoredCert};
use crate::cert::{offline, parse_usages};
use crate::data_dir::DataDir;
use crate::deploy::certificates as actions;
use crate::store::LocalConfigurationStore;

/// Environment variable holding a PFX password.
pub const PFX_PASSWORD_ENV: &str = "DEPLOY_WIZARD_PFX_PASSWORD";
/// Environment variable holding an ACME EAB HMAC key.
pub const EAB_HMAC_ENV: &str = "DEPLOY_WIZARD_EAB_HMAC";

/// Certificate commands.
#[derive(Debug, Subcommand)]
pub enum CertCommand {
    /// The usages this server needs, each with its certificate and state.
    Usages,
    /// The subject and subject alternative names a request for these usages carries.
    Names {
        /// Certificate types, comma-separated.
        #[arg(long = "type", value_name = "T[,T]", required = true)]
        types: Vec<String>,
        /// SIP domains for sip.<domain> names (default: the default SIP domain).
        #[arg(long = "sip-domain", value_name = "D")]
        sip_domains: Vec<String>,
        /// Additional subject alternative names.
        #[arg(long = "san", value_name = "NAME")]
        sans: Vec<String>,
    },
    /// Request a certificate from a CA (or prepare an offline request).
    Request(Box<RequestArgs>),
    /// Offline requests waiting for their CA's response.
    #[command(subcommand)]
    Pending(PendingCommand),
    /// Import a certificate file: PEM, DER, P7B, or PFX/P12 with its key.
    Import {
        /// The file.
        file: PathBuf,
        /// File holding the PFX password (or set DEPLOY_WIZARD_PFX_PASSWORD).
        #[arg(long, value_name = "F")]
        password_file: Option<PathBuf>,
        /// Allow the imported private key to be exported again.
        #[arg(long)]
        exportable: bool,
        /// Trust the file's self-signed CA certificates as roots for the checks.
        #[arg(long)]
        trust: bool,
        /// Import straight into a global certificate type (OAuthTokenIssuer) and publish it.
        #[arg(long, requires = "usage", conflicts_with = "trust")]
        global: bool,
        /// With --global: the certificate type.
        #[arg(long = "type", value_name = "T", requires = "global")]
        usage: Option<String>,
    },
    /// The current certificate of a type (prints nothing when none is assigned).
    Get {
        /// Certificate type.
        #[arg(long = "type", value_name = "T")]
        usage: String,
    },
    /// Export a certificate with its private key as PFX.
    Export {
        /// Thumbprint.
        thumbprint: String,
        /// PFX file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// File holding the PFX password (or set DEPLOY_WIZARD_PFX_PASSWORD).
        #[arg(long, value_name = "F")]
        password_file: Option<PathBuf>,
        /// 3DES and SHA-1 MAC, for systems that cannot read AES-256 PFX files.
        #[arg(long)]
        legacy: bool,
    },
    /// Every certificate in the store.
    List,
    /// One certificate's details.
    Show {
        /// Thumbprint.
        thumbprint: String,
    },
    /// Assign a certificate to usages (after every check passed).
    Assign {
        /// Certificate types, comma-separated.
        #[arg(long = "type", value_name = "T[,T]", required = true)]
        types: Vec<String>,
        /// Thumbprint of a stored certificate.
        #[arg(long, value_name = "X")]
        thumbprint: String,
        /// Make it current at --effective-date; the current one becomes previous then.
        #[arg(long)]
        roll: bool,
        /// When a roll takes effect: 2026-12-01, 2026-12-01T08:00 (UTC) or RFC 3339.
        #[arg(long, value_name = "DATE")]
        effective_date: Option<String>,
    },
    /// Remove the assignment of a usage.
    Remove {
        /// Certificate type.
        #[arg(long = "type", value_name = "T")]
        usage: String,
    },
    /// Renew the certificates that are due (two thirds of their lifetime), as they were
    /// requested, and deploy them to the same usages.
    Renew(super::renewal::RenewArgs),
}

/// `cert request` flags.
#[derive(Debug, Args)]
pub struct RequestArgs {
    /// Certificate types, comma-separated; one certificate serves them all.
    #[arg(long = "type", value_name = "T[,T]", required = true)]
    types: Vec<String>,
    /// CA: a name from `ca list`, or an ACME directory URL (default: the only detected CA).
    #[arg(long, value_name = "NAME|URL", conflicts_with = "offline")]
    ca: Option<String>,
    /// Prepare the request now and send it later: write the PKCS#10 request to FILE.
    #[arg(long, value_name = "FILE")]
    offline: Option<PathBuf>,
    /// Key type and size.
    #[arg(
        long,
        default_value = "rsa2048",
        value_name = "rsa2048|rsa3072|rsa4096|p256|p384"
    )]
    key: String,
    /// Signature hash.
    #[arg(long, default_value = "sha256", value_name = "sha256|sha384|sha512")]
    hash: String,
    /// Friendly name (generated and unique when omitted).
    #[arg(long)]
    friendly_name: Option<String>,
    /// Mark the private key as exportable.
    #[arg(long)]
    exportable: bool,
    /// Organization (O).
    #[arg(long)]
    org: Option<String>,
    /// Organizational unit (OU).
    #[arg(long)]
    ou: Option<String>,
    /// City (L).
    #[arg(long)]
    city: Option<String>,
    /// State or province (ST).
    #[arg(long)]
    state: Option<String>,
    /// Country (C), two letters.
    #[arg(long)]
    country: Option<String>,
    /// SIP domains for sip.<domain> names.
    #[arg(long = "sip-domain", value_name = "D")]
    sip_domains: Vec<String>,
    /// Additional subject alternative names.
    #[arg(long = "san", value_name = "NAME")]
    sans: Vec<String>,
    /// Certificate template.
    #[arg(long, value_name = "NAME")]
    template: Option<String>,
    /// ACME external account binding key id.
    #[arg(long, value_name = "K", requires = "ca")]
    eab_kid: Option<String>,
    /// File holding the ACME external account HMAC key (or set DEPLOY_WIZARD_EAB_HMAC).
    #[arg(long, value_name = "F", requires = "eab_kid")]
    eab_hmac_file: Option<PathBuf>,
    /// PEM roots to trust for the ACME directory's TLS, beside the system roots.
    #[arg(long, value_name = "PEM", requires = "ca")]
    acme_root: Option<PathBuf>,
    /// Address the http-01 responder listens on.
    #[arg(long, value_name = "ADDR", default_value = DEFAULT_HTTP01_LISTEN)]
    http01_listen: String,
    /// Assign the issued certificate to its usages.
    #[arg(long)]
    assign: bool,
    /// Also export the issued certificate with its key to this PFX file (needs --exportable).
    #[arg(
        long,
        value_name = "FILE",
        requires = "password_file",
        conflicts_with = "offline"
    )]
    pfx_out: Option<PathBuf>,
    /// File holding the password of --pfx-out.
    #[arg(long, value_name = "F", requires = "pfx_out")]
    password_file: Option<PathBuf>,
}

/// Pending request commands.
#[derive(Debug, Subcommand)]
pub enum PendingCommand {
    /// The requests waiting for a response.
    List,
    /// Complete a request with the CA's response (PEM, DER or P7B).
    Complete {
        /// The CA's response.
        #[arg(long, value_name = "FILE")]
        response: PathBuf,
    },
}

fn when(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

fn bad(message: impl Into<String>) -> CliError {
    CliError::new(Failure::BadInput, message)
}

fn cert_text(cert: &StoredCert) -> String {
    use crate::fl;
    let info = &cert.info;
    let mut key = if cert.has_key {
        fl!(
            "cli-cert-key-with-private",
            kind = info.key_type.as_str(),
            bits = info.key_bits
        )
    } else {
        fl!(
            "cli-cert-key-without-private",
            kind = info.key_type.as_str(),
            bits = info.key_bits
        )
    };
    if cert.meta.exportable {
        key.push(' ');
        key.push_str(&fl!("cli-cert-exportable"));
    }
    let mut lines = vec![
        fl!("cli-cert-thumbprint", value = cert.thumbprint.as_str()),
        fl!("cli-cert-sha256", value = info.sha256.as_str()),
        fl!(
            "cli-cert-friendly-name",
            value = cert.meta.friendly_name.as_str()
        ),
        fl!("cli-cert-subject", value = info.subject.as_str()),
        fl!("cli-cert-names", value = info.sans.join(", ")),
        fl!("cli-cert-issuer", value = info.issuer.as_str()),
        fl!(
            "cli-cert-valid",
            from = when(info.not_before),
            to = when(info.not_after)
        ),
        key,
        fl!(
            "cli-cert-signature",
            value = info.signature_algorithm.as_str()
        ),
        fl!("cli-cert-ekus", value = info.extended_key_usages.join(", ")),
        fl!("cli-cert-origin", value = cert.meta.origin.as_str()),
    ];
    for (i, issuer) in cert.chain.iter().enumerate() {
        lines.push(fl!(
            "cli-cert-chain",
            index = i + 1,
            subject = issuer.subject.as_str(),
            thumbprint = issuer.thumbprint.as_str()
        ));
    }
    lines.join("\n")
}

/// A usage's state as `cert usages` prints it.
fn state_word(state: UsageState) -> String {
    match state {
        UsageState::Valid => crate::fl!("cli-cert-state-valid"),
        UsageState::Expiring => crate::fl!("cli-cert-state-expiring"),
        UsageState::Invalid => crate::fl!("cli-cert-state-invalid"),
        UsageState::Missing => crate::fl!("cli-cert-state-missing"),
    }
}

pub(super) fn run(command: CertCommand, data: &DataDir) -> Result<Output, CliError> {
    match command {
        CertCommand::Usages => {
            let rows = query::usage_statuses(data)?;
            // The state column is as wide as the longest state word of the language.
            let state_width = [
                UsageState::Valid,
                UsageState::Expiring,
                UsageState::Invalid,
                UsageState::Missing,
            ]
            .map(|state| state_word(state).chars().count())
            .into_iter()
            .max()
            .unwrap_or_default();
            let text = rows
                .iter()
                .map(|r| {
                    let scope = if r.scope == "global" {
                        crate::fl!("cli-cert-scope-global")
                    } else {
                        crate::fl!("cli-cert-scope-local")
                    };
                    let mut line = format!(
                        "{:<26} {:<state_width$} {:<7} {} {}",
                        r.usage.as_str(),
                        state_word(r.state),
                        scope,
                        r.thumbprint.as_deref().unwrap_or("-"),
                        r.friendly_name.as_deref().unwrap_or("")
                    );
                    if let Some(not_after) = r.not_after {
                        line.push(' ');
                        line.push_str(&crate::fl!(
                            "cli-cert-usage-until",
                            date = not_after.date().to_string()
                        ));
                    }
                    if let Some(on) = r.renews_on {
                        line.push(' ');
                        line.push_str(&crate::fl!(
                            "cli-cert-usage-renews-on",
                            date = on.date().to_string()
                        ));
                    }
                    if let Some(reason) = r
                        .renewal_failed_why
                        .as_ref()
                        .map(crate::wording::reason)
                        .or_else(|| r.renewal_failed.clone())
                    {
                        line.push_str("\n    ");
                        line.push_str(&crate::fl!(
                            "cli-cert-usage-renewal-failed",
                            reason = reason
                        ));
                    }
                    for failure in &r.failures {
                        // English keeps the check's name and its English reason; another
                        // language words the reason as data (it names the check itself).
                        line.push_str("\n    ");
                        line.push_str(&crate::fl!(
                            "cli-cert-usage-check-failed",
                            check = failure.check.as_str(),
                            reason = failure.reason.as_str(),
                            worded = crate::wording::reason(&failure.why)
                        ));
                    }
                    line
                })
                .collect::<Vec<_>>()
                .join("\n");
            Ok(Output::new(text, json!({ "usages": rows })))
        }
        CertCommand::Names {
            types,
            sip_domains,
            sans,
        } => {
            let usages = parse_usages(&types).map_err(bad)?;
            let spec = RequestSpec {
                usages,
                sip_domains,
                additional_sans: sans,
                ..Default::default()
            };
            let names = query::preview_names(data, &spec)?;
            let text = [
                crate::fl!(
                    "cli-cert-subject-line",
                    subject = format!("CN={}", names.subject)
                ),
                crate::fl!("cli-cert-names-sans"),
                "  ".to_string() + &names.sans.join("\n  "),
            ]
            .join("\n");
            Ok(Output::new(text, json!(names)))
        }
        CertCommand::Request(args) => request(*args, data),
        CertCommand::Pending(PendingCommand::List) => {
            let pending = offline::list(data)?;
            let text = if pending.is_empty() {
                crate::fl!("cli-cert-pending-none")
            } else {
                pending
                    .iter()
                    .map(|p| {
                        crate::fl!(
                            "cli-cert-pending-line",
                            id = p.id.as_str(),
                            usages = crate::cert::usage::join(&p.usages, ","),
                            subject = p.subject.as_str(),
                            file = p.request_file.display().to_string()
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            Ok(Output::new(text, json!({ "pending": pending })))
        }
        CertCommand::Pending(PendingCommand::Complete { response }) => {
            let (cert, run) = actions::complete_pending(data, &response, None)?;
            let text = [
                crate::fl!(
                    "cli-cert-stored",
                    thumbprint = cert.thumbprint.as_str(),
                    name = cert.meta.friendly_name.as_str()
                ),
                crate::fl!(
                    "cli-cert-assign-it",
                    types = crate::cert::usage::join(&cert.meta.requested_usages, ","),
                    thumbprint = cert.thumbprint.as_str()
                ),
            ]
            .join("\n");
            Ok(Output::new(
                text,
                json!({ "certificate": cert, "run": run }),
            ))
        }
        CertCommand::Import {
            file,
            password_file,
            exportable,
            trust,
            global,
            usage,
        } => {
            let password = read_secret(
                password_file.as_deref(),
                PFX_PASSWORD_ENV,
                &crate::fl!("cli-cert-pfx-password"),
            )?;
            if global {
                let usage = usage.unwrap_or_default().parse().map_err(bad)?;
                let outcome = actions::import_global(
                    data,
                    &file,
                    password.as_deref(),
                    password_file.as_deref(),
                    usage,
                    None,
                )?;
                return Ok(Output::new(
                    crate::fl!(
                        "cli-cert-imported-global",
                        thumbprint = outcome.thumbprint.as_str(),
                        usage = usage.to_string()
                    ),
                    json!(outcome),
                ));
            }
            let outcome = actions::import(
                data,
                &file,
                password.as_deref(),
                password_file.as_deref(),
                exportable,
                trust,
                None,
            )?;
            let mut lines: Vec<String> = outcome
                .certificates
                .iter()
                .map(|c| {
                    let (thumbprint, subject) = (c.thumbprint.as_str(), c.info.subject.as_str());
                    if c.has_key {
                        crate::fl!(
                            "cli-cert-imported-with-key",
                            thumbprint = thumbprint,
                            subject = subject
                        )
                    } else {
                        crate::fl!(
                            "cli-cert-imported-without-key",
                            thumbprint = thumbprint,
                            subject = subject
                        )
                    }
                })
                .collect();
            lines.extend(
                outcome
                    .trusted_roots
                    .iter()
                    .map(|t| crate::fl!("cli-cert-trusted-root", thumbprint = t.as_str())),
            );
            // A certificate outside its validity is kept (it may be wanted for its chain or to
            // look at), but said plainly: it cannot be assigned.
            let now = time::OffsetDateTime::now_utc();
            for c in &outcome.certificates {
                let date = |d: time::OffsetDateTime| d.date().to_string();
                if c.info.not_after < now {
                    lines.push(crate::fl!(
                        "cli-import-expired",
                        thumbprint = c.thumbprint.as_str(),
                        date = date(c.info.not_after)
                    ));
                } else if c.info.not_before > now {
                    lines.push(crate::fl!(
                        "cli-import-not-yet-valid",
                        thumbprint = c.thumbprint.as_str(),
                        date = date(c.info.not_before)
                    ));
                }
            }
            Ok(Output::new(lines.join("\n"), json!(outcome)))
        }
        CertCommand::Get { usage } => {
            let usage: crate::cert::Usage = usage.parse().map_err(bad)?;
            if usage.is_global() {
                LocalConfigurationStore::require(data)?;
            }
            let assignment = crate::cert::assign::all_assignments(data)?
                .remove(&usage)
                .unwrap_or_default();
            let Some(current) = &assignment.current else {
                // Like the cmdlet it mirrors: nothing assigned prints nothing.
                return Ok(Output::new("", json!({ "usage": usage, "current": null })));
            };
            let cert = CertStore::open(data).get(current).ok();
            let mut lines = vec![crate::fl!(
                "cli-cert-get-current",
                usage = usage.to_string(),
                thumbprint = current.as_str()
            )];
            if let Some(cert) = &cert {
                lines.push(crate::fl!(
                    "cli-cert-subject-line",
                    subject = cert.info.subject.as_str()
                ));
                lines.push(crate::fl!(
                    "cli-cert-valid-until",
                    date = when(cert.info.not_after)
                ));
            }
            if let Some(previous) = &assignment.previous {
                lines.push(crate::fl!(
                    "cli-cert-previous",
                    thumbprint = previous.as_str()
                ));
            }
            if let Some(pending) = &assignment.pending {
                lines.push(crate::fl!(
                    "cli-cert-becomes-current",
                    date = when(pending.effective),
                    thumbprint = pending.thumbprint.as_str()
                ));
            }
            let text = lines.join("\n");
            Ok(Output::new(
                text,
                json!({ "usage": usage, "current": current, "previous": assignment.previous, "pending": assignment.pending, "certificate": cert }),
            ))
        }
        CertCommand::Export {
            thumbprint,
            out,
            password_file,
            legacy,
        } => {
            let password = read_secret(
                password_file.as_deref(),
                PFX_PASSWORD_ENV,
                &crate::fl!("cli-cert-pfx-password"),
            )?
            .unwrap_or_default();
            let run = actions::export(
                data,
                &thumbprint,
                &out,
                &password,
                password_file.as_deref(),
                legacy,
                None,
            )?;
            Ok(Output::new(
                crate::fl!("cli-cert-exported", file = out.display().to_string()),
                json!({ "out": out, "run": run }),
            ))
        }
        CertCommand::List => {
            // Read on every core and written in order, a few hundred at a time: 10,000
            // certificates never sit in memory together (nor does their JSON document).
            let store = CertStore::open(data);
            let entries = store.list_entries()?;
            let no_key = "  ".to_string() + &crate::fl!("cli-cert-list-no-key");
            Ok(Output::streamed(Box::new(move |out, as_json| {
                use std::io::Error;
                let failed = |e: crate::cert::CertError| Error::other(e.to_string());
                let empty = entries.is_empty();
                if as_json {
                    out.write_all(b"{\n  \"certificates\": [")?;
                    let mut first = true;
                    store.load_each(entries, |cert| {
                        let cert = cert.map_err(failed)?;
                        out.write_all(if first { b"\n" } else { b",\n" })?;
                        first = false;
                        serde_json::to_writer(&mut *out, &cert).map_err(Error::other)
                    })?;
                    out.write_all(if empty { b"]\n}\n" } else { b"\n  ]\n}\n" })?;
                    return Ok(());
                }
                if empty {
                    writeln!(out, "{}", crate::fl!("cli-cert-store-empty"))?;
                }
                store.load_each(entries, |c| {
                    let c = c.map_err(failed)?;
                    let line = crate::fl!(
                        "cli-cert-list-line",
                        thumbprint = c.thumbprint.as_str(),
                        name = format!("{:<40}", c.meta.friendly_name),
                        cn = c.info.subject_cn.as_deref().unwrap_or("-"),
                        date = c.info.not_after.date().to_string(),
                        key = if c.has_key { "" } else { no_key.as_str() }
                    );
                    writeln!(out, "{line}")
                })
            })))
        }
        CertCommand::Show { thumbprint } => {
            let cert = CertStore::open(data).get(&thumbprint)?;
            let usages = query::assigned_usages(data, &cert.thumbprint)?;
            let assigned = if usages.is_empty() {
                crate::fl!("cli-cert-assigned-nothing")
            } else {
                usages
                    .iter()
                    .map(|u| crate::wording::reason(&u.reason()))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let text =
                cert_text(&cert) + "\n" + &crate::fl!("cli-cert-assigned-to", usages = assigned);
            let mut value = json!(cert);
            // JSON keeps the English words, as before.
            let english: Vec<String> = usages.iter().map(|u| u.english()).collect();
            value["assigned_to"] = json!(english);
            Ok(Output::new(text, value))
        }
        CertCommand::Assign {
            types,
            thumbprint,
            roll,
            effective_date,
        } => {
            let usages = parse_usages(&types).map_err(bad)?;
            let roll = match (roll, effective_date) {
                (true, Some(date)) => Some(parse_effective_date(&date)?),
                (true, None) => {
                    return Err(bad(crate::fl!("cli-cert-roll-needs-date")));
                }
                (false, Some(_)) => return Err(bad(crate::fl!("cli-cert-date-needs-roll"))),
                (false, None) => None,
            };
            let outcome = actions::assign_usages(data, &usages, &thumbprint, roll, None)?;
            let usages = crate::cert::usage::join(&outcome.usages, ", ");
            let thumbprint = outcome.thumbprint.as_str();
            let text = match outcome.effective {
                Some(date) => crate::fl!(
                    "cli-cert-becomes-current-for",
                    thumbprint = thumbprint,
                    usages = usages,
                    date = date.to_string()
                ),
                None => crate::fl!(
                    "cli-cert-assigned",
                    thumbprint = thumbprint,
                    usages = usages
                ),
            };
            Ok(Output::new(text, json!(outcome)))
        }
        CertCommand::Renew(args) => super::renewal::renew(data, args),
        CertCommand::Remove { usage } => {
            let usage = usage.parse().map_err(bad)?;
            let run = actions::remove(data, usage, None)?;
            Ok(Output::new(
                crate::fl!("cli-cert-removed", usage = usage.to_string()),
                json!({ "usage": usage, "run": run }),
            ))
        }
    }
}

fn request(args: RequestArgs, data: &DataDir) -> Result<Output, CliError> {
    let usages = parse_usages(&args.types).map_err(bad)?;
    let oauth = usages.contains(&crate::cert::Usage::OAuthTokenIssuer);
    let spec = RequestSpec {
        usages,
        key: args.key.parse::<KeySpec>().map_err(bad)?,
        hash: args.hash.parse::<SignatureHash>().map_err(bad)?,
        friendly_name: args.friendly_name,
        // As in the window: OAuthTokenIssuer is shared as a PFX, so its key is exportable.
        exportable: args.exportable || oauth,
        template: args.template,
        organization: args.org,
        organizational_unit: args.ou,
        city: args.city,
        state: args.state,
        country: args.country,
        sip_domains: args.sip_domains,
        additional_sans: args.sans,
    };
    let eab_hmac = match args.eab_kid {
        Some(_) => read_secret(
            args.eab_hmac_file.as_deref(),
            EAB_HMAC_ENV,
            &crate::fl!("cli-cert-eab-hmac-key"),
        )?,
        None => None,
    };
    let ca = CaInput {
        offline: args.offline,
        ca: args.ca,
        acme: false,
        eab_kid: args.eab_kid,
        eab_hmac,
        eab_hmac_file: args.eab_hmac_file,
        acme_root: args.acme_root,
        http01_listen: args.http01_listen,
    }
    .choice()
    .map_err(CertError::Request)?;
    if args.pfx_out.is_some() && !spec.exportable {
        return Err(bad(crate::fl!("cli-cert-pfx-needs-exportable")));
    }
    let outcome = actions::request(data, &spec, &ca, args.assign, None)?;
    if let (Some(out), Some(password_file), Some(cert)) =
        (&args.pfx_out, &args.password_file, &outcome.certificate)
    {
        let password = read_secret(
            Some(password_file),
            PFX_PASSWORD_ENV,
            &crate::fl!("cli-cert-pfx-password"),
        )?
        .unwrap_or_default();
        actions::export(
            data,
            &cert.thumbprint,
            out,
            &password,
            Some(password_file),
            false,
            None,
        )?;
    }
    let text = match (&outcome.certificate, &outcome.pending) {
        (Some(cert), _) => {
            let mut lines = vec![
                crate::fl!(
                    "cli-cert-issued",
                    thumbprint = cert.thumbprint.as_str(),
                    name = cert.meta.friendly_name.as_str()
                ),
                crate::fl!(
                    "cli-cert-subject-line",
                    subject = cert.info.subject.as_str()
                ),
                crate::fl!("cli-cert-names-line", names = cert.info.sans.join(", ")),
                crate::fl!("cli-cert-valid-until", date = when(cert.info.not_after)),
            ];
            if let Some(out) = &args.pfx_out {
                lines.push(crate::fl!(
                    "cli-cert-exported",
                    file = out.display().to_string()
                ));
            }
            if !outcome.assigned.is_empty() {
                lines.push(crate::fl!(
                    "cli-cert-assigned-usages",
                    usages = crate::cert::usage::join(&outcome.assigned, ", ")
                ));
            }
            lines.join("\n")
        }
        (None, Some(pending)) => [
            crate::fl!(
                "cli-cert-request-written",
                file = pending.request_file.display().to_string()
            ),
            crate::fl!(
                "cli-cert-pending-request",
                id = pending.id.as_str(),
                subject = pending.subject.as_str()
            ),
        ]
        .join("\n"),
        (None, None) => String::new(),
    };
    Ok(Output::new(text, json!(outcome)))
}
