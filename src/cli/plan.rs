//! `sentinelctl plan`: what a deploy would change in the workspace.

use std::path::PathBuf;

use clap::Args;

use super::ExitStatus;
use super::workspace_args::{ReportFormat, SyncArgs};

/// Options of `sentinelctl plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub sync: SyncArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    pub format: ReportFormat,
    /// Write the plan to this file instead of stdout (written atomically).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit 0 when nothing would change, 2 when something would, 1 on error.
    #[arg(long)]
    pub detailed_exitcode: bool,
    /// Also plan deleting rules we deployed whose files are gone.
    #[arg(long)]
    pub prune: bool,
}

pub fn run(_args: &PlanArgs) -> anyhow::Result<ExitStatus> {
    anyhow::bail!("plan is not implemented yet")
}
