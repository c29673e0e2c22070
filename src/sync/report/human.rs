//! Reports for a terminal: the workspace on the first line, one line per rule that changes,
//! its field diffs indented below, and a one-line total. Colour (ANSI) only when asked for.

use std::io::{self, Write};

use super::Target;
use super::diff::{self, Line};
use crate::sync::Difference;
use crate::sync::apply::{Applied, DeploySummary, Outcome};
use crate::sync::drift::{DriftEntry, DriftReport, Status};
use crate::sync::plan::{Action, Entry, Plan};

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const YELLOW: &str = "\x1b[33m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// Writes ANSI colours only when enabled.
struct Paint {
    color: bool,
}

impl Paint {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color { format!("{code}{text}{RESET}") } else { text.to_owned() }
    }
}

/// `Workspace: law (resource group rg, subscription …), environment dev`.
fn header(target: &Target, out: &mut dyn Write) -> io::Result<()> {
    let ws = &target.workspace;
    write!(
        out,
        "Workspace: {} (resource group {}, subscription {})",
        ws.name, ws.resource_group, ws.subscription
    )?;
    match &target.environment {
        Some(environment) => writeln!(out, ", environment {environment}"),
        None => writeln!(out),
    }
}

pub fn plan(target: &Target, plan: &Plan, color: bool, out: &mut dyn Write) -> io::Result<()> {
    // Warnings go to stderr through the printer before the report, not into it.
    let paint = Paint { color };
    header(target, out)?;
    for entry in &plan.entries {
        let (sign, code) = match entry.action {
            Action::Create => ("+ create", GREEN),
            Action::Update => ("~ update", YELLOW),
            Action::Delete => ("- delete", RED),
            Action::Unchanged | Action::OwnedElsewhere => continue,
        };
        writeln!(out, "{} {}", paint.paint(code, sign), title(entry))?;
        for field in &entry.fields {
            field_diff(field, &paint, out)?;
        }
    }
    ownership(plan, &paint, out)?;
    if !plan.prunable.is_empty() {
        writeln!(
            out,
            "{} rule(s) deployed from this repository have no file any more; --prune deletes them:",
            plan.prunable.len()
        )?;
        for entry in &plan.prunable {
            writeln!(out, "  {}", title(entry))?;
        }
    }
    let marked = plan.marker_only();
    if marked > 0 {
        writeln!(out, "{marked} unchanged rule(s) will get an ownership marker.")?;
    }
    if !plan.left_out.is_empty() {
        writeln!(
            out,
            "{} rule file(s) cannot be deployed as written and are left out:",
            plan.left_out.len()
        )?;
        for problem in &plan.left_out {
            writeln!(out, "  {}", paint.paint(RED, &problem.to_string()))?;
        }
    }
    writeln!(out, "Plan: {}.", super::plan_counts(plan))
}

/// The rules another repository owns, left alone, and those `--adopt` takes over.
fn ownership(plan: &Plan, paint: &Paint, out: &mut dyn Write) -> io::Result<()> {
    let elsewhere: Vec<&Entry> = plan.owned_elsewhere().collect();
    if !elsewhere.is_empty() {
        writeln!(
            out,
            "{} rule(s) are owned by another repository and are left alone (--adopt takes \
             them over):",
            elsewhere.len()
        )?;
        for entry in elsewhere {
            let owner = entry.owner.as_deref().unwrap_or_default();
            writeln!(out, "  {}: owned by {owner}", title(entry))?;
        }
    }
    let takeovers: Vec<&Entry> = plan.takeovers().collect();
    if !takeovers.is_empty() {
        writeln!(
            out,
            "{} rule(s) are taken over from another repository (--adopt); their ownership \
             marker changes:",
            takeovers.len()
        )?;
        for (entry, (from, to)) in takeovers.iter().filter_map(|e| Some((e, e.takeover()?))) {
            let change = paint.paint(YELLOW, &format!("{from} -> {to}"));
            writeln!(out, "  {}: marker {change}", title(entry))?;
        }
    }
    Ok(())
}

fn title(entry: &Entry) -> String {
    let file = entry.file.as_ref().map_or(String::new(), |f| format!(" ({})", f.display()));
    format!("{} \"{}\" [{}]{file}", entry.kind, entry.display_name, entry.rule_id)
}

fn field_diff(field: &Difference, paint: &Paint, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "    {}:", field.path)?;
    for line in diff::lines(field) {
        match line {
            Line::Same(text) => writeln!(out, "      {}", paint.paint(DIM, &format!("  {text}")))?,
            Line::Removed(text) => {
                writeln!(out, "      {}", paint.paint(RED, &format!("- {text}")))?
            }
            Line::Added(text) => {
                writeln!(out, "      {}", paint.paint(GREEN, &format!("+ {text}")))?
            }
            Line::Gap => writeln!(out, "      {}", paint.paint(DIM, "…"))?,
        }
    }
    Ok(())
}

pub fn deploy(
    target: &Target,
    summary: &DeploySummary,
    color: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let paint = Paint { color };
    header(target, out)?;
    let shown = |a: &&Applied| a.outcome != Outcome::Skipped || a.owned_elsewhere();
    for applied in summary.results.iter().filter(shown) {
        deploy_line(applied, &paint, out)?;
    }
    writeln!(out, "Deploy: {}.", super::deploy_counts(summary))
}

fn deploy_line(applied: &Applied, paint: &Paint, out: &mut dyn Write) -> io::Result<()> {
    let (word, code) = match applied.outcome {
        Outcome::Created => ("created", GREEN),
        Outcome::Updated => ("updated", YELLOW),
        Outcome::Deleted => ("deleted", RED),
        Outcome::Marked => ("marked ", DIM),
        Outcome::Skipped => ("skipped", DIM),
        Outcome::Failed => ("FAILED ", RED),
    };
    let file = applied.file.as_ref().map_or(String::new(), |f| format!(" ({})", f.display()));
    let owner = applied.owner.as_deref().unwrap_or_default();
    let note = if applied.owned_elsewhere() {
        format!(": owned by {owner}, left alone")
    } else if applied.taken_over() {
        format!(": taken over from {owner}")
    } else {
        String::new()
    };
    writeln!(
        out,
        "{} {} \"{}\" [{}]{file}{note}",
        paint.paint(code, word),
        applied.kind,
        applied.display_name,
        applied.rule_id
    )?;
    if let Some(error) = &applied.error {
        writeln!(out, "    {error}")?;
    }
    Ok(())
}

pub fn drift(
    target: &Target,
    report: &DriftReport,
    color: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let paint = Paint { color };
    header(target, out)?;
    // Statuses padded to the longest one listed, so the rules line up.
    let width = report.entries.iter().map(|e| status_word(e.status).0.len()).max().unwrap_or(0);
    for entry in &report.entries {
        drift_entry(entry, width, &paint, out)?;
    }
    let orphaned = report.count(Status::Orphaned);
    if orphaned > 0 {
        writeln!(
            out,
            "{orphaned} orphaned rule(s) were deployed from this repository and their files are \
             gone; deploy --prune deletes them."
        )?;
    }
    let elsewhere = report.count(Status::OwnedElsewhere);
    if elsewhere > 0 {
        writeln!(
            out,
            "{elsewhere} rule(s) with a file here are owned by another repository; deploy \
             leaves them alone (--adopt takes them over)."
        )?;
    }
    writeln!(out, "Drift: {}.", super::drift_counts(report))
}

fn status_word(status: Status) -> (&'static str, &'static str) {
    match status {
        Status::Drifted => ("drifted", YELLOW),
        Status::Missing => ("missing", RED),
        Status::Unmanaged => ("unmanaged", DIM),
        Status::Disabled => ("disabled", YELLOW),
        Status::Orphaned => ("orphaned", RED),
        Status::OwnedElsewhere => ("owned-elsewhere", DIM),
    }
}

fn drift_entry(
    entry: &DriftEntry,
    width: usize,
    paint: &Paint,
    out: &mut dyn Write,
) -> io::Result<()> {
    let (word, code) = status_word(entry.status);
    let word = format!("{word:<width$}");
    let file = match (&entry.file, entry.status) {
        (Some(file), Status::Orphaned) => format!(" (file gone: {})", file.display()),
        (Some(file), _) => format!(" ({})", file.display()),
        (None, _) => String::new(),
    };
    let owner = entry.owner.as_ref().map_or(String::new(), |o| format!(": owned by {o}"));
    writeln!(
        out,
        "{} {} \"{}\" [{}]{file}{owner}",
        paint.paint(code, &word),
        entry.kind,
        entry.display_name,
        entry.rule_id
    )?;
    for field in &entry.fields {
        field_diff(field, paint, out)?;
    }
    Ok(())
}
