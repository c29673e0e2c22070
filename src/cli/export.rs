//! `sentinelctl export`: write a workspace's rules as YAML files.

use std::path::PathBuf;

use clap::Args;

use super::ExitStatus;
use crate::azure::args::AzureArgs;

/// Options of `sentinelctl export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Folder to write into (analytic rules and hunting queries in subfolders).
    #[arg(long, value_name = "DIR", default_value = "rules")]
    pub out: PathBuf,
    /// Replace files that already exist.
    #[arg(long)]
    pub force: bool,
    /// Configuration file [default: the nearest sentinelctl.toml].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(flatten)]
    pub azure: AzureArgs,
}

pub fn run(_args: &ExportArgs) -> anyhow::Result<ExitStatus> {
    anyhow::bail!("export is not implemented yet")
}
