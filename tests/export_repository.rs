//! `sentinelctl export` into a repository that already holds the rules, from an environment
//! with overrides: each rule goes back to the file that holds its id (never a second file
//! with the same id), the files keep their own values of the overridden settings, the
//! version the ownership marker recorded comes back, and the result plans as unchanged. A
//! forced export is a safe pull: the files keep what the workspace cannot hold (data
//! connectors, keys the export does not write, the absence of a version) and take what it
//! changed.

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

/// The diagnostics `lint rules` reports, as JSON.
fn lint(world: &World) -> Vec<serde_json::Value> {
    let lint = std::process::Command::new(env!("CARGO_BIN_EXE_sentinelctl"))
        .current_dir(world.dir.path())
        .args(["lint", "rules", "--format", "json"])
        .output()
        .expect("runs");
    let lint: serde_json::Value = serde_json::from_slice(&lint.stdout).expect("JSON report");
    lint["diagnostics"].as_array().expect("diagnostics").clone()
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

    let lint = lint(&world);
    let codes: Vec<&str> = lint.iter().filter_map(|d| d["code"].as_str()).collect();
    assert!(!codes.contains(&"IDS101"), "one file per id: {lint:#?}");

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

const CONNECTORS: &str = "requiredDataConnectors:\n  - connectorId: AzureActiveDirectory\n    \
    dataTypes:\n      - SigninLogs\n";

/// A repository deployed without an environment, one severity changed through the API, then
/// `export --force` over it: only that severity changes in the files.
#[test]
fn a_forced_export_keeps_what_only_the_files_know_and_takes_live_changes() {
    let world = World::new(Faults::default());
    let analytic = format!("{}tags:\n  - Identity\n", scheduled(1, "Medium"));
    let hunt = format!("{}metadata:\n  author:\n    name: Detections team\n", hunting(3));
    assert!(analytic.contains(CONNECTORS) && hunt.contains(CONNECTORS));
    assert!(!hunt.contains("version:"), "a hunting query without a version");
    world.write("rules/a.yaml", &analytic);
    world.write("rules/hunting/c.yaml", &hunt);
    let deploy = world.run(&["deploy"]);
    assert_eq!(deploy.code, 0, "{}", deploy.stderr);
    let client = world.client();
    let mut changed = world.block_on(client.get_alert_rule(&id(1))).expect("get").expect("rule");
    changed.properties.insert("severity".into(), json!("High"));
    changed.etag = None;
    world.block_on(client.put_alert_rule(&changed)).expect("changed through the API");

    let forced = world.export(&["--out", "rules", "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert!(forced.stderr.contains("(2 replaced)"), "{}", forced.stderr);
    let a = read(&world, "rules/a.yaml");
    assert!(a.contains("severity: High\n"), "the live change is taken:\n{a}");
    assert!(a.contains(CONNECTORS) && a.ends_with("kind: Scheduled\ntags:\n  - Identity\n"), "{a}");
    assert_eq!(a, analytic.replace("severity: Medium", "severity: High"), "nothing else changes");
    let c = read(&world, "rules/hunting/c.yaml");
    assert!(c.contains(CONNECTORS) && c.contains("name: Detections team\n"), "{c}");
    assert!(!c.contains("version:"), "no version is invented:\n{c}");
    assert_eq!(c, hunt, "nothing else changes");

    assert_eq!(lint(&world), Vec::<serde_json::Value>::new(), "the export introduced nothing");
    let plan = world.run(&["plan", "--detailed-exitcode"]);
    assert_eq!(plan.code, 0, "export then plan shows no change: {}{}", plan.stdout, plan.stderr);
}
