//! `sentinelctl emulator` as a user runs it: it prints its URL, serves ARM paths with the
//! flags' fault injection, and keeps state in `--state FILE` across restarts.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use serde_json::json;

/// Starts the emulator binary and returns it with the URL it printed.
fn start(args: &[&str]) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sentinelctl"))
        .args(["emulator", "--port", "0"])
        .args(args)
        .stdout(Stdio::piped())
        .spawn()
        .expect("emulator starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).expect("first line");
    let url = line.trim().rsplit(' ').next().expect("url").to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "{line}");
    (child, url)
}

fn rule_url(base: &str) -> String {
    format!(
        "{base}/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law/providers/Microsoft.SecurityInsights/alertRules/r1?api-version=2025-07-01-preview"
    )
}

#[tokio::test]
async fn the_emulator_command_serves_throttles_and_keeps_state() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let state_arg = state.to_str().unwrap();
    let (mut child, url) =
        start(&["--state", state_arg, "--throttle-every", "1", "--retry-after", "3"]);
    let http = reqwest::Client::new();
    let body = json!({"kind": "NRT", "properties": {"displayName": "d", "enabled": true, "query": "T",
        "severity": "Low", "suppressionDuration": "PT1H", "suppressionEnabled": false}});

    let response = http.put(rule_url(&url)).json(&body).send().await.unwrap();
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers()["retry-after"], "3");
    http.put(format!("{url}/_emulator/faults")).json(&json!({})).send().await.unwrap();
    assert_eq!(http.put(rule_url(&url)).json(&body).send().await.unwrap().status(), 201);
    child.kill().unwrap();
    child.wait().unwrap();

    let (mut child, url) = start(&["--state", state_arg]);
    let response = http.get(rule_url(&url)).send().await.unwrap();
    assert_eq!(response.status(), 200, "the rule survived the restart");
    child.kill().unwrap();
    child.wait().unwrap();
}
