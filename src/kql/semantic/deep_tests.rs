//! Deep and long queries, parsed and analyzed on a 2 MiB thread (what tests and many hosts
//! give a thread): nesting up to the parser's limit, and chains of any length that nest
//! without brackets, must fit, and still get their findings.

use crate::kql::semantic::{Analysis, FindingKind, UserSchemas, analyze};
use crate::kql::{MAX_NESTING, parse};

/// The stack of a spawned thread here; smaller than the 8 MiB of a main thread.
const SMALL_STACK: usize = 2 << 20;

/// Parses and analyzes `query` on a thread with [`SMALL_STACK`]; the query must parse.
fn analyze_on_small_stack(query: String) -> Analysis {
    let thread = std::thread::Builder::new().stack_size(SMALL_STACK).spawn(move || {
        let parse = parse(&query);
        assert_eq!(parse.errors(), [], "the query must parse");
        analyze(&parse, &UserSchemas::default())
    });
    thread.expect("spawn a thread").join().expect("analysis without a panic")
}

/// `open` repeated `depth` times around `inner`, each closed by `close`.
fn nest(open: &str, inner: &str, close: &str, depth: usize) -> String {
    format!("{}{inner}{}", open.repeat(depth), close.repeat(depth))
}

fn unknown_columns(analysis: &Analysis) -> Vec<&str> {
    let unknown = analysis.findings.iter().filter(|f| f.kind == FindingKind::UnknownColumn);
    unknown.map(|finding| finding.name()).collect()
}

#[test]
fn nesting_at_the_parser_limit_fits_a_small_stack() {
    let depth = MAX_NESTING;
    let queries = [
        format!("SigninLogs | where {}", nest("(", "Bogus == 1", ")", depth)),
        format!("SigninLogs | extend x = {}", nest("tostring(", "Bogus", ")", depth)),
        format!(
            "print x = {}",
            nest("toscalar(SigninLogs | where Bogus in (", "1", "))", depth / 2)
        ),
        format!(
            "SigninLogs | where UserPrincipalName in ({})",
            nest(
                "SigninLogs | where Bogus in (",
                "'a'",
                ") | project UserPrincipalName",
                depth - 1
            )
        ),
        format!("{} | where Bogus == 1", nest("let f = () { ", "SigninLogs", " }; f()", depth)),
        format!(
            "SigninLogs{}",
            nest(" | join (SigninLogs", " | where Bogus == 1", ") on UserPrincipalName", depth)
        ),
        format!(
            "SigninLogs | mv-apply x = Bogus on ({})",
            nest("mv-apply y = x on (", "take 1", ")", depth - 1)
        ),
    ];
    for query in queries {
        let analysis = analyze_on_small_stack(query.clone());
        let names = unknown_columns(&analysis);
        assert!(!names.is_empty() && names.iter().all(|name| *name == "Bogus"), "{query}");
    }
    let arrays = format!("print x = dynamic({})", nest("[", "1", "]", depth - 1));
    assert_eq!(analyze_on_small_stack(arrays).findings, []);
}

#[test]
fn chains_of_any_length_fit_a_small_stack() {
    let terms = 100_000;
    let or = vec!["UserPrincipalName == 'a'"; terms].join(" or ");
    let analysis = analyze_on_small_stack(format!("SigninLogs | where Bogus == 1 or {or}"));
    assert_eq!(unknown_columns(&analysis), ["Bogus"]);

    let sum = vec!["1"; terms].join(" + ");
    let analysis = analyze_on_small_stack(format!("SigninLogs | extend x = Bogus + {sum}"));
    assert_eq!(unknown_columns(&analysis), ["Bogus"]);

    let members = ".a".repeat(terms);
    let analysis = analyze_on_small_stack(format!("SigninLogs | extend x = Bogus{members}"));
    assert_eq!(unknown_columns(&analysis), ["Bogus"]);

    let indexes = "[0]".repeat(terms);
    let analysis = analyze_on_small_stack(format!("SigninLogs | extend x = Bogus{indexes}"));
    assert_eq!(unknown_columns(&analysis), ["Bogus"]);
}
