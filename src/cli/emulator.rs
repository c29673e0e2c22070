//! `sentinelctl emulator`: run the local ARM emulator until Ctrl-C.

use std::net::IpAddr;
use std::path::PathBuf;

use anyhow::Context as _;
use clap::Args;

use super::ExitStatus;
use crate::emulator::{self, EmulatorConfig, Faults};
use crate::kql::semantic::TableDescription;

/// Options of `sentinelctl emulator`.
#[derive(Debug, Args)]
pub struct EmulatorArgs {
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Address to listen on. The emulator accepts any token: keep it on loopback.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: IpAddr,
    /// Keep resources in this JSON file across restarts [default: in memory].
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// Items per list page (small, so clients exercise `nextLink`).
    #[arg(long, value_name = "N", default_value_t = emulator::DEFAULT_PAGE_SIZE)]
    pub page_size: usize,
    /// Answer every Nth ARM call with 429 Too Many Requests.
    #[arg(long, value_name = "N")]
    pub throttle_every: Option<u64>,
    /// `Retry-After` seconds sent with an injected 429.
    #[arg(long, value_name = "SECONDS", default_value_t = 1)]
    pub retry_after: u64,
    /// After an injected 429, answer 429 to every ARM call until its `Retry-After` has
    /// passed, as the service does, each with the time still to wait.
    #[arg(long)]
    pub throttle_window: bool,
    /// Answer every Nth ARM call with a transient 503.
    #[arg(long, value_name = "N")]
    pub fail_every: Option<u64>,
    /// Drop the connection mid-answer on every Nth ARM call.
    #[arg(long, value_name = "N")]
    pub drop_every: Option<u64>,
    /// Add this many milliseconds to every ARM call.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    pub latency_ms: u64,
    /// Serve the tables described by the `*.json` files of this folder (the custom table
    /// schemas `lint --schemas` reads) in every workspace, read-only.
    #[arg(long, value_name = "DIR")]
    pub tables: Option<PathBuf>,
}

/// Runs the emulator in the foreground.
pub fn run(args: &EmulatorArgs) -> anyhow::Result<ExitStatus> {
    let tables = match &args.tables {
        Some(dir) => seed_tables(dir)?,
        None => Vec::new(),
    };
    let table_count = tables.len();
    let config = EmulatorConfig {
        host: args.host,
        port: args.port,
        state: args.state.clone(),
        page_size: args.page_size,
        faults: Faults {
            throttle_every: args.throttle_every,
            retry_after_secs: args.retry_after,
            throttle_window: args.throttle_window,
            error_every: args.fail_every,
            drop_every: args.drop_every,
            latency_ms: args.latency_ms,
            ..Faults::default()
        },
        tables,
    };
    let runtime = tokio::runtime::Runtime::new().context("failed to start the async runtime")?;
    runtime.block_on(async {
        let running = emulator::start(config).await?;
        let url = running.url();
        crate::printer::write_report(None, |out| {
            writeln!(out, "ARM emulator listening on {url}")?;
            writeln!(
                out,
                "use: --endpoint {url} --auth none (any subscription, resource group and workspace)"
            )?;
            if let Some(dir) = &args.tables {
                writeln!(out, "serving {table_count} table(s) from {}", dir.display())?;
            }
            Ok(())
        })?;
        tokio::select! {
            result = tokio::signal::ctrl_c() => result.context("failed to wait for Ctrl-C")?,
            result = running.wait() => result.context("the emulator stopped")?,
        }
        Ok(ExitStatus::Success)
    })
}

/// The tables of `dir`; a file that cannot be read is reported and left out, a folder that
/// cannot be read stops the emulator before it listens.
fn seed_tables(dir: &std::path::Path) -> anyhow::Result<Vec<TableDescription>> {
    let (tables, errors) = TableDescription::read_dir(dir);
    for error in &errors {
        if error.is_about_the_folder() {
            anyhow::bail!("--tables: {error}");
        }
        crate::printer::warn(&error.to_string());
    }
    Ok(tables)
}
