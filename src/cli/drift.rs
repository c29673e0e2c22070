//! `sentinelctl drift`: what changed in the workspace outside Git.

use std::path::PathBuf;

use clap::Args;

use super::ExitStatus;
use super::workspace_args::{ReportFormat, SyncArgs};

/// Options of `sentinelctl drift`.
#[derive(Debug, Args)]
pub struct DriftArgs {
    #[command(flatten)]
    pub sync: SyncArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    pub format: ReportFormat,
    /// Write the report to this file instead of stdout (written atomically).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit 1 when any rule drifted, is missing, unmanaged or disabled.
    #[arg(long)]
    pub fail_on_drift: bool,
}

pub fn run(_args: &DriftArgs) -> anyhow::Result<ExitStatus> {
    anyhow::bail!("drift is not implemented yet")
}
