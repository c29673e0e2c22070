//! Unit tests of credential choice, `--auth none` and redaction; the credentials themselves are
//! exercised against local fakes in `tests/arm_auth.rs`.

use super::*;

fn env(pairs: &[(&'static str, &str)]) -> AuthEnv {
    AuthEnv::from_pairs(pairs.iter().map(|(k, v)| (*k, (*v).to_owned())))
}

#[test]
fn auto_follows_the_documented_order() {
    let ids = [("AZURE_CLIENT_ID", "c"), ("AZURE_TENANT_ID", "t")];
    let github = [
        ids[0],
        ids[1],
        ("ACTIONS_ID_TOKEN_REQUEST_URL", "u"),
        ("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "x"),
    ];
    let all = [
        &github[..],
        &[
            ("AZURE_FEDERATED_TOKEN_FILE", "f"),
            ("AZURE_CLIENT_SECRET", "s"),
            ("IDENTITY_ENDPOINT", "e"),
        ],
    ]
    .concat();
    assert_eq!(choose(AuthMode::Auto, &env(&all)), Choice::GithubOidc);
    // Without the client/tenant ids the GitHub variables alone are not enough.
    assert_eq!(choose(AuthMode::Auto, &env(&all[2..])), Choice::WorkloadIdentity);
    assert_eq!(
        choose(AuthMode::Auto, &env(&[("AZURE_CLIENT_SECRET", "s"), ("IDENTITY_ENDPOINT", "e")])),
        Choice::ClientSecret
    );
    assert_eq!(
        choose(AuthMode::Auto, &env(&[("IDENTITY_ENDPOINT", "e")])),
        Choice::ManagedIdentity
    );
    assert_eq!(choose(AuthMode::Auto, &env(&[("AZURE_CLIENT_SECRET", "")])), Choice::AzureCli);
    assert_eq!(choose(AuthMode::Cli, &env(&all)), Choice::AzureCli);
}

#[test]
fn none_only_for_loopback() {
    let settings = AuthSettings { mode: AuthMode::None, ..Default::default() };
    let local = "http://127.0.0.1:9999".parse().unwrap();
    assert!(build(&settings, &AuthEnv::default(), &local).unwrap().is_none());
    let remote = "https://management.azure.com".parse().unwrap();
    let error = build(&settings, &AuthEnv::default(), &remote).unwrap_err().to_string();
    assert!(error.contains("only allowed for a loopback"), "{error}");
}

#[test]
fn missing_variables_are_named() {
    let settings = AuthSettings { mode: AuthMode::Secret, ..Default::default() };
    let url = "https://management.azure.com".parse().unwrap();
    let error = build(&settings, &env(&[("AZURE_TENANT_ID", "t")]), &url).unwrap_err().to_string();
    assert!(error.contains("AZURE_CLIENT_SECRET"), "{error}");

    // Workload identity takes its values from the captured environment too, not from the
    // process (which has none of them here).
    let settings = AuthSettings { mode: AuthMode::WorkloadIdentity, ..Default::default() };
    let vars = env(&[("AZURE_FEDERATED_TOKEN_FILE", "/var/run/token"), ("AZURE_TENANT_ID", "t")]);
    let error = build(&settings, &vars, &url).unwrap_err().to_string();
    assert_eq!(error, "--auth workload-identity needs the environment variable AZURE_CLIENT_ID");
}

#[test]
fn secrets_are_redacted_and_not_in_debug() {
    let settings = AuthSettings { mode: AuthMode::Secret, ..Default::default() };
    let url = "https://management.azure.com".parse().unwrap();
    let vars = env(&[
        ("AZURE_TENANT_ID", "tenant-1"),
        ("AZURE_CLIENT_ID", "client-1"),
        ("AZURE_CLIENT_SECRET", "s3cr3t-value"),
    ]);
    let credential = build(&settings, &vars, &url).unwrap().unwrap();
    assert_eq!(credential.choice(), Choice::ClientSecret);
    let debug = format!("{credential:?} {vars:?}");
    assert!(!debug.contains("s3cr3t-value"), "{debug}");
    let text = credential.redact("failed: s3cr3t-value and token eyJhbGciOi.eyJzdWIi.sig_-x end");
    assert_eq!(text, "failed: [redacted] and token [redacted] end");
}
