//! Log output for `-v`/`-q` and `RUST_LOG`, always on stderr so reports on stdout stay clean.

use tracing_subscriber::EnvFilter;

/// Installs the subscriber; `verbosity` counts `-v` flags, `quiet` silences warnings.
pub fn init(verbosity: u8, quiet: bool) {
    let default = match (quiet, verbosity) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info",
        (false, 2) => "debug",
        _ => "trace",
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
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
