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
    let detailed = std::env::args_os().any(|arg| asks_detailed_exitcode(&arg));
    if detailed { ExitCode::from(1) } else { ExitStatus::Failure.into() }
}

/// `--detailed-exitcode`, or a `--detailed-exitcode=VALUE` form: the flag takes no value, so
/// that form is itself a bad command line, but its author asked for detailed exit codes
/// unless the value says otherwise.
fn asks_detailed_exitcode(arg: &std::ffi::OsStr) -> bool {
    const FLAG: &str = "--detailed-exitcode";
    let arg = arg.to_string_lossy();
    match arg.strip_prefix(FLAG) {
        Some("") => true,
        Some(rest) => rest.strip_prefix('=').is_some_and(|value| {
            !["false", "0", "no", "off"].iter().any(|off| value.trim().eq_ignore_ascii_case(off))
        }),
        None => false,
    }
}
