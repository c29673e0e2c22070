//! Choosing and building the credential that signs ARM calls (`--auth`).
//!
//! `auto` picks, in order: GitHub Actions OIDC (`ACTIONS_ID_TOKEN_REQUEST_URL`/`_TOKEN` with
//! `AZURE_CLIENT_ID`/`AZURE_TENANT_ID`), workload identity (`AZURE_FEDERATED_TOKEN_FILE`), a
//! client secret (`AZURE_CLIENT_SECRET`), managed identity (`IDENTITY_ENDPOINT`, as App
//! Service, Functions and Container Apps set it; on a VM pass `--auth managed-identity`), and
//! finally the Azure CLI. The choice is a pure function of the environment so it can be tested
//! without touching the process environment. `none` is for the emulator only.
//!
//! Secrets stay out of logs and messages: a client secret is only ever read from the
//! environment, a [`Credential`]'s `Debug` names the kind of credential and nothing else, and
//! every credential error is passed through [`Credential::redact`] before it is shown.

use std::collections::HashMap;
use std::sync::Arc;

use azure_core::credentials::{Secret, TokenCredential};
use azure_identity::{
    AzureCliCredential, AzureCliCredentialOptions, ClientAssertionCredential,
    ClientAssertionCredentialOptions, ClientSecretCredential, ClientSecretCredentialOptions,
    Executor, ManagedIdentityCredential, ManagedIdentityCredentialOptions, UserAssignedId,
    WorkloadIdentityCredential, WorkloadIdentityCredentialOptions,
};
use clap::ValueEnum;

use super::cloud::{self, Cloud};
use super::error::{Error, Result};

/// `--auth`: how to get a token.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum AuthMode {
    /// The first that applies: github-oidc, workload-identity, secret, managed-identity, cli.
    #[default]
    Auto,
    /// The Azure CLI's signed-in account (`az login`).
    Cli,
    /// A service principal's secret from `AZURE_CLIENT_SECRET` (never a flag).
    Secret,
    /// A federated token file (`AZURE_FEDERATED_TOKEN_FILE`), as in AKS workload identity.
    WorkloadIdentity,
    /// GitHub Actions' OIDC token exchanged for an Entra token (`permissions: id-token: write`).
    GithubOidc,
    /// The managed identity of the Azure host (user-assigned when `AZURE_CLIENT_ID` is set).
    ManagedIdentity,
    /// No token; only for a loopback `--endpoint` such as the emulator.
    None,
}

/// The credential a mode resolved to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    GithubOidc,
    WorkloadIdentity,
    ClientSecret,
    ManagedIdentity,
    AzureCli,
    None,
}

impl Choice {
    /// Words for the one-line "authenticating with …" message.
    pub fn describe(self) -> &'static str {
        match self {
            Choice::GithubOidc => "GitHub Actions OIDC (federated credential)",
            Choice::WorkloadIdentity => "workload identity (AZURE_FEDERATED_TOKEN_FILE)",
            Choice::ClientSecret => "client secret (AZURE_CLIENT_SECRET)",
            Choice::ManagedIdentity => "managed identity",
            Choice::AzureCli => "Azure CLI (az login)",
            Choice::None => "no authentication (loopback endpoint)",
        }
    }
}

/// The environment variables authentication reads, captured once (tests pass their own).
#[derive(Clone, Default)]
pub struct AuthEnv(HashMap<String, String>);

impl std::fmt::Debug for AuthEnv {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Names only: the values include secrets.
        f.debug_set().entries(self.0.keys()).finish()
    }
}

const VARIABLES: &[&str] = &[
    "ACTIONS_ID_TOKEN_REQUEST_URL",
    "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
    "AZURE_CLIENT_ID",
    "AZURE_TENANT_ID",
    "AZURE_CLIENT_SECRET",
    "AZURE_FEDERATED_TOKEN_FILE",
    "IDENTITY_ENDPOINT",
];

impl AuthEnv {
    /// The relevant variables of this process; empty values count as unset.
    pub fn from_process() -> Self {
        Self::from_pairs(
            VARIABLES.iter().filter_map(|name| Some((*name, std::env::var(name).ok()?))),
        )
    }

    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, String)>) -> Self {
        Self(
            pairs
                .into_iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| (k.to_owned(), v))
                .collect(),
        )
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    fn has(&self, names: &[&str]) -> bool {
        names.iter().all(|name| self.0.contains_key(*name))
    }

    fn require(&self, name: &str, mode: &str) -> Result<String> {
        self.get(name).map(str::to_owned).ok_or_else(|| {
            Error::Config(format!("--auth {mode} needs the environment variable {name}"))
        })
    }
}

/// Which credential `mode` means in `env`.
pub fn choose(mode: AuthMode, env: &AuthEnv) -> Choice {
    match mode {
        AuthMode::Cli => Choice::AzureCli,
        AuthMode::Secret => Choice::ClientSecret,
        AuthMode::WorkloadIdentity => Choice::WorkloadIdentity,
        AuthMode::GithubOidc => Choice::GithubOidc,
        AuthMode::ManagedIdentity => Choice::ManagedIdentity,
        AuthMode::None => Choice::None,
        AuthMode::Auto => {
            let ids = ["AZURE_CLIENT_ID", "AZURE_TENANT_ID"];
            if env.has(&["ACTIONS_ID_TOKEN_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_TOKEN"])
                && env.has(&ids)
            {
                Choice::GithubOidc
            } else if env.has(&["AZURE_FEDERATED_TOKEN_FILE"]) {
                Choice::WorkloadIdentity
            } else if env.has(&["AZURE_CLIENT_SECRET"]) {
                Choice::ClientSecret
            } else if env.has(&["IDENTITY_ENDPOINT"]) {
                Choice::ManagedIdentity
            } else {
                Choice::AzureCli
            }
        }
    }
}

/// A token source for the pipeline. `Debug` shows only its kind.
#[derive(Clone)]
pub struct Credential {
    pub(crate) inner: Arc<dyn TokenCredential>,
    pub(crate) scope: String,
    pub(crate) choice: Choice,
    /// Values that must never appear in a message (client secret, GitHub request token).
    secrets: Arc<Vec<Secret>>,
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credential")
            .field("kind", &self.choice)
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}

impl Credential {
    /// Wraps any azure_core credential (tests, or a credential built elsewhere).
    pub fn from_token_credential(
        inner: Arc<dyn TokenCredential>,
        scope: String,
        choice: Choice,
    ) -> Self {
        Self { inner, scope, choice, secrets: Arc::new(Vec::new()) }
    }

    /// Which credential this is.
    pub fn choice(&self) -> Choice {
        self.choice
    }

    /// `text` with our secrets and anything shaped like a JWT replaced by `[redacted]`.
    pub fn redact(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for secret in self.secrets.iter().map(Secret::secret).filter(|s| s.len() >= 4) {
            out = out.replace(secret, "[redacted]");
        }
        redact_jwts(&out)
    }
}

/// Replaces words that look like JWTs (`eyJ…`, the base64 of `{"`), which is what access
/// tokens and federated assertions are.
fn redact_jwts(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("eyJ") {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || "-_.=".contains(c)))
            .unwrap_or(tail.len());
        out.push_str("[redacted]");
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// Everything [`build`] needs besides the environment.
#[derive(Clone, Debug, Default)]
pub struct AuthSettings {
    pub mode: AuthMode,
    pub cloud: Cloud,
    /// Overrides the cloud's Entra authority (tests: a local HTTPS fake).
    pub authority_host: Option<String>,
    /// HTTP client for token requests (tests: one that trusts a test certificate).
    pub http_client: Option<reqwest::Client>,
    /// Runs `az` (tests: a fake).
    pub cli_executor: Option<Arc<dyn Executor>>,
}

/// Builds the credential for `settings` in `env`; `None` for `--auth none` on a loopback
/// `endpoint` (anything else is refused).
pub fn build(
    settings: &AuthSettings,
    env: &AuthEnv,
    endpoint: &reqwest::Url,
) -> Result<Option<Credential>> {
    let choice = choose(settings.mode, env);
    tracing::debug!(credential = choice.describe(), "chose credential");
    let scope = settings.cloud.scope();
    let failed = |e: azure_core::Error| Error::Credential {
        credential: choice.describe().into(),
        message: e.to_string(),
    };
    let client_options = || client_options(settings);
    let mut secrets = Vec::new();
    let inner: Arc<dyn TokenCredential> = match choice {
        Choice::None if cloud::is_loopback(endpoint) => return Ok(None),
        Choice::None => {
            return Err(Error::Config(format!(
                "--auth none is only allowed for a loopback --endpoint, not {endpoint}"
            )));
        }
        Choice::AzureCli => {
            let options = AzureCliCredentialOptions {
                executor: settings.cli_executor.clone(),
                ..Default::default()
            };
            AzureCliCredential::new(Some(options)).map_err(failed)?
        }
        Choice::ClientSecret => {
            let secret = Secret::new(env.require("AZURE_CLIENT_SECRET", "secret")?);
            secrets.push(secret.clone());
            let options = ClientSecretCredentialOptions { client_options: client_options() };
            let tenant = env.require("AZURE_TENANT_ID", "secret")?;
            let client = env.require("AZURE_CLIENT_ID", "secret")?;
            ClientSecretCredential::new(&tenant, client, secret, Some(options)).map_err(failed)?
        }
        Choice::WorkloadIdentity => {
            // From `env`, not left to azure_identity's own reading of the process
            // environment, so the credential uses the values the choice was made from.
            let mode = "workload-identity";
            let options = WorkloadIdentityCredentialOptions {
                credential_options: ClientAssertionCredentialOptions {
                    client_options: client_options(),
                },
                client_id: Some(env.require("AZURE_CLIENT_ID", mode)?),
                tenant_id: Some(env.require("AZURE_TENANT_ID", mode)?),
                token_file_path: Some(env.require("AZURE_FEDERATED_TOKEN_FILE", mode)?.into()),
            };
            WorkloadIdentityCredential::new(Some(options)).map_err(failed)?
        }
        Choice::GithubOidc => {
            let assertion = GithubOidcAssertion::from_env(env, settings.http_client.clone())?;
            secrets.push(assertion.request_token.clone());
            let options = ClientAssertionCredentialOptions { client_options: client_options() };
            let tenant = env.require("AZURE_TENANT_ID", "github-oidc")?;
            let client = env.require("AZURE_CLIENT_ID", "github-oidc")?;
            ClientAssertionCredential::new(tenant, client, assertion, Some(options))
                .map_err(failed)?
        }
        Choice::ManagedIdentity => {
            let user_assigned_id =
                env.get("AZURE_CLIENT_ID").map(|id| UserAssignedId::ClientId(id.to_owned()));
            let options = ManagedIdentityCredentialOptions {
                user_assigned_id,
                client_options: client_options(),
            };
            ManagedIdentityCredential::new(Some(options)).map_err(failed)?
        }
    };
    Ok(Some(Credential { inner, scope, choice, secrets: Arc::new(secrets) }))
}

fn client_options(settings: &AuthSettings) -> azure_core::http::ClientOptions {
    use azure_core::cloud::{CloudConfiguration, CustomConfiguration};
    let cloud = match &settings.authority_host {
        Some(host) => {
            let mut custom = CustomConfiguration::default();
            custom.authority_host = host.clone();
            CloudConfiguration::from(custom)
        }
        None => settings.cloud.configuration(),
    };
    let transport = settings
        .http_client
        .clone()
        .map(|client| azure_core::http::Transport::new(Arc::new(client)));
    // A local authority (tests) answers at once or not at all: retrying only slows failures.
    let retry = if settings.authority_host.is_some() {
        azure_core::http::RetryOptions::none()
    } else {
        azure_core::http::RetryOptions::default()
    };
    azure_core::http::ClientOptions {
        cloud: Some(Arc::new(cloud)),
        transport,
        retry,
        ..Default::default()
    }
}

mod github;

pub use github::{GITHUB_AUDIENCE, GithubOidcAssertion};

#[cfg(test)]
mod tests;
