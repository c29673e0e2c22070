//! KQL semantic findings (`KQL2xx`): names the query uses that do not exist, and rule fields
//! that refer to the query's output, its tables or its time window.
//!
//! The query is parsed and analyzed once ([`crate::kql::semantic::analyze`]); each lint file
//! reads the shared [`Checked`] result. Offsets in the query are mapped back into the YAML file
//! the same way the syntax checks map them. A query with syntax errors gets no semantic
//! findings: the syntax lints already speak for it, and guessing on a broken tree would add
//! noise. The analysis uses the built-in catalogue and the user schemas of the configuration
//! (`--schemas`). Standalone `.kql`/`.csl` files get the checks that need no rule around the
//! query (unknown names), block by block ([`check_block`]).

mod data_types;
mod dynamic_column;
mod lookback;
mod nrt_workspace;
mod output_column;
mod unknown_names;

#[cfg(test)]
mod tests;

use crate::kql::semantic::{Analysis, UserSchemas, analyze};
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

/// A query after analysis, with the map from query offsets to file offsets.
pub(crate) struct Checked {
    pub analysis: Analysis,
    /// How a rule's query sits in its YAML file; `None` for a block of a query file.
    map: Option<EmbeddedText>,
    /// Where the query starts in its file, when it is copied verbatim (a query file's block).
    offset: u32,
}

impl Checked {
    /// Where a rule's query sits in its file; `None` for a block of a query file.
    pub fn rule_query_range(&self) -> Option<TextRange> {
        let map = self.map.as_ref()?;
        Some(map.range_to_file(TextRange::new(0, map.value_len())))
    }

    /// The file range of a range of the query text.
    pub fn file_range(&self, range: TextRange) -> TextRange {
        match &self.map {
            Some(map) => map.range_to_file(range),
            None => TextRange::new(self.offset + range.start(), self.offset + range.end()),
        }
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
    let checked = Checked { analysis, map: Some(map), offset: 0 };
    let declared = data_types::declared_custom_tables(doc);
    unknown_names::check(&checked, &declared, doc.source.text(), ctx);
    output_column::check(doc, &checked, ctx);
    dynamic_column::check(doc, &checked, ctx);
    data_types::check(doc, &checked, ctx);
    lookback::check(doc, &checked, ctx);
    nrt_workspace::check(doc, &checked, ctx);
}

/// Runs the checks that need no rule around the query (unknown names) on one block of a
/// standalone query file, whose text is given, that starts at `offset` in it.
pub fn check_block(
    parse: &crate::kql::Parse,
    user: &UserSchemas,
    (file_text, offset): (&str, u32),
    ctx: &mut LintContext,
) {
    let analysis = analyze(parse, user);
    let checked = Checked { analysis, map: None, offset };
    unknown_names::check(&checked, &[], file_text, ctx);
}
