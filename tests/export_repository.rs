//! `sentinelctl export` into a repository that already holds the rules, from an environment
//! with overrides: each rule goes back to the file that holds its id (never a second file
//! with the same id), the files keep their own values of the overridden settings, the
//! version the ownership marker recorded comes back, and the result plans as unchanged.

mod sync_support;

use sentinelctl::emulator::Faults;
use sentinelctl::model::RuleKind;
use sentinelctl::sync::to_arm::{Options, alert_rule};
use sentinelctl::yaml::parse;
use serde_json::json;
use sync_support::*;

/// `dev` disables every rule and lowers rule 1 to `Low`.
fn config() -> String {
    let ws = workspace();
    format!(
        "[environments.dev]\nsubscription = \"{}\"\nresource_group = \"{}\"\nworkspace = \"{}\"\n\
         [environments.dev.overrides]\nenabled = false\n[environments.dev.rules.\"{}\"]\n\
         severity = \"Low\"\n",
        ws.subscription,
        ws.resource_group,
        ws.name,
        id(1)
    )
}

/// A repository deployed to dev, plus a rule made in dev's portal (disabled, like the rest
/// of dev) that no file holds yet.
fn deployed_to_dev() -> World {
    let world = World::new(Faults::default());
    world.write("sentinelctl.toml", &config());
    world
        .write("rules/a.yaml", &scheduled(1, "Medium").replace("version: 1.0.0", "version: 1.2.3"));
    world.write("rules/nested/b.yaml", &nrt(2));
    let deploy = world.run(&["deploy", "--env", "dev"]);
    assert_eq!(deploy.code, 0, "{}", deploy.stderr);
    let text = scheduled(3, "High");
    let root = parse(&text).root.expect("a document");
    let mut portal =
        alert_rule(&root, RuleKind::Scheduled, &Options::default()).expect("maps").resource;
    portal.properties.insert("enabled".into(), json!(false));
    world.block_on(world.client().put_alert_rule(&portal)).expect("made in the portal");
    world
}

fn read(world: &World, relative: &str) -> String {
    std::fs::read_to_string(world.path(relative)).expect("readable")
}

#[test]
fn export_into_the_repository_updates_each_rules_own_file() {
    let world = deployed_to_dev();
    let (a, b) = (read(&world, "rules/a.yaml"), read(&world, "rules/nested/b.yaml"));

    let run = world.export(&["--out", "rules", "--env", "dev"]);
    assert_eq!(run.code, 1, "existing files are kept without --force: {}", run.stderr);
    for (file, n) in [("rules/a.yaml", 1), ("rules/nested/b.yaml", 2)] {
        let kept = format!("{file} already holds rule {} (use --force to replace it)", id(n));
        assert!(run.stderr.contains(&kept), "{}", run.stderr);
    }
    assert!(
        run.stderr.contains("2 existing file(s) kept (--force replaces them)"),
        "{}",
        run.stderr
    );
    assert_eq!((read(&world, "rules/a.yaml"), read(&world, "rules/nested/b.yaml")), (a, b));
    let new = "rules/analytics/failed-sign-ins-3.yaml";
    assert!(read(&world, new).contains(&format!("id: {}\n", id(3))), "new ids get new files");
    for second in ["failed-sign-ins-1.yaml", "role-assignment-2.yaml"] {
        assert!(!world.path("rules/analytics").join(second).exists(), "no second file: {second}");
    }
    let overridden = format!(
        "`Failed sign-ins 3` ({}): environment dev overrides enabled, so the new file holds its \
         live values (enabled: false)",
        id(3)
    );
    assert!(run.stderr.contains(&overridden), "{}", run.stderr);

    let lint = std::process::Command::new(env!("CARGO_BIN_EXE_sentinelctl"))
        .current_dir(world.dir.path())
        .args(["lint", "rules", "--format", "json"])
        .output()
        .expect("runs");
    let lint: serde_json::Value = serde_json::from_slice(&lint.stdout).expect("JSON report");
    let codes: Vec<&str> = lint["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(!codes.contains(&"IDS101"), "one file per id: {lint:#}");

    let forced = world.export(&["--out", "rules", "--env", "dev", "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert!(forced.stderr.contains("(3 replaced)"), "{}", forced.stderr);
    let a = read(&world, "rules/a.yaml");
    assert!(a.contains("severity: Medium\n"), "the file's own severity, not dev's:\n{a}");
    assert!(!a.contains("enabled:"), "the file's own (default) enabled, not dev's:\n{a}");
    assert!(a.contains("version: 1.2.3\n"), "the version the marker recorded:\n{a}");
    let b = read(&world, "rules/nested/b.yaml");
    assert!(!b.contains("enabled:") && b.contains("version: 1.0.0\n"), "{b}");

    let plan = world.run(&["plan", "--env", "dev", "--detailed-exitcode"]);
    assert_eq!(plan.code, 0, "export then plan shows no change: {}{}", plan.stdout, plan.stderr);
}
