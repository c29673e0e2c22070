//! Field-by-field comparison of a live resource with the body a rule file maps to.
//!
//! Both sides are brought to one canonical form first (see `normalise`), so only real
//! changes are reported: `70m` and `PT1H10M`, `gt` and `GreaterThan`, null and absent,
//! reordered tactics, CRLF and LF are all equal. Objects are compared key by key and reported
//! at the deepest differing key; lists are reported whole, since their items have no names.

use serde::Serialize;
use serde_json::{Map, Value as Json};

use super::normalise::{alert_rule_properties, canonical_texts_and_sets};
use super::techniques;
use super::text::compact;
use crate::azure::alert_rules::AlertRule;
use crate::azure::saved_searches::SavedSearch;

/// One field that differs; `None` means the side does not have the field.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Difference {
    /// Dotted path below `properties`, e.g. `alertDetailsOverride.alertDynamicProperties`.
    pub path: String,
    pub live: Option<Json>,
    pub local: Option<Json>,
}

/// Template links the portal sets on rules created from a template; they count only when the
/// file sets them too.
const TEMPLATE_FIELDS: &[&str] = &["alertRuleTemplateName", "templateVersion"];

/// The differences between a live alert rule and the one a file maps to.
pub fn compare_alert_rules(live: &AlertRule, local: &AlertRule) -> Vec<Difference> {
    let mut out = Vec::new();
    if !live.kind.eq_ignore_ascii_case(&local.kind) {
        out.push(Difference {
            path: "kind".into(),
            live: Some(live.kind.clone().into()),
            local: Some(local.kind.clone().into()),
        });
    }
    let nrt = local.kind.eq_ignore_ascii_case("NRT");
    let mut live_props = alert_rule_properties(&live.properties, nrt);
    let local_props = alert_rule_properties(&local.properties, nrt);
    if let (Some(live_map), Some(local_map)) = (live_props.as_object_mut(), local_props.as_object())
    {
        live_map.retain(|key, _| {
            !TEMPLATE_FIELDS.contains(&key.as_str()) || local_map.contains_key(key)
        });
    }
    diff("", Some(&live_props), Some(&local_props), &mut out);
    out
}

/// The differences between a live saved search and the one a hunting-query file maps to:
/// name, category, query, function alias and the description, tactics and techniques tags
/// (other tags, such as the portal's `createdBy`, are not the file's business).
pub fn compare_saved_searches(live: &SavedSearch, local: &SavedSearch) -> Vec<Difference> {
    let mut out = Vec::new();
    diff("", Some(&saved_search_view(live)), Some(&saved_search_view(local)), &mut out);
    out
}

fn saved_search_view(search: &SavedSearch) -> Json {
    let mut map = Map::new();
    map.insert("displayName".into(), search.display_name.clone().into());
    map.insert("category".into(), search.category.trim().into());
    map.insert("query".into(), search.query.clone().into());
    map.insert("functionAlias".into(), search.function_alias.clone().into());
    map.insert("description".into(), search.tag("description").into());
    map.insert("tactics".into(), search.tactics().into());
    map.insert("techniques".into(), techniques_with_parents(&search.techniques()).into());
    let mut value = compact(Json::Object(map)).unwrap_or_else(|| Json::Object(Map::new()));
    canonical_texts_and_sets(&mut value);
    value
}

/// A hunting query's techniques tag as export writes it back: every sub-technique brings its
/// parent, so `T1059.001` alone and `T1059, T1059.001` are the same mapping.
fn techniques_with_parents(ids: &[String]) -> Vec<String> {
    let split = techniques::split(ids.iter().map(String::as_str));
    techniques::merge(&split.techniques, &split.sub_techniques)
}

fn diff(path: &str, live: Option<&Json>, local: Option<&Json>, out: &mut Vec<Difference>) {
    if let (Some(Json::Object(live_map)), Some(Json::Object(local_map))) = (live, local) {
        let mut keys: Vec<&String> = live_map.keys().chain(local_map.keys()).collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            let child = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
            diff(&child, live_map.get(key), local_map.get(key), out);
        }
    } else if live != local {
        out.push(Difference { path: path.to_owned(), live: live.cloned(), local: local.cloned() });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rule(kind: &str, properties: Json) -> AlertRule {
        AlertRule::new("r", kind, properties.as_object().cloned().expect("an object"))
    }

    #[test]
    fn server_fields_and_unset_template_names_are_ignored() {
        let live = rule(
            "Scheduled",
            json!({"query": "T", "lastModifiedUtc": "2025-01-01T00:00:00Z",
            "alertRuleTemplateName": "abc", "templateVersion": "1.0.0"}),
        );
        let local = rule("Scheduled", json!({"query": "T"}));
        assert_eq!(compare_alert_rules(&live, &local), []);
    }

    #[test]
    fn template_names_the_file_sets_are_compared() {
        let live = rule("Scheduled", json!({"alertRuleTemplateName": "abc"}));
        let local = rule("Scheduled", json!({"alertRuleTemplateName": "xyz"}));
        let found = compare_alert_rules(&live, &local);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path, "alertRuleTemplateName");
    }

    #[test]
    fn nested_changes_name_the_deepest_key() {
        let live =
            rule("Scheduled", json!({"alertDetailsOverride": {"alertDisplayNameFormat": "a"}}));
        let local =
            rule("Scheduled", json!({"alertDetailsOverride": {"alertDisplayNameFormat": "b"}}));
        let found = compare_alert_rules(&live, &local);
        assert_eq!(
            found,
            [Difference {
                path: "alertDetailsOverride.alertDisplayNameFormat".into(),
                live: Some(json!("a")),
                local: Some(json!("b")),
            }]
        );
    }

    #[test]
    fn kind_change_is_reported() {
        let found = compare_alert_rules(&rule("Scheduled", json!({})), &rule("NRT", json!({})));
        assert_eq!(found[0].path, "kind");
    }

    #[test]
    fn saved_searches_ignore_portal_tags_and_tag_order() {
        let local =
            SavedSearch::hunting_query("q", "Q", "T\n", "d", &["B".into(), "A".into()], &[]);
        let mut live =
            SavedSearch::hunting_query("q", "Q", "T", "d", &["A".into(), "B".into()], &[]);
        live.tags.push(crate::azure::saved_searches::Tag {
            name: "createdBy".into(),
            value: "x".into(),
        });
        live.etag = Some("W/\"1\"".into());
        assert_eq!(compare_saved_searches(&live, &local), []);
        let changed = SavedSearch::hunting_query("q", "Q", "T | take 1", "d", &[], &[]);
        let paths: Vec<String> =
            compare_saved_searches(&live, &changed).into_iter().map(|d| d.path).collect();
        assert_eq!(paths, ["query", "tactics"]);
    }

    #[test]
    fn a_sub_technique_implies_its_parent_in_hunting_queries() {
        let only_sub = SavedSearch::hunting_query("q", "Q", "T", "d", &[], &["T1059.001".into()]);
        let both = SavedSearch::hunting_query(
            "q",
            "Q",
            "T",
            "d",
            &[],
            &["T1059".into(), "T1059.001".into()],
        );
        assert_eq!(compare_saved_searches(&only_sub, &both), []);
        let other = SavedSearch::hunting_query("q", "Q", "T", "d", &[], &["T1059.003".into()]);
        assert_eq!(compare_saved_searches(&only_sub, &other).len(), 1);
    }
}
