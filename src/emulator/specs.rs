//! The vendored OpenAPI files, compiled in, and which definition validates which request.
//!
//! Files are keyed by their path below `vendor/arm-specs/`, which mirrors the upstream
//! repository, so the relative `$ref`s inside them resolve by plain path arithmetic. The
//! `examples/` are vendored too but only the tests read them.

/// Embeds a vendored file under its key.
macro_rules! spec {
    ($path:literal) => {
        ($path, include_str!(concat!("../../vendor/arm-specs/", $path)))
    };
}

const SI: &str = "securityinsights/specification/securityinsights/resource-manager/Microsoft.SecurityInsights/SecurityInsights";

/// Every vendored spec file: (key, text).
#[rustfmt::skip]
pub(crate) const FILES: &[(&str, &str)] = &[
    spec!("securityinsights/specification/securityinsights/resource-manager/Microsoft.SecurityInsights/SecurityInsights/stable/2025-09-01/AlertRules.json"),
    spec!("securityinsights/specification/securityinsights/resource-manager/Microsoft.SecurityInsights/SecurityInsights/stable/2025-09-01/Metadata.json"),
    spec!("securityinsights/specification/securityinsights/resource-manager/Microsoft.SecurityInsights/SecurityInsights/stable/2025-09-01/common/AlertTypes.json"),
    spec!("securityinsights/specification/securityinsights/resource-manager/Microsoft.SecurityInsights/SecurityInsights/stable/2025-09-01/common/ContentCommonTypes.json"),
    spec!("securityinsights/specification/securityinsights/resource-manager/Microsoft.SecurityInsights/SecurityInsights/preview/2025-07-01-preview/AlertRules.json"),
    spec!("securityinsights/specification/securityinsights/resource-manager/Microsoft.SecurityInsights/SecurityInsights/preview/2025-07-01-preview/common/AlertTypes.json"),
    spec!("securityinsights/specification/securityinsights/resource-manager/Microsoft.SecurityInsights/SecurityInsights/common/2.0/types.json"),
    spec!("securityinsights/specification/common-types/resource-management/v5/types.json"),
    spec!("operationalinsights/specification/operationalinsights/resource-manager/Microsoft.OperationalInsights/OperationalInsights/stable/2025-02-01/SavedSearches.json"),
];

/// Files referenced but not vendored, and the vendored file that stands in for them (see
/// `vendor/arm-specs/README.md`: v1 and v5 `ProxyResource` have the same read-only fields).
pub(crate) const SUBSTITUTES: &[(&str, &str)] = &[(
    "operationalinsights/specification/common-types/resource-management/v1/types.json",
    "securityinsights/specification/common-types/resource-management/v5/types.json",
)];

/// A kind of request body the emulator validates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BodyKind {
    AlertRule,
    Metadata,
    SavedSearch,
}

/// (body kind, api-version) → (spec file, root definition). The version list of a kind is
/// what the emulator accepts; anything else gets ARM's `InvalidApiVersionParameter`.
pub(crate) fn definitions() -> Vec<(BodyKind, &'static str, String, &'static str)> {
    vec![
        (BodyKind::AlertRule, "2025-09-01", format!("{SI}/stable/2025-09-01/AlertRules.json"), "AlertRule"),
        (BodyKind::AlertRule, "2025-07-01-preview", format!("{SI}/preview/2025-07-01-preview/AlertRules.json"), "AlertRule"),
        (BodyKind::Metadata, "2025-09-01", format!("{SI}/stable/2025-09-01/Metadata.json"), "MetadataModel"),
        (
            BodyKind::SavedSearch,
            "2025-02-01",
            "operationalinsights/specification/operationalinsights/resource-manager/Microsoft.OperationalInsights/OperationalInsights/stable/2025-02-01/SavedSearches.json".to_owned(),
            "SavedSearch",
        ),
    ]
}

/// The text of a vendored file, following [`SUBSTITUTES`].
pub(crate) fn file(key: &str) -> Option<&'static str> {
    let key = SUBSTITUTES
        .iter()
        .find(|(missing, _)| *missing == key)
        .map_or(key, |(_, substitute)| substitute);
    FILES.iter().find(|(k, _)| *k == key).map(|(_, text)| *text)
}

/// Resolves `relative` (a `$ref` file part) against the folder of `base`.
pub(crate) fn join(base: &str, relative: &str) -> String {
    let mut parts: Vec<&str> = base.split('/').collect();
    parts.pop();
    for part in relative.split('/') {
        match part {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_is_json_and_refs_resolve() {
        for (key, text) in FILES {
            let value: serde_json::Value =
                serde_json::from_str(text).unwrap_or_else(|e| panic!("{key}: {e}"));
            let mut refs = Vec::new();
            collect_refs(&value, &mut refs);
            for reference in refs {
                let file_part = reference.split('#').next().unwrap_or("");
                // Only definitions are converted; parameters and examples are not needed.
                if file_part.is_empty()
                    || file_part.contains("examples/")
                    || reference.contains("#/parameters/")
                {
                    continue;
                }
                assert!(file(&join(key, file_part)).is_some(), "{key}: unresolved {reference}");
            }
        }
    }

    fn collect_refs(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                if let Some(r) = map.get("$ref").and_then(|r| r.as_str()) {
                    out.push(r.to_owned());
                }
                map.values().for_each(|v| collect_refs(v, out));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
            _ => {}
        }
    }

    #[test]
    fn join_walks_up() {
        assert_eq!(join("a/b/c/f.json", "../../x/y.json"), "a/x/y.json");
        assert_eq!(join("a/b/f.json", "./common/t.json"), "a/b/common/t.json");
    }
}
