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
fn a_rule_file_that_cannot_be_mapped_is_counted_as_failed_in_every_summary() {
    let world = seeded();
    // Unknown keys as lint warnings while migrating; the deployer still refuses to drop one.
    world.write("sentinelctl.toml", "[lint.severity]\nSCH102 = \"warning\"\n");
    let text = scheduled(6, "Low").replace("tactics:", "requiredTechniques:\n  - T1110\ntactics:");
    world.write("rules/unknown-key.yaml", &text);
    let reason = "rules/unknown-key.yaml:14:1: `requiredTechniques` is not";
    let run = world.run(&["deploy", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains(reason), "{}", run.stderr);
    let report = run.json();
    assert_eq!(report["summary"]["created"], 3, "the other rules land");
    assert_eq!(report["summary"]["failed"], 1, "the file left out explains the exit status");
    let results = report["results"].as_array().expect("results");
    let failed: Vec<_> = results.iter().filter(|r| r["outcome"] == "failed").collect();
    assert_eq!(failed.len(), 1, "{report:#}");
    assert_eq!(failed[0]["rule_id"], id(6).as_str());
    assert_eq!(failed[0]["display_name"], "Failed sign-ins 6");
    assert!(failed[0]["error"].as_str().is_some_and(|e| e.contains(reason)), "{report:#}");

    let human = world.run(&["deploy"]);
    assert_eq!(human.code, 1);
    assert!(human.stdout.contains("3 skipped (unchanged), 1 failed"), "{}", human.stdout);
    let line = format!("FAILED  Scheduled \"Failed sign-ins 6\" [{}]", id(6));
    assert!(human.stdout.contains(&line), "{}", human.stdout);
    assert!(human.stdout.contains(&format!("    {reason}")), "{}", human.stdout);
    let markdown = world.run(&["deploy", "--format", "markdown"]);
    assert!(
        markdown.stdout.contains("| failed | Failed sign-ins 6 | Scheduled |"),
        "{}",
        markdown.stdout
    );

    let plan = world.run(&["plan", "--format", "json"]);
    assert_eq!(plan.code, 1);
    let left_out = &plan.json()["left_out"];
    assert_eq!(left_out[0]["rule_id"], id(6).as_str(), "{left_out:#}");
    assert_eq!((left_out[0]["line"].as_u64(), left_out[0]["column"].as_u64()), (Some(14), Some(1)));
    let human_plan = world.run(&["plan"]);
    assert!(human_plan.stdout.contains(reason), "{}", human_plan.stdout);
    assert!(human_plan.stdout.contains("unchanged, 1 file(s) left out."), "{}", human_plan.stdout);
}

/// A deployed rule whose file then stops mapping is still the repository's: prune keeps it
/// and drift neither calls it orphaned nor unmanaged.
#[test]
fn a_deployed_rule_whose_file_no_longer_maps_is_never_pruned() {
    let world = deployed();
    world.write("sentinelctl.toml", "[lint.severity]\nSCH102 = \"warning\"\n");
    let text =
        scheduled(1, "Medium").replace("tactics:", "requiredTechniques:\n  - T1110\ntactics:");
    world.write("rules/failed-signins.yaml", &text);
    let plan = world.run(&["plan", "--prune", "--format", "json"]);
    assert_eq!(plan.code, 1, "{}", plan.stderr);
    assert!(changes(&plan.json()).iter().all(|c| c.1 != "delete"), "{}", plan.stdout);
    let run = world.run(&["deploy", "--prune", "--yes"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(world.block_on(world.client().get_alert_rule(&id(1))).expect("get").is_some());
    let drift = world.run(&["drift", "--format", "json"]).json();
    let listed: Vec<&str> = drift["drift"]
        .as_array()
        .expect("drift")
        .iter()
        .filter_map(|e| e["rule_id"].as_str())
        .collect();
    assert_eq!(listed, [PORTAL_RULE], "only the portal rule, as unmanaged");
}

/// A rule deployed from this repository whose file is deleted is `orphaned` in drift, counted
/// and failing `--fail-on-drift`; it is exactly the rule `plan --prune` deletes.
#[test]
fn drift_lists_our_rules_whose_file_was_deleted_as_orphaned() {
    let world = deployed();
    world.remove("rules/role-assignment.yaml");
    let run = world.run(&["drift", "--format", "json", "--fail-on-drift"]);
    assert_eq!(run.code, 1, "an orphan is drift: {}", run.stderr);
    let report = run.json();
    let entries = report["drift"].as_array().expect("drift");
    let orphaned: Vec<&str> = entries
        .iter()
        .filter(|e| e["status"] == "orphaned")
        .filter_map(|e| e["rule_id"].as_str())
        .collect();
    assert_eq!(orphaned, [id(2).as_str()], "{report:#}");
    let entry = entries.iter().find(|e| e["status"] == "orphaned").expect("orphan");
    assert_eq!(entry["file"], "rules/role-assignment.yaml");

    let pruned = changes(&world.run(&["plan", "--prune", "--format", "json"]).json());
    let deletes: Vec<&str> =
        pruned.iter().filter(|c| c.1 == "delete").map(|c| c.0.as_str()).collect();
    assert_eq!(deletes, orphaned, "drift's orphans are prune's deletes");

    let human = world.run(&["drift"]);
    assert_eq!(human.code, 0, "drift fails only with --fail-on-drift");
    let line = format!(
        "orphaned  NRT \"Role assignment 2\" [{}] (file gone: rules/role-assignment.yaml)",
        id(2)
    );
    assert!(human.stdout.contains(&line), "{}", human.stdout);
    assert!(
        human.stdout.contains(
            "Drift: 0 drifted, 0 missing, 1 orphaned, 1 unmanaged, 0 disabled, 2 in sync."
        ),
        "{}",
        human.stdout
    );
    let markdown = world.run(&["drift", "--format", "markdown"]);
    assert!(
        markdown.stdout.contains(
            "| orphaned | Role assignment 2 | NRT | `rules/role-assignment.yaml` (gone) |"
        ),
        "{}",
        markdown.stdout
    );

    assert_eq!(world.run(&["deploy", "--prune", "--yes"]).code, 0);
    let after = world.run(&["drift", "--format", "json"]).json();
    assert!(
        after["drift"].as_array().expect("drift").iter().all(|e| e["status"] != "orphaned"),
        "{after:#}"
    );
}

/// Every report names the workspace it is about, in every format.
#[test]
fn plan_deploy_and_drift_name_their_workspace() {
    let world = seeded();
    let ws = workspace();
    let human = format!(
        "Workspace: {} (resource group {}, subscription {})\n",
        ws.name, ws.resource_group, ws.subscription
    );
    let markdown = format!(
        "Workspace `{}` · resource group `{}` · subscription `{}`\n",
        ws.name, ws.resource_group, ws.subscription
    );
    for command in ["plan", "deploy", "drift"] {
        let run = world.run(&[command]);
        assert!(run.stdout.starts_with(&human), "{command}: {}", run.stdout);
        let run = world.run(&[command, "--format", "markdown"]);
        assert!(run.stdout.contains(&markdown), "{command}: {}", run.stdout);
        let run = world.run(&[command, "--format", "json"]);
        let named = &run.json()["workspace"];
        assert_eq!(
            named,
            &json!({"subscription": ws.subscription, "resource_group": ws.resource_group,
                    "name": ws.name, "environment": null}),
            "{command}"
        );
    }
}

/// Lint warnings do not stop a plan or a deploy, but they are shown on stderr with their
/// count, the way lint errors are, and a JSON report on stdout stays valid.
#[test]
fn lint_warnings_are_shown_and_do_not_stop_plan_or_deploy() {
    let world = seeded();
    let quoted = scheduled(7, "Low").replace("triggerThreshold: 5", "triggerThreshold: \"5\"");
    world.write("rules/quoted-threshold.yaml", &quoted);
    for command in ["plan", "deploy"] {
        let run = world.run(&[command, "--format", "json"]);
        assert_eq!(run.code, 0, "{command}: {}", run.stderr);
        assert!(run.stderr.contains("SCD107"), "{command}: {}", run.stderr);
        assert!(run.stderr.contains("quoted-threshold.yaml:"), "{command}: {}", run.stderr);
        assert!(
            run.stderr.contains("Found 1 warning in 1 of 4 files"),
            "{command}: {}",
            run.stderr
        );
        assert!(!run.stdout.contains("SCD107"), "stdout is the report: {}", run.stdout);
        let report = run.json();
        assert!(report["workspace"].is_object(), "{command}: {report:#}");
    }
    let created = world.block_on(world.client().get_alert_rule(&id(7))).expect("get");
    assert!(created.is_some(), "a warning does not keep a rule from being deployed");
}

/// The one stderr line naming the credential is there by default, and `-q` leaves it out of
/// every workspace command, given before or after the command's name.
#[test]
fn quiet_leaves_out_the_credential_line_before_or_after_the_command() {
    let world = seeded();
    let line = "authenticating with no authentication (loopback endpoint)";
    let out = world.path("exported");
    let out = out.to_str().expect("utf-8 path");
    let commands: [&[&str]; 4] =
        [&["plan"], &["deploy"], &["drift"], &["export", "--out", out, "--force"]];
    for command in commands {
        let run = |quiet: &[&str], after: bool| {
            let mut args: Vec<&str> = Vec::new();
            if !after {
                args.extend_from_slice(quiet);
            }
            args.extend_from_slice(command);
            if after {
                args.extend_from_slice(quiet);
            }
            let run = world.run_without_repository(&args);
            assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
            run.stderr
        };
        let loud = run(&[], false);
        assert_eq!(loud.matches(line).count(), 1, "{command:?} names its credential: {loud}");
        for (quiet, after) in [(["-q"], false), (["-q"], true), (["--quiet"], true)] {
            let stderr = run(&quiet, after);
            assert!(!stderr.contains("authenticating"), "{command:?} {quiet:?}: {stderr}");
        }
    }
}
