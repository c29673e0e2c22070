//! `sentinelctl tables`: write the workspace's tables that the embedded catalogue does not know
//! (custom `*_CL` tables, search results, restored logs, tables newer than the catalogue) as
//! `CustomTables/*.json` files, so `lint` checks the columns of queries that read them.
//!
//! Each file is written atomically and only when its content changed, so running it again
//! leaves the folder (and the Git diff) alone. A table whose file cannot be written is
//! reported and the others are still written.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::Args;

use super::ExitStatus;
use crate::azure::args::AzureArgs;
use crate::azure::tables::WorkspaceTable;
use crate::sync::export::{self, Written};
use crate::{catalog, config, printer};

/// Folder written when neither `--out` nor `[lint] schemas` names one.
const DEFAULT_FOLDER: &str = "CustomTables";

/// Options of `sentinelctl tables`.
#[derive(Debug, Args)]
pub struct TablesArgs {
    /// Folder to write into [default: the first `schemas` folder of sentinelctl.toml, else
    /// `CustomTables`].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Configuration file [default: the nearest sentinelctl.toml].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(flatten)]
    pub azure: AzureArgs,
}

/// What became of the tables of one run.
#[derive(Debug, Default)]
struct Tally {
    created: usize,
    updated: usize,
    unchanged: usize,
    failed: usize,
    /// Tables the embedded catalogue describes already.
    known: usize,
}

pub fn run(args: &TablesArgs) -> anyhow::Result<ExitStatus> {
    let config = super::environments::load_config(args.config.as_deref())?;
    let out = match &args.out {
        Some(out) => out.clone(),
        None => default_folder(&config),
    };
    if out.exists() && !out.is_dir() {
        anyhow::bail!("{} is a file, not a folder", out.display());
    }
    let tables = read_tables(&args.azure, &config.file.environments)?;
    let mut tally = Tally::default();
    for table in &tables {
        if catalog::tables::table(&table.name).is_some() {
            tally.known += 1;
            continue;
        }
        write_table(&out, table, &mut tally);
    }
    printer::status(&format!(
        "{} table schema(s) in {}: {} new, {} updated, {} unchanged, {} failed; {} table(s) the \
         built-in catalogue knows left out",
        tally.created + tally.updated + tally.unchanged,
        out.display(),
        tally.created,
        tally.updated,
        tally.unchanged,
        tally.failed,
        tally.known
    ));
    report_stale(&out, &tables);
    Ok(if tally.failed == 0 { ExitStatus::Success } else { ExitStatus::Findings })
}

/// Names the schema files of `out` for tables the workspace does not have (dropped, or
/// written by hand for another workspace); they are kept, as they may be wanted.
fn report_stale(out: &Path, tables: &[WorkspaceTable]) {
    let Ok(entries) = std::fs::read_dir(out) else { return };
    let mut stale: Vec<String> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")))
        .filter_map(|path| path.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .filter(|stem| !tables.iter().any(|t| t.name.eq_ignore_ascii_case(stem)))
        .collect();
    if stale.is_empty() {
        return;
    }
    stale.sort();
    printer::warn(&format!(
        "{} file(s) in {} describe tables this workspace does not have (kept): {}",
        stale.len(),
        out.display(),
        stale.join(", ")
    ));
}

/// The first `[lint] schemas` folder, relative to the configuration file, so `lint` reads
/// what this writes without further setup.
fn default_folder(config: &config::LoadedConfig) -> PathBuf {
    let first = config.file.lint.schemas.iter().flatten().next();
    first.map_or_else(
        || PathBuf::from(DEFAULT_FOLDER),
        |written| super::lint::relative_to_cwd(&config.base_dir().join(written)),
    )
}

fn read_tables(
    azure: &AzureArgs,
    environments: &toml::Table,
) -> anyhow::Result<Vec<WorkspaceTable>> {
    let runtime = tokio::runtime::Runtime::new().context("failed to start the async runtime")?;
    // Built inside the runtime that drives it, as the other workspace commands do.
    let (client, choice) = {
        let _entered = runtime.enter();
        azure.connect(environments).context("cannot address the workspace")?
    };
    super::workspace_args::announce_credential(choice);
    let tables =
        runtime.block_on(client.list_tables()).context("failed to read the workspace's tables")?;
    tracing::info!(tables = tables.len(), "read the workspace's tables");
    Ok(tables)
}

fn write_table(out: &Path, table: &WorkspaceTable, tally: &mut Tally) {
    if !is_plain_name(&table.name) {
        printer::warn(&format!("skipped table `{}`: not a table name", table.name));
        tally.failed += 1;
        return;
    }
    let path = out.join(format!("{}.json", table.name));
    let text = match serde_json::to_string_pretty(&table.to_custom_table_json()) {
        Ok(text) => text + "\n",
        Err(error) => {
            printer::warn(&format!("could not write table `{}`: {error}", table.name));
            tally.failed += 1;
            return;
        }
    };
    if std::fs::read_to_string(&path).is_ok_and(|existing| existing == text) {
        tally.unchanged += 1;
        return;
    }
    // The replacement is a new file; someone who made the schema read-only (or shared it
    // with a group) meant that for the table's file, whatever its content.
    let permissions = std::fs::metadata(&path).ok().map(|m| m.permissions());
    let written = export::write_file(&path, &text, true).map_err(anyhow::Error::from);
    let kept = written.and_then(|written| {
        if let (Written::Replaced, Some(permissions)) = (&written, permissions) {
            std::fs::set_permissions(&path, permissions)
                .with_context(|| format!("failed to keep the permissions of {}", path.display()))?;
        }
        Ok(written)
    });
    match kept {
        Ok(Written::Created) => tally.created += 1,
        Ok(Written::Replaced) => tally.updated += 1,
        Err(error) => {
            printer::warn(&format!("could not write table `{}`: {error:#}", table.name));
            tally.failed += 1;
        }
    }
}

/// Log Analytics table names are letters, digits and underscores; anything else (a path
/// separator, `..`) never becomes a file name.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::azure::tables::TableColumn;

    fn table(name: &str) -> WorkspaceTable {
        let column =
            |name: &str, ty: &str| TableColumn { name: name.into(), column_type: ty.into() };
        WorkspaceTable {
            name: name.into(),
            table_type: Some("CustomLog".into()),
            columns: vec![column("TimeGenerated", "dateTime"), column("Host_s", "string")],
        }
    }

    #[test]
    fn a_second_run_leaves_the_file_alone_and_a_change_replaces_it() {
        let dir = tempfile::tempdir().expect("dir");
        let mut tally = Tally::default();
        write_table(dir.path(), &table("Canary_CL"), &mut tally);
        write_table(dir.path(), &table("Canary_CL"), &mut tally);
        let mut changed = table("Canary_CL");
        changed.columns.pop();
        write_table(dir.path(), &changed, &mut tally);
        assert_eq!((tally.created, tally.unchanged, tally.updated), (1, 1, 1));
        let text = std::fs::read_to_string(dir.path().join("Canary_CL.json")).expect("written");
        let read = crate::kql::semantic::TableDescription::parse(&text).expect("lint reads it");
        assert_eq!(read.columns, [("TimeGenerated".to_owned(), "dateTime".to_owned())]);
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("Canary_CL.json");
        std::fs::write(&path, "{}\n").expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o440)).expect("chmod");
        let mut tally = Tally::default();
        write_table(dir.path(), &table("Canary_CL"), &mut tally);
        assert_eq!(tally.updated, 1);
        let mode = std::fs::metadata(&path).expect("written").permissions().mode();
        assert_eq!(mode & 0o777, 0o440);
        assert!(std::fs::read_to_string(&path).expect("readable").contains("Host_s"));
    }

    #[test]
    fn a_name_that_is_not_a_table_name_never_becomes_a_path() {
        let dir = tempfile::tempdir().expect("dir");
        let mut tally = Tally::default();
        write_table(dir.path(), &table("../escape"), &mut tally);
        assert_eq!(tally.failed, 1);
        assert!(std::fs::read_dir(dir.path()).expect("dir").next().is_none());
        assert!(!dir.path().join("../escape.json").exists());
    }
}
