//! The `human` format: rustc-style code frames for people reading a terminal.
//!
//! Each finding becomes `error[CODE]: message`, a ` --> path:line:col` header, the source lines
//! it covers with a caret underline, related locations as labelled secondary spans, and
//! `= help: …`; a summary line closes the output. Drawing is left to `annotate-snippets`, which
//! handles wide characters, multi-line spans and folding the way rustc users expect; very long
//! lines are cut around the spans before drawing ([`super::excerpt`]). Colour is used only when
//! the caller asks for it.

use std::collections::{BTreeMap, BTreeSet};
use std::io;

use annotate_snippets::renderer::{AnsiColor, Effects, Style};
use annotate_snippets::{Group, Level, Renderer, Snippet};

use crate::diagnostics::{Diagnostic, Severity, Summary};
use crate::source::{SourceDb, SourceId, TextRange};

use super::RenderOptions;
use super::excerpt::{Excerpt, fix_header_columns};

pub(super) fn render(
    diagnostics: &[Diagnostic],
    sources: &SourceDb,
    summary: &Summary,
    options: &RenderOptions<'_>,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let renderer = if options.color { Renderer::styled() } else { Renderer::plain() };
    for diagnostic in diagnostics {
        let frames = Frames::new(diagnostic, sources);
        let columns: Vec<Option<u32>> = frames.excerpts.iter().map(|e| e.column).collect();
        let frame = renderer.render(&[frames.group(diagnostic)]);
        writeln!(out, "{}\n", fix_header_columns(frame, &columns))?;
    }
    let files_with_findings = count_files(diagnostics);
    write_summary(out, summary, files_with_findings, options.color)?;
    let fixable = diagnostics.iter().filter(|d| d.fix.is_some()).count();
    if fixable > 0 {
        writeln!(out, "{} can be fixed with `sentinelctl lint --fix`", plural(fixable, "finding"))?;
    }
    Ok(())
}

/// The source excerpts of one diagnostic, one per file it touches, primary file first.
struct Frames<'a> {
    excerpts: Vec<Excerpt<'a>>,
}

impl<'a> Frames<'a> {
    fn new(diagnostic: &'a Diagnostic, sources: &'a SourceDb) -> Self {
        // Group spans by file so related locations in the primary file share its frame.
        let mut by_file: BTreeMap<SourceId, Vec<(TextRange, Option<&'a str>)>> = BTreeMap::new();
        by_file.entry(diagnostic.source).or_default().push((diagnostic.range, None));
        for related in &diagnostic.related {
            let label = Some(related.message.as_str());
            by_file.entry(related.source).or_default().push((related.range, label));
        }

        let primary = by_file.remove(&diagnostic.source).unwrap_or_default();
        let mut excerpts = vec![Excerpt::new(sources.get(diagnostic.source), &primary)];
        for (source, spans) in &by_file {
            excerpts.push(Excerpt::new(sources.get(*source), spans));
        }
        Self { excerpts }
    }

    fn group(self, diagnostic: &'a Diagnostic) -> Group<'a> {
        let title = level(diagnostic.severity).primary_title(diagnostic.message.as_str());
        let mut group = title.id(diagnostic.code).elements(self.excerpts.into_iter().map(|e| {
            Snippet::source(e.text).path(e.path).line_start(e.first_line).annotations(e.annotations)
        }));
        if let Some(help) = &diagnostic.help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        group
    }
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

fn count_files(diagnostics: &[Diagnostic]) -> usize {
    let files: BTreeSet<SourceId> = diagnostics.iter().map(|d| d.source).collect();
    files.len()
}

/// `Found 3 errors and 1 warning in 2 files`, `All checks passed (N files)`, or
/// `No rule files checked`.
fn write_summary(
    out: &mut dyn io::Write,
    summary: &Summary,
    files_with_findings: usize,
    color: bool,
) -> io::Result<()> {
    let counts: Vec<String> =
        [(summary.errors, "error"), (summary.warnings, "warning"), (summary.infos, "info")]
            .into_iter()
            .filter(|(count, _)| *count > 0)
            .map(|(count, noun)| plural(count, noun))
            .collect();

    let (line, style) = match counts.split_last() {
        // Nothing was checked: "passed" would read as a green light for an empty or mistyped path.
        None if summary.files == 0 => ("No rule files checked".to_owned(), Style::new().bold()),
        None => (
            format!("All checks passed ({})", plural(summary.files, "file")),
            AnsiColor::Green.on_default().effects(Effects::BOLD),
        ),
        Some((last, [])) => (found(last, files_with_findings, summary.files), Style::new().bold()),
        Some((last, rest)) => {
            let joined = format!("{} and {last}", rest.join(", "));
            (found(&joined, files_with_findings, summary.files), Style::new().bold())
        }
    };
    if color { writeln!(out, "{style}{line}{style:#}") } else { writeln!(out, "{line}") }
}

/// `Found <counts> in 2 files`, saying `of N` when not every file linted had a finding.
fn found(counts: &str, files_with_findings: usize, files: usize) -> String {
    if files_with_findings < files {
        format!("Found {counts} in {files_with_findings} of {}", plural(files, "file"))
    } else {
        format!("Found {counts} in {}", plural(files_with_findings, "file"))
    }
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 { format!("{count} {noun}") } else { format!("{count} {noun}s") }
}

#[cfg(test)]
mod tests {
    use super::super::OutputFormat;
    use super::super::test_fixture::{fixture, render_fixture, render_with};
    use super::*;
    use crate::source::SourceFile;

    #[test]
    fn snapshot() {
        insta::assert_snapshot!(render_fixture(OutputFormat::Human));
    }

    #[test]
    fn clean_run_says_all_checks_passed() {
        let mut sources = SourceDb::new();
        sources.add(SourceFile::new("a.yaml", "id: x\n"));
        sources.add(SourceFile::new("b.yaml", "id: y\n"));
        let output = render_with(OutputFormat::Human, &sources, &[]);
        assert_eq!(output, "All checks passed (2 files)\n");
    }

    #[test]
    fn run_without_files_does_not_say_passed() {
        let output = render_with(OutputFormat::Human, &SourceDb::new(), &[]);
        assert_eq!(output, "No rule files checked\n");
    }

    #[test]
    fn summary_counts_files_with_findings() {
        let mut out = Vec::new();
        let summary = Summary { files: 2, errors: 3, warnings: 1, infos: 0 };
        write_summary(&mut out, &summary, 2, false).expect("write to Vec");
        assert_eq!(String::from_utf8_lossy(&out), "Found 3 errors and 1 warning in 2 files\n");
    }

    #[test]
    fn empty_file_and_empty_range_render() {
        let mut sources = SourceDb::new();
        let id = sources.add(SourceFile::new("empty.yaml", ""));
        let diagnostic =
            Diagnostic::new("SCH100", Severity::Error, id, TextRange::empty(0), "File is empty");
        insta::assert_snapshot!(render_with(OutputFormat::Human, &sources, &[diagnostic]));
    }

    #[test]
    fn crlf_multi_line_span_and_end_without_newline() {
        let mut sources = SourceDb::new();
        let text = "query: |\r\n  A\r\n  | take 1\r\nname: x";
        let id = sources.add(SourceFile::new("crlf.yaml", text));
        let query =
            TextRange::from_usize(text.find('A').expect("A"), text.find("\r\nname").expect("end"));
        let end = TextRange::empty(u32::try_from(text.len()).expect("small"));
        let diagnostics = [
            Diagnostic::new("KQL101", Severity::Warning, id, query, "Query spans lines"),
            Diagnostic::new("SCH130", Severity::Info, id, end, "Rule has no `version`"),
        ];
        insta::assert_snapshot!(render_with(OutputFormat::Human, &sources, &diagnostics));
    }

    #[test]
    fn long_lines_are_cut_around_the_span_with_the_right_column() {
        let mut sources = SourceDb::new();
        let text =
            format!("query: |\n  T | where {}Bogus == 1 or x == 2\n", "x == 1 or ".repeat(300));
        let id = sources.add(SourceFile::new("long.yaml", text.as_str()));
        let start = text.find("Bogus").expect("Bogus");
        let range = TextRange::from_usize(start, start + "Bogus".len());
        let diagnostic = Diagnostic::new("KQL201", Severity::Error, id, range, "Unknown column");
        let output = render_with(OutputFormat::Human, &sources, &[diagnostic]);
        assert!(
            output.contains(&format!(
                "long.yaml:2:{}",
                sources.get(id).line_col(start as u32).column
            ))
        );
        insta::assert_snapshot!(output);
    }

    #[test]
    fn colour_only_when_asked() {
        assert!(!render_fixture(OutputFormat::Human).contains('\u{1b}'));

        let fixture = fixture();
        let options = RenderOptions { color: true, ..RenderOptions::plain(&[], "0") };
        let mut out = Vec::new();
        render(&fixture.diagnostics, &fixture.sources, &fixture.summary, &options, &mut out)
            .expect("write to Vec");
        assert!(String::from_utf8_lossy(&out).contains('\u{1b}'));
    }
}
