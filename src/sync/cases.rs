//! The shared cases this module answers for, read from their copies under
//! `tests/fixtures/cases/` and embedded at compile time.

use serde_json::{Value as Json, json};

use super::*;
use crate::azure::alert_rules::AlertRule;
use crate::model::RuleKind;
use crate::yaml::parse;

macro_rules! case {
    ($path:literal) => {
        include_str!(concat!("../../tests/fixtures/cases/", $path))
    };
}

fn root(text: &str) -> Node {
    parse(text.trim_start_matches('\u{feff}')).root.expect("a document")
}

fn body(text: &str, kind: RuleKind) -> Mapped<AlertRule> {
    alert_rule(&root(text), kind, &Options::default()).expect("mapped")
}

fn live(text: &str) -> AlertRule {
    AlertRule::from_json(&serde_json::from_str::<Json>(text).expect("json")).expect("a rule")
}

/// See: Microsoft365DSC issue #7088.
#[test]
fn case_005_empty_lists_and_maps_are_not_sent() {
    let rule = body(case!("005-entity-mappings-empty/rule.yaml"), RuleKind::Scheduled).resource;
    for field in ["entityMappings", "customDetails"] {
        assert!(!rule.properties.contains_key(field), "{field} sent: {:?}", rule.properties);
    }
    let mut live = rule.clone();
    live.properties.insert("entityMappings".into(), json!(null));
    assert_eq!(compare_alert_rules(&live, &rule), []);
}

/// See: Azure/Azure-Sentinel issue #8960.
#[test]
fn case_013_sub_techniques_are_split() {
    let text = case!("013-subtechnique-split/rule.yaml");
    let mapped = body(text, RuleKind::Scheduled);
    assert_eq!(mapped.resource.properties["techniques"], json!(["T1071", "T1573"]));
    assert_eq!(mapped.resource.properties["subTechniques"], json!(["T1071.001"]));
    assert_eq!(mapped.warnings, []);

    let stable = Options::for_api_version("2025-09-01");
    let pinned = alert_rule(&root(text), RuleKind::Scheduled, &stable).expect("mapped");
    assert_eq!(pinned.resource.properties["techniques"], json!(["T1071", "T1573"]));
    assert!(!pinned.resource.properties.contains_key("subTechniques"));
    assert_eq!(
        pinned.warnings,
        [Warning::DroppedSubTechniques {
            ids: vec!["T1071.001".into()],
            api_version: "2025-09-01".into()
        }]
    );
    assert!(pinned.warnings[0].to_string().contains("T1071.001"));

    let mut server = mapped.resource.clone();
    server.properties.insert("techniques".into(), json!(["T1573", "T1071"]));
    assert_eq!(compare_alert_rules(&server, &mapped.resource), []);
}

/// See: Azure/Azure-Sentinel issue #4061.
#[test]
fn case_017_null_techniques_are_omitted() {
    let rule = body(case!("017-techniques-null/rule.yaml"), RuleKind::Scheduled).resource;
    assert!(!rule.properties.contains_key("techniques"));
    assert!(!rule.properties.contains_key("subTechniques"));
    assert_eq!(rule.properties["tactics"], json!(["InitialAccess"]));
}

/// See: Azure/Azure-Sentinel issue #4929.
#[test]
fn case_018_nrt_bodies_have_no_schedule() {
    const FOUR: [&str; 4] =
        ["queryFrequency", "queryPeriod", "triggerOperator", "triggerThreshold"];
    for text in [
        case!("018-nrt-no-schedule-fields/rule.yaml"),
        case!("018-nrt-no-schedule-fields/rule-extra-fields.yaml"),
    ] {
        let rule = body(text, RuleKind::Nrt).resource;
        assert_eq!(rule.kind, "NRT");
        for field in FOUR {
            assert!(!rule.properties.contains_key(field), "{field}");
        }
        let mut live = rule.clone();
        live.properties.insert("queryFrequency".into(), json!("PT5M"));
        live.properties.insert("triggerThreshold".into(), json!(3));
        assert_eq!(compare_alert_rules(&live, &rule), []);
    }
}

/// See: wortell/AZSentinel issue #58.
#[test]
fn case_023_day_durations_use_the_date_designator() {
    let rule = body(case!("023-duration-day-designator/rule.yaml"), RuleKind::Scheduled).resource;
    let expected: Json =
        serde_json::from_str(case!("023-duration-day-designator/expected-properties.json"))
            .expect("json");
    for (key, value) in expected.as_object().expect("object") {
        assert_eq!(&rule.properties[key], value, "{key}");
    }
    let mut live = rule.clone();
    live.properties.insert("queryFrequency".into(), json!("PT24H"));
    assert_eq!(compare_alert_rules(&live, &rule), []);
}

/// See: Azure/Azure-Sentinel issue #6621.
#[test]
fn case_027_no_body_without_a_guid_id() {
    let no_id = root(case!("027-missing-or-bad-id/rule-no-id.yaml"));
    assert_eq!(to_arm(&no_id, RuleKind::Nrt, &Options::default()), Err(MapError::MissingId));
    let bad = root(case!("027-missing-or-bad-id/rule-bad-id.yaml"));
    assert_eq!(
        to_arm(&bad, RuleKind::Nrt, &Options::default()),
        Err(MapError::InvalidId("aws-console-no-mfa-01".into()))
    );
}

/// See: aquasecurity/kube-bench PR #553.
#[test]
fn case_033_crlf_file_equals_the_live_rule() {
    let rule = body(case!("033-yaml-crlf-bom/rule-crlf.yaml"), RuleKind::Scheduled).resource;
    for field in ["query", "description"] {
        assert!(!rule.properties[field].as_str().expect("text").contains('\r'), "{field}");
    }
    let live = live(case!("033-yaml-crlf-bom/live-crlf.json"));
    assert_eq!(compare_alert_rules(&live, &rule), []);
    let bom = body(case!("033-yaml-crlf-bom/rule-bom.yaml"), RuleKind::Scheduled).resource;
    // The BOM is not glued to the first key: `id` is found and is a GUID.
    assert_eq!(bom.name, "55e9d953-66ea-434f-a048-b28a72e4891d");
}

/// See: f-bader/SentinelARConverter issue #16.
#[test]
fn case_034_alert_dynamic_properties_are_kept_and_compared() {
    let rule = body(case!("034-alert-dynamic-properties/rule.yaml"), RuleKind::Scheduled).resource;
    let dynamic = json!([
        {"alertProperty": "AlertLink", "value": "ConsoleUrl_s"},
        {"alertProperty": "ProductName", "value": "Vendor"},
        {"alertProperty": "RemediationSteps", "value": "Remediation_s"},
    ]);
    assert_eq!(rule.properties["alertDetailsOverride"]["alertDynamicProperties"], dynamic);
    assert_eq!(
        rule.properties["eventGroupingSettings"],
        json!({"aggregationKind": "AlertPerResult"})
    );

    let mut live = rule.clone();
    let override_ = live
        .properties
        .get_mut("alertDetailsOverride")
        .and_then(Json::as_object_mut)
        .expect("object");
    override_.remove("alertDynamicProperties");
    let found = compare_alert_rules(&live, &rule);
    assert_eq!(
        found,
        [Difference {
            path: "alertDetailsOverride.alertDynamicProperties".into(),
            live: None,
            local: Some(dynamic),
        }]
    );
}

/// See: noodlemctwoodle/Sentinel-As-Code issue #51.
#[test]
fn case_035_export_and_round_trip() {
    let live = live(case!("035-export-relevanttechniques/live.json"));
    let file = alert_rule_to_file(&live, None).expect("exported");
    let keys: Vec<&str> = file.as_map().expect("map").iter().map(|e| e.key.as_str()).collect();
    for absent in ["techniques", "subTechniques", "etag", "lastModifiedUtc", "type", "displayName"]
    {
        assert!(!keys.contains(&absent), "{absent} exported: {keys:?}");
    }
    let text = |key: &str| file.get(key).and_then(Node::as_str).map(str::to_owned);
    assert_eq!(text("id").as_deref(), Some("bcc0724a-5ab4-49ea-9b1d-c53f059765d7"));
    assert_eq!(text("name").as_deref(), Some("Cloud account granted owner role by new actor"));
    assert_eq!(text("queryFrequency").as_deref(), Some("1h"));
    assert_eq!(text("queryPeriod").as_deref(), Some("1d"));
    assert_eq!(text("triggerOperator").as_deref(), Some("gt"));
    assert_eq!(
        file.get("relevantTechniques").map(Node::to_json),
        Some(json!(["T1098", "T1098.003"]))
    );
    let incident =
        file.get("incidentConfiguration").map(Node::to_json).expect("incidentConfiguration");
    assert_eq!(incident["groupingConfiguration"]["matchingMethod"], "AllEntities");
    assert_eq!(
        file.get("eventGroupingSettings").map(Node::to_json),
        Some(json!({"aggregationKind": "SingleAlert"}))
    );

    let mapped = alert_rule(&file, RuleKind::Scheduled, &Options::default()).expect("mapped again");
    assert_eq!(compare_alert_rules(&live, &mapped.resource), []);
}

/// See: wortell/AZSentinel issue #134.
#[test]
fn case_042_operator_spelling_and_quoted_threshold() {
    let symbol = root(case!("042-trigger-operator-threshold/rule.yaml"));
    let err = alert_rule(&symbol, RuleKind::Scheduled, &Options::default());
    assert!(
        matches!(err, Err(MapError::InvalidValue { ref field, .. }) if field == "triggerOperator")
    );
    let fixed = case!("042-trigger-operator-threshold/rule.yaml").replace("\">\"", "gt");
    assert_eq!(body(&fixed, RuleKind::Scheduled).resource.properties["triggerThreshold"], json!(5));

    let range = case!("042-trigger-operator-threshold/rule-range.yaml");
    let err = alert_rule(&root(range), RuleKind::Scheduled, &Options::default());
    assert!(
        matches!(err, Err(MapError::InvalidValue { ref field, .. }) if field == "triggerThreshold")
    );
    let rule = body(&range.replace("10001", "100"), RuleKind::Scheduled).resource;
    assert_eq!(rule.properties["triggerOperator"], "Equal");
    assert!(!rule.properties.contains_key("entityMappings"));
}
