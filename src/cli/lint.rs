//! `sentinelctl lint`: discover files, lint them, render the findings, pick the exit status.
//!
//! A path that does not exist or a schema that cannot be used does not stop the run: every
//! other file is linted and reported, the problems are printed after the report, and the exit
//! status is 2 (a tool failure wins over findings).

use std::path::PathBuf;

use anyhow::Context as _;

use super::{ColorChoice, ExitStatus, LintArgs, lint_settings};
use crate::config::LoadedConfig;
use crate::diagnostics::render::{self, OutputFormat, RenderOptions};
use crate::diagnostics::{Severity, Summary};
use crate::discover::{DiscoverError, Excludes, discover};
use crate::lint::checks::ids::revision;
use crate::lint::fix;
use crate::lint::runner::{LintOutcome, finish};
use crate::lint::{all_lints, lint_files};
use crate::{git, printer};

const DEFAULT_PATH: &str = "rules";

pub fn run(args: &LintArgs) -> anyhow::Result<ExitStatus> {
    let config = super::environments::load_config(args.config.as_deref())?;
    let unknown = lint_settings::unknown_codes(&config, &args.select, &args.ignore);
    if !unknown.is_empty() {
        return Ok(tool_failure(&unknown));
    }
    let resolved = lint_settings::settings(&config, &args.select, &args.ignore, &args.schemas);
    let (settings, mut problems) = (resolved.settings, resolved.problems);

    let roots = roots(&args.paths, &config);
    let excludes = excludes(&config)?;
    let found = discover(&roots, &excludes);
    let from_config = args.paths.is_empty() && config.file.lint.paths.is_some();
    problems.extend(found.problems.iter().map(|problem| match problem {
        DiscoverError::Missing(missing) if from_config => missing_in_config(&config, missing),
        _ => problem.to_string(),
    }));
    let files = found.files;
    let strict = args.strict || config.file.lint.strict.unwrap_or(false);
    let nothing_found = files.is_empty() && problems.is_empty();
    if nothing_found {
        let shown: Vec<String> = roots.iter().map(|r| r.display().to_string()).collect();
        let message =
            format!("no rule files (.yaml, .yml, .kql, .csl) found in {}", shown.join(", "));
        // Under --strict, linting nothing fails the run in every format, so a mistyped
        // `paths` cannot pass CI; otherwise it is worth a warning.
        if strict { problems.push(message) } else { printer::warn(&message) }
    }
    tracing::info!(files = files.len(), "linting");

    let mut outcome = lint_files(&files, &settings);
    if args.fix {
        outcome = fix_and_lint_again(outcome, &files, &settings, &mut problems);
    }
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
        warnings_fail: strict,
        tool_errors: &problems,
    };
    printer::write_report(args.output.as_deref(), |out| {
        render::render(format, &outcome.diagnostics, &outcome.sources, &summary, &options, out)
    })?;

    // A path or schema that could not be used fails the run even when the files that were
    // linted are clean: the run did not check everything it was asked to.
    if !problems.is_empty() {
        return Ok(tool_failure(&problems));
    }
    let fails = |severity: Severity| {
        severity == Severity::Error || (strict && severity == Severity::Warning)
    };
    let failed = outcome.diagnostics.iter().any(|d| fails(d.severity));
    Ok(if failed { ExitStatus::Findings } else { ExitStatus::Success })
}

/// Applies the findings' fixes and lints again, so the report shows what is left. A file
/// that could not be fixed is a problem of the run.
/// A fix can uncover another (a renamed key's values are checked once it has its name), so
/// fixing goes on until nothing is left to fix, a few rounds at most.
fn fix_and_lint_again(
    mut outcome: LintOutcome,
    files: &[PathBuf],
    settings: &crate::lint::LintSettings,
    problems: &mut Vec<String>,
) -> LintOutcome {
    const ROUNDS: usize = 5;
    let (mut applied, mut fixed_files) = (0, std::collections::BTreeSet::new());
    for _ in 0..ROUNDS {
        let (fixed, errors) = fix::fix_files(&outcome);
        problems.extend(errors.iter().map(ToString::to_string));
        if fixed.is_empty() {
            break;
        }
        applied += fixed.iter().map(|f| f.applied).sum::<usize>();
        fixed_files.extend(fixed.into_iter().map(|f| f.path));
        outcome = lint_files(files, settings);
    }
    printer::status(&format!("fixed {applied} finding(s) in {} file(s)", fixed_files.len()));
    outcome
}

/// Prints each problem as an error on stderr; the run is a tool failure.
fn tool_failure(problems: &[String]) -> ExitStatus {
    for problem in problems {
        printer::error_message(problem);
    }
    ExitStatus::Failure
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

/// The configuration's `exclude` patterns; a pattern that is not a glob is reported at the
/// line it is written on.
pub(super) fn excludes(config: &LoadedConfig) -> anyhow::Result<Excludes> {
    let patterns = config.file.lint.exclude.as_deref().unwrap_or_default();
    Excludes::new(patterns).map_err(|error| {
        let written = match &error {
            DiscoverError::Pattern { pattern, .. } => config.item_at(&["lint", "exclude"], pattern),
            _ => None,
        };
        let place = written
            .or_else(|| config.value_at(&["lint", "exclude"]))
            .or_else(|| config.path.as_ref().map(|path| path.display().to_string()));
        match place {
            Some(place) => anyhow::anyhow!("{place}: `exclude` in [lint]: {error}"),
            None => anyhow::anyhow!("`exclude` in [lint]: {error}"),
        }
    })
}

/// A path of `paths` in the configuration that does not exist, at the line it is written on.
fn missing_in_config(config: &LoadedConfig, missing: &std::path::Path) -> String {
    let written = config
        .file
        .lint
        .paths
        .iter()
        .flatten()
        .find(|written| relative_to_cwd(&config.base_dir().join(written)) == missing);
    let place = written
        .and_then(|written| config.item_at(&["lint", "paths"], &written.to_string_lossy()))
        .or_else(|| config.path.as_ref().map(|path| path.display().to_string()))
        .unwrap_or_default();
    format!(
        "{place}: `paths` in [lint]: path does not exist: {} (paths there are relative to the \
         configuration file)",
        missing.display()
    )
}

/// Paths below the current folder are shown relative to it, as users and CI annotations
/// expect (`rules/a.yaml`, not `/home/runner/checkout/rules/a.yaml`).
pub(super) fn relative_to_cwd(path: &std::path::Path) -> PathBuf {
    let Ok(cwd) = std::env::current_dir() else { return path.to_path_buf() };
    match path.strip_prefix(&cwd) {
        Ok(relative) if relative.as_os_str().is_empty() => PathBuf::from("."),
        Ok(relative) => relative.to_path_buf(),
        Err(_) => path.to_path_buf(),
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
