//! `sentinelctl deploy`: apply the plan to the workspace.

use std::path::PathBuf;

use clap::Args;

use super::ExitStatus;
use super::workspace_args::{ReportFormat, SyncArgs};

/// Options of `sentinelctl deploy`.
#[derive(Debug, Args)]
pub struct DeployArgs {
    #[command(flatten)]
    pub sync: SyncArgs,
    /// Delete rules we deployed whose files are gone (after showing them and asking).
    #[arg(long)]
    pub prune: bool,
    /// Do not ask before deleting.
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Show the plan and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Format of the summary.
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    pub format: ReportFormat,
    /// Write the summary to this file instead of stdout (written atomically).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(_args: &DeployArgs) -> anyhow::Result<ExitStatus> {
    anyhow::bail!("deploy is not implemented yet")
}
