//! The `sentinelctl` binary: parse arguments, run, map the outcome to an exit status.

use std::process::ExitCode;

use clap::Parser;
use sentinelctl::cli::{self, Cli, ExitStatus};
use sentinelctl::printer;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli::run(cli) {
        Ok(status) => status.into(),
        Err(error) => {
            printer::error(&error);
            ExitStatus::Failure.into()
        }
    }
}
