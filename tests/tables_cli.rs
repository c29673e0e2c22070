//! `sentinelctl tables` end to end: the real binary reads the tables of an emulator workspace,
//! writes the custom ones where `lint` looks for schemas, and `lint` then checks the columns
//! of a rule reading a custom table instead of warning that the table is unknown. (The rule
//! declares no connector: a `_CL` table its `dataTypes` names is not warned about anyway.)

mod sync_support;

use sentinelctl::emulator::EmulatorConfig;
use sentinelctl::kql::semantic::TableDescription;
use serde_json::Value;
use sync_support::World;

const RULE: &str = r#"id: 4b1f6d8e-2c3a-4e5f-9a7b-1c2d3e4f5a6b
name: Canary host seen
description: A canary host reported in.
severity: Medium
requiredDataConnectors: []
queryFrequency: 1h
queryPeriod: 1h
triggerOperator: gt
triggerThreshold: 0
tactics:
  - Discovery
relevantTechniques:
  - T1046
query: |
  Canary_CL
  | where host_s != ""
  | project TimeGenerated, Host_s
entityMappings:
  - entityType: Host
    fieldMappings:
      - identifier: HostName
        columnName: Host_s
version: 1.0.0
kind: Scheduled
"#;

fn world() -> World {
    let table = |name: &str, columns: &[(&str, &str)]| TableDescription {
        name: name.into(),
        columns: columns.iter().map(|(n, t)| ((*n).to_owned(), (*t).to_owned())).collect(),
    };
    let tables = vec![
        table("Canary_CL", &[("TimeGenerated", "datetime"), ("Host_s", "string")]),
        table("SigninLogs", &[("TimeGenerated", "datetime")]),
    ];
    let world = World::with_config(EmulatorConfig { tables, ..EmulatorConfig::default() });
    world.write("sentinelctl.toml", "[lint]\npaths = [\"rules\"]\nschemas = [\"CustomTables\"]\n");
    world.write("rules/canary.yaml", RULE);
    std::fs::create_dir_all(world.path("CustomTables")).expect("mkdir");
    world
}

fn lint_codes(world: &World) -> Vec<String> {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_sentinelctl"))
        .current_dir(world.path(""))
        .args(["lint", "--format", "json"])
        .output()
        .expect("lint runs");
    let report: Value = serde_json::from_slice(&output.stdout).expect("a JSON report");
    let codes = report["diagnostics"].as_array().expect("diagnostics");
    codes.iter().filter_map(|d| d["code"].as_str().map(str::to_owned)).collect()
}

#[test]
fn pulled_table_schemas_turn_an_unknown_table_into_checked_columns() {
    let world = world();
    let before = lint_codes(&world);
    assert!(before.contains(&"KQL203".to_owned()), "unknown table before: {before:?}");
    assert!(!before.contains(&"KQL201".to_owned()), "columns unknown, not wrong: {before:?}");

    let run = world.run_without_repository(&["tables"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("1 table schema(s) in CustomTables: 1 new, 0 updated, 0 unchanged"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("1 table(s) the built-in catalogue knows left out"));
    let written = std::fs::read_to_string(world.path("CustomTables/Canary_CL.json")).expect("file");
    let table = TableDescription::parse(&written).expect("the CustomTables format");
    let names: Vec<&str> = table.columns.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["TenantId", "TimeGenerated", "Host_s"]);
    assert!(!world.path("CustomTables/SigninLogs.json").exists());

    let after = lint_codes(&world);
    assert_eq!(after, ["KQL201"], "`host_s` is now a wrong column, the table known");
    let again = world.run_without_repository(&["tables"]);
    assert!(again.stderr.contains("0 new, 0 updated, 1 unchanged"), "{}", again.stderr);
    assert!(!again.stderr.contains("does not have"), "{}", again.stderr);
    world.write("CustomTables/Dropped_CL.json", r#"{"Name": "Dropped_CL", "Properties": []}"#);
    let stale = world.run_without_repository(&["tables"]);
    assert!(
        stale.stderr.contains("1 file(s) in CustomTables describe tables this workspace does not have (kept): Dropped_CL"),
        "{}",
        stale.stderr
    );
    assert!(world.path("CustomTables/Dropped_CL.json").is_file());
}

#[test]
fn out_names_the_folder_and_a_file_in_its_place_is_a_tool_failure() {
    let world = world();
    let run = world.run_without_repository(&["tables", "--out", "schemas/tables"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(world.path("schemas/tables/Canary_CL.json").is_file());
    world.write("taken", "a file");
    let run = world.run_without_repository(&["tables", "--out", "taken"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("taken is a file, not a folder"), "{}", run.stderr);
}
