//! Which Sentinel workspace a command talks to, and the ARM paths below it.
//!
//! A workspace is addressed by subscription, resource group and workspace name, either from
//! `--subscription/--resource-group/--workspace` or from an `[environments.NAME]` table of
//! `sentinelctl.toml`; flags given on the command line override the table's values, so
//! `--env prod --workspace other` works as expected.
//!
//! ```toml
//! [environments.prod]
//! subscription = "00000000-0000-0000-0000-000000000000"
//! resource_group = "rg-sentinel"
//! workspace = "law-sentinel"
//! ```
//!
//! The same table may hold rule overrides (`[environments.prod.overrides]`,
//! `[environments.prod.rules."<id>"]`), described in `sync::overrides`.

use serde::Deserialize;

use super::error::{Error, Result};

/// A Log Analytics workspace with Sentinel enabled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Workspace {
    pub subscription: String,
    pub resource_group: String,
    pub name: String,
}

/// The keys an `[environments.NAME]` table may hold (those of `EnvironmentTable`).
pub const ENVIRONMENT_KEYS: &[&str] =
    &["subscription", "resource_group", "resource-group", "workspace", "overrides", "rules"];

/// The keys of an `[environments.NAME]` table that no environment holds: typos, reported
/// before anything else so they can be shown at their line.
pub fn unknown_environment_keys(table: &toml::Table) -> Vec<&str> {
    table.keys().map(String::as_str).filter(|key| !ENVIRONMENT_KEYS.contains(key)).collect()
}

/// A workspace setting of an `[environments.NAME]` table that no command could use: the key
/// it is written under and what is wrong, so the caller can point at its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingError {
    pub key: String,
    pub message: String,
}

/// The workspace settings of `table` that `resolve` would refuse, checked whether or not the
/// environment is the one selected, so a typo in another environment is found before it is
/// needed.
pub fn check_workspace_settings(table: &toml::Table) -> Vec<SettingError> {
    let settings = ["subscription", "resource_group", "resource-group", "workspace"];
    let written = settings.into_iter().filter_map(|key| Some((key, table.get(key)?)));
    written
        .filter_map(|(key, value)| {
            let message = match value.as_str() {
                Some(text) => check_setting(key, text).err()?,
                None => format!("`{key}` must be a string, found {}", value.type_str()),
            };
            Some(SettingError { key: key.to_owned(), message })
        })
        .collect()
}

/// The name rules ARM enforces on the path, for the setting `key`.
fn check_setting(key: &str, value: &str) -> std::result::Result<(), String> {
    let ok = match key {
        "resource_group" | "resource-group" => {
            (1..=90).contains(&value.len())
                && value.chars().all(|c| c.is_alphanumeric() || "-_.()".contains(c))
        }
        "workspace" => {
            let name = value.as_bytes();
            (3..=90).contains(&name.len())
                && name.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-')
                && name.first().is_some_and(u8::is_ascii_alphanumeric)
                && name.last().is_some_and(u8::is_ascii_alphanumeric)
        }
        _ => !value.contains('/'),
    };
    match key {
        _ if ok => Ok(()),
        "resource_group" | "resource-group" => {
            Err(format!("invalid resource group name `{value}`"))
        }
        "workspace" => Err(format!("invalid workspace name `{value}`")),
        _ => Err(format!("invalid subscription `{value}`")),
    }
}

/// One `[environments.NAME]` table. `resource-group` is accepted too, because every other key
/// of the file is kebab-case. `overrides` and `rules` hold the environment's rule overrides,
/// read and checked by `sync::overrides`; any other key is a typo and refused.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct EnvironmentTable {
    subscription: Option<String>,
    #[serde(alias = "resource-group")]
    resource_group: Option<String>,
    workspace: Option<String>,
    #[allow(dead_code, reason = "read by sync::overrides")]
    overrides: Option<toml::Value>,
    #[allow(dead_code, reason = "read by sync::overrides")]
    rules: Option<toml::Value>,
}

impl Workspace {
    /// Resolves the workspace from an optional environment of `environments` and flags.
    pub fn resolve(
        environment: Option<&str>,
        environments: &toml::Table,
        subscription: Option<&str>,
        resource_group: Option<&str>,
        workspace: Option<&str>,
    ) -> Result<Self> {
        let table = match environment {
            None => EnvironmentTable::default(),
            Some(name) => {
                let value = environments.get(name).ok_or_else(|| {
                    let known: Vec<&str> = environments.keys().map(String::as_str).collect();
                    Error::Config(format!(
                        "no environment `{name}` in sentinelctl.toml (known: {})",
                        if known.is_empty() { "none".to_owned() } else { known.join(", ") }
                    ))
                })?;
                value.clone().try_into().map_err(|e: toml::de::Error| {
                    Error::Config(format!("invalid [environments.{name}]: {}", e.message()))
                })?
            }
        };
        let pick = |flag: Option<&str>, file: Option<String>, what: &str| {
            flag.map(str::to_owned).or(file).filter(|v| !v.trim().is_empty()).ok_or_else(|| {
                Error::Config(format!(
                    "no {what}: pass --{what} or --env NAME with a [environments.NAME] table"
                ))
            })
        };
        let resolved = Workspace {
            subscription: pick(subscription, table.subscription, "subscription")?,
            resource_group: pick(resource_group, table.resource_group, "resource-group")?,
            name: pick(workspace, table.workspace, "workspace")?,
        };
        resolved.validate()?;
        Ok(resolved)
    }

    /// Checks the name rules ARM enforces on the path, so a typo fails before any call.
    fn validate(&self) -> Result<()> {
        for (key, value) in [
            ("resource_group", &self.resource_group),
            ("workspace", &self.name),
            ("subscription", &self.subscription),
        ] {
            check_setting(key, value).map_err(Error::Config)?;
        }
        Ok(())
    }

    /// ARM id of the workspace: `/subscriptions/…/resourceGroups/…/providers/
    /// Microsoft.OperationalInsights/workspaces/…`.
    pub fn resource_id(&self) -> String {
        format!(
            "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.OperationalInsights/workspaces/{}",
            self.subscription, self.resource_group, self.name
        )
    }

    /// Base path of the Sentinel (`Microsoft.SecurityInsights`) resources of the workspace.
    pub fn security_insights_path(&self) -> String {
        format!("{}/providers/Microsoft.SecurityInsights", self.resource_id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn environments() -> toml::Table {
        toml::from_str(
            "[prod]\nsubscription = \"sub-1\"\nresource_group = \"rg-1\"\nworkspace = \"law-1\"\n\
             [dev]\nsubscription = \"sub-2\"\nresource-group = \"rg-2\"\nworkspace = \"law-2\"\n\
             [bad]\nsubscription = \"s\"\nworkspce = \"x\"\n",
        )
        .unwrap()
    }

    #[test]
    fn flags_alone() {
        let ws = Workspace::resolve(None, &toml::Table::new(), Some("s"), Some("rg"), Some("law"))
            .unwrap();
        assert_eq!(
            ws.resource_id(),
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law"
        );
    }

    #[test]
    fn environment_with_flag_override() {
        let envs = environments();
        let ws = Workspace::resolve(Some("prod"), &envs, None, None, Some("law-9")).unwrap();
        assert_eq!((ws.subscription.as_str(), ws.resource_group.as_str()), ("sub-1", "rg-1"));
        assert_eq!(ws.name, "law-9");
        let ws = Workspace::resolve(Some("dev"), &envs, None, None, None).unwrap();
        assert_eq!(ws.resource_group, "rg-2");
    }

    #[test]
    fn unknown_keys_are_the_typos_serde_refuses() {
        let envs = environments();
        let keys = |name: &str| {
            unknown_environment_keys(envs[name].as_table().expect("table"))
                .into_iter()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            (keys("prod"), keys("dev"), keys("bad")),
            (vec![], vec![], vec!["workspce".to_owned()])
        );
        // Every listed key is one the table accepts.
        for key in ENVIRONMENT_KEYS {
            let table: toml::Table = toml::from_str(&format!("{key} = \"x\"")).expect("toml");
            let parsed: std::result::Result<EnvironmentTable, _> =
                toml::Value::Table(table).try_into();
            assert!(parsed.is_ok(), "{key}");
        }
    }

    #[test]
    fn settings_are_checked_as_resolve_checks_them() {
        let table: toml::Table = toml::from_str(
            "subscription = \"a/b\"\nresource-group = \"rg 1\"\nworkspace = \"w\"\nrules = 1\n",
        )
        .expect("toml");
        let found: Vec<(String, String)> =
            check_workspace_settings(&table).into_iter().map(|e| (e.key, e.message)).collect();
        let expected = [
            ("subscription", "invalid subscription `a/b`"),
            ("resource-group", "invalid resource group name `rg 1`"),
            ("workspace", "invalid workspace name `w`"),
        ];
        let expected: Vec<(String, String)> =
            expected.iter().map(|(k, m)| ((*k).to_owned(), (*m).to_owned())).collect();
        assert_eq!(found, expected);
        let table: toml::Table = toml::from_str("workspace = 5").expect("toml");
        let found = check_workspace_settings(&table);
        assert_eq!(found[0].message, "`workspace` must be a string, found integer");
        assert!(check_workspace_settings(environments()["prod"].as_table().expect("t")).is_empty());
    }

    #[test]
    fn errors_name_the_problem() {
        let envs = environments();
        let e = Workspace::resolve(Some("qa"), &envs, None, None, None).unwrap_err().to_string();
        assert!(e.contains("no environment `qa`") && e.contains("prod"), "{e}");
        let e = Workspace::resolve(Some("bad"), &envs, None, None, None).unwrap_err().to_string();
        assert!(e.contains("workspce"), "{e}");
        let e =
            Workspace::resolve(None, &envs, Some("s"), None, Some("law")).unwrap_err().to_string();
        assert!(e.contains("--resource-group"), "{e}");
        let e = Workspace::resolve(None, &envs, Some("s"), Some("rg"), Some("-x"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("invalid workspace name"), "{e}");
    }
}
