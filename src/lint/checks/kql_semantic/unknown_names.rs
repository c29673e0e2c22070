//! KQL201–KQL204: unknown column, unknown function, unknown table and wrong argument count,
//! from the analyzer's findings.

use crate::declare_lint;
use crate::kql::semantic::{Finding, FindingKind};
use crate::lint::LintContext;
use crate::lint::checks::kql_semantic::Checked;
use crate::lint::registry::Lint;

declare_lint! {
    /// A column the query uses does not exist at that point of the query
    ///
    /// ## What it does
    /// Follows the columns through every operator, from the table schemas to the operator
    /// that uses a name, and reports a name no column has. Names are case-sensitive, as in
    /// Kusto; the message suggests a column that differs only in case or by a typo. After an
    /// unknown table, `evaluate bag_unpack` or anything else whose columns cannot be known,
    /// no column is reported.
    ///
    /// ## Why is this bad?
    /// The rule fails to save, or (inside `column_ifexists`-free filters) never fires.
    ///
    /// ## Example
    /// ```kql
    /// SigninLogs | where IpAddress == "10.0.0.1"
    /// ```
    ///
    /// Use instead:
    /// ```kql
    /// SigninLogs | where IPAddress == "10.0.0.1"
    /// ```
    pub(crate) static UNKNOWN_COLUMN = ("KQL201", "unknown-column", Error);
}

declare_lint! {
    /// A function the query calls is not a KQL function, a built-in or a `let`
    ///
    /// ## What it does
    /// Checks each called name against the KQL scalar and aggregate functions, the Sentinel
    /// built-ins (`_GetWatchlist`), the ASIM and solution parsers and the query's own `let`
    /// functions. Names are case-sensitive.
    ///
    /// ## Why is this bad?
    /// The query does not run: the rule cannot be saved.
    ///
    /// ## Example
    /// ```kql
    /// SigninLogs | extend u = to_lower(UserPrincipalName)
    /// ```
    ///
    /// Use instead:
    /// ```kql
    /// SigninLogs | extend u = tolower(UserPrincipalName)
    /// ```
    pub(crate) static UNKNOWN_FUNCTION = ("KQL202", "unknown-function", Error);
}

declare_lint! {
    /// The query reads a table the built-in and user schemas do not know
    ///
    /// ## What it does
    /// Reports a name used as a table that is neither a Log Analytics or Defender XDR table,
    /// a parser function, a user-supplied custom table nor a `let` binding. Its columns are
    /// then unknown, so nothing after it is checked. A warning only: the embedded schemas
    /// date from 2024–2025. A custom `*_CL` table without a schema (`--schemas`) is reported
    /// too, unless the rule lists it in `requiredDataConnectors[].dataTypes`: the rule then
    /// says where the table comes from, and only its columns go unchecked. In a standalone
    /// `.kql`/`.csl` file, which has no such list, every undescribed table is reported.
    ///
    /// ## Why is this bad?
    /// A misspelt table makes the rule fail to save; a table from a connector that is not
    /// installed makes it fail in that workspace.
    ///
    /// ## Example
    /// ```kql
    /// SigninLog | take 1
    /// ```
    ///
    /// Use instead:
    /// ```kql
    /// SigninLogs | take 1
    /// ```
    pub(crate) static UNKNOWN_TABLE = ("KQL203", "unknown-table", Warning);
}

declare_lint! {
    /// A function is called with the wrong number of arguments
    ///
    /// ## What it does
    /// Compares the number of arguments of each call with what the function accepts
    /// (catalogue functions and the query's own `let` functions).
    ///
    /// ## Why is this bad?
    /// The query does not run.
    ///
    /// ## Example
    /// ```kql
    /// SigninLogs | extend d = datetime_diff("day", TimeGenerated)
    /// ```
    ///
    /// Use instead:
    /// ```kql
    /// SigninLogs | extend d = datetime_diff("day", now(), TimeGenerated)
    /// ```
    pub(crate) static WRONG_ARGUMENT_COUNT = ("KQL204", "wrong-argument-count", Error);
}

fn lint_for(kind: FindingKind) -> &'static Lint {
    match kind {
        FindingKind::UnknownColumn => &UNKNOWN_COLUMN,
        FindingKind::UnknownFunction => &UNKNOWN_FUNCTION,
        FindingKind::UnknownTable => &UNKNOWN_TABLE,
        FindingKind::WrongArgumentCount => &WRONG_ARGUMENT_COUNT,
    }
}

/// Reports the analyzer's unknown names, except custom tables in `declared_custom` (the
/// rule's own `dataTypes`), whose columns then stay unchecked.
pub(super) fn check(
    checked: &Checked,
    declared_custom: &[&str],
    file_text: &str,
    ctx: &mut LintContext,
) {
    for finding in &checked.analysis.findings {
        if finding.kind == FindingKind::UnknownTable && declared_custom.contains(&finding.name()) {
            continue;
        }
        let range = checked.file_range(finding.range);
        let diagnostic = ctx.report(lint_for(finding.kind), range, &finding.message);
        if let Some(help) = &finding.help {
            diagnostic.set_help(help);
        }
        // A fix replaces the name as the file spells it; one written with escapes or across
        // lines of a quoted scalar is left to the author.
        let name = finding.name();
        let verbatim = file_text.get(range.start() as usize..range.end() as usize) == Some(name);
        let fix = finding.fix.as_deref().filter(|_| verbatim);
        if let Some(meant) =
            fix.filter(|meant| column_fix_is_certain(checked, finding, file_text, meant))
        {
            diagnostic.set_fix(range, meant);
        }
    }
}

/// Whether writing `meant` for an unknown column certainly keeps the query's meaning. A query
/// file's unknown name is often a parameter of the saved function it becomes, and a rule query
/// that spells both names (`Action has action`) uses them for different things, so neither is
/// fixed; other findings name catalogue tables and functions, whatever their case.
fn column_fix_is_certain(
    checked: &Checked,
    finding: &Finding,
    file_text: &str,
    meant: &str,
) -> bool {
    if finding.kind != FindingKind::UnknownColumn {
        return true;
    }
    let Some(query) = checked.rule_query_range() else { return false };
    let text = file_text.get(query.start() as usize..query.end() as usize).unwrap_or_default();
    !contains_identifier(text, meant)
}

/// Whether `text` holds `name` as a whole identifier.
fn contains_identifier(text: &str, name: &str) -> bool {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(name).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}
