//! The YAML parser's error messages in plain English.
//!
//! saphyr-parser words its errors in the terms of the YAML specification ("simple key expect
//! ':'", "did not find expected key"). Rule authors think in lines, keys, lists and quotes, so
//! each message we know is reworded, with a general hint where one fits; a message we do not
//! know is kept as the parser wrote it.

/// A parser message, reworded: the message and, if it has one, a general hint. Hints that
/// look at the text around the error (`diagnose`) are more specific and win over this one.
pub(super) fn plain(info: &str) -> (String, Option<&'static str>) {
    if let Some(rest) = info.strip_prefix("unexpected character: `") {
        let found = rest.strip_suffix('\'').unwrap_or(rest);
        return (format!("unexpected character `{found}`"), None);
    }
    match KNOWN.iter().find(|(parser, _, _)| *parser == info) {
        Some((_, message, help)) => ((*message).to_owned(), *help),
        None => (info.to_owned(), None),
    }
}

/// (the parser's message, ours, a general hint).
#[rustfmt::skip]
const KNOWN: &[(&str, &str, Option<&str>)] = &[
    ("simple key expect ':'", "expected `:` after the key on this line",
        Some("A line at this indentation must be `key: value`; if it is text of the value above, indent it under that key")),
    ("simple key expected", "expected a `key:` here", None),
    ("while parsing a block mapping, did not find expected key",
        "expected a `key: value` line at this indentation",
        Some("Line this key up with the other keys of its mapping, or indent it under the key it belongs to")),
    ("while parsing a block collection, did not find expected '-' indicator",
        "expected a `- ` list item at this indentation",
        Some("Start the line with `- `, or line it up with the key the list belongs to")),
    ("mapping values are not allowed in this context", "a `:` is not allowed here",
        Some("Quote a value that contains `: `, or line this key up with the keys above it")),
    ("illegal placement of ':' indicator", "a `:` is not allowed here",
        Some("Close a `[` or `{` that is still open before this line, or quote the value that contains `:`")),
    ("while scanning a quoted scalar, found unexpected end of stream",
        "a quoted value is never closed", Some("Add the closing quote")),
    ("while scanning a quoted scalar, found unexpected document indicator",
        "a quoted value runs into a `---` or `...` line", Some("Add the closing quote")),
    ("invalid indentation in quoted scalar", "a quoted value goes on to a line that is not indented",
        Some("Add the closing quote, or indent every further line of a quoted value")),
    ("invalid indentation in flow construct", "a `[...]` or `{...}` goes on to a line that is not indented",
        Some("Close the `[` or `{`, or indent its further lines")),
    ("invalid trailing content after double-quoted scalar", "text after the closing quote",
        Some("Quote the whole value, or remove what follows the closing quote")),
    ("while parsing a flow sequence, expected ',' or ']'", "expected `,` or `]` in a `[...]` list",
        None),
    ("while parsing a flow mapping, did not find expected ',' or '}'",
        "expected `,` or `}` in a `{...}` mapping", None),
    ("misplaced bracket", "unexpected `]` or `}`",
        Some("Quote a value that starts with a bracket")),
    ("while parsing a node, did not find expected node content", "expected a value here", None),
    ("while scanning an anchor or alias, did not find expected alphabetic or numeric character",
        "`&` or `*` must be followed by a name", Some("Quote a value that starts with `&` or `*`")),
    ("while parsing node, found unknown anchor", "`*` refers to an anchor that is not defined",
        Some("Quote a value that starts with `*`, or define the anchor with `&name` first")),
    ("while scanning a block scalar, did not find expected comment or line break",
        "only a comment may follow `|` or `>` on its line",
        Some("Start the text on the next line, indented under the key")),
    ("comment intercepting the multiline text", "a `#` comment interrupts a value that goes on \
        over several lines", Some("Write the value as a `|` block, or on one line")),
    ("while parsing a quoted scalar, found unknown escape character",
        "unknown escape sequence in a double-quoted value", None),
    ("invalid indentation", "wrong indentation", None),
    ("wrongly indented line in block scalar", "a line of the `|` or `>` block is indented wrongly",
        None),
    ("while scanning a plain scalar, found a tab", "tab character inside an unquoted value",
        Some("Replace the tab with spaces, or quote the value")),
    ("tabs disallowed within this context (block indentation)", "tab character used for indentation",
        None),
    ("tab cannot be used as indentation", "tab character used for indentation", None),
    ("a block scalar content cannot start with a tab",
        "the text of a `|` or `>` block starts with a tab", None),
    ("'-' must be followed by a valid YAML whitespace", "`-` must be followed by a space",
        Some("Write `- item`, or quote a value that starts with `-`")),
    ("':' must be followed by a valid YAML whitespace", "`:` must be followed by a space", None),
    ("block sequence entries are not allowed in this context", "a `- ` list item is not allowed here",
        Some("Put the list on the lines below its key, indented")),
    ("a byte order mark must not appear inside a document",
        "byte-order mark (U+FEFF) inside the file",
        Some("Remove it: it is invisible in most editors, and usually comes from pasting or joining files")),
    ("invalid content after document end marker", "text after the `...` that ends the document",
        None),
    ("did not find expected <document start>", "expected the start of a YAML document", None),
    ("recursion limit exceeded", "the YAML is nested too deeply", None),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_messages_are_reworded_and_others_kept() {
        assert_eq!(plain("simple key expect ':'").0, "expected `:` after the key on this line");
        assert_eq!(plain("unexpected character: `@'").0, "unexpected character `@`");
        assert_eq!(plain("something new").0, "something new");
    }

    #[test]
    fn messages_about_tabs_still_say_tab() {
        // `diagnose::explained_by_tab` recognises the parser's echo of a tab by this word.
        for (parser, ours, _) in KNOWN {
            assert_eq!(parser.contains("tab"), ours.contains("tab"), "{parser}");
        }
    }
}
