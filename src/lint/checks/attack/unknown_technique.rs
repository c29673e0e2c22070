//! ATT105: a well-formed technique id that the embedded ATT&CK data does not know.

use crate::catalog;
use crate::declare_lint;
use crate::lint::{LintContext, RuleDocument};

declare_lint! {
    /// A technique id missing from the embedded ATT&CK data
    ///
    /// ## What it does
    /// Looks every well-formed `relevantTechniques` id up in the ATT&CK Enterprise, Mobile and
    /// ICS data compiled into sentinelctl (see `sentinelctl --version` for the ATT&CK release).
    /// For a sub-technique whose parent exists, the message says so.
    ///
    /// ## Why is this bad?
    /// A typo in a technique id maps the rule to the wrong place in the MITRE coverage views,
    /// and the Azure-Sentinel validator fails on ids it does not know. This is a warning, not
    /// an error, because the id may come from an ATT&CK release newer than the embedded data.
    ///
    /// ## Example
    /// ```yaml
    /// relevantTechniques:
    ///   - T1999
    /// ```
    pub(crate) static UNKNOWN_TECHNIQUE = ("ATT105", "unknown-technique", Warning);
}

pub(super) fn check(doc: &RuleDocument<'_>, ctx: &mut LintContext) {
    for (id, node) in super::string_items(doc, "relevantTechniques") {
        // Scalars may hold several ids (ATT101); look each up.
        for id in id.split(',').map(str::trim).filter(|id| super::is_technique_id(id)) {
            if catalog::technique(id).is_some() {
                continue;
            }
            let version = catalog::attack_version();
            let message =
                match id.split_once('.').and_then(|(parent, _)| catalog::technique(parent)) {
                    Some(parent) => format!(
                        "`{id}` is not a sub-technique of `{}` ({}) in ATT&CK v{version}",
                        parent.id, parent.name
                    ),
                    None => format!("`{id}` is not a technique in ATT&CK v{version}"),
                };
            ctx.report(&UNKNOWN_TECHNIQUE, node.range, message).set_help(format!(
                "Check the id at attack.mitre.org; if it is newer than ATT&CK v{version}, \
                 refresh sentinelctl's reference data"
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::checks::attack::testing::run;

    #[test]
    fn unknown_ids_warn_and_name_the_data_version() {
        let found = run("relevantTechniques:\n  - T1999\n  - T1219\n  - T0816\n", check);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "T1999");
        assert_eq!(found[0].message, "`T1999` is not a technique in ATT&CK v18.1");
        assert_eq!(found[0].severity, crate::diagnostics::Severity::Warning);
    }

    #[test]
    fn unknown_sub_technique_names_its_parent() {
        let found = run("relevantTechniques:\n  - T1219.999\n", check);
        assert_eq!(
            found[0].message,
            "`T1219.999` is not a sub-technique of `T1219` (Remote Access Tools) in ATT&CK v18.1"
        );
    }

    #[test]
    fn malformed_ids_are_left_to_the_format_check() {
        assert!(run("relevantTechniques:\n  - t1999\n", check).is_empty());
    }
}
