//! The one finding type every check produces and every renderer consumes.
//!
//! A [`Diagnostic`] points at a byte range of one source file; nothing here knows about lines,
//! columns, colours or output formats. Renderers in [`render`] turn diagnostics into text.

pub mod render;

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::source::{SourceId, TextRange};

/// How much a finding matters. Errors fail the run; warnings only under `--strict`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// A second place that explains a finding, e.g. the first definition of a duplicate key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub source: SourceId,
    pub range: TextRange,
    pub message: String,
}

/// One finding: which check, how severe, what is wrong and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The stable lint code, e.g. `YML101`.
    pub code: &'static str,
    pub severity: Severity,
    /// What is wrong: sentence case, no trailing period, identifiers in backticks.
    pub message: String,
    pub source: SourceId,
    pub range: TextRange,
    /// How to fix it, in the imperative.
    pub help: Option<String>,
    pub related: Vec<Related>,
    /// An edit that certainly fixes it, which `lint --fix` applies.
    pub fix: Option<Fix>,
}

/// A replacement of `range` (in the finding's own file) by `replacement`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub range: TextRange,
    pub replacement: String,
}

impl Diagnostic {
    pub fn new(
        code: &'static str,
        severity: Severity,
        source: SourceId,
        range: TextRange,
        message: impl Into<String>,
    ) -> Self {
        Self {
            code,
            severity,
            message: message.into(),
            source,
            range,
            help: None,
            related: Vec::new(),
            fix: None,
        }
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a fix suggestion to a diagnostic already reported.
    pub fn set_help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub fn with_fix(mut self, range: TextRange, replacement: impl Into<String>) -> Self {
        self.set_fix(range, replacement);
        self
    }

    /// Adds the edit that fixes a diagnostic already reported.
    pub fn set_fix(&mut self, range: TextRange, replacement: impl Into<String>) -> &mut Self {
        self.fix = Some(Fix { range, replacement: replacement.into() });
        self
    }

    /// Adds a related location to a diagnostic already reported.
    pub fn add_related(
        &mut self,
        source: SourceId,
        range: TextRange,
        message: impl Into<String>,
    ) -> &mut Self {
        self.related.push(Related { source, range, message: message.into() });
        self
    }

    #[must_use]
    pub fn with_related(
        mut self,
        source: SourceId,
        range: TextRange,
        message: impl Into<String>,
    ) -> Self {
        self.related.push(Related { source, range, message: message.into() });
        self
    }
}

/// Counts of findings by severity, as shown in every output format's summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn new(files: usize, diagnostics: &[Diagnostic]) -> Self {
        let count = |severity| diagnostics.iter().filter(|d| d.severity == severity).count();
        Self {
            files,
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
        }
    }
}
