//! A local emulator of the ARM endpoints sentinelctl uses, built from Microsoft's OpenAPI
//! specs, in the spirit of Azurite for Azure Storage.
//!
//! It serves alert rules (stable and preview api-versions), Sentinel metadata, Log Analytics
//! saved searches and (read-only, seeded) workspace tables for any subscription, resource
//! group and workspace, validates
//! every request body against the vendored OpenAPI definition of its kind and api-version,
//! answers with ARM's status codes, envelopes and headers, and can inject faults
//! (throttling, transient errors, latency, dropped connections). It is what every test of the
//! Azure side runs against, and `sentinelctl emulator` lets a user try plan, deploy and drift
//! without a tenant. It is not a security boundary: it accepts any bearer token, or none.

mod faults;
mod resources;
mod routes;
mod schema;
mod specs;
mod store;
mod tables;
mod tokens;
mod validate;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use thiserror::Error;

use crate::kql::semantic::TableDescription;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use faults::{EmulatorStats, Faults};
pub use specs::BodyKind;

/// Default number of items per list page; small so clients exercise `nextLink`.
pub const DEFAULT_PAGE_SIZE: usize = 3;

/// How to run the emulator.
#[derive(Clone, Debug)]
pub struct EmulatorConfig {
    /// Address to bind; loopback unless the user asks otherwise.
    pub host: IpAddr,
    /// Port to bind; 0 picks a free one.
    pub port: u16,
    /// Keep the resources in this JSON file (in memory only when `None`).
    pub state: Option<PathBuf>,
    /// Items per list page.
    pub page_size: usize,
    pub faults: Faults,
    /// Workspace tables to serve (read-only), the same in every workspace.
    pub tables: Vec<TableDescription>,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        Self {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            state: None,
            page_size: DEFAULT_PAGE_SIZE,
            faults: Faults::default(),
            tables: Vec::new(),
        }
    }
}

/// Why the emulator could not start.
#[derive(Debug, Error)]
pub enum EmulatorError {
    #[error("failed to listen on {address}: {source}")]
    Bind { address: SocketAddr, source: std::io::Error },
    #[error("{0}")]
    State(String),
    #[error("failed to load the vendored API specs: {0}")]
    Specs(String),
}

/// A running emulator; dropping it does not stop it, call [`RunningEmulator::shutdown`].
#[derive(Debug)]
pub struct RunningEmulator {
    address: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
}

impl RunningEmulator {
    /// The bound address.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// `http://host:port`, the value for `--endpoint`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Stops accepting requests and waits for the server task.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Err(error) = (&mut self.task).await {
            tracing::debug!(%error, "emulator task ended abnormally");
        }
    }

    /// Runs until the server task ends (for the `emulator` command, which ends on Ctrl-C).
    pub async fn wait(self) -> std::io::Result<()> {
        match self.task.await {
            Ok(result) => result,
            Err(error) => Err(std::io::Error::other(error)),
        }
    }
}

/// Binds and starts serving in the background.
pub async fn start(config: EmulatorConfig) -> Result<RunningEmulator, EmulatorError> {
    validate::ensure_compiled().map_err(EmulatorError::Specs)?;
    let store = store::Store::open(config.state.as_deref()).map_err(EmulatorError::State)?;
    let requested = SocketAddr::new(config.host, config.port);
    let listener = tokio::net::TcpListener::bind(requested)
        .await
        .map_err(|source| EmulatorError::Bind { address: requested, source })?;
    let address = listener
        .local_addr()
        .map_err(|source| EmulatorError::Bind { address: requested, source })?;
    let app = Arc::new(routes::App {
        store,
        faults: faults::FaultState::new(config.faults),
        page_size: config.page_size.max(1),
        tables: config.tables,
        base_url: format!("http://{address}"),
    });
    let (stop, stopped) = oneshot::channel::<()>();
    let server = axum::serve(listener, routes::router(app)).with_graceful_shutdown(async {
        let _ = stopped.await;
    });
    let task = tokio::spawn(async move { server.await });
    tracing::debug!(%address, "emulator listening");
    Ok(RunningEmulator { address, stop: Some(stop), task })
}
