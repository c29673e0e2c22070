//! The names Kusto gives columns nobody named: `tostring(x)` keeps `x`, `strlen(x)` becomes
//! `strlen_x`, `make_set(x)` becomes `set_x`, `series_stats(x)` adds seven `series_stats_x_*`
//! columns, anything else is `Column1`, `Column2`...
//!
//! The rules are Kusto.Language's (each built-in function has a result-name kind); only the
//! functions whose kind is not "no natural name" are listed here.

use crate::kql::SyntaxKind;
use crate::kql::ast::{AstNode, CallExpr};
use crate::kql::semantic::expr::name_text;
use crate::kql::tree::SyntaxNode;

/// Scalar functions whose result is named after their first argument (`tostring(x)` → `x`).
const FIRST_ARGUMENT: &[&str] = &[
    "split",
    "tostring",
    "tohex",
    "todynamic",
    "toobject",
    "tolong",
    "toint",
    "toreal",
    "todouble",
    "todatetime",
    "totimespan",
    "totime",
    "tobool",
    "toboolean",
    "todecimal",
    "toguid",
    "parse_csv",
    "parsejson",
    "parse_json",
    "parse_xml",
    "format_datetime",
    "format_timespan",
    "startofday",
    "bin",
    "floor",
    "bin_at",
    "bin_auto",
    "binary_and",
    "binary_or",
    "binary_xor",
    "binary_not",
    "binary_shift_right",
    "binary_shift_left",
    "bitset_count_ones",
    "series_fir",
    "series_outliers",
    "series_iir",
    "series_fill_backward",
    "series_fill_forward",
    "series_fill_const",
    "series_fill_linear",
    "round",
    "ceiling",
    "pow",
    "sqrt",
    "log",
    "log2",
    "log10",
    "exp",
    "exp2",
    "exp10",
    "cos",
    "sin",
    "tan",
    "acos",
    "asin",
    "atan",
    "atan2",
    "abs",
    "rand",
    "gamma",
    "loggamma",
    "erf",
    "erfc",
    "format_bytes",
    // Aggregates of the same kind.
    "passthrough",
    "binary_all_or",
    "binary_all_and",
    "binary_all_xor",
    "take_anyif",
];

/// Functions named `prefix_argument` (`strlen(x)` → `strlen_x`, `make_set(x)` → `set_x`).
const PREFIX_AND_FIRST_ARGUMENT: &[(&str, &str)] = &[
    ("strlen", "strlen"),
    ("string_size", "string_size"),
    ("percentile_tdigest", "percentile_tdigest"),
    ("dcount_hll", "dcount_hll"),
    ("gettype", "type"),
    ("treepath", "tree"),
    ("repeat", "repeat"),
    ("percentiles_array_tdigest", "percentile_tdigest"),
    ("sum", "sum"),
    ("sumif", "sumif"),
    ("cnt", "cnt"),
    ("count", "count"),
    ("countif", "countif"),
    ("dcount", "dcount"),
    ("dcountif", "dcountif"),
    ("tdigest", "tdigest"),
    ("tdigest_merge", "merge_tdigests"),
    ("merge_tdigest", "merge_tdigests"),
    ("hll", "hll"),
    ("hll_if", "hll_if"),
    ("hll_merge", "hll_merge"),
    ("min", "min"),
    ("minif", "minif"),
    ("max", "max"),
    ("maxif", "maxif"),
    ("avg", "avg"),
    ("avgif", "avgif"),
    ("makelist", "list"),
    ("make_list", "list"),
    ("make_list_if", "list"),
    ("make_list_with_nulls", "list"),
    ("makeset", "set"),
    ("make_set", "set"),
    ("make_set_if", "set"),
    ("make_dictionary", "dictionary"),
    ("make_bag", "bag"),
    ("make_bag_if", "bag"),
    ("buildschema", "schema"),
    ("count_distinct", "count_distinct"),
    ("count_distinctif", "count_distinctif"),
    ("stdev", "stdev"),
    ("stdevif", "stdevif"),
    ("stdevp", "stdevp"),
    ("variance", "variance"),
    ("varianceif", "varianceif"),
    ("variancep", "variancep"),
    ("variancepif", "variancepif"),
    ("covariance", "covariance"),
    ("covarianceif", "covarianceif"),
    ("covariancep", "covariancep"),
    ("covariancepif", "covariancepif"),
    ("any", "any"),
    ("anyif", "anyif"),
];

/// Series functions that return several columns, each `function_argument_suffix`.
const SERIES_COLUMNS: &[(&str, &[&str])] = &[
    ("series_stats", &["min", "min_idx", "max", "max_idx", "avg", "stdev", "variance"]),
    ("series_decompose_anomalies", &["ad_flag", "ad_score", "baseline"]),
    ("series_decompose", &["baseline", "seasonal", "trend", "residual"]),
    ("series_decompose_forecast", &["baseline", "seasonal", "trend", "residual"]),
    ("series_fit_line", &["rsquare", "slope", "variance", "rvariance", "interception", "line_fit"]),
    (
        "series_fit_2lines",
        &[
            "rsquare",
            "split_idx",
            "variance",
            "rvariance",
            "line_fit",
            "right_rsquare",
            "right_slope",
            "right_interception",
            "right_variance",
            "right_rvariance",
            "left_rsquare",
            "left_slope",
            "left_interception",
            "left_variance",
            "left_rvariance",
        ],
    ),
    ("series_periods_detect", &["periods", "scores"]),
    ("series_periods_validate", &["periods", "scores"]),
];

/// The column name Kusto gives a bare expression, if it has a natural one: a column keeps
/// its name, `a.b` becomes `a_b`, calls follow their function's rule.
pub(super) fn expression_name(node: SyntaxNode<'_>) -> Option<String> {
    match node.kind() {
        SyntaxKind::NameRef | SyntaxKind::BracketedName => Some(name_text(node).into_owned()),
        SyntaxKind::MemberExpr | SyntaxKind::IndexExpr => {
            let mut name = String::new();
            for part in node
                .descendants()
                .filter(|n| matches!(n.kind(), SyntaxKind::NameRef | SyntaxKind::Literal))
            {
                if !name.is_empty() {
                    name.push('_');
                }
                name.push_str(&name_text(part));
            }
            (!name.is_empty()).then_some(name)
        }
        SyntaxKind::ParenExpr => node.children().next().and_then(expression_name),
        // `bin(Ingested = ingestion_time(), 1h)`: the inner assignment names the result.
        SyntaxKind::NamedArg | SyntaxKind::Assignment => {
            node.child_of_kind(SyntaxKind::Name).map(|name| name_text(name).into_owned())
        }
        SyntaxKind::CallExpr => call_name(CallExpr::cast(node)?),
        _ => None,
    }
}

fn call_name(call: CallExpr<'_>) -> Option<String> {
    let function = call.name()?;
    let first = || call.args().next().and_then(expression_name);
    if FIRST_ARGUMENT.contains(&function) {
        return first();
    }
    if let Some(prefix) = prefix_of(function) {
        return Some(format!("{prefix}_{}", first().unwrap_or_default()));
    }
    match function {
        "make_datetime" | "make_timespan" if call.args().count() == 1 => first(),
        "column_ifexists" | "columnifexists" => {
            let arg = call.args().next()?;
            (arg.kind() == SyntaxKind::Literal).then(|| name_text(arg).into_owned())
        }
        "ingestion_time" => Some("$IngestionTime".to_owned()),
        _ => None,
    }
}

fn prefix_of(function: &str) -> Option<&'static str> {
    PREFIX_AND_FIRST_ARGUMENT.iter().find(|(name, _)| *name == function).map(|(_, prefix)| *prefix)
}

/// The columns a bare call to a multi-column series function adds (`series_stats(x)` →
/// `series_stats_x_min`, ...); `None` for any other expression.
pub(super) fn series_columns(node: SyntaxNode<'_>) -> Option<Vec<String>> {
    let call = CallExpr::cast(node)?;
    let function = call.name()?;
    let (_, suffixes) = SERIES_COLUMNS.iter().find(|(name, _)| *name == function)?;
    let argument = call.args().next().and_then(expression_name).unwrap_or_default();
    Some(suffixes.iter().map(|suffix| format!("{function}_{argument}_{suffix}")).collect())
}

/// The names `percentile(x, 95)` / `percentiles(x, 50, 95.5)` give their results:
/// `percentile_x_95`, `percentile_x_95_5`.
pub(super) fn percentile_names(call: CallExpr<'_>) -> Vec<String> {
    let column = call.args().next().and_then(expression_name).unwrap_or_default();
    call.args()
        .skip(1)
        .map(|level| format!("percentile_{column}_{}", level.text().trim().replace('.', "_")))
        .collect()
}
