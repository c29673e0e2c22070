//! The GitHub Actions OIDC token as a client assertion for Entra ID.
//!
//! azure_identity has no GitHub Actions credential; this small `ClientAssertion` asks the
//! runner for a fresh JWT (audience `api://AzureADTokenExchange`) every time Entra needs one,
//! so a long job never presents an expired assertion. The runner's request token is a secret
//! and never appears in `Debug` or in error messages.

use azure_core::credentials::Secret;
use azure_core::http::ClientMethodOptions;
use azure_identity::ClientAssertion;

use super::AuthEnv;
use crate::azure::error::Result;

/// The GitHub Actions OIDC token, fetched fresh for each Entra token request.
///
/// See: <https://docs.github.com/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect>
pub struct GithubOidcAssertion {
    request_url: String,
    pub(super) request_token: Secret,
    http: reqwest::Client,
}

impl std::fmt::Debug for GithubOidcAssertion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GithubOidcAssertion").finish_non_exhaustive()
    }
}

/// The audience Entra expects in a federated GitHub token.
pub const GITHUB_AUDIENCE: &str = "api://AzureADTokenExchange";

impl GithubOidcAssertion {
    pub fn from_env(env: &AuthEnv, http: Option<reqwest::Client>) -> Result<Self> {
        Ok(Self {
            request_url: env.require("ACTIONS_ID_TOKEN_REQUEST_URL", "github-oidc")?,
            request_token: Secret::new(
                env.require("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "github-oidc")?,
            ),
            http: http.unwrap_or_default(),
        })
    }

    /// Asks the runner for a JWT with our audience.
    pub async fn fetch(&self) -> std::result::Result<String, String> {
        let mut url = reqwest::Url::parse(&self.request_url)
            .map_err(|e| format!("invalid ACTIONS_ID_TOKEN_REQUEST_URL: {e}"))?;
        url.query_pairs_mut().append_pair("audience", GITHUB_AUDIENCE);
        let response = self
            .http
            .get(url)
            .bearer_auth(self.request_token.secret())
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(|e| {
                format!("failed to reach the GitHub OIDC endpoint: {}", e.without_url())
            })?;
        let status = response.status();
        if !status.is_success() {
            return Err(format!("the GitHub OIDC endpoint answered {status}"));
        }
        let body: serde_json::Value = response
            .json()
            .await
            .map_err(|e| format!("invalid GitHub OIDC answer: {}", e.without_url()))?;
        body.get("value")
            .and_then(|v| v.as_str())
            .map(str::to_owned)
            .ok_or_else(|| "the GitHub OIDC answer has no `value`".to_owned())
    }
}

#[async_trait::async_trait]
impl ClientAssertion for GithubOidcAssertion {
    async fn secret(
        &self,
        _options: Option<ClientMethodOptions<'_>>,
    ) -> azure_core::Result<String> {
        self.fetch().await.map_err(|message| {
            azure_core::Error::with_message(azure_core::error::ErrorKind::Credential, message)
        })
    }
}
