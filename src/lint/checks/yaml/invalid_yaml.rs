//! YML101: the file is not valid YAML.

use crate::declare_lint;

declare_lint! {
    /// File is not valid YAML
    ///
    /// ## What it does
    /// Reports the first place where the YAML parser gives up, with the most likely cause:
    /// text under `description: |` that is not indented, a query line indented less than the
    /// rest of the block, a key not lined up with the list item it belongs to, a backslash
    /// inside double quotes, a value starting with `{` that was meant as text. Also reports
    /// a file whose aliases (`*name`) would copy in more than 10,000 values: nested aliases
    /// grow exponentially, and no rule needs that many.
    ///
    /// ## Why is this bad?
    /// Nothing in the file can be checked or deployed. Lenient loaders sometimes accept such
    /// files and build a different rule from what the author wrote.
    ///
    /// ## Example
    /// ```yaml
    /// requiredDataConnectors:
    ///     - connectorId: MicrosoftThreatProtection
    ///     dataTypes:            # at the column of the `-`, not of `connectorId`
    ///         - DeviceFileCertificateInfo
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// requiredDataConnectors:
    ///   - connectorId: MicrosoftThreatProtection
    ///     dataTypes:
    ///       - DeviceFileCertificateInfo
    /// ```
    pub static INVALID_YAML = ("YML101", "invalid-yaml", Error);
}
