//! `sentinelctl plan`: what a deploy would change in the workspace.

use std::path::PathBuf;

use clap::Args;

use super::ExitStatus;
use super::workspace_args::{ReportFormat, SyncArgs, SyncContext, prepare};
use crate::printer;
use crate::sync::plan::{self, Plan, PlanOptions};
use crate::sync::report;

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
    /// Plan taking over rules whose ownership marker names another repository.
    #[arg(long)]
    pub adopt: bool,
}

/// With `--detailed-exitcode`, any failure is 1 (2 means "changes"), so the caller maps
/// errors through this.
pub fn run(args: &PlanArgs) -> anyhow::Result<ExitStatus> {
    match plan_and_report(args) {
        Ok(status) => Ok(status),
        Err(error) if args.detailed_exitcode => {
            printer::error(&error);
            Ok(ExitStatus::Findings)
        }
        Err(error) => Err(error),
    }
}

fn plan_and_report(args: &PlanArgs) -> anyhow::Result<ExitStatus> {
    let Some(ctx) = prepare(&args.sync)? else { return Ok(ExitStatus::Findings) };
    let plan = compute(&ctx, Choices { prune: args.prune, adopt: args.adopt })?;
    for warning in &plan.warnings {
        printer::warn(warning);
    }
    let format = args.format.resolve(args.sync.color, args.output.is_some());
    printer::write_report(args.output.as_deref(), |out| {
        report::plan(format, &ctx.target, &plan, out)
    })?;
    let failed_files = !ctx.local.problems.is_empty();
    // Under --detailed-exitcode, 2 (our `Failure` status) means "changes", as Terraform's.
    Ok(match (args.detailed_exitcode, plan.has_changes(), failed_files) {
        (_, _, true) => ExitStatus::Findings,
        (true, true, false) => ExitStatus::Failure,
        _ => ExitStatus::Success,
    })
}

/// What the user asked a plan to include beyond creates and updates.
#[derive(Clone, Copy, Debug)]
pub struct Choices {
    /// `--prune`: delete our rules whose files are gone.
    pub prune: bool,
    /// `--adopt`: take over rules another repository's marker names.
    pub adopt: bool,
}

/// The plan of the files against its workspace.
pub fn compute(ctx: &SyncContext, choices: Choices) -> anyhow::Result<Plan> {
    let live = ctx.live()?;
    let options = PlanOptions {
        prune: choices.prune,
        repository: ctx.repository.clone(),
        root: ctx.root.clone(),
        adopt: choices.adopt,
    };
    Ok(plan::build(&ctx.local, &live, ctx.client.workspace(), &options))
}
