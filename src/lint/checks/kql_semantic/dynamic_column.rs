//! KQL206: an entity mapped to a column of type `dynamic`.

use crate::catalog::tables::ScalarType;
use crate::declare_lint;
use crate::lint::checks::kql_semantic::Checked;
use crate::lint::checks::kql_semantic::output_column::column_refs;
use crate::lint::{LintContext, RuleDocument};

declare_lint! {
    /// An entity identifier is mapped to a column of type `dynamic`
    ///
    /// ## What it does
    /// Infers the type of each output column and warns when an entity mapping names one of
    /// type `dynamic` (for example `InitiatedBy.user.userPrincipalName`). A warning, because
    /// type inference is light; when the type is not known nothing is reported.
    ///
    /// ## Why is this bad?
    /// Rule creation fails with "Entity mapping conflict - make sure you choose the correct
    /// property type".
    ///
    /// ## Example
    /// ```kql
    /// AuditLogs | extend Actor = InitiatedBy.user.userPrincipalName
    /// ```
    ///
    /// Use instead:
    /// ```kql
    /// AuditLogs | extend Actor = tostring(InitiatedBy.user.userPrincipalName)
    /// ```
    pub(crate) static DYNAMIC_MAPPED_COLUMN = ("KQL206", "dynamic-mapped-column", Warning);
}

pub(super) fn check(doc: &RuleDocument<'_>, checked: &Checked, ctx: &mut LintContext) {
    let Some(output) = checked.analysis.output.as_ref() else { return };
    for reference in column_refs(doc).into_iter().filter(|r| r.is_entity) {
        let Some(column) = output.column(&reference.column) else { continue };
        if column.ty != ScalarType::Dynamic {
            continue;
        }
        let message = format!(
            "`{}` maps column `{}` of type `dynamic`; wrap it with `tostring()` in the query",
            reference.place, reference.column
        );
        ctx.report(&DYNAMIC_MAPPED_COLUMN, reference.node.range, message).set_help(format!(
            "Use `extend {0} = tostring(...)` for the column the mapping names",
            reference.column
        ));
    }
}
