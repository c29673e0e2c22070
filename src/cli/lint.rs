//! `sentinelctl lint`: discover files, lint them, render the findings, pick the exit status.

use std::path::PathBuf;

use anyhow::Context as _;

use super::{ColorChoice, ExitStatus, LintArgs};
use crate::config::{self, LoadedConfig};
use crate::diagnostics::render::{self, OutputFormat, RenderOptions};
use crate::diagnostics::{Severity, Summary};
use crate::discover::{Excludes, discover};
use crate::kql::semantic::UserSchemas;
use crate::lint::checks::ids::revision;
use crate::lint::runner::finish;
use crate::lint::{LintSettings, Selection, all_lints, lint_files};
use crate::model::KindSettings;
use crate::{git, printer};

const DEFAULT_PATH: &str = "rules";

pub fn run(args: &LintArgs) -> anyhow::Result<ExitStatus> {
    let config = config::load(args.config.as_deref(), std::path::Path::new("."))?;
    let settings = settings(&config, &args.select, &args.ignore, &args.schemas)?;
    reject_unknown_codes(&settings).with_context(|| match &config.path {
        Some(path) => format!("invalid code in --select/--ignore or in {}", path.display()),
        None => "invalid code in --select/--ignore".to_owned(),
    })?;

    let roots = roots(&args.paths, &config);
    let excludes = Excludes::new(config.file.lint.exclude.as_deref().unwrap_or_default())?;
    let files = discover(&roots, &excludes).map_err(|error| match &config.path {
        Some(path) if args.paths.is_empty() => {
            anyhow::Error::new(error).context(format!("in `paths` of {}", path.display()))
        }
        _ => anyhow::Error::new(error),
    })?;
    if files.is_empty() {
        let shown: Vec<String> = roots.iter().map(|r| r.display().to_string()).collect();
        printer::warn(&format!(
            "no rule files (.yaml, .yml, .kql, .csl) found in {}",
            shown.join(", ")
        ));
    }
    tracing::info!(files = files.len(), "linting");

    let mut outcome = lint_files(&files, &settings);
    if let Some(base) = &args.base {
        let base_files = git::files_at(base, &roots)
            .with_context(|| format!("failed to read rules at base revision `{base}`"))?;
        let found = revision::check_against_base(&outcome.rules, base_files, &mut outcome.sources);
        outcome.diagnostics.extend(found);
        finish(&mut outcome.diagnostics, &settings);
    }

    let summary = Summary::new(files.len(), &outcome.diagnostics);
    let format = args.format.unwrap_or(OutputFormat::Human);
    let lints = all_lints();
    let options = RenderOptions {
        color: wants_color(args, format),
        lints: &lints,
        tool_version: env!("CARGO_PKG_VERSION"),
    };
    printer::write_report(args.output.as_deref(), |out| {
        render::render(format, &outcome.diagnostics, &outcome.sources, &summary, &options, out)
    })?;

    let strict = args.strict || config.file.lint.strict.unwrap_or(false);
    let fails = |severity: Severity| {
        severity == Severity::Error || (strict && severity == Severity::Warning)
    };
    Ok(if outcome.diagnostics.iter().any(|d| fails(d.severity)) {
        ExitStatus::Findings
    } else {
        ExitStatus::Success
    })
}

/// The linter's settings from `[lint]` of the configuration; `select` and `ignore` from the
/// command line replace the file's, `extra_schemas` add to its `schemas`.
pub(super) fn settings(
    config: &LoadedConfig,
    select: &[String],
    ignore: &[String],
    extra_schemas: &[PathBuf],
) -> anyhow::Result<LintSettings> {
    let options = &config.file.lint;
    let pick = |cli: &[String], file: &Option<Vec<String>>| {
        if cli.is_empty() { file.clone().unwrap_or_default() } else { cli.to_vec() }
    };
    let kinds = options
        .hunting_folders
        .clone()
        .map_or_else(KindSettings::default, |hunting_folders| KindSettings { hunting_folders });
    let severities = options
        .severity
        .iter()
        .flatten()
        .map(|(code, severity)| (code.trim().to_ascii_uppercase(), *severity))
        .collect();
    Ok(LintSettings {
        kinds,
        severities,
        selection: Selection::new(&pick(select, &options.select), &pick(ignore, &options.ignore)),
        user_schemas: user_schemas(config, extra_schemas)?,
    })
}

/// The files or folders to read: those given, else `paths` of the configuration, else `rules`.
pub(super) fn roots(paths: &[PathBuf], config: &LoadedConfig) -> Vec<PathBuf> {
    if !paths.is_empty() {
        return paths.to_vec();
    }
    match &config.file.lint.paths {
        Some(paths) => paths.iter().map(|p| relative_to_cwd(&config.base_dir().join(p))).collect(),
        None => vec![PathBuf::from(DEFAULT_PATH)],
    }
}

/// Custom table schemas from `extra` folders and the configuration's `schemas` folders.
fn user_schemas(config: &LoadedConfig, extra: &[PathBuf]) -> anyhow::Result<UserSchemas> {
    let from_config = config.file.lint.schemas.iter().flatten().map(|d| config.base_dir().join(d));
    let mut schemas = UserSchemas::default();
    for dir in extra.iter().cloned().chain(from_config) {
        let loaded = UserSchemas::load_dir(&dir).with_context(|| {
            format!("failed to load custom table schemas from {}", dir.display())
        })?;
        schemas.extend(loaded);
    }
    Ok(schemas)
}

/// Paths below the current folder are shown relative to it, as users and CI annotations
/// expect (`rules/a.yaml`, not `/home/runner/checkout/rules/a.yaml`).
fn relative_to_cwd(path: &std::path::Path) -> PathBuf {
    let Ok(cwd) = std::env::current_dir() else { return path.to_path_buf() };
    match path.strip_prefix(&cwd) {
        Ok(relative) if relative.as_os_str().is_empty() => PathBuf::from("."),
        Ok(relative) => relative.to_path_buf(),
        Err(_) => path.to_path_buf(),
    }
}

/// A code or prefix that matches no lint is a mistake, not a silent no-op: a typo in
/// `--select` would otherwise turn every check off and pass.
fn reject_unknown_codes(settings: &LintSettings) -> anyhow::Result<()> {
    let codes: Vec<&'static str> = all_lints().iter().map(|l| l.code).collect();
    let mut unknown: Vec<&str> = settings.selection.unknown_selectors(&codes);
    unknown.extend(
        settings
            .severities
            .iter()
            .map(|(code, _)| code.as_str())
            .filter(|code| !codes.iter().any(|known| known.starts_with(code))),
    );
    match unknown.as_slice() {
        [] => Ok(()),
        unknown => anyhow::bail!(
            "{} matches no lint code; run `sentinelctl rule` for the list",
            unknown.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
        ),
    }
}

fn wants_color(args: &LintArgs, format: OutputFormat) -> bool {
    if format != OutputFormat::Human || args.output.is_some() {
        return false;
    }
    match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => printer::stdout_wants_color(),
    }
}
