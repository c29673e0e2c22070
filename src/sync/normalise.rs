//! The canonical form two rule bodies are compared in.
//!
//! Everything that can be spelt several ways with one meaning is brought to one spelling:
//! nulls and empty containers disappear, durations become canonical ISO 8601, operators
//! their API names, unordered lists are sorted, text loses `\r` and trailing whitespace, and
//! the Sentinel defaults are filled in where a side leaves them out. Fields the server sets
//! are removed. Nothing here decides what differs; it only makes equal things equal.

use serde_json::{Map, Value as Json};

use super::operator;
use super::text::{compact, comparable_text};
use super::to_arm::{DEFAULT_SUPPRESSION_DURATION, is_schedule_field};
use crate::model::duration::Duration;

/// Set by the server, never by the file; `name` and `type` guard against whole resources.
const SERVER_ONLY: &[&str] = &["id", "name", "type", "etag", "systemData", "lastModifiedUtc"];
/// Duration fields, as JSON pointers into the properties.
const DURATIONS: &[&str] = &[
    "/queryFrequency",
    "/queryPeriod",
    "/suppressionDuration",
    "/incidentConfiguration/groupingConfiguration/lookbackDuration",
];
/// Lists whose order carries no meaning.
const UNORDERED: &[&str] = &[
    "/tactics",
    "/techniques",
    "/subTechniques",
    "/incidentConfiguration/groupingConfiguration/groupByEntities",
    "/incidentConfiguration/groupingConfiguration/groupByAlertDetails",
    "/incidentConfiguration/groupingConfiguration/groupByCustomDetails",
];
/// Free text compared without line-ending and trailing-whitespace noise.
const TEXTS: &[&str] = &["/query", "/description"];

/// The canonical form of an alert rule's `properties`; `nrt` drops the schedule fields the
/// API never stores for NRT rules.
pub fn alert_rule_properties(properties: &Map<String, Json>, nrt: bool) -> Json {
    let mut map = properties.clone();
    map.retain(|key, _| !SERVER_ONLY.contains(&key.as_str()) && (!nrt || !is_schedule_field(key)));
    let mut value = compact(Json::Object(map)).unwrap_or_else(|| Json::Object(Map::new()));
    fill_defaults(&mut value);
    for pointer in DURATIONS {
        rewrite(&mut value, pointer, canonical_duration);
    }
    rewrite(&mut value, "/triggerOperator", canonical_operator);
    rewrite(&mut value, "/triggerThreshold", canonical_number);
    canonical_texts_and_sets(&mut value);
    value
}

/// Applies the text and unordered-list rules (shared with saved searches).
pub fn canonical_texts_and_sets(value: &mut Json) {
    for pointer in TEXTS {
        rewrite(value, pointer, |v| v.as_str().map(|t| comparable_text(t).into()));
    }
    for pointer in UNORDERED {
        rewrite(value, pointer, sorted_set);
    }
}

/// Enabled unless said otherwise; suppression off with the 5-hour default. While suppression
/// is off its duration has no effect, so it is not compared at all.
fn fill_defaults(value: &mut Json) {
    let Some(map) = value.as_object_mut() else { return };
    map.entry("enabled").or_insert(Json::Bool(true));
    map.entry("suppressionEnabled").or_insert(Json::Bool(false));
    map.entry("suppressionDuration").or_insert(DEFAULT_SUPPRESSION_DURATION.into());
    if map.get("suppressionEnabled") == Some(&Json::Bool(false)) {
        map.remove("suppressionDuration");
    }
}

/// Replaces the value at `pointer` when `f` has a canonical form for it.
fn rewrite(value: &mut Json, pointer: &str, f: impl Fn(&Json) -> Option<Json>) {
    if let Some(slot) = value.pointer_mut(pointer)
        && let Some(canonical) = f(slot)
    {
        *slot = canonical;
    }
}

fn canonical_duration(value: &Json) -> Option<Json> {
    Duration::parse(value.as_str()?).map(|d| d.to_iso8601().into())
}

fn canonical_operator(value: &Json) -> Option<Json> {
    operator::to_api(value.as_str()?).map(Json::from)
}

fn canonical_number(value: &Json) -> Option<Json> {
    value.as_str()?.trim().parse::<i64>().ok().map(Json::from)
}

fn sorted_set(value: &Json) -> Option<Json> {
    let mut items = value.as_array()?.clone();
    items.sort_by_key(|item| item.to_string());
    items.dedup();
    Some(Json::Array(items))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn canonical(value: Json, nrt: bool) -> Json {
        alert_rule_properties(value.as_object().expect("an object"), nrt)
    }

    #[test]
    fn spellings_collapse_to_one_form() {
        let a = json!({"queryPeriod": "70m", "triggerOperator": "gt", "tactics": ["B", "A"],
                       "query": "T\r\n| take 1  \r\n", "description": null});
        let b = json!({"queryPeriod": "PT1H10M", "triggerOperator": "GreaterThan",
                       "tactics": ["A", "B"], "query": "T\n| take 1", "enabled": true,
                       "lastModifiedUtc": "2025-01-01T00:00:00Z", "suppressionDuration": "PT1H"});
        assert_eq!(canonical(a, false), canonical(b, false));
    }

    #[test]
    fn nrt_drops_schedule_fields_but_scheduled_keeps_them() {
        let body = json!({"queryFrequency": "PT5M", "triggerThreshold": 0});
        assert_eq!(
            canonical(body.clone(), true),
            json!({"enabled": true, "suppressionEnabled": false})
        );
        assert_eq!(canonical(body, false)["queryFrequency"], "PT5M");
    }

    #[test]
    fn suppression_duration_counts_only_when_suppression_is_on() {
        let on = canonical(json!({"suppressionEnabled": true, "suppressionDuration": "5h"}), false);
        assert_eq!(on["suppressionDuration"], "PT5H");
        assert_eq!(canonical(json!({"suppressionEnabled": true}), false), on);
    }
}
