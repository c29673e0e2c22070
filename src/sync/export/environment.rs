//! Exporting from an environment whose rules are deployed with overrides (`--env dev` with
//! `enabled = false`, say): the live values of the overridden settings are the
//! environment's, not the rule's own, and must not reach Git as if they were.
//!
//! When a file already holds the rule, its own values of the overridden settings are kept
//! (the override still applies on the next deploy to that environment, so the export plans
//! as unchanged there). A new file can only hold the live values (`severity` is required), so
//! each such rule is reported, naming the settings to check before the file is deployed to
//! another environment.

use serde_json::Value;

use super::existing::Existing;
use crate::azure::alert_rules::AlertRule;
use crate::sync::overrides::{Overrides, Settings};

/// A rule whose new file holds an environment's overridden values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Overridden {
    pub id: String,
    pub display_name: String,
    /// The overridden settings and the live values written, e.g. `("enabled", "false")`.
    pub fields: Vec<(&'static str, String)>,
}

/// What [`restore_base`] did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Restored {
    /// The live rules, with the existing files' own values of the overridden settings.
    pub rules: Vec<AlertRule>,
    /// How many rules kept their file's own values.
    pub kept: usize,
    /// Rules written to new files with the environment's values.
    pub overridden: Vec<Overridden>,
}

/// Puts back, in every live rule the environment overrides, the values of the file that
/// already holds it, and lists the rules that have no such file.
pub fn restore_base(rules: &[AlertRule], overrides: &Overrides, existing: &Existing) -> Restored {
    let mut restored = Restored::default();
    for rule in rules {
        let settings = overrides.for_rule(&rule.name);
        let analytic = ["scheduled", "nrt"].contains(&rule.kind.to_ascii_lowercase().as_str());
        if !analytic || settings == Settings::default() {
            restored.rules.push(rule.clone());
            continue;
        }
        let mut rule = rule.clone();
        match existing.get(&rule.name) {
            Some(file) => {
                if settings.enabled.is_some() {
                    let own = file.enabled.unwrap_or(true);
                    rule.properties.insert("enabled".into(), Value::Bool(own));
                }
                if let (Some(_), Some(own)) = (&settings.severity, &file.severity) {
                    rule.properties.insert("severity".into(), Value::String(own.clone()));
                }
                restored.kept += 1;
            }
            None => restored.overridden.push(overridden(&rule, &settings)),
        }
        restored.rules.push(rule);
    }
    restored
}

fn overridden(rule: &AlertRule, settings: &Settings) -> Overridden {
    let live = |key: &str| match rule.properties.get(key) {
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
        None => "absent".to_owned(),
    };
    let mut fields = Vec::new();
    if settings.enabled.is_some() {
        fields.push(("enabled", live("enabled")));
    }
    if settings.severity.is_some() {
        fields.push(("severity", live("severity")));
    }
    let display_name = rule.properties.get("displayName").and_then(Value::as_str);
    Overridden {
        id: rule.name.clone(),
        display_name: display_name.unwrap_or_default().to_owned(),
        fields,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::json;

    use super::*;

    const KEPT: &str = "bcc0724a-5ab4-49ea-9b1d-c53f059765d7";
    const NEW: &str = "8540c842-5bbc-4a24-9fb2-a836c0e55a51";

    fn live(id: &str, kind: &str) -> AlertRule {
        let props = json!({"displayName": id, "enabled": false, "severity": "Low"});
        AlertRule::new(id, kind, props.as_object().cloned().expect("object"))
    }

    #[test]
    fn existing_files_keep_their_own_values_and_new_ones_are_reported() {
        let dir = tempfile::tempdir().expect("dir");
        let text = format!("id: {KEPT}\nname: x\nseverity: High\nquery: T\n");
        std::fs::write(dir.path().join("kept.yaml"), text).expect("write");
        let existing = Existing::scan(dir.path()).expect("scanned");
        let overrides = Overrides {
            all: Settings { enabled: Some(false), severity: None },
            rules: BTreeMap::from([(
                NEW.to_owned(),
                Settings { enabled: None, severity: Some("Low".into()) },
            )]),
        };
        let rules = [live(KEPT, "Scheduled"), live(NEW, "NRT"), live("fusion", "Fusion")];
        let restored = restore_base(&rules, &overrides, &existing);
        let kept = &restored.rules[0].properties;
        assert_eq!((&kept["enabled"], &kept["severity"]), (&json!(true), &json!("Low")));
        assert_eq!(restored.kept, 1);
        assert_eq!(restored.rules[1], rules[1], "a new file holds the live values");
        assert_eq!(restored.rules[2], rules[2], "kinds without a file format are left alone");
        assert_eq!(
            restored.overridden,
            [Overridden {
                id: NEW.into(),
                display_name: NEW.into(),
                fields: vec![("enabled", "false".into()), ("severity", "Low".into())],
            }]
        );
        let none = restore_base(&rules, &Overrides::default(), &existing);
        assert_eq!((none.rules.as_slice(), none.kept), (rules.as_slice(), 0));
    }
}
