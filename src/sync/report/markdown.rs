//! Reports for a pull-request comment or the GitHub job summary: a heading, the workspace, a
//! total, a table of the rules that change, and each rule's field diffs in a folded ```diff
//! block.

use std::io::{self, Write};

use super::Target;
use super::diff::{self, Line};
use crate::sync::Difference;
use crate::sync::apply::{Applied, DeploySummary, Outcome};
use crate::sync::drift::{DriftReport, Status};
use crate::sync::plan::{Action, Entry, Plan};

/// The heading, and the workspace on the line below it.
fn heading(command: &str, target: &Target, out: &mut dyn Write) -> io::Result<()> {
    let ws = &target.workspace;
    writeln!(out, "### sentinelctl {command}\n")?;
    write!(
        out,
        "Workspace `{}` · resource group `{}` · subscription `{}`",
        cell(&ws.name),
        cell(&ws.resource_group),
        cell(&ws.subscription)
    )?;
    match &target.environment {
        Some(environment) => writeln!(out, " · environment `{}`\n", cell(environment)),
        None => writeln!(out, "\n"),
    }
}

pub fn plan(target: &Target, plan: &Plan, out: &mut dyn Write) -> io::Result<()> {
    heading("plan", target, out)?;
    for warning in &plan.warnings {
        writeln!(out, "> **Warning:** {}\n", cell(warning))?;
    }
    writeln!(out, "**{}**\n", super::plan_counts(plan))?;
    let changes: Vec<_> = plan
        .entries
        .iter()
        .filter(|e| matches!(e.action, Action::Create | Action::Update | Action::Delete))
        .collect();
    if !changes.is_empty() {
        writeln!(out, "| action | rule | kind | file |\n|---|---|---|---|")?;
        for entry in &changes {
            let action = serde_json::to_value(entry.action).unwrap_or_default();
            let file = entry.file.as_ref().map(|f| f.display().to_string());
            writeln!(
                out,
                "| {} | {} | {} | {} |",
                action.as_str().unwrap_or_default(),
                cell(&entry.display_name),
                entry.kind,
                file.map_or("—".to_owned(), |f| format!("`{}`", cell(&f)))
            )?;
        }
        writeln!(out)?;
    }
    for entry in changes.iter().filter(|e| !e.fields.is_empty()) {
        details(&entry.display_name, &entry.rule_id, &entry.fields, out)?;
    }
    if !plan.prunable.is_empty() {
        writeln!(
            out,
            "{} rule(s) deployed from this repository have no file any more; `--prune` deletes \
             them.\n",
            plan.prunable.len()
        )?;
    }
    ownership(plan, out)?;
    if !plan.left_out.is_empty() {
        writeln!(out, "Rule files that cannot be deployed as written, left out:\n")?;
        for problem in &plan.left_out {
            writeln!(out, "- {}", cell(&problem.to_string()))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// The rules another repository owns, left alone, and those `--adopt` takes over.
fn ownership(plan: &Plan, out: &mut dyn Write) -> io::Result<()> {
    let elsewhere: Vec<&Entry> = plan.owned_elsewhere().collect();
    if !elsewhere.is_empty() {
        writeln!(
            out,
            "{} rule(s) are owned by another repository and are left alone (`--adopt` takes \
             them over):\n",
            elsewhere.len()
        )?;
        for entry in elsewhere {
            let owner = entry.owner.as_deref().unwrap_or_default();
            writeln!(out, "- {}: owned by `{}`", rule(entry), cell(owner))?;
        }
        writeln!(out)?;
    }
    let takeovers: Vec<&Entry> = plan.takeovers().collect();
    if !takeovers.is_empty() {
        writeln!(
            out,
            "{} rule(s) are taken over from another repository (`--adopt`); their ownership \
             marker changes:\n",
            takeovers.len()
        )?;
        for (entry, (from, to)) in takeovers.iter().filter_map(|e| Some((e, e.takeover()?))) {
            writeln!(out, "- {}: marker `{}` → `{}`", rule(entry), cell(from), cell(to))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// `Name` (`file`), for a list item.
fn rule(entry: &Entry) -> String {
    let file = entry
        .file
        .as_ref()
        .map_or(String::new(), |f| format!(" (`{}`)", cell(&f.display().to_string())));
    format!("{} `{}`{file}", cell(&entry.display_name), entry.rule_id)
}

fn details(name: &str, id: &str, fields: &[Difference], out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "<details><summary>{} <code>{id}</code></summary>\n", html(name))?;
    writeln!(out, "```diff")?;
    for field in fields {
        writeln!(out, "@@ {} @@", field.path)?;
        for line in diff::lines(field) {
            match line {
                Line::Same(text) => writeln!(out, " {text}")?,
                Line::Removed(text) => writeln!(out, "-{text}")?,
                Line::Added(text) => writeln!(out, "+{text}")?,
                Line::Gap => writeln!(out, " …")?,
            }
        }
    }
    writeln!(out, "```\n\n</details>\n")
}

pub fn deploy(target: &Target, summary: &DeploySummary, out: &mut dyn Write) -> io::Result<()> {
    heading("deploy", target, out)?;
    writeln!(out, "**{}**\n", super::deploy_counts(summary))?;
    let shown: Vec<_> = summary
        .results
        .iter()
        .filter(|a| a.outcome != Outcome::Skipped || a.owned_elsewhere())
        .collect();
    if shown.is_empty() {
        return Ok(());
    }
    writeln!(out, "| outcome | rule | kind | details |\n|---|---|---|---|")?;
    for applied in shown {
        let outcome = serde_json::to_value(&applied.outcome).unwrap_or_default();
        writeln!(
            out,
            "| {} | {} | {} | {} |",
            outcome.as_str().unwrap_or_default(),
            cell(&applied.display_name),
            applied.kind,
            deploy_details(applied)
        )?;
    }
    writeln!(out)
}

/// ARM's error of a failed rule, or whose a rule was.
fn deploy_details(applied: &Applied) -> String {
    let owner = applied.owner.as_deref().map(cell).unwrap_or_default();
    if let Some(error) = &applied.error {
        cell(error)
    } else if applied.owned_elsewhere() {
        format!("owned by `{owner}`, left alone")
    } else if applied.taken_over() {
        format!("taken over from `{owner}`")
    } else {
        String::new()
    }
}

pub fn drift(target: &Target, report: &DriftReport, out: &mut dyn Write) -> io::Result<()> {
    heading("drift", target, out)?;
    writeln!(out, "**{}**\n", super::drift_counts(report))?;
    if report.entries.is_empty() {
        return Ok(());
    }
    writeln!(out, "| status | rule | kind | file |\n|---|---|---|---|")?;
    for entry in &report.entries {
        let status = serde_json::to_value(entry.status).unwrap_or_default();
        let file = entry.file.as_ref().map(|f| f.display().to_string());
        let note = match (&entry.owner, entry.status) {
            (_, Status::Orphaned) => " (gone)".to_owned(),
            (Some(owner), _) => format!(" (owned by `{}`)", cell(owner)),
            (None, _) => String::new(),
        };
        writeln!(
            out,
            "| {} | {} | {} | {} |",
            status.as_str().unwrap_or_default(),
            cell(&entry.display_name),
            entry.kind,
            file.map_or("—".to_owned(), |f| format!("`{}`{note}", cell(&f)))
        )?;
    }
    writeln!(out)?;
    let orphaned = report.count(Status::Orphaned);
    if orphaned > 0 {
        writeln!(
            out,
            "{orphaned} orphaned rule(s) were deployed from this repository and their files are \
             gone; `deploy --prune` deletes them.\n"
        )?;
    }
    let elsewhere = report.count(Status::OwnedElsewhere);
    if elsewhere > 0 {
        writeln!(
            out,
            "{elsewhere} rule(s) with a file here are owned by another repository; deploy \
             leaves them alone (`--adopt` takes them over).\n"
        )?;
    }
    for entry in report.entries.iter().filter(|e| !e.fields.is_empty()) {
        details(&entry.display_name, &entry.rule_id, &entry.fields, out)?;
    }
    Ok(())
}

/// Text safe inside a table cell: pipes escaped, line breaks flattened.
fn cell(text: &str) -> String {
    html(text).replace('|', "\\|").replace(['\r', '\n'], " ")
}

/// Text safe in HTML (the `<summary>` of a folded block).
fn html(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}
