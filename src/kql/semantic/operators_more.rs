//! Column flow through the operators that combine or reshape tables: `join` (every kind,
//! right-side duplicates renamed `Name1`), `lookup`, `union` (with `withsource`), `mv-apply`,
//! `make-series`, `evaluate` and `invoke`.

use crate::catalog::tables::ScalarType;
use crate::kql::SyntaxKind;
use crate::kql::ast::{AstNode, CallExpr, Operator};
use crate::kql::semantic::analyzer::{Analyzer, Binding};
use crate::kql::semantic::expr::name_text;
use crate::kql::semantic::schema::Schema;
use crate::kql::tree::SyntaxNode;

impl Analyzer<'_> {
    fn param<'a>(operator: Operator<'a>, name: &str) -> Option<&'a str> {
        operator.params().find(|p| p.name().eq_ignore_ascii_case(name)).and_then(|p| p.value())
    }

    /// The right side of `join`/`lookup`: the first tabular expression child.
    fn right_side(&mut self, operator: Operator<'_>) -> Schema {
        let right = operator.syntax().children().find(|c| {
            !matches!(c.kind(), SyntaxKind::OperatorParam | SyntaxKind::OnClause)
                && crate::kql::ast::is_expression(c.kind())
        });
        right.and_then(|r| self.tabular(r)).unwrap_or_else(Schema::unknown)
    }

    pub(super) fn join(&mut self, operator: Operator<'_>, left: Schema) -> Schema {
        let right = self.right_side(operator);
        self.check_on(operator, &left, &right);
        let kind = Self::param(operator, "kind").unwrap_or("innerunique").to_ascii_lowercase();
        match kind.as_str() {
            "leftsemi" | "leftanti" | "leftantisemi" | "anti" => left,
            "rightsemi" | "rightanti" | "rightantisemi" => right,
            _ => {
                let mut schema = left;
                schema.append_renamed(&right);
                schema.open |= right.open;
                schema
            }
        }
    }

    /// Checks `on a, $left.b == $right.c` against the sides they name.
    fn check_on(&mut self, operator: Operator<'_>, left: &Schema, right: &Schema) {
        let Some(on) = operator.syntax().child_of_kind(SyntaxKind::OnClause) else { return };
        for key in on.children() {
            match key.kind() {
                // Like Kusto, a plain key is resolved on the left side only.
                SyntaxKind::NameRef | SyntaxKind::BracketedName => {
                    self.scalar(key, left);
                }
                _ => {
                    for side in key.descendants().filter(|n| n.kind() == SyntaxKind::MemberExpr) {
                        self.side_column(side, left, right);
                    }
                }
            }
        }
    }

    /// `$left.x` or `$right.y` checked against the matching side.
    fn side_column(&mut self, member: SyntaxNode<'_>, left: &Schema, right: &Schema) {
        let mut parts = member.children();
        let (Some(side), Some(column)) = (parts.next(), parts.next()) else { return };
        match name_text(side).as_ref() {
            "$left" => {
                self.scalar(column, left);
            }
            "$right" => {
                self.scalar(column, right);
            }
            _ => {}
        }
    }

    pub(super) fn lookup_operator(&mut self, operator: Operator<'_>, left: Schema) -> Schema {
        let right = self.right_side(operator);
        self.check_on(operator, &left, &right);
        // The right side's key columns are dropped; its other columns are appended, a name
        // the left side has renamed `Name1` as in `join`.
        let keys = right_keys(operator);
        let mut schema = left;
        for column in right.columns.iter().filter(|c| !keys.iter().any(|k| **k == *c.name)) {
            schema.push_unique(&column.name, column.ty);
        }
        schema.open |= right.open;
        schema
    }

    pub(super) fn union(
        &mut self,
        operator: Operator<'_>,
        node: SyntaxNode<'_>,
        input: Option<Schema>,
    ) -> Schema {
        // As a source (`union A, B`) there is no input; after a pipe the input is included.
        let mut union = input.unwrap_or_default().into_union();
        for item in node.children() {
            let part = match item.kind() {
                SyntaxKind::OperatorParam => continue,
                // `union Device*` reads tables we do not enumerate.
                SyntaxKind::NamePattern => {
                    self.out.opaque_sources = true;
                    Schema::unknown()
                }
                _ => self.tabular(item).unwrap_or_else(Schema::unknown),
            };
            union.add(part);
        }
        let mut schema = union.finish();
        if let Some(source) = Self::param(operator, "withsource") {
            schema.set(source, ScalarType::String);
        }
        schema
    }

    pub(super) fn mv_apply(&mut self, operator: Operator<'_>, row: Schema) -> Schema {
        let node = operator.syntax();
        let mut expanded = row.clone();
        for item in node.children() {
            match item.kind() {
                SyntaxKind::OperatorParam => {
                    let param = crate::kql::ast::OperatorParam::cast(item);
                    if let Some(p) = param.filter(|p| p.name() == "with_itemindex") {
                        expanded.set(p.value().unwrap_or("index"), ScalarType::Long);
                    }
                }
                SyntaxKind::OnClause | SyntaxKind::TypeRef => {}
                SyntaxKind::Assignment | SyntaxKind::NameRef | SyntaxKind::MemberExpr => {
                    let mut added = Schema::default();
                    self.add_item(item, &row, &mut added, "Column");
                    for column in added.columns.iter() {
                        expanded.set(&column.name, ScalarType::Dynamic);
                    }
                }
                _ => {}
            }
        }
        let Some(on) = node.child_of_kind(SyntaxKind::OnClause) else { return expanded };
        let sub = on.descendants().find(|n| n.kind() == SyntaxKind::SubPipeline);
        let Some(sub) = sub else { return expanded.opened() };
        let mut inner = expanded.clone();
        for step in sub.children().filter(|n| n.kind() == SyntaxKind::Operator) {
            inner = self.operator(step, Some(inner));
        }
        // The subquery's columns replace the expanded ones; other input columns stay.
        let mut schema = row;
        for column in inner.columns.iter() {
            schema.set(&column.name, column.ty);
        }
        schema.open |= inner.open;
        schema
    }

    pub(super) fn make_series(&mut self, operator: Operator<'_>, row: &Schema) -> Schema {
        let mut schema = Schema::default();
        if let Some(by) = operator.by_clause() {
            for item in by.items() {
                self.add_group_key(item, row, &mut schema);
            }
        }
        let node = operator.syntax();
        for item in node.children() {
            match item.kind() {
                SyntaxKind::Assignment | SyntaxKind::CallExpr => {
                    let before = schema.columns.len();
                    self.add_aggregate(item, row, &mut schema);
                    for column in schema.columns_mut().iter_mut().skip(before) {
                        column.ty = ScalarType::Dynamic;
                    }
                }
                SyntaxKind::OnClause => {
                    let mut axis = item.children();
                    if let Some(first) = axis.next() {
                        self.scalar(first, row);
                        schema.set(&name_text(first), ScalarType::Dynamic);
                    }
                    for rest in axis {
                        self.scalar(rest, row);
                    }
                }
                _ => {}
            }
        }
        schema.open |= row.open;
        schema
    }

    /// `evaluate plugin(...)`: the output depends on the plugin (and for `bag_unpack` on the
    /// data), so it is open; the arguments are still checked against the input.
    pub(super) fn evaluate(&mut self, operator: Operator<'_>, row: Schema) -> Schema {
        let call = operator.syntax().children().find_map(CallExpr::cast);
        if let Some(call) = call {
            if matches!(call.name(), Some("ipv4_lookup" | "ipv6_lookup")) {
                return self.ip_lookup(call, row);
            }
            self.call_args(call, &row);
            if call.name() == Some("bag_unpack") {
                return row.opened();
            }
        }
        Schema::unknown()
    }

    /// `evaluate ipv4_lookup(Ranges, SourceIp, RangeColumn, ...)`: the third argument is a
    /// column of the lookup table, not of the input; the output has the columns of both.
    fn ip_lookup(&mut self, call: CallExpr<'_>, row: Schema) -> Schema {
        let mut args = call.args();
        let table = args.next().and_then(|arg| self.tabular(arg)).unwrap_or_else(Schema::unknown);
        if let Some(source) = args.next() {
            self.scalar(source, &row);
        }
        if let Some(key) = args.next() {
            self.scalar(key, &table);
        }
        for rest in args {
            self.scalar(rest, &Schema::unknown());
        }
        let mut schema = row;
        for column in table.columns.iter() {
            if schema.column(&column.name).is_none() {
                schema.set(&column.name, column.ty);
            }
        }
        schema.open |= table.open;
        schema
    }

    /// `invoke f()`: a let-bound function's result, else unknown.
    pub(super) fn invoke(&mut self, node: SyntaxNode<'_>, row: Schema) -> Schema {
        let call = node.children().find_map(CallExpr::cast);
        let Some(call) = call else { return Schema::unknown() };
        self.call_args(call, &row);
        let Some(name) = call.name() else { return Schema::unknown() };
        match self.lookup(name) {
            Some(Binding::Function { result: Some(schema), .. }) => schema.clone(),
            Some(_) => Schema::unknown(),
            None => {
                // Stored workspace functions are invisible here; only a name that is nothing
                // we know is reported, and the rows after it are unknown.
                if crate::catalog::functions::function(name).is_none()
                    && crate::catalog::tables::parser_function(name).is_none()
                {
                    let range = call.syntax().children().next().map_or(node.range(), |n| n.range());
                    self.report(
                        crate::kql::semantic::FindingKind::UnknownFunction,
                        range,
                        format!("Unknown function `{name}`"),
                        None,
                    );
                }
                Schema::unknown()
            }
        }
    }
}

/// The right-side key names of `on a, $left.b == $right.c`: `a` and `c`.
fn right_keys<'a>(operator: Operator<'a>) -> Vec<std::borrow::Cow<'a, str>> {
    let Some(on) = operator.syntax().child_of_kind(SyntaxKind::OnClause) else { return Vec::new() };
    let mut keys = Vec::new();
    for key in on.children() {
        if matches!(key.kind(), SyntaxKind::NameRef | SyntaxKind::BracketedName) {
            keys.push(name_text(key));
            continue;
        }
        for member in key.descendants().filter(|n| n.kind() == SyntaxKind::MemberExpr) {
            let mut parts = member.children();
            if let (Some(side), Some(column)) = (parts.next(), parts.next())
                && name_text(side) == "$right"
            {
                keys.push(name_text(column));
            }
        }
    }
    keys
}
