//! Output formats: turns one run's sorted diagnostics into text for people, CI systems and tools.
//!
//! Each format lives in its own file and is reached through [`render`]. Renderers only write to
//! the writer they are given: choosing stdout or a file, and deciding whether colour is wanted,
//! belong to the caller. No renderer changes a diagnostic's message; some append the help text.

mod excerpt;
mod github;
mod human;
mod json;
mod junit;
mod sarif;
#[cfg(test)]
mod test_fixture;

use std::io;
use std::path::Path;

use crate::diagnostics::{Diagnostic, Summary};
use crate::lint::Lint;
use crate::source::{LineCol, SourceDb, SourceFile, TextRange};

/// The formats `--format` accepts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum OutputFormat {
    /// Code frames with carets, like rustc and ruff, for people at a terminal.
    #[default]
    Human,
    /// GitHub Actions workflow commands, shown as annotations on the pull request.
    Github,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// One JSON object with every finding and a summary (its shape is in the README).
    Json,
    /// JUnit XML, for the test-result views of GitLab, Azure DevOps and Jenkins.
    Junit,
}

/// What a renderer may need beyond the diagnostics themselves.
#[derive(Clone, Copy, Debug)]
pub struct RenderOptions<'a> {
    /// Emit ANSI colour (human format only). The caller decides from the terminal and `NO_COLOR`.
    pub color: bool,
    /// Every known lint, for rule documentation in SARIF and lint names in JUnit.
    pub lints: &'a [&'static Lint],
    /// The version reported as the tool's version (SARIF).
    pub tool_version: &'a str,
    /// Whether warnings fail the run (`--strict`): JUnit then reports them as failures.
    pub warnings_fail: bool,
    /// Problems that kept the run from checking everything it was asked to (a path that does
    /// not exist, a schema folder that cannot be read). Machine-readable reports carry them,
    /// so a report of a failed run never reads as a clean one.
    pub tool_errors: &'a [String],
}

impl<'a> RenderOptions<'a> {
    /// Options for a report without colour, whose warnings do not fail, of a run that checked
    /// everything; change the fields that differ.
    pub fn plain(lints: &'a [&'static Lint], tool_version: &'a str) -> Self {
        Self { color: false, lints, tool_version, warnings_fail: false, tool_errors: &[] }
    }
}

/// Writes `diagnostics` (sorted by file, then position) in `format` to `out`.
///
/// # Errors
///
/// Returns the first error `out` reports; a renderer fails in no other way.
pub fn render(
    format: OutputFormat,
    diagnostics: &[Diagnostic],
    sources: &SourceDb,
    summary: &Summary,
    options: &RenderOptions<'_>,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    match format {
        OutputFormat::Human => human::render(diagnostics, sources, summary, options, out),
        OutputFormat::Github => github::render(diagnostics, sources, options.tool_errors, out),
        OutputFormat::Sarif => sarif::render(diagnostics, sources, options, out),
        OutputFormat::Json => json::render(diagnostics, sources, summary, options.tool_errors, out),
        OutputFormat::Junit => junit::render(diagnostics, sources, options, out),
    }
}

/// The 1-based start and end (exclusive) positions of a range, as every format reports them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Span {
    start: LineCol,
    end: LineCol,
}

impl Span {
    fn of(file: &SourceFile, range: TextRange) -> Self {
        Self { start: file.line_col(range.start()), end: file.line_col(range.end()) }
    }
}

/// The path as the user gave it, for formats read by people.
fn display_path(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// The path with `/` separators and no leading `./`, for formats that expect repository-relative
/// paths (GitHub annotations and SARIF match them against the checkout).
fn portable_path(path: &Path) -> String {
    let mut text = path.to_string_lossy().into_owned();
    if std::path::MAIN_SEPARATOR == '\\' {
        text = text.replace('\\', "/");
    }
    let mut rest = text.as_str();
    while let Some(stripped) = rest.strip_prefix("./") {
        rest = stripped;
    }
    rest.to_owned()
}

/// The lint behind `code`, if the caller passed it in.
fn find_lint(lints: &[&'static Lint], code: &str) -> Option<&'static Lint> {
    lints.iter().copied().find(|lint| lint.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::ValueEnum;

    #[test]
    fn format_names_are_lowercase() {
        let names: Vec<String> = OutputFormat::value_variants()
            .iter()
            .filter_map(ValueEnum::to_possible_value)
            .map(|value| value.get_name().to_owned())
            .collect();
        assert_eq!(names, ["human", "github", "sarif", "json", "junit"]);
    }

    #[test]
    fn portable_path_drops_leading_dot_segments() {
        assert_eq!(portable_path(Path::new("././rules/a b.yaml")), "rules/a b.yaml");
        assert_eq!(portable_path(Path::new("rules/x.yaml")), "rules/x.yaml");
    }
}
