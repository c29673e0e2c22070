//! What an export keeps of the file that already holds the rule.
//!
//! Exporting into a repository is a pull: it must bring in what the workspace knows and keep
//! what only the file knows. The live rule holds the query, schedule, mappings and the other
//! fields the export writes, and those come from it; it does not hold:
//!
//! - `requiredDataConnectors`: a live rule records no connectors, so the file's list stays
//!   instead of the export's `[]`;
//! - `version`, when neither the ownership marker nor the rule records one: the file's stays.
//!   A marker that records the version `deploy` writes for a file without one
//!   ([`marker::DEFAULT_VERSION`]) says nothing about a file without one either, so such a
//!   file gets no version. Any other recorded version wins, as for a new file;
//! - every top-level key the export never writes for that kind of file (`tags`, `metadata`,
//!   `status`, a hunting query's `severity` or `entityMappings`, ...).
//!
//! The result keeps the export's key order ([`ANALYTIC_KEYS`]); kept keys that order does not
//! know follow at the end, in the file's order.

use crate::sync::from_arm::{ANALYTIC_KEYS, HUNTING_KEYS};
use crate::sync::marker;
use crate::yaml::{Entry, Node, Value};

use super::FileKind;

const CONNECTORS: &str = "requiredDataConnectors";
const VERSION: &str = "version";

/// The exported tree of a rule with what it keeps of `file`, the file that holds the rule;
/// `recorded` is the version the rule's marker records, if any.
pub fn keep(exported: Node, file: &Node, kind: FileKind, recorded: Option<&str>) -> Node {
    let Node { value: Value::Map(mut entries), range, style } = exported else {
        return exported;
    };
    let Some(own) = file.as_map() else {
        return Node::new(Value::Map(entries), range, style);
    };
    keep_connectors(&mut entries, file);
    keep_version(&mut entries, file, recorded);
    let written = if kind == FileKind::Hunting { HUNTING_KEYS } else { ANALYTIC_KEYS };
    for entry in own.iter().filter(|e| !written.contains(&e.key.as_str())) {
        if !entries.iter().any(|e| e.key == entry.key) {
            entries.push(entry.clone());
        }
    }
    // Stable, so the export's own keys (already in order) and unknown keys keep their order.
    entries.sort_by_key(|entry| rank(&entry.key));
    Node::new(Value::Map(entries), range, style)
}

/// The file's connectors replace the list the live rule cannot fill.
fn keep_connectors(entries: &mut [Entry], file: &Node) {
    let Some(own) = file.get(CONNECTORS) else { return };
    let slot = entries.iter_mut().find(|e| e.key == CONNECTORS);
    if let Some(slot) = slot.filter(|e| e.value.as_seq().is_some_and(<[Node]>::is_empty)) {
        slot.value = own.clone();
    }
}

/// The file's version when the workspace records none; no version when the workspace only
/// records the one deploy writes for a file without a version.
fn keep_version(entries: &mut Vec<Entry>, file: &Node, recorded: Option<&str>) {
    match file.entry(VERSION) {
        None if recorded == Some(marker::DEFAULT_VERSION) => {
            entries.retain(|e| e.key != VERSION);
        }
        Some(own) if !entries.iter().any(|e| e.key == VERSION) => entries.push(own.clone()),
        _ => {}
    }
}

/// Where a key goes: its place in the export's order, unknown keys after all of them.
fn rank(key: &str) -> usize {
    ANALYTIC_KEYS.iter().position(|known| *known == key).unwrap_or(ANALYTIC_KEYS.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{parse, to_yaml_string};

    fn tree(text: &str) -> Node {
        parse(text).root.expect("a document")
    }

    fn kept(exported: &str, file: &str, kind: FileKind, recorded: Option<&str>) -> String {
        let node = keep(tree(exported), &tree(file), kind, recorded);
        to_yaml_string(&node).expect("written")
    }

    const LIVE: &str = "id: a\nname: Live\nseverity: High\nrequiredDataConnectors: []\n\
        queryFrequency: 1h\nquery: |\n  T\nkind: Scheduled\n";

    #[test]
    fn the_files_connectors_and_extra_keys_stay_and_live_fields_win() {
        let file = "id: a\nname: Old\nseverity: Low\nmetadata:\n  author:\n    name: me\n\
            requiredDataConnectors:\n  - connectorId: AzureActiveDirectory\n    dataTypes:\n\
            \x20     - SigninLogs\nstatus: Available\ntactics:\n  - Execution\nquery: |\n  Old\n\
            kind: Scheduled\ntags:\n  - Custom\n";
        let text = kept(LIVE, file, FileKind::Scheduled, None);
        assert_eq!(
            text,
            "id: a\nname: Live\nseverity: High\nrequiredDataConnectors:\n\
             \x20 - connectorId: AzureActiveDirectory\n    dataTypes:\n      - SigninLogs\n\
             queryFrequency: 1h\nquery: |\n  T\nkind: Scheduled\nmetadata:\n  author:\n\
             \x20   name: me\nstatus: Available\ntags:\n  - Custom\n"
        );
    }

    #[test]
    fn a_hunting_querys_file_only_keys_take_their_places_in_the_order() {
        let live = "id: h\nname: Hunt\nrequiredDataConnectors: []\nquery: |\n  T\n";
        let file = "id: h\nname: Hunt\ntags:\n  - x\nseverity: Medium\nquery: |\n  T\n\
            entityMappings:\n  - entityType: Host\n";
        let text = kept(live, file, FileKind::Hunting, None);
        let keys: Vec<&str> =
            text.lines().filter(|l| !l.starts_with([' ', '-'])).collect::<Vec<_>>();
        assert_eq!(
            keys,
            [
                "id: h",
                "name: Hunt",
                "severity: Medium",
                "requiredDataConnectors: []",
                "query: |",
                "entityMappings:",
                "tags:"
            ]
        );
    }

    #[test]
    fn a_file_without_a_version_gets_none_from_the_deploy_default() {
        let live = format!("{LIVE}version: 1.0.0\n");
        let text = kept(&live, "id: a\n", FileKind::Scheduled, Some("1.0.0"));
        assert!(!text.contains("version"), "{text}");
        let live = format!("{LIVE}version: 1.2.3\n");
        let text = kept(&live, "id: a\n", FileKind::Scheduled, Some("1.2.3"));
        assert!(text.contains("version: 1.2.3\n"), "a recorded version wins: {text}");
    }

    #[test]
    fn the_files_version_stays_when_the_workspace_records_none() {
        let text = kept(LIVE, "id: a\nversion: 2.0.1\n", FileKind::Scheduled, None);
        assert!(text.ends_with("query: |\n  T\nversion: 2.0.1\nkind: Scheduled\n"), "{text}");
        let live = format!("{LIVE}version: 1.0.0\n");
        let text = kept(&live, "id: a\nversion: 2.0.1\n", FileKind::Scheduled, Some("1.0.0"));
        assert!(text.contains("version: 1.0.0\n"), "the recorded version wins: {text}");
    }

    #[test]
    fn keys_the_live_rule_no_longer_has_are_dropped() {
        let file = "id: a\nname: Old\ntactics:\n  - Execution\nenabled: false\n\
            suppressionEnabled: true\nsuppressionDuration: 1h\nrequiredDataConnectors: []\n";
        let text = kept(LIVE, file, FileKind::Scheduled, None);
        assert_eq!(text, to_yaml_string(&tree(LIVE)).expect("written"));
    }
}
