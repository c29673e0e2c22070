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
    /// The rule's display name (`name`), also the file name's source.
    #[arg(long, default_value = "New rule")]
    pub name: String,
    /// File to write [default: rules/analytics/<name>.yaml, or rules/hunting/ for a hunting
    /// query]; an existing file is never replaced.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

pub fn run(args: &NewArgs) -> anyhow::Result<ExitStatus> {
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
    fn the_default_file_is_named_after_the_rule() {
        let path = default_path(NewKind::Hunting, "Atera: file signature");
        assert_eq!(path, Path::new("rules/hunting/atera-file-signature.yaml"));
    }
}
