//! The `github` format: GitHub Actions workflow commands, one line per finding.
//!
//! The runner turns each `::error file=…,line=…::message` line into an annotation on the pull
//! request. Errors map to `::error`, warnings to `::warning` and infos to `::notice`; the lint
//! code becomes the annotation title; related locations (`note:`) and help text follow the
//! message on lines of their own.
//! A problem that kept the run from checking everything (a path that does not exist) becomes
//! an `::error` without a file, titled `sentinelctl`, so the job's annotations show it too.
//!
//! See: <https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands>

use std::io;

use crate::diagnostics::{Diagnostic, Severity};
use crate::source::SourceDb;

use super::{Span, portable_path};

pub(super) fn render(
    diagnostics: &[Diagnostic],
    sources: &SourceDb,
    tool_errors: &[String],
    out: &mut dyn io::Write,
) -> io::Result<()> {
    for diagnostic in diagnostics {
        writeln!(out, "{}", command(diagnostic, sources))?;
    }
    for problem in tool_errors {
        writeln!(out, "::error title=sentinelctl::{}", escape_data(problem))?;
    }
    Ok(())
}

fn command(diagnostic: &Diagnostic, sources: &SourceDb) -> String {
    let file = sources.get(diagnostic.source);
    if file.is_deleted() {
        return fileless_command(diagnostic, &portable_path(file.path()));
    }
    let span = Span::of(file, diagnostic.range);
    let mut properties =
        vec![("file", portable_path(file.path())), ("line", span.start.line.to_string())];

    // GitHub rejects (or drops) an annotation that has columns but spans several lines, so a
    // multi-line finding is reported by lines alone.
    // See: https://github.com/actions/runner/pull/2082
    let single_line = span.start.line == span.end.line;
    if single_line {
        properties.push(("col", span.start.column.to_string()));
    }
    properties.push(("endLine", span.end.line.to_string()));
    if single_line {
        properties.push(("endColumn", span.end.column.to_string()));
    }
    properties.push(("title", diagnostic.code.to_owned()));

    let properties: Vec<String> =
        properties.iter().map(|(key, value)| format!("{key}={}", escape_property(value))).collect();
    let mut message = diagnostic.message.clone();
    // An annotation has one location; the others (where a duplicate key was first defined,
    // the other file with the same id) go in its text.
    for related in &diagnostic.related {
        let file = sources.get(related.source);
        let at = Span::of(file, related.range).start;
        let path = portable_path(file.path());
        message
            .push_str(&format!("\nnote: {} ({path}:{}:{})", related.message, at.line, at.column));
    }
    if let Some(help) = &diagnostic.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    format!(
        "::{} {}::{}",
        command_name(diagnostic.severity),
        properties.join(","),
        escape_data(&message)
    )
}

/// A finding about a file the pull request deletes: GitHub cannot attach an annotation to a
/// file that is not in the tree, so it goes on the run, with the path in the message.
fn fileless_command(diagnostic: &Diagnostic, path: &str) -> String {
    format!(
        "::{} title={}::{}",
        command_name(diagnostic.severity),
        escape_property(diagnostic.code),
        escape_data(&format!("{path}: {}", diagnostic.message))
    )
}

fn command_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// Escapes the message part, after `::`, as the Actions toolkit's `escapeData` does.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value, where `:` and `,` would also end the value early.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::super::OutputFormat;
    use super::super::test_fixture::render_fixture;
    use super::*;

    #[test]
    fn snapshot() {
        insta::assert_snapshot!(render_fixture(OutputFormat::Github));
    }

    #[test]
    fn data_and_properties_escape_differently() {
        assert_eq!(escape_data("50%: a,b\r\nc"), "50%25: a,b%0D%0Ac");
        assert_eq!(escape_property("50%: a,b\r\nc"), "50%25%3A a%2Cb%0D%0Ac");
    }

    #[test]
    fn tool_errors_become_errors_without_a_file() {
        let mut out = Vec::new();
        let problems = ["path does not exist: nosuch".to_owned()];
        render(&[], &SourceDb::default(), &problems, &mut out).expect("render");
        let text = String::from_utf8(out).expect("utf-8");
        assert_eq!(text, "::error title=sentinelctl::path does not exist: nosuch\n");
    }

    #[test]
    fn every_line_is_one_command() {
        let output = render_fixture(OutputFormat::Github);
        assert!(output.lines().all(|line| line.starts_with("::")));
        assert_eq!(output.lines().count(), 6);
    }
}
