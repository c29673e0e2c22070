//! Log output for `-v`/`-q` and `RUST_LOG`, always on stderr so reports on stdout stay clean.
//!
//! `-v` and `-vv` raise the level of sentinelctl's own log lines only: dependencies (globset,
//! the HTTP stack) log at debug level about their internals, which says nothing to a user.
//! `RUST_LOG`, when set, replaces the whole filter, so their lines can still be turned on.

use tracing_subscriber::EnvFilter;

/// The filter for `verbosity` `-v` flags, or `-q`: dependencies stay at warnings (errors with
/// `-q`), sentinelctl's own targets get the chosen level.
fn default_directives(verbosity: u8, quiet: bool) -> String {
    let own = match (quiet, verbosity) {
        (true, _) => return "error".to_owned(),
        (false, 0) => "warn",
        (false, 1) => "info",
        (false, 2) => "debug",
        _ => "trace",
    };
    format!("warn,{}={own}", env!("CARGO_CRATE_NAME"))
}

/// Installs the subscriber; `verbosity` counts `-v` flags, `quiet` silences warnings.
pub fn init(verbosity: u8, quiet: bool) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new(default_directives(verbosity, quiet)));
    // Colour only for a person at a terminal, as for reports.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr())
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(ansi)
        .without_time()
        .try_init();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbosity_applies_to_our_targets_only() {
        assert_eq!(default_directives(0, false), "warn,sentinelctl=warn");
        assert_eq!(default_directives(2, false), "warn,sentinelctl=debug");
        assert_eq!(default_directives(3, true), "error");
    }
}
