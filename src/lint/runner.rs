//! Runs the checks over a set of files and collects every finding.
//!
//! A file that cannot be read or parsed yields diagnostics, never an error: the run always
//! goes on with the other files. Only the caller decides what is a tool failure.

use std::path::PathBuf;

use crate::diagnostics::{Diagnostic, Severity};
use crate::kql::semantic::UserSchemas;
use crate::lint::checks::{self, ids, yaml as yaml_checks};
use crate::lint::selection::Selection;
use crate::lint::{LintContext, RuleDocument};
use crate::model::{KindSettings, RuleKind, detect_kind};
use crate::source::{SourceDb, SourceFile, SourceId, TextRange};
use crate::yaml::{self, Node};

/// Settings the linter needs, already merged from config file and command line.
#[derive(Clone, Debug, Default)]
pub struct LintSettings {
    pub kinds: KindSettings,
    pub selection: Selection,
    /// Severity overrides by code or code prefix; the longest matching prefix wins.
    pub severities: Vec<(String, Severity)>,
    /// Custom table schemas the KQL checks resolve names against.
    pub user_schemas: UserSchemas,
}

impl LintSettings {
    /// Whether any semantic (`KQL2xx`) lint is selected: when none is, the query analysis,
    /// about a quarter of a lint run, is not worth doing.
    pub fn semantics_selected(&self) -> bool {
        checks::kql_semantic::LINTS.iter().any(|lint| self.selection.is_enabled(lint.code))
    }

    /// The severity a finding of `code` is reported with, if overridden.
    fn severity_override(&self, code: &str) -> Option<Severity> {
        self.severities
            .iter()
            .filter(|(prefix, _)| code.starts_with(prefix.as_str()))
            .max_by_key(|(prefix, _)| prefix.len())
            .map(|(_, severity)| *severity)
    }
}

/// Facts about one linted rule that cross-file checks need.
#[derive(Clone, Debug)]
pub struct RuleSummary {
    pub source: SourceId,
    pub path: PathBuf,
    pub kind: RuleKind,
    pub id: Option<(String, TextRange)>,
    /// The top-level tree, kept for comparisons against a base revision.
    pub root: Node,
}

/// Everything one run produced.
#[derive(Debug, Default)]
pub struct LintOutcome {
    pub sources: SourceDb,
    pub diagnostics: Vec<Diagnostic>,
    pub rules: Vec<RuleSummary>,
}

/// Lints `paths` (files, already discovered) with `settings`.
pub fn lint_files(paths: &[PathBuf], settings: &LintSettings) -> LintOutcome {
    let mut outcome = LintOutcome::default();
    for path in paths {
        let (file, problem) = yaml_checks::read(path);
        let source = outcome.sources.add(file);
        if let Some(problem) = problem {
            outcome.diagnostics.push(problem.diagnostic(source));
            continue;
        }
        if crate::discover::is_query_file(path) {
            let file = outcome.sources.get(source);
            outcome.diagnostics.extend(checks::kql::check_script(
                source,
                file,
                &settings.user_schemas,
                settings.semantics_selected(),
            ));
            continue;
        }
        let (diagnostics, rule) = lint_source(&mut outcome.sources, source, settings);
        outcome.diagnostics.extend(diagnostics);
        outcome.rules.extend(rule);
    }
    outcome.diagnostics.extend(ids::check_across_files(&outcome.rules));
    finish(&mut outcome.diagnostics, settings);
    outcome
}

/// Removes deselected findings and orders the rest by file and position.
pub fn finish(diagnostics: &mut Vec<Diagnostic>, settings: &LintSettings) {
    diagnostics.retain(|d| settings.selection.is_enabled(d.code));
    for diagnostic in diagnostics.iter_mut() {
        if let Some(severity) = settings.severity_override(diagnostic.code) {
            diagnostic.severity = severity;
        }
    }
    diagnostics.sort_by(|a, b| {
        (a.source, a.range.start(), a.code).cmp(&(b.source, b.range.start(), b.code))
    });
    diagnostics.dedup();
}

/// Lints one YAML rule file already in `sources`.
pub fn lint_source(
    sources: &mut SourceDb,
    id: SourceId,
    settings: &LintSettings,
) -> (Vec<Diagnostic>, Option<RuleSummary>) {
    let file = sources.get(id);
    let parsed = yaml::parse(file.text());
    let mut diagnostics: Vec<Diagnostic> =
        parsed.errors.iter().map(|e| yaml_checks::to_diagnostic(id, e)).collect();
    if parsed.has_fatal_error() {
        return (diagnostics, None);
    }
    let Some(root) = rule_root(parsed.root, id, file, &mut diagnostics) else {
        return (diagnostics, None);
    };
    let kind = detect_kind(file.path(), &root, &settings.kinds);
    let doc = RuleDocument {
        source_id: id,
        source: file,
        root: &root,
        kind,
        user_schemas: &settings.user_schemas,
        semantics: settings.semantics_selected(),
    };
    let mut ctx = LintContext::new(id);
    checks::check_document(&doc, &mut ctx);
    diagnostics.extend(ctx.into_diagnostics());

    let rule_id = root.get("id").and_then(|n| n.as_str().map(|s| (s.to_owned(), n.range)));
    let summary = RuleSummary {
        source: id,
        path: file.path().to_path_buf(),
        kind,
        id: rule_id.clone(),
        root,
    };
    sources.get_mut(id).set_rule_id(rule_id.map(|(text, _)| text));
    (diagnostics, Some(summary))
}

/// The top-level mapping of a rule file, or a finding saying why there is none.
fn rule_root(
    root: Option<Node>,
    id: SourceId,
    file: &SourceFile,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Node> {
    let lint = &yaml_checks::NOT_A_RULE;
    let whole = TextRange::from_usize(0, file.text().len());
    let (problem, severity) = match &root {
        None => ("File holds no YAML content", lint.default_severity),
        Some(node) if node.as_map().is_none() => {
            ("Top level of a rule file must be a mapping", lint.default_severity)
        }
        Some(node) => match other_layout(node) {
            Some(layout) => (layout, Severity::Info),
            None if node.get("query").is_none() && node.get("id").is_none() => (
                "File has neither `query` nor `id`, so it is not an analytic rule or hunting query",
                lint.default_severity,
            ),
            None => return root,
        },
    };
    let range = root.as_ref().map_or(TextRange::empty(0), |n| n.range);
    let range = if range.is_empty() { whole } else { range };
    let mut diagnostic = Diagnostic::new(lint.code, severity, id, range, problem);
    if severity == Severity::Info {
        diagnostic.set_help(
            "Only analytic rules and hunting queries in the Azure-Sentinel format are linted",
        );
    }
    diagnostics.push(diagnostic);
    None
}

/// Recognised YAML layouts of other Sentinel content, named so skipping them is not silent.
fn other_layout(root: &Node) -> Option<&'static str> {
    if root.get("InputEntityType").is_some() {
        return Some("Exploration query (`InputEntityType`); not linted");
    }
    if root.get("Query").is_some() && root.get("query").is_none() {
        return Some(
            "Rule in a capitalised layout (`Query`, `DisplayName`) such as AzSentinel's; not linted",
        );
    }
    None
}
