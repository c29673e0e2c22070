//! A client secret through azure_identity's real `ClientSecretCredential`, against a local
//! HTTPS token endpoint with a test certificate (azure_identity refuses `http://`
//! authorities), then used to sign calls to the emulator.

mod arm_support;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use arm_support::https::{serve_https, trusting_client};
use arm_support::*;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Form, Json, Router, routing::post};
use sentinelctl::azure::auth::{self, AuthEnv, AuthMode, AuthSettings, Choice};
use sentinelctl::azure::{Error, SentinelClient};
use sentinelctl::emulator::Faults;
use serde_json::json;

const SECRET: &str = "correct-horse-battery-staple";

type Requests = Arc<Mutex<Vec<HashMap<String, String>>>>;

/// Entra's token endpoint as far as a client-credentials grant goes.
async fn token(
    State(requests): State<Requests>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    requests.lock().expect("requests lock").push(form.clone());
    if form.get("client_secret").map(String::as_str) != Some(SECRET) {
        let body = json!({"error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret provided.", "error_codes": [7000215]});
        return (StatusCode::UNAUTHORIZED, Json(body)).into_response();
    }
    Json(json!({"token_type": "Bearer", "expires_in": 3600, "ext_expires_in": 3600, "access_token": "eyJ0eXAiOiJKV1QifQ.eyJzZWNyZXQiOjF9.sig"}))
        .into_response()
}

async fn start_token_endpoint() -> (String, Requests) {
    let requests = Requests::default();
    let router = Router::new()
        .route("/{tenant}/oauth2/v2.0/token", post(token))
        .with_state(requests.clone());
    (serve_https(router).await, requests)
}

fn settings(authority: &str) -> AuthSettings {
    AuthSettings {
        mode: AuthMode::Auto,
        authority_host: Some(authority.to_owned()),
        http_client: Some(trusting_client()),
        ..Default::default()
    }
}

fn env(secret: &str) -> AuthEnv {
    AuthEnv::from_pairs([
        ("AZURE_TENANT_ID", "11111111-2222-3333-4444-555555555555".to_owned()),
        ("AZURE_CLIENT_ID", "app-client-id".to_owned()),
        ("AZURE_CLIENT_SECRET", secret.to_owned()),
    ])
}

#[tokio::test]
async fn client_secret_over_https_signs_arm_calls() {
    let (authority, requests) = start_token_endpoint().await;
    let emulator = start_emulator(Faults::default(), 3).await;
    let endpoint = emulator.url().parse().unwrap();

    let credential = auth::build(&settings(&authority), &env(SECRET), &endpoint).unwrap().unwrap();
    assert_eq!(
        credential.choice(),
        Choice::ClientSecret,
        "auto picks the secret from the environment"
    );
    let client = SentinelClient::new(workspace(), Some(credential), options(&emulator)).unwrap();
    client.put_alert_rule(&scheduled_rule("r1")).await.unwrap();
    client.list_alert_rules().await.unwrap();
    assert_eq!(stats(&emulator).await.authorized, 2);

    let requests = requests.lock().unwrap().clone();
    assert_eq!(requests.len(), 1, "the token is cached between calls");
    let form = &requests[0];
    assert_eq!(form["grant_type"], "client_credentials");
    assert_eq!(form["client_id"], "app-client-id");
    assert_eq!(form["scope"], "https://management.azure.com/.default");
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_rejected_secret_is_reported_without_the_secret() {
    let (authority, _) = start_token_endpoint().await;
    let emulator = start_emulator(Faults::default(), 3).await;
    let endpoint = emulator.url().parse().unwrap();
    let wrong = "wrong-secret-value-42";
    let credential = auth::build(&settings(&authority), &env(wrong), &endpoint).unwrap().unwrap();
    let client = SentinelClient::new(workspace(), Some(credential), options(&emulator)).unwrap();
    let error = client.get_alert_rule("r1").await.unwrap_err();
    let Error::Credential { credential, message } = &error else { panic!("{error:?}") };
    assert_eq!(credential, "client secret (AZURE_CLIENT_SECRET)");
    assert!(message.contains("AADSTS7000215"), "Entra's reason is kept: {message}");
    let shown = format!("{error} {error:?} {client:?}");
    assert!(!shown.contains(wrong), "{shown}");
    assert_eq!(stats(&emulator).await.calls, 0, "no ARM call without a token");
    emulator.shutdown().await;
}
