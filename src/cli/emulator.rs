//! `sentinelctl emulator`: run the local ARM emulator until Ctrl-C.

use std::net::IpAddr;
use std::path::PathBuf;

use anyhow::Context as _;
use clap::Args;

use super::ExitStatus;
use crate::emulator::{self, EmulatorConfig, Faults};

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
}

/// Runs the emulator in the foreground.
pub fn run(args: &EmulatorArgs) -> anyhow::Result<ExitStatus> {
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
            )
        })?;
        tokio::select! {
            result = tokio::signal::ctrl_c() => result.context("failed to wait for Ctrl-C")?,
            result = running.wait() => result.context("the emulator stopped")?,
        }
        Ok(ExitStatus::Success)
    })
}
