//! The only module that writes to stdout and stderr.
//!
//! Reports go to stdout or, with `--output`, to a file written atomically (a temporary file in
//! the same folder, renamed over the target), so a failed run never leaves half a report
//! behind for CI to upload. Messages for people go to stderr.

#![allow(clippy::print_stderr, reason = "this module is the program's one printer")]

use std::io::{self, IsTerminal, Write};
use std::path::Path;

use anyhow::Context as _;

/// Writes a report produced by `write` to `output`, or to stdout when `output` is `None`.
pub fn write_report(
    output: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> anyhow::Result<()> {
    match output {
        None => {
            let stdout = io::stdout();
            let mut lock = stdout.lock();
            write(&mut lock).and_then(|()| lock.flush()).or_else(ignore_broken_pipe)?;
            Ok(())
        }
        Some(path) => write_file_atomically(path, write)
            .with_context(|| format!("failed to write report to {}", path.display())),
    }
}

fn write_file_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> anyhow::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if !dir.is_dir() {
        anyhow::bail!("folder {} does not exist", dir.display());
    }
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    readable_by_others(temp.as_file())?;
    {
        let mut buffered = io::BufWriter::new(temp.as_file_mut());
        write(&mut buffered)?;
        buffered.flush()?;
    }
    temp.persist(path)?;
    Ok(())
}

/// Temporary files are private (0600); a report is for CI upload steps and other users too.
#[cfg(unix)]
fn readable_by_others(file: &std::fs::File) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt as _;
    file.set_permissions(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn readable_by_others(_file: &std::fs::File) -> io::Result<()> {
    Ok(())
}

/// A reader that closed the pipe (`| head`) is not a failure.
fn ignore_broken_pipe(error: io::Error) -> io::Result<()> {
    if error.kind() == io::ErrorKind::BrokenPipe { Ok(()) } else { Err(error) }
}

/// Whether stdout is a terminal that wants colour (`NO_COLOR` unset).
pub fn stdout_wants_color() -> bool {
    io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// A one-line status message for the user, on stderr (stdout stays for reports).
pub fn status(message: &str) {
    eprintln!("{message}");
}

/// A one-line warning for the user, on stderr.
pub fn warn(message: &str) {
    eprintln!("warning: {message}");
}

/// A tool failure with its chain of causes, on stderr.
pub fn error(error: &anyhow::Error) {
    eprintln!("error: {error}");
    for cause in error.chain().skip(1) {
        eprintln!("  caused by: {cause}");
    }
}
