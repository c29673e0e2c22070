//! Federated credentials end to end, through azure_identity's real code paths against local
//! fakes: a workload-identity token file (`AZURE_FEDERATED_TOKEN_FILE`), and the whole GitHub
//! Actions OIDC exchange (the runner's token URL, then Entra). Either way the federated
//! assertion must reach a local HTTPS Entra token endpoint as `client_assertion`, and the access
//! token that endpoint issues must be the bearer token of the ARM calls, as recorded by a front
//! of the emulator. Every log line, down to trace level, is captured and must hold no token.
//!
//! Its own test binary: the log capture is the process-wide subscriber.

mod arm_support;

use std::collections::HashMap;
use std::io;
use std::sync::{Arc, Mutex, OnceLock};

use arm_support::https::{SeenAuthorizations, recording_front, serve_https, trusting_client};
use arm_support::*;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use sentinelctl::azure::auth::{self, AuthEnv, AuthMode, AuthSettings, Choice, GITHUB_AUDIENCE};
use sentinelctl::azure::{ClientOptions, Error, SentinelClient};
use sentinelctl::emulator::{Faults, RunningEmulator};
use serde_json::json;

const TENANT: &str = "4a3b2c1d-0e9f-4a8b-9c7d-6e5f4a3b2c1d";
const CLIENT: &str = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a";
const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// The projected service-account token of a Kubernetes pod (JWT-shaped; never verified here).
const FILE_ASSERTION: &str =
    "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.file-assertion-sig-41c7";
/// The runner's request token and the OIDC token GitHub answers with.
const REQUEST_TOKEN: &str = "gh-runner-request-token-8e21f0";
const GITHUB_ASSERTION: &str =
    "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmV4YW1wbGUvcnVsZXM6cHVsbF9yZXF1ZXN0In0.gh-oidc-sig-93ab";
/// Access tokens the fake Entra issues.
const WORKLOAD_ACCESS: &str =
    "eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJhcm0iLCJ3aSI6MX0.workload-access-sig-5d0e";
const GITHUB_ACCESS: &str = "eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJhcm0iLCJnaCI6MX0.github-access-sig-c3f9";
/// Set alongside GitHub's variables: `auto` must prefer OIDC and never send it.
const UNUSED_SECRET: &str = "unused-client-secret-77aa";

const NEVER_LOGGED: &[&str] = &[
    FILE_ASSERTION,
    "file-assertion-sig-41c7",
    REQUEST_TOKEN,
    GITHUB_ASSERTION,
    "gh-oidc-sig-93ab",
    WORKLOAD_ACCESS,
    "workload-access-sig-5d0e",
    GITHUB_ACCESS,
    "github-access-sig-c3f9",
    UNUSED_SECRET,
];

/// Everything written by `tracing` (and, through it, the `log` crate) in this process.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().expect("log lock").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Installs the trace-level capture once, as `-vvv` installs stderr logging.
fn captured_logs() -> &'static Captured {
    static LOGS: OnceLock<Captured> = OnceLock::new();
    LOGS.get_or_init(|| {
        let captured = Captured::default();
        let writer = captured.clone();
        tracing_subscriber::fmt()
            .with_ansi(false)
            .with_max_level(tracing::Level::TRACE)
            .with_writer(move || writer.clone())
            .try_init()
            .expect("the only subscriber of this test binary");
        captured
    })
}

fn assert_no_token_in_logs(context: &str) {
    let logs = String::from_utf8_lossy(&captured_logs().0.lock().expect("log lock")).into_owned();
    assert!(
        logs.contains("chose credential") && logs.contains("answered"),
        "debug logs were captured: {}",
        &logs[logs.len().saturating_sub(2000)..]
    );
    for secret in NEVER_LOGGED {
        assert!(!logs.contains(secret), "{context}: the logs show {secret}");
    }
}

/// What the fakes were asked.
#[derive(Default)]
struct Seen {
    /// Tenant of the URL and form fields of each Entra token request.
    entra: Vec<(String, HashMap<String, String>)>,
    /// `audience` and `Authorization` of each request to the GitHub token URL.
    github: Vec<(Option<String>, Option<String>)>,
}

#[derive(Clone)]
struct Fakes {
    /// The only assertion Entra accepts, and the access token it then issues.
    accepted_assertion: &'static str,
    access_token: &'static str,
    seen: Arc<Mutex<Seen>>,
}

/// Entra's token endpoint for a client-assertion grant: a token only for the expected app,
/// grant and assertion.
async fn entra_token(
    State(fakes): State<Fakes>,
    Path(tenant): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let field = |key: &str| form.get(key).map(String::as_str);
    let accepted = field("grant_type") == Some("client_credentials")
        && field("client_id") == Some(CLIENT)
        && field("client_assertion_type") == Some(JWT_BEARER)
        && field("client_assertion") == Some(fakes.accepted_assertion);
    fakes.seen.lock().expect("seen lock").entra.push((tenant, form));
    if !accepted {
        let body = json!({"error": "invalid_client", "error_codes": [700213],
            "error_description": "AADSTS700213: No matching federated identity record found for presented assertion subject."});
        return (StatusCode::UNAUTHORIZED, Json(body)).into_response();
    }
    Json(json!({"token_type": "Bearer", "expires_in": 3600, "ext_expires_in": 3600,
        "access_token": fakes.access_token}))
    .into_response()
}

/// GitHub's `ACTIONS_ID_TOKEN_REQUEST_URL`: the OIDC token only for the exchange audience and
/// the runner's request token.
async fn github_token(
    State(fakes): State<Fakes>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let audience = query.get("audience").cloned();
    let authorization =
        headers.get("authorization").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let ok = audience.as_deref() == Some(GITHUB_AUDIENCE)
        && authorization.as_deref() == Some(&format!("Bearer {REQUEST_TOKEN}"))
        && query.get("api-version").map(String::as_str) == Some("2.0");
    fakes.seen.lock().expect("seen lock").github.push((audience, authorization));
    if !ok {
        return (StatusCode::UNAUTHORIZED, "bad audience or request token").into_response();
    }
    Json(json!({"count": 1, "value": GITHUB_ASSERTION})).into_response()
}

/// The fakes on one local HTTPS server; returns its URL.
async fn start_fakes(fakes: &Fakes) -> String {
    let router = Router::new()
        .route("/{tenant}/oauth2/v2.0/token", post(entra_token))
        .route("/github/oidc", get(github_token))
        .with_state(fakes.clone());
    serve_https(router).await
}

fn settings(authority: &str) -> AuthSettings {
    AuthSettings {
        mode: AuthMode::Auto,
        authority_host: Some(authority.to_owned()),
        http_client: Some(trusting_client()),
        ..Default::default()
    }
}

/// The emulator behind a front that records bearer tokens, and a client options for the front.
async fn recorded_emulator() -> (RunningEmulator, ClientOptions, SeenAuthorizations) {
    let emulator = start_emulator(Faults::default(), 3).await;
    let (front, seen) = recording_front(emulator.url()).await;
    let mut options = options(&emulator);
    options.endpoint = front.parse().expect("front url");
    (emulator, options, seen)
}

/// Writes, then reads back, one rule; both calls must carry `access_token`.
async fn two_calls_with(
    client: &SentinelClient,
    seen: &SeenAuthorizations,
    name: &str,
    access_token: &str,
) {
    client.put_alert_rule(&scheduled_rule(name)).await.expect("put");
    assert!(client.get_alert_rule(name).await.expect("get").is_some());
    let bearer = format!("Bearer {access_token}");
    assert_eq!(*seen.lock().expect("seen lock"), [bearer.clone(), bearer]);
}

/// The one Entra request: the assertion as a client-assertion grant for ARM, no secret.
fn assert_assertion_grant(seen: &Seen, assertion: &str) {
    let [(tenant, form)] = seen.entra.as_slice() else {
        panic!("one token request, then the cached token: {} requests", seen.entra.len())
    };
    assert_eq!(tenant, TENANT);
    assert_eq!(form["grant_type"], "client_credentials");
    assert_eq!(form["client_id"], CLIENT);
    assert_eq!(form["client_assertion_type"], JWT_BEARER);
    assert_eq!(form["client_assertion"], assertion);
    assert_eq!(form["scope"], "https://management.azure.com/.default");
    assert!(!form.contains_key("client_secret"), "{:?}", form.keys());
}

#[tokio::test]
async fn workload_identity_token_file_signs_arm_calls() {
    captured_logs();
    let fakes = Fakes {
        accepted_assertion: FILE_ASSERTION,
        access_token: WORKLOAD_ACCESS,
        seen: Arc::default(),
    };
    let authority = start_fakes(&fakes).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let token_file = dir.path().join("azure-identity-token");
    std::fs::write(&token_file, FILE_ASSERTION).expect("token file");
    let env = AuthEnv::from_pairs([
        ("AZURE_FEDERATED_TOKEN_FILE", token_file.display().to_string()),
        ("AZURE_CLIENT_ID", CLIENT.to_owned()),
        ("AZURE_TENANT_ID", TENANT.to_owned()),
    ]);
    let (emulator, options, seen) = recorded_emulator().await;

    let credential = auth::build(&settings(&authority), &env, &options.endpoint)
        .expect("credential")
        .expect("not none");
    assert_eq!(credential.choice(), Choice::WorkloadIdentity);
    let client = SentinelClient::new(workspace(), Some(credential), options).expect("client");
    two_calls_with(&client, &seen, "from-workload-identity", WORKLOAD_ACCESS).await;

    assert_assertion_grant(&fakes.seen.lock().expect("seen lock"), FILE_ASSERTION);
    assert_no_token_in_logs("workload identity");
    emulator.shutdown().await;
}

fn github_env(authority: &str) -> AuthEnv {
    AuthEnv::from_pairs([
        ("ACTIONS_ID_TOKEN_REQUEST_URL", format!("{authority}/github/oidc?api-version=2.0")),
        ("ACTIONS_ID_TOKEN_REQUEST_TOKEN", REQUEST_TOKEN.to_owned()),
        ("AZURE_CLIENT_ID", CLIENT.to_owned()),
        ("AZURE_TENANT_ID", TENANT.to_owned()),
        ("AZURE_CLIENT_SECRET", UNUSED_SECRET.to_owned()),
    ])
}

#[tokio::test]
async fn github_oidc_exchange_signs_arm_calls() {
    captured_logs();
    let fakes = Fakes {
        accepted_assertion: GITHUB_ASSERTION,
        access_token: GITHUB_ACCESS,
        seen: Arc::default(),
    };
    let authority = start_fakes(&fakes).await;
    let (emulator, options, seen) = recorded_emulator().await;

    let credential = auth::build(&settings(&authority), &github_env(&authority), &options.endpoint)
        .expect("credential")
        .expect("not none");
    assert_eq!(credential.choice(), Choice::GithubOidc, "auto prefers GitHub OIDC");
    let client = SentinelClient::new(workspace(), Some(credential), options).expect("client");
    two_calls_with(&client, &seen, "from-github-actions", GITHUB_ACCESS).await;

    {
        let fakes_seen = fakes.seen.lock().expect("seen lock");
        let bearer = format!("Bearer {REQUEST_TOKEN}");
        assert_eq!(
            fakes_seen.github,
            [(Some(GITHUB_AUDIENCE.to_owned()), Some(bearer))],
            "one OIDC token, asked with the exchange audience and the runner's request token"
        );
        assert_assertion_grant(&fakes_seen, GITHUB_ASSERTION);
    }
    assert_no_token_in_logs("GitHub OIDC");
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_refused_github_assertion_is_reported_without_tokens() {
    captured_logs();
    // Entra knows no federated credential for this assertion (e.g. a subject for another branch).
    let fakes = Fakes {
        accepted_assertion: FILE_ASSERTION,
        access_token: GITHUB_ACCESS,
        seen: Arc::default(),
    };
    let authority = start_fakes(&fakes).await;
    let (emulator, options, seen) = recorded_emulator().await;
    let credential = auth::build(&settings(&authority), &github_env(&authority), &options.endpoint)
        .expect("credential")
        .expect("not none");
    let client = SentinelClient::new(workspace(), Some(credential), options).expect("client");

    let error = client.get_alert_rule("r1").await.expect_err("no token");
    let Error::Credential { credential, message } = &error else { panic!("{error:?}") };
    assert_eq!(credential, "GitHub Actions OIDC (federated credential)");
    assert!(message.contains("AADSTS700213"), "Entra's reason is kept: {message}");
    let shown = format!("{error} {error:?} {client:?}");
    for secret in NEVER_LOGGED {
        assert!(!shown.contains(secret), "the error shows {secret}: {shown}");
    }
    assert!(seen.lock().expect("seen lock").is_empty(), "no ARM call without a token");
    assert_eq!(stats(&emulator).await.calls, 0);
    emulator.shutdown().await;
}
