//! The linter's settings for one run, from `[lint]` of the configuration and the command line,
//! and the problems with them, each said where it was written.
//!
//! A code that matches no lint stops the run before anything is linted: a typo in `--select`
//! would otherwise switch every check off and pass. A custom table schema that cannot be used
//! does not: the other schemas and every rule file are still used, and the run fails (exit 2)
//! once the report is out.

use std::path::{Path, PathBuf};

use crate::config::LoadedConfig;
use crate::kql::semantic::{UserSchemaError, UserSchemas};
use crate::lint::selection::matches_no_code;
use crate::lint::{LintSettings, Selection, all_lints};
use crate::model::KindSettings;

/// The settings, and what was wrong with the schema folders (reported after the lint).
pub(super) struct Resolved {
    pub settings: LintSettings,
    pub problems: Vec<String>,
}

/// The linter's settings from `[lint]` of the configuration; `select` and `ignore` from the
/// command line replace the file's, `extra_schemas` add to its `schemas`.
pub(super) fn settings(
    config: &LoadedConfig,
    select: &[String],
    ignore: &[String],
    extra_schemas: &[PathBuf],
) -> Resolved {
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
    let (user_schemas, problems) = user_schemas(config, extra_schemas);
    let settings = LintSettings {
        kinds,
        severities,
        selection: Selection::new(&pick(select, &options.select), &pick(ignore, &options.ignore)),
        user_schemas,
    };
    Resolved { settings, problems }
}

/// Where a schema folder was named.
enum Origin<'a> {
    Flag,
    Config { written: &'a Path },
}

/// Custom table schemas from `extra` folders and the configuration's `schemas` folders, and
/// what was wrong with them.
fn user_schemas(config: &LoadedConfig, extra: &[PathBuf]) -> (UserSchemas, Vec<String>) {
    let from_flags = extra.iter().map(|dir| (dir.clone(), Origin::Flag));
    let from_config = config.file.lint.schemas.iter().flatten().map(|written| {
        (super::lint::relative_to_cwd(&config.base_dir().join(written)), Origin::Config { written })
    });
    let mut schemas = UserSchemas::default();
    let mut problems = Vec::new();
    for (dir, origin) in from_flags.chain(from_config) {
        let (loaded, errors) = UserSchemas::load_dir(&dir);
        schemas.extend(loaded);
        problems.extend(errors.iter().map(|error| schema_problem(config, &origin, error)));
    }
    (schemas, problems)
}

fn schema_problem(config: &LoadedConfig, origin: &Origin<'_>, error: &UserSchemaError) -> String {
    if !error.is_about_the_folder() {
        return format!("{error}; the tables it defines are unknown to this run");
    }
    match origin {
        Origin::Flag => format!("--schemas: custom table schema {error}"),
        Origin::Config { written } => {
            let shown = written.to_string_lossy();
            let place = config
                .item_at(&["lint", "schemas"], &shown)
                .or_else(|| config.path.as_ref().map(|p| p.display().to_string()))
                .unwrap_or_default();
            format!(
                "{place}: `schemas` in [lint]: custom table schema {error} (folders there are \
                 relative to the configuration file)"
            )
        }
    }
}

/// Codes and prefixes in `--select`/`--ignore` or the configuration that match no lint, each
/// said where it was written.
pub(super) fn unknown_codes(
    config: &LoadedConfig,
    select: &[String],
    ignore: &[String],
) -> Vec<String> {
    let codes: Vec<&'static str> = all_lints().iter().map(|l| l.code).collect();
    let unknown = |code: &str| matches_no_code(code, &codes);
    let options = &config.file.lint;
    let mut problems = Vec::new();
    let no_lint = |code: &str| format!("`{}` matches no lint code", code.trim());
    for (flag, key, cli, file) in [
        ("--select", "select", select, &options.select),
        ("--ignore", "ignore", ignore, &options.ignore),
    ] {
        if !cli.is_empty() {
            let bad = cli.iter().filter(|c| !c.trim().is_empty() && unknown(c));
            problems.extend(bad.map(|code| format!("{flag}: {}", no_lint(code))));
            continue;
        }
        for code in file.iter().flatten().filter(|c| !c.trim().is_empty() && unknown(c)) {
            let place = config.item_at(&["lint", key], code.trim());
            problems.push(in_config(config, place, &format!("`{key}` in [lint]"), &no_lint(code)));
        }
    }
    for code in options.severity.iter().flatten().map(|(code, _)| code).filter(|c| unknown(c)) {
        let place = config.key_at(&["lint", "severity", code]);
        problems.push(in_config(config, place, "[lint.severity]", &no_lint(code)));
    }
    problems
        .into_iter()
        .map(|problem| format!("{problem}; run `sentinelctl rule` for the list"))
        .collect()
}

/// `file:line:column: key: problem`, or without the position when it is not known.
fn in_config(config: &LoadedConfig, place: Option<String>, key: &str, problem: &str) -> String {
    match place.or_else(|| config.path.as_ref().map(|p| p.display().to_string())) {
        Some(place) => format!("{place}: {key}: {problem}"),
        None => format!("{key}: {problem}"),
    }
}
