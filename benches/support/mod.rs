//! Inputs shared by the benchmarks: the committed KQL conformance corpus
//! (`tests/kql-conformance/*/queries.jsonl`), as query texts or as generated rule files.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// Every query text of the conformance corpus, in a stable order.
pub fn conformance_queries() -> Vec<String> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/kql-conformance");
    let mut files: Vec<PathBuf> = fs::read_dir(&data)
        .expect("conformance data folder")
        .filter_map(|entry| Some(entry.ok()?.path().join("queries.jsonl")))
        .filter(|path| path.exists())
        .collect();
    files.sort();
    let mut queries = Vec::new();
    for file in files {
        let content = fs::read_to_string(file).expect("readable queries.jsonl");
        for line in content.lines().filter(|line| !line.is_empty()) {
            let record: serde_json::Value = serde_json::from_str(line).expect("valid record");
            if let Some(text) = record.get("text").and_then(|text| text.as_str()) {
                queries.push(text.to_owned());
            }
        }
    }
    queries
}

/// Writes each query as a hunting-query YAML file (query in a `|` block, the layout real
/// repositories use) under `dir`; returns the paths and the total size in bytes.
#[allow(dead_code, reason = "not every benchmark lints rule files")]
pub fn write_rule_files(dir: &Path, queries: &[String]) -> (Vec<PathBuf>, usize) {
    let mut paths = Vec::new();
    let mut bytes = 0;
    for (index, query) in queries.iter().enumerate() {
        let path = dir.join(format!("hunting/q{index:05}.yaml"));
        let text = rule_yaml(index, query);
        bytes += text.len();
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(&path, text).expect("write rule");
        paths.push(path);
    }
    (paths, bytes)
}

/// A hunting-query file around `query`, with a unique GUID.
fn rule_yaml(index: usize, query: &str) -> String {
    let mut text = format!(
        "id: {index:08x}-0000-4000-8000-000000000000\nname: Query {index}\n\
         description: Generated from the conformance corpus\nrequiredDataConnectors: []\n\
         tactics:\n  - Discovery\nrelevantTechniques:\n  - T1087\nquery: |\n"
    );
    for line in query.lines() {
        let _ = writeln!(text, "  {}", line.trim_end());
    }
    text
}
