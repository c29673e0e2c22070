//! `sentinelctl drift`: what changed in the workspace outside Git.

use std::path::PathBuf;

use clap::Args;

use super::ExitStatus;
use super::workspace_args::{ReportFormat, SyncArgs, prepare};
use crate::printer;
use crate::sync::{drift, report};

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
    /// Exit 1 when any rule drifted, is missing, orphaned, unmanaged or disabled.
    #[arg(long)]
    pub fail_on_drift: bool,
}

pub fn run(args: &DriftArgs) -> anyhow::Result<ExitStatus> {
    let Some(ctx) = prepare(&args.sync)? else { return Ok(ExitStatus::Findings) };
    let live = ctx.live()?;
    let found = drift::build(&ctx.local, &live, ctx.client.workspace(), ctx.ownership());
    let format = args.format.resolve(args.sync.color, args.output.is_some());
    printer::write_report(args.output.as_deref(), |out| {
        report::drift(format, &ctx.target, &found, out)
    })?;
    let failed = (args.fail_on_drift && found.has_drift()) || !ctx.local.problems.is_empty();
    Ok(if failed { ExitStatus::Findings } else { ExitStatus::Success })
}
