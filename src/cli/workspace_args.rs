//! Options shared by the commands that compare rule files with a live workspace, and the
//! steps they share: read the configuration and the environment's overrides, lint the files
//! (lint errors stop the run; warnings are shown and the run goes on), map them, connect, and
//! list the live side.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::{Args, ValueEnum};

use super::ColorChoice;
use crate::azure::SentinelClient;
use crate::azure::args::AzureArgs;
use crate::azure::auth::Choice;
use crate::config::LoadedConfig;
use crate::diagnostics::render::{self, OutputFormat, RenderOptions};
use crate::diagnostics::{Severity, Summary};
use crate::discover::discover;
use crate::lint::{LintSettings, all_lints, lint_files};
use crate::printer;
use crate::sync::apply::Counters;
use crate::sync::inventory::{LiveInventory, LocalInventory};
use crate::sync::orphans::Ownership;
use crate::sync::overrides::Overrides;
use crate::sync::report::{Format, Target};

/// Rule files, configuration and the workspace they are compared with.
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Rule files or folders [default: `paths` from sentinelctl.toml, else `rules`].
    pub paths: Vec<PathBuf>,
    /// Configuration file [default: the nearest sentinelctl.toml].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Name of this repository in ownership markers [default: $GITHUB_REPOSITORY, else the
    /// name of the folder of sentinelctl.toml or the current folder].
    #[arg(long, value_name = "NAME", env = "SENTINELCTL_REPOSITORY")]
    pub repository: Option<String>,
    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    #[command(flatten)]
    pub azure: AzureArgs,
}

/// How a plan, deploy summary or drift report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// For a terminal, with coloured diffs.
    Human,
    /// For a pull-request comment or the GitHub job summary.
    Markdown,
    /// For scripts.
    Json,
}

impl ReportFormat {
    /// The renderer's format; colour only for human output to a terminal (or when forced).
    pub fn resolve(self, color: ColorChoice, to_file: bool) -> Format {
        match self {
            ReportFormat::Human => Format::Human {
                color: match color {
                    ColorChoice::Always => true,
                    ColorChoice::Never => false,
                    ColorChoice::Auto => !to_file && printer::stdout_wants_color(),
                },
            },
            ReportFormat::Markdown => Format::Markdown,
            ReportFormat::Json => Format::Json,
        }
    }
}

/// Everything a command needs once the files are read and the workspace is reachable.
pub struct SyncContext {
    pub client: SentinelClient,
    pub local: LocalInventory,
    /// `source.name` of our ownership markers.
    pub repository: String,
    /// The folder marker file paths are relative to.
    pub root: PathBuf,
    /// The async runtime the client runs on.
    pub runtime: tokio::runtime::Runtime,
    /// The workspace and environment, as reports name them.
    pub target: Target,
    /// The client's counters before the run's first request.
    pub started: Counters,
}

impl SyncContext {
    /// Whose rules are ours, for prune and drift.
    pub fn ownership(&self) -> Ownership<'_> {
        Ownership { repository: &self.repository, root: &self.root }
    }

    /// Lists the live side.
    pub fn live(&self) -> anyhow::Result<LiveInventory> {
        let workspace = self.client.workspace();
        self.runtime
            .block_on(LiveInventory::fetch(&self.client))
            .with_context(|| format!("failed to read the rules of workspace {}", workspace.name))
    }
}

/// Reads, lints and maps the files and connects to the workspace; `None` when lint errors
/// stop the run (they have been printed).
pub fn prepare(args: &SyncArgs) -> anyhow::Result<Option<SyncContext>> {
    let config = super::environments::load_config(args.config.as_deref())?;
    let in_config = |what: &str| match &config.path {
        Some(path) => format!("{what} in {}", path.display()),
        None => what.to_owned(),
    };
    let environments = &config.file.environments;
    let environment = args.azure.environment.as_deref();
    let overrides = Overrides::for_environment(environments, environment)
        .map_err(|error| super::environments::override_error(&config, &error))?;

    let files = files(args, &config)?;
    let outcome = lint_files(&files, &lint_settings(&config)?);
    if !print_lint_findings(&outcome, files.len())? {
        return Ok(None);
    }
    let root = config.base_dir();
    let local = LocalInventory::build(&outcome, &overrides, &root);
    for problem in &local.problems {
        printer::warn(&format!("{problem}; left out of this run"));
    }
    let ids: Vec<&str> = local.rules.iter().map(|r| r.rule_id.as_str()).collect();
    for id in overrides.unknown_rules(&ids) {
        let keys = ["environments", environment.unwrap_or_default(), "rules", id];
        let place = config.key_at(&keys).map(|place| format!("{place}: ")).unwrap_or_default();
        printer::warn(&format!("{place}overrides for rule {id}, which no file defines"));
    }

    let runtime = tokio::runtime::Runtime::new().context("failed to start the async runtime")?;
    let (client, choice) = {
        let _entered = runtime.enter();
        // Only the workspace can come from the configuration; the endpoint and credential
        // come from the command line and the environment.
        let workspace = args
            .azure
            .workspace(environments)
            .with_context(|| in_config("cannot address the workspace"))?;
        args.azure.connect_to(workspace).context("cannot connect to the workspace")?
    };
    announce_credential(choice);
    let repository = repository_name(args, &root);
    let target = Target {
        workspace: client.workspace().clone(),
        environment: args.azure.environment.clone(),
    };
    let started = Counters::of(client.stats());
    Ok(Some(SyncContext { client, local, repository, root, runtime, target, started }))
}

/// Names the credential a command signs in with (left out with `-q`).
pub(super) fn announce_credential(choice: Choice) {
    printer::note(&format!("authenticating with {}", choice.describe()));
}

fn files(args: &SyncArgs, config: &LoadedConfig) -> anyhow::Result<Vec<PathBuf>> {
    let roots = super::lint::roots(&args.paths, config);
    let excludes = super::lint::excludes(config)?;
    // Acting on part of the files is worse than stopping: with --prune, the rules of a
    // mistyped folder would be deleted.
    let files = discover(&roots, &excludes).all_or_error()?;
    if files.is_empty() {
        let shown: Vec<String> = roots.iter().map(|r| r.display().to_string()).collect();
        printer::warn(&format!("no rule files found in {}", shown.join(", ")));
    }
    Ok(files)
}

/// The same findings `sentinelctl lint` reports with the configuration's `[lint]` settings;
/// a schema folder that cannot be used stops the run, as a missing path does.
fn lint_settings(config: &LoadedConfig) -> anyhow::Result<LintSettings> {
    let resolved = super::lint_settings::settings(config, &[], &[], &[]);
    match resolved.problems.into_iter().next() {
        Some(problem) => Err(anyhow::anyhow!(problem)),
        None => Ok(resolved.settings),
    }
}

/// Prints the lint errors and warnings, if any, through the human renderer on stderr (so a
/// report on stdout stays clean), closed by their count; whether the run may go on, which
/// only errors prevent. Warnings are shown because a deploy job is often the only place
/// anyone reads this output.
fn print_lint_findings(outcome: &crate::lint::LintOutcome, files: usize) -> anyhow::Result<bool> {
    let findings: Vec<_> =
        outcome.diagnostics.iter().filter(|d| d.severity >= Severity::Warning).cloned().collect();
    if findings.is_empty() {
        return Ok(true);
    }
    let summary = Summary::new(files, &findings);
    let lints = all_lints();
    let options = RenderOptions {
        color: printer::stderr_wants_color(),
        lints: &lints,
        tool_version: env!("CARGO_PKG_VERSION"),
        warnings_fail: false,
        tool_errors: &[],
    };
    printer::write_stderr(|out| {
        render::render(OutputFormat::Human, &findings, &outcome.sources, &summary, &options, out)
    })?;
    if summary.errors == 0 {
        printer::status("lint warnings do not stop the run");
        return Ok(true);
    }
    printer::status("lint errors stop the run: fix them (sentinelctl lint) and try again");
    Ok(false)
}

/// The repository named in ownership markers: `--repository`, `$GITHUB_REPOSITORY`, or the
/// name of the repository's folder.
fn repository_name(args: &SyncArgs, root: &Path) -> String {
    let from_env = std::env::var("GITHUB_REPOSITORY").ok().filter(|v| !v.trim().is_empty());
    args.repository.clone().or(from_env).unwrap_or_else(|| {
        std::path::absolute(root)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "sentinelctl".to_owned())
    })
}
