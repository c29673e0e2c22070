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
        let rg_ok = (1..=90).contains(&self.resource_group.len())
            && self.resource_group.chars().all(|c| c.is_alphanumeric() || "-_.()".contains(c));
        if !rg_ok {
            return Err(Error::Config(format!(
                "invalid resource group name `{}`",
                self.resource_group
            )));
        }
        let name = self.name.as_bytes();
        let ws_ok = (3..=90).contains(&name.len())
            && name.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-')
            && name.first().is_some_and(u8::is_ascii_alphanumeric)
            && name.last().is_some_and(u8::is_ascii_alphanumeric);
        if !ws_ok {
            return Err(Error::Config(format!("invalid workspace name `{}`", self.name)));
        }
        if self.subscription.contains('/') {
            return Err(Error::Config(format!("invalid subscription `{}`", self.subscription)));
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
