//! The `sentinelctl` binary: parse arguments, run, map the outcome to an exit status.

use std::process::ExitCode;

use clap::Parser;
use sentinelctl::cli::{self, Cli, ExitStatus};
use sentinelctl::printer;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return usage_error(&error),
    };
    match cli::run(cli) {
        Ok(status) => status.into(),
        Err(error) => {
            printer::error(&error);
            ExitStatus::Failure.into()
        }
    }
}

/// `--help` and `--version` exit 0; a bad command line exits 2, except under
/// `--detailed-exitcode`, where 2 means "changes" and every failure is 1.
fn usage_error(error: &clap::Error) -> ExitCode {
    printer::usage(error);
    if !error.use_stderr() {
        return ExitCode::SUCCESS;
    }
    let detailed = std::env::args_os().any(|arg| arg == "--detailed-exitcode");
    if detailed { ExitCode::from(1) } else { ExitStatus::Failure.into() }
}
