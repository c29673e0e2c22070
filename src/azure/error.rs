//! The one error type of the Azure client.
//!
//! Like azure_core's `Error`, the kinds are deliberately coarse: a caller decides what to do from
//! the kind and, for an ARM answer, from ARM's own `code`. An ARM failure always carries ARM's
//! `code` and `message` and the `x-ms-request-id` Microsoft support asks for, never a bare
//! status line. Nothing here ever holds a token or a secret, so `Debug` and `Display` are safe
//! to log.

use std::time::Duration;

use serde::Deserialize;
use thiserror::Error;

/// A failed call to Azure (or to the emulator).
#[derive(Debug, Error)]
pub enum Error {
    /// ARM answered with an error status and (usually) an `{ "error": { code, message } }` body.
    #[error(
        "{} {} failed with {} {}: {} (x-ms-request-id: {})",
        .0.method, .0.path, .0.status, .0.code, .0.message, .0.request_id
    )]
    Arm(Box<ArmError>),
    /// The request never got an answer: connection refused or dropped, timeout, TLS.
    #[error("{method} {path} failed: {message}")]
    Connection { method: String, path: String, message: String },
    /// Retries ran out; the last failure is kept as the source.
    #[error("gave up after {attempts} attempts in {:.1}s", elapsed.as_secs_f64())]
    RetriesExhausted {
        attempts: u32,
        elapsed: Duration,
        #[source]
        last: Box<Error>,
    },
    /// A successful answer whose body is not what the API documents.
    #[error("unexpected response body from {path}: {message}")]
    DataConversion { path: String, message: String },
    /// No token could be obtained. The message comes from azure_identity with secrets removed.
    #[error("failed to get an access token with {credential}: {message}")]
    Credential { credential: String, message: String },
    /// Wrong or missing settings: workspace address, endpoint, authentication mode.
    #[error("{0}")]
    Config(String),
}

/// ARM's answer to a failed call (boxed in [`Error::Arm`] to keep `Result`s small).
#[derive(Debug)]
pub struct ArmError {
    pub method: String,
    /// Path of the resource, without the host and query (no secrets, stable in messages).
    pub path: String,
    pub status: u16,
    /// ARM's error code, e.g. `BadRequest`, `Conflict`, `TooManyRequests`.
    pub code: String,
    pub message: String,
    /// `x-ms-request-id` of the answer, or `none`.
    pub request_id: String,
    /// The `x-ms-client-request-id` we sent.
    pub client_request_id: String,
}

impl Error {
    /// ARM's error code, if ARM answered (looks through exhausted retries).
    pub fn arm_code(&self) -> Option<&str> {
        match self {
            Error::Arm(arm) => Some(&arm.code),
            Error::RetriesExhausted { last, .. } => last.arm_code(),
            _ => None,
        }
    }

    /// The HTTP status ARM answered with, if any.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Arm(arm) => Some(arm.status),
            Error::RetriesExhausted { last, .. } => last.status(),
            _ => None,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// ARM's error envelope. The SecurityInsights `CloudError` and the common `ErrorResponse` share
/// this shape; `details` and `additionalInfo` are not needed to report a failure.
#[derive(Debug, Deserialize)]
pub(crate) struct ArmErrorBody {
    pub error: ArmErrorDetail,
}

#[derive(Debug, Deserialize)]
pub(crate) struct ArmErrorDetail {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub message: String,
}

/// The `code` and `message` of an error body, or a description of the body when it is not
/// ARM-shaped (a proxy's HTML page, an empty 502), so the message is never just a status.
pub(crate) fn parse_error_body(status: u16, body: &[u8]) -> (String, String) {
    if let Ok(parsed) = serde_json::from_slice::<ArmErrorBody>(body) {
        let code = if parsed.error.code.is_empty() {
            status_reason(status).to_owned()
        } else {
            parsed.error.code
        };
        return (code, parsed.error.message);
    }
    let text = String::from_utf8_lossy(body);
    let snippet: String = text.chars().take(200).collect();
    let message = if snippet.trim().is_empty() {
        "the response had no error body".to_owned()
    } else {
        format!("the response was not an ARM error body: {}", snippet.trim())
    };
    (status_reason(status).to_owned(), message)
}

fn status_reason(status: u16) -> &'static str {
    reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("HttpError")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arm_body_gives_code_and_message() {
        let body = br#"{"error":{"code":"BadRequest","message":"Invalid kind"}}"#;
        assert_eq!(parse_error_body(400, body), ("BadRequest".into(), "Invalid kind".into()));
    }

    #[test]
    fn non_arm_body_still_gives_a_message() {
        let (code, message) = parse_error_body(502, b"<html>Bad gateway</html>");
        assert_eq!(code, "Bad Gateway");
        assert!(message.contains("<html>Bad gateway</html>"), "{message}");
        let (_, message) = parse_error_body(503, b"");
        assert_eq!(message, "the response had no error body");
    }

    #[test]
    fn display_names_code_message_and_request_id() {
        let error = Error::Arm(Box::new(ArmError {
            method: "PUT".into(),
            path: "/x/alertRules/r1".into(),
            status: 400,
            code: "BadRequest".into(),
            message: "Missing query".into(),
            request_id: "rid-1".into(),
            client_request_id: "cid-1".into(),
        }));
        let text = error.to_string();
        assert!(text.contains("BadRequest: Missing query (x-ms-request-id: rid-1)"), "{text}");
    }
}
