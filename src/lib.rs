//! sentinelctl: lint, plan and deploy Microsoft Sentinel analytic rules and hunting queries
//! kept as YAML in Git.
//!
//! The binary in `main.rs` is a thin shell over [`cli`]; everything else is a library so the
//! integration tests can drive it directly.

pub mod azure;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod diagnostics;
pub mod discover;
pub mod emulator;
pub mod git;
pub mod kql;
pub mod lint;
mod logging;
pub mod model;
pub mod printer;
pub mod source;
pub mod sync;
pub mod yaml;
