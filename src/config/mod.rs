//! `sentinelctl.toml`: repository settings for the linter, merged with the command line.
//!
//! The raw options mirror the file (every field optional, unknown keys refused so a typo is
//! an error rather than a silently ignored setting); [`LintConfig::resolve`] merges them with
//! command-line flags in one place. [`LoadedConfig::key_at`] and its siblings find where a
//! setting is written, so a bad value found after loading is reported at its line.

mod locate;

use std::path::{Path, PathBuf};

use serde::Deserialize;
use thiserror::Error;

pub const CONFIG_FILE_NAME: &str = "sentinelctl.toml";

/// A problem with the configuration file.
#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("failed to read {}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{}:{line}:{column}: invalid configuration: {message}", path.display())]
    Parse { path: PathBuf, line: usize, column: usize, message: String },
}

/// The whole file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    /// Settings for `sentinelctl lint`.
    #[serde(default)]
    pub lint: LintOptions,
    /// Named workspaces for the Azure commands, kept as written until those commands read
    /// them.
    #[serde(default)]
    pub environments: toml::Table,
}

/// `[lint]`: the same settings as the `lint` command's flags.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LintOptions {
    /// Files or folders linted when none are given on the command line. Default: `["rules"]`.
    pub paths: Option<Vec<PathBuf>>,
    /// Codes or code prefixes to report (default: all), e.g. `["SCH", "ATT101"]`.
    pub select: Option<Vec<String>>,
    /// Codes or code prefixes never to report.
    pub ignore: Option<Vec<String>>,
    /// Fail (exit 1) on warnings too.
    pub strict: Option<bool>,
    /// Glob patterns of files to skip, relative to the configuration file.
    pub exclude: Option<Vec<String>>,
    /// Severity per code or code prefix, overriding the default, e.g.
    /// `{ SCH102 = "warning", ATT1 = "error" }`; the longest matching prefix wins.
    pub severity: Option<std::collections::BTreeMap<String, crate::diagnostics::Severity>>,
    /// Folders of custom table schemas (`*_CL` tables) for the KQL checks, relative to this
    /// file: the Azure-Sentinel `CustomTables/*.json` format or `{"name", "columns"}`.
    pub schemas: Option<Vec<PathBuf>>,
    /// Folder names that mark hunting queries (case-insensitive substring of the path).
    /// Default: `["Hunting Queries", "hunting"]`.
    pub hunting_folders: Option<Vec<String>>,
}

/// A loaded configuration and the folder relative paths in it are resolved against.
#[derive(Debug, Default)]
pub struct LoadedConfig {
    pub file: ConfigFile,
    pub path: Option<PathBuf>,
    /// The file's text, kept to find where a setting is written.
    pub text: String,
}

impl LoadedConfig {
    /// The folder the configuration file is in, or `.` without one.
    pub fn base_dir(&self) -> PathBuf {
        self.path
            .as_deref()
            .and_then(Path::parent)
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    }
}

/// Loads `explicit`, or the nearest `sentinelctl.toml` in `start` or its parents.
pub fn load(explicit: Option<&Path>, start: &Path) -> Result<LoadedConfig, ConfigError> {
    let path = match explicit {
        Some(path) => Some(path.to_path_buf()),
        None => find(start),
    };
    let Some(path) = path else { return Ok(LoadedConfig::default()) };
    let text = std::fs::read_to_string(&path)
        .map_err(|source| ConfigError::Read { path: path.clone(), source })?;
    let file = toml::from_str(&text).map_err(|error| parse_error(&path, &text, &error))?;
    tracing::debug!(config = %path.display(), "loaded configuration");
    Ok(LoadedConfig { file, path: Some(path), text })
}

/// The error at its `file:line:column`, like every other finding, rather than TOML's own
/// multi-line report.
fn parse_error(path: &Path, text: &str, error: &toml::de::Error) -> ConfigError {
    let start = error.span().map_or(0, |span| span.start).min(text.len());
    let before = text.get(..start).unwrap_or_default();
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or_default().chars().count() + 1;
    let message = error.message().trim_end().replace('\n', "; ");
    ConfigError::Parse { path: path.to_owned(), line, column, message }
}

fn find(start: &Path) -> Option<PathBuf> {
    let start = std::path::absolute(start).ok()?;
    start.ancestors().map(|dir| dir.join(CONFIG_FILE_NAME)).find(|candidate| candidate.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_lint_settings() {
        let file: ConfigFile = toml::from_str(
            "[lint]\nselect = [\"SCH\"]\nignore = [\"SCH102\"]\nstrict = true\n\
             hunting-folders = [\"hunts\"]\n[lint.severity]\nSCH102 = \"warning\"\n",
        )
        .expect("valid config");
        assert_eq!(file.lint.select, Some(vec!["SCH".to_owned()]));
        assert_eq!(file.lint.strict, Some(true));
        assert_eq!(file.lint.hunting_folders, Some(vec!["hunts".to_owned()]));
        let severity = file.lint.severity.expect("severity table");
        assert_eq!(severity.get("SCH102"), Some(&crate::diagnostics::Severity::Warning));
    }

    #[test]
    fn unknown_keys_are_refused() {
        let error = toml::from_str::<ConfigFile>("[lint]\nselct = [\"SCH\"]\n").unwrap_err();
        assert!(error.to_string().contains("selct"), "{error}");
    }

    #[test]
    fn missing_explicit_file_is_an_error() {
        let error = load(Some(Path::new("does/not/exist.toml")), Path::new(".")).unwrap_err();
        assert_eq!(error.to_string(), "failed to read does/not/exist.toml");
    }
}
