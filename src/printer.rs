//! The only module that writes to stdout and stderr.
//!
//! Reports go to stdout or, with `--output`, to a file written atomically (a temporary file in
//! the same folder, renamed over the target), so a failed run never leaves half a report
//! behind for CI to upload. Messages for people go to stderr.

#![allow(clippy::print_stderr, reason = "this module is the program's one printer")]

use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

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

/// Set once by `-q`: stderr keeps to what the user must act on.
static QUIET: AtomicBool = AtomicBool::new(false);

/// Leaves [`note`] lines out from now on (`-q`).
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

/// A line of context, such as the credential a command signed in with, on stderr unless `-q`.
pub fn note(message: &str) {
    if !QUIET.load(Ordering::Relaxed) {
        eprintln!("{message}");
    }
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

/// clap's answer to the command line: help or version on stdout, a usage error on stderr.
pub fn usage(error: &clap::Error) {
    // Nothing useful is left to do if the terminal is gone.
    let _ = error.print();
}

/// A tool failure that is one message, on stderr.
pub fn error_message(message: &str) {
    eprintln!("error: {message}");
}

/// Whether stderr is a terminal that wants colour (`NO_COLOR` unset).
pub fn stderr_wants_color() -> bool {
    io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Writes a block of text for people (e.g. lint findings that stop a plan) on stderr.
pub fn write_stderr(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let stderr = io::stderr();
    let mut lock = stderr.lock();
    write(&mut lock).and_then(|()| lock.flush())
}

/// Whether a person can answer a question: stdin and stderr are both terminals.
pub fn can_ask() -> bool {
    io::stdin().is_terminal() && io::stderr().is_terminal()
}

/// Asks `question` on stderr and reads a yes/no answer from stdin; anything but `y` or `yes`
/// is no.
pub fn confirm(question: &str) -> io::Result<bool> {
    eprint!("{question} [y/N] ");
    io::stderr().flush()?;
    let mut answer = String::new();
    io::stdin().read_line(&mut answer)?;
    Ok(matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes"))
}

/// A progress bar on stderr for long runs; drawn only on a terminal, so logs and CI output
/// stay clean.
#[derive(Debug)]
pub struct Progress {
    bar: indicatif::ProgressBar,
}

impl Progress {
    /// A bar of `len` steps (hidden off a terminal or when there is nothing to do).
    pub fn new(len: u64, what: &str) -> Self {
        let bar = if io::stderr().is_terminal() && len > 0 {
            let style = indicatif::ProgressStyle::with_template(
                "{prefix} [{bar:30}] {pos}/{len} {wide_msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> ");
            let bar = indicatif::ProgressBar::new(len).with_style(style);
            bar.set_prefix(what.to_owned());
            bar
        } else {
            indicatif::ProgressBar::hidden()
        };
        Self { bar }
    }

    /// One step done; `message` names it.
    pub fn step(&self, message: &str) {
        self.bar.set_message(message.to_owned());
        self.bar.inc(1);
    }

    /// Removes the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
