//! Column flow through the row-shaping operators: filters, `extend`, the `project` family,
//! `summarize`, `distinct`, `top`/`sort`/`take`, `count`, `parse*`, `mv-expand` and the source
//! operators (`datatable`, `externaldata`, `print`, `range`). Joins, unions and the rest are in
//! `operators_more.rs`. Operators we cannot follow yield an open schema.

use crate::catalog::tables::{Column, ScalarType, name_key};
use crate::kql::SyntaxKind;
use crate::kql::ast::{Assignment, AstNode, CallExpr, Operator, OperatorKind};
use crate::kql::semantic::analyzer::{Analyzer, Binding, declared_schema};
use crate::kql::semantic::expr::name_text;
use crate::kql::semantic::naming::{expression_name, percentile_names, series_columns};
use crate::kql::semantic::schema::{Schema, matches_pattern};
use crate::kql::tree::SyntaxNode;

impl Analyzer<'_> {
    /// The schema after `node`, given the schema before it (`None` for a source operator).
    pub(super) fn operator(&mut self, node: SyntaxNode<'_>, input: Option<Schema>) -> Schema {
        let Some(operator) = Operator::cast(node) else { return Schema::unknown() };
        if operator.kind() == OperatorKind::Union {
            return self.union(operator, node, input);
        }
        let row = input.unwrap_or_else(Schema::unknown);
        match operator.kind() {
            OperatorKind::Where
            | OperatorKind::Take
            | OperatorKind::Sort
            | OperatorKind::Top
            | OperatorKind::Sample
            | OperatorKind::Render => {
                self.check_items(node, &row);
                row
            }
            OperatorKind::As => {
                // `| as T` names the rows so far for the rest of the query.
                if let Some(name) = node.child_of_kind(SyntaxKind::Name) {
                    self.bind(name_text(name).into_owned(), Binding::Tabular(row.clone()));
                }
                row
            }
            OperatorKind::Extend | OperatorKind::Serialize => self.extend(operator, row),
            OperatorKind::Project => self.project(operator, &row),
            OperatorKind::ProjectAway => self.project_away(node, row),
            OperatorKind::ProjectKeep | OperatorKind::ProjectReorder => {
                self.project_keep(node, row, operator.kind() == OperatorKind::ProjectKeep)
            }
            OperatorKind::ProjectRename => self.project_rename(operator, row),
            OperatorKind::Summarize => self.summarize(operator, &row),
            OperatorKind::Distinct => self.distinct(node, &row),
            OperatorKind::Count => Schema::closed(vec![Column::new("Count", ScalarType::Long)]),
            OperatorKind::GetSchema => getschema(),
            OperatorKind::Parse | OperatorKind::ParseWhere | OperatorKind::ParseKv => {
                self.parse(node, row)
            }
            OperatorKind::MvExpand => self.mv_expand(operator, row),
            OperatorKind::MvApply => self.mv_apply(operator, row),
            OperatorKind::MakeSeries => self.make_series(operator, &row),
            OperatorKind::Join => self.join(operator, row),
            OperatorKind::Lookup => self.lookup_operator(operator, row),
            OperatorKind::Evaluate => self.evaluate(operator, row),
            OperatorKind::Invoke => self.invoke(node, row),
            OperatorKind::Datatable | OperatorKind::ExternalData => {
                node.child_of_kind(SyntaxKind::Schema).map_or_else(Schema::unknown, declared_schema)
            }
            OperatorKind::Print => {
                let mut schema = Schema::default();
                self.add_items(operator, &Schema::unknown(), &mut schema, "print_");
                schema
            }
            _ => Schema::unknown(),
        }
    }

    /// Checks the expressions of an operator that keeps its input's columns.
    fn check_items(&mut self, node: SyntaxNode<'_>, row: &Schema) {
        for child in node.children() {
            match child.kind() {
                SyntaxKind::SortKey => {
                    if let Some(key) = child.children().next() {
                        self.scalar(key, row);
                    }
                }
                SyntaxKind::OperatorParam | SyntaxKind::Name => {}
                _ => {
                    self.scalar(child, row);
                }
            }
        }
    }

    fn extend(&mut self, operator: Operator<'_>, mut row: Schema) -> Schema {
        // Each item sees the columns the items before it added.
        for item in operator.syntax().children() {
            let mut added = Schema::default();
            self.add_item(item, &row, &mut added, "Column");
            for column in added.columns.iter() {
                row.set(&column.name, column.ty);
            }
        }
        row
    }

    /// The projected columns, exactly: even over rows whose columns are not all known, a
    /// projection says which columns remain (Kusto.Language keeps such a result open; Kusto
    /// itself does not).
    fn project(&mut self, operator: Operator<'_>, row: &Schema) -> Schema {
        let mut schema = Schema::default();
        self.add_items(operator, row, &mut schema, "Column");
        schema
    }

    /// Adds the columns of every item of `operator` (assignments and bare expressions).
    pub(super) fn add_items(
        &mut self,
        operator: Operator<'_>,
        row: &Schema,
        out: &mut Schema,
        prefix: &str,
    ) {
        for item in operator.syntax().children() {
            self.add_item(item, row, out, prefix);
        }
    }

    /// One `name = expr` or bare `expr` item; bare items are named as Kusto names them.
    pub(super) fn add_item(
        &mut self,
        item: SyntaxNode<'_>,
        row: &Schema,
        out: &mut Schema,
        prefix: &str,
    ) {
        if let Some(assignment) = Assignment::cast(item) {
            let ty = assignment.value().map_or(ScalarType::Unknown, |v| self.scalar(v, row));
            let names: Vec<_> = assignment.names().map(|n| n.text().into_owned()).collect();
            let single = names.len() == 1;
            for name in names {
                out.set(&name, if single { ty } else { ScalarType::Unknown });
            }
            return;
        }
        if !crate::kql::ast::is_expression(item.kind()) || item.kind() == SyntaxKind::NamePattern {
            return;
        }
        // A bare column keeps its name: share the input's.
        if matches!(item.kind(), SyntaxKind::NameRef | SyntaxKind::BracketedName)
            && let Some(column) = row.column(&name_text(item))
        {
            out.set_column(column);
            return;
        }
        let ty = self.scalar(item, row);
        if let Some(names) = series_columns(item) {
            for name in names {
                out.set(&name, ScalarType::Dynamic);
            }
            return;
        }
        let name = expression_name(item).unwrap_or_else(|| unnamed(prefix, row, out));
        out.set(&name, ty);
    }

    fn project_away(&mut self, node: SyntaxNode<'_>, mut row: Schema) -> Schema {
        for item in node.children() {
            match item.kind() {
                SyntaxKind::NamePattern => {
                    let pattern = item.text();
                    if row.columns.iter().any(|c| matches_pattern(pattern, &c.name)) {
                        row.columns_mut().retain(|c| !matches_pattern(pattern, &c.name));
                    }
                }
                SyntaxKind::NameRef | SyntaxKind::BracketedName => {
                    self.scalar(item, &row);
                    row.remove(&name_text(item));
                }
                _ => {}
            }
        }
        row
    }

    fn project_keep(&mut self, node: SyntaxNode<'_>, row: Schema, keep: bool) -> Schema {
        let mut patterns = Vec::new();
        for item in node.children() {
            match item.kind() {
                SyntaxKind::NamePattern => patterns.push(item.text().to_owned()),
                SyntaxKind::NameRef | SyntaxKind::BracketedName => {
                    self.scalar(item, &row);
                    patterns.push(name_text(item).into_owned());
                }
                SyntaxKind::SortKey => {
                    if let Some(key) = item.children().next() {
                        patterns.push(key.text().to_owned());
                    }
                }
                _ => {}
            }
        }
        if !keep {
            return row;
        }
        let columns = row
            .columns
            .iter()
            .filter(|c| patterns.iter().any(|p| matches_pattern(p, &c.name)))
            .cloned();
        Schema::new(columns.collect(), row.open)
    }

    fn project_rename(&mut self, operator: Operator<'_>, mut row: Schema) -> Schema {
        for assignment in operator.assignments() {
            let Some(old) = assignment.value() else { continue };
            let ty = self.scalar(old, &row);
            row.remove(&name_text(old));
            for name in assignment.names() {
                row.set(&name.text(), ty);
            }
        }
        row
    }

    fn distinct(&mut self, node: SyntaxNode<'_>, row: &Schema) -> Schema {
        if node.children().any(|c| c.kind() == SyntaxKind::StarExpr) {
            return row.clone();
        }
        let mut schema = Schema::default();
        for item in node.children() {
            self.add_item(item, row, &mut schema, "Column");
        }
        schema
    }

    fn summarize(&mut self, operator: Operator<'_>, row: &Schema) -> Schema {
        let mut schema = Schema::default();
        if let Some(by) = operator.by_clause() {
            for item in by.items() {
                self.add_group_key(item, row, &mut schema);
            }
        }
        for item in operator.syntax().children() {
            self.add_aggregate(item, row, &mut schema);
        }
        schema.open |= row.open;
        schema
    }

    /// A `by` item: `bin(TimeGenerated, 1h)` keeps the name `TimeGenerated`.
    pub(super) fn add_group_key(&mut self, item: SyntaxNode<'_>, row: &Schema, out: &mut Schema) {
        self.add_item(item, row, out, "Column");
    }

    /// An aggregate item of `summarize`: `n = count()`, `count()` (named `count_`),
    /// `arg_max(TimeGenerated, *)` (every input column).
    pub(super) fn add_aggregate(&mut self, item: SyntaxNode<'_>, row: &Schema, out: &mut Schema) {
        let call = match item.kind() {
            SyntaxKind::CallExpr => CallExpr::cast(item),
            SyntaxKind::Assignment => {
                let assignment = Assignment::cast(item);
                assignment.and_then(|a| a.value()).and_then(CallExpr::cast)
            }
            _ => None,
        };
        let Some(call) = call else {
            if item.kind() == SyntaxKind::Assignment || crate::kql::ast::is_expression(item.kind())
            {
                self.add_item(item, row, out, "Column");
            }
            return;
        };
        let name = call.name().unwrap_or("");
        let ty = self.scalar(call.syntax(), row);
        let named = item.kind() == SyntaxKind::Assignment;
        match name {
            "arg_max" | "arg_min" | "argmax" | "argmin" | "take_any" | "take_anyif" => {
                // These keep the names of the columns they return (`*` for all of them).
                let args = if name == "take_anyif" { 1 } else { usize::MAX };
                self.add_arg_columns(call, row, out, named, args, "");
                return;
            }
            "any" | "anyif" if !named => {
                let args = if name == "anyif" { 1 } else { usize::MAX };
                self.add_arg_columns(call, row, out, named, args, "any_");
                return;
            }
            "percentile" | "percentiles" if !named => {
                for column in percentile_names(call) {
                    out.set(&column, ScalarType::Unknown);
                }
                return;
            }
            _ => {}
        }
        if let Some(assignment) = Assignment::cast(item) {
            for target in assignment.names() {
                out.set(&target.text(), ty);
            }
            return;
        }
        let column = expression_name(call.syntax()).unwrap_or_else(|| unnamed("Column", row, out));
        out.set(&column, ty);
    }

    /// The columns `arg_max(by, cols...)` or `any(cols...)` returns, each name with `prefix`:
    /// `*` means every input column. Only the first `limit` arguments are columns.
    fn add_arg_columns(
        &mut self,
        call: CallExpr<'_>,
        row: &Schema,
        out: &mut Schema,
        named: bool,
        limit: usize,
        prefix: &str,
    ) {
        for arg in call.args().take(limit) {
            if arg.kind() == SyntaxKind::StarExpr {
                self.add_star(row, out, prefix);
                continue;
            }
            if named {
                // `x = arg_max(...)` names only the first; keep the rest open.
                out.open = true;
                continue;
            }
            let ty = self.scalar(arg, row);
            if let Some(name) = expression_name(arg) {
                out.set(&format!("{prefix}{name}"), ty);
            } else if let Some(assignment) = Assignment::cast(arg) {
                for target in assignment.names() {
                    out.set(&target.text(), ty);
                }
            }
        }
    }

    /// The columns `*` stands for in `arg_max(..., *)` or `any(*)`: every input column not
    /// already in the output (the group keys), named with `prefix`.
    fn add_star(&mut self, row: &Schema, out: &mut Schema, prefix: &str) {
        let before = out.columns.len();
        let columns = out.columns_mut();
        columns.reserve(row.columns.len());
        let taken = |columns: &[Column], name: &str| {
            let key = name_key(name);
            columns[..before].iter().any(|c| c.is_named(key, name))
        };
        for column in row.columns.iter() {
            if prefix.is_empty() {
                if !taken(columns, &column.name) {
                    columns.push(column.clone());
                }
                continue;
            }
            let name = format!("{prefix}{}", column.name);
            if !taken(columns, &name) {
                columns.push(Column::new(&name, column.ty));
            }
        }
        out.open |= row.open;
    }

    fn parse(&mut self, node: SyntaxNode<'_>, mut row: Schema) -> Schema {
        for child in node.children() {
            match child.kind() {
                SyntaxKind::ParsePattern => {
                    let mut pending: Option<String> = None;
                    for part in child.children() {
                        match part.kind() {
                            SyntaxKind::Name => {
                                if let Some(name) = pending.take() {
                                    row.set(&name, ScalarType::String);
                                }
                                pending = Some(name_text(part).into_owned());
                            }
                            SyntaxKind::TypeRef => {
                                if let Some(name) = pending.take() {
                                    row.set(&name, ScalarType::from_name(part.text()));
                                }
                            }
                            _ => {}
                        }
                    }
                    if let Some(name) = pending {
                        row.set(&name, ScalarType::String);
                    }
                }
                SyntaxKind::Schema => {
                    for column in declared_schema(child).columns.iter() {
                        row.set(&column.name, column.ty);
                    }
                }
                SyntaxKind::OperatorParam | SyntaxKind::WithClause => {}
                _ => {
                    self.scalar(child, &row);
                }
            }
        }
        row
    }

    fn mv_expand(&mut self, operator: Operator<'_>, mut row: Schema) -> Schema {
        let node = operator.syntax();
        let to_type =
            node.child_of_kind(SyntaxKind::TypeRef).map(|t| ScalarType::from_name(t.text()));
        let ty = to_type.unwrap_or(ScalarType::Dynamic);
        for item in node.children() {
            match item.kind() {
                SyntaxKind::Assignment => {
                    let mut added = Schema::default();
                    self.add_item(item, &row, &mut added, "Column");
                    for column in added.columns.iter() {
                        row.set(&column.name, ty);
                    }
                }
                SyntaxKind::OperatorParam => {
                    let param = crate::kql::ast::OperatorParam::cast(item);
                    if let Some(p) = param.filter(|p| p.name() == "with_itemindex") {
                        row.set(p.value().unwrap_or("index"), ScalarType::Long);
                    }
                }
                kind if crate::kql::ast::is_expression(kind) => {
                    self.scalar(item, &row);
                    if let Some(name) = expression_name(item) {
                        row.set(&name, ty);
                    }
                }
                _ => {}
            }
        }
        row
    }
}

/// `Column1`, `Column2`...: the first such name neither the input nor the output has;
/// `print` numbers by position instead (`print_0`, `print_1`...).
fn unnamed(prefix: &str, row: &Schema, out: &Schema) -> String {
    if prefix != "Column" {
        return format!("{prefix}{}", out.columns.len());
    }
    let mut index = 1;
    loop {
        let name = format!("{prefix}{index}");
        if out.column(&name).is_none() && row.column(&name).is_none() {
            return name;
        }
        index += 1;
    }
}

fn getschema() -> Schema {
    let columns = [
        ("ColumnName", ScalarType::String),
        ("ColumnOrdinal", ScalarType::Int),
        ("DataType", ScalarType::String),
        ("ColumnType", ScalarType::String),
    ];
    Schema::closed(columns.iter().map(|(n, t)| Column::new(n, *t)).collect())
}
