//! YAML findings for each kind of fault from the public bug-report cases, plus the variants
//! of the same fault the cases stand for.

use crate::lint::testing::{Finding, lint_fixture, lint_text, with_prefix};

fn at(findings: &[Finding]) -> Vec<(&'static str, u32, u32)> {
    findings.iter().map(|f| (f.code, f.line, f.column)).collect()
}

#[test]
fn case_028_tab_indentation_is_fatal_and_trailing_tab_warns() {
    let findings = lint_fixture("cases/028-yaml-tabs/rule.yaml");
    assert_eq!(at(&findings), [("YML104", 17, 10), ("YML102", 24, 1)]);
    assert!(findings[1].message.contains("Tab character used for indentation"));
}

#[test]
fn tab_indentation_anywhere_in_a_mapping_is_found() {
    let findings = lint_text("r.yaml", "id: x\nquery: |\n  T\nmetadata:\n\tsource: x\n");
    assert_eq!(at(&findings)[0], ("YML102", 5, 1));
}

#[test]
fn tabs_inside_a_query_block_are_content() {
    let findings = lint_text("r.yaml", "id: x\nquery: |\n  T\n  |\twhere x == 1\t\n");
    assert_eq!(with_prefix(&findings, "YML"), []);
}

#[test]
fn tabs_on_the_first_line_of_a_block_are_content_too() {
    for text in [
        "id: x\nquery: |\n  \tT\n  | take 1\n",
        "id: x\nquery: |-\n  T\t\nname: n\n",
        "id: x\ndescription: >\n    \t two\t\n    words\nname: n\n",
    ] {
        let findings = lint_text("r.yaml", text);
        assert_eq!(with_prefix(&findings, "YML"), [], "{text:?}");
    }
    let findings = lint_text("r.yaml", "id: x\nquery: |\t\n  T\n");
    assert_eq!(at(&with_prefix(&findings, "YML104")), [("YML104", 2, 9)]);
}

#[test]
fn case_029_unindented_block_scalar_text() {
    let findings = lint_fixture("cases/029-yaml-block-scalar-unindented/rule.yaml");
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].code, "YML101");
    assert!(matches!(findings[0].line, 4 | 5));
    assert!(!findings.iter().any(|f| f.message.contains("description")));
    assert_eq!(findings[0].message, "Invalid YAML: expected `:` after the key on this line");
}

/// The one YAML finding of `text`, with its help.
fn only_yaml_error(text: &str) -> (u32, u32, String, String) {
    let mut sources = crate::source::SourceDb::new();
    let id = sources.add(crate::source::SourceFile::new("r.yaml", text));
    let settings = crate::lint::runner::LintSettings::default();
    let (diagnostics, _) = crate::lint::runner::lint_source(&mut sources, id, &settings);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let at = sources.get(id).line_col(diagnostics[0].range.start());
    let help = diagnostics[0].help.clone().unwrap_or_default();
    (at.line, at.column, diagnostics[0].message.clone(), help)
}

#[test]
fn parser_messages_are_in_plain_english_with_a_hint() {
    let (line, column, message, help) = only_yaml_error("id: x\nname: Rule: one\nquery: T\n");
    assert_eq!((line, column), (2, 11));
    assert_eq!(message, "Invalid YAML: a `:` is not allowed here");
    assert!(help.starts_with("Quote a value that contains `: `"), "{help}");
    let (line, _, message, help) = only_yaml_error("id: x\nname: \"Rule\nquery: T\n");
    assert_eq!(
        (line, message.as_str()),
        (2, "Invalid YAML: a quoted value goes on to a line that is not indented")
    );
    assert!(help.starts_with("Add the closing quote"), "{help}");
    let (line, _, message, _) = only_yaml_error("id: x\nquery: T\nname: 'Rule\n");
    assert_eq!((line, message.as_str()), (3, "Invalid YAML: a quoted value is never closed"));
}

#[test]
fn a_control_character_is_named_not_blamed_on_indentation() {
    let text = "id: x\ndescription: |\n  Files signed by Atera\nseverity: Med\u{0}ium\nquery: T\n";
    let (line, column, message, help) = only_yaml_error(text);
    assert_eq!((line, column), (4, 14));
    assert_eq!(message, "Invalid YAML: control character U+0000 (NUL) is not allowed");
    assert!(help.starts_with("Remove the U+0000 character"), "{help}");
    assert!(!help.contains("indent"), "{help}");
}

#[test]
fn dedented_query_line_points_at_the_line_and_names_the_block() {
    let text = "id: x\nquery: |\n    SigninLogs\n    | where A\n  | take 1\nname: n\n";
    let findings = lint_text("r.yaml", text);
    assert_eq!(findings[0].code, "YML101");
    assert_eq!(findings[0].line, 5);
}

#[test]
fn bad_escape_in_double_quotes() {
    let findings = lint_text("r.yaml", "id: x\nquery: \"T | where P == 'C:\\Windows'\"\n");
    assert_eq!(findings[0].code, "YML101");
    assert_eq!(findings[0].line, 2);
}

#[test]
fn case_032_duplicate_keys_are_errors_not_last_wins() {
    let findings = lint_fixture("cases/032-yaml-duplicate-keys/rule.yaml");
    assert_eq!(at(&findings), [("YML103", 28, 1), ("YML103", 29, 1)]);
    assert!(findings[0].message.contains("`severity`"));
    assert!(findings[1].message.contains("`entityMappings`"));
}

#[test]
fn duplicate_keys_in_nested_mappings() {
    let text = "id: x\nquery: T\nentityMappings:\n  - entityType: Host\n    fieldMappings:\n      \
                - identifier: FullName\n        columnName: A\n        columnName: B\n";
    let findings = lint_text("r.yaml", text);
    assert_eq!(at(&findings), [("YML103", 8, 9)]);
}

#[test]
fn case_033_crlf_and_bom_are_accepted() {
    for file in ["rule-crlf.yaml", "rule-bom.yaml"] {
        let findings = lint_fixture(&format!("cases/033-yaml-crlf-bom/{file}"));
        assert_eq!(findings, [], "{file}");
    }
}

#[test]
fn atera_upstream_indentation_points_at_data_types() {
    let text = "id: b3e3ea20-7e51-495b-894b-1d050af605c3\r\nrequiredDataConnectors:\r\n    \
                - connectorId: MicrosoftThreatProtection\r\n    dataTypes:\r\n        - X\r\n";
    let findings = lint_text("r.yaml", text);
    assert_eq!(at(&findings), [("YML101", 4, 5)]);
}

#[test]
fn files_that_hold_no_rule() {
    assert_eq!(lint_text("r.yaml", "")[0].code, "YML105");
    assert_eq!(lint_text("r.yaml", "# only a comment\n")[0].code, "YML105");
    assert_eq!(lint_text("r.yaml", "- a\n- b\n")[0].code, "YML105");
    assert_eq!(lint_text("r.yaml", "foo: bar\n")[0].code, "YML105");
}

#[test]
fn second_document_is_reported() {
    let findings = lint_text("r.yaml", "id: x\nquery: T\n---\nid: y\n");
    assert_eq!(at(&findings), [("YML101", 3, 1)]);
}

#[test]
fn template_placeholders_in_braces_get_a_quoting_hint() {
    let findings = lint_text("r.yaml", "id: {{GUID}}\nquery: T\n");
    assert_eq!(findings[0].code, "YML101");
    assert!(findings[0].message.contains("nested collection"));
}

#[test]
fn reserved_indicator_at_the_start_of_a_value_gets_a_quoting_hint() {
    let mut sources = crate::source::SourceDb::new();
    let id = sources.add(crate::source::SourceFile::new("r.yaml", "id: %%GUID%%\nquery: T\n"));
    let (diagnostics, _) = crate::lint::runner::lint_source(
        &mut sources,
        id,
        &crate::lint::runner::LintSettings::default(),
    );
    assert_eq!(diagnostics[0].code, "YML101");
    let help = diagnostics[0].help.as_deref().unwrap_or_default();
    assert!(help.contains("`%` cannot start an unquoted value"), "{help}");
}

#[test]
fn only_the_first_description_line_unindented_is_blamed() {
    let text = "id: x\nname: n\ndescription: |\nFirst line at column one.\n  Second line: indented.\n  \
                Third line.\nquery: T\n";
    let findings = lint_text("r.yaml", text);
    assert_eq!(at(&findings), [("YML101", 4, 1)], "{findings:?}");
}
