//! Snapshot tests of the syntax errors reported for a set of broken queries: code, range,
//! message and help, with the offending line underlined, so a change in wording or position
//! shows up in review.

use std::fmt::Write as _;

use crate::kql::{SyntaxError, parse};

/// Renders each query with its errors, one block per query.
fn render(queries: &[&str]) -> String {
    let mut out = String::new();
    for query in queries {
        let errors = parse(query).into_errors();
        let _ = writeln!(out, "query: {query:?}");
        if errors.is_empty() {
            out.push_str("  no errors\n");
        }
        for error in &errors {
            render_error(&mut out, query, error);
        }
        out.push('\n');
    }
    out
}

fn render_error(out: &mut String, query: &str, error: &SyntaxError) {
    let start = error.range.start() as usize;
    let line_start = query[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = query[start..].find('\n').map_or(query.len(), |i| start + i);
    let column = query[line_start..start].chars().count();
    let width = query
        .get(start..(error.range.end() as usize).min(line_end))
        .map_or(0, |s| s.chars().count());
    let _ = writeln!(out, "  {} {:?}: {}", error.kind.code(), error.range, error.message);
    if let Some(help) = &error.help {
        let _ = writeln!(out, "    help: {help}");
    }
    let _ = writeln!(out, "    | {}", &query[line_start..line_end]);
    let _ = writeln!(out, "    | {}{}", " ".repeat(column), "^".repeat(width.max(1)));
}

#[test]
fn lexical_errors() {
    insta::assert_snapshot!(render(&[
        "SigninLogs | where UserPrincipalName == 'alice@contoso.com\n| take 10",
        "DeviceEvents | where ActionType == “AntivirusDetection”",
        r#"DeviceProcessEvents | where ProcessCommandLine matches regex "\d{4,}""#,
        "T | where x == 1 \\ 2",
        "print x = ```never closed",
    ]));
}

#[test]
fn statement_errors() {
    insta::assert_snapshot!(render(&[
        "let lookback = 1d\nSigninLogs | where TimeGenerated > ago(lookback)",
        "SigninLogs | take 1\n\nAuditLogs | take 1",
        "| where TimeGenerated > ago(1d)",
        "SigninLogs;;",
        "let threshold = ;\nT | where n > threshold",
        "T | summarize count() by A)\n| take 1",
        "let f = (x:int) { T | take x;\nf(1)",
    ]));
}

#[test]
fn operator_errors() {
    insta::assert_snapshot!(render(&[
        "SigninLogs | sorty by TimeGenerated",
        "T | take 1 |",
        "T | | where x",
        "T | project TimeGenerated UserPrincipalName",
        "T | summarize count( by User",
        "T | join kind=inner (T2 | where x on Id",
        "T | mv-apply x on (take 1",
        "T | parse Message with * \"id=\" Id:int \" \" ) rest",
        "T | where ResultType in ('50126', )",
        "T | where x in ()",
        "T | where FileName has_all has_any ('a')",
    ]));
}

#[test]
fn expression_errors() {
    insta::assert_snapshot!(render(&[
        "T | extend Country = LocationDetails.",
        "T | where a == ",
        "T | extend x = (1 + 2",
        "T | project string",
        "let d = dynamic([\"a\", ]);",
        "T | where a between (1 2)",
        "T | where x matches \"a\"",
        "T | extend y = f(1 2)",
    ]));
}

#[test]
fn several_errors_are_reported_and_valid_queries_have_none() {
    let errors = parse("T | where a == | extend b = (1 | project c d").into_errors();
    assert!(errors.len() >= 3, "{errors:?}");
    let valid = [
        "let f = (T:(*), n:int = 5) { T | take n };\nf(SigninLogs)",
        "T | join kind=leftouter hint.strategy=broadcast (T2) on $left.A == $right.B",
        "T | summarize arg_max(TimeGenerated, *) by bin(TimeGenerated, 1h), ['User name']",
        "T | mv-expand with_itemindex=i x to typeof(string) limit 10",
        "T | mv-apply e = Entities on (where e.Type == 'account' | take 1)",
        "T | parse kind=regex flags=Ui Message with * \"id=\" Id:int \" \" Rest",
        "T | make-series n = count() default = 0 on TimeGenerated from ago(7d) to now() step 1h",
        "T | top-nested 3 of A by count(), top-nested 2 of B with others = 'x' by sum(n) desc",
        "T | evaluate bag_unpack(Properties, columnsConflict='replace_source')",
        "T | render timechart with (title = 'x', ysplit = panels)",
        "T | scan declare (s: string = '') with (step a: x > 1 => s = 'a'; step b: x < 1;)",
        "datatable(a:string, b:int) ['x', 1, 'y', 2,] | as hint.materialized=true D",
        "externaldata(a:string) [@'https://x/y.csv'] with (format='csv', ignoreFirstRecord=true)",
        "union isfuzzy=true withsource=Table Device*, (T | take 1), workspace('w').SigninLogs",
        "range x from 1 to 10 step 1 | partition hint.strategy=native by x (top 1 by x)",
        "T | fork (where a > 1) (summarize count()) | facet by a, b with (take 1)",
        "set query_now = datetime(2024-01-01);\ndeclare query_parameters(p:string = 'x');\nprint p",
        "T | where * has 'x' and a !in~ ('a', 'b') and b !between (1 .. 2)",
        "T | where c matches regex @'\\d' and d has_any (dynamic(['a']))",
        "T | extend d = dynamic({\"a\": [1, -2.5, null, true], \"b\": {}}), t = 1.5h",
        "print g = guid(00000000-0000-0000-0000-000000000000), d = datetime(2024-01-01 10:00)",
    ];
    for query in valid {
        assert_eq!(parse(query).errors(), [], "{query}");
    }
}

#[test]
fn messages_follow_the_house_convention() {
    let broken = [
        "let x = ;",
        "T | sorty",
        "T | where (a",
        "'x",
        "T | project a b",
        "“",
        "T |",
        ")",
        "T | where x in ()",
        "dynamic([1,])",
        "print \"\\q\"",
        "T | project string",
        ";",
    ];
    for query in broken {
        for error in parse(query).errors() {
            let first = error.message.chars().next().unwrap_or(' ');
            assert!(first.is_uppercase(), "{:?}", error.message);
            assert!(!error.message.ends_with('.'), "{:?}", error.message);
        }
    }
}

#[test]
fn deep_nesting_is_reported_not_overflowed() {
    let query = format!("print {}1{}", "(".repeat(5000), ")".repeat(5000));
    let parse = parse(&query);
    assert!(parse.errors().iter().any(|e| e.kind == crate::kql::SyntaxErrorKind::NestingTooDeep));
    assert_eq!(parse.syntax().text(), query);
}

#[test]
fn limit_errors() {
    let deep = format!("print {}1{}", "(".repeat(101), ")".repeat(101));
    let many = format!("T | take 1 {}", ")".repeat(25));
    insta::assert_snapshot!(render(&[&deep, &many]));
}
