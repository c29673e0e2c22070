//! The `[environments.NAME]` tables of `sentinelctl.toml`, checked whenever a command loads
//! the configuration: every table, not only the selected one, so a typo in `prod` fails the
//! pull request's `lint` rather than the first deploy to prod. Each problem is reported at
//! `file:line:column`, before anything is linted or any workspace is called.

use std::path::Path;

use crate::azure::workspace::{
    ENVIRONMENT_KEYS, check_workspace_settings, unknown_environment_keys,
};
use crate::config::{self, LoadedConfig};
use crate::printer;
use crate::sync::overrides::{OverrideError, Overrides};

/// Loads `explicit`, or the nearest `sentinelctl.toml`, and checks every environment in it.
/// Every problem is shown, so one run finds all the typos; the last one is the error.
pub(super) fn load_config(explicit: Option<&Path>) -> anyhow::Result<LoadedConfig> {
    let config = config::load(explicit, Path::new("."))?;
    let mut problems = problems(&config);
    let Some(last) = problems.pop() else { return Ok(config) };
    for problem in &problems {
        printer::error_message(problem);
    }
    Err(anyhow::anyhow!(last))
}

/// What is wrong with the environment tables, each at its place in the file.
pub(super) fn problems(config: &LoadedConfig) -> Vec<String> {
    let environments = &config.file.environments;
    environments.iter().flat_map(|(name, value)| table_problems(config, name, value)).collect()
}

fn table_problems(config: &LoadedConfig, name: &str, value: &toml::Value) -> Vec<String> {
    let Some(table) = value.as_table() else {
        let message = format!("[environments.{name}] must be a table, found {}", value.type_str());
        return vec![at(config, &["environments", name], &message)];
    };
    let unknown =
        unknown_environment_keys(table).into_iter().map(|key| unknown_key(config, name, key));
    let settings = check_workspace_settings(table).into_iter().map(|error| {
        let message = format!("{} in [environments.{name}]", error.message);
        at(config, &["environments", name, &error.key], &message)
    });
    let overrides = Overrides::for_environment(&config.file.environments, Some(name))
        .err()
        .map(|error| override_error(config, &error).to_string());
    unknown.chain(settings).chain(overrides).collect()
}

/// A key no environment holds, with the key it was probably meant to be.
fn unknown_key(config: &LoadedConfig, name: &str, key: &str) -> String {
    let hint = crate::catalog::closest(key, ENVIRONMENT_KEYS.iter().copied())
        .map_or(String::new(), |known| format!("; did you mean `{known}`?"));
    let message = format!(
        "unknown key `{key}` in [environments.{name}] (expected {}){hint}",
        ENVIRONMENT_KEYS.join(", ")
    );
    at(config, &["environments", name, key], &message)
}

/// `file:line:column: message` at the key, or the message alone when it cannot be found.
fn at(config: &LoadedConfig, keys: &[&str], message: &str) -> String {
    match config.key_at(keys) {
        Some(place) => format!("{place}: {message}"),
        None => message.to_owned(),
    }
}

/// An override error at the line of the setting at fault, as TOML syntax errors are shown.
pub(super) fn override_error(config: &LoadedConfig, error: &OverrideError) -> anyhow::Error {
    let mut keys = vec!["environments", error.environment.as_str()];
    keys.extend(error.key.iter().map(String::as_str));
    // The setting itself, else the deepest table of it that is written down.
    let place = (2..=keys.len())
        .rev()
        .find_map(|depth| config.key_at(&keys[..depth]))
        .or_else(|| config.path.as_ref().map(|path| path.display().to_string()));
    match place {
        Some(place) => anyhow::anyhow!("{place}: {error}"),
        None => anyhow::anyhow!("{error}"),
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn config(text: &str) -> LoadedConfig {
        let file = toml::from_str(text).expect("valid config");
        LoadedConfig { file, path: Some(PathBuf::from("sentinelctl.toml")), text: text.to_owned() }
    }

    #[test]
    fn every_environment_is_checked_and_each_problem_is_at_its_line() {
        let config = config(
            "[environments]\nqa = \"x\"\n[environments.dev]\nworkspace = \"law-dev\"\n\
             [environments.prod]\nsubscriptoin = \"s\"\nresource_group = \"rg 1\"\n",
        );
        assert_eq!(
            problems(&config),
            [
                "sentinelctl.toml:6:1: unknown key `subscriptoin` in [environments.prod] \
                 (expected subscription, resource_group, resource-group, workspace, overrides, \
                 rules); did you mean `subscription`?"
                    .to_owned(),
                "sentinelctl.toml:7:1: invalid resource group name `rg 1` in [environments.prod]"
                    .to_owned(),
                "sentinelctl.toml:2:1: [environments.qa] must be a table, found string".to_owned(),
            ]
        );
    }
}
