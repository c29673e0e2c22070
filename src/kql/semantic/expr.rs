//! Scalar expressions: name resolution against the current row and the let bindings, function
//! calls against the catalogue (unknown function, argument count), and light type inference
//! (enough to tell `dynamic` from `string` for entity mappings).

use std::borrow::Cow;
use std::sync::LazyLock;

use crate::catalog::functions::{FunctionKind, Returns, function, function_names};
use crate::catalog::names::NameIndex;
use crate::catalog::tables::ScalarType;
use crate::kql::SyntaxKind;
use crate::kql::ast::{AstNode, BinaryExpr, CallExpr, Name, NameRef};
use crate::kql::semantic::analyzer::{Analyzer, Binding};
use crate::kql::semantic::schema::Schema;
use crate::kql::semantic::{FindingKind, Lookback};
use crate::kql::tree::SyntaxNode;

/// The catalogue's function names, for did-you-mean hints.
static FUNCTION_NAMES: LazyLock<NameIndex> = LazyLock::new(|| NameIndex::new(function_names()));

/// Calls that look like functions but are literals or type expressions.
const SPECIAL_FORMS: &[&str] = &[
    "dynamic", "typeof", "datetime", "timespan", "time", "guid", "bool", "int", "long", "real",
    "double", "decimal", "string",
];

/// The name a `Name`, `NameRef` or bracketed-name node stands for (borrowed when it can be).
pub(super) fn name_text(node: SyntaxNode<'_>) -> Cow<'_, str> {
    if let Some(name) = Name::cast(node) {
        return name.text();
    }
    if let Some(name) = NameRef::cast(node) {
        return name.text();
    }
    let token = node
        .descendant_tokens()
        .find(|t| matches!(t.kind(), SyntaxKind::String | SyntaxKind::Word));
    token.map_or(Cow::Borrowed(""), |t| crate::kql::ast::unquote(t.text()))
}

impl Analyzer<'_> {
    /// Checks a scalar expression over `row` and returns its type.
    pub(super) fn scalar(&mut self, node: SyntaxNode<'_>, row: &Schema) -> ScalarType {
        self.nested(ScalarType::Unknown, |this| this.scalar_kind(node, row))
    }

    fn scalar_kind(&mut self, node: SyntaxNode<'_>, row: &Schema) -> ScalarType {
        match node.kind() {
            SyntaxKind::NameRef | SyntaxKind::BracketedName => self.name_ref(node, row),
            SyntaxKind::Literal => literal_type(node),
            SyntaxKind::StringConcat => ScalarType::String,
            SyntaxKind::DynamicLiteral => ScalarType::Dynamic,
            SyntaxKind::CallExpr => self.call(node, row),
            SyntaxKind::BinaryExpr => self.binary(node, row),
            SyntaxKind::MemberExpr | SyntaxKind::IndexExpr => self.access(node, row),
            SyntaxKind::ParenExpr | SyntaxKind::PrefixExpr => {
                let mut ty = ScalarType::Unknown;
                for child in node.children() {
                    ty = self.scalar(child, row);
                }
                if node.first_token().is_some_and(|t| t.text() == "not" || t.text() == "!") {
                    ScalarType::Bool
                } else {
                    ty
                }
            }
            SyntaxKind::ExprList | SyntaxKind::RangeExpr | SyntaxKind::NamedArg => {
                for child in node.children() {
                    self.scalar(child, row);
                }
                ScalarType::Unknown
            }
            SyntaxKind::Pipeline | SyntaxKind::Operator => {
                // A subquery used as a value (`x in (T | project y)`, `toscalar(...)`).
                self.tabular(node);
                ScalarType::Unknown
            }
            _ => ScalarType::Unknown,
        }
    }

    fn name_ref(&mut self, node: SyntaxNode<'_>, row: &Schema) -> ScalarType {
        let name = name_text(node);
        if let Some(ty) = row.column(&name).map(|c| c.ty) {
            return ty;
        }
        // Boolean literals are case-insensitive (`True`, `FALSE`).
        if name.eq_ignore_ascii_case("true") || name.eq_ignore_ascii_case("false") {
            return ScalarType::Bool;
        }
        match self.lookup(&name) {
            Some(Binding::Scalar { ty, .. }) => return *ty,
            Some(_) => return ScalarType::Dynamic,
            None => {}
        }
        if row.open || name.starts_with('$') || self.is_table(&name) || is_niladic_source(&name) {
            return ScalarType::Unknown;
        }
        let help = row.suggest(&name).map(str::to_owned);
        self.report(
            FindingKind::UnknownColumn,
            node.range(),
            format!("Unknown column `{name}`"),
            help,
        );
        if let Some(meant) = row.unique_case_match(&name) {
            self.fix_last(meant);
        }
        ScalarType::Unknown
    }

    fn call(&mut self, node: SyntaxNode<'_>, row: &Schema) -> ScalarType {
        let Some(call) = CallExpr::cast(node) else { return ScalarType::Unknown };
        let Some(name) = call.name() else {
            // `a.b()` style calls: check the receiver only.
            return ScalarType::Unknown;
        };
        if SPECIAL_FORMS.contains(&name) {
            return ScalarType::from_name(if name == "typeof" { "" } else { name });
        }
        if name == "ago" {
            self.note_lookback(call);
        }
        if name == "workspace" {
            self.out.workspace_calls.push(node.range());
        }
        let arg_types = self.call_args(call, row);
        let count = call.args().count();
        if let Some(binding) = self.lookup(name) {
            return match binding {
                Binding::Function { min_args, max_args, .. }
                    if !(*min_args..=*max_args).contains(&count) =>
                {
                    let (min, max) = (*min_args, *max_args);
                    let expected =
                        if min == max { min.to_string() } else { format!("{min} to {max}") };
                    self.wrong_count(node, name, &expected, count);
                    ScalarType::Unknown
                }
                _ => ScalarType::Unknown,
            };
        }
        let Some(function) = function(name) else {
            if self.tabular_name(name) {
                return ScalarType::Unknown;
            }
            let help = FUNCTION_NAMES.closest(name).map(str::to_owned);
            let range = call.syntax().children().next().map_or(node.range(), |n| n.range());
            self.report(
                FindingKind::UnknownFunction,
                range,
                format!("Unknown function `{name}`"),
                help,
            );
            return ScalarType::Unknown;
        };
        if !function.accepts(count) {
            self.wrong_count(node, name, &function.arity_text(), count);
        }
        match function.returns {
            Returns::Type(ty) => ty,
            Returns::FirstArg => arg_types[0],
            Returns::SecondArg => arg_types[1],
            Returns::Tabular => ScalarType::Unknown,
        }
    }

    /// Whether a called name is a parser or table rather than a missing function.
    fn tabular_name(&self, name: &str) -> bool {
        crate::catalog::tables::parser_function(name).is_some() || self.is_table(name)
    }

    fn wrong_count(&mut self, node: SyntaxNode<'_>, name: &str, expected: &str, count: usize) {
        let plural = if expected == "1" { "" } else { "s" };
        self.report(
            FindingKind::WrongArgumentCount,
            node.range(),
            format!("`{name}` takes {expected} argument{plural} but {count} were given"),
            None,
        );
    }

    /// Checks the arguments of a call and returns the types of the first two (all a result
    /// type depends on), without collecting them.
    pub(super) fn call_args(&mut self, call: CallExpr<'_>, row: &Schema) -> [ScalarType; 2] {
        let mut types = [ScalarType::Unknown; 2];
        for (index, arg) in call.args().enumerate() {
            let ty = self.scalar(arg, row);
            if let Some(slot) = types.get_mut(index) {
                *slot = ty;
            }
        }
        types
    }

    /// `a.b[0].c`: the base is checked first, then each index from the innermost out.
    fn access(&mut self, node: SyntaxNode<'_>, row: &Schema) -> ScalarType {
        // The chain nests to the left as deep as it is long, so its spine is walked with a
        // loop: a generated chain of any length costs no stack.
        let mut indexes = Vec::new();
        let mut base = Some(node);
        while let Some(access) =
            base.filter(|n| matches!(n.kind(), SyntaxKind::MemberExpr | SyntaxKind::IndexExpr))
        {
            let mut children = access.children();
            base = children.next();
            // The member name after `.` is a property, not a column; an index is a value.
            if access.kind() == SyntaxKind::IndexExpr {
                indexes.push(children);
            }
        }
        if let Some(base) = base {
            self.scalar(base, row);
        }
        for index in indexes.into_iter().rev().flatten() {
            self.scalar(index, row);
        }
        ScalarType::Dynamic
    }

    fn binary(&mut self, node: SyntaxNode<'_>, row: &Schema) -> ScalarType {
        // `a or b or c ...` nests to the left as deep as it is long (generated queries list
        // thousands of terms), so the left spine is walked with a loop, operands in order.
        let mut spine = Vec::new();
        let mut left = Some(node);
        while let Some(binary) = left.and_then(BinaryExpr::cast) {
            spine.push(binary);
            left = binary.lhs();
        }
        let mut ty = left.map_or(ScalarType::Unknown, |lhs| self.scalar(lhs, row));
        for binary in spine.into_iter().rev() {
            let right = binary.rhs().map_or(ScalarType::Unknown, |rhs| self.scalar(rhs, row));
            ty = match binary.operator().unwrap_or("") {
                "+" | "-" | "*" | "/" | "%" => arithmetic(ty, right),
                _ => ScalarType::Bool,
            };
        }
        ty
    }

    fn note_lookback(&mut self, call: CallExpr<'_>) {
        let Some(arg) = call.args().next() else { return };
        let resolved = match arg.kind() {
            SyntaxKind::Literal => {
                super::timespan::seconds(arg.text()).map(|s| (s, arg.text().to_owned()))
            }
            SyntaxKind::NameRef => match self.lookup(&name_text(arg)) {
                Some(Binding::Scalar { seconds: Some(s), text, .. }) => Some((*s, text.clone())),
                _ => None,
            },
            _ => None,
        };
        if let Some((seconds, span_text)) = resolved {
            let call_text = call.syntax().text().to_owned();
            let range = call.syntax().range();
            self.out.lookbacks.push(Lookback { range, call_text, seconds, span_text });
        }
    }
}

/// A catalogue tabular function callable without arguments (`SeenBy`): Kusto lets its bare
/// name stand for its result, so the name is not an unknown column.
fn is_niladic_source(name: &str) -> bool {
    function(name).is_some_and(|f| f.kind == FunctionKind::Tabular && f.min_args == 0)
}

fn literal_type(node: SyntaxNode<'_>) -> ScalarType {
    let Some(token) = node.descendant_tokens().find(|t| !t.kind().is_trivia()) else {
        return ScalarType::Unknown;
    };
    match token.kind() {
        SyntaxKind::String => ScalarType::String,
        SyntaxKind::Timespan => ScalarType::TimeSpan,
        SyntaxKind::Number if token.text().contains(['.', 'e', 'E']) => ScalarType::Real,
        SyntaxKind::Number => ScalarType::Long,
        SyntaxKind::TypedLiteral => {
            let kind = token.text().split('(').next().unwrap_or("");
            ScalarType::from_name(kind)
        }
        SyntaxKind::Word if matches!(token.text(), "true" | "false") => ScalarType::Bool,
        _ => ScalarType::Unknown,
    }
}

/// The result type of `+ - * / %`, for the cases that matter to mappings.
fn arithmetic(left: ScalarType, right: ScalarType) -> ScalarType {
    use ScalarType::{DateTime, Dynamic, TimeSpan, Unknown};
    match (left, right) {
        (DateTime, DateTime) => TimeSpan,
        (DateTime, TimeSpan) | (TimeSpan, DateTime) => DateTime,
        (Dynamic, _) | (_, Dynamic) | (Unknown, _) | (_, Unknown) => Unknown,
        (left, _) => left,
    }
}
