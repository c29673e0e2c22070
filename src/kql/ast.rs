//! Typed views over the lossless syntax tree, for the semantic analysis built on it.
//!
//! Each type wraps a [`SyntaxNode`] of one kind and offers accessors for its parts; the
//! accessors return `Option` because an erroneous query may lack any part. The views copy
//! nothing: names and texts borrow from the tree. Operators keep one node type, [`Operator`],
//! with an [`OperatorKind`] and generic accessors (parameters, clauses, expressions), since
//! column flow through an operator is computed from those same few parts.

use std::borrow::Cow;

use crate::kql::syntax_kind::SyntaxKind;
use crate::kql::tree::{SyntaxNode, SyntaxToken};
use crate::source::TextRange;

/// A typed view of a node.
pub trait AstNode<'a>: Sized + Copy {
    /// The view of `node`, if it has the right kind.
    fn cast(node: SyntaxNode<'a>) -> Option<Self>;
    fn syntax(self) -> SyntaxNode<'a>;

    fn range(self) -> TextRange {
        self.syntax().range()
    }

    fn text(self) -> &'a str {
        self.syntax().text()
    }
}

macro_rules! ast_node {
    ($(#[$doc:meta])* $name:ident = $kind:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug)]
        pub struct $name<'a>(SyntaxNode<'a>);

        impl<'a> AstNode<'a> for $name<'a> {
            fn cast(node: SyntaxNode<'a>) -> Option<Self> {
                (node.kind() == SyntaxKind::$kind).then_some(Self(node))
            }

            fn syntax(self) -> SyntaxNode<'a> {
                self.0
            }
        }
    };
}

ast_node!(/// The whole query text.
    Root = Root);
ast_node!(/// `let name = value` or `let name = (params) { body }`.
    LetStatement = LetStatement);
ast_node!(/// `set option [= value]`.
    SetStatement = SetStatement);
ast_node!(/// `declare query_parameters (...)`.
    DeclareStatement = DeclareStatement);
ast_node!(/// A query: a pipeline or any other tabular or scalar expression.
    QueryStatement = QueryStatement);
ast_node!(/// `(params) { body }`.
    FunctionDecl = FunctionDecl);
ast_node!(/// A parameter `name: type [= default]`.
    Param = Param);
ast_node!(/// `source | operator | ...`.
    Pipeline = Pipeline);
ast_node!(/// A tabular operator.
    Operator = Operator);
ast_node!(/// `name = value` or `(a, b) = value`.
    Assignment = Assignment);
ast_node!(/// A declared name.
    Name = Name);
ast_node!(/// A name used as a value.
    NameRef = NameRef);
ast_node!(/// `callee(args)`.
    CallExpr = CallExpr);
ast_node!(/// `left op right`.
    BinaryExpr = BinaryExpr);
ast_node!(/// `by a, b`.
    ByClause = ByClause);
ast_node!(/// `kind=inner`, `hint.strategy=shuffle`.
    OperatorParam = OperatorParam);

/// A statement of the query.
#[derive(Clone, Copy, Debug)]
pub enum Statement<'a> {
    Let(LetStatement<'a>),
    Set(SetStatement<'a>),
    Declare(DeclareStatement<'a>),
    Query(QueryStatement<'a>),
}

impl<'a> Root<'a> {
    pub(crate) fn new(node: SyntaxNode<'a>) -> Self {
        Self(node)
    }

    /// The statements, in order.
    pub fn statements(self) -> impl Iterator<Item = Statement<'a>> {
        self.0.children().filter_map(|node| match node.kind() {
            SyntaxKind::LetStatement => Some(Statement::Let(LetStatement(node))),
            SyntaxKind::SetStatement => Some(Statement::Set(SetStatement(node))),
            SyntaxKind::DeclareStatement => Some(Statement::Declare(DeclareStatement(node))),
            SyntaxKind::QueryStatement => Some(Statement::Query(QueryStatement(node))),
            _ => None,
        })
    }
}

impl<'a> LetStatement<'a> {
    pub fn name(self) -> Option<Name<'a>> {
        child(self.0)
    }

    /// The bound value, unless the statement declares a function.
    pub fn value(self) -> Option<SyntaxNode<'a>> {
        self.0.children().find(|node| is_expression(node.kind()))
    }

    /// The function, for `let f = (params) { body }`.
    pub fn function(self) -> Option<FunctionDecl<'a>> {
        child(self.0)
    }
}

impl<'a> SetStatement<'a> {
    pub fn name(self) -> Option<Name<'a>> {
        child(self.0)
    }
}

impl<'a> DeclareStatement<'a> {
    pub fn params(self) -> impl Iterator<Item = Param<'a>> {
        self.0.child_of_kind(SyntaxKind::ParamList).into_iter().flat_map(children::<Param<'a>>)
    }
}

impl<'a> QueryStatement<'a> {
    /// The query expression, often a [`Pipeline`].
    pub fn expr(self) -> Option<SyntaxNode<'a>> {
        self.0.children().find(|node| is_expression(node.kind()))
    }
}

impl<'a> FunctionDecl<'a> {
    pub fn params(self) -> impl Iterator<Item = Param<'a>> {
        self.0.child_of_kind(SyntaxKind::ParamList).into_iter().flat_map(children::<Param<'a>>)
    }

    /// The statements of the body; the last is the function's result.
    pub fn body(self) -> impl Iterator<Item = Statement<'a>> {
        self.0
            .child_of_kind(SyntaxKind::FunctionBody)
            .into_iter()
            .flat_map(|body| Root(body).statements())
    }
}

impl<'a> Param<'a> {
    pub fn name(self) -> Option<Name<'a>> {
        child(self.0)
    }

    /// The declared type: a scalar type name or a table schema.
    pub fn type_text(self) -> Option<&'a str> {
        self.0.child_of_kind(SyntaxKind::TypeRef).map(SyntaxNode::text)
    }
}

impl<'a> Pipeline<'a> {
    /// What the first operator reads: a table, a function call, a subquery or a source
    /// operator such as `union` or `datatable`.
    pub fn source(self) -> Option<SyntaxNode<'a>> {
        self.0.children().next()
    }

    /// The operators after the source, in order.
    pub fn operators(self) -> impl Iterator<Item = Operator<'a>> {
        self.0.children().skip(1).filter_map(Operator::cast)
    }
}

impl<'a> Operator<'a> {
    /// The operator keyword as written, such as `summarize` or `mv-expand`.
    pub fn keyword(self) -> Option<SyntaxToken<'a>> {
        self.0.first_token().filter(|token| token.kind() == SyntaxKind::Word)
    }

    pub fn kind(self) -> OperatorKind {
        self.keyword().map_or(OperatorKind::Unknown, |word| OperatorKind::from_keyword(word.text()))
    }

    /// Parameters such as `kind=inner` or `hint.shufflekey=x`.
    pub fn params(self) -> impl Iterator<Item = OperatorParam<'a>> {
        children(self.0)
    }

    /// The `name = value` items (for `extend`, `project`, `summarize` aggregates...).
    pub fn assignments(self) -> impl Iterator<Item = Assignment<'a>> {
        children(self.0)
    }

    /// The `by` clause of `summarize`, `make-series` and the like.
    pub fn by_clause(self) -> Option<ByClause<'a>> {
        child(self.0)
    }

    /// The direct expression children: unnamed items, predicates, join sides.
    pub fn expressions(self) -> impl Iterator<Item = SyntaxNode<'a>> {
        self.0.children().filter(|node| is_expression(node.kind()))
    }
}

impl<'a> OperatorParam<'a> {
    /// The parameter name, such as `kind` or `hint.strategy`.
    pub fn name(self) -> String {
        self.0.tokens().take_while(|t| t.kind() != SyntaxKind::Eq).map(|t| t.text()).collect()
    }

    pub fn value(self) -> Option<&'a str> {
        self.0.children().next().map(SyntaxNode::text)
    }
}

impl<'a> Assignment<'a> {
    /// The assigned names: one, or several for `(a, b) = ...`.
    pub fn names(self) -> impl Iterator<Item = Name<'a>> {
        let tuple = self.0.child_of_kind(SyntaxKind::NameTuple);
        children::<Name<'a>>(self.0).chain(tuple.into_iter().flat_map(children::<Name<'a>>))
    }

    pub fn value(self) -> Option<SyntaxNode<'a>> {
        self.0.children().find(|node| is_expression(node.kind()))
    }
}

impl<'a> ByClause<'a> {
    /// The grouping items: expressions or assignments.
    pub fn items(self) -> impl Iterator<Item = SyntaxNode<'a>> {
        self.0
            .children()
            .filter(|node| node.kind() == SyntaxKind::Assignment || is_expression(node.kind()))
    }
}

impl<'a> Name<'a> {
    /// The name as KQL sees it: `['a b']` gives `a b`.
    pub fn text(self) -> Cow<'a, str> {
        name_text(self.0)
    }
}

impl<'a> NameRef<'a> {
    /// The referenced name, such as `$left` or `SigninLogs`.
    pub fn text(self) -> Cow<'a, str> {
        name_text(self.0)
    }
}

impl<'a> CallExpr<'a> {
    /// The called function's name, when it is a plain name (not `a.b()`).
    pub fn name(self) -> Option<&'a str> {
        self.0
            .children()
            .next()
            .filter(|node| node.kind() == SyntaxKind::NameRef)
            .map(SyntaxNode::text)
    }

    /// The arguments; named ones are `NamedArg` nodes.
    pub fn args(self) -> impl Iterator<Item = SyntaxNode<'a>> {
        self.0.child_of_kind(SyntaxKind::ArgList).into_iter().flat_map(SyntaxNode::children)
    }
}

impl<'a> BinaryExpr<'a> {
    pub fn lhs(self) -> Option<SyntaxNode<'a>> {
        self.0.children().next()
    }

    pub fn rhs(self) -> Option<SyntaxNode<'a>> {
        self.0.children().nth(1)
    }

    /// The operator as written: `==`, `has_any`, `and`, `matches regex`...
    pub fn operator(self) -> Option<&'a str> {
        self.0.tokens().next().map(SyntaxToken::text)
    }
}

/// The tabular operators, by keyword; each variant is named after its operator. `Other` is a
/// known operator without a variant of its own (graph operators and the like).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum OperatorKind {
    Where,
    Project,
    ProjectAway,
    ProjectKeep,
    ProjectRename,
    ProjectReorder,
    Extend,
    Summarize,
    Join,
    Lookup,
    Union,
    MvExpand,
    MvApply,
    Parse,
    ParseWhere,
    ParseKv,
    MakeSeries,
    Top,
    TopNested,
    TopHitters,
    Sort,
    Take,
    Distinct,
    Count,
    As,
    Evaluate,
    Invoke,
    Render,
    Serialize,
    Sample,
    SampleDistinct,
    Search,
    Find,
    Fork,
    Facet,
    GetSchema,
    Range,
    Print,
    Datatable,
    ExternalData,
    Scan,
    Partition,
    Consume,
    Reduce,
    Other,
    Unknown,
}

impl OperatorKind {
    /// The kind for an operator keyword; aliases such as `filter`, `order` or `limit` map to
    /// their main operator.
    #[rustfmt::skip]
    pub fn from_keyword(keyword: &str) -> Self {
        use OperatorKind::*;
        match keyword {
            "where" | "filter" => Where, "project" => Project, "project-away" => ProjectAway,
            "project-keep" => ProjectKeep, "project-rename" => ProjectRename,
            "project-reorder" => ProjectReorder, "extend" => Extend, "summarize" => Summarize,
            "join" => Join, "lookup" => Lookup, "union" => Union,
            "mv-expand" | "mvexpand" => MvExpand, "mv-apply" | "mvapply" => MvApply,
            "parse" => Parse, "parse-where" => ParseWhere, "parse-kv" => ParseKv,
            "make-series" => MakeSeries, "top" => Top, "top-nested" => TopNested,
            "top-hitters" => TopHitters, "sort" | "order" => Sort, "take" | "limit" => Take,
            "distinct" => Distinct, "count" => Count, "as" => As, "evaluate" => Evaluate,
            "invoke" => Invoke, "render" => Render, "serialize" => Serialize, "sample" => Sample,
            "sample-distinct" => SampleDistinct, "search" => Search, "find" => Find,
            "fork" => Fork, "facet" => Facet, "getschema" => GetSchema, "range" => Range,
            "print" => Print, "datatable" => Datatable, "externaldata" => ExternalData,
            "scan" => Scan, "partition" => Partition, "consume" => Consume, "reduce" => Reduce,
            "project-smart" | "project-by-names" | "make-graph" | "graph-match" | "graph-merge"
            | "graph-to-table" | "graph-shortest-paths" | "graph-mark-components"
            | "assert-schema" | "execute-and-cache" | "macro-expand" => Other,
            _ => Unknown,
        }
    }
}

fn child<'a, N: AstNode<'a>>(node: SyntaxNode<'a>) -> Option<N> {
    node.children().find_map(N::cast)
}

fn children<'a, N: AstNode<'a>>(node: SyntaxNode<'a>) -> impl Iterator<Item = N> {
    node.children().filter_map(N::cast)
}

/// Whether a node kind is an expression (tabular or scalar).
pub fn is_expression(kind: SyntaxKind) -> bool {
    use SyntaxKind::*;
    matches!(
        kind,
        Pipeline
            | SubPipeline
            | Operator
            | NameRef
            | Literal
            | StringConcat
            | DynamicLiteral
            | ParenExpr
            | BinaryExpr
            | PrefixExpr
            | CallExpr
            | MemberExpr
            | IndexExpr
            | StarExpr
            | BracketedName
            | NamePattern
    )
}

/// The text of a name node: a word as is, a bracketed name without brackets and quotes.
fn name_text(node: SyntaxNode<'_>) -> Cow<'_, str> {
    match node
        .descendant_tokens()
        .find(|t| matches!(t.kind(), SyntaxKind::String | SyntaxKind::Word | SyntaxKind::Number))
    {
        Some(token) if token.kind() == SyntaxKind::String => unquote(token.text()),
        Some(token) => Cow::Borrowed(token.text()),
        None => Cow::Borrowed(""),
    }
}

/// The value of a simple string literal: quotes removed, escapes resolved for the common
/// cases (names rarely hold anything else).
pub fn unquote(literal: &str) -> Cow<'_, str> {
    let verbatim =
        literal.starts_with('@') || literal.starts_with("h@") || literal.starts_with("H@");
    let body = literal.trim_start_matches(['h', 'H', '@']);
    let Some(quote) = body.chars().next().filter(|c| *c == '\'' || *c == '"') else {
        return Cow::Borrowed(body);
    };
    let inner = body.strip_prefix(quote).and_then(|b| b.strip_suffix(quote)).unwrap_or(&body[1..]);
    if verbatim {
        let doubled = format!("{quote}{quote}");
        return if inner.contains(&doubled) {
            Cow::Owned(inner.replace(&doubled, &quote.to_string()))
        } else {
            Cow::Borrowed(inner)
        };
    }
    if !inner.contains('\\') {
        return Cow::Borrowed(inner);
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kql::parse;

    #[test]
    fn statements_pipelines_and_operators() {
        let parse = parse(
            "let t = 1h;\nSigninLogs\n| where TimeGenerated > ago(t)\n\
             | summarize n = count() by ['User name'], bin(TimeGenerated, 1h)",
        );
        let statements: Vec<_> = parse.root().statements().collect();
        assert_eq!(statements.len(), 2);
        let Statement::Let(binding) = statements[0] else { panic!("expected let") };
        assert_eq!(binding.name().map(|n| n.text()).as_deref(), Some("t"));
        let Statement::Query(query) = statements[1] else { panic!("expected query") };
        let pipeline = query.expr().and_then(Pipeline::cast).expect("pipeline");
        assert_eq!(pipeline.source().map(|s| s.text()), Some("SigninLogs"));
        let kinds: Vec<_> = pipeline.operators().map(Operator::kind).collect();
        assert_eq!(kinds, [OperatorKind::Where, OperatorKind::Summarize]);
        let summarize = pipeline.operators().nth(1).expect("summarize");
        let aggregate = summarize.assignments().next().expect("aggregate");
        assert_eq!(aggregate.names().map(|n| n.text().into_owned()).collect::<Vec<_>>(), ["n"]);
        let groups: Vec<_> = summarize.by_clause().expect("by").items().map(|i| i.text()).collect();
        assert_eq!(groups, ["['User name']", "bin(TimeGenerated, 1h)"]);
    }

    #[test]
    fn functions_params_and_calls() {
        let parse = parse(
            "let f = (T:(*), n:int = 5) { T | take n };\n\
             f(SigninLogs) | extend (a, b) = g(x, named=1)",
        );
        let Some(Statement::Let(binding)) = parse.root().statements().next() else { panic!() };
        let function = binding.function().expect("function");
        let params: Vec<_> = function
            .params()
            .map(|p| (p.name().map(|n| n.text().into_owned()), p.type_text()))
            .collect();
        assert_eq!(params, [(Some("T".into()), Some("(*)")), (Some("n".into()), Some("int"))]);
        assert_eq!(function.body().count(), 1);
        let extend =
            parse.syntax().descendants().filter_map(Operator::cast).last().expect("extend");
        let names: Vec<_> =
            extend.assignments().flat_map(|a| a.names()).map(|n| n.text().into_owned()).collect();
        assert_eq!(names, ["a", "b"]);
        let call = parse.syntax().descendants().filter_map(CallExpr::cast).last().expect("call");
        assert_eq!(call.name(), Some("g"));
        assert_eq!(call.args().count(), 2);
    }

    #[test]
    fn unquotes_names() {
        assert_eq!(unquote("'a b'"), "a b");
        assert_eq!(unquote(r#""a\"b""#), "a\"b");
        assert_eq!(unquote("@'c:\\x'''"), "c:\\x'");
    }
}
