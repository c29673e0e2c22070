//! Microsoft's official examples from the vendored spec folders, replayed against the
//! emulator: every example request is accepted with one of the example's status codes, and
//! every answer has the example response's shape (same keys, same JSON types; example
//! `null`s mean "absent" and are skipped).

mod arm_support;

use std::path::{Path, PathBuf};

use arm_support::start_emulator;
use sentinelctl::azure::saved_searches::SavedSearch;
use sentinelctl::emulator::{Faults, RunningEmulator};
use serde_json::{Value, json};

fn examples() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("vendor/arm-specs");
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .map(walkdir::DirEntry::into_path)
        .filter(|p| {
            p.extension().is_some_and(|e| e == "json")
                && p.components().any(|c| c.as_os_str() == "examples")
        })
        .collect();
    files.sort();
    files
}

fn load(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("example readable");
    serde_json::from_str(&text).expect("example is JSON")
}

/// Which collection an example is about, from its file name.
fn collection(path: &Path) -> &'static str {
    let text = path.to_string_lossy();
    if text.contains("SavedSearch") {
        "savedSearches"
    } else if text.contains("Metadata") {
        "providers/Microsoft.SecurityInsights/metadata"
    } else {
        "providers/Microsoft.SecurityInsights/alertRules"
    }
}

fn url(emulator: &RunningEmulator, example: &Value, path: &Path, name: Option<&str>) -> String {
    let p = &example["parameters"];
    let text = |key: &str| p[key].as_str().unwrap_or_default().to_owned();
    let mut url = format!(
        "{}/subscriptions/{}/resourceGroups/{}/providers/Microsoft.OperationalInsights/workspaces/{}/{}",
        emulator.url(),
        text("subscriptionId"),
        text("resourceGroupName"),
        text("workspaceName"),
        collection(path)
    );
    if let Some(name) = name {
        url.push('/');
        url.push_str(name);
    }
    format!("{url}?api-version={}", text("api-version"))
}

fn resource_name(example: &Value) -> Option<String> {
    let p = &example["parameters"];
    ["ruleId", "metadataName", "savedSearchId"]
        .iter()
        .find_map(|k| p[*k].as_str().map(str::to_owned))
}

/// Differences between `ours` and the shape of `example`, as JSON paths.
fn shape_differences(ours: &Value, example: &Value, path: &str, out: &mut Vec<String>) {
    match (ours, example) {
        (_, Value::Null) => {}
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in b {
                match a.get(key) {
                    Some(mine) => shape_differences(mine, value, &format!("{path}.{key}"), out),
                    None if value.is_null() => {}
                    None => out.push(format!("{path}.{key} missing")),
                }
            }
        }
        // Content may differ (the emulator has no template catalogue); item shapes may not.
        (Value::Array(a), Value::Array(b)) => {
            for (i, (mine, theirs)) in a.iter().zip(b).enumerate() {
                shape_differences(mine, theirs, &format!("{path}[{i}]"), out);
            }
        }
        (Value::String(_), Value::String(_))
        | (Value::Number(_), Value::Number(_))
        | (Value::Bool(_), Value::Bool(_)) => {}
        (mine, theirs) => out.push(format!("{path}: {mine} where the example has {theirs}")),
    }
}

async fn send(method: reqwest::Method, url: &str, body: Option<&Value>) -> (u16, Value) {
    let mut request = reqwest::Client::new().request(method, url);
    if let Some(body) = body {
        request = request.json(body);
    }
    let response = request.send().await.expect("emulator answers");
    let status = response.status().as_u16();
    let text = response.text().await.expect("body");
    (
        status,
        if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).expect("JSON answer")
        },
    )
}

fn assert_shape(ours: &Value, example: &Value, what: &str) {
    let mut differences = Vec::new();
    shape_differences(ours, example, "$", &mut differences);
    assert!(differences.is_empty(), "{what}: {differences:#?}\nours: {ours:#}");
}

/// Stores `resource` (an example *response*) through a PUT; ARM ignores its read-only fields.
/// Its etag is dropped so the PUT overwrites whatever an earlier example stored there.
async fn seed(emulator: &RunningEmulator, example: &Value, path: &Path, resource: &Value) {
    let mut resource = resource.clone();
    if let Some(object) = resource.as_object_mut() {
        object.remove("etag");
    }
    let resource = &resource;
    let name = resource["name"]
        .as_str()
        .map(str::to_owned)
        .or_else(|| resource_name(example))
        .expect("resource name");
    let (status, body) =
        send(reqwest::Method::PUT, &url(emulator, example, path, Some(&name)), Some(resource))
            .await;
    assert!(matches!(status, 200 | 201), "{}: seeding {name} got {status}: {body}", path.display());
}

#[tokio::test]
async fn official_examples_are_accepted_and_answered_in_shape() {
    let mut checked = 0;
    for path in examples() {
        // A fresh emulator per example: several examples use the same rule id.
        let emulator = start_emulator(Faults::default(), 100).await;
        let example = load(&path);
        let what = path.file_name().unwrap().to_string_lossy().into_owned();
        let responses = &example["responses"];
        let body_param = ["alertRule", "metadata", "parameters"]
            .iter()
            .find_map(|k| example["parameters"].get(*k).filter(|v| v.is_object()));
        let name = resource_name(&example);

        if what == "SavedSearchesListByWorkspace.json" {
            // 2020-08-01 answered a bare array with PascalCase names; the emulator serves
            // 2025-02-01, so this example checks the client's case-insensitive reader.
            let item = &responses["200"]["body"][0];
            let search = SavedSearch::from_json(item).unwrap();
            assert_eq!(
                (search.display_name.as_str(), search.tag("group")),
                ("Create or Update Saved Search Test", Some("Computer"))
            );
        } else if let Some(body) = body_param {
            let url = url(&emulator, &example, &path, name.as_deref());
            let (status, ours) = send(reqwest::Method::PUT, &url, Some(body)).await;
            assert!(
                responses.get(status.to_string()).is_some(),
                "{what}: status {status} not in the example: {ours}"
            );
            assert_shape(&ours, &responses[status.to_string()]["body"], &what);
            // Sentinel resources answer 201 then 200; a repeat PUT must be an update. Examples
            // that send an etag must send the current one now (a stale one is a 409).
            let mut repeat = body.clone();
            if repeat.get("etag").is_some() {
                repeat["etag"] = ours["etag"].clone();
            }
            let (again, ours) = send(reqwest::Method::PUT, &url, Some(&repeat)).await;
            assert_eq!(again, 200, "{what}: repeated PUT");
            assert_shape(&ours, &responses["200"]["body"], &what);
        } else if what.starts_with("Delete") {
            let url = url(&emulator, &example, &path, name.as_deref());
            let rule = json!({"kind": "Fusion", "properties": {"alertRuleTemplateName": "t", "enabled": true}});
            assert!(matches!(send(reqwest::Method::PUT, &url, Some(&rule)).await.0, 200 | 201));
            for expected in [200, 204] {
                let (status, _) = send(reqwest::Method::DELETE, &url, None).await;
                assert_eq!(status, expected, "{what}");
                assert!(
                    responses.get(expected.to_string()).is_some(),
                    "{what}: {expected} not in the example"
                );
            }
        } else if let Some(name) = name {
            let expected = &responses["200"]["body"];
            seed(&emulator, &example, &path, expected).await;
            let (status, ours) =
                send(reqwest::Method::GET, &url(&emulator, &example, &path, Some(&name)), None)
                    .await;
            assert_eq!(status, 200, "{what}: {ours}");
            assert_shape(&ours, expected, &what);
        } else {
            // A list: store every listed resource, then list and compare item by item.
            let expected = &responses["200"]["body"];
            let items = expected["value"].as_array().unwrap();
            for item in items {
                seed(&emulator, &example, &path, item).await;
            }
            let (status, ours) =
                send(reqwest::Method::GET, &url(&emulator, &example, &path, None), None).await;
            assert_eq!(status, 200, "{what}");
            for item in items {
                let mine =
                    ours["value"].as_array().unwrap().iter().find(|v| v["name"] == item["name"]);
                assert_shape(
                    mine.unwrap_or(&Value::Null),
                    item,
                    &format!("{what} {}", item["name"]),
                );
            }
        }
        checked += 1;
        emulator.shutdown().await;
    }
    assert_eq!(checked, 17, "every vendored example was replayed");
}
