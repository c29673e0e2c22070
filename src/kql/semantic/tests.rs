//! Column flow and findings on small queries, one behaviour per test.

use crate::kql::parse;
use crate::kql::semantic::{Analysis, FindingKind, UserSchemas, analyze};

fn run(query: &str) -> Analysis {
    analyze(&parse(query), &UserSchemas::default())
}

fn output(query: &str) -> String {
    let analysis = run(query);
    assert_eq!(analysis.findings, [], "{query}");
    analysis
        .output
        .map(|s| format!("{}{}", s.names_text(), if s.open { " +open" } else { "" }))
        .unwrap_or_default()
}

fn kinds(query: &str) -> Vec<(FindingKind, String)> {
    run(query).findings.into_iter().map(|f| (f.kind, f.message)).collect()
}

#[test]
fn project_extend_and_rename() {
    assert_eq!(
        output(
            "SigninLogs | extend U = tolower(UserPrincipalName) | project TimeGenerated, U, x = 1"
        ),
        "TimeGenerated, U, x"
    );
    assert_eq!(
        output("datatable(a:int, b:string)[1, 'x'] | project-rename c = a | project-away b"),
        "c"
    );
    assert_eq!(output("datatable(ab:int, ac:int, b:int)[] | project-keep a*"), "ab, ac");
}

#[test]
fn summarize_default_names() {
    assert_eq!(
        output(
            "SigninLogs | summarize count(), dcount(IPAddress), n = countif(true) by UserPrincipalName, bin(TimeGenerated, 1h)"
        ),
        "UserPrincipalName, TimeGenerated, count_, dcount_IPAddress, n"
    );
    let arg_max = output("datatable(a:int, b:string)[] | summarize arg_max(a, *) by b");
    assert_eq!(arg_max, "b, a");
    let any = output("datatable(a:int, b:string)[] | summarize any(*), make_set(a), take_any(b)");
    assert_eq!(any, "any_a, any_b, set_a, b");
}

#[test]
fn join_renames_right_duplicates() {
    let query = "datatable(Name:string, a:int)[] | join kind=inner (datatable(Name:string, b:int)[]) on Name";
    assert_eq!(output(query), "Name, a, Name1, b");
    let semi = "datatable(Name:string, a:int)[] | join kind=leftsemi (datatable(Name:string, b:int)[]) on Name";
    assert_eq!(output(semi), "Name, a");
}

#[test]
fn union_withsource_and_lets() {
    let query = "let T = datatable(a:int)[]; union withsource=Src T, (datatable(b:long)[])";
    assert_eq!(output(query), "a, b, Src");
    let clash = "union (datatable(d:string)[]), (datatable(d:dynamic)[])";
    assert_eq!(output(clash), "d_string, d_dynamic");
    let function = "let f = (t:(x:int)) { t | project y = x }; let T = datatable(x:int)[]; f(T)";
    assert_eq!(output(function), "y");
}

#[test]
fn parse_mv_expand_and_make_series() {
    assert_eq!(
        output("datatable(m:string)[] | parse m with 'a' A:int 'b' B | project A, B"),
        "A, B"
    );
    assert_eq!(output("datatable(d:dynamic)[] | mv-expand e = d | project e"), "e");
    let series = "datatable(t:datetime, k:string)[] | make-series n = count() on t step 1h by k";
    assert_eq!(output(series), "k, n, t");
}

#[test]
fn unknown_column_with_a_case_hint() {
    let findings = run("SigninLogs | where IpAddress == '1.2.3.4'").findings;
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].kind, FindingKind::UnknownColumn);
    assert_eq!(findings[0].help.as_deref(), Some("Did you mean `IPAddress`?"));
}

#[test]
fn unknown_table_is_open_and_quiet_after() {
    let found = kinds("NoSuchTable | where Anything == 1 | project Anything");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, FindingKind::UnknownTable);
    assert_eq!(kinds("SigninLogs | evaluate bag_unpack(DeviceDetail) | where x == 1"), []);
    // A custom table without a schema is unknown like any other; the lint check decides
    // whether the rule declared it.
    let custom = kinds("Custom_CL | where x == 1 | project y");
    assert_eq!(custom.len(), 1, "{custom:?}");
    assert_eq!(custom[0].1, "Unknown table `Custom_CL`; its columns are not checked");
}

#[test]
fn unknown_function_and_argument_count() {
    let found = kinds("SigninLogs | extend a = to_string(UserPrincipalName), b = tostring(1, 2)");
    let found: Vec<FindingKind> = found.into_iter().map(|(kind, _)| kind).collect();
    assert_eq!(found, [FindingKind::UnknownFunction, FindingKind::WrongArgumentCount]);
    let invoked = kinds("AWSCloudTrail | invoke NoSuchFunction() | where Anything == 1");
    assert_eq!(invoked.len(), 1, "{invoked:?}");
    assert_eq!(invoked[0].1, "Unknown function `NoSuchFunction`");
}

#[test]
fn watchlists_parsers_and_workspace() {
    assert_eq!(kinds("_GetWatchlist('vip') | where SearchKey == 'x' | project Anything"), []);
    assert_eq!(kinds("imNetworkSession | where SrcIpAddr == '1.2.3.4'"), []);
    let analysis = run("union AuditLogs, workspace('w').AuditLogs | take 1");
    assert_eq!(analysis.findings, []);
    assert_eq!(analysis.workspace_calls.len(), 1);
}

#[test]
fn lookbacks_resolve_let_bound_timespans() {
    let analysis =
        run("let lb = 30d; SigninLogs | where TimeGenerated > ago(lb) and TimeGenerated > ago(1h)");
    let seconds: Vec<f64> = analysis.lookbacks.iter().map(|l| l.seconds).collect();
    assert_eq!(seconds, [2_592_000.0, 3_600.0]);
    let unresolved = run("let lb = totimespan('1d'); SigninLogs | where TimeGenerated > ago(lb)");
    assert_eq!(unresolved.lookbacks, []);
}

#[test]
fn dynamic_member_access_is_typed_dynamic() {
    let analysis =
        run("AuditLogs | extend A = InitiatedBy.user.upn, B = tostring(InitiatedBy.user.ip)");
    let output = analysis.output.unwrap_or_default();
    let ty = |name: &str| output.column(name).map(|c| c.ty.name());
    assert_eq!((ty("A"), ty("B")), (Some("dynamic"), Some("string")));
}

const ROWS: &str = "datatable(a:string, b:string, e:dynamic, t:datetime)[]";

#[test]
fn unnamed_columns_are_named_as_kusto_names_them() {
    let project = format!("{ROWS} | project tostring(a), tolower(b), strlen(a), e.x, toupper(b)");
    assert_eq!(output(&project), "a, Column1, strlen_a, e_x, Column2");
    let aggregates = format!(
        "{ROWS} | summarize count(a), make_set(tostring(e.y)), dcount(tolower(b)), \
         percentile(strlen(a), 95) by bin(t, 1h)"
    );
    assert_eq!(output(&aggregates), "t, count_a, set_e_y, dcount_, percentile_strlen_a_95");
    let series = format!("{ROWS} | extend series_stats(e) | project series_stats_e_avg");
    assert_eq!(output(&series), "series_stats_e_avg");
    let named_inside = format!("{ROWS} | distinct bin(Ingested = t, 1h)");
    assert_eq!(output(&named_inside), "Ingested");
}

#[test]
fn ipv4_lookup_key_is_a_column_of_the_lookup_table() {
    let query = "let R = datatable(network:string, tag:string)[]; \
                 datatable(ip:string)[] | evaluate ipv4_lookup(R, ip, network) | project ip, tag";
    assert_eq!(output(query), "ip, tag");
    assert_eq!(
        kinds(
            "let R = datatable(n:string)[]; datatable(ip:string)[] | evaluate ipv4_lookup(R, ip, m)"
        )
        .len(),
        1
    );
}

#[test]
fn lookup_drops_right_keys_and_renames_duplicates() {
    let query = "datatable(k:string, v:int)[] | lookup (datatable(k:string, v:int, w:int)[]) on k";
    assert_eq!(output(query), "k, v, v1, w");
}

#[test]
fn a_projection_is_exact_even_over_unknown_rows() {
    let found = kinds("NoSuchTable | project A | summarize by A, B");
    let found: Vec<&str> = found.iter().map(|(_, message)| message.as_str()).collect();
    assert_eq!(
        found,
        ["Unknown table `NoSuchTable`; its columns are not checked", "Unknown column `B`"]
    );
}

#[test]
fn functions_with_row_parameters_pass_extra_columns_through() {
    let pass = "let f = (T:(a:string)) { T | extend b = a }; \
                datatable(a:string, c:int)[] | invoke f() | project b, c";
    assert_eq!(output(pass), "b, c");
    let reshape = "let f = (T:(a:string)) { T | summarize n = count() }; \
                   datatable(a:string)[] | invoke f() | project x";
    assert_eq!(kinds(reshape).len(), 1);
}

#[test]
fn scalar_lets_and_source_arguments_see_no_row() {
    let found =
        kinds("let start = startofday(_fromStartTime); SigninLogs | where TimeGenerated > start");
    assert_eq!(found, [(FindingKind::UnknownColumn, "Unknown column `_fromStartTime`".to_owned())]);
    assert_eq!(
        kinds("arg(\"\").Resources | where type == 'x'"),
        [],
        "Azure Resource Graph is opaque"
    );
}
