//! The kinds of tokens and nodes in the lossless KQL syntax tree.
//!
//! One flat enum covers both, so the tree can store a kind in two bytes and typed wrappers can
//! match on it cheaply. Keywords are not separate kinds: KQL lets most keywords be used as
//! names, so words are all [`SyntaxKind::Word`] and the parser decides from context.

/// A token or node kind.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
#[repr(u16)]
pub enum SyntaxKind {
    // Trivia.
    Whitespace,
    Comment,

    // Tokens with text.
    /// An identifier or keyword, also `$left`, `in~`, `!has` and hyphenated operator names.
    Word,
    /// An integer, real or hexadecimal number.
    Number,
    /// A number with a time unit, such as `5m` or `1.5h`.
    Timespan,
    /// Any string literal: quoted, verbatim, obfuscated or multi-line.
    String,
    /// `datetime(...)`, `guid(...)`, `timespan(...)` and the other typed literals.
    TypedLiteral,
    /// A character the language does not use.
    Unknown,

    // Punctuation.
    Pipe,
    Dot,
    DotDot,
    Comma,
    Semicolon,
    Colon,
    LParen,
    RParen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    Eq,
    EqEq,
    BangEq,
    LessGreater,
    Less,
    LessEq,
    Greater,
    GreaterEq,
    EqTilde,
    BangTilde,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    FatArrow,
    Question,
    Bang,
    At,
    /// The end of the text; never stored in the tree.
    Eof,

    // Statements.
    /// The whole text.
    Root,
    LetStatement,
    SetStatement,
    DeclareStatement,
    AliasStatement,
    QueryStatement,
    /// A `{ ... }` body of a function or a lambda.
    FunctionBody,
    /// A lambda or user function: parameters plus body.
    FunctionDecl,
    ParamList,
    Param,
    /// A scalar type name or a `(col: type, ...)` / `(*)` table schema.
    TypeRef,
    Schema,
    ColumnDecl,

    // Tabular expressions.
    /// `source | operator | operator ...`.
    Pipeline,
    /// A tabular operator; its first word says which one (see [`crate::kql::ast::Operator`]).
    Operator,
    /// A pipeline of operators without a source, inside `mv-apply`, `fork`, `facet` or
    /// `partition`.
    SubPipeline,
    /// An operator parameter such as `kind=inner` or `hint.strategy=shuffle`.
    OperatorParam,
    ByClause,
    OnClause,
    WithClause,
    /// A `name = value` item in `project`, `extend`, `summarize` and the like.
    Assignment,
    /// The target names of a `(a, b) = expr` assignment.
    NameTuple,
    /// A column name pattern such as `Device*` in `project-away` or `union`.
    NamePattern,
    SortKey,
    ParsePattern,
    ScanStep,
    JsonObject,
    JsonArray,
    JsonMember,

    // Expressions.
    /// A declared name (the left side of `let`, an assignment or a parameter).
    Name,
    /// A name used as a value: column, variable, table or function.
    NameRef,
    Literal,
    /// Adjacent string literals, which KQL concatenates.
    StringConcat,
    DynamicLiteral,
    ParenExpr,
    BinaryExpr,
    PrefixExpr,
    CallExpr,
    ArgList,
    NamedArg,
    /// `a.b`.
    MemberExpr,
    /// `a[0]`, `a['b']`.
    IndexExpr,
    /// The list after `in`, `has_any`, `between` and the like.
    ExprList,
    /// `a .. b` inside `between (...)`.
    RangeExpr,
    /// `*` used as a value, such as in `count(*)` or `distinct *`.
    StarExpr,
    /// `[name]`-free bracketed name such as `['Column name']`.
    BracketedName,
    /// Tokens skipped while recovering from a syntax error.
    Error,
}

impl SyntaxKind {
    /// Whether the kind is whitespace or a comment.
    pub fn is_trivia(self) -> bool {
        matches!(self, SyntaxKind::Whitespace | SyntaxKind::Comment)
    }

    /// Whether the kind is a token rather than a node.
    pub fn is_token(self) -> bool {
        self <= SyntaxKind::Eof
    }

    /// The fixed text of a punctuation kind, for messages.
    pub fn punctuation_text(self) -> Option<&'static str> {
        use SyntaxKind::*;
        Some(match self {
            Pipe => "|",
            Dot => ".",
            DotDot => "..",
            Comma => ",",
            Semicolon => ";",
            Colon => ":",
            LParen => "(",
            RParen => ")",
            LBracket => "[",
            RBracket => "]",
            LBrace => "{",
            RBrace => "}",
            Eq => "=",
            EqEq => "==",
            BangEq => "!=",
            LessGreater => "<>",
            Less => "<",
            LessEq => "<=",
            Greater => ">",
            GreaterEq => ">=",
            EqTilde => "=~",
            BangTilde => "!~",
            Plus => "+",
            Minus => "-",
            Star => "*",
            Slash => "/",
            Percent => "%",
            FatArrow => "=>",
            Question => "?",
            Bang => "!",
            At => "@",
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::SyntaxKind;

    #[test]
    fn tokens_and_nodes_are_told_apart() {
        assert!(SyntaxKind::At.is_token());
        assert!(SyntaxKind::Word.is_token());
        assert!(!SyntaxKind::Root.is_token());
        assert!(SyntaxKind::Comment.is_trivia());
        assert_eq!(SyntaxKind::FatArrow.punctuation_text(), Some("=>"));
    }
}
