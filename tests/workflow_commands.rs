//! Every `sentinelctl …` command line in the GitHub workflows and in the composite action parses
//! with the real command-line definition, so a renamed or removed flag fails this test instead
//! of a user's pipeline.
//!
//! Command lines come from each `run:` script (continuation lines joined, `${{ … }}` and shell
//! variables replaced by a placeholder value, words split as a shell splits them, `cargo run
//! -- …` included) and from each step that calls this repository's action with `command:` and
//! `args:`. Those calls are checked through the action's own invocation line, the same way the
//! action splits `args`, so a change to how the action passes arguments is checked too.

use std::path::{Path, PathBuf};

use clap::Parser;
use clap::error::ErrorKind;
use sentinelctl::cli::Cli;
use sentinelctl::yaml::{self, Node, Value};

/// What a `${{ … }}` expression or a shell variable stands for.
const PLACEHOLDER: &str = "placeholder";

/// Fewer command lines than this means the extraction broke, not that all is well.
const MIN_COMMAND_LINES: usize = 12;

/// One word of a shell command: its text, and the variable it is when it is nothing else.
#[derive(Clone, Debug, PartialEq)]
struct Word {
    text: String,
    variable: Option<String>,
}

/// A command line to check, and where it was found.
#[derive(Debug)]
struct CommandLine {
    origin: String,
    argv: Vec<Word>,
}

/// A step that runs this repository's action with `command:` and `args:`.
#[derive(Debug)]
struct ActionCall {
    origin: String,
    command: String,
    args: String,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn workflow_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(".github/workflows"))
        .expect("workflows folder")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yml" || ext == "yaml"))
        .collect();
    files.sort();
    files
}

fn load(path: &Path) -> (String, Node) {
    let text = std::fs::read_to_string(path).expect("readable");
    let parsed = yaml::parse(&text);
    let root = parsed.root.unwrap_or_else(|| panic!("{}: {:?}", path.display(), parsed.errors));
    (text, root)
}

fn line_of(text: &str, node: &Node) -> usize {
    let offset = usize::try_from(node.range.start()).expect("offset");
    text[..offset].matches('\n').count() + 1
}

/// Every `run:` script and every call of this repository's action, anywhere in the document.
fn collect(
    file: &str,
    text: &str,
    node: &Node,
    scripts: &mut Vec<(String, String)>,
    calls: &mut Vec<ActionCall>,
) {
    match &node.value {
        Value::Map(entries) => {
            if let Some(call) = action_call(file, text, node) {
                calls.push(call);
            }
            for entry in entries {
                if let (true, Some(script)) = (entry.key == "run", entry.value.as_str()) {
                    let origin = format!("{file}:{}", line_of(text, &entry.value));
                    scripts.push((origin, script.to_owned()));
                }
                collect(file, text, &entry.value, scripts, calls);
            }
        }
        Value::Seq(items) => {
            items.iter().for_each(|item| collect(file, text, item, scripts, calls));
        }
        _ => {}
    }
}

/// `uses: $/` (or `./`, or `OWNER/sentinelctl@REF`) with a non-empty `command:`.
fn action_call(file: &str, text: &str, step: &Node) -> Option<ActionCall> {
    let uses = step.get("uses")?.as_str()?;
    let ours = matches!(uses, "$/" | "./")
        || uses.split('@').next().is_some_and(|name| name.ends_with("/sentinelctl"));
    let with = step.get("with")?;
    let command = with.get("command")?.as_str()?;
    if !ours || command.trim().is_empty() {
        return None;
    }
    Some(ActionCall {
        origin: format!("{file}:{}", line_of(text, step)),
        command: command.to_owned(),
        args: with.get("args").and_then(Node::as_str).unwrap_or_default().to_owned(),
    })
}

/// Replaces each `${{ … }}` with the placeholder.
fn replace_expressions(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${{") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find("}}").map_or(rest.len(), |end| start + end + 2);
        out.push_str(PLACEHOLDER);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// A small shell reader: enough of POSIX/bash syntax to find simple commands and their words.
struct Shell<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    commands: Vec<Vec<Word>>,
}

/// What ends a word.
enum Stop {
    Space,
    Operator(char),
    End,
}

impl<'a> Shell<'a> {
    fn commands(script: &'a str) -> Vec<Vec<Word>> {
        let mut shell = Shell { chars: script.chars().peekable(), commands: Vec::new() };
        let mut command = Vec::new();
        loop {
            let (mut word, mut stop) = shell.word();
            while let Stop::Operator(op @ ('>' | '<')) = stop {
                // A redirection: drop its target, and a file-descriptor number written
                // against it (`2>&1`), which belongs to the redirection, not to the command.
                if let Some(word) = word.take()
                    && word.text.parse::<u8>().is_err()
                {
                    command.push(word);
                }
                stop = shell.redirection(op);
            }
            if let Some(word) = word {
                command.push(word);
            }
            match stop {
                Stop::Space => {}
                Stop::Operator(_) => shell.finish(&mut command),
                Stop::End => {
                    shell.finish(&mut command);
                    return shell.commands;
                }
            }
        }
    }

    fn finish(&mut self, command: &mut Vec<Word>) {
        if !command.is_empty() {
            self.commands.push(std::mem::take(command));
        }
    }

    /// Reads one word; `None` when only blanks or an operator came.
    fn word(&mut self) -> (Option<Word>, Stop) {
        let mut text = String::new();
        let mut parts = 0;
        let mut variable = None;
        let stop = loop {
            let Some(c) = self.chars.next() else { break Stop::End };
            match c {
                ' ' | '\t' => break Stop::Space,
                '\n' | ';' | '&' | '|' | '(' | ')' | '>' | '<' => break Stop::Operator(c),
                '#' if text.is_empty() && parts == 0 => {
                    self.chars.by_ref().find(|&c| c == '\n');
                    break Stop::Operator('\n');
                }
                '\\' => match self.chars.next() {
                    Some('\n') | None => {}
                    Some(escaped) => text.push(escaped),
                },
                '\'' => {
                    text.extend(self.chars.by_ref().take_while(|&c| c != '\''));
                    parts += 1;
                }
                '"' => {
                    let (quoted, name) = self.double_quoted();
                    text.push_str(&quoted);
                    variable = name;
                    parts += 1;
                }
                '$' => {
                    let (expanded, name) = self.dollar();
                    text.push_str(&expanded);
                    variable = name;
                    parts += 1;
                }
                _ => {
                    text.push(c);
                    parts += 2;
                }
            }
        };
        if text.is_empty() && parts == 0 {
            return (None, stop);
        }
        // A word that is one expansion and nothing else is that variable.
        let variable = if parts == 1 { variable } else { None };
        (Some(Word { text, variable }), stop)
    }

    fn double_quoted(&mut self) -> (String, Option<String>) {
        let mut text = String::new();
        let mut name = None;
        let mut pieces = 0;
        while let Some(c) = self.chars.next() {
            match c {
                '"' => break,
                '\\' => match self.chars.next() {
                    Some(e @ ('"' | '\\' | '$' | '`')) => text.push(e),
                    Some('\n') | None => {}
                    Some(other) => text.extend(['\\', other]),
                },
                '$' => {
                    let (expanded, variable) = self.dollar();
                    text.push_str(&expanded);
                    name = variable;
                    pieces += 1;
                }
                _ => {
                    text.push(c);
                    pieces += 2;
                }
            }
        }
        (text, if pieces == 1 { name } else { None })
    }

    /// After `$`: a variable, `${…}` or `$(…)` (whose commands are read too).
    fn dollar(&mut self) -> (String, Option<String>) {
        match self.chars.peek() {
            Some('{') => {
                self.chars.next();
                let inner = self.balanced('{', '}');
                let name: String =
                    inner.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                (PLACEHOLDER.to_owned(), Some(name))
            }
            Some('(') => {
                self.chars.next();
                let inner = self.balanced('(', ')');
                self.commands.extend(Shell::commands(&inner));
                (PLACEHOLDER.to_owned(), None)
            }
            Some(c) if c.is_alphanumeric() || matches!(c, '_' | '?' | '@' | '#' | '*') => {
                let first = self.chars.next().unwrap_or_default();
                let mut name = String::from(first);
                if first.is_alphabetic() || first == '_' {
                    while let Some(c) = self.chars.next_if(|c| c.is_alphanumeric() || *c == '_') {
                        name.push(c);
                    }
                }
                (PLACEHOLDER.to_owned(), Some(name))
            }
            _ => ("$".to_owned(), None),
        }
    }

    /// The text up to the `close` that balances an already-read `open`, quotes respected.
    fn balanced(&mut self, open: char, close: char) -> String {
        let mut depth = 1;
        let mut text = String::new();
        let mut quote = None;
        for c in self.chars.by_ref() {
            match (quote, c) {
                (Some(q), _) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '\'' | '"') => quote = Some(c),
                (None, _) if c == open => depth += 1,
                (None, _) if c == close => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            text.push(c);
        }
        text
    }

    /// After `>` or `<`: the rest of the operator, then its target word (or `<(…)`).
    fn redirection(&mut self, first: char) -> Stop {
        while self.chars.next_if(|c| matches!(c, '>' | '<' | '&')).is_some() {}
        if first == '<' && self.chars.next_if_eq(&'(').is_some() {
            let inner = self.balanced('(', ')');
            self.commands.extend(Shell::commands(&inner));
            return Stop::Space;
        }
        while self.chars.next_if(|c| *c == ' ' || *c == '\t').is_some() {}
        self.word().1
    }
}

/// Shell words that only introduce or group a command.
const KEYWORDS: &[&str] = &[
    "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "{", "}", "!", "time",
    "exec",
];

/// `NAME=value`, which sets a variable for the command that follows.
fn is_assignment(word: &Word) -> bool {
    word.text.split_once('=').is_some_and(|(name, _)| {
        !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// The sentinelctl argument words of a simple command, if it runs sentinelctl.
fn sentinelctl_args(command: &[Word]) -> Option<Vec<Word>> {
    let start = command
        .iter()
        .position(|word| !KEYWORDS.contains(&word.text.as_str()) && !is_assignment(word))?;
    let command = &command[start..];
    let program = command.first()?;
    if program.text == "sentinelctl" && program.variable.is_none() {
        return Some(command[1..].to_vec());
    }
    // `cargo run [options] -- ARGS` runs sentinelctl from source.
    if program.text == "cargo" && command.get(1).is_some_and(|word| word.text == "run") {
        let dashes = command.iter().position(|word| word.text == "--")?;
        return Some(command[dashes + 1..].to_vec());
    }
    None
}

fn command_lines(origin: &str, script: &str) -> Vec<CommandLine> {
    Shell::commands(&replace_expressions(script))
        .iter()
        .filter_map(|command| sentinelctl_args(command))
        .map(|argv| CommandLine { origin: origin.to_owned(), argv })
        .collect()
}

/// The action's `args` input, split as the action splits it: quotes honoured, nothing expanded.
fn split_args(args: &str) -> Vec<Word> {
    Shell::commands(&replace_expressions(args)).concat()
}

/// `sentinelctl ARGS` parses, or only asks for help or the version.
fn check(argv: &[String]) -> Result<(), String> {
    match Cli::try_parse_from(std::iter::once("sentinelctl".to_owned()).chain(argv.to_vec())) {
        Ok(_) => Ok(()),
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => Ok(()),
        Err(e) => Err(e.to_string()),
    }
}

/// The action's invocation line with one call's command and split arguments filled in.
fn instantiate(template: &[Word], call: &ActionCall) -> Vec<String> {
    let mut argv = Vec::new();
    for word in template {
        match word.variable.as_deref() {
            Some("INPUT_COMMAND") => argv.push(call.command.clone()),
            Some("args") => argv.extend(split_args(&call.args).into_iter().map(|w| w.text)),
            _ => argv.push(word.text.clone()),
        }
    }
    argv
}

fn texts(words: &[Word]) -> Vec<String> {
    words.iter().map(|word| word.text.clone()).collect()
}

#[test]
fn every_sentinelctl_command_line_parses() {
    let mut lines = Vec::new();
    let mut calls = Vec::new();
    let mut templates = Vec::new();
    let mut files = workflow_files();
    files.push(root().join("action.yml"));
    for path in &files {
        let (text, document) = load(path);
        let file = path.strip_prefix(root()).expect("in the repository").display().to_string();
        let mut scripts = Vec::new();
        collect(&file, &text, &document, &mut scripts, &mut calls);
        for (origin, script) in scripts {
            for line in command_lines(&origin, &script) {
                let generic =
                    line.argv.iter().any(|w| w.variable.as_deref() == Some("INPUT_COMMAND"));
                if generic { templates.push(line) } else { lines.push(line) }
            }
        }
    }

    let [template] = templates.as_slice() else {
        panic!("action.yml must run sentinelctl \"$INPUT_COMMAND\" exactly once: {templates:?}")
    };
    assert!(template.origin.starts_with("action.yml:"), "{template:?}");
    assert!(!calls.is_empty(), "no workflow step calls the action with a command");

    let mut failures = Vec::new();
    let mut checked = Vec::new();
    for line in &lines {
        let argv = texts(&line.argv);
        if let Err(e) = check(&argv) {
            failures.push(format!("{}: sentinelctl {}\n{e}", line.origin, argv.join(" ")));
        }
        checked.push(argv);
    }
    for call in &calls {
        let argv = instantiate(&template.argv, call);
        if let Err(e) = check(&argv) {
            failures.push(format!(
                "{} (via action.yml): sentinelctl {}\n{e}",
                call.origin,
                argv.join(" ")
            ));
        }
        checked.push(argv);
    }
    assert!(failures.is_empty(), "command lines that do not parse:\n\n{}", failures.join("\n\n"));

    assert!(
        checked.len() >= MIN_COMMAND_LINES,
        "only {} sentinelctl command lines found: {checked:#?}",
        checked.len()
    );
    for command in ["lint", "plan", "deploy", "drift"] {
        assert!(
            checked.iter().any(|argv| argv.first().is_some_and(|first| first == command)),
            "no `sentinelctl {command}` in the workflows: {checked:#?}"
        );
    }
}

#[test]
fn scripts_are_split_like_a_shell() {
    let script = r#"
        # sentinelctl lint --not-this-one
        sentinelctl plan --auth github-oidc \
          --resource-group "$RG" --workspace "${{ vars.WORKSPACE }}" \
          --output "$RUNNER_TEMP/plan.md" 2>&1 | tee log || exit 1
        echo "sentinelctl is not run here"; X=1 sentinelctl lint 'Hunting Queries' > out.txt
        version=$(sentinelctl --version)
        case "$A" in x) sentinelctl drift --fail-on-drift ;; esac
        cargo run --locked -- lint --format github
        while read -r x; do :; done < <(sentinelctl rule | head)
    "#;
    let lines: Vec<Vec<String>> =
        command_lines("test", script).iter().map(|line| texts(&line.argv)).collect();
    let plan = "plan --auth github-oidc --resource-group placeholder --workspace placeholder \
                --output placeholder/plan.md";
    let expected: Vec<Vec<&str>> = vec![
        plan.split_whitespace().collect(),
        vec!["lint", "Hunting Queries"],
        vec!["--version"],
        vec!["drift", "--fail-on-drift"],
        vec!["lint", "--format", "github"],
        vec!["rule"],
    ];
    assert_eq!(lines, expected);
}

#[test]
fn a_wrong_flag_or_value_is_caught() {
    let bad = [
        "sentinelctl plan --no-such-flag",
        "sentinelctl lint --format markdown",
        "sentinelctl deploy --auth github",
        "sentinelctl drift --fail-on-drift=yes",
    ];
    for script in bad {
        let line = command_lines("test", script).pop().expect("one command line");
        assert!(check(&texts(&line.argv)).is_err(), "{script} should not parse");
    }
}

#[test]
fn action_args_are_split_with_quotes_and_filled_into_the_invocation() {
    let template =
        &command_lines("action.yml", r#"sentinelctl "$INPUT_COMMAND" ${args[@]+"${args[@]}"}"#)[0];
    assert_eq!(template.argv[0].variable.as_deref(), Some("INPUT_COMMAND"));
    let call = ActionCall {
        origin: "test".into(),
        command: "lint".into(),
        args: "--format github \"Hunting Queries\" --select ${{ vars.CODES }}".into(),
    };
    assert_eq!(
        instantiate(&template.argv, &call),
        ["lint", "--format", "github", "Hunting Queries", "--select", PLACEHOLDER]
    );
}
