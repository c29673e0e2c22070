//! End to end: two repositories deploy to one workspace. A rule whose ownership marker names
//! the other repository is that repository's: plan lists it as owned elsewhere, deploy leaves
//! the rule and its marker alone and says so, prune never deletes it, drift reports it, and
//! only `--adopt` takes it over, shown as a marker change first.

mod sync_support;

use sentinelctl::azure::metadata::Metadata;
use sentinelctl::emulator::Faults;
use serde_json::Value;
use sync_support::*;

/// A workspace where `repo-a` deployed a Scheduled and an NRT rule, and `repo-b` exported
/// them into its own folder: both repositories now hold files for the same two rules.
fn shared() -> World {
    let world = World::new(Faults::default());
    world.write("repo-a/rules/failed-signins.yaml", &scheduled(1, "Medium"));
    world.write("repo-a/rules/role-assignment.yaml", &nrt(2));
    let deploy = world.run_in("repo-a", &["deploy", "--format", "json"]);
    assert_eq!(deploy.code, 0, "{}", deploy.stderr);
    assert_eq!(deploy.json()["summary"]["created"], 2);
    std::fs::create_dir_all(world.path("repo-b")).expect("mkdir");
    let export = world.run_in("repo-b", &["export", "--out", "rules"]);
    assert_eq!(export.code, 0, "{}", export.stderr);
    world
}

/// `(source.name, source.sourceId)` of every marker, by marker name.
fn markers(world: &World) -> Vec<(String, String, String)> {
    let mut all: Vec<(String, String, String)> = world
        .block_on(world.client().list_metadata())
        .expect("markers")
        .iter()
        .map(|m: &Metadata| {
            let source = &m.properties["source"];
            let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
            (m.name.clone(), text(&source["name"]), text(&source["sourceId"]))
        })
        .collect();
    all.sort();
    all
}

fn deployed_by_a() -> Vec<(String, String, String)> {
    vec![
        (id(1), "repo-a".into(), "rules/failed-signins.yaml".into()),
        (id(2), "repo-a".into(), "rules/role-assignment.yaml".into()),
    ]
}

/// The change of `rule` in a JSON plan.
fn change<'a>(plan: &'a Value, rule: &str) -> &'a Value {
    let changes = plan["changes"].as_array().expect("changes");
    changes.iter().find(|c| c["rule_id"] == rule).expect("planned")
}

/// `plan --format json <args>` in `repo-b`, which must exit 0, and its two shared rules.
fn plan_of_b(world: &World, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["plan", "--format", "json"];
    all.extend_from_slice(args);
    let plan = world.run_in("repo-b", &all);
    assert_eq!(plan.code, 0, "{}", plan.stderr);
    let report = plan.json();
    [id(1), id(2)].iter().map(|rule| change(&report, rule).clone()).collect()
}

#[test]
fn a_rule_another_repository_owns_is_planned_as_owned_elsewhere_in_every_format() {
    let world = shared();
    // Exit 0 under --detailed-exitcode: leaving rules alone is no change.
    for entry in plan_of_b(&world, &["--detailed-exitcode"]) {
        assert_eq!(entry["action"], "owned-elsewhere", "{entry:#}");
        assert_eq!(entry["owner"], "repo-a");
        assert_eq!(entry["takeover"], Value::Null);
    }

    let human = world.run_in("repo-b", &["plan"]);
    assert!(!human.stdout.contains("ownership marker."), "no silent takeover: {}", human.stdout);
    insta::assert_snapshot!("owned_elsewhere_plan_human", human.stdout);
    let markdown = world.run_in("repo-b", &["plan", "--format", "markdown"]);
    let line = format!(
        "- Failed sign-ins 1 `{}` (`rules/analytics/failed-sign-ins-1.yaml`): owned by `repo-a`",
        id(1)
    );
    assert!(markdown.stdout.contains(&line), "{}", markdown.stdout);
    assert!(markdown.stdout.contains("owned by another repository"), "{}", markdown.stdout);
}

#[test]
fn deploy_from_another_repository_leaves_the_rule_and_its_marker_alone_and_says_so() {
    let world = shared();
    // Repository B edits the rule; A still owns it, so the edit must not land.
    world.write("repo-b/rules/analytics/failed-sign-ins-1.yaml", &scheduled(1, "High"));
    let writes = world.stats().writes;
    let run = world.run_in("repo-b", &["deploy", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    assert_eq!(report["summary"]["owned_elsewhere"], 2, "{report:#}");
    assert_eq!(report["summary"]["updated"], 0);
    for result in report["results"].as_array().expect("results") {
        assert_eq!((&result["outcome"], &result["owner"]), (&"skipped".into(), &"repo-a".into()));
    }
    assert_eq!(world.stats().writes, writes, "neither rule nor marker is written");
    assert_eq!(markers(&world), deployed_by_a());
    let live = world.block_on(world.client().get_alert_rule(&id(1))).expect("get").expect("rule");
    assert_eq!(live.properties["severity"], "Medium", "A's version of the rule stays");

    let human = world.run_in("repo-b", &["deploy"]);
    let line = format!(
        "skipped Scheduled \"Failed sign-ins 1\" [{}] (rules/analytics/failed-sign-ins-1.yaml): \
         owned by repo-a, left alone",
        id(1)
    );
    assert!(human.stdout.contains(&line), "{}", human.stdout);
    assert!(
        human.stdout.contains("0 skipped (unchanged), 2 skipped (owned by another repository)"),
        "{}",
        human.stdout
    );
}

#[test]
fn prune_from_another_repository_never_deletes_the_owners_rules() {
    let world = shared();
    std::fs::remove_dir_all(world.path("repo-b/rules/analytics")).expect("remove");
    world.write("repo-b/rules/hunting/rare-agents.yaml", &hunting(3));
    let plan = world.run_in("repo-b", &["plan", "--prune", "--format", "json"]);
    assert_eq!(plan.code, 0, "{}", plan.stderr);
    let actions: Vec<(String, String, Vec<String>)> = changes(&plan.json());
    assert!(actions.iter().all(|c| c.1 != "delete"), "{actions:?}");

    let run = world.run_in("repo-b", &["deploy", "--prune", "--yes", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["summary"]["deleted"], 0);
    let client = world.client();
    for rule in [id(1), id(2)] {
        assert!(world.block_on(client.get_alert_rule(&rule)).expect("get").is_some(), "kept");
    }
    let mut expected = deployed_by_a();
    expected.push((
        format!("huntingquery-{}", id(3)),
        "repo-b".into(),
        "rules/hunting/rare-agents.yaml".into(),
    ));
    expected.sort();
    assert_eq!(markers(&world), expected, "A's markers untouched");

    // Without a file here the rules are simply not this repository's.
    let drift = world.run_in("repo-b", &["drift", "--format", "json"]).json();
    let statuses: Vec<(&str, &str)> = drift["drift"]
        .as_array()
        .expect("drift")
        .iter()
        .map(|e| {
            (e["rule_id"].as_str().unwrap_or_default(), e["status"].as_str().unwrap_or_default())
        })
        .collect();
    assert_eq!(statuses, [(id(1).as_str(), "unmanaged"), (id(2).as_str(), "unmanaged")]);
}

#[test]
fn drift_reports_a_file_whose_rule_another_repository_owns() {
    let world = shared();
    let run = world.run_in("repo-b", &["drift", "--format", "json", "--fail-on-drift"]);
    assert_eq!(run.code, 1, "two repositories claiming a rule is drift: {}", run.stderr);
    let report = run.json();
    let entries = report["drift"].as_array().expect("drift");
    assert_eq!(entries.len(), 2, "{report:#}");
    for entry in entries {
        assert_eq!(
            (&entry["status"], &entry["owner"]),
            (&"owned-elsewhere".into(), &"repo-a".into())
        );
    }
    let human = world.run_in("repo-b", &["drift"]);
    assert!(
        human.stdout.contains("0 disabled, 2 owned by another repository, 0 in sync."),
        "{}",
        human.stdout
    );
    let own = world.run_in("repo-a", &["drift", "--format", "json", "--fail-on-drift"]);
    assert_eq!(own.code, 0, "the owner sees no drift: {}", own.stdout);
}

#[test]
fn adopt_shows_the_takeover_then_takes_the_rules_over() {
    let world = shared();
    for entry in plan_of_b(&world, &["--adopt"]) {
        assert_eq!(entry["action"], "unchanged", "{entry:#}");
        assert_eq!(entry["takeover"], serde_json::json!({"from": "repo-a", "to": "repo-b"}));
    }
    let human = world.run_in("repo-b", &["plan", "--adopt"]);
    insta::assert_snapshot!("adopt_plan_human", human.stdout);

    let run = world.run_in("repo-b", &["deploy", "--adopt", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let summary = &run.json()["summary"];
    assert_eq!((summary["taken_over"].as_u64(), summary["marked"].as_u64()), (Some(2), Some(2)));
    let owners: Vec<String> = markers(&world).into_iter().map(|m| m.1).collect();
    assert_eq!(owners, ["repo-b", "repo-b"]);

    // Now A is the other repository: its plan leaves the rules alone, its prune keeps them.
    let from_a = world.run_in("repo-a", &["plan", "--format", "json"]).json();
    assert_eq!(change(&from_a, &id(1))["owner"], "repo-b");
    assert_eq!(world.run_in("repo-b", &["plan", "--detailed-exitcode"]).code, 0);
}
