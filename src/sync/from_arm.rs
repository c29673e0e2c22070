//! Live ARM resource -> rule file tree, for `export`.
//!
//! The result is the spanned YAML tree the rest of the tool reads (with empty ranges), in the
//! Azure-Sentinel content format and key order: the file's names (`name`, not `displayName`),
//! content durations (`1h`, `1d`), short operators (`gt`), `relevantTechniques` rebuilt from
//! `techniques` and `subTechniques`, the query and description as block scalars ending in a
//! line break (as in content files; the comparison ignores trailing whitespace of both).
//! Server-only fields and values equal to the Sentinel defaults are left out, so mapping the
//! tree again with [`super::to_arm`] gives a body that compares equal to the live rule.
//!
//! `requiredDataConnectors` is written as an empty list: a live rule does not record which
//! connectors feed it, and the catalogue cannot tell reliably (CommonSecurityLog is fed by over
//! a hundred connectors; its table lists even name a Cisco connector for `Heartbeat`). A
//! wrong connector id would be trusted by the Azure-Sentinel validation and by content
//! tooling, while the empty list is the schema's "none declared", which the author can fill
//! in; the KQL207 check then stays quiet instead of comparing against a guess. (When a file
//! already holds the rule, the export keeps the connectors it lists: see
//! [`super::export::keep`].)

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

/// Nested objects exported as written, in the order the Azure-Sentinel rules write them
/// (incident settings before event grouping).
const OBJECTS: &[&str] = &[
    "entityMappings",
    "customDetails",
    "alertDetailsOverride",
    "incidentConfiguration",
    "eventGroupingSettings",
    "sentinelEntitiesMappings",
];

/// Every top-level key an analytic rule file can get, in the order they are written (the
/// Azure-Sentinel order); the builders below push them in this order.
pub const ANALYTIC_KEYS: &[&str] = &[
    "id",
    "name",
    "description",
    "severity",
    "requiredDataConnectors",
    "queryFrequency",
    "queryPeriod",
    "triggerOperator",
    "triggerThreshold",
    "tactics",
    "relevantTechniques",
    "query",
    "entityMappings",
    "customDetails",
    "alertDetailsOverride",
    "incidentConfiguration",
    "eventGroupingSettings",
    "sentinelEntitiesMappings",
    "suppressionDuration",
    "suppressionEnabled",
    "enabled",
    "version",
    "kind",
];

/// Every top-level key a hunting-query file can get, in the same order.
pub const HUNTING_KEYS: &[&str] = &[
    "id",
    "name",
    "description",
    "requiredDataConnectors",
    "tactics",
    "relevantTechniques",
    "query",
    "version",
];

/// Keys of nested objects in the order the Azure-Sentinel files write them; other keys follow
/// alphabetically.
const NESTED_KEY_ORDER: &[&str] = &[
    "entityType",
    "fieldMappings",
    "identifier",
    "columnName",
    "alertDisplayNameFormat",
    "alertDescriptionFormat",
    "alertTacticsColumnName",
    "alertSeverityColumnName",
    "alertDynamicProperties",
    "alertProperty",
    "value",
    "aggregationKind",
    "createIncident",
    "groupingConfiguration",
    "enabled",
    "reopenClosedIncident",
    "lookbackDuration",
    "matchingMethod",
    "groupByEntities",
    "groupByAlertDetails",
    "groupByCustomDetails",
];

/// The rule file for a live Scheduled or NRT rule; `version` is the content version its
/// metadata records, if any (else the rule's `templateVersion` is used).
pub fn alert_rule_to_file(rule: &AlertRule, version: Option<&str>) -> Result<Node, MapError> {
    let kind = match rule.kind.to_ascii_lowercase().as_str() {
        "scheduled" => "Scheduled",
        "nrt" => "NRT",
        _ => return Err(MapError::UnsupportedKind(rule.kind.clone())),
    };
    let props = &rule.properties;
    let mut out = Builder::default();
    out.text("id", &rule.name);
    out.text("name", text(props, "displayName").ok_or(MapError::MissingField("displayName"))?);
    description(props, &mut out);
    out.optional_text("severity", text(props, "severity"));
    out.empty_list("requiredDataConnectors");
    if kind == "Scheduled" {
        schedule(props, &mut out)?;
    }
    out.list("tactics", strings(props, "tactics"));
    let ids = techniques::merge(&strings(props, "techniques"), &strings(props, "subTechniques"));
    out.list("relevantTechniques", ids);
    out.optional_block("query", text(props, "query"));
    for field in OBJECTS {
        if let Some(mut value) = props.get(*field).cloned().and_then(compact) {
            if *field == "incidentConfiguration" {
                short_lookback(&mut value)?;
            }
            out.push(field, json_to_node(&value));
        }
    }
    suppression(props, &mut out)?;
    if props.get("enabled") == Some(&Json::Bool(false)) {
        out.push("enabled", scalar(Value::Bool(false)));
    }
    out.optional_text("version", version.or_else(|| text(props, "templateVersion")));
    out.text("kind", kind);
    Ok(out.finish())
}

/// The grouping lookback in the content form the other durations use (`5h`, not `PT5H`).
fn short_lookback(incident: &mut Json) -> Result<(), MapError> {
    const FIELD: &str = "incidentConfiguration.groupingConfiguration.lookbackDuration";
    if let Some(slot) = incident.pointer_mut("/groupingConfiguration/lookbackDuration")
        && let Some(iso) = slot.as_str()
    {
        *slot = Json::String(content_duration(FIELD, iso)?);
    }
    Ok(())
}

/// The hunting-query file for a live saved search; `version` is the content version its
/// metadata records, if any.
pub fn saved_search_to_file(search: &SavedSearch, version: Option<&str>) -> Node {
    let mut out = Builder::default();
    out.text("id", &search.name);
    out.text("name", &search.display_name);
    out.optional_block("description", search.tag("description"));
    out.empty_list("requiredDataConnectors");
    out.list("tactics", search.tactics());
    let split = techniques::split(search.techniques().iter().map(String::as_str));
    out.list("relevantTechniques", techniques::merge(&split.techniques, &split.sub_techniques));
    out.block("query", &search.query);
    out.optional_text("version", version);
    out.finish()
}

/// An empty description is written as `''` rather than left out: the comparison tells an
/// empty string from an absent field, and the export must plan as unchanged (lint then asks
/// for a real description, which content files need).
fn description(props: &Map<String, Json>, out: &mut Builder) {
    match text(props, "description") {
        Some(empty) if empty.trim().is_empty() => out.text("description", ""),
        other => out.optional_block("description", other),
    }
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

    /// Text that content files always write as `key: |`, so it ends with a line break
    /// (empty text stays empty: a block cannot hold it).
    fn block(&mut self, key: &str, value: &str) {
        let mut value = unify_line_endings(value);
        if !value.is_empty() && !value.ends_with('\n') {
            value.push('\n');
        }
        self.push(key, Node::new(Value::Str(value), TextRange::default(), ScalarStyle::Literal));
    }

    fn optional_block(&mut self, key: &str, value: Option<&str>) {
        if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
            self.block(key, value);
        }
    }

    fn empty_list(&mut self, key: &str) {
        self.push(key, collection(Value::Seq(Vec::new())));
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

/// The tree for a JSON value; object keys come out in [`NESTED_KEY_ORDER`], then sorted, which
/// keeps exports stable. `customDetails` keys (names the author chose) are therefore
/// alphabetical: the API's JSON object does not keep the order they were written in.
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
            let mut pairs: Vec<(&String, &Json)> = map.iter().collect();
            pairs.sort_by_key(|(key, _)| {
                let rank = NESTED_KEY_ORDER.iter().position(|known| known == key);
                (rank.unwrap_or(NESTED_KEY_ORDER.len()), key.as_str())
            });
            let entries = pairs
                .into_iter()
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
        let on = alert_rule_to_file(
            &live(
                "NRT",
                json!({"displayName": "x", "enabled": true,
            "suppressionEnabled": false, "suppressionDuration": "PT5H"}),
            ),
            None,
        )
        .expect("mapped");
        let keys: Vec<&str> = on.as_map().expect("map").iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["id", "name", "requiredDataConnectors", "kind"]);
        let off = alert_rule_to_file(
            &live(
                "NRT",
                json!({"displayName": "x", "enabled": false,
            "suppressionEnabled": true, "suppressionDuration": "PT2H"}),
            ),
            None,
        )
        .expect("mapped");
        assert_eq!(off.get("enabled").and_then(Node::as_bool), Some(false));
        assert_eq!(off.get("suppressionDuration").and_then(Node::as_str), Some("2h"));
    }

    #[test]
    fn texts_are_blocks_and_an_empty_description_stays() {
        let rule = alert_rule_to_file(
            &live("NRT", json!({"displayName": "x", "description": "", "query": "T | take 1"})),
            None,
        )
        .expect("mapped");
        assert_eq!(rule.get("description").and_then(Node::as_str), Some(""));
        let query = rule.get("query").expect("query");
        assert_eq!((query.as_str(), query.style), (Some("T | take 1\n"), ScalarStyle::Literal));
        let connectors = rule.get("requiredDataConnectors").and_then(Node::as_seq);
        assert_eq!(connectors.map(<[Node]>::len), Some(0));
    }

    /// The key lists other modules rely on name every key the builders write, in order.
    #[test]
    fn the_key_lists_hold_every_written_key_in_order() {
        let rule = live(
            "Scheduled",
            json!({"displayName": "x", "description": "d", "severity": "Low", "enabled": false,
                "queryFrequency": "PT1H", "queryPeriod": "P1D", "triggerOperator": "GreaterThan",
                "triggerThreshold": 0, "tactics": ["Execution"], "techniques": ["T1059"],
                "query": "T", "suppressionEnabled": true, "suppressionDuration": "PT1H",
                "entityMappings": [{"entityType": "Host"}], "customDetails": {"a": "b"},
                "alertDetailsOverride": {"alertDisplayNameFormat": "x"},
                "incidentConfiguration": {"createIncident": true},
                "eventGroupingSettings": {"aggregationKind": "SingleAlert"},
                "sentinelEntitiesMappings": [{"columnName": "c"}]}),
        );
        let file = alert_rule_to_file(&rule, Some("1.0.1")).expect("mapped");
        let keys: Vec<&str> = file.as_map().expect("map").iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ANALYTIC_KEYS);
        let search = SavedSearch::hunting_query(
            "q",
            "Q",
            "T",
            "d",
            &["Execution".into()],
            &["T1059".into()],
        );
        let file = saved_search_to_file(&search, Some("1.0.1"));
        let keys: Vec<&str> = file.as_map().expect("map").iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, HUNTING_KEYS);
        let in_order = HUNTING_KEYS.windows(2).all(|pair| {
            let rank = |key| ANALYTIC_KEYS.iter().position(|k| *k == key);
            rank(pair[0]) < rank(pair[1])
        });
        assert!(in_order, "hunting keys follow the analytic order");
    }

    #[test]
    fn other_kinds_are_not_exported() {
        let fusion = live("Fusion", json!({"displayName": "x"}));
        let error = Err(MapError::UnsupportedKind("Fusion".into()));
        assert_eq!(alert_rule_to_file(&fusion, None), error);
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
        let file = saved_search_to_file(&search, Some("1.0.2"));
        let techniques: Vec<&str> = file
            .get("relevantTechniques")
            .expect("list")
            .items_or_scalar()
            .into_iter()
            .filter_map(Node::as_str)
            .collect();
        assert_eq!(techniques, ["T1059", "T1059.001"]);
        assert_eq!(file.get("query").map(|n| n.style), Some(ScalarStyle::Literal));
        assert_eq!(file.get("version").and_then(Node::as_str), Some("1.0.2"));
    }

    #[test]
    fn the_lookback_is_a_content_duration_and_the_recorded_version_wins() {
        let rule = live(
            "NRT",
            json!({"displayName": "x", "templateVersion": "1.0.0",
                "incidentConfiguration": {"createIncident": true, "groupingConfiguration":
                    {"enabled": true, "lookbackDuration": "P1DT2H"}}}),
        );
        let file = alert_rule_to_file(&rule, Some("2.1.0")).expect("mapped");
        let lookback =
            file.at_pointer("/incidentConfiguration/groupingConfiguration/lookbackDuration");
        assert_eq!(lookback.and_then(Node::as_str), Some("1d2h"));
        assert_eq!(file.get("version").and_then(Node::as_str), Some("2.1.0"));
        let template = alert_rule_to_file(&rule, None).expect("mapped");
        assert_eq!(template.get("version").and_then(Node::as_str), Some("1.0.0"));
    }
}
