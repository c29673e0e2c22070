//! What a check sees while it runs: the rule document and a place to report findings.

use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::kql::semantic::UserSchemas;
use crate::lint::registry::Lint;
use crate::model::RuleKind;
use crate::source::{SourceFile, SourceId, TextRange};
use crate::yaml::Node;

/// One parsed rule file, as every per-file check receives it.
pub struct RuleDocument<'a> {
    pub source_id: SourceId,
    pub source: &'a SourceFile,
    /// The top-level mapping of the file.
    pub root: &'a Node,
    pub kind: RuleKind,
    /// Custom table schemas from the configuration, for the KQL checks.
    pub user_schemas: &'a UserSchemas,
    /// Whether any semantic (`KQL2xx`) lint is selected; the analysis is skipped otherwise.
    pub semantics: bool,
}

impl RuleDocument<'_> {
    pub fn path(&self) -> &Path {
        self.source.path()
    }

    /// The value of a top-level key.
    pub fn field(&self, key: &str) -> Option<&Node> {
        self.root.get(key)
    }
}

/// Collects the findings of the checks run on one file.
pub struct LintContext {
    source_id: SourceId,
    diagnostics: Vec<Diagnostic>,
}

impl LintContext {
    pub fn new(source_id: SourceId) -> Self {
        Self { source_id, diagnostics: Vec::new() }
    }

    /// Records a finding of `lint` at `range` with its default severity and returns it so the
    /// caller can add help or related locations.
    pub fn report(
        &mut self,
        lint: &'static Lint,
        range: TextRange,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let diagnostic =
            Diagnostic::new(lint.code, lint.default_severity, self.source_id, range, message);
        self.diagnostics.push(diagnostic);
        let last = self.diagnostics.len() - 1;
        &mut self.diagnostics[last]
    }

    /// The diagnostic reported last, to add to it.
    pub fn last_mut(&mut self) -> Option<&mut Diagnostic> {
        self.diagnostics.last_mut()
    }

    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }
}
