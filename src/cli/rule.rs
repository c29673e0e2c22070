//! `sentinelctl rule [CODE]`: print a lint's documentation, or the table of all lints.

use std::fmt::Write as _;

use anyhow::bail;

use super::{ExitStatus, RuleArgs};
use crate::lint::{Lint, all_lints, lint_by_code};
use crate::printer;

pub fn run(args: &RuleArgs) -> anyhow::Result<ExitStatus> {
    let text = match &args.code {
        Some(code) => match lint_by_code(code) {
            Some(lint) => documentation(lint),
            None => bail!("unknown lint code `{code}`; run `sentinelctl rule` to list them"),
        },
        None => table(&all_lints()),
    };
    printer::write_report(None, |out| out.write_all(text.as_bytes()))?;
    Ok(ExitStatus::Success)
}

/// The full documentation of one lint, as markdown.
pub fn documentation(lint: &Lint) -> String {
    let mut text = format!("# {} ({})\n\n", lint.name, lint.code);
    let _ = writeln!(text, "{}\n", lint.summary);
    let _ = writeln!(text, "Default severity: {}\n", lint.default_severity);
    let _ = writeln!(text, "{}", lint.documentation());
    text.trim_end().to_owned() + "\n"
}

fn table(lints: &[&Lint]) -> String {
    let mut text = String::new();
    for lint in lints {
        let _ = writeln!(
            text,
            "{:<7} {:<8} {:<40} {}",
            lint.code, lint.default_severity, lint.name, lint.summary
        );
    }
    text
}
