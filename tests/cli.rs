//! Runs the built `sentinelctl` binary the way users and CI do, and checks what it prints and
//! how it exits.

use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;
use serde_json::Value;

fn sentinelctl() -> assert_cmd::Command {
    let mut command = cargo_bin_cmd!("sentinelctl");
    command.current_dir(env!("CARGO_MANIFEST_DIR")).env("NO_COLOR", "1");
    command
}

fn json_report(args: &[&str]) -> (Value, i32) {
    let output = sentinelctl().args(args).args(["--format", "json"]).output().expect("runs");
    let report = serde_json::from_slice(&output.stdout).expect("stdout is one JSON object");
    (report, output.status.code().unwrap_or(-1))
}

fn codes(report: &Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn lint_without_paths_checks_the_shipped_rules_and_passes() {
    sentinelctl()
        .arg("lint")
        .assert()
        .success()
        .stdout(predicate::str::contains("All checks passed (2 files)"));
}

#[test]
fn json_report_has_the_documented_shape() {
    let (report, status) = json_report(&["lint", "tests/fixtures/cases/032-yaml-duplicate-keys"]);
    assert_eq!(status, 1);
    let first = &report["diagnostics"][0];
    for key in [
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "severity",
        "code",
        "message",
        "rule_id",
    ] {
        assert!(first.get(key).is_some(), "missing {key} in {first}");
    }
    assert_eq!(first["line"], 28);
    assert_eq!(first["severity"], "error");
    assert_eq!(report["summary"]["files"], 1);
    assert_eq!(report["summary"]["errors"], 2);
}

#[test]
fn a_broken_file_does_not_stop_the_batch() {
    let (report, status) = json_report(&[
        "lint",
        "tests/fixtures/cases/028-yaml-tabs/rule.yaml",
        "tests/fixtures/cases/026-duplicate-guid/rules",
    ]);
    assert_eq!(status, 1);
    assert_eq!(report["summary"]["files"], 4);
    let found = codes(&report);
    assert!(found.contains(&"YML102".to_owned()), "{found:?}");
    assert!(found.contains(&"IDS101".to_owned()), "{found:?}");
}

#[test]
fn duplicate_analytic_ids_fail_once_and_hunting_duplicates_warn() {
    let (report, status) = json_report(&["lint", "tests/fixtures/cases/026-duplicate-guid/rules"]);
    assert_eq!(status, 1);
    assert_eq!(codes(&report), ["IDS101", "IDS102"]);
    let message = report["diagnostics"][0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("port-sweep-external.yaml") && message.contains("possible-beaconing.yaml")
    );
    assert_eq!(report["diagnostics"][1]["severity"], "warning");
}

#[test]
fn warnings_fail_only_under_strict() {
    let file = "tests/fixtures/cases/018-nrt-no-schedule-fields/rule-extra-fields.yaml";
    sentinelctl().args(["lint", file, "--select", "SCD"]).assert().code(0);
    sentinelctl().args(["lint", file, "--select", "SCD", "--strict"]).assert().code(1);
}

#[test]
fn select_and_ignore_take_codes_and_prefixes() {
    let dir = "tests/fixtures/cases/026-duplicate-guid/rules";
    let (report, _) = json_report(&["lint", dir, "--ignore", "IDS101"]);
    assert_eq!(codes(&report), ["IDS102"]);
    let (report, status) = json_report(&["lint", dir, "--select", "IDS", "--ignore", "IDS1"]);
    assert_eq!(codes(&report), Vec::<String>::new());
    assert_eq!(status, 0);
}

#[test]
fn a_missing_path_is_a_tool_failure() {
    sentinelctl()
        .args(["lint", "no/such/folder"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("path does not exist: no/such/folder"));
}

#[test]
fn a_missing_path_does_not_stop_the_other_paths() {
    let (report, status) =
        json_report(&["lint", "no/such/folder", "tests/fixtures/cases/028-yaml-tabs/rule.yaml"]);
    assert_eq!(status, 2, "a tool failure wins over findings");
    assert_eq!(report["summary"]["files"], 1);
    assert_eq!(codes(&report), ["YML104", "YML102"]);
    // Clean files: the report says so, and the run still fails for the missing path.
    sentinelctl()
        .args(["lint", "rules", "/nonexistent"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("All checks passed (2 files)"))
        .stderr(predicate::str::diff("error: path does not exist: /nonexistent\n"));
}

#[test]
fn a_report_of_a_run_that_failed_says_so_in_every_machine_format() {
    let dir = tempfile::tempdir().expect("temp dir");
    let report = |format: &str| {
        let target = dir.path().join(format!("report.{format}"));
        sentinelctl()
            .args(["lint", "rules", "no/such/folder", "--format", format, "-o"])
            .arg(&target)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("path does not exist: no/such/folder"));
        std::fs::read_to_string(&target).expect("report written")
    };
    let json: Value = serde_json::from_str(&report("json")).expect("JSON");
    assert_eq!(json["summary"]["errors"], 0, "the linted files are clean");
    assert_eq!(json["tool_errors"], serde_json::json!(["path does not exist: no/such/folder"]));

    let sarif: Value = serde_json::from_str(&report("sarif")).expect("SARIF is JSON");
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert_eq!(
        invocation["toolExecutionNotifications"][0]["message"]["text"],
        "path does not exist: no/such/folder"
    );

    let junit = report("junit");
    assert!(
        junit.contains(r#"<testsuites name="sentinelctl" tests="3" failures="0" errors="1""#),
        "{junit}"
    );
    assert!(junit.contains(r#"<error message="path does not exist: no/such/folder"/>"#), "{junit}");

    let github = report("github");
    assert!(
        github.contains("::error title=sentinelctl::path does not exist: no/such/folder"),
        "{github}"
    );

    // A run that checked everything says that too.
    let (clean, status) = json_report(&["lint", "rules"]);
    assert_eq!((status, &clean["tool_errors"]), (0, &serde_json::json!([])));
}

#[test]
fn invalid_utf8_is_reported_at_the_first_bad_byte_with_its_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("bad.yaml");
    std::fs::write(&file, b"id: x\nname: n\ndescription: |\n  Files \xFF\xFE signed\n")
        .expect("write");
    let path = file.to_string_lossy().into_owned();
    let (report, status) = json_report(&["lint", &path]);
    assert_eq!(status, 1);
    let found = &report["diagnostics"][0];
    assert_eq!(
        (&found["code"], &found["line"], &found["column"]),
        (&"YML106".into(), &4.into(), &9.into())
    );
    assert_eq!(found["message"], "File is not valid UTF-8 text: byte 0xFF here is not UTF-8");
    sentinelctl()
        .args(["lint", &path])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(format!("{path}:4:9")))
        .stdout(predicate::str::contains("4 |   Files \u{fffd}\u{fffd} signed"));
}

#[test]
fn bad_arguments_are_a_tool_failure() {
    sentinelctl().args(["lint", "--format", "xml"]).assert().code(2);
}

#[test]
fn output_file_receives_the_report() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("report.sarif");
    sentinelctl()
        .args(["lint", "tests/fixtures/cases/032-yaml-duplicate-keys", "--format", "sarif", "-o"])
        .arg(&target)
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty());
    let sarif: Value = serde_json::from_str(&std::fs::read_to_string(&target).expect("written"))
        .expect("SARIF is JSON");
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(sarif["runs"][0]["results"].as_array().map(Vec::len), Some(2));
}

#[test]
fn github_format_prints_workflow_commands() {
    sentinelctl()
        .args(["lint", "tests/fixtures/cases/028-yaml-tabs", "--format", "github"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "::error file=tests/fixtures/cases/028-yaml-tabs/rule.yaml,line=24,col=1,",
        ))
        .stdout(predicate::str::contains("title=YML102::"));
}

#[test]
fn rule_prints_a_checks_documentation() {
    sentinelctl()
        .args(["rule", "yml103"])
        .assert()
        .success()
        .stdout(predicate::str::contains("# duplicate-key (YML103)"))
        .stdout(predicate::str::contains("## Why is this bad?"));
    sentinelctl().args(["rule", "XYZ999"]).assert().code(2);
}

#[test]
fn rule_without_a_code_lists_every_lint_once() {
    let output = sentinelctl().arg("rule").output().expect("runs");
    let text = String::from_utf8_lossy(&output.stdout);
    let codes: Vec<&str> = text.lines().filter_map(|l| l.split_whitespace().next()).collect();
    let mut unique = codes.clone();
    unique.dedup();
    assert_eq!(codes, unique);
    for family in ["YML1", "SCH1", "SCD1", "IDS1", "ATT1", "CON1", "ENT1"] {
        assert!(codes.iter().any(|c| c.starts_with(family)), "no {family} lint");
    }
}

#[test]
fn config_file_sets_paths_and_ignores() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rules = dir.path().join("content");
    std::fs::create_dir_all(&rules).expect("mkdir");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cases/028-yaml-tabs/rule.yaml"),
        rules.join("rule.yaml"),
    )
    .expect("copy");
    std::fs::write(
        dir.path().join("sentinelctl.toml"),
        "[lint]\npaths = [\"content\"]\nignore = [\"YML\"]\n",
    )
    .expect("config");
    let mut command = cargo_bin_cmd!("sentinelctl");
    command.current_dir(dir.path()).args(["lint", "--format", "json"]);
    let output = command.output().expect("runs");
    let report: Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(report["summary"]["files"], 1);
    assert_eq!(report["diagnostics"], Value::Array(Vec::new()));
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn an_invalid_config_is_a_tool_failure_naming_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("sentinelctl.toml"), "[lint]\nselct = []\n").expect("config");
    let mut command = cargo_bin_cmd!("sentinelctl");
    command.current_dir(dir.path()).arg("lint");
    command
        .assert()
        .code(2)
        .stderr(predicate::str::contains("sentinelctl.toml:2:1: invalid configuration: "))
        .stderr(predicate::str::contains("unknown field `selct`"));
}

/// A throwaway git repository with one committed rule, for `--base`.
fn repo_with_rule(rule: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(dir.path())
            .output()
            .expect("git runs");
        assert!(
            status.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&status.stderr)
        );
    };
    git(&["init", "-q"]);
    std::fs::create_dir_all(dir.path().join("rules")).expect("mkdir");
    std::fs::write(dir.path().join("rules/a.yaml"), rule).expect("write");
    std::fs::write(dir.path().join("rules/b.yaml"), rule.replace("4a1b3f06", "5b2c4e17"))
        .expect("write");
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "base"]);
    dir
}

const BASE_RULE: &str = "id: 4a1b3f06-7d5e-4c39-9a0d-1f2e3d4c5b6a\nname: A\ndescription: A\n\
    requiredDataConnectors: []\nquery: SigninLogs | take 1\nversion: 1.0.0\n";

#[test]
fn base_revision_catches_changed_ids_unbumped_versions_and_deletions() {
    let repo = repo_with_rule(BASE_RULE);
    let changed_id = BASE_RULE.replace("4a1b3f06", "9f9f9f9f");
    std::fs::write(repo.path().join("rules/a.yaml"), changed_id).expect("write");
    std::fs::remove_file(repo.path().join("rules/b.yaml")).expect("delete");
    let mut command = cargo_bin_cmd!("sentinelctl");
    command.current_dir(repo.path()).args(["lint", "--base", "HEAD", "--format", "json"]);
    let output = command.output().expect("runs");
    let report: Value = serde_json::from_slice(&output.stdout).expect("json");
    let found = codes(&report);
    assert!(found.contains(&"IDS103".to_owned()), "{found:?}");
    assert!(found.contains(&"IDS105".to_owned()), "{found:?}");
    assert_eq!(output.status.code(), Some(1));

    // GitHub cannot annotate a deleted file: that finding goes on the run, naming the file.
    let mut command = cargo_bin_cmd!("sentinelctl");
    command.current_dir(repo.path()).args(["lint", "--base", "HEAD", "--format", "github"]);
    let output = command.output().expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let deleted: Vec<&str> = stdout.lines().filter(|l| l.contains("IDS105")).collect();
    assert_eq!(
        deleted,
        ["::notice title=IDS105::rules/b.yaml: Rule `A` was deleted since the base revision; \
          the deployed rule stays until pruned"],
        "{stdout}"
    );
    assert!(stdout.contains("::error file=rules/a.yaml,"), "{stdout}");
}

#[test]
fn base_revision_requires_a_version_bump_for_content_changes() {
    let repo = repo_with_rule(BASE_RULE);
    let edited = BASE_RULE.replace("take 1", "take 2");
    std::fs::write(repo.path().join("rules/a.yaml"), &edited).expect("write");
    let run = || {
        let mut command = cargo_bin_cmd!("sentinelctl");
        command.current_dir(repo.path()).args(["lint", "--base", "HEAD", "--format", "json"]);
        let output = command.output().expect("runs");
        serde_json::from_slice::<Value>(&output.stdout).expect("json")
    };
    let report = run();
    assert_eq!(codes(&report), ["IDS104"]);
    let message = report["diagnostics"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("old `1.0.0`, new `1.0.0`"), "{message}");

    std::fs::write(repo.path().join("rules/a.yaml"), edited.replace("1.0.0", "1.0.1"))
        .expect("write");
    assert_eq!(codes(&run()), Vec::<String>::new());
}

#[test]
fn config_can_downgrade_a_code_to_a_warning() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("rules")).expect("mkdir");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/cases/014-unknown-key-requiredtechniques/rule.yaml"),
        dir.path().join("rules/rule.yaml"),
    )
    .expect("copy");
    std::fs::write(dir.path().join("sentinelctl.toml"), "[lint.severity]\nSCH102 = \"warning\"\n")
        .expect("config");
    let mut command = cargo_bin_cmd!("sentinelctl");
    command.current_dir(dir.path()).args(["lint", "--format", "json", "--select", "SCH102"]);
    let output = command.output().expect("runs");
    let report: Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(report["diagnostics"][0]["code"], "SCH102");
    assert_eq!(report["diagnostics"][0]["severity"], "warning");
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn an_unknown_code_is_a_tool_failure_not_a_silent_pass() {
    sentinelctl()
        .args(["lint", "--select", "FOO123"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`FOO123` matches no lint code"));
}

#[test]
fn paths_from_the_config_are_reported_relative_to_the_current_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("content")).expect("mkdir");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cases/028-yaml-tabs/rule.yaml"),
        dir.path().join("content/rule.yaml"),
    )
    .expect("copy");
    std::fs::write(dir.path().join("sentinelctl.toml"), "[lint]\npaths = [\"content\"]\n")
        .expect("config");
    let mut command = cargo_bin_cmd!("sentinelctl");
    command.current_dir(dir.path()).args(["lint", "--format", "json"]);
    let output = command.output().expect("runs");
    let report: Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(report["diagnostics"][0]["file"], "content/rule.yaml");
}

#[test]
fn an_empty_folder_warns_that_nothing_was_linted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut command = cargo_bin_cmd!("sentinelctl");
    command.current_dir(dir.path()).args(["lint", "."]);
    command
        .assert()
        .code(0)
        .stderr(predicate::str::contains("no rule files"))
        .stdout(predicate::str::contains("No rule files checked"));
    let mut strict = cargo_bin_cmd!("sentinelctl");
    strict.current_dir(dir.path()).args(["lint", ".", "--strict"]);
    strict.assert().code(2).stderr(predicate::str::contains("error: no rule files"));
    let mut json = cargo_bin_cmd!("sentinelctl");
    json.current_dir(dir.path()).args(["lint", ".", "--strict", "--format", "json"]);
    let report: Value = serde_json::from_slice(&json.output().expect("runs").stdout).expect("json");
    assert!(report["tool_errors"][0].as_str().is_some_and(|e| e.starts_with("no rule files")));
}

#[test]
fn an_unknown_code_in_the_config_names_the_config_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("sentinelctl.toml"), "[lint.severity]\nXYZ999 = \"info\"\n")
        .expect("config");
    let mut command = cargo_bin_cmd!("sentinelctl");
    command.current_dir(dir.path()).args(["lint", "."]);
    command
        .assert()
        .code(2)
        .stderr(predicate::str::contains("sentinelctl.toml"))
        .stderr(predicate::str::contains("`XYZ999` matches no lint code"));
}

/// A folder with `rules/r.yaml`, whose query reads `MyApp_CL` and misspells its column
/// `Result_s` on line 11, and `CustomTables/MyApp_CL.json`, the table's schema.
fn rules_reading_a_custom_table() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("rules")).expect("mkdir");
    std::fs::create_dir_all(dir.path().join("CustomTables")).expect("mkdir");
    std::fs::write(
        dir.path().join("rules/r.yaml"),
        "id: 0b3c5e3a-9d7c-4c55-8f7b-6a1f2e3d4c5b\nname: App failures\ndescription: d\n\
         requiredDataConnectors: []\ntactics:\n  - Discovery\nrelevantTechniques:\n  - T1087\n\
         query: |\n  MyApp_CL\n  | project TimeGenerated, Reslt_s\n",
    )
    .expect("rule");
    std::fs::write(
        dir.path().join("CustomTables/MyApp_CL.json"),
        r#"{"Name": "MyApp_CL", "Properties": [{"Name": "TimeGenerated", "Type": "datetime"},
            {"Name": "Result_s", "Type": "string"}]}"#,
    )
    .expect("schema");
    dir
}

#[test]
fn custom_table_schemas_from_the_config_resolve_columns() {
    let dir = rules_reading_a_custom_table();
    std::fs::write(dir.path().join("sentinelctl.toml"), "[lint]\nschemas = [\"CustomTables\"]\n")
        .expect("config");
    let mut command = cargo_bin_cmd!("sentinelctl");
    command.current_dir(dir.path()).args(["lint", "--format", "json"]);
    let output = command.output().expect("runs");
    let report: Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(codes(&report), ["KQL201"]);
    assert_eq!(report["diagnostics"][0]["line"], 11);
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn a_malformed_schema_file_is_reported_at_its_line_and_the_other_schemas_still_apply() {
    let dir = rules_reading_a_custom_table();
    std::fs::write(
        dir.path().join("CustomTables/Bad_CL.json"),
        "{\n  \"Name\": \"Bad_CL\",\n  oops\n}",
    )
    .expect("schema");
    let mut command = cargo_bin_cmd!("sentinelctl");
    command.current_dir(dir.path()).args(["lint", "--format", "json", "--schemas", "CustomTables"]);
    let output = command.output().expect("runs");
    let report: Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(codes(&report), ["KQL201"], "MyApp_CL.json still resolves the columns");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: CustomTables/Bad_CL.json:3:3: invalid table schema: key must be a string; the \
         tables it defines are unknown to this run\n"
    );
}

#[test]
fn a_missing_schema_folder_says_so_and_where_it_was_named() {
    let dir = rules_reading_a_custom_table();
    std::fs::write(dir.path().join("sentinelctl.toml"), "[lint]\nschemas = [\"CustomTable\"]\n")
        .expect("config");
    let mut command = cargo_bin_cmd!("sentinelctl");
    command.current_dir(dir.path()).args(["lint", "--schemas", "NoSuch"]);
    command
        .assert()
        .code(2)
        .stdout(predicate::str::contains("rules/r.yaml"))
        .stderr(predicate::str::contains(
            "error: --schemas: custom table schema folder NoSuch does not exist\n",
        ))
        .stderr(predicate::str::contains(
            "sentinelctl.toml:2:12: `schemas` in [lint]: custom table schema folder CustomTable \
             does not exist",
        ));
}

#[test]
fn an_unknown_code_in_the_config_is_shown_at_its_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("sentinelctl.toml"),
        "[lint]\nignore = [\"SCH102\", \"ATT999\"]\n\n[lint.severity]\nXYZ1 = \"info\"\n",
    )
    .expect("config");
    let mut command = cargo_bin_cmd!("sentinelctl");
    command.current_dir(dir.path()).args(["lint", "."]);
    command
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "sentinelctl.toml:2:21: `ignore` in [lint]: `ATT999` matches no lint code",
        ))
        .stderr(predicate::str::contains(
            "sentinelctl.toml:5:1: [lint.severity]: `XYZ1` matches no lint code",
        ));
}

#[test]
fn junit_reports_warnings_as_skipped_tests_unless_strict() {
    let args = ["lint", "tests/fixtures/cases/026-duplicate-guid/rules", "--select", "IDS102"];
    let output = sentinelctl().args(args).args(["--format", "junit"]).output().expect("runs");
    let xml = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "warnings do not fail the run");
    assert!(xml.contains(r#"failures="0" errors="0" skipped="1""#), "{xml}");
    assert!(xml.contains("<skipped message=\"warning: "), "{xml}");
    let output =
        sentinelctl().args(args).args(["--format", "junit", "--strict"]).output().expect("runs");
    let xml = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1));
    assert!(xml.contains(r#"failures="1" errors="0" skipped="0""#), "{xml}");
}

#[test]
fn rule_takes_a_name_or_a_family_prefix() {
    sentinelctl()
        .args(["rule", "unknown-key"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("# unknown-key (SCH102)"));
    let output = sentinelctl().args(["rule", "SCH"]).output().expect("runs");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success());
    assert!(text.lines().count() > 3 && text.lines().all(|l| l.starts_with("SCH1")), "{text}");
    sentinelctl()
        .args(["rule", "unknwon-key"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `unknown-key`?"));
}

#[test]
fn verbose_logging_shows_our_lines_only_unless_rust_log_says_otherwise() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("sentinelctl.toml"), "[lint]\nexclude = [\"**/drafts/**\"]\n")
        .expect("config");
    let run = |rust_log: Option<&str>| {
        let mut command = cargo_bin_cmd!("sentinelctl");
        command.current_dir(dir.path()).env_remove("RUST_LOG").args(["lint", "-vv", "."]);
        if let Some(filter) = rust_log {
            command.env("RUST_LOG", filter);
        }
        String::from_utf8_lossy(&command.output().expect("runs").stderr).into_owned()
    };
    let stderr = run(None);
    assert!(stderr.contains("loaded configuration"), "{stderr}");
    assert!(!stderr.contains("globset"), "{stderr}");
    assert!(run(Some("globset=debug")).contains("globset"));
}

#[test]
fn a_bad_command_line_exits_2_but_1_under_detailed_exitcode_where_2_means_changes() {
    let run = |args: &[&str]| cargo_bin_cmd!("sentinelctl").args(args).output().expect("runs");
    let plain = run(&["plan", "--format", "xml"]);
    assert_eq!(plain.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&plain.stderr).contains("invalid value 'xml'"));
    let detailed = run(&["plan", "--detailed-exitcode", "--format", "xml"]);
    assert_eq!(detailed.status.code(), Some(1));
    for form in ["--detailed-exitcode=true", "--detailed-exitcode="] {
        let detailed = run(&["plan", form, "--format", "xml"]);
        assert_eq!(detailed.status.code(), Some(1), "{form}");
    }
    let not_detailed = run(&["plan", "--detailed-exitcode=false", "--format", "xml"]);
    assert_eq!(not_detailed.status.code(), Some(2));
    let help = run(&["plan", "--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&help.stdout).contains("--detailed-exitcode"));
}

/// `--fix` rewrites what has one certain fix, including what a first fix uncovers, keeps the
/// byte-order mark and CRLF line endings, leaves near misses alone, and reports the rest.
#[test]
fn fix_rewrites_certain_fixes_in_place_and_reports_what_is_left() {
    let dir = tempfile::tempdir().expect("temp dir");
    let lines = [
        "\u{feff}id: 4b1f6d8e-2c3a-4e5f-9a7b-1c2d3e4f5a6b",
        "name: Fixable",
        "description: d",
        "severity: \"high\"",
        "requiredDataConnectors: []",
        "queryFrequency: 1h",
        "queryPeriod: 1h",
        "triggerOperator: gt",
        "triggerThreshold: 0",
        "tactics:",
        "  - Defense Evasion",
        "requiredTechniques:",
        "  - t1219",
        "query: |",
        "  SigninLogs",
        "  | where ipaddress != \"\" and UserPrincipalNme != \"\"",
        "version: 1.0.0",
        "kind: scheduled",
        "",
    ];
    let path = dir.path().join("rule.yaml");
    std::fs::write(&path, lines.join("\r\n")).expect("write");
    let mut command = cargo_bin_cmd!("sentinelctl");
    command.current_dir(dir.path()).args(["lint", "rule.yaml", "--fix", "--format", "json"]);
    let output = command.output().expect("runs");
    assert_eq!(output.status.code(), Some(1), "the near miss is left");
    assert!(String::from_utf8_lossy(&output.stderr).contains("fixed 6 finding(s) in 1 file(s)"));
    let report: Value = serde_json::from_slice(&output.stdout).expect("json");
    let left: Vec<&str> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["message"].as_str().expect("message"))
        .collect();
    // A tactic to add is the author's call; so is a near-miss column name.
    assert_eq!(left.len(), 2, "{left:?}");
    assert!(left[0].starts_with("Technique `T1219` (Remote Access Tools) belongs to"));
    assert_eq!(left[1], "Unknown column `UserPrincipalNme`");

    let fixed = std::fs::read_to_string(&path).expect("read");
    let expected = lines
        .join("\r\n")
        .replace("\"high\"", "High")
        .replace("Defense Evasion", "DefenseEvasion")
        .replace("requiredTechniques", "relevantTechniques")
        .replace("t1219", "T1219")
        .replace("ipaddress", "IPAddress")
        .replace("kind: scheduled", "kind: Scheduled");
    assert_eq!(fixed, expected);
}

#[test]
fn new_starts_a_rule_with_a_fresh_id_and_never_replaces_a_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let new = || {
        let mut command = cargo_bin_cmd!("sentinelctl");
        command.current_dir(dir.path()).args(["new", "scheduled", "--name", "Atera: signed file"]);
        command.output().expect("runs")
    };
    let first = new();
    assert_eq!(first.status.code(), Some(0));
    let path = dir.path().join("rules/analytics/atera-signed-file.yaml");
    let text = std::fs::read_to_string(&path).expect("written");
    let id = text.lines().next().and_then(|l| l.strip_prefix("id: ")).expect("id first");
    assert!(uuid::Uuid::parse_str(id).is_ok(), "{id}");
    assert!(String::from_utf8_lossy(&first.stderr).contains(id));
    let again = new();
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));
    assert_eq!(std::fs::read_to_string(&path).expect("kept"), text);
}

fn rule_with(query_and_rest: &str, extra_keys: &str) -> String {
    format!(
        "id: 4b1f6d8e-2c3a-4e5f-9a7b-1c2d3e4f5a6b\nname: Fix edges\ndescription: d\n\
         severity: Medium\nrequiredDataConnectors: []\nqueryFrequency: 1h\nqueryPeriod: 1h\n\
         triggerOperator: gt\ntriggerThreshold: 0\ntactics: [Discovery]\n{extra_keys}\
         {query_and_rest}version: 1.0.0\nkind: Scheduled\n"
    )
}

fn lint_fix(dir: &std::path::Path, file: &str) -> (i32, Value) {
    let mut command = cargo_bin_cmd!("sentinelctl");
    command.current_dir(dir).args(["lint", file, "--fix", "--format", "json"]);
    let output = command.output().expect("runs");
    (output.status.code().unwrap_or(-1), serde_json::from_slice(&output.stdout).expect("json"))
}

/// What `--fix` must not do: create a duplicate key, pick one of two columns that differ only
/// in case, rewrite a name spelt with escapes, or replace a symlink by a file. What it must
/// do: follow a query fix into the mappings that named the old spelling.
#[test]
fn fix_never_guesses_never_breaks_yaml_and_follows_a_column_into_its_mappings() {
    let dir = tempfile::tempdir().expect("temp dir");
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).expect("w");

    write(
        "keys.yaml",
        &rule_with(
            "query: SigninLogs\n",
            "requiredTechniques: [T1046]\nrelevanttechniques: [T1046]\n",
        ),
    );
    let (_, report) = lint_fix(dir.path(), "keys.yaml");
    let text = std::fs::read_to_string(dir.path().join("keys.yaml")).expect("read");
    assert!(text.contains("relevantTechniques: [T1046]\nrelevanttechniques:"), "{text}");
    assert!(!report.to_string().contains("YML103"), "no duplicate key: {report}");

    write(
        "ambiguous.yaml",
        &rule_with("query: |\n  SecurityEvent\n  | extend Foo = 1, FOO = 2\n  | project foo\n", ""),
    );
    let (_, report) = lint_fix(dir.path(), "ambiguous.yaml");
    assert!(report["diagnostics"][0].get("fix").is_none(), "{report}");
    let text = std::fs::read_to_string(dir.path().join("ambiguous.yaml")).expect("read");
    assert!(text.contains("| project foo\n"));

    // Both spellings in one query (a saved function's parameter next to the column) and a
    // standalone query file (whose unknown names are often parameters) get no column fix.
    let both = "query: |\n  SecurityEvent\n  | where isempty(computer) or Computer has computer\n";
    write("both.yaml", &rule_with(both, ""));
    let (_, report) = lint_fix(dir.path(), "both.yaml");
    assert!(report["diagnostics"][0].get("fix").is_none(), "{report}");
    write("function.kql", "SecurityEvent\n| where computer == \"x\"\n");
    let (_, report) = lint_fix(dir.path(), "function.kql");
    assert_eq!(report["diagnostics"][0]["code"], "KQL201", "{report}");
    assert!(report["diagnostics"][0].get("fix").is_none(), "{report}");

    write("escaped.yaml", &rule_with("query: \"SecurityEvent | project \\x63omputer\"\n", ""));
    let (_, report) = lint_fix(dir.path(), "escaped.yaml");
    assert_eq!(report["diagnostics"][0]["code"], "KQL201", "{report}");
    assert!(report["diagnostics"][0].get("fix").is_none(), "{report}");

    let mapped = "query: |\n  SecurityEvent\n  | project TimeGenerated, computer\n\
                  entityMappings:\n  - entityType: Host\n    fieldMappings:\n      \
                  - identifier: HostName\n        columnName: computer\n";
    write("mapped.yaml", &rule_with(mapped, ""));
    let (code, report) = lint_fix(dir.path(), "mapped.yaml");
    assert_eq!((code, report["diagnostics"].as_array().map(Vec::len)), (0, Some(0)), "{report}");
    let text = std::fs::read_to_string(dir.path().join("mapped.yaml")).expect("read");
    assert!(text.contains("TimeGenerated, Computer\n") && text.contains("columnName: Computer\n"));

    #[cfg(unix)]
    {
        std::fs::create_dir(dir.path().join("real")).expect("mkdir");
        write(
            "real/target.yaml",
            &rule_with("query: SigninLogs\n", "requiredTechniques: [T1046]\n"),
        );
        std::os::unix::fs::symlink("real/target.yaml", dir.path().join("link.yaml")).expect("ln");
        lint_fix(dir.path(), "link.yaml");
        let link = std::fs::symlink_metadata(dir.path().join("link.yaml")).expect("meta");
        assert!(link.file_type().is_symlink(), "the link stays a link");
        let target = std::fs::read_to_string(dir.path().join("real/target.yaml")).expect("r");
        assert!(target.contains("relevantTechniques: [T1046]"), "{target}");
    }
}

/// A bad `exclude` pattern is reported where it is written, as other configuration errors.
#[test]
fn a_bad_exclude_pattern_is_reported_at_its_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("rules")).expect("mkdir");
    std::fs::write(dir.path().join("sentinelctl.toml"), "[lint]\nexclude = [\"a/**\", \"[bad\"]\n")
        .expect("write");
    let run =
        cargo_bin_cmd!("sentinelctl").current_dir(dir.path()).arg("lint").output().expect("runs");
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr
            .contains("sentinelctl.toml:2:20: `exclude` in [lint]: invalid exclude pattern `[bad`"),
        "{stderr}"
    );
}

#[test]
fn new_refuses_a_name_or_file_a_rule_cannot_have_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let long = "x".repeat(257);
    for (args, expected) in [
        (&["--name", ""][..], "--name is empty"),
        (&["--name", "two\nlines"][..], "line break"),
        (&["--name", long.as_str()][..], "257 characters long, maximum 256"),
        (&["--out", "rule.json"][..], "must end in .yaml or .yml"),
    ] {
        let run = cargo_bin_cmd!("sentinelctl")
            .current_dir(dir.path())
            .args(["new", "nrt"])
            .args(args)
            .output()
            .expect("runs");
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
    assert!(std::fs::read_dir(dir.path()).expect("dir").next().is_none(), "nothing written");
}
