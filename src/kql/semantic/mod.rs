//! Semantic analysis of a parsed query: which tables and functions it uses, the schema after
//! every tabular operator, and the query's output schema.
//!
//! [`analyze`] walks the statements of a [`crate::kql::Parse`] with the built-in catalogue
//! ([`crate::catalog::tables`], [`crate::catalog::functions`]) and any user schemas, and
//! returns an [`Analysis`]: the findings (unknown column, function or table, wrong number of
//! arguments), the output [`Schema`], the tables read, `workspace()` calls and the `ago()`
//! lookbacks it could resolve. It is deliberately conservative: after anything whose schema is
//! open or unknown it stays silent rather than guess. An unknown table (a custom `_CL` one
//! without a schema included) is reported once and its rows are then open. It does not report
//! syntax errors (the parser does) and knows nothing of the rule file the query came from.
//!
//! Name resolution and default column names follow Microsoft's Kusto.Language; the
//! `agreement` test compares the unknown names found on the conformance corpus with its
//! verdicts and lists every remaining difference.

#[cfg(test)]
mod agreement;
mod analyzer;
#[cfg(test)]
mod deep_tests;
mod expr;
mod naming;
mod operators;
mod operators_more;
mod schema;
mod sources;
mod timespan;
mod user_schemas;

#[cfg(test)]
mod tests;

pub use schema::{Schema, matches_pattern};
pub use user_schemas::{TableDescription, UserSchemaError, UserSchemas};

use crate::kql::Parse;
use crate::source::TextRange;

/// The kinds of semantic finding.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum FindingKind {
    UnknownColumn,
    UnknownFunction,
    UnknownTable,
    WrongArgumentCount,
}

/// One semantic finding, at a range of the query text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub kind: FindingKind,
    pub range: TextRange,
    pub message: String,
    pub help: Option<String>,
    /// The name that was probably meant, which the help suggests.
    pub suggestion: Option<String>,
    /// The name certainly meant (the same name in another case, and only one such), which
    /// `lint --fix` writes in place of the unknown one.
    pub fix: Option<String>,
}

impl Finding {
    /// The name the finding is about: the first `quoted` word of its message.
    pub fn name(&self) -> &str {
        self.message.split('`').nth(1).unwrap_or("")
    }
}

/// An `ago(...)` whose argument resolved to a fixed timespan.
#[derive(Clone, Debug, PartialEq)]
pub struct Lookback {
    /// The whole `ago(...)` call.
    pub range: TextRange,
    pub call_text: String,
    pub seconds: f64,
    /// The timespan as written, such as `30d`.
    pub span_text: String,
}

/// What the analysis found.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    pub findings: Vec<Finding>,
    /// The schema of the last query statement's result; `None` when the query has no tabular
    /// result we could follow.
    pub output: Option<Schema>,
    /// Tables read (built-in, user-defined or unknown), each with its first reference.
    pub tables: Vec<(String, TextRange)>,
    /// `workspace(...)` calls.
    pub workspace_calls: Vec<TextRange>,
    pub lookbacks: Vec<Lookback>,
    /// Rows also come from places whose tables we cannot see (parsers, `table()`, other
    /// workspaces, `union T*`), so `tables` may be incomplete.
    pub opaque_sources: bool,
}

/// Analyzes a parsed query. A query with syntax errors gets an empty analysis: its tree may
/// not say what the author meant, so nothing is inferred from it.
pub fn analyze(parse: &Parse, user: &UserSchemas) -> Analysis {
    if !parse.errors().is_empty() {
        return Analysis::default();
    }
    analyzer::Analyzer::new(user).run(parse.root())
}
