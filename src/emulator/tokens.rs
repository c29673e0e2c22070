//! Fake token endpoints, so the real azure_identity code paths can be tested without Entra.
//!
//! * `POST /{tenant}/oauth2/v2.0/token`: Entra's client-credentials answer (client secret or
//!   client assertion). azure_identity only talks HTTPS to an authority, so this one is for a
//!   TLS front or for tools that accept http.
//! * `GET /msi/token`: the App Service managed-identity protocol (`IDENTITY_ENDPOINT`,
//!   `X-IDENTITY-HEADER`), which azure_identity accepts over http.
//! * `GET /github/oidc?audience=…`: GitHub Actions' `ACTIONS_ID_TOKEN_REQUEST_URL`, answering
//!   `{ "value": <JWT> }` when called with a bearer request token.
//!
//! Tokens are opaque fakes; the emulator accepts any bearer token on ARM calls.

use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::Query;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Form, Json};
use serde_json::json;

fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

fn fake_token(kind: &str) -> String {
    format!("emulator-{kind}-{}", uuid::Uuid::new_v4().simple())
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (
        status,
        Json(json!({ "error": error, "error_description": description, "error_codes": [900000] })),
    )
        .into_response()
}

pub(crate) async fn entra_token(Form(form): Form<HashMap<String, String>>) -> Response {
    let has = |key: &str| form.get(key).is_some_and(|v| !v.is_empty());
    if form.get("grant_type").map(String::as_str) != Some("client_credentials")
        || !has("client_id")
        || !has("scope")
    {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "grant_type, client_id and scope are required",
        );
    }
    if !has("client_secret") && !has("client_assertion") {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "no client secret or assertion",
        );
    }
    Json(json!({
        "token_type": "Bearer",
        "expires_in": 3600,
        "ext_expires_in": 3600,
        "access_token": fake_token("entra"),
    }))
    .into_response()
}

pub(crate) async fn managed_identity_token(
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    if headers.get("x-identity-header").is_none() {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "X-IDENTITY-HEADER is required",
        );
    }
    let Some(resource) = query.get("resource") else {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_request", "resource is required");
    };
    Json(json!({
        "access_token": fake_token("msi"),
        "expires_on": (unix_now() + 3600).to_string(),
        "token_type": "Bearer",
        "resource": resource,
    }))
    .into_response()
}

pub(crate) async fn github_oidc_token(
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let bearer = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("bearer "));
    if !bearer {
        return (StatusCode::UNAUTHORIZED, "missing bearer request token").into_response();
    }
    let Some(audience) = query.get("audience") else {
        return (StatusCode::BAD_REQUEST, "missing audience").into_response();
    };
    // A JWT-shaped fake: header and claims are base64url JSON, the signature is not.
    let claims = format!(
        "{{\"iss\":\"https://token.actions.githubusercontent.com\",\"aud\":\"{audience}\",\"sub\":\"repo:example/rules:ref:refs/heads/main\",\"exp\":{}}}",
        unix_now() + 300
    );
    let jwt = format!(
        "{}.{}.emulator",
        base64url(b"{\"alg\":\"none\",\"typ\":\"JWT\"}"),
        base64url(claims.as_bytes())
    );
    Json(json!({ "count": 1, "value": jwt })).into_response()
}

/// Unpadded base64url, enough for a fake JWT without another dependency.
fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64url_matches_known_values() {
        assert_eq!(super::base64url(b"{\""), "eyI");
        assert_eq!(super::base64url(b"hello"), "aGVsbG8");
        assert_eq!(super::base64url(b"abc"), "YWJj");
    }
}
