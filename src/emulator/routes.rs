//! HTTP routing of the emulator: ARM resource paths, the control endpoints and fake token
//! endpoints.
//!
//! ARM paths are case-insensitive (the savedSearches spec even spells `resourcegroups`), so
//! resource paths are parsed by hand in one fallback handler rather than by the router. Every
//! ARM answer carries `x-ms-request-id` and `x-ms-correlation-request-id` and echoes
//! `x-ms-client-request-id`, like the real service.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Json, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

use super::faults::{Fault, Faults};
use super::resources::{self, Answer, Target, arm_error};
use super::store::{Collection, Store};
use super::{tables, validate};
use crate::kql::semantic::TableDescription;

/// Shared state of a running emulator.
#[derive(Debug)]
pub(crate) struct App {
    pub store: Store,
    pub faults: super::faults::FaultState,
    pub page_size: usize,
    /// Workspace tables, the same in every workspace.
    pub tables: Vec<TableDescription>,
    /// `http://host:port` used in `nextLink` when the request has no `Host` header.
    pub base_url: String,
}

pub(crate) fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/_emulator/faults", get(get_faults).put(put_faults))
        .route("/_emulator/stats", get(stats))
        .route("/{tenant}/oauth2/v2.0/token", post(super::tokens::entra_token))
        .route("/msi/token", get(super::tokens::managed_identity_token))
        .route("/github/oidc", get(super::tokens::github_oidc_token))
        .fallback(arm)
        .with_state(app)
}

async fn get_faults(State(app): State<Arc<App>>) -> Json<Faults> {
    Json(app.faults.faults())
}

async fn put_faults(State(app): State<Arc<App>>, Json(faults): Json<Faults>) -> Json<Faults> {
    app.faults.set(faults.clone());
    Json(faults)
}

async fn stats(State(app): State<Arc<App>>) -> impl IntoResponse {
    Json(app.faults.stats())
}

/// Every ARM resource request.
async fn arm(
    State(app): State<Arc<App>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let authorized = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("Bearer "));
    let (_in_flight, latency_ms, fault) = app.faults.begin(authorized);
    if latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(latency_ms)).await;
    }
    if let Fault::Throttle { opens_window: Some(retry), .. } = fault {
        // From the moment the client can know it is throttled.
        app.faults.open_window(retry);
    }
    let client_request_id = headers.get("x-ms-client-request-id").cloned();
    let mut response = match fault {
        Fault::Drop => return dropped_connection(),
        Fault::Throttle { retry_after_secs, retry_after_ms, .. } => {
            let message = format!("Too many requests. Retry after {retry_after_secs} seconds.");
            let mut response = json_response(arm_error(429, "TooManyRequests", &message));
            let headers = response.headers_mut();
            headers.insert("retry-after", HeaderValue::from(retry_after_secs));
            if let Some(ms) = retry_after_ms {
                headers.insert("x-ms-retry-after-ms", HeaderValue::from(ms));
            }
            response
        }
        Fault::Error(status) => json_response(arm_error(
            status,
            "ServiceUnavailable",
            "Injected transient failure. Retry the request.",
        )),
        Fault::None => {
            if method == Method::PUT || method == Method::DELETE {
                app.faults.record_write();
            }
            json_response(handle(&app, &method, &uri, &headers, &body))
        }
    };

    let headers = response.headers_mut();
    let request_id = uuid::Uuid::new_v4().to_string();
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        headers.insert("x-ms-request-id", value.clone());
        headers.insert("x-ms-correlation-request-id", value);
    }
    if let Some(id) = client_request_id {
        headers.insert("x-ms-client-request-id", id);
    }
    headers.insert("x-ms-ratelimit-remaining-subscription-writes", HeaderValue::from_static("199"));
    response
}

fn json_response((status, body): Answer) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    match body {
        Some(body) => (status, Json(body)).into_response(),
        None => status.into_response(),
    }
}

/// Starts a 200 answer and breaks the stream, so the client sees the connection drop
/// mid-response.
fn dropped_connection() -> Response {
    let chunks: Vec<Result<Bytes, std::io::Error>> = vec![
        Ok(Bytes::from_static(b"{\"value\": [")),
        Err(std::io::Error::other("connection dropped by fault injection")),
    ];
    let body = Body::from_stream(futures_util::stream::iter(chunks));
    Response::builder()
        .status(StatusCode::OK)
        .header("content-type", "application/json")
        .body(body)
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

/// Routes a resource request to its operation.
fn handle(app: &App, method: &Method, uri: &Uri, headers: &HeaderMap, body: &Bytes) -> Answer {
    let query: Vec<(String, String)> =
        url::form_urlencoded::parse(uri.query().unwrap_or("").as_bytes()).into_owned().collect();
    let param = |name: &str| {
        query.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.clone())
    };
    if let Some((workspace_id, name)) = parse_tables_path(uri.path()) {
        let version = param("api-version");
        return tables::answer(
            &app.tables,
            &workspace_id,
            method.as_str(),
            name.as_deref(),
            version.as_deref(),
        );
    }
    let Some(target) = parse_path(uri.path()) else {
        return arm_error(
            404,
            "InvalidResourceType",
            &format!("The resource path '{}' is not served by the emulator", uri.path()),
        );
    };
    let kind = target.collection.body_kind();
    let supported = validate::versions(kind);
    let Some(api_version) = param("api-version") else {
        return arm_error(
            400,
            "MissingApiVersionParameter",
            "The api-version query parameter (?api-version=) is required for all requests.",
        );
    };
    let Some(api_version) = supported.iter().find(|v| **v == api_version) else {
        return arm_error(
            400,
            "InvalidApiVersionParameter",
            &format!(
                "The api-version '{api_version}' is invalid. The supported versions are '{}'.",
                supported.join(",")
            ),
        );
    };

    match (method.as_str(), target.name.as_deref()) {
        ("GET", None) => {
            let skip = param("$skipToken").and_then(|s| s.parse().ok()).unwrap_or(0);
            let host =
                headers.get("host").and_then(|h| h.to_str().ok()).map(|h| format!("http://{h}"));
            let base = host.unwrap_or_else(|| app.base_url.clone());
            let path = uri.path();
            resources::list(&app.store, &target, skip, app.page_size, |next| {
                format!("{base}{path}?api-version={api_version}&$skipToken={next}")
            })
        }
        ("GET", Some(name)) => resources::get(&app.store, &target, name),
        ("DELETE", Some(name)) => resources::delete(&app.store, &target, name),
        ("PUT", Some(name)) => {
            let mut value: Value = match serde_json::from_slice(body) {
                Ok(value @ Value::Object(_)) => value,
                Ok(_) => {
                    return arm_error(
                        400,
                        "InvalidRequestContent",
                        "The request content must be a JSON object.",
                    );
                }
                Err(e) => {
                    return arm_error(
                        400,
                        "InvalidRequestContent",
                        &format!(
                            "The request content was invalid and could not be deserialized: {e}"
                        ),
                    );
                }
            };
            validate::normalize(&mut value);
            if let Err(invalid) = validate::validate(kind, api_version, &value) {
                let mut answer = arm_error(400, "BadRequest", &invalid.message);
                if let Some(error) = answer.1.as_mut().and_then(|b| b.get_mut("error")) {
                    error["target"] = json!(invalid.target);
                }
                return answer;
            }
            resources::put(&app.store, &target, name, value)
        }
        _ => arm_error(
            405,
            "MethodNotAllowed",
            &format!("The method '{method}' is not supported on '{}'", uri.path()),
        ),
    }
}

/// `/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.OperationalInsights/
/// workspaces/{ws}/…` followed by one of the served collections, optionally a name.
pub(crate) fn parse_path(path: &str) -> Option<Target> {
    let (workspace_id, parts) = split_workspace(path)?;
    let rest: Vec<String> = parts.iter().map(|p| p.to_ascii_lowercase()).collect();
    let rest: Vec<&str> = rest.iter().map(String::as_str).collect();
    let (collection, name_at) = match rest.as_slice() {
        ["providers", "microsoft.securityinsights", "alertrules", ..] => {
            (Collection::AlertRules, 3)
        }
        ["providers", "microsoft.securityinsights", "metadata", ..] => (Collection::Metadata, 3),
        ["savedsearches", ..] => (Collection::SavedSearches, 1),
        _ => return None,
    };
    let name = name_after(&parts, name_at)?;
    Some(Target { collection, workspace_id, name })
}

/// The workspace id and optional table name of a `…/workspaces/{ws}/tables[/{name}]` path.
fn parse_tables_path(path: &str) -> Option<(String, Option<String>)> {
    let (workspace_id, parts) = split_workspace(path)?;
    if !parts.first()?.eq_ignore_ascii_case("tables") {
        return None;
    }
    Some((workspace_id, name_after(&parts, 1)?))
}

/// The workspace id (in ARM's spelling) and the path segments after it.
fn split_workspace(path: &str) -> Option<(String, Vec<&str>)> {
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let fixed = [
        (0, "subscriptions"),
        (2, "resourcegroups"),
        (4, "providers"),
        (5, "microsoft.operationalinsights"),
        (6, "workspaces"),
    ];
    if parts.len() < 9 || !fixed.iter().all(|(i, word)| parts[*i].eq_ignore_ascii_case(word)) {
        return None;
    }
    let workspace_id = format!(
        "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.OperationalInsights/workspaces/{}",
        percent_decode(parts[1]),
        percent_decode(parts[3]),
        percent_decode(parts[7])
    );
    Some((workspace_id, parts[8..].to_vec()))
}

/// `None` when segments follow the name; `Some(None)` for the collection itself.
fn name_after(parts: &[&str], at: usize) -> Option<Option<String>> {
    match parts.len().checked_sub(at)? {
        0 => Some(None),
        1 => Some(Some(percent_decode(parts[at])).filter(|n| !n.is_empty())),
        _ => None,
    }
}

fn percent_decode(segment: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", segment.replace('+', "%2B")).as_bytes())
        .next()
        .map_or_else(|| segment.to_owned(), |(_, v)| v.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_resource_paths_case_insensitively() {
        let base = "/subscriptions/s/resourcegroups/rg/providers/microsoft.operationalinsights/workspaces/w";
        let t = parse_path(&format!(
            "{base}/providers/Microsoft.SecurityInsights/alertRules/my%20rule"
        ))
        .unwrap();
        assert_eq!((t.collection, t.name.as_deref()), (Collection::AlertRules, Some("my rule")));
        assert_eq!(
            t.workspace_id,
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/w"
        );
        let t = parse_path(&format!("{base}/savedSearches")).unwrap();
        assert_eq!((t.collection, t.name), (Collection::SavedSearches, None));
        let t = parse_path(&format!("{base}/providers/Microsoft.SecurityInsights/metadata/m1"))
            .unwrap();
        assert_eq!(t.collection, Collection::Metadata);
        assert!(
            parse_path(&format!("{base}/providers/Microsoft.SecurityInsights/incidents/x"))
                .is_none()
        );
        assert!(parse_path(&format!("{base}/savedSearches/a/b")).is_none());
        assert_eq!(
            parse_tables_path(&format!("{base}/Tables/Canary_CL")).map(|t| t.1),
            Some(Some("Canary_CL".to_owned()))
        );
        assert_eq!(parse_tables_path(&format!("{base}/tables")).map(|t| t.1), Some(None));
        assert!(parse_path("/subscriptions/s").is_none());
    }
}
