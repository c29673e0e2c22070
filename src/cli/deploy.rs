//! `sentinelctl deploy`: apply the plan to the workspace.

use std::path::PathBuf;

use clap::Args;

use super::ExitStatus;
use super::plan::{Choices, compute};
use super::workspace_args::{ReportFormat, SyncArgs, prepare};
use crate::printer;
use crate::sync::apply::{self, Applied};
use crate::sync::plan::{Action, Plan};
use crate::sync::report;

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
    /// Take over rules whose ownership marker names another repository: deploy them and
    /// rewrite their marker to this repository (without it they are left alone).
    #[arg(long)]
    pub adopt: bool,
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

pub fn run(args: &DeployArgs) -> anyhow::Result<ExitStatus> {
    let Some(ctx) = prepare(&args.sync)? else { return Ok(ExitStatus::Findings) };
    let mut plan = compute(&ctx, Choices { prune: args.prune, adopt: args.adopt })?;
    for warning in &plan.warnings {
        printer::warn(warning);
    }
    let format = args.format.resolve(args.sync.color, args.output.is_some());
    let bad_files = !ctx.local.problems.is_empty();
    if args.dry_run {
        printer::write_report(args.output.as_deref(), |out| {
            report::plan(format, &ctx.target, &plan, out)
        })?;
        return Ok(if bad_files { ExitStatus::Findings } else { ExitStatus::Success });
    }
    if !confirm_deletes(&mut plan, args)? {
        return Ok(ExitStatus::Failure);
    }

    let todo = plan.entries.iter().filter(|e| e.writes()).count();
    let progress = printer::Progress::new(todo as u64, "deploying");
    let on_done = |applied: &Applied| {
        if applied.outcome != apply::Outcome::Skipped {
            progress.step(&applied.display_name);
        }
    };
    let summary = ctx.runtime.block_on(apply::apply(&ctx.client, &plan, ctx.started, &on_done));
    progress.finish();
    printer::write_report(args.output.as_deref(), |out| {
        report::deploy(format, &ctx.target, &summary, out)
    })?;
    Ok(if summary.failed() || bad_files { ExitStatus::Findings } else { ExitStatus::Success })
}

/// Shows the rules `--prune` would delete and asks; without a terminal only `--yes` goes
/// on. Whether the deploy may proceed.
fn confirm_deletes(plan: &mut Plan, args: &DeployArgs) -> anyhow::Result<bool> {
    let deletes: Vec<String> = plan
        .entries
        .iter()
        .filter(|e| e.action == Action::Delete)
        .map(|e| {
            let file = e.file.as_ref().map_or(String::new(), |f| format!(" (was {})", f.display()));
            format!("  {} \"{}\" [{}]{file}", e.kind, e.display_name, e.rule_id)
        })
        .collect();
    if deletes.is_empty() {
        return Ok(true);
    }
    printer::status(&format!("--prune deletes {} rule(s) whose files are gone:", deletes.len()));
    for line in &deletes {
        printer::status(line);
    }
    if args.yes {
        return Ok(true);
    }
    if !printer::can_ask() {
        printer::status(
            "refusing to delete without confirmation: not a terminal, so pass --yes to \
             delete them (nothing was changed)",
        );
        return Ok(false);
    }
    if printer::confirm("Delete these rules?")? {
        return Ok(true);
    }
    // A "no" keeps the rules and deploys everything else.
    plan.entries.retain(|e| e.action != Action::Delete);
    printer::status("not deleting; deploying the other changes");
    Ok(true)
}
