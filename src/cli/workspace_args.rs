//! Options shared by the commands that compare rule files with a live workspace.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::azure::args::AzureArgs;

/// Rule files, configuration and the workspace they are compared with.
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Rule files or folders [default: `paths` from sentinelctl.toml, else `rules`].
    pub paths: Vec<PathBuf>,
    /// Configuration file [default: the nearest sentinelctl.toml].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(flatten)]
    pub azure: AzureArgs,
}

/// How a plan, deploy summary or drift report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// For a terminal, with coloured diffs.
    Human,
    /// For a pull-request comment or the GitHub job summary.
    Markdown,
    /// For scripts.
    Json,
}
