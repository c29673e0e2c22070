//! Snapshots of every report in every format, over one plan, deploy and drift that hold
//! each kind of entry.

use serde_json::json;

use super::*;
use crate::azure::metadata::Metadata;
use crate::sync::Difference;
use crate::sync::apply::{Applied, Outcome};
use crate::sync::drift::{DriftEntry, Status};
use crate::sync::inventory::FileProblem;
use crate::sync::plan::{Action, Entry};

fn target(environment: Option<&str>) -> Target {
    Target {
        workspace: Workspace {
            subscription: "d0cfe6b2-9ac0-4464-9919-dccaee2e48c0".into(),
            resource_group: "rg-sentinel-dev".into(),
            name: "law-sentinel-dev".into(),
        },
        environment: environment.map(str::to_owned),
    }
}

fn unknown_key() -> FileProblem {
    FileProblem {
        file: "./rules/e.yaml".into(),
        source_path: "rules/e.yaml".into(),
        line: 16,
        column: 1,
        field: Some("requiredTechniques".into()),
        message: "`requiredTechniques` is not a rule property the deployer knows how to send"
            .into(),
        rule_id: Some("e".into()),
        display_name: Some("Rule e".into()),
        kind: "Scheduled".into(),
    }
}

fn entry(id: &str, action: Action, fields: Vec<Difference>) -> Entry {
    Entry {
        rule_id: id.into(),
        file: Some(format!("rules/{id}.yaml").into()),
        kind: "Scheduled".into(),
        display_name: format!("Rule {id} | pipes"),
        action,
        fields,
        resource: None,
        marker: None,
        delete: None,
        owner: None,
    }
}

/// A rule whose marker names another repository: left alone, or taken over with `--adopt`.
fn claimed(id: &str, action: Action, adopt: bool) -> Entry {
    let source = json!({"source": {"kind": "SourceRepository", "name": "contoso/detections",
                                   "sourceId": format!("rules/{id}.yaml")}});
    let marker = Metadata {
        name: id.into(),
        etag: None,
        properties: source.as_object().cloned().unwrap_or_default(),
    };
    Entry {
        owner: Some("contoso/soc-team".into()),
        marker: adopt.then_some(marker),
        ..entry(id, action, vec![])
    }
}

fn field(
    path: &str,
    live: Option<serde_json::Value>,
    local: Option<serde_json::Value>,
) -> Difference {
    Difference { path: path.into(), live, local }
}

fn sample_plan() -> Plan {
    let query_live =
        "SigninLogs\n| where ResultType != 0\n| summarize count() by UserPrincipalName";
    let query_local =
        "SigninLogs\n| where ResultType !in (0, 50125)\n| summarize count() by UserPrincipalName";
    Plan {
        entries: vec![
            entry("a", Action::Create, vec![field("severity", None, Some(json!("High")))]),
            entry(
                "b",
                Action::Update,
                vec![
                    field("query", Some(json!(query_live)), Some(json!(query_local))),
                    field(
                        "tactics",
                        Some(json!(["Discovery"])),
                        Some(json!(["Discovery", "Execution"])),
                    ),
                ],
            ),
            entry("c", Action::Delete, vec![field("enabled", Some(json!(true)), None)]),
            entry("d", Action::Unchanged, vec![]),
            claimed("f", Action::OwnedElsewhere, false),
            claimed("g", Action::Unchanged, true),
        ],
        prunable: vec![],
        warnings: vec!["this plan leaves 51 NRT rules in workspace law".into()],
        left_out: vec![unknown_key()],
    }
}

fn sample_deploy() -> DeploySummary {
    let applied = |id: &str, outcome: Outcome, error: Option<&str>| Applied {
        rule_id: id.into(),
        file: Some(format!("rules/{id}.yaml").into()),
        kind: "NRT".into(),
        display_name: format!("Rule {id}"),
        outcome,
        error: error.map(str::to_owned),
        owner: None,
    };
    DeploySummary {
        results: vec![
            applied("a", Outcome::Created, None),
            applied("b", Outcome::Updated, None),
            applied("c", Outcome::Failed, Some("BadRequest: properties.severity is invalid")),
            applied("d", Outcome::Skipped, None),
            Applied {
                kind: "Scheduled".into(),
                error: Some(format!("{}; not deployed", unknown_key())),
                ..applied("e", Outcome::Failed, None)
            },
            Applied {
                owner: Some("contoso/soc-team".into()),
                ..applied("f", Outcome::Skipped, None)
            },
            Applied {
                owner: Some("contoso/soc-team".into()),
                ..applied("g", Outcome::Marked, None)
            },
        ],
        throttled: 3,
        retries: 4,
        warnings: vec![],
    }
}

fn sample_drift() -> DriftReport {
    let drift = |id: &str, status: Status, fields: Vec<Difference>| DriftEntry {
        rule_id: id.into(),
        file: (status != Status::Unmanaged).then(|| format!("rules/{id}.yaml").into()),
        kind: "Scheduled".into(),
        display_name: format!("Rule {id}"),
        status,
        fields,
        owner: (status == Status::OwnedElsewhere).then(|| "contoso/soc-team".into()),
    };
    DriftReport {
        entries: vec![
            drift(
                "a",
                Status::Drifted,
                vec![field("severity", Some(json!("Low")), Some(json!("High")))],
            ),
            drift("b", Status::Missing, vec![]),
            drift(
                "c",
                Status::Disabled,
                vec![field("enabled", Some(json!(false)), Some(json!(true)))],
            ),
            drift("d", Status::Unmanaged, vec![]),
            drift("e", Status::Orphaned, vec![]),
            drift("f", Status::OwnedElsewhere, vec![]),
        ],
        in_sync: 7,
    }
}

fn render(write: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> String {
    let mut out = Vec::new();
    write(&mut out).expect("rendered");
    String::from_utf8(out).expect("utf-8")
}

#[test]
fn plan_reports() {
    let plan = sample_plan();
    let dev = target(Some("dev"));
    insta::assert_snapshot!(
        "plan_human",
        render(|o| super::plan(Format::Human { color: false }, &dev, &plan, o))
    );
    insta::assert_snapshot!(
        "plan_markdown",
        render(|o| super::plan(Format::Markdown, &dev, &plan, o))
    );
    insta::assert_snapshot!("plan_json", render(|o| super::plan(Format::Json, &dev, &plan, o)));
}

#[test]
fn deploy_reports() {
    let summary = sample_deploy();
    let dev = target(Some("dev"));
    insta::assert_snapshot!(
        "deploy_human",
        render(|o| super::deploy(Format::Human { color: false }, &dev, &summary, o))
    );
    insta::assert_snapshot!(
        "deploy_markdown",
        render(|o| super::deploy(Format::Markdown, &dev, &summary, o))
    );
    insta::assert_snapshot!(
        "deploy_json",
        render(|o| super::deploy(Format::Json, &dev, &summary, o))
    );
}

#[test]
fn drift_reports() {
    // Without --env: the workspace alone, and `"environment": null` in JSON.
    let report = sample_drift();
    let plain = target(None);
    insta::assert_snapshot!(
        "drift_human",
        render(|o| super::drift(Format::Human { color: false }, &plain, &report, o))
    );
    insta::assert_snapshot!(
        "drift_markdown",
        render(|o| super::drift(Format::Markdown, &plain, &report, o))
    );
    insta::assert_snapshot!(
        "drift_json",
        render(|o| super::drift(Format::Json, &plain, &report, o))
    );
}

#[test]
fn colour_only_when_asked() {
    let plan = sample_plan();
    let dev = target(Some("dev"));
    let plain = render(|o| super::plan(Format::Human { color: false }, &dev, &plan, o));
    let coloured = render(|o| super::plan(Format::Human { color: true }, &dev, &plan, o));
    assert!(!plain.contains('\x1b'));
    assert!(coloured.contains("\x1b[32m+ create"), "{coloured}");
}
