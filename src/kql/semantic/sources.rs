//! Tabular expressions: where rows come from (tables, let-bound values, function calls,
//! `datatable`, `workspace()`...) and pipelines of operators over them.

use std::sync::LazyLock;

use crate::catalog::functions::{FunctionKind, function};
use crate::catalog::names::NameIndex;
use crate::catalog::tables::{self, Column, ScalarType};
use crate::kql::SyntaxKind;
use crate::kql::ast::{AstNode, CallExpr, Pipeline};
use crate::kql::semantic::FindingKind;
use crate::kql::semantic::analyzer::{Analyzer, Binding};
use crate::kql::semantic::expr::name_text;
use crate::kql::semantic::schema::Schema;
use crate::kql::tree::SyntaxNode;

/// The built-in table names, for did-you-mean hints.
static TABLE_NAMES: LazyLock<NameIndex> = LazyLock::new(|| NameIndex::new(tables::table_names()));

/// The columns `_GetWatchlist` always returns; the watchlist's own columns come on top.
const WATCHLIST_COLUMNS: &[(&str, ScalarType)] = &[
    ("SearchKey", ScalarType::String),
    ("_DTItemId", ScalarType::String),
    ("LastUpdatedTimeUTC", ScalarType::DateTime),
    ("WatchlistItem", ScalarType::Dynamic),
];

impl Analyzer<'_> {
    /// The schema of `node` if it is a tabular expression, `None` if it is scalar. Too deep to
    /// follow, it counts as rows of unknown columns, which no later check finds fault with.
    pub(super) fn tabular(&mut self, node: SyntaxNode<'_>) -> Option<Schema> {
        self.nested(Some(Schema::unknown()), |this| this.tabular_kind(node))
    }

    fn tabular_kind(&mut self, node: SyntaxNode<'_>) -> Option<Schema> {
        match node.kind() {
            SyntaxKind::Pipeline => Some(self.pipeline(node)),
            SyntaxKind::ParenExpr => node.children().next().and_then(|inner| self.tabular(inner)),
            SyntaxKind::NameRef | SyntaxKind::BracketedName => self.named_source(node),
            SyntaxKind::CallExpr => self.call_source(node),
            SyntaxKind::MemberExpr => self.member_source(node),
            SyntaxKind::Operator => Some(self.operator(node, None)),
            _ => None,
        }
    }

    fn pipeline(&mut self, node: SyntaxNode<'_>) -> Schema {
        let Some(pipeline) = Pipeline::cast(node) else { return Schema::unknown() };
        let mut schema = match pipeline.source() {
            Some(source) if source.kind() == SyntaxKind::Operator => self.operator(source, None),
            Some(source) => self.tabular(source).unwrap_or_else(|| self.unknown_source(source)),
            None => Schema::unknown(),
        };
        for operator in pipeline.operators() {
            schema = self.operator(operator.syntax(), Some(schema));
        }
        schema
    }

    /// A source that is not tabular, such as a scalar let used before `|` or an unknown
    /// function; it sees no row, so its names must be bindings or tables.
    fn unknown_source(&mut self, source: SyntaxNode<'_>) -> Schema {
        self.scalar(source, &Schema::default());
        Schema::unknown()
    }

    /// A name used where rows are expected; reports unknown tables.
    fn named_source(&mut self, node: SyntaxNode<'_>) -> Option<Schema> {
        let name = name_text(node);
        match self.lookup(&name) {
            Some(Binding::Tabular(schema)) => return Some(schema.clone()),
            Some(Binding::Function { result, .. }) => {
                return Some(result.clone().unwrap_or_else(Schema::unknown));
            }
            Some(Binding::Scalar { .. }) => return None,
            None => {}
        }
        if let Some(schema) = self.known_table(&name) {
            self.note_table(&name, node.range());
            return Some(schema);
        }
        if let Some(schema) = parser_schema(&name) {
            self.out.opaque_sources = true;
            return Some(schema);
        }
        if node.parent().is_some_and(is_scalar_context) {
            return None;
        }
        self.note_table(&name, node.range());
        // A custom table is no misspelt built-in one.
        let help = if name.ends_with("_CL") { None } else { TABLE_NAMES.closest(&name) };
        let help = help.map(str::to_owned);
        self.report(
            FindingKind::UnknownTable,
            node.range(),
            format!("Unknown table `{name}`; its columns are not checked"),
            help,
        );
        Some(Schema::unknown())
    }

    /// Whether `name` is a built-in or user-defined table.
    pub(super) fn is_table(&self, name: &str) -> bool {
        self.user.table(name).is_some() || tables::table(name).is_some()
    }

    /// A built-in or user-defined table.
    pub(super) fn known_table(&self, name: &str) -> Option<Schema> {
        if let Some(schema) = self.user.table(name) {
            return Some(schema.clone());
        }
        tables::table(name).map(|table| Schema { columns: table.columns.clone(), open: table.open })
    }

    fn call_source(&mut self, node: SyntaxNode<'_>) -> Option<Schema> {
        let call = CallExpr::cast(node)?;
        let name = call.name()?;
        if name == "workspace" {
            self.out.workspace_calls.push(node.range());
        }
        let schema = match self.lookup(name) {
            Some(Binding::Function { result: Some(schema), .. }) => Some(schema.clone()),
            Some(Binding::Function { result: None, .. }) => None,
            Some(_) => None,
            None if name == "_GetWatchlist" => Some(watchlist_schema()),
            None if matches!(name, "materialize" | "view") => {
                call.args().next().and_then(|arg| self.tabular(arg))
            }
            None if is_cross_store(name) => {
                self.out.opaque_sources = true;
                Some(Schema::unknown())
            }
            None => match function(name) {
                Some(f) if f.kind == FunctionKind::Tabular => Some(Schema::unknown()),
                Some(_) => None,
                None => {
                    self.out.opaque_sources = true;
                    parser_schema(name)
                }
            },
        }?;
        // Arguments are scalar expressions over no row; check them for unknown names.
        if !matches!(name, "materialize" | "view") {
            self.call_args(call, &Schema::default());
        }
        Some(schema)
    }

    /// `workspace("x").T`, `cluster("c").database("d").T`: another store we cannot see.
    fn member_source(&mut self, node: SyntaxNode<'_>) -> Option<Schema> {
        let first = node.children().next()?;
        if first.kind() == SyntaxKind::CallExpr || first.kind() == SyntaxKind::MemberExpr {
            let cross = first.descendants().filter(|n| n.kind() == SyntaxKind::CallExpr);
            let mut is_cross = false;
            for call in cross {
                let name = CallExpr::cast(call).and_then(CallExpr::name);
                if name == Some("workspace") {
                    self.out.workspace_calls.push(call.range());
                }
                is_cross |= name.is_some_and(is_cross_store);
            }
            if is_cross {
                self.out.opaque_sources = true;
                return Some(Schema::unknown());
            }
        }
        None
    }
}

fn watchlist_schema() -> Schema {
    let columns = WATCHLIST_COLUMNS.iter().map(|(name, ty)| Column::new(name, *ty)).collect();
    Schema::new(columns, true)
}

/// The output of an ASIM or solution parser: the ASIM schema's fields, kept open because
/// parsers add vendor fields the schema does not list.
fn parser_schema(name: &str) -> Option<Schema> {
    let parser = tables::parser_function(name)?;
    let columns =
        parser.schema.as_deref().and_then(tables::asim_schema).cloned().unwrap_or_default();
    Some(Schema { columns, open: true })
}

/// Functions that read rows from a store we cannot see: another workspace, cluster or
/// database, an Application Insights app, Azure Resource Graph (`arg("")`), a table by name.
fn is_cross_store(name: &str) -> bool {
    matches!(name, "table" | "workspace" | "app" | "cluster" | "database" | "arg")
}

/// Whether a name under `parent` is a value rather than a row source.
fn is_scalar_context(parent: SyntaxNode<'_>) -> bool {
    !matches!(
        parent.kind(),
        SyntaxKind::Pipeline
            | SyntaxKind::QueryStatement
            | SyntaxKind::LetStatement
            | SyntaxKind::Operator
            | SyntaxKind::ParenExpr
    )
}
