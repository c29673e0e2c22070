//! Authentication through the real azure_identity code paths, against local fakes: the Azure
//! CLI through an injected executor, managed identity through `IDENTITY_ENDPOINT` (in a child
//! process, because azure_identity reads that variable itself), GitHub OIDC against the
//! emulator's fake token URL. The HTTPS client-secret flow is in `arm_auth_tls.rs`, workload
//! identity and the whole GitHub OIDC exchange in `arm_auth_federated.rs`, the proof that
//! secrets never reach logs in `arm_redaction.rs`.

mod arm_support;

use std::sync::Arc;

use arm_support::*;
use sentinelctl::azure::SentinelClient;
use sentinelctl::azure::auth::{
    self, AuthEnv, AuthMode, AuthSettings, Choice, GithubOidcAssertion,
};
use sentinelctl::emulator::Faults;

#[tokio::test]
async fn azure_cli_token_signs_every_call() {
    let emulator = start_emulator(Faults::default(), 3).await;
    let az = Arc::new(FakeAz::default());
    let settings =
        AuthSettings { mode: AuthMode::Cli, cli_executor: Some(az.clone()), ..Default::default() };
    let endpoint = emulator.url().parse().unwrap();
    let credential = auth::build(&settings, &AuthEnv::default(), &endpoint).unwrap().unwrap();
    assert_eq!(credential.choice(), Choice::AzureCli);
    let client = SentinelClient::new(workspace(), Some(credential), options(&emulator)).unwrap();

    client.put_alert_rule(&scheduled_rule("r1")).await.unwrap();
    client.list_alert_rules().await.unwrap();
    assert_eq!(stats(&emulator).await.authorized, 2, "both calls carried a bearer token");
    let commands = az.commands.lock().unwrap().join("\n");
    assert!(
        commands.contains("az account get-access-token")
            && commands.contains("https://management.azure.com/.default"),
        "{commands}"
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn github_oidc_assertion_is_fetched_with_the_exchange_audience() {
    let emulator = start_emulator(Faults::default(), 3).await;
    let url = format!("{}/github/oidc?api-version=2.0", emulator.url());
    let env = AuthEnv::from_pairs([
        ("ACTIONS_ID_TOKEN_REQUEST_URL", url.clone()),
        ("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "gh-request-token-xyz".into()),
    ]);
    let jwt = GithubOidcAssertion::from_env(&env, None).unwrap().fetch().await.unwrap();
    let claims = jwt.split('.').nth(1).unwrap();
    // `api://AzureADTokenExchange` in the claims, base64url-encoded by the fake.
    assert!(decode_base64url(claims).contains("\"aud\":\"api://AzureADTokenExchange\""), "{jwt}");

    // Auto mode picks GitHub OIDC when the runner variables and the app ids are present.
    let full = AuthEnv::from_pairs([
        ("ACTIONS_ID_TOKEN_REQUEST_URL", url),
        ("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "gh-request-token-xyz".into()),
        ("AZURE_CLIENT_ID", "00000000-0000-0000-0000-000000000001".into()),
        ("AZURE_TENANT_ID", "00000000-0000-0000-0000-000000000002".into()),
    ]);
    assert_eq!(auth::choose(AuthMode::Auto, &full), Choice::GithubOidc);
    let endpoint = "https://management.azure.com".parse().unwrap();
    let credential = auth::build(&AuthSettings::default(), &full, &endpoint).unwrap().unwrap();
    assert!(!format!("{credential:?}").contains("gh-request-token-xyz"));
    emulator.shutdown().await;
}

fn decode_base64url(text: &str) -> String {
    let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let bits: Vec<u8> = text.chars().filter_map(|c| alphabet.find(c)).map(|i| i as u8).collect();
    let mut out = Vec::new();
    for chunk in bits.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (18 - 6 * i)));
        for i in 0..chunk.len().saturating_sub(1) {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The managed-identity half of the test below, run in a child process whose environment
/// has `IDENTITY_ENDPOINT`; in a normal run (no `ARM_AUTH_CHILD_EMULATOR`) it has nothing to do.
#[tokio::test]
async fn managed_identity_child() {
    let Ok(url) = std::env::var("ARM_AUTH_CHILD_EMULATOR") else { return };
    let settings = AuthSettings { mode: AuthMode::ManagedIdentity, ..Default::default() };
    let endpoint: reqwest::Url = url.parse().unwrap();
    let credential = auth::build(&settings, &AuthEnv::from_process(), &endpoint).unwrap().unwrap();
    let mut options = sentinelctl::azure::ClientOptions::new(endpoint);
    options.concurrency = 2;
    let client = SentinelClient::new(workspace(), Some(credential), options).unwrap();
    client.put_alert_rule(&scheduled_rule("from-managed-identity")).await.unwrap();
}

#[tokio::test]
async fn managed_identity_via_identity_endpoint() {
    let emulator = start_emulator(Faults::default(), 3).await;
    let exe = std::env::current_exe().unwrap();
    let url = emulator.url();
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new(exe)
            .args(["--exact", "managed_identity_child", "--nocapture"])
            .env("ARM_AUTH_CHILD_EMULATOR", &url)
            .env("IDENTITY_ENDPOINT", format!("{url}/msi/token"))
            .env("IDENTITY_HEADER", "local-identity-header")
            .env_remove("AZURE_CLIENT_ID")
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stdout));
    assert_eq!(
        stats(&emulator).await.authorized,
        1,
        "the rule was written with a managed-identity token"
    );
    let client = client(&emulator);
    assert!(client.get_alert_rule("from-managed-identity").await.unwrap().is_some());
    emulator.shutdown().await;
}
