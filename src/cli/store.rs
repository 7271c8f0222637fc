//! `store install (--from-cms DIR|URL | --from-file ZIP) [--cms-root PEM] [--server FQDN]`.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use serde_json::json;

use super::{CliError, Output};
use crate::data_dir::DataDir;
use crate::deploy::{self, LocalStoreRequest};
use crate::settings::Settings;
use crate::store::CmsSource;

/// Local configuration store commands.
#[derive(Debug, Subcommand)]
pub enum StoreCommand {
    /// Step 1: install or update the local configuration store.
    Install(InstallArgs),
}

/// Where step 1 reads from.
#[derive(Debug, Args)]
pub struct InstallArgs {
    /// The central management store: a directory or an https:// URL (default: the one used last).
    #[arg(long, value_name = "DIR|URL", conflicts_with = "from_file")]
    from_cms: Option<String>,
    /// A zip written by `cms export` (for servers that cannot reach the store).
    #[arg(long, value_name = "ZIP")]
    from_file: Option<PathBuf>,
    /// File holding the export's password, or the replication password of a CMS served over
    /// HTTPS (or set DEPLOY_WIZARD_EXPORT_PASSWORD); needed when protected documents are sealed.
    #[arg(long, value_name = "FILE")]
    password_file: Option<PathBuf>,
    /// PEM file of extra roots to trust for an https:// store.
    #[arg(long, value_name = "PEM")]
    cms_root: Option<PathBuf>,
    /// The topology server this computer is (default: found by host name).
    #[arg(long, value_name = "FQDN")]
    server: Option<String>,
    /// Install even a revision older than this server's replica (a roll back on purpose).
    #[arg(long)]
    allow_older: bool,
}

pub(super) fn run(command: StoreCommand, data: &DataDir) -> Result<Output, CliError> {
    let StoreCommand::Install(args) = command;
    let password = || -> Result<_, CliError> {
        Ok(super::read_secret(
            args.password_file.as_deref(),
            super::cms::EXPORT_PASSWORD_ENV,
            &crate::fl!("cli-cms-export-password"),
        )?
        .map(crate::store::seal::ExportPassword::new)
        .transpose()
        .map_err(crate::store::StoreError::BadPassword)?)
    };
    let with_password = |source: CmsSource| -> Result<CmsSource, CliError> {
        Ok(match source {
            CmsSource::Https { url, roots, .. } => CmsSource::Https {
                url,
                roots,
                password: password()?,
            },
            CmsSource::Directory(_) if args.password_file.is_some() => {
                return Err(CliError::new(
                    crate::Failure::BadInput,
                    crate::fl!("cli-store-password-file-not-for-directory"),
                ));
            }
            other => other,
        })
    };
    let source = match (args.from_cms.clone(), args.from_file.clone()) {
        (Some(location), None) => with_password(CmsSource::from_cms_location(
            &location,
            args.cms_root.clone(),
        )?)?,
        (None, Some(zip)) => {
            if args.cms_root.is_some() {
                return Err(CliError::new(
                    crate::Failure::BadInput,
                    crate::fl!("cli-store-cms-root-not-for-file"),
                ));
            }
            CmsSource::Export {
                path: zip,
                password: password()?,
            }
        }
        _ => {
            let settings = Settings::load(data);
            let location = settings.cms.ok_or_else(|| {
                CliError::new(
                    crate::Failure::BadInput,
                    crate::fl!("cli-store-source-required"),
                )
            })?;
            with_password(CmsSource::from_cms_location(
                &location,
                args.cms_root.clone().or(settings.cms_root),
            )?)?
        }
    };
    let request = LocalStoreRequest {
        source,
        server: args.server,
        allow_older: args.allow_older,
        // Remembered for the next step 1 as an absolute path.
        password_file: args
            .password_file
            .as_deref()
            .map(std::path::absolute)
            .transpose()
            .map_err(super::io_error(&crate::fl!(
                "cli-store-password-path-unresolved"
            )))?,
    };
    let (report, summary) = deploy::install_local_store(data, &request, None)
        .map_err(|e| CliError::from(e.error).with_run(e.run))?;
    let (revision, source) = (report.revision, report.source.to_string());
    let change = match report.previous_revision {
        Some(old) if old == revision => {
            crate::fl!(
                "cli-store-reinstalled",
                revision = revision,
                source = source
            )
        }
        Some(old) => crate::fl!(
            "cli-store-updated",
            old = old,
            revision = revision,
            source = source
        ),
        None => crate::fl!("cli-store-installed", revision = revision, source = source),
    };
    let text = format!(
        "{change}\n{}\n{}",
        crate::fl!(
            "cli-store-this-server",
            server = report.server.server.as_str(),
            pool = report.server.pool.as_str(),
            roles = report.server.roles.join(", ")
        ),
        crate::fl!("cli-main-run-log", run = summary.id.as_str())
    );
    Ok(Output::new(
        text,
        json!({ "report": report, "run": summary.id, "outcome": summary.outcome }),
    ))
}
