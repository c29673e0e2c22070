//! The KQL lexer: cuts a text into tokens, trivia included, so the tokens concatenate back to
//! the input byte for byte.
//!
//! The lexer never fails. A character KQL does not use becomes an [`SyntaxKind::Unknown`]
//! token and an unterminated string still becomes a [`SyntaxKind::String`] token; both are
//! reported as [`LexError`]s for the parser to turn into syntax errors. It does not decide
//! what a word means: `where` and `Where` are both [`SyntaxKind::Word`].

use crate::kql::syntax_kind::SyntaxKind;
use crate::source::TextRange;

/// One token: its kind and its byte range in the text.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Token {
    pub kind: SyntaxKind,
    pub range: TextRange,
}

/// A problem the lexer found while cutting tokens.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum LexError {
    /// A string literal that runs to the end of its line (or of the text) without its quote.
    /// The offset is where the closing quote is missing.
    UnterminatedString { token: TextRange, missing_at: u32, quote: &'static str },
    /// A character KQL does not use.
    UnknownCharacter(TextRange),
    /// A backslash escape KQL does not know, such as `\d` in a regular expression written in
    /// a plain string.
    InvalidEscape(TextRange),
}

/// The tokens of `text`, trivia included, and the lexical problems found.
pub fn tokenize(text: &str) -> (Vec<Token>, Vec<LexError>) {
    let mut lexer = Lexer { bytes: text.as_bytes(), text, pos: 0, errors: Vec::new() };
    // Roughly one token every four bytes in real queries; reserving avoids regrowth.
    let mut tokens = Vec::with_capacity(text.len() / 4 + 1);
    while lexer.pos < lexer.bytes.len() {
        let start = lexer.pos;
        let kind = lexer.next_kind();
        tokens.push(Token { kind, range: TextRange::from_usize(start, lexer.pos) });
    }
    (tokens, lexer.errors)
}

/// Time units a number may carry to make a timespan literal.
const TIMESPAN_UNITS: &[&str] = &[
    "d",
    "day",
    "days",
    "h",
    "hr",
    "hrs",
    "hour",
    "hours",
    "m",
    "min",
    "minute",
    "minutes",
    "s",
    "sec",
    "second",
    "seconds",
    "ms",
    "milli",
    "millis",
    "millisecond",
    "milliseconds",
    "micro",
    "micros",
    "microsecond",
    "microseconds",
    "tick",
    "ticks",
    "nanosecond",
    "nanoseconds",
];

/// Words followed by `(` that start a literal whose content is raw text up to `)`.
const TYPED_LITERALS: &[&str] = &[
    "datetime", "date", "timespan", "time", "guid", "uuid", "uniqueid", "int", "long", "real",
    "double", "decimal", "bool", "boolean", "int64",
];

/// Operator names that are written with a hyphen and lexed as one word.
const HYPHENATED: &[&str] = &[
    "project-away",
    "project-keep",
    "project-rename",
    "project-reorder",
    "project-smart",
    "project-by-names",
    "mv-expand",
    "mv-apply",
    "parse-where",
    "parse-kv",
    "make-series",
    "top-nested",
    "top-hitters",
    "sample-distinct",
    "make-graph",
    "graph-match",
    "graph-merge",
    "graph-to-table",
    "graph-shortest-paths",
    "graph-mark-components",
    "assert-schema",
    "execute-and-cache",
    "macro-expand",
];

/// Operators that take a leading `!` to negate them, such as `!has` and `!in~`.
const NEGATABLE: &[&str] = &[
    "has",
    "has_cs",
    "hasprefix",
    "hasprefix_cs",
    "hassuffix",
    "hassuffix_cs",
    "contains",
    "contains_cs",
    "startswith",
    "startswith_cs",
    "endswith",
    "endswith_cs",
    "in",
    "between",
];

struct Lexer<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
    errors: Vec<LexError>,
}

impl Lexer<'_> {
    fn peek(&self, ahead: usize) -> u8 {
        self.bytes.get(self.pos + ahead).copied().unwrap_or(0)
    }

    fn next_kind(&mut self) -> SyntaxKind {
        let byte = self.peek(0);
        match byte {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => self.whitespace(),
            b'/' if self.peek(1) == b'/' => self.comment(),
            b'\'' | b'"' => self.quoted(self.pos, false),
            b'@' if matches!(self.peek(1), b'\'' | b'"') => {
                self.pos += 1;
                self.quoted(self.pos - 1, true)
            }
            b'`' if self.bytes[self.pos..].starts_with(b"```") => self.multi_line(b"```"),
            b'~' if self.bytes[self.pos..].starts_with(b"~~~") => self.multi_line(b"~~~"),
            b'0'..=b'9' => self.number(),
            b'!' if self.peek(1).is_ascii_alphabetic() => self.negated_word(),
            b'a'..=b'z' | b'A'..=b'Z' | b'_' | b'$' => self.word(),
            _ if byte >= 0x80 => self.non_ascii(),
            _ => self.punctuation(byte),
        }
    }

    fn whitespace(&mut self) -> SyntaxKind {
        while matches!(self.peek(0), b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
            self.pos += 1;
        }
        SyntaxKind::Whitespace
    }

    fn comment(&mut self) -> SyntaxKind {
        while self.pos < self.bytes.len() && !matches!(self.peek(0), b'\n' | b'\r') {
            self.pos += 1;
        }
        SyntaxKind::Comment
    }

    /// A `'...'` or `"..."` string starting at `self.pos`; `token_start` includes any prefix
    /// such as `@` or `h`. Verbatim strings double the quote instead of using backslashes.
    fn quoted(&mut self, token_start: usize, verbatim: bool) -> SyntaxKind {
        let quote = self.peek(0);
        self.pos += 1;
        loop {
            match self.peek(0) {
                b'\n' | b'\r' => break,
                0 if self.pos >= self.bytes.len() => break,
                b'\\' if !verbatim => self.escape(),
                b if b == quote => {
                    self.pos += 1;
                    if verbatim && self.peek(0) == quote {
                        self.pos += 1;
                        continue;
                    }
                    return SyntaxKind::String;
                }
                _ => self.pos += 1,
            }
        }
        // Backslash escapes may have stepped over a multi-byte character boundary; realign.
        while !self.text.is_char_boundary(self.pos) {
            self.pos += 1;
        }
        self.errors.push(LexError::UnterminatedString {
            token: TextRange::from_usize(token_start, self.pos),
            missing_at: u32::try_from(self.pos).unwrap_or(u32::MAX),
            quote: if quote == b'"' { "\"" } else { "'" },
        });
        SyntaxKind::String
    }

    /// Steps over a backslash escape inside a quoted string, reporting unknown ones.
    fn escape(&mut self) {
        let next = self.peek(1);
        if matches!(next, b'\n' | b'\r' | 0) {
            self.pos += 1;
            return;
        }
        let valid = matches!(
            next,
            b'n' | b't'
                | b'r'
                | b'\\'
                | b'"'
                | b'\''
                | b'x'
                | b'u'
                | b'U'
                | b'a'
                | b'b'
                | b'f'
                | b'v'
                | b'0'..=b'7'
        );
        let len = 1 + self
            .text
            .get(self.pos + 1..)
            .and_then(|s| s.chars().next())
            .map_or(1, char::len_utf8);
        if !valid {
            self.errors
                .push(LexError::InvalidEscape(TextRange::from_usize(self.pos, self.pos + len)));
        }
        self.pos += len;
    }

    fn multi_line(&mut self, fence: &'static [u8]) -> SyntaxKind {
        let start = self.pos;
        self.pos += fence.len();
        match find(&self.bytes[self.pos..], fence) {
            Some(offset) => self.pos += offset + fence.len(),
            None => {
                self.pos = self.bytes.len();
                self.errors.push(LexError::UnterminatedString {
                    token: TextRange::from_usize(start, self.pos),
                    missing_at: u32::try_from(self.pos).unwrap_or(u32::MAX),
                    quote: if fence == b"```" { "```" } else { "~~~" },
                });
            }
        }
        SyntaxKind::String
    }

    fn number(&mut self) -> SyntaxKind {
        if self.peek(0) == b'0'
            && matches!(self.peek(1), b'x' | b'X')
            && self.peek(2).is_ascii_hexdigit()
        {
            self.pos += 2;
            while self.peek(0).is_ascii_hexdigit() {
                self.pos += 1;
            }
            return SyntaxKind::Number;
        }
        let start = self.pos;
        self.digits();
        if self.peek(0) == b'.' && self.peek(1).is_ascii_digit() {
            self.pos += 1;
            self.digits();
        } else if self.peek(0) == b'.' && self.peek(1) != b'.' && !is_word_byte(self.peek(1)) {
            // `1000.` is a real number.
            self.pos += 1;
            return SyntaxKind::Number;
        }
        if matches!(self.peek(0), b'e' | b'E') {
            let sign = usize::from(matches!(self.peek(1), b'+' | b'-'));
            if self.peek(1 + sign).is_ascii_digit() {
                self.pos += 1 + sign;
                self.digits();
            }
        }
        let unit_start = self.pos;
        let unit_len = self.bytes[unit_start..].iter().take_while(|b| is_word_byte(**b)).count();
        let unit = &self.text[unit_start..unit_start + unit_len];
        if unit_len > 0 && TIMESPAN_UNITS.contains(&unit) {
            self.pos += unit_len;
            return SyntaxKind::Timespan;
        }
        if unit_len > 0 {
            // KQL reads `90th_Percentile` or `4xxrate` as names, digits first or not.
            self.pos = start;
            self.word_tail();
            return SyntaxKind::Word;
        }
        SyntaxKind::Number
    }

    fn digits(&mut self) {
        while self.peek(0).is_ascii_digit() {
            self.pos += 1;
        }
    }

    fn word(&mut self) -> SyntaxKind {
        let start = self.pos;
        self.pos += 1;
        self.word_tail();
        let word = &self.text[start..self.pos];

        // `h'...'` and `h@"..."` hide a string from logs; they are still strings.
        if word.eq_ignore_ascii_case("h") {
            match (self.peek(0), self.peek(1)) {
                (b'\'' | b'"', _) => return self.quoted(start, false),
                (b'@', b'\'' | b'"') => {
                    self.pos += 1;
                    return self.quoted(start, true);
                }
                _ => {}
            }
        }
        if self.peek(0) == b'(' && TYPED_LITERALS.contains(&word) {
            return self.typed_literal();
        }
        if self.peek(0) == b'-' {
            self.hyphenated(start);
        } else if word == "in" && self.peek(0) == b'~' {
            self.pos += 1;
        }
        SyntaxKind::Word
    }

    fn word_tail(&mut self) {
        loop {
            let byte = self.peek(0);
            if is_word_byte(byte) {
                self.pos += 1;
            } else if byte >= 0x80 && self.non_ascii_letter_len() > 0 {
                self.pos += self.non_ascii_letter_len();
            } else {
                return;
            }
        }
    }

    /// Extends a word over `-word` parts when the whole forms a hyphenated operator name.
    fn hyphenated(&mut self, start: usize) {
        let rest = &self.bytes[start..];
        for name in HYPHENATED {
            let name_bytes = name.as_bytes();
            if rest.len() >= name_bytes.len()
                && rest[..name_bytes.len()] == *name_bytes
                && !rest.get(name_bytes.len()).copied().is_some_and(is_word_byte)
            {
                self.pos = start + name_bytes.len();
                return;
            }
        }
    }

    /// The raw content of `datetime(...)` and friends, up to the closing parenthesis on the
    /// same line. Without one, only the word is taken and the parser reports the problem.
    fn typed_literal(&mut self) -> SyntaxKind {
        let open = self.pos;
        let mut at = open + 1;
        while let Some(&b) = self.bytes.get(at) {
            match b {
                b')' => {
                    self.pos = at + 1;
                    return SyntaxKind::TypedLiteral;
                }
                b'\n' | b'\r' | b'(' => break,
                _ => at += 1,
            }
        }
        SyntaxKind::Word
    }

    fn negated_word(&mut self) -> SyntaxKind {
        let start = self.pos;
        let len = self.bytes[start + 1..].iter().take_while(|b| is_word_byte(**b)).count();
        let word = &self.text[start + 1..start + 1 + len];
        if !NEGATABLE.contains(&word) {
            return self.punctuation(b'!');
        }
        self.pos = start + 1 + len;
        if word == "in" && self.peek(0) == b'~' {
            self.pos += 1;
        }
        SyntaxKind::Word
    }

    fn non_ascii(&mut self) -> SyntaxKind {
        let letter = self.non_ascii_letter_len();
        if letter > 0 {
            self.pos += letter;
            self.word_tail();
            return SyntaxKind::Word;
        }
        let ch = self.text[self.pos..].chars().next().unwrap_or(' ');
        let start = self.pos;
        self.pos += ch.len_utf8();
        if ch.is_whitespace() || matches!(ch, '\u{200b}' | '\u{feff}' | '\u{2060}') {
            // No-break and other Unicode spaces are whitespace to KQL too.
            return SyntaxKind::Whitespace;
        }
        self.errors.push(LexError::UnknownCharacter(TextRange::from_usize(start, self.pos)));
        SyntaxKind::Unknown
    }

    /// The byte length of the non-ASCII letter at the cursor, or 0.
    fn non_ascii_letter_len(&self) -> usize {
        match self.text.get(self.pos..).and_then(|rest| rest.chars().next()) {
            Some(ch) if !ch.is_ascii() && ch.is_alphabetic() => ch.len_utf8(),
            _ => 0,
        }
    }

    fn punctuation(&mut self, byte: u8) -> SyntaxKind {
        use SyntaxKind::*;
        let next = self.peek(1);
        let (kind, len) = match (byte, next) {
            (b'|', _) => (Pipe, 1),
            (b'.', b'.') => (DotDot, 2),
            (b'.', _) => (Dot, 1),
            (b',', _) => (Comma, 1),
            (b';', _) => (Semicolon, 1),
            (b':', _) => (Colon, 1),
            (b'(', _) => (LParen, 1),
            (b')', _) => (RParen, 1),
            (b'[', _) => (LBracket, 1),
            (b']', _) => (RBracket, 1),
            (b'{', _) => (LBrace, 1),
            (b'}', _) => (RBrace, 1),
            (b'=', b'=') => (EqEq, 2),
            (b'=', b'~') => (EqTilde, 2),
            (b'=', b'>') => (FatArrow, 2),
            (b'=', _) => (Eq, 1),
            (b'!', b'=') => (BangEq, 2),
            (b'!', b'~') => (BangTilde, 2),
            (b'!', _) => (Bang, 1),
            (b'<', b'>') => (LessGreater, 2),
            (b'<', b'=') => (LessEq, 2),
            (b'<', _) => (Less, 1),
            (b'>', b'=') => (GreaterEq, 2),
            (b'>', _) => (Greater, 1),
            (b'+', _) => (Plus, 1),
            (b'-', _) => (Minus, 1),
            (b'*', _) => (Star, 1),
            (b'/', _) => (Slash, 1),
            (b'%', _) => (Percent, 1),
            (b'?', _) => (Question, 1),
            (b'@', _) => (At, 1),
            _ => {
                self.errors.push(LexError::UnknownCharacter(TextRange::from_usize(
                    self.pos,
                    self.pos + 1,
                )));
                (Unknown, 1)
            }
        };
        self.pos += len;
        kind
    }
}

fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(SyntaxKind, &str)> {
        let (tokens, _) = tokenize(text);
        tokens
            .iter()
            .filter(|t| !t.kind.is_trivia())
            .map(|t| (t.kind, &text[t.range.to_usize()]))
            .collect()
    }

    #[test]
    fn words_operators_and_literals() {
        use SyntaxKind::*;
        assert_eq!(
            kinds("T | project-away A !in~ ('x') 1.5h datetime(2020-01-01) h@'s' 0x1F"),
            vec![
                (Word, "T"),
                (Pipe, "|"),
                (Word, "project-away"),
                (Word, "A"),
                (Word, "!in~"),
                (LParen, "("),
                (String, "'x'"),
                (RParen, ")"),
                (Timespan, "1.5h"),
                (TypedLiteral, "datetime(2020-01-01)"),
                (String, "h@'s'"),
                (Number, "0x1F"),
            ]
        );
    }

    #[test]
    fn unterminated_string_stops_at_line_end() {
        let (tokens, errors) = tokenize("'abc\nx");
        assert_eq!(tokens[0].range, TextRange::new(0, 4));
        assert!(matches!(errors[0], LexError::UnterminatedString { missing_at: 4, .. }));
    }

    #[test]
    fn verbatim_strings_double_their_quote() {
        assert_eq!(
            kinds(r#"@"a""b\" x"#),
            vec![(SyntaxKind::String, r#"@"a""b\""#), (SyntaxKind::Word, "x")]
        );
    }

    #[test]
    fn tokens_cover_every_byte() {
        let text = "let x = “smart” \\ é ```a\n\nb``` // c\r\n";
        let (tokens, _) = tokenize(text);
        let joined: String = tokens.iter().map(|t| &text[t.range.to_usize()]).collect();
        assert_eq!(joined, text);
    }
}
