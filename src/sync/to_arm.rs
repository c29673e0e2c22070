//! Rule file -> ARM request body: Scheduled and NRT rules become `alertRules`, hunting
//! queries become Log Analytics `savedSearches`.
//!
//! The body holds exactly what the file says plus the Sentinel defaults for what it leaves
//! out (enabled, no suppression with the portal's 5-hour duration), in API spelling: ISO 8601
//! durations, `GreaterThan`, techniques split from sub-techniques. Nulls and empty lists or
//! maps are never sent; the API rejects some of them (`entityMappings: []` is a 400).

use std::fmt;

use serde_json::{Map, Value as Json};

use super::error::MapError;
use super::fields::{
    duration, flag, optional_text, required_text, string_list, trigger_operator, trigger_threshold,
};
use super::rule_id;
use super::techniques;
use super::text::{compact, unify_json_line_endings};
use crate::azure::alert_rules::AlertRule;
use crate::azure::api_version::{self, Operation};
use crate::azure::saved_searches::SavedSearch;
use crate::model::RuleKind;
use crate::yaml::Node;

/// The suppression duration the portal and the API report for a rule that sets none.
pub const DEFAULT_SUPPRESSION_DURATION: &str = "PT5H";

/// Which api-version the body is meant for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    pub api_version: String,
}

impl Default for Options {
    /// The version the client sends a rule carrying `subTechniques` with.
    fn default() -> Self {
        Self::for_api_version(api_version::for_operation(Operation::AlertRulePreview))
    }
}

impl Options {
    pub fn for_api_version(api_version: &str) -> Self {
        Self { api_version: api_version.to_owned() }
    }
}

/// Whether `api_version`'s alertRules schema has `subTechniques`. Only preview versions do;
/// stable versions up to and including 2025-09-01 have none (see `azure::api_version`).
pub fn supports_sub_techniques(api_version: &str) -> bool {
    api_version.ends_with("-preview")
}

/// Something the body leaves out that the user should hear about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Warning {
    /// The api-version has no `subTechniques`; sending the ids in `techniques` would fail.
    DroppedSubTechniques { ids: Vec<String>, api_version: String },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::DroppedSubTechniques { ids, api_version } => write!(
                f,
                "sub-techniques {} not deployed: api-version {api_version} has no `subTechniques`",
                ids.join(", ")
            ),
        }
    }
}

/// A mapped resource and what was left out on the way.
#[derive(Clone, Debug, PartialEq)]
pub struct Mapped<T> {
    pub resource: T,
    pub warnings: Vec<Warning>,
}

/// The ARM resource a rule file becomes.
#[derive(Clone, Debug, PartialEq)]
pub enum ArmResource {
    AlertRule(AlertRule),
    SavedSearch(SavedSearch),
}

/// Maps a rule file of `kind` to its ARM resource.
pub fn to_arm(
    root: &Node,
    kind: RuleKind,
    options: &Options,
) -> Result<Mapped<ArmResource>, MapError> {
    if kind.is_analytic() {
        let mapped = alert_rule(root, kind, options)?;
        Ok(Mapped { resource: ArmResource::AlertRule(mapped.resource), warnings: mapped.warnings })
    } else {
        Ok(Mapped {
            resource: ArmResource::SavedSearch(hunting_query(root)?),
            warnings: Vec::new(),
        })
    }
}

/// Fields mapped one to one, or handled below.
const ANALYTIC_MAPPED: &[&str] = &[
    "name",
    "description",
    "severity",
    "enabled",
    "query",
    "queryFrequency",
    "queryPeriod",
    "triggerOperator",
    "triggerThreshold",
    "suppressionEnabled",
    "suppressionDuration",
    "tactics",
    "relevantTechniques",
    "entityMappings",
    "customDetails",
    "alertDetailsOverride",
    "eventGroupingSettings",
    "incidentConfiguration",
    "sentinelEntitiesMappings",
];
/// Fields of the repository format that have no place in the API body.
const ANALYTIC_FILE_ONLY: &[&str] =
    &["id", "kind", "version", "requiredDataConnectors", "status", "tags", "metadata"];
/// Schedule and trigger fields; NRT rules have none (the API refuses them).
const SCHEDULE_FIELDS: &[&str] =
    &["queryFrequency", "queryPeriod", "triggerOperator", "triggerThreshold"];

/// Maps a Scheduled or NRT rule file to an alert rule.
pub fn alert_rule(
    root: &Node,
    kind: RuleKind,
    options: &Options,
) -> Result<Mapped<AlertRule>, MapError> {
    let id = rule_id(root)?;
    reject_unknown(root, &[ANALYTIC_MAPPED, ANALYTIC_FILE_ONLY])?;
    let mut props = Map::new();
    props.insert("displayName".into(), required_text(root, "name")?.into());
    props.insert("severity".into(), required_text(root, "severity")?.into());
    props.insert("query".into(), required_text(root, "query")?.into());
    if let Some(description) = optional_text(root, "description")? {
        props.insert("description".into(), description.into());
    }
    props.insert("enabled".into(), flag(root, "enabled")?.unwrap_or(true).into());
    if kind == RuleKind::Scheduled {
        insert_schedule(root, &mut props)?;
    }
    insert_suppression(root, &mut props)?;
    let warnings = insert_attack(root, &mut props, options)?;
    insert_objects(root, &mut props)?;
    let props = match unify_json_line_endings(Json::Object(props)) {
        Json::Object(map) => map,
        _ => Map::new(),
    };
    let kind_name = if kind == RuleKind::Nrt { "NRT" } else { "Scheduled" };
    Ok(Mapped { resource: AlertRule::new(id, kind_name, props), warnings })
}

fn insert_schedule(root: &Node, props: &mut Map<String, Json>) -> Result<(), MapError> {
    for field in ["queryFrequency", "queryPeriod"] {
        let value = duration(root.get(field), field)?.ok_or(MapError::MissingField(field))?;
        props.insert(field.into(), value.into());
    }
    props.insert("triggerOperator".into(), trigger_operator(root)?.into());
    props.insert("triggerThreshold".into(), trigger_threshold(root)?.into());
    Ok(())
}

fn insert_suppression(root: &Node, props: &mut Map<String, Json>) -> Result<(), MapError> {
    let enabled = flag(root, "suppressionEnabled")?.unwrap_or(false);
    let period = duration(root.get("suppressionDuration"), "suppressionDuration")?;
    props.insert("suppressionEnabled".into(), enabled.into());
    props.insert(
        "suppressionDuration".into(),
        period.unwrap_or_else(|| DEFAULT_SUPPRESSION_DURATION.to_owned()).into(),
    );
    Ok(())
}

/// `tactics`, and `relevantTechniques` split for the API; returns the warnings for
/// sub-techniques the api-version cannot take.
fn insert_attack(
    root: &Node,
    props: &mut Map<String, Json>,
    options: &Options,
) -> Result<Vec<Warning>, MapError> {
    let tactics = string_list(root, "tactics")?;
    insert_list(props, "tactics", tactics);
    let ids = string_list(root, "relevantTechniques")?;
    let split = techniques::split(ids.iter().map(String::as_str));
    insert_list(props, "techniques", split.techniques);
    if split.sub_techniques.is_empty() {
        return Ok(Vec::new());
    }
    if supports_sub_techniques(&options.api_version) {
        insert_list(props, "subTechniques", split.sub_techniques);
        return Ok(Vec::new());
    }
    Ok(vec![Warning::DroppedSubTechniques {
        ids: split.sub_techniques,
        api_version: options.api_version.clone(),
    }])
}

fn insert_list(props: &mut Map<String, Json>, key: &str, items: Vec<String>) {
    if !items.is_empty() {
        props.insert(key.into(), Json::Array(items.into_iter().map(Json::String).collect()));
    }
}

/// The nested objects, copied as written minus empties; the one duration inside becomes ISO.
fn insert_objects(root: &Node, props: &mut Map<String, Json>) -> Result<(), MapError> {
    for field in [
        "entityMappings",
        "customDetails",
        "alertDetailsOverride",
        "eventGroupingSettings",
        "incidentConfiguration",
        "sentinelEntitiesMappings",
    ] {
        let Some(mut value) = root.get(field).and_then(|node| compact(node.to_json())) else {
            continue;
        };
        if field == "incidentConfiguration" {
            convert_lookback(root, &mut value)?;
        }
        props.insert(field.into(), value);
    }
    Ok(())
}

fn convert_lookback(root: &Node, value: &mut Json) -> Result<(), MapError> {
    const POINTER: &str = "/incidentConfiguration/groupingConfiguration/lookbackDuration";
    let iso = duration(
        root.at_pointer(POINTER),
        "incidentConfiguration.groupingConfiguration.lookbackDuration",
    )?;
    if let (Some(iso), Some(slot)) =
        (iso, value.pointer_mut("/groupingConfiguration/lookbackDuration"))
    {
        *slot = iso.into();
    }
    Ok(())
}

/// Fields a hunting query file may carry that a saved search cannot hold.
const HUNTING_FILE_ONLY: &[&str] = &[
    "id",
    "kind",
    "version",
    "requiredDataConnectors",
    "tags",
    "metadata",
    "severity",
    "entityMappings",
    "customDetails",
];
const HUNTING_MAPPED: &[&str] = &["name", "description", "query", "tactics", "relevantTechniques"];

/// Maps a hunting query file to a saved search in the "Hunting Queries" category, with
/// description, tactics and techniques as tags.
pub fn hunting_query(root: &Node) -> Result<SavedSearch, MapError> {
    let id = rule_id(root)?;
    reject_unknown(root, &[HUNTING_MAPPED, HUNTING_FILE_ONLY])?;
    let techniques = string_list(root, "relevantTechniques")?;
    let split = techniques::split(techniques.iter().map(String::as_str));
    let techniques = techniques::merge(&split.techniques, &split.sub_techniques);
    Ok(SavedSearch::hunting_query(
        &id,
        &required_text(root, "name")?,
        &required_text(root, "query")?,
        &optional_text(root, "description")?.unwrap_or_default(),
        &string_list(root, "tactics")?,
        &techniques,
    ))
}

fn reject_unknown(root: &Node, known: &[&[&str]]) -> Result<(), MapError> {
    let entries = root.as_map().ok_or(MapError::NotAMapping)?;
    match entries.iter().find(|e| !known.iter().any(|list| list.contains(&e.key.as_str()))) {
        Some(entry) => Err(MapError::UnknownField(entry.key.clone())),
        None => Ok(()),
    }
}

/// Whether `field` is a schedule or trigger field (absent from NRT bodies).
pub fn is_schedule_field(field: &str) -> bool {
    SCHEDULE_FIELDS.contains(&field)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse;
    use serde_json::json;

    const RULE: &str = "id: bcc0724a-5ab4-49ea-9b1d-c53f059765d7\nname: R\nseverity: Low\n\
        query: T\nqueryFrequency: 70m\nqueryPeriod: 1d\ntriggerOperator: GreaterThan\n\
        triggerThreshold: 0\n";

    fn map(text: &str, kind: RuleKind) -> Result<Mapped<ArmResource>, MapError> {
        to_arm(&parse(text).root.expect("a document"), kind, &Options::default())
    }

    fn props(text: &str) -> Map<String, Json> {
        match map(text, RuleKind::Scheduled).expect("mapped").resource {
            ArmResource::AlertRule(rule) => rule.properties,
            ArmResource::SavedSearch(search) => panic!("not an alert rule: {search:?}"),
        }
    }

    #[test]
    fn sentinel_defaults_fill_what_the_file_leaves_out() {
        let props = props(RULE);
        assert_eq!(props["enabled"], true);
        assert_eq!(props["suppressionEnabled"], false);
        assert_eq!(props["suppressionDuration"], "PT5H");
        assert_eq!(props["queryFrequency"], "PT1H10M");
        assert_eq!(props["displayName"], "R");
    }

    #[test]
    fn written_values_win_over_defaults() {
        let text = format!(
            "{RULE}enabled: false\nsuppressionEnabled: true\nsuppressionDuration: 1d\n\
            incidentConfiguration:\n  createIncident: true\n  groupingConfiguration:\n    \
            enabled: true\n    lookbackDuration: 2h\n    groupByEntities: []\n"
        );
        let props = props(&text);
        assert_eq!(props["enabled"], false);
        assert_eq!(props["suppressionDuration"], "P1D");
        assert_eq!(
            props["incidentConfiguration"],
            json!({"createIncident": true, "groupingConfiguration": {"enabled": true, "lookbackDuration": "PT2H"}})
        );
    }

    #[test]
    fn unknown_and_missing_fields_are_errors() {
        let unknown = format!("{RULE}requiredTechniques: [T1]\n");
        assert_eq!(
            map(&unknown, RuleKind::Scheduled),
            Err(MapError::UnknownField("requiredTechniques".into()))
        );
        let missing = RULE.replace("queryPeriod: 1d\n", "");
        assert_eq!(map(&missing, RuleKind::Scheduled), Err(MapError::MissingField("queryPeriod")));
    }

    #[test]
    fn hunting_queries_become_saved_searches() {
        let text = "id: 9b2b1f5e-6a0c-4c55-9a0e-0d9f0e1c2a3b\nname: Q\ndescription: d\n\
            tactics: [Execution, Discovery]\nrelevantTechniques: [T1059.001]\nquery: |\n  T\r\n";
        let Ok(Mapped { resource: ArmResource::SavedSearch(search), .. }) =
            map(text, RuleKind::Hunting)
        else {
            panic!("not a saved search");
        };
        assert_eq!(search.name, "9b2b1f5e-6a0c-4c55-9a0e-0d9f0e1c2a3b");
        assert_eq!(search.category, "Hunting Queries");
        assert_eq!(search.tag("description"), Some("d"));
        assert_eq!(search.tag("tactics"), Some("Execution,Discovery"));
        assert_eq!(search.tag("techniques"), Some("T1059,T1059.001"));
        assert_eq!(search.query, "T\n");
        let round = crate::sync::saved_search_to_file(&search, None);
        let again = hunting_query(&round).expect("mapped again");
        assert_eq!(crate::sync::compare_saved_searches(&search, &again), []);
    }

    #[test]
    fn sub_techniques_need_a_preview_version() {
        assert!(supports_sub_techniques("2025-07-01-preview"));
        assert!(!supports_sub_techniques("2025-09-01"));
    }
}
