//! `sentinelctl export`: write a workspace's rules as YAML files.
//!
//! Reads every alert rule and saved search of the workspace, maps them with
//! [`crate::sync::export`], and writes one file per Scheduled or NRT rule and hunting query.
//! A rule that cannot be mapped or written is reported and the others are still written;
//! rule kinds the file format cannot hold are listed as skipped.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::Args;

use super::ExitStatus;
use crate::azure::args::AzureArgs;
use crate::sync::export::{self, Export, ExportedFile, FileKind, Written};
use crate::{config, printer};

/// Options of `sentinelctl export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Folder to write into (analytic rules and hunting queries in subfolders).
    #[arg(long, value_name = "DIR", default_value = "rules")]
    pub out: PathBuf,
    /// Replace files that already exist.
    #[arg(long)]
    pub force: bool,
    /// Configuration file [default: the nearest sentinelctl.toml].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(flatten)]
    pub azure: AzureArgs,
}

pub fn run(args: &ExportArgs) -> anyhow::Result<ExitStatus> {
    if args.out.exists() && !args.out.is_dir() {
        anyhow::bail!("--out {} is a file, not a folder", args.out.display());
    }
    let config = config::load(args.config.as_deref(), Path::new("."))?;
    let runtime = tokio::runtime::Runtime::new().context("failed to start the async runtime")?;
    // Built inside the runtime that drives it, as the other workspace commands do.
    let (client, choice) = {
        let _entered = runtime.enter();
        args.azure.connect(&config.file.environments).context("cannot address the workspace")?
    };
    printer::status(&format!("authenticating with {}", choice.describe()));
    let (rules, searches) = runtime
        .block_on(async {
            tokio::try_join!(client.list_alert_rules(), client.list_saved_searches())
        })
        .context("failed to read the workspace's rules")?;
    tracing::info!(rules = rules.len(), saved_searches = searches.len(), "read the workspace");

    let found = export::export(&rules, &searches);
    for rule in &found.skipped {
        printer::warn(&format!("skipped `{}` ({}): {}", rule.display_name, rule.id, rule.reason));
    }
    for rule in &found.failed {
        printer::warn(&format!(
            "could not export `{}` ({}): {}",
            rule.display_name, rule.id, rule.reason
        ));
    }
    let written = write_all(&args.out, &found.files, args.force);
    summarise(&args.out, &found, &written);
    let all_written = written.iter().all(Option::is_some);
    Ok(if found.failed.is_empty() && all_written {
        ExitStatus::Success
    } else {
        ExitStatus::Findings
    })
}

/// Writes each file, reporting a failure and going on with the next; `None` marks a file
/// that was not written.
fn write_all(out: &Path, files: &[ExportedFile], force: bool) -> Vec<Option<(FileKind, Written)>> {
    files
        .iter()
        .map(|file| match export::write_file(&out.join(&file.path), &file.text, force) {
            Ok(written) => {
                tracing::debug!(path = %file.path.display(), id = %file.id, "written");
                Some((file.kind, written))
            }
            Err(error) => {
                printer::warn(&format!("could not export `{}`: {error}", file.display_name));
                None
            }
        })
        .collect()
}

fn summarise(out: &Path, found: &Export, written: &[Option<(FileKind, Written)>]) {
    let count = |kind: FileKind| written.iter().flatten().filter(|(k, _)| *k == kind).count();
    let replaced = written.iter().flatten().filter(|(_, w)| *w == Written::Replaced).count();
    let not_written = written.iter().filter(|w| w.is_none()).count();
    let total = written.iter().flatten().count();
    let mut line = format!(
        "exported {total} {} to {} ({} Scheduled, {} NRT, {} hunting)",
        if total == 1 { "file" } else { "files" },
        out.display(),
        count(FileKind::Scheduled),
        count(FileKind::Nrt),
        count(FileKind::Hunting),
    );
    if replaced > 0 {
        line.push_str(&format!(" ({replaced} replaced)"));
    }
    let failed = found.failed.len() + not_written;
    line.push_str(&format!("; {} skipped, {failed} failed", found.skipped.len()));
    printer::status(&line);
}
