//! Live ARM resource -> rule file tree, for `export`.
//!
//! The result is the spanned YAML tree the rest of the tool reads (with empty ranges), in the
//! Azure-Sentinel content format and key order: the file's names (`name`, not `displayName`),
//! content durations (`1h`, `1d`), short operators (`gt`), `relevantTechniques` rebuilt from
//! `techniques` and `subTechniques`, the query as a block scalar. Server-only fields and
//! values equal to the Sentinel defaults are left out, so mapping the tree again with
//! [`super::to_arm`] gives a body that compares equal to the live rule.

use serde_json::{Map, Value as Json};

use super::error::MapError;
use super::operator;
use super::techniques;
use super::text::{compact, unify_line_endings};
use crate::azure::alert_rules::AlertRule;
use crate::azure::saved_searches::SavedSearch;
use crate::model::duration::Duration;
use crate::source::TextRange;
use crate::yaml::{Entry, Node, ScalarStyle, Value};

/// Nested objects exported as written, in this order.
const OBJECTS: &[&str] = &[
    "entityMappings",
    "customDetails",
    "alertDetailsOverride",
    "incidentConfiguration",
    "eventGroupingSettings",
    "sentinelEntitiesMappings",
];

/// The rule file for a live Scheduled or NRT rule.
pub fn alert_rule_to_file(rule: &AlertRule) -> Result<Node, MapError> {
    let kind = match rule.kind.to_ascii_lowercase().as_str() {
        "scheduled" => "Scheduled",
        "nrt" => "NRT",
        _ => return Err(MapError::UnsupportedKind(rule.kind.clone())),
    };
    let props = &rule.properties;
    let mut out = Builder::default();
    out.text("id", &rule.name);
    out.text("name", text(props, "displayName").ok_or(MapError::MissingField("displayName"))?);
    out.optional_text("description", text(props, "description"));
    out.optional_text("severity", text(props, "severity"));
    if kind == "Scheduled" {
        schedule(props, &mut out)?;
    }
    out.list("tactics", strings(props, "tactics"));
    let ids = techniques::merge(&strings(props, "techniques"), &strings(props, "subTechniques"));
    out.list("relevantTechniques", ids);
    out.optional_text("query", text(props, "query"));
    for field in OBJECTS {
        if let Some(value) = props.get(*field).cloned().and_then(compact) {
            out.push(field, json_to_node(&value));
        }
    }
    suppression(props, &mut out)?;
    if props.get("enabled") == Some(&Json::Bool(false)) {
        out.push("enabled", scalar(Value::Bool(false)));
    }
    out.optional_text("version", text(props, "templateVersion"));
    out.text("kind", kind);
    Ok(out.finish())
}

/// The hunting-query file for a live saved search.
pub fn saved_search_to_file(search: &SavedSearch) -> Node {
    let mut out = Builder::default();
    out.text("id", &search.name);
    out.text("name", &search.display_name);
    out.optional_text("description", search.tag("description").filter(|d| !d.is_empty()));
    out.list("tactics", search.tactics());
    let split = techniques::split(search.techniques().iter().map(String::as_str));
    out.list("relevantTechniques", techniques::merge(&split.techniques, &split.sub_techniques));
    out.text("query", &search.query);
    out.finish()
}

fn schedule(props: &Map<String, Json>, out: &mut Builder) -> Result<(), MapError> {
    for field in ["queryFrequency", "queryPeriod"] {
        if let Some(value) = text(props, field) {
            out.text(field, &content_duration(field, value)?);
        }
    }
    if let Some(value) = text(props, "triggerOperator") {
        let short = operator::to_content(value)
            .ok_or_else(|| MapError::invalid("triggerOperator", value, operator::EXPECTED))?;
        out.text("triggerOperator", short);
    }
    if let Some(threshold) = props.get("triggerThreshold").and_then(Json::as_i64) {
        out.push("triggerThreshold", scalar(Value::Int(threshold)));
    }
    Ok(())
}

/// Suppression is written only when it is on; off is the default the file can leave out.
fn suppression(props: &Map<String, Json>, out: &mut Builder) -> Result<(), MapError> {
    if props.get("suppressionEnabled") != Some(&Json::Bool(true)) {
        return Ok(());
    }
    if let Some(value) = text(props, "suppressionDuration") {
        out.text("suppressionDuration", &content_duration("suppressionDuration", value)?);
    }
    out.push("suppressionEnabled", scalar(Value::Bool(true)));
    Ok(())
}

fn content_duration(field: &str, value: &str) -> Result<String, MapError> {
    Duration::parse(value)
        .map(|d| d.to_string())
        .ok_or_else(|| MapError::invalid(field, value, "an ISO 8601 duration"))
}

fn text<'a>(props: &'a Map<String, Json>, key: &str) -> Option<&'a str> {
    props.get(key).and_then(Json::as_str)
}

fn strings(props: &Map<String, Json>, key: &str) -> Vec<String> {
    let items = props.get(key).and_then(Json::as_array).map(Vec::as_slice).unwrap_or_default();
    items.iter().filter_map(Json::as_str).map(str::to_owned).collect()
}

/// Collects the top-level entries in the order they are pushed.
#[derive(Default)]
struct Builder {
    entries: Vec<Entry>,
}

impl Builder {
    fn push(&mut self, key: &str, value: Node) {
        self.entries.push(Entry { key: key.to_owned(), key_range: TextRange::default(), value });
    }

    /// Multi-line text becomes a block scalar, the way content files write queries.
    fn text(&mut self, key: &str, value: &str) {
        let value = unify_line_endings(value);
        let style = if value.contains('\n') { ScalarStyle::Literal } else { ScalarStyle::Plain };
        self.push(key, Node::new(Value::Str(value), TextRange::default(), style));
    }

    fn optional_text(&mut self, key: &str, value: Option<&str>) {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            self.text(key, value);
        }
    }

    fn list(&mut self, key: &str, items: Vec<String>) {
        if !items.is_empty() {
            let items = items.into_iter().map(|s| scalar(Value::Str(s))).collect();
            self.push(key, collection(Value::Seq(items)));
        }
    }

    fn finish(self) -> Node {
        collection(Value::Map(self.entries))
    }
}

fn scalar(value: Value) -> Node {
    Node::new(value, TextRange::default(), ScalarStyle::Plain)
}

fn collection(value: Value) -> Node {
    Node::new(value, TextRange::default(), ScalarStyle::Collection)
}

/// The tree for a JSON value; object keys come out sorted, which keeps exports stable.
fn json_to_node(value: &Json) -> Node {
    match value {
        Json::Null => scalar(Value::Null),
        Json::Bool(flag) => scalar(Value::Bool(*flag)),
        Json::Number(n) => {
            scalar(n.as_i64().map_or_else(|| Value::Float(n.as_f64().unwrap_or(0.0)), Value::Int))
        }
        Json::String(text) => scalar(Value::Str(text.clone())),
        Json::Array(items) => collection(Value::Seq(items.iter().map(json_to_node).collect())),
        Json::Object(map) => {
            let entries = map
                .iter()
                .map(|(key, value)| Entry {
                    key: key.clone(),
                    key_range: TextRange::default(),
                    value: json_to_node(value),
                })
                .collect();
            collection(Value::Map(entries))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn live(kind: &str, properties: Json) -> AlertRule {
        AlertRule::new(
            "bcc0724a-5ab4-49ea-9b1d-c53f059765d7",
            kind,
            properties.as_object().cloned().expect("object"),
        )
    }

    #[test]
    fn defaults_are_left_out_and_disabled_is_kept() {
        let on = alert_rule_to_file(&live(
            "NRT",
            json!({"displayName": "x", "enabled": true,
            "suppressionEnabled": false, "suppressionDuration": "PT5H"}),
        ))
        .expect("mapped");
        let keys: Vec<&str> = on.as_map().expect("map").iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["id", "name", "kind"]);
        let off = alert_rule_to_file(&live(
            "NRT",
            json!({"displayName": "x", "enabled": false,
            "suppressionEnabled": true, "suppressionDuration": "PT2H"}),
        ))
        .expect("mapped");
        assert_eq!(off.get("enabled").and_then(Node::as_bool), Some(false));
        assert_eq!(off.get("suppressionDuration").and_then(Node::as_str), Some("2h"));
    }

    #[test]
    fn other_kinds_are_not_exported() {
        let fusion = live("Fusion", json!({"displayName": "x"}));
        assert_eq!(alert_rule_to_file(&fusion), Err(MapError::UnsupportedKind("Fusion".into())));
    }

    #[test]
    fn saved_search_becomes_a_hunting_file() {
        let search = SavedSearch::hunting_query(
            "q",
            "Q",
            "T\n| take 1",
            "d",
            &["Execution".into()],
            &["T1059.001".into()],
        );
        let file = saved_search_to_file(&search);
        let techniques: Vec<&str> = file
            .get("relevantTechniques")
            .expect("list")
            .items_or_scalar()
            .into_iter()
            .filter_map(Node::as_str)
            .collect();
        assert_eq!(techniques, ["T1059", "T1059.001"]);
        assert_eq!(file.get("query").map(|n| n.style), Some(ScalarStyle::Literal));
    }
}
