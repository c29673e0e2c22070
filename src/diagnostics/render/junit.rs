//! The `junit` format: JUnit XML for the test-result views of CI systems.
//!
//! GitLab, Azure DevOps, Jenkins and the GitHub test-report actions read JUnit reports, so a
//! lint run shows up there as tests: one `<testsuite>` per file linted, and in it one
//! `<testcase>` per finding, as ruff and other linters emit them.
//!
//! - An error is a testcase with a `<failure>`: it fails the run, so it fails the test.
//! - A warning does not fail the run (unless `--strict`), so it must not fail a test either:
//!   it is a `<skipped>` testcase whose message is the warning. Skipped is the one outcome
//!   every consumer lists with its message yet counts as not failed (GitLab shows the output
//!   of failed and skipped tests only; Jenkins does not mark the build unstable; the GitHub
//!   test reporters show it as skipped). Under `--strict` warnings are failures.
//! - Infos are not tests; they are listed in the suite's `<system-out>`.
//! - A file with no error or warning gets one passing testcase.
//!
//! Each testcase carries at most one `<failure>`, because several viewers show only the first.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io;

use quick_xml::Writer;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::name::QName;

use crate::diagnostics::{Diagnostic, Severity};
use crate::source::{SourceDb, SourceFile};

use super::{RenderOptions, Span, display_path, find_lint};

type XmlWriter<'w> = Writer<&'w mut dyn io::Write>;

/// What a finding is in the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Failure,
    Skipped,
    /// Not a testcase: listed in `<system-out>`.
    Output,
}

fn outcome(diagnostic: &Diagnostic, options: &RenderOptions<'_>) -> Outcome {
    match diagnostic.severity {
        Severity::Error => Outcome::Failure,
        Severity::Warning if options.warnings_fail => Outcome::Failure,
        Severity::Warning => Outcome::Skipped,
        Severity::Info => Outcome::Output,
    }
}

/// Tests, failures and skipped tests among `diagnostics` of `files` files: every failure and
/// skipped finding is a test, and a file with neither is one passing test.
fn counts<'d>(
    diagnostics: impl Iterator<Item = &'d Diagnostic> + Clone,
    files: usize,
    options: &RenderOptions<'_>,
) -> (usize, usize, usize) {
    let count = |wanted| diagnostics.clone().filter(|d| outcome(d, options) == wanted).count();
    let (failures, skipped) = (count(Outcome::Failure), count(Outcome::Skipped));
    (failures + skipped + files, failures, skipped)
}

pub(super) fn render(
    diagnostics: &[Diagnostic],
    sources: &SourceDb,
    options: &RenderOptions<'_>,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let passing = sources
        .iter()
        .filter(|(id, _)| {
            diagnostics.iter().all(|d| d.source != *id || outcome(d, options) == Outcome::Output)
        })
        .count();
    let (tests, failures, skipped) = counts(diagnostics.iter(), passing, options);
    let tests = tests + options.tool_errors.len();

    let mut writer = Writer::new_with_indent(out, b' ', 2);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    writer
        .create_element("testsuites")
        .with_attribute(("name", "sentinelctl"))
        .with_attribute(("tests", tests.to_string().as_str()))
        .with_attribute(("failures", failures.to_string().as_str()))
        .with_attribute(("errors", options.tool_errors.len().to_string().as_str()))
        .with_attribute(("skipped", skipped.to_string().as_str()))
        .write_inner_content(|writer| {
            for (id, file) in sources.iter() {
                let of_file: Vec<&Diagnostic> =
                    diagnostics.iter().filter(|d| d.source == id).collect();
                testsuite(writer, file, &of_file, sources, options)?;
            }
            if !options.tool_errors.is_empty() {
                tool_errors_testsuite(writer, options.tool_errors)?;
            }
            Ok(())
        })?;
    writeln!(writer.get_mut())
}

fn testsuite(
    writer: &mut XmlWriter<'_>,
    file: &SourceFile,
    diagnostics: &[&Diagnostic],
    sources: &SourceDb,
    options: &RenderOptions<'_>,
) -> io::Result<()> {
    let path = display_path(file.path());
    let (tests, infos): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
        diagnostics.iter().partition(|d| outcome(d, options) != Outcome::Output);
    let passing = usize::from(tests.is_empty());
    let (count, failures, skipped) = counts(tests.iter().copied(), passing, options);
    writer
        .create_element("testsuite")
        .with_attribute(attribute("name", &path))
        .with_attribute(("tests", count.to_string().as_str()))
        .with_attribute(("failures", failures.to_string().as_str()))
        .with_attribute(("errors", "0"))
        .with_attribute(("skipped", skipped.to_string().as_str()))
        .write_inner_content(|writer| {
            if tests.is_empty() {
                passing_testcase(writer, &path)?;
            }
            for diagnostic in &tests {
                finding_testcase(writer, &path, diagnostic, sources, options)?;
            }
            if !infos.is_empty() {
                let lines: Vec<String> = infos.iter().map(|d| describe(d, sources)).collect();
                writer
                    .create_element("system-out")
                    .write_text_content(BytesText::new(&xml_text(&lines.join("\n"))))?;
            }
            Ok(())
        })?;
    Ok(())
}

/// What kept the run from checking everything, as JUnit *errors* (the test could not run),
/// distinct from findings, which are failures.
fn tool_errors_testsuite(writer: &mut XmlWriter<'_>, problems: &[String]) -> io::Result<()> {
    let count = problems.len().to_string();
    writer
        .create_element("testsuite")
        .with_attribute(("name", "sentinelctl"))
        .with_attribute(("tests", count.as_str()))
        .with_attribute(("failures", "0"))
        .with_attribute(("errors", count.as_str()))
        .with_attribute(("skipped", "0"))
        .write_inner_content(|writer| {
            for problem in problems {
                writer
                    .create_element("testcase")
                    .with_attribute(("name", "run"))
                    .with_attribute(("classname", "sentinelctl"))
                    .write_inner_content(|writer| {
                        writer
                            .create_element("error")
                            .with_attribute(attribute("message", problem))
                            .write_empty()?;
                        Ok(())
                    })?;
            }
            Ok(())
        })?;
    Ok(())
}

fn passing_testcase(writer: &mut XmlWriter<'_>, path: &str) -> io::Result<()> {
    writer
        .create_element("testcase")
        .with_attribute(("name", "lint"))
        .with_attribute(attribute("classname", path))
        .with_attribute(attribute("file", path))
        .write_empty()?;
    Ok(())
}

/// A testcase for an error (`<failure>`) or a warning (`<skipped>`), named by code and place.
fn finding_testcase(
    writer: &mut XmlWriter<'_>,
    path: &str,
    diagnostic: &Diagnostic,
    sources: &SourceDb,
    options: &RenderOptions<'_>,
) -> io::Result<()> {
    let span = Span::of(sources.get(diagnostic.source), diagnostic.range);
    let name = match find_lint(options.lints, diagnostic.code) {
        Some(lint) => format!("{} ({})", diagnostic.code, lint.name),
        None => diagnostic.code.to_owned(),
    };
    let name = format!("{name} at line {}, column {}", span.start.line, span.start.column);
    let text = xml_text(&describe(diagnostic, sources));
    writer
        .create_element("testcase")
        .with_attribute(attribute("name", &name))
        .with_attribute(attribute("classname", path))
        .with_attribute(attribute("file", path))
        .with_attribute(("line", span.start.line.to_string().as_str()))
        .write_inner_content(|writer| {
            if outcome(diagnostic, options) == Outcome::Failure {
                writer
                    .create_element("failure")
                    .with_attribute(attribute("message", &diagnostic.message))
                    .with_attribute(("type", diagnostic.severity.as_str()))
                    .write_text_content(BytesText::new(&text))?;
            } else {
                // The message says why the test is "skipped": it is a warning, not a failure.
                let message = format!("{}: {}", diagnostic.severity, diagnostic.message);
                writer
                    .create_element("skipped")
                    .with_attribute(attribute("message", &message))
                    .write_text_content(BytesText::new(&text))?;
            }
            Ok(())
        })?;
    Ok(())
}

/// `path:line:col: severity[CODE]: message`, then help and related locations on their own lines.
fn describe(diagnostic: &Diagnostic, sources: &SourceDb) -> String {
    let file = sources.get(diagnostic.source);
    let span = Span::of(file, diagnostic.range);
    let mut text = format!(
        "{}:{}:{}: {}[{}]: {}",
        display_path(file.path()),
        span.start.line,
        span.start.column,
        diagnostic.severity,
        diagnostic.code,
        diagnostic.message
    );
    // Writing to a String cannot fail, so the results below are ignored.
    if let Some(help) = &diagnostic.help {
        let _ = write!(text, "\nhelp: {help}");
    }
    for related in &diagnostic.related {
        let file = sources.get(related.source);
        let start = file.line_col(related.range.start());
        let path = display_path(file.path());
        let _ =
            write!(text, "\nrelated: {path}:{}:{}: {}", start.line, start.column, related.message);
    }
    text
}

/// An attribute whose value may hold line breaks: quick-xml escapes markup characters but
/// leaves whitespace alone, and an XML parser would fold a raw newline in a value to a space.
fn attribute<'a>(key: &'a str, value: &str) -> Attribute<'a> {
    let escaped = quick_xml::escape::escape(xml_text(value))
        .replace('\n', "&#10;")
        .replace('\r', "&#13;")
        .replace('\t', "&#9;");
    Attribute { key: QName(key), value: Cow::Owned(escaped) }
}

/// Replaces the control characters XML 1.0 cannot represent at all, even escaped.
fn xml_text(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() && !matches!(c, '\n' | '\r' | '\t') { '\u{fffd}' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::OutputFormat;
    use super::super::test_fixture::{render_fixture, render_fixture_with};
    use super::*;

    #[test]
    fn snapshot() {
        insta::assert_snapshot!(render_fixture(OutputFormat::Junit));
    }

    #[test]
    fn newlines_in_attributes_survive_parsing() {
        assert_eq!(attribute("m", "a<b\nc").value, "a&lt;b&#10;c");
    }

    #[test]
    fn warnings_are_skipped_tests_unless_they_fail_the_run() {
        let output = render_fixture(OutputFormat::Junit);
        assert!(
            output.contains(
                r#"<testsuites name="sentinelctl" tests="6" failures="3" errors="0" skipped="2">"#
            ),
            "{output}"
        );
        assert!(
            output.contains(r#"<skipped message="warning: Unknown key `requiredTechniques`">"#),
            "{output}"
        );
        let strict = render_fixture_with(OutputFormat::Junit, true);
        assert!(strict.contains(r#"tests="6" failures="5" errors="0" skipped="0""#), "{strict}");
        assert!(!strict.contains("<skipped"), "{strict}");
    }

    #[test]
    fn output_is_well_formed_xml() {
        let output = render_fixture(OutputFormat::Junit);
        let mut reader = quick_xml::Reader::from_str(&output);
        let mut depth = 0_i32;
        loop {
            match reader.read_event().expect("well-formed XML") {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth -= 1,
                Event::Eof => break,
                _ => {}
            }
        }
        assert_eq!(depth, 0);
    }
}
