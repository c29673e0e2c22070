//! KQL semantic findings (`KQL2xx`): names the query uses that do not exist, and rule fields
//! that refer to the query's output, its tables or its time window.
//!
//! The query is parsed and analyzed once ([`crate::kql::semantic::analyze`]); each lint file
//! reads the shared [`Checked`] result. Offsets in the query are mapped back into the YAML file
//! the same way the syntax checks map them. A query with syntax errors gets no semantic
//! findings: the syntax lints already speak for it, and guessing on a broken tree would add
//! noise. User schemas for custom tables are not wired to the config yet, so this module
//! analyzes with the built-in catalogue only.

mod data_types;
mod dynamic_column;
mod lookback;
mod nrt_workspace;
mod output_column;
mod unknown_names;

#[cfg(test)]
mod tests;

use crate::kql::semantic::{Analysis, analyze};
use crate::lint::registry::Lint;
use crate::lint::{LintContext, RuleDocument};
use crate::source::{EmbeddedText, TextRange};

pub(crate) use data_types::DATA_TYPE_MISMATCH;
pub(crate) use dynamic_column::DYNAMIC_MAPPED_COLUMN;
pub(crate) use lookback::LOOKBACK_EXCEEDS_PERIOD;
pub(crate) use nrt_workspace::NRT_CROSS_WORKSPACE;
pub(crate) use output_column::MISSING_OUTPUT_COLUMN;
pub(crate) use unknown_names::{
    UNKNOWN_COLUMN, UNKNOWN_FUNCTION, UNKNOWN_TABLE, WRONG_ARGUMENT_COUNT,
};

pub const LINTS: &[&Lint] = &[
    &UNKNOWN_COLUMN,
    &UNKNOWN_FUNCTION,
    &UNKNOWN_TABLE,
    &WRONG_ARGUMENT_COUNT,
    &MISSING_OUTPUT_COLUMN,
    &DYNAMIC_MAPPED_COLUMN,
    &DATA_TYPE_MISMATCH,
    &LOOKBACK_EXCEEDS_PERIOD,
    &NRT_CROSS_WORKSPACE,
];

/// A rule's query after analysis, with the map from query offsets to file offsets.
pub(crate) struct Checked {
    pub analysis: Analysis,
    map: EmbeddedText,
}

impl Checked {
    /// The file range of a range of the query text.
    pub fn file_range(&self, range: TextRange) -> TextRange {
        self.map.range_to_file(range)
    }
}

/// Runs every semantic check on a rule whose query parsed without syntax errors; `map` traces
/// query offsets back into the file. The syntax check parses once and hands the tree over.
pub fn check_parsed(
    doc: &RuleDocument<'_>,
    parse: &crate::kql::Parse,
    map: EmbeddedText,
    ctx: &mut LintContext,
) {
    let analysis = analyze(parse, doc.user_schemas);
    let checked = Checked { analysis, map };
    unknown_names::check(&checked, ctx);
    output_column::check(doc, &checked, ctx);
    dynamic_column::check(doc, &checked, ctx);
    data_types::check(doc, &checked, ctx);
    lookback::check(doc, &checked, ctx);
    nrt_workspace::check(doc, &checked, ctx);
}
