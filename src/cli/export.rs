//! `sentinelctl export`: write a workspace's rules as YAML files.
//!
//! Reads every alert rule, saved search and metadata resource of the workspace, maps them
//! with [`crate::sync::export`], and writes one file per Scheduled or NRT rule and hunting
//! query, into the file that already holds the rule when there is one (keeping what only that
//! file knows, such as its `requiredDataConnectors`). A rule that cannot be mapped or written
//! is reported and the others are still written; rule kinds the file format cannot hold are
//! listed as skipped.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::Args;

use super::ExitStatus;
use crate::azure::Workspace;
use crate::azure::alert_rules::AlertRule;
use crate::azure::args::AzureArgs;
use crate::azure::metadata::Metadata;
use crate::azure::saved_searches::SavedSearch;
use crate::printer;
use crate::sync::export::environment::{self, Restored};
use crate::sync::export::existing::Existing;
use crate::sync::export::{self, Export, ExportedFile, FileKind, Versions, Written};
use crate::sync::overrides::Overrides;

/// Options of `sentinelctl export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Folder to write into (analytic rules and hunting queries in subfolders).
    #[arg(long, value_name = "DIR", default_value = "rules")]
    pub out: PathBuf,
    /// Replace files that already exist (including the file that already holds a rule).
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
    let config = super::environments::load_config(args.config.as_deref())?;
    let environment = args.azure.environment.as_deref();
    let overrides = Overrides::for_environment(&config.file.environments, environment)
        .map_err(|error| super::environments::override_error(&config, &error))?;
    let existing = existing_files(&args.out)?;
    let live = read_workspace(&args.azure, &config.file.environments)?;

    let versions = Versions::recorded(&live.markers, &live.workspace, &live.rules, &live.searches);
    let restored = environment::restore_base(&live.rules, &overrides, &existing);
    report_overrides(environment, &restored);
    let mut found = export::export(&restored.rules, &live.searches, &versions, &existing);
    existing.place(&mut found.files);
    report_not_exported(&found);
    let outcomes = write_all(&args.out, &found.files, args.force);
    summarise(&args.out, &found, &outcomes);
    let all_written = outcomes.iter().all(|o| matches!(o, FileOutcome::Written(..)));
    Ok(if found.failed.is_empty() && all_written {
        ExitStatus::Success
    } else {
        ExitStatus::Findings
    })
}

/// The rule files already under `out`, by id; an id two files hold is warned about.
fn existing_files(out: &Path) -> anyhow::Result<Existing> {
    let existing = Existing::scan(out)?;
    for (id, kept, other) in &existing.duplicates {
        printer::warn(&format!(
            "rule {id} is in both {} and {}; exporting it to the first",
            out.join(kept).display(),
            out.join(other).display()
        ));
    }
    Ok(existing)
}

/// What export reads from the workspace.
struct Live {
    workspace: Workspace,
    rules: Vec<AlertRule>,
    searches: Vec<SavedSearch>,
    markers: Vec<Metadata>,
}

fn read_workspace(azure: &AzureArgs, environments: &toml::Table) -> anyhow::Result<Live> {
    let runtime = tokio::runtime::Runtime::new().context("failed to start the async runtime")?;
    // Built inside the runtime that drives it, as the other workspace commands do.
    let (client, choice) = {
        let _entered = runtime.enter();
        azure.connect(environments).context("cannot address the workspace")?
    };
    super::workspace_args::announce_credential(choice);
    let (rules, searches, markers) = runtime
        .block_on(async {
            tokio::try_join!(
                client.list_alert_rules(),
                client.list_saved_searches(),
                client.list_metadata()
            )
        })
        .context("failed to read the workspace's rules")?;
    tracing::info!(rules = rules.len(), saved_searches = searches.len(), "read the workspace");
    Ok(Live { workspace: client.workspace().clone(), rules, searches, markers })
}

fn report_not_exported(found: &Export) {
    for rule in &found.skipped {
        printer::warn(&format!("skipped `{}` ({}): {}", rule.display_name, rule.id, rule.reason));
    }
    for rule in &found.failed {
        printer::warn(&format!(
            "could not export `{}` ({}): {}",
            rule.display_name, rule.id, rule.reason
        ));
    }
}

/// Names the rules whose new files hold an environment's overridden values.
fn report_overrides(environment: Option<&str>, restored: &Restored) {
    let environment = environment.unwrap_or_default();
    for rule in &restored.overridden {
        let fields: Vec<&str> = rule.fields.iter().map(|(field, _)| *field).collect();
        let values: Vec<String> =
            rule.fields.iter().map(|(field, value)| format!("{field}: {value}")).collect();
        printer::warn(&format!(
            "`{}` ({}): environment {environment} overrides {}, so the new file holds its live \
             values ({}), not the rule's own; check them before deploying it elsewhere",
            rule.display_name,
            rule.id,
            fields.join(" and "),
            values.join(", ")
        ));
    }
    if restored.kept > 0 {
        printer::status(&format!(
            "{} existing file(s) keep their own values of the settings environment \
             {environment} overrides",
            restored.kept
        ));
    }
}

/// What became of one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FileOutcome {
    Written(FileKind, Written),
    /// It exists already and `--force` was not given.
    Kept,
    Failed,
}

/// Writes each file, reporting a failure and going on with the next. A file that exists
/// already, holding the rule or not, is replaced only with `force`.
fn write_all(out: &Path, files: &[ExportedFile], force: bool) -> Vec<FileOutcome> {
    files.iter().map(|file| write_one(&out.join(&file.path), file, force)).collect()
}

fn write_one(path: &Path, file: &ExportedFile, force: bool) -> FileOutcome {
    if file.replaces_rule && !force {
        printer::warn(&format!(
            "not exporting `{}`: {} already holds rule {} (use --force to replace it)",
            file.display_name,
            path.display(),
            file.id
        ));
        return FileOutcome::Kept;
    }
    match export::write_file(path, &file.text, force) {
        Ok(written) => {
            tracing::debug!(path = %file.path.display(), id = %file.id, "written");
            FileOutcome::Written(file.kind, written)
        }
        Err(error) => {
            printer::warn(&format!("could not export `{}`: {error}", file.display_name));
            match error {
                export::WriteError::Exists(_) => FileOutcome::Kept,
                export::WriteError::Io { .. } => FileOutcome::Failed,
            }
        }
    }
}

fn summarise(out: &Path, found: &Export, outcomes: &[FileOutcome]) {
    let written: Vec<(FileKind, Written)> = outcomes
        .iter()
        .filter_map(|o| match o {
            FileOutcome::Written(kind, written) => Some((*kind, *written)),
            _ => None,
        })
        .collect();
    let count = |kind: FileKind| written.iter().filter(|(k, _)| *k == kind).count();
    let replaced = written.iter().filter(|(_, w)| *w == Written::Replaced).count();
    let total = written.len();
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
    let kept = outcomes.iter().filter(|o| **o == FileOutcome::Kept).count();
    let failed =
        found.failed.len() + outcomes.iter().filter(|o| **o == FileOutcome::Failed).count();
    line.push_str(&format!("; {} skipped, {failed} failed", found.skipped.len()));
    if kept > 0 {
        line.push_str(&format!(", {kept} existing file(s) kept (--force replaces them)"));
    }
    printer::status(&line);
}
