//! Reports of `plan`, `deploy` and `drift`, one file per output format: `human` for a
//! terminal, `markdown` for a pull-request comment or the GitHub job summary, `json` for
//! scripts. Field diffs are built once, in `diff`, and drawn by each format. Every report
//! starts by naming its workspace (and environment), so a report about dev is never taken
//! for one about prod.

mod diff;
mod human;
mod json;
mod markdown;

use std::io;

use super::apply::DeploySummary;
use super::drift::DriftReport;
use super::plan::Plan;
use crate::azure::Workspace;

/// The workspace a report is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub workspace: Workspace,
    /// The `--env` the workspace was chosen with, if any.
    pub environment: Option<String>,
}

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human { color: bool },
    Markdown,
    Json,
}

/// `2 to create, 1 to update, 0 to delete, 5 unchanged`: the plan's totals in every format,
/// with the files left out when there are any.
fn plan_counts(plan: &Plan) -> String {
    use super::plan::Action;
    let mut counts = format!(
        "{} to create, {} to update, {} to delete, {} unchanged",
        plan.count(Action::Create),
        plan.count(Action::Update),
        plan.count(Action::Delete),
        plan.count(Action::Unchanged)
    );
    let elsewhere = plan.count(Action::OwnedElsewhere);
    if elsewhere > 0 {
        counts.push_str(&format!(", {elsewhere} owned by another repository"));
    }
    if !plan.left_out.is_empty() {
        counts.push_str(&format!(", {} file(s) left out", plan.left_out.len()));
    }
    counts
}

/// The deploy summary's totals in every format.
fn deploy_counts(summary: &DeploySummary) -> String {
    use super::apply::Outcome;
    let mut counts = format!(
        "{} created, {} updated, {} deleted, {} skipped (unchanged), ",
        summary.count(&Outcome::Created),
        summary.count(&Outcome::Updated),
        summary.count(&Outcome::Deleted),
        summary.count(&Outcome::Skipped) + summary.count(&Outcome::Marked),
    );
    // Only when there are any, so the usual summary reads as it always has.
    let elsewhere = summary.owned_elsewhere();
    if elsewhere > 0 {
        counts.push_str(&format!("{elsewhere} skipped (owned by another repository), "));
    }
    let taken = summary.taken_over();
    if taken > 0 {
        counts.push_str(&format!("{taken} taken over from another repository, "));
    }
    counts.push_str(&format!(
        "{} failed; {} throttled request(s) retried",
        summary.count(&Outcome::Failed),
        summary.throttled
    ));
    counts
}

/// The drift report's totals in every format.
fn drift_counts(report: &DriftReport) -> String {
    use super::drift::Status;
    let elsewhere = match report.count(Status::OwnedElsewhere) {
        0 => String::new(),
        n => format!("{n} owned by another repository, "),
    };
    format!(
        "{} drifted, {} missing, {} orphaned, {} unmanaged, {} disabled, {elsewhere}{} in sync",
        report.count(Status::Drifted),
        report.count(Status::Missing),
        report.count(Status::Orphaned),
        report.count(Status::Unmanaged),
        report.count(Status::Disabled),
        report.in_sync
    )
}

/// Writes `plan`.
pub fn plan(
    format: Format,
    target: &Target,
    plan: &Plan,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    match format {
        Format::Human { color } => human::plan(target, plan, color, out),
        Format::Markdown => markdown::plan(target, plan, out),
        Format::Json => json::plan(target, plan, out),
    }
}

/// Writes a deploy summary.
pub fn deploy(
    format: Format,
    target: &Target,
    summary: &DeploySummary,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    match format {
        Format::Human { color } => human::deploy(target, summary, color, out),
        Format::Markdown => markdown::deploy(target, summary, out),
        Format::Json => json::deploy(target, summary, out),
    }
}

/// Writes a drift report.
pub fn drift(
    format: Format,
    target: &Target,
    report: &DriftReport,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    match format {
        Format::Human { color } => human::drift(target, report, color, out),
        Format::Markdown => markdown::drift(target, report, out),
        Format::Json => json::drift(target, report, out),
    }
}

#[cfg(test)]
mod tests;
