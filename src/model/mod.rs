//! What kind of Sentinel content a rule file is, and the facts about it checks share.
//!
//! The linter reads fields straight from the spanned YAML tree (so every finding has a
//! position); this module only decides the kind and names the schema that applies to it.

pub mod duration;
mod kind;

pub use kind::{ANALYTIC_ONLY_FIELDS, KindSettings, detect_kind};

use std::fmt;

/// The content types sentinelctl lints, each with its own JSON Schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RuleKind {
    /// `kind: Scheduled` analytic rule (`alertRules` of kind Scheduled).
    Scheduled,
    /// `kind: NRT` near-real-time analytic rule.
    Nrt,
    /// Hunting query (a Log Analytics saved search in category "Hunting Queries").
    Hunting,
}

impl RuleKind {
    /// Analytic rules share one resource collection (`alertRules`), hunting queries another.
    pub fn is_analytic(self) -> bool {
        !matches!(self, RuleKind::Hunting)
    }

    /// The schema file under `schemas/` that describes this kind.
    pub fn schema_file(self) -> &'static str {
        match self {
            RuleKind::Scheduled => "scheduled-rule.schema.json",
            RuleKind::Nrt => "nrt-rule.schema.json",
            RuleKind::Hunting => "hunting-query.schema.json",
        }
    }

    pub fn display_name(self) -> &'static str {
        match self {
            RuleKind::Scheduled => "Scheduled analytic rule",
            RuleKind::Nrt => "NRT analytic rule",
            RuleKind::Hunting => "hunting query",
        }
    }
}

impl fmt::Display for RuleKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.display_name())
    }
}
