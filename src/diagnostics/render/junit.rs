//! The `junit` format: JUnit XML for the test-result views of CI systems.
//!
//! GitLab, Azure DevOps and Jenkins read JUnit reports, so a lint run shows up there as tests:
//! one `<testsuite>` per file linted, one failing `<testcase>` per error or warning, and a single
//! passing testcase for a file without any. Each testcase carries at most one `<failure>`,
//! because several of those viewers show only the first. Infos are not failures; they are
//! listed in the suite's `<system-out>`.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io;

use quick_xml::Writer;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::name::QName;

use crate::diagnostics::{Diagnostic, Severity};
use crate::source::{SourceDb, SourceFile, SourceId};

use super::{RenderOptions, Span, display_path, find_lint};

type XmlWriter<'w> = Writer<&'w mut dyn io::Write>;

pub(super) fn render(
    diagnostics: &[Diagnostic],
    sources: &SourceDb,
    options: &RenderOptions<'_>,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let failures = diagnostics.iter().filter(|d| is_failure(d)).count();
    let clean_files = sources.iter().filter(|(id, _)| !has_failure(diagnostics, *id)).count();

    let mut writer = Writer::new_with_indent(out, b' ', 2);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    writer
        .create_element("testsuites")
        .with_attribute(("name", "sentinelctl"))
        .with_attribute(("tests", (failures + clean_files).to_string().as_str()))
        .with_attribute(("failures", failures.to_string().as_str()))
        .with_attribute(("errors", "0"))
        .write_inner_content(|writer| {
            for (id, file) in sources.iter() {
                let of_file: Vec<&Diagnostic> =
                    diagnostics.iter().filter(|d| d.source == id).collect();
                testsuite(writer, file, &of_file, sources, options)?;
            }
            Ok(())
        })?;
    writeln!(writer.get_mut())
}

fn is_failure(diagnostic: &Diagnostic) -> bool {
    diagnostic.severity >= Severity::Warning
}

fn has_failure(diagnostics: &[Diagnostic], file: SourceId) -> bool {
    diagnostics.iter().any(|d| d.source == file && is_failure(d))
}

fn testsuite(
    writer: &mut XmlWriter<'_>,
    file: &SourceFile,
    diagnostics: &[&Diagnostic],
    sources: &SourceDb,
    options: &RenderOptions<'_>,
) -> io::Result<()> {
    let path = display_path(file.path());
    let (failures, infos): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
        diagnostics.iter().partition(|d| is_failure(d));
    let tests = failures.len().max(1);
    writer
        .create_element("testsuite")
        .with_attribute(attribute("name", &path))
        .with_attribute(("tests", tests.to_string().as_str()))
        .with_attribute(("failures", failures.len().to_string().as_str()))
        .with_attribute(("errors", "0"))
        .with_attribute(("skipped", "0"))
        .write_inner_content(|writer| {
            if failures.is_empty() {
                passing_testcase(writer, &path)?;
            }
            for diagnostic in &failures {
                failing_testcase(writer, &path, diagnostic, sources, options)?;
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

fn passing_testcase(writer: &mut XmlWriter<'_>, path: &str) -> io::Result<()> {
    writer
        .create_element("testcase")
        .with_attribute(("name", "lint"))
        .with_attribute(attribute("classname", path))
        .with_attribute(attribute("file", path))
        .write_empty()?;
    Ok(())
}

fn failing_testcase(
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
    writer
        .create_element("testcase")
        .with_attribute(attribute("name", &name))
        .with_attribute(attribute("classname", path))
        .with_attribute(attribute("file", path))
        .with_attribute(("line", span.start.line.to_string().as_str()))
        .write_inner_content(|writer| {
            writer
                .create_element("failure")
                .with_attribute(attribute("message", &diagnostic.message))
                .with_attribute(("type", diagnostic.severity.as_str()))
                .write_text_content(BytesText::new(&xml_text(&describe(diagnostic, sources))))?;
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
    use super::super::test_fixture::render_fixture;
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
