//! Reads rule files as they were at another revision, through the `git` command.
//!
//! Shelling out keeps the binary small and uses the user's own git configuration (safe
//! directories, partial clones, credentials); only two plumbing commands are needed.

use std::path::{Path, PathBuf};
use std::process::Command;

use thiserror::Error;

use crate::lint::checks::ids::revision::BaseFile;

#[derive(Debug, Error)]
pub enum GitError {
    #[error("failed to run git: {0}")]
    Spawn(#[from] std::io::Error),
    #[error("git {command} failed: {stderr}")]
    Failed { command: String, stderr: String },
}

/// The YAML files under `roots` as they were at revision `base`, with paths as the user
/// sees them (relative to the current directory when they are below it).
pub fn files_at(base: &str, roots: &[PathBuf]) -> Result<Vec<BaseFile>, GitError> {
    let toplevel = PathBuf::from(run(&["rev-parse", "--show-toplevel"], None)?.trim());
    let cwd = std::env::current_dir()?;
    let mut pathspecs = Vec::new();
    for root in roots {
        let absolute = std::path::absolute(root)?;
        let relative = absolute.strip_prefix(&toplevel).unwrap_or(&absolute);
        pathspecs.push(relative.to_string_lossy().replace('\\', "/"));
    }
    let mut args = vec!["ls-tree", "-r", "--name-only", "-z", base, "--"];
    args.extend(pathspecs.iter().map(String::as_str));
    let listing = run(&args, Some(&toplevel))?;

    let mut files = Vec::new();
    for name in listing.split('\0').filter(|n| n.ends_with(".yaml") || n.ends_with(".yml")) {
        let text = run(&["show", &format!("{base}:{name}")], Some(&toplevel))?;
        let absolute = toplevel.join(name);
        let path = absolute.strip_prefix(&cwd).map_or(absolute.clone(), Path::to_path_buf);
        let text = text.strip_prefix('\u{feff}').map_or(text.clone(), str::to_owned);
        files.push(BaseFile { path, text });
    }
    tracing::debug!(base, files = files.len(), "read rule files at base revision");
    Ok(files)
}

fn run(args: &[&str], dir: Option<&Path>) -> Result<String, GitError> {
    let mut command = Command::new("git");
    command.args(args);
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    let output = command.output()?;
    if !output.status.success() {
        return Err(GitError::Failed {
            command: args.first().copied().unwrap_or_default().to_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).trim().to_owned(),
        });
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}
