//! Environments of `sentinelctl.toml`: per-environment overrides are deployed and are part of
//! the comparison (an override is not drift), and typos in the table are errors naming the
//! file and the line.

mod sync_support;

use sentinelctl::emulator::Faults;
use serde_json::json;
use sync_support::*;

fn config(extra: &str) -> String {
    let ws = workspace();
    format!(
        "[environments.dev]\nsubscription = \"{}\"\nresource_group = \"{}\"\nworkspace = \"{}\"\n{extra}",
        ws.subscription, ws.resource_group, ws.name
    )
}

#[test]
fn overrides_are_deployed_and_are_not_drift() {
    let world = World::new(Faults::default());
    let overrides = format!(
        "[environments.dev.overrides]\nenabled = false\n[environments.dev.rules.\"{}\"]\nseverity = \"Low\"\n",
        id(1)
    );
    world.write("sentinelctl.toml", &config(&overrides));
    world.write("rules/a.yaml", &scheduled(1, "Medium"));
    world.write("rules/b.yaml", &nrt(2));
    let run = world.run(&["deploy", "--env", "dev"]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    let client = world.client();
    let a = world.block_on(client.get_alert_rule(&id(1))).expect("get").expect("a");
    let b = world.block_on(client.get_alert_rule(&id(2))).expect("get").expect("b");
    assert_eq!(
        (&a.properties["enabled"], &a.properties["severity"]),
        (&json!(false), &json!("Low"))
    );
    assert_eq!(
        (&b.properties["enabled"], &b.properties["severity"]),
        (&json!(false), &json!("High"))
    );

    assert_eq!(world.run(&["drift", "--env", "dev", "--fail-on-drift"]).code, 0);
    assert_eq!(world.run(&["plan", "--env", "dev", "--detailed-exitcode"]).code, 0);
    // Without the environment the files' own settings apply, and the difference shows.
    let report = world.run(&["drift", "--format", "json"]).json();
    let statuses: Vec<(&str, &str)> = report["drift"]
        .as_array()
        .expect("drift")
        .iter()
        .map(|e| (e["rule_id"].as_str().expect("id"), e["status"].as_str().expect("status")))
        .collect();
    assert_eq!(statuses, [(id(1).as_str(), "drifted"), (id(2).as_str(), "disabled")]);
}

/// With `--env`, every report names the environment next to its workspace, so a report about
/// dev cannot be mistaken for one about prod.
#[test]
fn reports_name_the_environment_and_its_workspace() {
    let world = World::new(Faults::default());
    world.write("sentinelctl.toml", &config(""));
    world.write("rules/a.yaml", &scheduled(1, "Medium"));
    let ws = workspace();
    let human = format!(
        "Workspace: {} (resource group {}, subscription {}), environment dev\n",
        ws.name, ws.resource_group, ws.subscription
    );
    let markdown = format!(
        "Workspace `{}` · resource group `{}` · subscription `{}` · environment `dev`\n",
        ws.name, ws.resource_group, ws.subscription
    );
    for command in ["plan", "deploy", "drift"] {
        let run = world.run(&[command, "--env", "dev"]);
        assert_eq!(run.code, 0, "{command}: {}", run.stderr);
        assert!(run.stdout.starts_with(&human), "{command}: {}", run.stdout);
        let run = world.run(&[command, "--env", "dev", "--format", "markdown"]);
        assert!(run.stdout.contains(&markdown), "{command}: {}", run.stdout);
        let run = world.run(&[command, "--env", "dev", "--format", "json"]);
        assert_eq!(run.json()["workspace"]["environment"], "dev", "{command}");
        assert_eq!(run.json()["workspace"]["name"], ws.name.as_str(), "{command}");
    }
}

#[test]
fn typos_in_the_environment_table_name_the_file_and_line() {
    let world = World::new(Faults::default());
    world.write("rules/a.yaml", &scheduled(1, "Medium"));
    world.write("sentinelctl.toml", &config("[environments.dev.overrides]\nenabeld = false\n"));
    let run = world.run(&["plan", "--env", "dev"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "sentinelctl.toml:6:1: invalid overrides in [environments.dev]: unknown field `enabeld`"
        ),
        "{}",
        run.stderr
    );

    world.write("sentinelctl.toml", &config("workspce = \"typo\"\n"));
    let run = world.run(&["plan", "--env", "dev"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "sentinelctl.toml:5:1: unknown key `workspce` in [environments.dev] (expected \
             subscription, resource_group, resource-group, workspace, overrides, rules); \
             did you mean `workspace`?"
        ),
        "{}",
        run.stderr
    );
    // Export reads the same table, and says the same.
    let exported = std::process::Command::new(env!("CARGO_BIN_EXE_sentinelctl"))
        .current_dir(world.dir.path())
        .args(["export", "--env", "dev", "--out", "exported", "--auth", "none"])
        .args(["--endpoint", &world.emulator.url()])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&exported.stderr);
    assert_eq!(exported.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("sentinelctl.toml:5:1: unknown key `workspce`"), "{stderr}");

    world.write(
        "sentinelctl.toml",
        &config("[environments.dev.overrides]\nseverity = \"Critical\"\n"),
    );
    let run = world.run(&["deploy", "--env", "dev"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "sentinelctl.toml:6:1: invalid overrides in [environments.dev]: \
             overrides.severity `Critical` is not one of"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(world.stats().writes, 0, "nothing is deployed with a broken environment");
}

/// Overrides for an id no file defines are a warning at the line of their table.
#[test]
fn overrides_for_an_unknown_rule_are_a_warning_at_their_line() {
    let world = World::new(Faults::default());
    let overrides = format!("[environments.dev.rules.\"{}\"]\nseverity = \"Low\"\n", id(9));
    world.write("sentinelctl.toml", &config(&overrides));
    world.write("rules/a.yaml", &scheduled(1, "Medium"));
    let run = world.run(&["plan", "--env", "dev"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let expected = format!("sentinelctl.toml:5:25: overrides for rule {}, which no file", id(9));
    assert!(run.stderr.contains(&expected), "{}", run.stderr);
}

/// Every environment is checked whenever the configuration is read, not only the one
/// selected: a typo in prod fails a dev run and the pull request's lint, not the first deploy
/// to prod.
#[test]
fn typos_in_an_environment_not_selected_stop_the_run_before_any_call() {
    let world = World::new(Faults::default());
    world.write("rules/a.yaml", &scheduled(1, "Medium"));
    let prod = "[environments.prod]\nworkspce = \"law-prod\"\n\
                [environments.prod.overrides]\nseverity = \"Critical\"\n";
    world.write("sentinelctl.toml", &config(prod));
    let typo = "sentinelctl.toml:6:1: unknown key `workspce` in [environments.prod]";
    let severity = "sentinelctl.toml:8:1: invalid overrides in [environments.prod]: \
                    overrides.severity `Critical` is not one of";
    for command in ["plan", "deploy", "drift"] {
        let run = world.run(&[command, "--env", "dev"]);
        assert_eq!(run.code, 2, "{command}: {}", run.stderr);
        assert!(run.stderr.contains(typo), "{command}: {}", run.stderr);
        assert!(run.stderr.contains(severity), "{command}: {}", run.stderr);
    }
    let lint = lint(&world);
    assert_eq!(lint.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&lint.stderr);
    assert!(stderr.contains(typo) && stderr.contains(severity), "{stderr}");
    assert_eq!(world.stats().calls, 0, "nothing is asked of the workspace");
}

/// A workspace name ARM would refuse is reported at its line, in any environment.
#[test]
fn a_bad_workspace_name_is_reported_at_its_line() {
    let world = World::new(Faults::default());
    world.write("rules/a.yaml", &scheduled(1, "Medium"));
    world.write("sentinelctl.toml", &config("[environments.prod]\nworkspace = \"w\"\n"));
    let expected = "sentinelctl.toml:6:1: invalid workspace name `w` in [environments.prod]";
    let run = world.run(&["plan", "--env", "dev"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains(expected), "{}", run.stderr);
    let lint = lint(&world);
    assert_eq!(lint.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&lint.stderr).contains(expected));
}

fn lint(world: &World) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_sentinelctl"))
        .current_dir(world.dir.path())
        .env("NO_COLOR", "1")
        .arg("lint")
        .output()
        .expect("runs")
}
