//! Reading single rule-file fields into API values, each with a precise error.
//!
//! The linter reports the same problems with positions; these readers exist so the deployer
//! never sends a value it had to guess, even when it is called without a lint run first.

use serde_json::Value as Json;

use super::error::MapError;
use super::operator;
use super::text::unify_line_endings;
use crate::model::duration::Duration;
use crate::yaml::{Node, Value};

/// The threshold range the content validator enforces.
const THRESHOLD_RANGE: std::ops::RangeInclusive<i64> = 0..=10_000;

/// A required string field, with line endings unified.
pub fn required_text(root: &Node, field: &'static str) -> Result<String, MapError> {
    optional_text(root, field)?.ok_or(MapError::MissingField(field))
}

/// An optional string field; null counts as absent.
pub fn optional_text(root: &Node, field: &'static str) -> Result<Option<String>, MapError> {
    match root.get(field) {
        None => Ok(None),
        Some(node) if node.is_null() => Ok(None),
        Some(node) => match node.as_str() {
            Some(text) => Ok(Some(unify_line_endings(text))),
            None => Err(MapError::invalid(field, node.type_name(), "a string")),
        },
    }
}

/// A duration field in API form (`1d` -> `P1D`); `None` when absent.
pub fn duration(node: Option<&Node>, field: &str) -> Result<Option<String>, MapError> {
    let Some(node) = node.filter(|n| !n.is_null()) else { return Ok(None) };
    let text =
        node.as_str().ok_or_else(|| MapError::invalid(field, node.type_name(), "a duration"))?;
    Duration::parse(text)
        .map(|d| Some(d.to_iso8601()))
        .ok_or_else(|| MapError::invalid(field, text, "a duration such as 5m, 1h or 1d"))
}

/// `triggerOperator` in API form.
pub fn trigger_operator(root: &Node) -> Result<&'static str, MapError> {
    let node = root.get("triggerOperator").ok_or(MapError::MissingField("triggerOperator"))?;
    let text = node.as_str().unwrap_or_default();
    operator::to_api(text)
        .ok_or_else(|| MapError::invalid("triggerOperator", text_of(node), operator::EXPECTED))
}

/// `triggerThreshold` as a JSON number; a quoted number is accepted (content files do it),
/// anything else or a value outside 0..=10000 is an error.
pub fn trigger_threshold(root: &Node) -> Result<i64, MapError> {
    let node = root.get("triggerThreshold").ok_or(MapError::MissingField("triggerThreshold"))?;
    let number = match &node.value {
        Value::Int(n) => Some(*n),
        Value::Str(text) => text.trim().parse::<i64>().ok(),
        _ => None,
    };
    number.filter(|n| THRESHOLD_RANGE.contains(n)).ok_or_else(|| {
        MapError::invalid("triggerThreshold", text_of(node), "an integer from 0 to 10000")
    })
}

/// An optional boolean field.
pub fn flag(root: &Node, field: &'static str) -> Result<Option<bool>, MapError> {
    match root.get(field) {
        None => Ok(None),
        Some(node) if node.is_null() => Ok(None),
        Some(node) => node
            .as_bool()
            .map(Some)
            .ok_or_else(|| MapError::invalid(field, text_of(node), "true or false")),
    }
}

/// The strings of a list field (a single scalar counts as a one-item list, null as empty).
pub fn string_list(root: &Node, field: &'static str) -> Result<Vec<String>, MapError> {
    let Some(node) = root.get(field) else { return Ok(Vec::new()) };
    node.items_or_scalar()
        .into_iter()
        .filter(|item| !item.is_null())
        .map(|item| {
            item.as_str()
                .map(|s| s.trim().to_owned())
                .ok_or_else(|| MapError::invalid(field, text_of(item), "a list of strings"))
        })
        .collect()
}

/// A short rendering of a node for error messages.
fn text_of(node: &Node) -> String {
    match node.to_json() {
        Json::String(text) => text,
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse;

    fn root(text: &str) -> Node {
        parse(text).root.expect("a document")
    }

    #[test]
    fn durations_become_iso8601_with_the_day_designator() {
        for (short, iso) in [("1d", "P1D"), ("14d", "P14D"), ("5m", "PT5M"), ("1h10m", "PT1H10M")] {
            let doc = root(&format!("queryFrequency: {short}\n"));
            assert_eq!(
                duration(doc.get("queryFrequency"), "queryFrequency"),
                Ok(Some(iso.to_owned()))
            );
        }
        let bad = root("queryFrequency: soon\n");
        assert!(matches!(
            duration(bad.get("queryFrequency"), "queryFrequency"),
            Err(MapError::InvalidValue { .. })
        ));
    }

    #[test]
    fn quoted_threshold_is_a_number_and_range_is_enforced() {
        assert_eq!(trigger_threshold(&root("triggerThreshold: \"5\"\n")), Ok(5));
        assert_eq!(trigger_threshold(&root("triggerThreshold: 0\n")), Ok(0));
        assert!(trigger_threshold(&root("triggerThreshold: 10001\n")).is_err());
        assert!(trigger_threshold(&root("triggerThreshold: many\n")).is_err());
    }

    #[test]
    fn operator_symbols_are_refused() {
        assert_eq!(trigger_operator(&root("triggerOperator: gt\n")), Ok("GreaterThan"));
        let err = trigger_operator(&root("triggerOperator: \">\"\n"));
        assert!(matches!(err, Err(MapError::InvalidValue { ref value, .. }) if value == ">"));
    }

    #[test]
    fn lists_accept_a_scalar_and_null() {
        assert_eq!(
            string_list(&root("tactics: Impact\n"), "tactics"),
            Ok(vec!["Impact".to_owned()])
        );
        assert_eq!(string_list(&root("tactics:\n"), "tactics"), Ok(Vec::new()));
    }
}
