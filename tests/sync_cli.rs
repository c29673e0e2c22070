//! End to end: the real binary plans, deploys and reports drift against the emulator, with a
//! workspace seeded from Microsoft's official example (a rule made in the portal) and rule
//! files in a temporary repository.

mod sync_support;

use sentinelctl::azure::alert_rules::AlertRule;
use sentinelctl::emulator::Faults;
use serde_json::json;
use sync_support::*;

const PORTAL_RULE: &str = "73e01a99-5cd7-4139-a149-9f2736ff2ab5";

/// A workspace holding one portal rule, and a repository of a Scheduled rule, an NRT rule
/// and a hunting query.
fn seeded() -> World {
    let world = World::new(Faults::default());
    let portal = AlertRule::from_json(&{
        let mut body = official_scheduled_example();
        body["name"] = json!(PORTAL_RULE);
        body
    })
    .expect("example rule");
    world.block_on(world.client().put_alert_rule(&portal)).expect("seeded");
    world.write("rules/failed-signins.yaml", &scheduled(1, "Medium"));
    world.write("rules/role-assignment.yaml", &nrt(2));
    world.write("rules/hunting/rare-agents.yaml", &hunting(3));
    world
}

fn deployed() -> World {
    let world = seeded();
    let run = world.run(&["deploy", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    world
}

#[test]
fn plan_then_deploy_then_plan_is_clean_with_no_write() {
    let world = seeded();
    let plan = world.run(&["plan", "--format", "json", "--detailed-exitcode"]);
    assert_eq!(plan.code, 2, "changes pending: {}", plan.stderr);
    let actions: Vec<String> = changes(&plan.json()).into_iter().map(|c| c.1).collect();
    assert_eq!(actions, ["create", "create", "create"]);

    let deploy = world.run(&["deploy", "--format", "json"]);
    assert_eq!(deploy.code, 0, "{}", deploy.stderr);
    let summary = &deploy.json()["summary"];
    assert_eq!((summary["created"].as_u64(), summary["failed"].as_u64()), (Some(3), Some(0)));

    let writes = world.stats().writes;
    let again = world.run(&["plan", "--format", "json", "--detailed-exitcode"]);
    assert_eq!(again.code, 0, "no changes: {}", again.stdout);
    assert!(changes(&again.json()).iter().all(|c| c.1 == "unchanged" && c.2.is_empty()));
    let redeploy = world.run(&["deploy"]);
    assert_eq!(redeploy.code, 0);
    assert!(
        redeploy.stdout.contains("0 created, 0 updated, 0 deleted, 3 skipped"),
        "{}",
        redeploy.stdout
    );
    assert_eq!(world.stats().writes, writes, "a clean plan and a no-op deploy write nothing");

    let markers = world.block_on(world.client().list_metadata()).expect("markers");
    assert_eq!(markers.len(), 3, "one ownership marker per deployed rule");
    for marker in &markers {
        let source = &marker.properties["source"];
        assert_eq!(source["name"], REPOSITORY);
        assert!(source["sourceId"].as_str().is_some_and(|f| f.starts_with("rules/")), "{source}");
    }
}

#[test]
fn an_edit_in_git_shows_exactly_that_field_and_deploy_converges() {
    let world = deployed();
    world.write("rules/failed-signins.yaml", &scheduled(1, "High"));
    let plan = world.run(&["plan", "--format", "json"]).json();
    let updates: Vec<_> = changes(&plan).into_iter().filter(|c| c.1 != "unchanged").collect();
    assert_eq!(updates, [(id(1), "update".to_owned(), vec!["severity".to_owned()])]);
    let field = &plan["changes"][0]["fields"][0];
    assert_eq!((&field["live"], &field["local"]), (&json!("Medium"), &json!("High")));

    let human = world.run(&["plan"]);
    assert!(human.stdout.contains("~ update Scheduled \"Failed sign-ins 1\""), "{}", human.stdout);
    assert!(
        human.stdout.contains("- Medium") && human.stdout.contains("+ High"),
        "{}",
        human.stdout
    );
    let markdown = world.run(&["plan", "--format", "markdown"]);
    assert!(
        markdown.stdout.contains("```diff\n@@ severity @@\n-Medium\n+High\n```"),
        "{}",
        markdown.stdout
    );

    let before = world.stats().writes;
    let deploy = world.run(&["deploy", "--format", "json"]).json();
    assert_eq!(deploy["summary"]["updated"], 1);
    assert_eq!(deploy["summary"]["skipped"], 2);
    assert_eq!(world.stats().writes - before, 1, "only the changed rule is sent");
    assert_eq!(world.run(&["plan", "--detailed-exitcode"]).code, 0);

    let edited = hunting(3).replace("Count == 1", "Count <= 2");
    world.write("rules/hunting/rare-agents.yaml", &edited);
    let plan = world.run(&["plan", "--format", "json"]).json();
    let updates: Vec<_> = changes(&plan).into_iter().filter(|c| c.1 != "unchanged").collect();
    assert_eq!(updates, [(id(3), "update".to_owned(), vec!["query".to_owned()])]);
    assert_eq!(world.run(&["deploy"]).code, 0);
    assert_eq!(world.run(&["plan", "--detailed-exitcode"]).code, 0);
}

#[test]
fn drift_reports_api_changes_missing_disabled_and_unmanaged_rules() {
    let world = deployed();
    let client = world.client();
    let mut changed = world.block_on(client.get_alert_rule(&id(1))).expect("get").expect("rule");
    changed.properties.insert("query".into(), json!("SigninLogs\n| take 10"));
    changed.etag = None;
    world.block_on(client.put_alert_rule(&changed)).expect("changed through the API");
    let mut disabled = world.block_on(client.get_alert_rule(&id(2))).expect("get").expect("rule");
    disabled.properties.insert("enabled".into(), json!(false));
    disabled.etag = None;
    world.block_on(client.put_alert_rule(&disabled)).expect("disabled in the portal");
    world.block_on(client.delete_saved_search(&id(3))).expect("deleted in the portal");

    let run = world.run(&["drift", "--format", "json", "--fail-on-drift"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = run.json();
    let status = |rule: &str| {
        let entries = report["drift"].as_array().expect("drift");
        let entry = entries.iter().find(|e| e["rule_id"] == rule).expect("listed");
        (entry["status"].as_str().expect("status").to_owned(), entry["fields"].clone())
    };
    let (drifted, fields) = status(&id(1));
    assert_eq!(drifted, "drifted");
    assert_eq!(fields.as_array().map(Vec::len), Some(1));
    assert_eq!(fields[0]["path"], "query");
    assert_eq!(status(&id(2)).0, "disabled");
    assert_eq!(status(&id(3)).0, "missing");
    assert_eq!(status(PORTAL_RULE).0, "unmanaged");
    assert_eq!(world.run(&["drift"]).code, 0, "drift fails only with --fail-on-drift");
}

#[test]
fn prune_deletes_only_our_rules_whose_files_are_gone_and_only_when_confirmed() {
    let world = deployed();
    world.remove("rules/failed-signins.yaml");
    world.remove("rules/hunting/rare-agents.yaml");

    let plan = changes(&world.run(&["plan", "--format", "json"]).json());
    assert!(plan.iter().all(|c| c.1 != "delete"), "no delete without --prune: {plan:?}");
    let pruning = changes(&world.run(&["plan", "--format", "json", "--prune"]).json());
    let mut deletes: Vec<&str> =
        pruning.iter().filter(|c| c.1 == "delete").map(|c| c.0.as_str()).collect();
    deletes.sort_unstable();
    assert_eq!(deletes, [id(1), id(3)], "only marked rules; never the portal rule");

    let refused = world.run(&["deploy", "--prune"]);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(refused.stderr.contains("pass --yes"), "{}", refused.stderr);
    let client = world.client();
    assert!(world.block_on(client.get_alert_rule(&id(1))).expect("get").is_some(), "kept");

    let run = world.run(&["deploy", "--prune", "--yes", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["summary"]["deleted"], 2);
    assert!(world.block_on(client.get_alert_rule(&id(1))).expect("get").is_none());
    assert!(world.block_on(client.get_saved_search(&id(3))).expect("get").is_none());
    assert!(world.block_on(client.get_alert_rule(PORTAL_RULE)).expect("get").is_some());
    let markers = world.block_on(client.list_metadata()).expect("markers");
    assert_eq!(markers.len(), 1, "the deleted rules' markers are gone too");
    assert_eq!(world.run(&["plan", "--prune", "--detailed-exitcode"]).code, 0);
}

#[test]
fn a_rule_the_service_rejects_fails_alone_and_a_rerun_converges() {
    let world = seeded();
    // The linter only warns about this severity here, so the service is the one to refuse it.
    world.write("sentinelctl.toml", "[lint.severity]\nSCH104 = \"warning\"\n");
    world.write("rules/critical.yaml", &scheduled(4, "Critical"));
    let run = world.run(&["deploy", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = run.json();
    assert_eq!(report["summary"]["created"], 3);
    assert_eq!(report["summary"]["failed"], 1);
    let failed =
        report["results"].as_array().expect("results").iter().find(|r| r["outcome"] == "failed");
    let error = failed.expect("the failed rule")["error"].as_str().expect("ARM's error").to_owned();
    assert!(error.contains("properties.severity"), "{error}");

    world.write("rules/critical.yaml", &scheduled(4, "High"));
    let rerun = world.run(&["deploy", "--format", "json"]).json();
    assert_eq!(
        (rerun["summary"]["created"].as_u64(), rerun["summary"]["skipped"].as_u64()),
        (Some(1), Some(3))
    );
}

#[test]
fn detailed_exit_codes_and_lint_errors() {
    let world = deployed();
    assert_eq!(world.run(&["plan", "--detailed-exitcode"]).code, 0);
    world.write("rules/failed-signins.yaml", &scheduled(1, "Low"));
    assert_eq!(world.run(&["plan", "--detailed-exitcode"]).code, 2);
    world.write("rules/broken.yaml", &scheduled(5, "Critical"));
    let linted = world.run(&["plan", "--detailed-exitcode"]);
    assert_eq!(linted.code, 1, "lint errors stop a plan");
    assert!(
        linted.stderr.contains("SCH104") && linted.stderr.contains("broken.yaml:5"),
        "{}",
        linted.stderr
    );
    assert!(linted.stdout.is_empty(), "no plan is printed: {}", linted.stdout);
    world.remove("rules/broken.yaml");
    let unreachable = assert_cmd::cargo::cargo_bin_cmd!("sentinelctl")
        .current_dir(world.dir.path())
        .args(["plan", "--detailed-exitcode", "--endpoint", "http://127.0.0.1:9", "--auth", "none"])
        .args(["--subscription", "s", "--resource-group", "rg", "--workspace", "law"])
        .output()
        .expect("runs");
    assert_eq!(unreachable.status.code(), Some(1), "errors are 1 under --detailed-exitcode");
}

#[test]
fn a_rule_file_that_cannot_be_mapped_is_named_with_its_line_and_the_others_deploy() {
    let world = seeded();
    // Unknown keys as lint warnings while migrating; the deployer still refuses to drop one.
    world.write("sentinelctl.toml", "[lint.severity]\nSCH102 = \"warning\"\n");
    let text = scheduled(6, "Low").replace("tactics:", "requiredTechniques:\n  - T1110\ntactics:");
    world.write("rules/unknown-key.yaml", &text);
    let run = world.run(&["deploy", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("rules/unknown-key.yaml:14:1: `requiredTechniques` is not"),
        "{}",
        run.stderr
    );
    assert_eq!(run.json()["summary"]["created"], 3, "the other rules land");
}
