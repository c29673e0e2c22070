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
