//! ATT104: a technique id not written as `T1234` or `T1234.567`.

use crate::declare_lint;
use crate::lint::{LintContext, RuleDocument};

declare_lint! {
    /// A technique id that is not written `T1234` or `T1234.567`
    ///
    /// ## What it does
    /// Checks the format of every `relevantTechniques` entry: a capital `T`, four digits, and
    /// optionally a dot and three digits for a sub-technique. Lower case (`t1071`), short ids
    /// (`T107`), short sub-technique suffixes (`T1071.1`) and several ids in one string are
    /// reported, with the likely intended id when there is one.
    ///
    /// ## Why is this bad?
    /// The API rejects malformed ids ("The technique ... is invalid. The expected format is
    /// 'T####'"), and the ATT&CK checks cannot look them up.
    ///
    /// ## Example
    /// ```yaml
    /// relevantTechniques:
    ///   - t1071
    ///   - T1071.1
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// relevantTechniques:
    ///   - T1071
    ///   - T1071.001
    /// ```
    pub(crate) static INVALID_TECHNIQUE_ID = ("ATT104", "invalid-technique-id", Error);
}

pub(super) fn check(doc: &RuleDocument<'_>, ctx: &mut LintContext) {
    let items = super::string_items(doc, "relevantTechniques");
    // A fixed id the list holds already would be there twice.
    let listed = |id: &str| super::find_listed(&items, id, false).is_some();
    for &(id, node) in &items {
        // A scalar holding a comma-separated list is ATT101's finding; check its parts here.
        let scalar = doc.field("relevantTechniques").is_some_and(|n| std::ptr::eq(n, node));
        let parts: Vec<&str> =
            if scalar { id.split(',').map(str::trim).collect() } else { vec![id] };
        if !scalar && parts[0].contains(',') {
            report_list_in_one_item(ctx, node.range, id);
            continue;
        }
        for part in parts.into_iter().filter(|p| !super::is_technique_id(p)) {
            let diagnostic = ctx.report(
                &INVALID_TECHNIQUE_ID,
                node.range,
                format!("`{part}` is not a technique id"),
            );
            match normalised(part) {
                // A list item holding one id is replaced whole; a comma list is ATT101's.
                Some(fixed) if !scalar && !listed(&fixed) => {
                    diagnostic.set_help(format!("Write `{fixed}`"));
                    diagnostic.set_fix(node.range, fixed)
                }
                Some(fixed) => diagnostic.set_help(format!("Write `{fixed}`")),
                None => diagnostic.set_help("Write technique ids as `T1234` or `T1234.567`"),
            };
        }
    }
}

fn report_list_in_one_item(ctx: &mut LintContext, range: crate::source::TextRange, id: &str) {
    ctx.report(&INVALID_TECHNIQUE_ID, range, format!("`{id}` holds several technique ids"))
        .set_help("Write one technique id per list item");
}

/// The well-formed id a malformed one most likely means: upper-cased, trimmed, and with a
/// short sub-technique suffix zero-padded (`t1071.1` -> `T1071.001`).
fn normalised(id: &str) -> Option<String> {
    let upper = id.trim().to_ascii_uppercase();
    let fixed = match upper.split_once('.') {
        Some((technique, sub)) if (1..3).contains(&sub.len()) => format!("{technique}.{sub:0>3}"),
        _ => upper,
    };
    (super::is_technique_id(&fixed) && fixed != id).then_some(fixed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::checks::attack::testing::run;

    #[test]
    fn malformed_ids_are_errors_with_a_fix_when_obvious() {
        let yaml = "relevantTechniques:\n  - t1071\n  - T107\n  - T1071.1\n  - T1071.001\n";
        let found = run(yaml, check);
        let texts: Vec<&str> = found.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(texts, ["t1071", "T107", "T1071.1"]);
        assert_eq!(found[0].message, "`t1071` is not a technique id");
        assert_eq!(found[0].help.as_deref(), Some("Write `T1071`"));
        assert_eq!(found[0].fix.as_deref(), Some("T1071"));
        assert_eq!(found[2].fix, None, "`T1071.001` is listed already");
        assert_eq!(found[1].help.as_deref(), Some("Write technique ids as `T1234` or `T1234.567`"));
        assert_eq!(found[2].help.as_deref(), Some("Write `T1071.001`"));
    }

    #[test]
    fn several_ids_in_one_item() {
        let found = run("relevantTechniques:\n  - T1078, T1110\n", check);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, "`T1078, T1110` holds several technique ids");
    }

    #[test]
    fn scalar_lists_are_checked_part_by_part() {
        assert!(run("relevantTechniques: T1078, T1110\n", check).is_empty());
        let found = run("relevantTechniques: T1078, t1110\n", check);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, "`t1110` is not a technique id");
    }
}
