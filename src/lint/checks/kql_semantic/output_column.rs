//! KQL205: entity mappings, custom details and alert details that name a column the query
//! does not output.

use crate::declare_lint;
use crate::lint::checks::kql_semantic::Checked;
use crate::lint::{LintContext, RuleDocument};
use crate::source::{EmbeddedText, TextRange};
use crate::yaml::Node;

declare_lint! {
    /// A rule field names a column the query does not output
    ///
    /// ## What it does
    /// Computes the query's output columns (from its last tabular operator, not from the
    /// table it reads) and checks every field that names one:
    /// `entityMappings[].fieldMappings[].columnName`, `customDetails` values,
    /// `{{placeholders}}` in `alertDetailsOverride.alertDisplayNameFormat` and
    /// `alertDescriptionFormat`, `alertSeverityColumnName`, `alertTacticsColumnName` and
    /// `alertDynamicProperties[].value`. The message lists the output columns. Silent when
    /// the output cannot be known exactly (an unknown table, `bag_unpack`, a parser).
    ///
    /// ## Why is this bad?
    /// Sentinel rejects the rule on save ("The given column '...' does not exist"), although
    /// the query itself is valid.
    ///
    /// ## Example
    /// ```yaml
    /// query: |
    ///   DeviceFileEvents | project TimeGenerated, DeviceName, SHA256
    /// entityMappings:
    ///   - entityType: FileHash
    ///     fieldMappings:
    ///       - identifier: Value
    ///         columnName: FileHashCustomEntity
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    ///       - identifier: Value
    ///         columnName: SHA256
    /// ```
    pub(crate) static MISSING_OUTPUT_COLUMN = ("KQL205", "missing-output-column", Error);
}

/// A column name a rule field refers to.
pub(super) struct ColumnRef<'a> {
    /// Where it is, such as `entityMappings[1].fieldMappings[0].columnName`.
    pub place: String,
    pub column: String,
    /// The YAML value holding it.
    pub node: &'a Node,
    /// Where in the value's text the name is, when the value holds more than the name (a
    /// `{{placeholder}}` in a format string).
    pub within: Option<TextRange>,
    pub is_entity: bool,
}

impl ColumnRef<'_> {
    /// The file range to underline: the name itself, else the whole value.
    pub fn file_range(&self, file_text: &str) -> TextRange {
        let (Some(within), Some(value)) = (self.within, self.node.as_str()) else {
            return self.node.range;
        };
        EmbeddedText::new(file_text, self.node.range, self.node.style, value).range_to_file(within)
    }
}

/// Every column reference of the rule's entity, custom-detail and alert-detail fields.
pub(super) fn column_refs<'a>(doc: &'a RuleDocument<'_>) -> Vec<ColumnRef<'a>> {
    let mut refs = Vec::new();
    let mappings = doc.field("entityMappings").and_then(Node::as_seq).unwrap_or_default();
    for (index, mapping) in mappings.iter().enumerate() {
        let fields = mapping.get("fieldMappings").and_then(Node::as_seq).unwrap_or_default();
        for (field_index, field) in fields.iter().enumerate() {
            let Some(node) = field.get("columnName") else { continue };
            let place = format!("entityMappings[{index}].fieldMappings[{field_index}].columnName");
            push(&mut refs, place, node, true);
        }
    }
    for entry in doc.field("customDetails").and_then(Node::as_map).unwrap_or_default() {
        push(&mut refs, format!("customDetails.{}", entry.key), &entry.value, false);
    }
    let Some(details) = doc.field("alertDetailsOverride") else { return refs };
    for key in ["alertDisplayNameFormat", "alertDescriptionFormat"] {
        let Some(node) = details.get(key) else { continue };
        for (name, within) in placeholders(node.as_str().unwrap_or("")) {
            let place = format!("alertDetailsOverride.{key}");
            let column = name.to_owned();
            refs.push(ColumnRef { place, column, node, within: Some(within), is_entity: false });
        }
    }
    for key in ["alertSeverityColumnName", "alertTacticsColumnName"] {
        if let Some(node) = details.get(key) {
            push(&mut refs, format!("alertDetailsOverride.{key}"), node, false);
        }
    }
    let properties = details.get("alertDynamicProperties").and_then(Node::as_seq);
    for (index, property) in properties.unwrap_or_default().iter().enumerate() {
        if let Some(node) = property.get("value") {
            let place = format!("alertDetailsOverride.alertDynamicProperties[{index}].value");
            push(&mut refs, place, node, false);
        }
    }
    refs
}

fn push<'a>(refs: &mut Vec<ColumnRef<'a>>, place: String, node: &'a Node, is_entity: bool) {
    if let Some(column) = node.as_str().map(str::trim).filter(|c| !c.is_empty()) {
        refs.push(ColumnRef { place, column: column.to_owned(), node, within: None, is_entity });
    }
}

/// The column names inside `{{...}}` placeholders with their ranges in `text`; single braces
/// are plain text.
pub(super) fn placeholders(text: &str) -> Vec<(&str, TextRange)> {
    let spans = crate::lint::checks::entities::placeholders::placeholders(text);
    spans
        .into_iter()
        .filter_map(|span| {
            let inner_start = span.start + 2;
            let inner = &text[inner_start..span.end - 2];
            let name = inner.trim();
            if name.is_empty() || name.contains('{') {
                return None;
            }
            let start = inner_start + (inner.len() - inner.trim_start().len());
            Some((name, TextRange::from_usize(start, start + name.len())))
        })
        .collect()
}

pub(super) fn check(doc: &RuleDocument<'_>, checked: &Checked, ctx: &mut LintContext) {
    let Some(output) = checked.analysis.output.as_ref().filter(|o| !o.open) else { return };
    for reference in column_refs(doc) {
        if output.column(&reference.column).is_some() {
            continue;
        }
        let range = reference.file_range(doc.source.text());
        let message = format!(
            "`{}` names column `{}`, which the query does not output; output columns are {}",
            reference.place,
            reference.column,
            backticked(&output.names_text())
        );
        let diagnostic = ctx.report(&MISSING_OUTPUT_COLUMN, range, message);
        if let Some(suggestion) = output.suggest(&reference.column) {
            diagnostic.set_help(format!("Did you mean `{suggestion}`?"));
        }
        // The one output column of another case is certainly the one meant (a query fixed to
        // `Computer` leaves mappings of `computer` behind), when the file spells it plainly.
        let text = doc.source.text();
        let verbatim = text.get(range.start() as usize..range.end() as usize);
        if let Some(meant) = output.unique_case_match(&reference.column)
            && verbatim == Some(reference.column.as_str())
        {
            diagnostic.set_fix(range, meant);
        }
    }
}

/// `a, b` as `` `a`, `b` ``.
fn backticked(names: &str) -> String {
    names.split(", ").map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::placeholders;

    #[test]
    fn only_double_braces_are_placeholders() {
        let text = "{{A}} and {B} and {{ C }} and {{";
        let found: Vec<(&str, &str)> =
            placeholders(text).into_iter().map(|(name, at)| (name, &text[at.to_usize()])).collect();
        assert_eq!(found, [("A", "A"), ("C", "C")]);
    }
}
