//! sentinelctl: lint, plan and deploy Microsoft Sentinel analytic rules and hunting queries
//! kept as YAML in Git.
//!
//! The binary in `main.rs` is a thin shell over [`cli`]; everything else is a library so the
//! integration tests can drive it directly.

pub mod diagnostics;
pub mod lint;
pub mod model;
pub mod source;
pub mod yaml;
