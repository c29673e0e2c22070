//! `sentinelctl new`: start a rule file with a fresh GUID, in the Azure-Sentinel key order,
//! with every field a rule of its kind needs, so the author fills in values instead of
//! remembering keys. The file lints with only reminders (no tactic, no technique yet).

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::ExitStatus;
use crate::printer;
use crate::sync::export::{self, WriteError};

/// What to start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NewKind {
    /// A scheduled analytic rule.
    Scheduled,
    /// A near-real-time analytic rule.
    Nrt,
    /// A hunting query.
    Hunting,
}

/// Options of `sentinelctl new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The kind of rule.
    #[arg(value_enum)]
    pub kind: NewKind,
    /// The rule's display name (`name`, one line of 1 to 256 characters), also the file
    /// name's source.
    #[arg(long, default_value = "New rule")]
    pub name: String,
    /// File to write, ending in .yaml or .yml [default: rules/analytics/<name>.yaml, or
    /// rules/hunting/ for a hunting query]; an existing file is never replaced.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// The most characters Sentinel takes in `name` (`maxLength` of every schema's `name`).
const NAME_MAX_CHARS: usize = 256;

pub fn run(args: &NewArgs) -> anyhow::Result<ExitStatus> {
    check_name(&args.name)?;
    if let Some(out) = &args.out {
        check_out(out)?;
    }
    let path = args.out.clone().unwrap_or_else(|| default_path(args.kind, &args.name));
    let id = uuid::Uuid::new_v4().to_string();
    let text = template(args.kind, &id, &args.name);
    match export::write_file(&path, &text, false) {
        Ok(_) => {
            printer::status(&format!("wrote {} (id {id})", path.display()));
            Ok(ExitStatus::Success)
        }
        Err(WriteError::Exists(path)) => {
            anyhow::bail!("{} exists already; choose another --out or --name", path.display())
        }
        Err(error) => Err(error.into()),
    }
}

/// Refuses a name Sentinel would refuse, or one that cannot be a display name, before
/// anything is written: a file that fails its first lint is no start.
fn check_name(name: &str) -> anyhow::Result<()> {
    if name.trim().is_empty() {
        anyhow::bail!("--name is empty; give the rule's display name");
    }
    if name.contains(['\n', '\r']) {
        anyhow::bail!("--name has a line break; a display name is one line");
    }
    let length = name.chars().count();
    if length > NAME_MAX_CHARS {
        anyhow::bail!("--name is {length} characters long, maximum {NAME_MAX_CHARS}");
    }
    Ok(())
}

/// Only `.yaml` and `.yml` files are linted and deployed; a rule written elsewhere would be
/// silently left out.
fn check_out(out: &Path) -> anyhow::Result<()> {
    let extension = out.extension().and_then(|e| e.to_str()).unwrap_or_default();
    if ["yaml", "yml"].iter().any(|known| extension.eq_ignore_ascii_case(known)) {
        return Ok(());
    }
    anyhow::bail!("--out {} must end in .yaml or .yml, as rule files do", out.display())
}

fn default_path(kind: NewKind, name: &str) -> PathBuf {
    let folder = if kind == NewKind::Hunting { "hunting" } else { "analytics" };
    Path::new("rules").join(folder).join(format!("{}.yaml", export::slug(name)))
}

/// The file text; `name` is written as a YAML double-quoted string, so any text is safe.
fn template(kind: NewKind, id: &str, name: &str) -> String {
    let name = serde_json::Value::String(name.to_owned()).to_string();
    let head = format!(
        "id: {id}\nname: {name}\ndescription: |\n  What the rule finds, and why it matters.\n"
    );
    let schedule = match kind {
        NewKind::Scheduled => {
            "severity: Medium\nrequiredDataConnectors: []\nqueryFrequency: 1h\nqueryPeriod: 1h\n\
             triggerOperator: gt\ntriggerThreshold: 0\n"
        }
        NewKind::Nrt => "severity: Medium\nrequiredDataConnectors: []\n",
        NewKind::Hunting => "requiredDataConnectors: []\n",
    };
    let mapping = "tactics: []\nrelevantTechniques: []\n";
    let query = "query: |\n  SigninLogs\n  | where ResultType != \"0\"\n  \
                 | project TimeGenerated, UserPrincipalName, IPAddress\n";
    let entities = "entityMappings:\n  - entityType: Account\n    fieldMappings:\n      \
                    - identifier: FullName\n        columnName: UserPrincipalName\n  \
                    - entityType: IP\n    fieldMappings:\n      - identifier: Address\n        \
                    columnName: IPAddress\n";
    let tail = match kind {
        NewKind::Scheduled => format!("{entities}version: 1.0.0\nkind: Scheduled\n"),
        NewKind::Nrt => format!("{entities}version: 1.0.0\nkind: NRT\n"),
        NewKind::Hunting => "version: 1.0.0\n".to_owned(),
    };
    format!("{head}{schedule}{mapping}{query}{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{LintSettings, lint_files};

    /// Every kind lints with reminders only: no errors.
    #[test]
    fn each_template_lints_without_errors() {
        let dir = tempfile::tempdir().expect("dir");
        for (kind, file) in [
            (NewKind::Scheduled, "analytics/a.yaml"),
            (NewKind::Nrt, "analytics/b.yaml"),
            (NewKind::Hunting, "hunting/c.yaml"),
        ] {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            let text = template(kind, &uuid::Uuid::new_v4().to_string(), "Quote \"me\": yes");
            std::fs::write(&path, text).expect("write");
            let outcome = lint_files(&[path], &LintSettings::default());
            let codes: Vec<&str> = outcome.diagnostics.iter().map(|d| d.code).collect();
            assert_eq!(codes, ["ATT103", "ATT103"], "{kind:?}: {:#?}", outcome.diagnostics);
            assert_eq!(outcome.rules.len(), 1);
        }
    }

    #[test]
    fn names_sentinel_would_refuse_are_refused() {
        for bad in ["", "  ", "two\nlines", "cr\rhere", &"x".repeat(NAME_MAX_CHARS + 1)] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
        assert!(check_name(&"é".repeat(NAME_MAX_CHARS)).is_ok());
    }

    /// The limit is the schemas' own.
    #[test]
    fn the_name_limit_is_the_schemas() {
        for text in [
            include_str!("../../schemas/scheduled-rule.schema.json"),
            include_str!("../../schemas/nrt-rule.schema.json"),
            include_str!("../../schemas/hunting-query.schema.json"),
        ] {
            let schema: serde_json::Value = serde_json::from_str(text).expect("schema");
            let limit = schema["properties"]["name"]["maxLength"].as_u64();
            assert_eq!(limit, u64::try_from(NAME_MAX_CHARS).ok());
        }
    }

    #[test]
    fn only_yaml_files_are_written() {
        for good in ["a.yaml", "x/b.yml", "C.YAML"] {
            assert!(check_out(Path::new(good)).is_ok(), "{good}");
        }
        for bad in ["a.json", "rules/a", "a.yaml.txt", "rules/"] {
            assert!(check_out(Path::new(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_default_file_is_named_after_the_rule() {
        let path = default_path(NewKind::Hunting, "Atera: file signature");
        assert_eq!(path, Path::new("rules/hunting/atera-file-signature.yaml"));
    }
}
