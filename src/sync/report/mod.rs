//! Reports of `plan`, `deploy` and `drift`, one file per output format: `human` for a
//! terminal, `markdown` for a pull-request comment or the GitHub job summary, `json` for
//! scripts. Field diffs are built once, in `diff`, and drawn by each format.

mod diff;
mod human;
mod json;
mod markdown;

use std::io;

use super::apply::DeploySummary;
use super::drift::DriftReport;
use super::plan::Plan;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human { color: bool },
    Markdown,
    Json,
}

/// `2 to create, 1 to update, 0 to delete, 5 unchanged`: the plan's totals in every format.
fn plan_counts(plan: &Plan) -> String {
    use super::plan::Action;
    format!(
        "{} to create, {} to update, {} to delete, {} unchanged",
        plan.count(Action::Create),
        plan.count(Action::Update),
        plan.count(Action::Delete),
        plan.count(Action::Unchanged)
    )
}

/// The deploy summary's totals in every format.
fn deploy_counts(summary: &DeploySummary) -> String {
    use super::apply::Outcome;
    format!(
        "{} created, {} updated, {} deleted, {} skipped (unchanged), {} failed; \
         {} throttled request(s) retried",
        summary.count(&Outcome::Created),
        summary.count(&Outcome::Updated),
        summary.count(&Outcome::Deleted),
        summary.count(&Outcome::Skipped) + summary.count(&Outcome::Marked),
        summary.count(&Outcome::Failed),
        summary.throttled
    )
}

/// The drift report's totals in every format.
fn drift_counts(report: &DriftReport) -> String {
    use super::drift::Status;
    format!(
        "{} drifted, {} missing, {} unmanaged, {} disabled, {} in sync",
        report.count(Status::Drifted),
        report.count(Status::Missing),
        report.count(Status::Unmanaged),
        report.count(Status::Disabled),
        report.in_sync
    )
}

/// Writes `plan`.
pub fn plan(format: Format, plan: &Plan, out: &mut dyn io::Write) -> io::Result<()> {
    match format {
        Format::Human { color } => human::plan(plan, color, out),
        Format::Markdown => markdown::plan(plan, out),
        Format::Json => json::plan(plan, out),
    }
}

/// Writes a deploy summary.
pub fn deploy(format: Format, summary: &DeploySummary, out: &mut dyn io::Write) -> io::Result<()> {
    match format {
        Format::Human { color } => human::deploy(summary, color, out),
        Format::Markdown => markdown::deploy(summary, out),
        Format::Json => json::deploy(summary, out),
    }
}

/// Writes a drift report.
pub fn drift(format: Format, report: &DriftReport, out: &mut dyn io::Write) -> io::Result<()> {
    match format {
        Format::Human { color } => human::drift(report, color, out),
        Format::Markdown => markdown::drift(report, out),
        Format::Json => json::drift(report, out),
    }
}

#[cfg(test)]
mod tests;
