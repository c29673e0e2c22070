//! Per-environment overrides: the same rules deployed with other settings to another
//! workspace, e.g. every rule disabled in `dev`, or one noisy rule at `Low` in `test`.
//!
//! Overrides live in the environment's table of `sentinelctl.toml`:
//!
//! ```toml
//! [environments.dev]
//! subscription = "00000000-0000-0000-0000-000000000000"
//! resource_group = "rg-sentinel-dev"
//! workspace = "law-sentinel-dev"
//!
//! [environments.dev.overrides]          # every analytic rule deployed to dev
//! enabled = false
//! severity = "Low"
//!
//! [environments.dev.rules."bcc0724a-5ab4-49ea-9b1d-c53f059765d7"]   # one rule, by id
//! enabled = true                        # wins over [environments.dev.overrides]
//! ```
//!
//! Keys are `enabled` (true or false) and `severity` (`High`, `Medium`, `Low`,
//! `Informational`); unknown keys and values are errors, so a typo never deploys the
//! repository's settings to the wrong workspace. Overrides apply to analytic rules only
//! (hunting queries have neither setting) and are part of the local side of every
//! comparison: a rule disabled by an override is not drift.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;
use thiserror::Error;

use crate::azure::alert_rules::AlertRule;

/// The severities ARM accepts.
const SEVERITIES: &[&str] = &["High", "Medium", "Low", "Informational"];

/// An environment table that cannot be read.
#[derive(Debug, Error, PartialEq, Eq)]
#[error("invalid overrides in [environments.{environment}]: {message}")]
pub struct OverrideError {
    pub environment: String,
    /// The keys below `[environments.NAME]` down to the setting at fault, as far as known,
    /// so the caller can point at the line it is written on.
    pub key: Vec<String>,
    pub message: String,
}

/// Settings that replace the rule file's.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub enabled: Option<bool>,
    pub severity: Option<String>,
}

/// The overrides of one environment: for every rule, and per rule id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Overrides {
    pub all: Settings,
    pub rules: BTreeMap<String, Settings>,
}

#[derive(Deserialize)]
struct Table {
    #[serde(default)]
    overrides: Settings,
    #[serde(default)]
    rules: BTreeMap<String, Settings>,
}

impl Overrides {
    /// The overrides of environment `name` (none without an environment). The workspace
    /// keys of the table are read by `azure::workspace`; only the override keys are read
    /// here.
    pub fn for_environment(
        environments: &toml::Table,
        name: Option<&str>,
    ) -> Result<Self, OverrideError> {
        let Some(name) = name else { return Ok(Self::default()) };
        let Some(table) = environments.get(name).and_then(toml::Value::as_table) else {
            return Ok(Self::default());
        };
        let error = |(key, message): (Vec<String>, String)| OverrideError {
            environment: name.to_owned(),
            key,
            message,
        };
        let mut only_ours = toml::Table::new();
        for key in ["overrides", "rules"] {
            if let Some(value) = table.get(key) {
                only_ours.insert(key.to_owned(), value.clone());
            }
        }
        let parsed: Table = toml::Value::Table(only_ours.clone())
            .try_into()
            .map_err(|e: toml::de::Error| error((misfit(&only_ours), e.message().to_owned())))?;
        let overrides = Self { all: parsed.overrides, rules: parsed.rules };
        overrides.validate().map_err(error)?;
        Ok(overrides)
    }

    /// The first bad setting: the keys down to it, and what is wrong.
    fn validate(&self) -> Result<(), (Vec<String>, String)> {
        let all = std::iter::once((vec!["overrides".to_owned()], &self.all));
        let per_rule = self.rules.iter().map(|(id, s)| (vec!["rules".to_owned(), id.clone()], s));
        for (keys, settings) in all.chain(per_rule) {
            if let Some(severity) = &settings.severity
                && !SEVERITIES.contains(&severity.as_str())
            {
                let place = shown(&keys);
                let key = [keys, vec!["severity".to_owned()]].concat();
                let message = format!(
                    "{place}.severity `{severity}` is not one of {}",
                    SEVERITIES.join(", ")
                );
                return Err((key, message));
            }
        }
        for id in self.rules.keys() {
            if uuid::Uuid::try_parse(id).is_err() {
                let message = format!("rules.\"{id}\": a rule is named by its `id`, a GUID");
                return Err((vec!["rules".to_owned(), id.clone()], message));
            }
        }
        Ok(())
    }

    /// Whether nothing is overridden.
    pub fn is_empty(&self) -> bool {
        self.all == Settings::default() && self.rules.is_empty()
    }

    /// Rule ids that have overrides but are not among `known`; probably a typo or a
    /// deleted rule, worth a warning.
    pub fn unknown_rules<'a>(&'a self, known: &[&str]) -> Vec<&'a str> {
        let known = |id: &str| known.iter().any(|k| k.eq_ignore_ascii_case(id));
        self.rules.keys().map(String::as_str).filter(|id| !known(id)).collect()
    }

    /// The settings that apply to the alert rule `id`: per-rule settings win over the
    /// environment-wide ones.
    pub fn for_rule(&self, id: &str) -> Settings {
        let specific = self.rules.iter().find(|(key, _)| key.eq_ignore_ascii_case(id));
        let specific = specific.map(|(_, settings)| settings);
        Settings {
            enabled: specific.and_then(|s| s.enabled).or(self.all.enabled),
            severity: specific.and_then(|s| s.severity.clone()).or(self.all.severity.clone()),
        }
    }

    /// Applies the overrides to a mapped alert rule.
    pub fn apply(&self, rule: &mut AlertRule) {
        let settings = self.for_rule(&rule.name);
        if let Some(enabled) = settings.enabled {
            rule.properties.insert("enabled".into(), Value::Bool(enabled));
        }
        if let Some(severity) = settings.severity {
            rule.properties.insert("severity".into(), Value::String(severity));
        }
    }
}

/// `overrides` or `rules."<id>"`, as messages name a settings table.
fn shown(keys: &[String]) -> String {
    match keys {
        [rules, id] => format!("{rules}.\"{id}\""),
        _ => keys.join("."),
    }
}

/// The keys down to the first setting serde refuses (an unknown key, a value of the wrong
/// type, a settings table that is not a table), for the error's position: the deserializer's
/// error says what is wrong but not where.
fn misfit(table: &toml::Table) -> Vec<String> {
    let fits = |key: &str, value: &toml::Value| match key {
        "enabled" => value.is_bool(),
        "severity" => value.is_str(),
        _ => false,
    };
    let mut settings: Vec<(Vec<String>, &toml::Value)> = Vec::new();
    settings.extend(table.get("overrides").map(|v| (vec!["overrides".to_owned()], v)));
    match table.get("rules") {
        Some(toml::Value::Table(rules)) => {
            settings.extend(rules.iter().map(|(id, v)| (vec!["rules".to_owned(), id.clone()], v)));
        }
        Some(_) => return vec!["rules".to_owned()],
        None => {}
    }
    for (keys, value) in settings {
        let Some(entries) = value.as_table() else { return keys };
        if let Some((key, _)) = entries.iter().find(|(key, value)| !fits(key, value)) {
            return [keys, vec![key.clone()]].concat();
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const ID: &str = "bcc0724a-5ab4-49ea-9b1d-c53f059765d7";

    fn environments(text: &str) -> toml::Table {
        toml::from_str(text).expect("toml")
    }

    fn rule(name: &str) -> AlertRule {
        let props = json!({"enabled": true, "severity": "High"});
        AlertRule::new(name, "Scheduled", props.as_object().cloned().expect("object"))
    }

    #[test]
    fn per_rule_settings_win_over_environment_wide_ones() {
        let envs = environments(&format!(
            "[dev]\nworkspace = \"w\"\n[dev.overrides]\nenabled = false\nseverity = \"Low\"\n\
             [dev.rules.\"{ID}\"]\nenabled = true\n"
        ));
        let overrides = Overrides::for_environment(&envs, Some("dev")).expect("valid");
        let mut one = rule(ID);
        overrides.apply(&mut one);
        assert_eq!(
            (&one.properties["enabled"], &one.properties["severity"]),
            (&json!(true), &json!("Low"))
        );
        let mut other = rule("00000000-0000-4000-8000-000000000001");
        overrides.apply(&mut other);
        assert_eq!(other.properties["enabled"], json!(false));
        assert_eq!(overrides.unknown_rules(&["00000000-0000-4000-8000-000000000001"]), [ID]);
    }

    #[test]
    fn typos_and_bad_values_are_errors_naming_the_environment() {
        let bad_key = environments("[dev.overrides]\nenabeld = false\n");
        let error = Overrides::for_environment(&bad_key, Some("dev")).unwrap_err().to_string();
        assert!(error.contains("[environments.dev]") && error.contains("enabeld"), "{error}");
        let bad_severity = environments("[dev.overrides]\nseverity = \"low\"\n");
        let error = Overrides::for_environment(&bad_severity, Some("dev")).unwrap_err();
        assert!(error.message.contains("`low`"), "{error}");
        let bad_id = environments("[dev.rules.my-rule]\nenabled = false\n");
        let error = Overrides::for_environment(&bad_id, Some("dev")).unwrap_err();
        assert!(error.message.contains("my-rule"), "{error}");
    }

    #[test]
    fn errors_name_the_keys_of_the_setting_at_fault() {
        let key = |text: &str| {
            let envs = environments(text);
            Overrides::for_environment(&envs, Some("dev")).unwrap_err().key
        };
        assert_eq!(key("[dev.overrides]\nseverity = \"low\"\n"), ["overrides", "severity"]);
        assert_eq!(
            key("[dev.overrides]\nenabled = true\nenabeld = false\n"),
            ["overrides", "enabeld"]
        );
        assert_eq!(
            key(&format!("[dev.rules.\"{ID}\"]\nenabled = \"no\"\n")),
            ["rules", ID, "enabled"]
        );
        assert_eq!(key("[dev.rules.my-rule]\nenabled = false\n"), ["rules", "my-rule"]);
        assert_eq!(key("[dev]\nrules = 3\n"), ["rules"]);
    }

    #[test]
    fn no_environment_means_no_overrides() {
        let envs = environments("[dev]\nworkspace = \"w\"\n");
        assert!(Overrides::for_environment(&envs, None).expect("ok").is_empty());
        assert!(Overrides::for_environment(&envs, Some("dev")).expect("ok").is_empty());
    }
}
