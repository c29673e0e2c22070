//! ATT106: a technique ATT&CK has revoked or deprecated.

use crate::catalog::{self, Status, Technique};
use crate::declare_lint;
use crate::lint::{LintContext, RuleDocument};
use crate::source::TextRange;

declare_lint! {
    /// A technique that ATT&CK has revoked or deprecated
    ///
    /// ## What it does
    /// Reports `relevantTechniques` ids that ATT&CK has revoked (replaced by another
    /// technique, which the message names) or deprecated (withdrawn without replacement).
    ///
    /// ## Why is this bad?
    /// Retired ids no longer appear in the ATT&CK matrix, so the rule counts towards nothing in
    /// coverage reports. `T1086` (PowerShell), for example, is now `T1059.001`.
    ///
    /// ## Example
    /// ```yaml
    /// relevantTechniques:
    ///   - T1086
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// relevantTechniques:
    ///   - T1059.001
    /// ```
    pub(crate) static RETIRED_TECHNIQUE = ("ATT106", "retired-technique", Warning);
}

pub(super) fn check(doc: &RuleDocument<'_>, ctx: &mut LintContext) {
    let items = super::string_items(doc, "relevantTechniques");
    // A replacement the list holds already (in any case) would be there twice.
    let listed = |id: &str| super::find_listed(&items, id, true).is_some();
    for &(text, node) in &items {
        for id in text.split(',').map(str::trim) {
            if let Some(technique) = catalog::technique(id).filter(|t| !t.is_active()) {
                report(ctx, node.range, technique);
                // The replacement is a fix when the item holds this id alone.
                let replacement =
                    technique.replacement().filter(|new| text.trim() == id && !listed(new.id));
                if let (Some(new), Some(diagnostic)) = (replacement, ctx.last_mut()) {
                    diagnostic.set_fix(node.range, new.id);
                }
            }
        }
    }
}

fn report(ctx: &mut LintContext, range: TextRange, technique: &Technique) {
    let (id, name) = (technique.id, technique.name);
    match (technique.status, technique.replacement()) {
        (Status::Revoked, Some(new)) => {
            ctx.report(
                &RETIRED_TECHNIQUE,
                range,
                format!(
                    "`{id}` ({name}) is revoked in ATT&CK and replaced by `{}` ({})",
                    new.id, new.name
                ),
            )
            .set_help(format!("Replace `{id}` with `{}`", new.id));
        }
        (Status::Revoked, None) => {
            ctx.report(&RETIRED_TECHNIQUE, range, format!("`{id}` ({name}) is revoked in ATT&CK"))
                .set_help(format!("Replace `{id}` with a current technique"));
        }
        _ => {
            ctx.report(
                &RETIRED_TECHNIQUE,
                range,
                format!("`{id}` ({name}) is deprecated in ATT&CK, with no replacement"),
            )
            .set_help(format!("Remove `{id}` or map the rule to a current technique"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::checks::attack::testing::run;

    #[test]
    fn revoked_names_the_replacement() {
        let found = run("relevantTechniques:\n  - T1086\n  - T1059.001\n", check);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "T1086");
        assert_eq!(
            found[0].message,
            "`T1086` (PowerShell) is revoked in ATT&CK and replaced by `T1059.001` (PowerShell)"
        );
        assert_eq!(found[0].help.as_deref(), Some("Replace `T1086` with `T1059.001`"));
        assert_eq!(found[0].fix, None, "the replacement is listed already");
        let alone = run("relevantTechniques:\n  - T1086\n", check);
        assert_eq!(alone[0].fix.as_deref(), Some("T1059.001"));
    }

    #[test]
    fn deprecated_says_there_is_no_replacement() {
        let found = run("relevantTechniques:\n  - T1043\n", check);
        assert_eq!(
            found[0].message,
            "`T1043` (Commonly Used Port) is deprecated in ATT&CK, with no replacement"
        );
    }
}
