//! KQL207: `requiredDataConnectors[].dataTypes` against the tables the query reads.

use crate::declare_lint;
use crate::lint::checks::kql_semantic::Checked;
use crate::lint::{LintContext, RuleDocument};
use crate::yaml::Node;

declare_lint! {
    /// `requiredDataConnectors` and the tables the query reads disagree
    ///
    /// ## What it does
    /// Compares the tables named in `requiredDataConnectors[].dataTypes` with the tables the
    /// query reads. A table read but not declared is reported at the query; a table declared
    /// but not read at its `dataTypes` entry. The second direction is skipped when the query
    /// reads through parsers, `table()` or another workspace, whose tables cannot be seen.
    ///
    /// ## Why is this bad?
    /// Sentinel uses `dataTypes` to tell whether the rule's data is connected; a wrong list
    /// hides the rule from the right workspaces or shows it where it cannot work.
    ///
    /// ## Example
    /// ```yaml
    /// requiredDataConnectors:
    ///   - connectorId: AzureActiveDirectory
    ///     dataTypes: [SigninLogs]
    /// query: AuditLogs | take 1
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    ///     dataTypes: [AuditLogs]
    /// ```
    pub(crate) static DATA_TYPE_MISMATCH = ("KQL207", "data-type-mismatch", Warning);
}

/// The table a `dataTypes` entry names: `SecurityAlert (ASC)` stands for `SecurityAlert`.
fn table_of(data_type: &str) -> &str {
    data_type.split([' ', '(']).next().unwrap_or(data_type)
}

/// Every `requiredDataConnectors[].dataTypes` entry: the table it names and its node.
fn declared<'d>(doc: &'d RuleDocument<'_>) -> Vec<(&'d str, &'d Node)> {
    let connectors = doc.field("requiredDataConnectors").and_then(Node::as_seq);
    connectors
        .unwrap_or_default()
        .iter()
        .filter_map(|connector| connector.get("dataTypes").and_then(Node::as_seq))
        .flatten()
        .filter_map(|node| node.as_str().map(|text| (table_of(text.trim()), node)))
        .collect()
}

/// The custom (`_CL`) tables the rule declares in its `dataTypes`: the rule says where they
/// come from, so reading one without a schema for it is not an unknown table.
pub(super) fn declared_custom_tables<'d>(doc: &'d RuleDocument<'_>) -> Vec<&'d str> {
    declared(doc).into_iter().map(|(name, _)| name).filter(|name| name.ends_with("_CL")).collect()
}

pub(super) fn check(doc: &RuleDocument<'_>, checked: &Checked, ctx: &mut LintContext) {
    let declared = declared(doc);
    // No declaration at all is a different problem (schema and connector checks).
    if declared.is_empty() {
        return;
    }
    let analysis = &checked.analysis;
    for (table, range) in &analysis.tables {
        if declared.iter().any(|(name, _)| name == table) {
            continue;
        }
        let message =
            format!("The query reads `{table}`, which `requiredDataConnectors` does not list");
        ctx.report(&DATA_TYPE_MISMATCH, checked.file_range(*range), message)
            .set_help(format!("Add `{table}` to the `dataTypes` of the connector that feeds it"));
    }
    if analysis.opaque_sources {
        return;
    }
    for (name, node) in declared {
        if analysis.tables.iter().any(|(table, _)| table == name) {
            continue;
        }
        let message = format!("`dataTypes` lists `{name}`, which the query does not read");
        ctx.report(&DATA_TYPE_MISMATCH, node.range, message);
    }
}
