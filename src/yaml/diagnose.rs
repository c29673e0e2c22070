//! Problems found while loading YAML, with the hints that make them fixable.
//!
//! The parser's own messages, reworded in `messages`, say what went wrong in YAML terms;
//! the hints here say what the author most likely did: tabs for indentation, text under
//! `description: |` that is not indented, a query line indented less than the rest, a key
//! not lined up with the list item it belongs to, a backslash inside double quotes, an
//! invisible control character.

use super::messages;
use crate::source::TextRange;

/// What kind of YAML problem was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YamlErrorKind {
    /// The text is not valid YAML.
    Syntax,
    /// A tab character in indentation.
    TabIndentation,
    /// A tab after the content of a line: valid YAML 1.2, but PyYAML-based pipelines reject it.
    TrailingTab,
    /// The same key twice in one mapping.
    DuplicateKey,
    /// A key that is itself a list or mapping.
    ComplexKey,
    /// More than one `---` document in one file.
    MultipleDocuments,
    /// Aliases that expand to more nodes than any rule needs (a "billion laughs" file).
    AliasExpansion,
}

/// One problem with its position and, where we can tell, a hint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    pub kind: YamlErrorKind,
    pub range: TextRange,
    pub message: String,
    pub help: Option<String>,
    /// Another place involved, e.g. the first occurrence of a duplicate key.
    pub related: Option<(TextRange, String)>,
}

impl YamlError {
    pub fn new(kind: YamlErrorKind, range: TextRange, message: impl Into<String>) -> Self {
        Self { kind, range, message: message.into(), help: None, related: None }
    }

    fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Whether the file must not be linted further: everything but a trailing tab.
    pub fn is_fatal(&self) -> bool {
        self.kind != YamlErrorKind::TrailingTab
    }
}

/// A parser error at byte `offset`, with the most likely cause as a hint.
pub fn syntax_error(text: &str, offset: u32, info: &str) -> YamlError {
    let lines = Lines::new(text);
    let line_no = lines.line_of(offset);
    if let Some(tab) = lines.indentation_tab(line_no) {
        return tab_indentation(tab);
    }
    let found = text.get(offset as usize..).and_then(|rest| rest.chars().next());
    if let Some(control) = found.filter(|c| is_disallowed_control(*c)) {
        return control_character(offset, control);
    }
    let range = token_range(text, offset);
    let (message, general_help) = messages::plain(info);
    let error = YamlError::new(YamlErrorKind::Syntax, range, format!("Invalid YAML: {message}"));
    let reserved = found;
    if let Some(indicator @ ('%' | '@' | '`')) = reserved {
        return error.with_help(format!(
            "`{indicator}` cannot start an unquoted value: put the value in quotes"
        ));
    }
    if info.contains("escape") {
        let mut error = error;
        if let Some(at) = invalid_escape(text, offset) {
            error.range = TextRange::new(at, at + 2);
        }
        return error.with_help(
            "Inside double quotes a backslash starts an escape: use single quotes, or write \
             `\\\\` for a literal backslash",
        );
    }
    if let Some((help, blamed)) = block_scalar_problem(&lines, line_no) {
        let mut error = error.with_help(help);
        if blamed != line_no {
            let (start, line) = lines.get(blamed);
            let first = start + (line.len() - line.trim_start().len()) as u32;
            error.range = token_range(text, first);
        }
        return error;
    }
    match list_item_key_hint(&lines, line_no).or(general_help.map(str::to_owned)) {
        Some(help) => error.with_help(help),
        None => error,
    }
}

/// Characters YAML refuses anywhere: C0 controls other than tab and line breaks, DEL, C1.
fn is_disallowed_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{85}')
}

/// An invisible control character, such as a NUL from a bad copy or a binary file: the
/// parser only says "unprintable character", and the line looks fine in most editors.
fn control_character(offset: u32, control: char) -> YamlError {
    let code = format!("U+{:04X}", u32::from(control));
    let name = match control {
        '\0' => " (NUL)",
        '\u{7}' => " (BEL)",
        '\u{8}' => " (backspace)",
        '\u{1b}' => " (ESC)",
        '\u{7f}' => " (DEL)",
        _ => "",
    };
    let end = offset + control.len_utf8() as u32;
    YamlError::new(
        YamlErrorKind::Syntax,
        TextRange::new(offset, end),
        format!("Invalid YAML: control character {code}{name} is not allowed"),
    )
    .with_help(format!(
        "Remove the {code} character: it is invisible in most editors; YAML allows only \
         printable characters, tabs and line breaks"
    ))
}

pub fn duplicate_key(key: &str, range: TextRange, first: TextRange) -> YamlError {
    let mut error = YamlError::new(
        YamlErrorKind::DuplicateKey,
        range,
        format!("Duplicate key `{key}`; YAML loaders disagree on which value wins"),
    )
    .with_help(format!("Keep one `{key}` and merge the two values"));
    error.related = Some((first, format!("`{key}` first defined here")));
    error
}

fn tab_indentation(offset: u32) -> YamlError {
    YamlError::new(
        YamlErrorKind::TabIndentation,
        TextRange::new(offset, offset + 1),
        "Tab character used for indentation",
    )
    .with_help("Indent with spaces; YAML does not allow tabs in indentation")
}

/// Tabs the parser accepted or never reached: tabs in indentation (errors) and trailing tabs
/// (warnings), outside block scalars, whose content may legitimately hold tabs.
pub fn tab_problems(text: &str, block_scalars: &[TextRange]) -> Vec<YamlError> {
    let lines = Lines::new(text);
    let mut problems = Vec::new();
    for line_no in 0..lines.count() {
        let (start, line) = lines.get(line_no);
        if !line.contains('\t')
            || is_block_content(start, line, block_scalars)
            || line.trim_start().starts_with('#')
        {
            continue;
        }
        if let Some(tab) = lines.indentation_tab(line_no) {
            problems.push(tab_indentation(tab));
        } else if let Some(tab) = trailing_tab(line) {
            let offset = start + tab;
            problems.push(
                YamlError::new(
                    YamlErrorKind::TrailingTab,
                    TextRange::new(offset, offset + 1),
                    "Tab character after the value; not portable",
                )
                .with_help("Remove the trailing tab: PyYAML-based content pipelines reject it"),
            );
        }
    }
    problems
}

/// Whether the line starting at `start` is content of a block scalar. The parser's range of a
/// block scalar begins after the indentation of its first line, so that line counts when only
/// spaces come before the range.
fn is_block_content(start: u32, line: &str, block_scalars: &[TextRange]) -> bool {
    block_scalars.iter().any(|range| {
        range.contains(start)
            || (range.start() > start
                && range.start() <= start + line.len() as u32
                && line[..(range.start() - start) as usize].bytes().all(|b| b == b' '))
    })
}

/// Whether a parser error is the echo of an indentation tab on the same or the next line.
pub fn explained_by_tab(error: &YamlError, tabs: &[YamlError], text: &str) -> bool {
    if error.kind != YamlErrorKind::Syntax || !error.message.contains("tab") {
        return false;
    }
    let lines = Lines::new(text);
    let line = lines.line_of(error.range.start());
    tabs.iter().any(|tab| {
        let tab_line = lines.line_of(tab.range.start());
        tab.kind == YamlErrorKind::TabIndentation && (tab_line == line || tab_line == line + 1)
    })
}

fn trailing_tab(line: &str) -> Option<u32> {
    let content_end = line.trim_end().len();
    if content_end == 0 {
        return None;
    }
    line[content_end..].find('\t').map(|at| (content_end + at) as u32)
}

/// The first backslash escape YAML does not know, in the double-quoted scalar at `offset`.
fn invalid_escape(text: &str, offset: u32) -> Option<u32> {
    const KNOWN: &str = "0abt\tnvfre \"/\\N_LPxuU\n\r";
    let rest = text.get(offset as usize..)?;
    let mut chars = rest.char_indices().skip(1);
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => return None,
            '\\' => match chars.next() {
                Some((_, escaped)) if KNOWN.contains(escaped) => {}
                Some(_) => return Some(offset + at as u32),
                None => return None,
            },
            _ => {}
        }
    }
    None
}

/// The byte range of the token at `offset`: up to the next whitespace, at least one character.
fn token_range(text: &str, offset: u32) -> TextRange {
    let start = (offset as usize).min(text.len());
    let rest = text.get(start..).unwrap_or("");
    let len = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let len = if len == 0 { rest.chars().next().map_or(0, |c| c.len_utf8()) } else { len };
    let len = if rest.starts_with(['\n', '\r']) { 0 } else { len };
    TextRange::from_usize(start, start + len)
}

/// Text after `key: |` that is not indented under the key, or a block line dedented too far:
/// the hint, and the line actually at fault (the parser often notices lines later).
fn block_scalar_problem(lines: &Lines<'_>, line_no: usize) -> Option<(String, usize)> {
    for header in (line_no.saturating_sub(400)..line_no).rev() {
        let (_, text) = lines.get(header);
        let trimmed = text.trim_end();
        if trimmed.is_empty() || trimmed.trim_start().starts_with('#') {
            continue;
        }
        let header_indent = indent(text);
        if is_block_header(trimmed) {
            let key = trimmed.trim_start().split(':').next().unwrap_or("").trim_start_matches("- ");
            return Some(block_problem(lines, header, header_indent, key, line_no));
        }
        if looks_like_key(text) && header_indent <= indent(lines.get(line_no).1) {
            return None;
        }
    }
    None
}

fn block_problem(
    lines: &Lines<'_>,
    header: usize,
    header_indent: usize,
    key: &str,
    line_no: usize,
) -> (String, usize) {
    let non_blank = |l: &usize| !lines.get(*l).1.trim().is_empty();
    let first = (header + 1..=line_no).find(non_blank).unwrap_or(line_no);
    let content_indent = indent(lines.get(first).1);
    if content_indent <= header_indent {
        let help = format!(
            "The content of a `|` or `>` block must be indented under its key: indent the text \
             after `{key}:` on line {}",
            header + 1
        );
        return (help, first);
    }
    let dedented = (first..=line_no)
        .filter(non_blank)
        .find(|&l| indent(lines.get(l).1) < content_indent)
        .unwrap_or(line_no);
    let help = format!(
        "This line is indented less than the `{key}` block that starts on line {}: indent every \
         line of the block by the same amount",
        header + 1
    );
    (help, dedented)
}

/// `dataTypes:` written at the column of the `-` of the list item it belongs to.
fn list_item_key_hint(lines: &Lines<'_>, line_no: usize) -> Option<String> {
    let (_, line) = lines.get(line_no);
    let column = indent(line);
    let key = line.trim_start().split_once(':')?.0;
    for previous in (line_no.saturating_sub(20)..line_no).rev() {
        let (_, text) = lines.get(previous);
        if indent(text) < column {
            return None;
        }
        let item = text.trim_start();
        if indent(text) == column && item.starts_with("- ") {
            let item_key_column = column + 2 + (item[2..].len() - item[2..].trim_start().len());
            return Some(format!(
                "`{key}` is at the column of the `-` on line {}; indent it to column {} so it \
                 belongs to that list item",
                previous + 1,
                item_key_column + 1
            ));
        }
    }
    None
}

fn is_block_header(line: &str) -> bool {
    let Some((_, after)) = line.split_once(": ") else {
        return false;
    };
    let after = after.trim();
    let after = after.split(" #").next().unwrap_or(after).trim();
    after.starts_with(['|', '>']) && after[1..].chars().all(|c| matches!(c, '-' | '+' | '1'..='9'))
}

/// `key:` or `- key:` at the start of a line (block content rarely starts this way).
fn looks_like_key(line: &str) -> bool {
    let item = line.trim_start().trim_start_matches("- ");
    let name_len = item.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'));
    name_len.is_some_and(|len| len > 0 && item[len..].starts_with(':'))
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Line access by number, with byte offsets.
struct Lines<'a> {
    text: &'a str,
    starts: Vec<u32>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i as u32 + 1));
        Self { text, starts }
    }

    fn count(&self) -> usize {
        self.starts.len()
    }

    fn line_of(&self, offset: u32) -> usize {
        self.starts.partition_point(|&s| s <= offset).saturating_sub(1)
    }

    /// The start offset and text (without line ending) of line `line_no`.
    fn get(&self, line_no: usize) -> (u32, &'a str) {
        let Some(&start) = self.starts.get(line_no) else { return (0, "") };
        let end = self.starts.get(line_no + 1).map_or(self.text.len(), |&e| e as usize);
        let line = self.text.get(start as usize..end).unwrap_or("");
        (start, line.trim_end_matches(['\n', '\r']))
    }

    /// The offset of a tab among the leading whitespace of a line, if any.
    fn indentation_tab(&self, line_no: usize) -> Option<u32> {
        let (start, line) = self.get(line_no);
        let leading = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
        if line.trim().is_empty() {
            return None;
        }
        leading.find('\t').map(|at| start + at as u32)
    }
}
