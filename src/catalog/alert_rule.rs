//! Small enumerations of the Sentinel `alertRules` API that rule files repeat verbatim.
//!
//! They are a handful of words that change with API versions rather than with content
//! releases, so they are written here by hand instead of being generated. The values are the
//! union over the API versions sentinelctl supports (the preview adds `SubTechniques`).
//!
//! See: azure-rest-api-specs `specification/securityinsights/resource-manager/
//! Microsoft.SecurityInsights/SecurityInsights/preview/2025-07-01-preview/AlertRules.json`
//! (`AlertProperty`, `MatchingMethod`, `AlertDetail`, `EventGroupingAggregationKind`).

/// `alertDetailsOverride.alertDynamicProperties[].alertProperty`.
pub const ALERT_PROPERTIES: &[&str] = &[
    "AlertLink",
    "ConfidenceLevel",
    "ConfidenceScore",
    "ExtendedLinks",
    "ProductName",
    "ProviderName",
    "ProductComponentName",
    "RemediationSteps",
    "Techniques",
    "SubTechniques",
];

/// `incidentConfiguration.groupingConfiguration.matchingMethod`.
pub const MATCHING_METHODS: &[&str] = &["AllEntities", "AnyAlert", "Selected"];

/// `incidentConfiguration.groupingConfiguration.groupByAlertDetails[]`.
pub const GROUP_BY_ALERT_DETAILS: &[&str] = &["DisplayName", "Severity"];

/// `eventGroupingSettings.aggregationKind`.
pub const AGGREGATION_KINDS: &[&str] = &["SingleAlert", "AlertPerResult"];
