//! Entity checks (`ENT1xx`): `entityMappings`, `customDetails`, `alertDetailsOverride` and
//! the incident settings that refer to them, against the entity types embedded in
//! [`crate::catalog`].
//!
//! These checks say what a JSON Schema cannot: which identifiers belong to which entity type,
//! repeats, required combinations, counts with the context to fix them, placeholders and
//! cross-references. Whether mapped columns exist in the query output needs the KQL analyzer
//! and is not checked here.

mod alert_dynamic_property;
mod alert_format;
mod custom_detail_count;
mod custom_detail_key;
mod custom_detail_value;
mod duplicate_identifier;
mod empty_block;
mod entity_mapping_count;
mod field_mapping_count;
mod grouping_ignored;
mod incident_grouping;
mod invalid_column_name;
mod invalid_identifier;
mod missing_identifier;
pub(crate) mod placeholders;
mod unknown_entity_type;

#[cfg(test)]
mod cases;

use crate::catalog::{self, EntityType};
use crate::lint::message::{backticked, backticked_or};
use crate::lint::registry::Lint;
use crate::lint::{LintContext, RuleDocument};
use crate::source::TextRange;
use crate::yaml::{Entry, Node};

pub(crate) use alert_dynamic_property::INVALID_ALERT_DYNAMIC_PROPERTY;
pub(crate) use alert_format::INVALID_ALERT_FORMAT;
pub(crate) use custom_detail_count::TOO_MANY_CUSTOM_DETAILS;
pub(crate) use custom_detail_key::INVALID_CUSTOM_DETAIL_KEY;
pub(crate) use custom_detail_value::INVALID_CUSTOM_DETAIL_VALUE;
pub(crate) use duplicate_identifier::DUPLICATE_IDENTIFIER;
pub(crate) use empty_block::EMPTY_BLOCK;
pub(crate) use entity_mapping_count::ENTITY_MAPPING_COUNT;
pub(crate) use field_mapping_count::FIELD_MAPPING_COUNT;
pub(crate) use grouping_ignored::GROUPING_SETTING_IGNORED;
pub(crate) use incident_grouping::INVALID_INCIDENT_GROUPING;
pub(crate) use invalid_column_name::INVALID_COLUMN_NAME;
pub(crate) use invalid_identifier::INVALID_IDENTIFIER;
pub(crate) use missing_identifier::MISSING_REQUIRED_IDENTIFIER;
pub(crate) use placeholders::TOO_MANY_PLACEHOLDERS;
pub(crate) use unknown_entity_type::UNKNOWN_ENTITY_TYPE;

pub const LINTS: &[&Lint] = &[
    &UNKNOWN_ENTITY_TYPE,
    &INVALID_IDENTIFIER,
    &ENTITY_MAPPING_COUNT,
    &EMPTY_BLOCK,
    &FIELD_MAPPING_COUNT,
    &DUPLICATE_IDENTIFIER,
    &MISSING_REQUIRED_IDENTIFIER,
    &INVALID_COLUMN_NAME,
    &TOO_MANY_CUSTOM_DETAILS,
    &INVALID_CUSTOM_DETAIL_KEY,
    &INVALID_CUSTOM_DETAIL_VALUE,
    &TOO_MANY_PLACEHOLDERS,
    &INVALID_ALERT_FORMAT,
    &INVALID_ALERT_DYNAMIC_PROPERTY,
    &INVALID_INCIDENT_GROUPING,
    &GROUPING_SETTING_IGNORED,
];

/// Runs every entity check on one rule document.
pub fn check(doc: &RuleDocument<'_>, ctx: &mut LintContext) {
    unknown_entity_type::check(doc, ctx);
    invalid_identifier::check(doc, ctx);
    entity_mapping_count::check(doc, ctx);
    empty_block::check(doc, ctx);
    field_mapping_count::check(doc, ctx);
    duplicate_identifier::check(doc, ctx);
    missing_identifier::check(doc, ctx);
    invalid_column_name::check(doc, ctx);
    custom_detail_count::check(doc, ctx);
    custom_detail_key::check(doc, ctx);
    custom_detail_value::check(doc, ctx);
    placeholders::check(doc, ctx);
    alert_format::check(doc, ctx);
    alert_dynamic_property::check(doc, ctx);
    incident_grouping::check(doc, ctx);
    grouping_ignored::check(doc, ctx);
}

/// The `entityMappings` items that are mappings, with their index.
fn entity_mappings<'a>(doc: &RuleDocument<'a>) -> impl Iterator<Item = (usize, &'a Node)> {
    doc.root
        .get("entityMappings")
        .and_then(Node::as_seq)
        .unwrap_or_default()
        .iter()
        .enumerate()
        .filter(|(_, item)| item.as_map().is_some())
}

/// The `fieldMappings` items of one entity mapping that are mappings, with their index.
fn field_mappings(mapping: &Node) -> impl Iterator<Item = (usize, &Node)> {
    mapping
        .get("fieldMappings")
        .and_then(Node::as_seq)
        .unwrap_or_default()
        .iter()
        .enumerate()
        .filter(|(_, item)| item.as_map().is_some())
}

/// The known entity type a mapping declares, if it declares one.
fn entity_type_of(mapping: &Node) -> Option<&'static EntityType> {
    mapping.get("entityType").and_then(Node::as_str).and_then(catalog::entity_type)
}

/// The identifier strings of one mapping's field mappings, with their nodes.
fn identifiers(mapping: &Node) -> impl Iterator<Item = (usize, &str, &Node)> {
    field_mappings(mapping).filter_map(|(index, field)| {
        let node = field.get("identifier")?;
        Some((index, node.as_str()?, node))
    })
}

/// The `customDetails` entries, when it is a mapping.
fn custom_details<'a>(doc: &RuleDocument<'a>) -> &'a [Entry] {
    doc.root.get("customDetails").and_then(Node::as_map).unwrap_or_default()
}

/// Where to point for an entry's value: the value, or the key when the value is empty
/// (`FirewallAction:` with nothing after it has a zero-width range).
fn value_or_key_range(entry: &Entry) -> TextRange {
    if entry.value.range.is_empty() { entry.key_range } else { entry.value.range }
}

/// Whether `name` is a valid Log Analytics column name as Sentinel requires in mappings:
/// a letter or `_` first, then letters, digits and `_` (`^[a-zA-Z_]+\w*$`).
fn is_column_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names() {
        for ok in ["Account", "_ResourceId", "Col01", "a_b_1"] {
            assert!(is_column_name(ok), "{ok}");
        }
        for bad in ["", "1st", "Account Name", "a-b", "Acc.Name", "é"] {
            assert!(!is_column_name(bad), "{bad}");
        }
    }

    #[test]
    fn lists_for_messages() {
        assert_eq!(backticked_or(&["a", "b", "c"]), "`a`, `b` or `c`");
        assert_eq!(backticked(&["a", "b"]), "`a` and `b`");
    }
}
