//! The analyzer's state (let bindings, findings, tables read) and the walk over statements.
//!
//! Bindings are scoped like Kusto's: a `let` is visible to the statements after it, and a
//! function body sees its parameters. A let-bound function is analyzed once where it is
//! declared (its parameters typed from their declarations), and its result is what a call
//! yields; findings inside its body are reported there, once.

use rustc_hash::FxHashMap;

use crate::catalog::tables::{Column, ScalarType};
use crate::kql::SyntaxKind;
use crate::kql::ast::{AstNode, FunctionDecl, LetStatement, Param, Root, Statement};
use crate::kql::semantic::schema::Schema;
use crate::kql::semantic::{Analysis, Finding, FindingKind, UserSchemas};
use crate::kql::tree::SyntaxNode;
use crate::source::TextRange;

/// What a name bound by `let`, a parameter or `declare` stands for.
#[derive(Clone, Debug)]
pub(super) enum Binding {
    Scalar { ty: ScalarType, seconds: Option<f64>, text: String },
    Tabular(Schema),
    Function { min_args: usize, max_args: usize, result: Option<Schema> },
}

/// How deep the walk over expressions and tabular expressions may recurse. The parser lets
/// brackets nest [`crate::kql::MAX_NESTING`] deep, each costing the walk a few levels, and
/// chains that nest without brackets (`a or b or ...`, `a.b.c`) are walked with loops; this is
/// a backstop, set where a 2 MiB thread still has room, should some tree shape escape both.
const MAX_DEPTH: u32 = 8 * crate::kql::MAX_NESTING as u32;

pub(super) struct Analyzer<'u> {
    pub(super) user: &'u UserSchemas,
    /// Let bindings, innermost scope last; names come from the query, so a fast hasher.
    scopes: Vec<FxHashMap<String, Binding>>,
    pub(super) out: Analysis,
    /// How many [`Analyzer::nested`] walks are running.
    depth: u32,
}

impl<'u> Analyzer<'u> {
    pub(super) fn new(user: &'u UserSchemas) -> Self {
        Self { user, scopes: vec![FxHashMap::default()], out: Analysis::default(), depth: 0 }
    }

    /// Runs `walk` one level deeper; past [`MAX_DEPTH`] gives `too_deep` instead, unchecked,
    /// and marks the sources as not fully known, since tables may hide in what was skipped.
    pub(super) fn nested<T>(&mut self, too_deep: T, walk: impl FnOnce(&mut Self) -> T) -> T {
        if self.depth >= MAX_DEPTH {
            self.out.opaque_sources = true;
            return too_deep;
        }
        self.depth += 1;
        let result = walk(self);
        self.depth -= 1;
        result
    }

    pub(super) fn run(mut self, root: Root<'_>) -> Analysis {
        self.out.output = self.statements(root.statements());
        self.out
    }

    /// Runs statements in order and returns the tabular result of the last query statement.
    fn statements<'a>(
        &mut self,
        statements: impl Iterator<Item = Statement<'a>>,
    ) -> Option<Schema> {
        let mut result = None;
        for statement in statements {
            match statement {
                Statement::Let(binding) => self.let_statement(binding),
                Statement::Declare(declare) => {
                    for param in declare.params() {
                        let _ = self.bind_param(param);
                    }
                }
                Statement::Query(query) => {
                    result = query.expr().and_then(|expr| self.tabular_or_scalar(expr));
                }
                Statement::Set(_) => {}
            }
        }
        result
    }

    /// The schema of a query expression; a scalar expression is checked and gives `None`.
    fn tabular_or_scalar(&mut self, expr: SyntaxNode<'_>) -> Option<Schema> {
        if let Some(schema) = self.tabular(expr) {
            return Some(schema);
        }
        self.scalar(expr, &Schema::unknown());
        None
    }

    fn let_statement(&mut self, statement: LetStatement<'_>) {
        let Some(name) = statement.name() else { return };
        let name = name.text().into_owned();
        let binding = if let Some(function) = statement.function() {
            self.function(function)
        } else if let Some(value) = statement.value() {
            match self.tabular(value) {
                Some(schema) => Binding::Tabular(schema),
                None => {
                    // A scalar `let` sees no row: a name must be a binding or a table.
                    let ty = self.scalar(value, &Schema::default());
                    let text = value.text().to_owned();
                    let seconds = (value.kind() == SyntaxKind::Literal)
                        .then(|| super::timespan::seconds(&text))
                        .flatten();
                    Binding::Scalar { ty, seconds, text }
                }
            }
        } else {
            return;
        };
        self.bind(name, binding);
    }

    /// Analyzes a function body with its parameters in scope.
    fn function(&mut self, function: FunctionDecl<'_>) -> Binding {
        self.scopes.push(FxHashMap::default());
        let mut min_args = 0;
        let mut max_args = 0;
        let mut row_params = Vec::new();
        for param in function.params() {
            max_args += 1;
            // A parameter with a default value may be left out.
            if !param
                .syntax()
                .children()
                .any(|c| c.kind() != SyntaxKind::Name && c.kind() != SyntaxKind::TypeRef)
            {
                min_args += 1;
            }
            if let Some(schema) = self.bind_param(param) {
                row_params.push(schema);
            }
        }
        let mut result = self.statements(function.body());
        self.scopes.pop();
        // A tabular parameter's declared columns are a minimum: a caller's rows may carry
        // more. When the body passes the rows through (its result still has every declared
        // column), those extra columns reach the result too.
        if let Some(schema) = &mut result {
            schema.open |= row_params.iter().any(|param| {
                param.columns.iter().all(|column| schema.column(&column.name).is_some())
            });
        }
        Binding::Function { min_args, max_args, result }
    }

    /// Binds a parameter; returns a copy of a tabular parameter's declared schema.
    fn bind_param(&mut self, param: Param<'_>) -> Option<Schema> {
        let name = param.name()?;
        let type_ref = param.syntax().child_of_kind(SyntaxKind::TypeRef);
        let binding = match type_ref.and_then(|t| t.child_of_kind(SyntaxKind::Schema)) {
            Some(schema) => Binding::Tabular(declared_schema(schema)),
            None => {
                let ty = param.type_text().map_or(ScalarType::Unknown, ScalarType::from_name);
                Binding::Scalar { ty, seconds: None, text: String::new() }
            }
        };
        let rows = match &binding {
            Binding::Tabular(schema) => Some(schema.clone()),
            _ => None,
        };
        self.bind(name.text().into_owned(), binding);
        rows
    }

    pub(super) fn bind(&mut self, name: String, binding: Binding) {
        if let Some(scope) = self.scopes.last_mut() {
            scope.insert(name, binding);
        }
    }

    pub(super) fn lookup(&self, name: &str) -> Option<&Binding> {
        self.scopes.iter().rev().find_map(|scope| scope.get(name))
    }

    pub(super) fn report(
        &mut self,
        kind: FindingKind,
        range: TextRange,
        message: String,
        suggestion: Option<String>,
    ) {
        let help = suggestion.as_ref().map(|s| format!("Did you mean `{s}`?"));
        let mut finding = Finding { kind, range, message, help, suggestion, fix: None };
        // Catalogue names are unique whatever their case, so another casing is the name meant;
        // a column's caller says whether its row makes that certain.
        if kind != FindingKind::UnknownColumn {
            let name = finding.name();
            let meant = finding.suggestion.as_deref();
            finding.fix =
                meant.filter(|s| *s != name && s.eq_ignore_ascii_case(name)).map(str::to_owned);
        }
        self.out.findings.push(finding);
    }

    /// Marks the finding reported last as fixed by writing `name` in its place.
    pub(super) fn fix_last(&mut self, name: &str) {
        if let Some(finding) = self.out.findings.last_mut() {
            finding.fix = Some(name.to_owned());
        }
    }

    pub(super) fn note_table(&mut self, name: &str, range: TextRange) {
        if !self.out.tables.iter().any(|(known, _)| known == name) {
            self.out.tables.push((name.to_owned(), range));
        }
    }
}

/// The columns of a `(name: type, ...)` schema; `(*)` gives an open schema.
pub(super) fn declared_schema(schema: SyntaxNode<'_>) -> Schema {
    let columns: Vec<Column> = schema
        .children()
        .filter(|node| node.kind() == SyntaxKind::ColumnDecl)
        .filter_map(|decl| {
            let name = decl.child_of_kind(SyntaxKind::Name)?;
            let ty = decl.child_of_kind(SyntaxKind::TypeRef).map(SyntaxNode::text);
            Some(Column::new(
                &super::expr::name_text(name),
                ty.map_or(ScalarType::Unknown, ScalarType::from_name),
            ))
        })
        .collect();
    let star = schema.descendant_tokens().any(|t| t.kind() == SyntaxKind::Star);
    let open = star || columns.is_empty();
    Schema::new(columns, open)
}

#[cfg(test)]
mod tests {
    use super::{Analyzer, MAX_DEPTH};
    use crate::catalog::tables::ScalarType;
    use crate::kql::ast::Statement;
    use crate::kql::semantic::{Schema, UserSchemas};

    #[test]
    fn past_the_depth_limit_the_walk_gives_up_quietly() {
        let parse = crate::kql::parse("Bogus");
        let Some(Statement::Query(query)) = parse.root().statements().next() else {
            panic!("a query statement");
        };
        let node = query.expr().expect("an expression");
        let user = UserSchemas::default();
        let mut analyzer = Analyzer::new(&user);
        analyzer.depth = MAX_DEPTH;
        assert_eq!(analyzer.scalar(node, &Schema::default()), ScalarType::Unknown);
        assert_eq!(analyzer.tabular(node).map(|schema| schema.open), Some(true));
        assert_eq!(analyzer.out.findings, []);
        assert!(analyzer.out.opaque_sources, "tables may hide in what was skipped");
        // Back under the limit, the same name is an unknown column again.
        analyzer.depth = 0;
        analyzer.scalar(node, &Schema::default());
        assert_eq!(analyzer.out.findings.len(), 1);
    }
}
