//! The command line: argument definitions (doc comments are the `--help` text) and dispatch.

mod deploy;
mod drift;
mod emulator;
mod environments;
mod export;
mod lint;
mod lint_settings;
mod new;
mod plan;
mod rule;
mod tables;
mod workspace_args;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::diagnostics::render::OutputFormat;

/// Lint Microsoft Sentinel analytic rules and hunting queries kept as YAML, and talk to a
/// workspace (or the local emulator) over the Azure management API.
#[derive(Debug, Parser)]
#[command(name = "sentinelctl", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// More log output on stderr (-v info, -vv debug, -vvv trace).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Quieter stderr: log lines for errors only, and plan, deploy, drift and export do not
    /// name the credential they sign in with.
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check rule files: YAML, structure, schedule, ATT&CK, connectors, entities and the KQL query.
    Lint(LintArgs),
    /// Start a rule file (Scheduled, NRT or hunting query) with a fresh GUID.
    New(new::NewArgs),
    /// Show the documentation of a lint (by code or name), or list the lints of a family or all.
    Rule(RuleArgs),
    /// Show what `deploy` would change in the workspace, field by field.
    Plan(plan::PlanArgs),
    /// Create, update (and with --prune delete) rules in the workspace to match the files.
    Deploy(deploy::DeployArgs),
    /// Report rules changed outside Git, missing, orphaned, unmanaged or disabled in the
    /// workspace.
    Drift(drift::DriftArgs),
    /// Write the workspace's analytic rules and hunting queries as YAML files.
    Export(export::ExportArgs),
    /// Write the columns of the workspace's custom tables (those the built-in catalogue does
    /// not know) as CustomTables JSON files for the KQL checks.
    Tables(tables::TablesArgs),
    /// Run a local emulator of the Azure (ARM) endpoints sentinelctl uses, for trying and testing.
    Emulator(emulator::EmulatorArgs),
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Files or folders to lint [default: `paths` from sentinelctl.toml, else `rules`].
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum)]
    pub format: Option<OutputFormat>,
    /// Write the report to this file instead of stdout (written atomically).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Only report these codes or code prefixes (comma-separated, e.g. `SCH,ATT101`).
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub select: Vec<String>,
    /// Never report these codes or code prefixes (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub ignore: Vec<String>,
    /// Exit with status 1 on warnings too, not only on errors.
    #[arg(long)]
    pub strict: bool,
    /// Fix in place what has one certain fix (a value's casing, a tactic's spelling, a
    /// renamed key, a column's case), then report what is left.
    #[arg(long)]
    pub fix: bool,
    /// Compare with this git revision: ids must not change, changed rules must bump `version`.
    #[arg(long, value_name = "REF")]
    pub base: Option<String>,
    /// Folder of custom table schemas (`CustomTables/*.json` format); repeatable, adds to
    /// `schemas` in sentinelctl.toml.
    #[arg(long = "schemas", value_name = "DIR")]
    pub schemas: Vec<PathBuf>,
    /// Configuration file [default: the nearest sentinelctl.toml].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, unless `NO_COLOR` is set.
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct RuleArgs {
    /// A lint code (`SCH102`), a lint name (`unknown-key`) or a code prefix listing a family
    /// (`SCH`, `KQL2`); omit to list every lint.
    #[arg(value_name = "CODE|NAME|PREFIX")]
    pub code: Option<String>,
}

/// How a run ended, as the process exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Nothing that fails the run was found.
    Success,
    /// Findings that fail the run (errors, or warnings under `--strict`).
    Findings,
    /// The tool itself failed: bad arguments, unreadable paths, I/O errors.
    Failure,
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> Self {
        match status {
            ExitStatus::Success => ExitCode::SUCCESS,
            ExitStatus::Findings => ExitCode::from(1),
            ExitStatus::Failure => ExitCode::from(2),
        }
    }
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitStatus> {
    crate::logging::init(cli.verbose, cli.quiet);
    crate::printer::set_quiet(cli.quiet);
    match cli.command {
        Command::Lint(args) => lint::run(&args),
        Command::New(args) => new::run(&args),
        Command::Rule(args) => rule::run(&args),
        Command::Plan(args) => plan::run(&args),
        Command::Deploy(args) => deploy::run(&args),
        Command::Drift(args) => drift::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Tables(args) => tables::run(&args),
        Command::Emulator(args) => emulator::run(&args),
    }
}
