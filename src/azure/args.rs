//! Command-line options shared by every command that talks to a workspace.
//!
//! Commands `#[command(flatten)]` an [`AzureArgs`] and call [`AzureArgs::connect`]; the
//! command then prints the returned credential description on stderr through the printer.

use clap::Args;
use reqwest::Url;

use super::auth::{self, AuthEnv, AuthMode, AuthSettings, Choice};
use super::cloud::Cloud;
use super::error::{Error, Result};
use super::workspace::Workspace;
use super::{ClientOptions, DEFAULT_CONCURRENCY, SentinelClient};

/// Where the workspace is and how to reach it.
#[derive(Clone, Debug, Args)]
pub struct AzureArgs {
    /// Use the workspace (and overrides) of `[environments.NAME]` in sentinelctl.toml.
    #[arg(
        long = "env",
        short = 'e',
        visible_alias = "environment",
        value_name = "NAME",
        env = "SENTINELCTL_ENVIRONMENT"
    )]
    pub environment: Option<String>,
    /// Azure subscription id of the workspace.
    #[arg(long, value_name = "ID", env = "AZURE_SUBSCRIPTION_ID")]
    pub subscription: Option<String>,
    /// Resource group of the workspace.
    #[arg(long, value_name = "NAME")]
    pub resource_group: Option<String>,
    /// Log Analytics workspace name.
    #[arg(long, value_name = "NAME")]
    pub workspace: Option<String>,
    /// Azure cloud: ARM endpoint and sign-in authority.
    #[arg(long, value_enum, default_value_t = Cloud::Public)]
    pub cloud: Cloud,
    /// ARM base URL instead of the cloud's (e.g. `http://127.0.0.1:8080` for the emulator).
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<Url>,
    /// How to authenticate.
    #[arg(long, value_enum, default_value_t = AuthMode::Auto)]
    pub auth: AuthMode,
    /// Most ARM requests in flight at once.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_CONCURRENCY as u16,
          value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: u16,
}

impl AzureArgs {
    /// The ARM base URL these options address.
    pub fn endpoint(&self) -> Result<Url> {
        match &self.endpoint {
            Some(url) => Ok(url.clone()),
            None => Url::parse(self.cloud.arm_endpoint()).map_err(|e| Error::Config(e.to_string())),
        }
    }

    /// A client for the addressed workspace, and which credential it uses.
    pub fn connect(&self, environments: &toml::Table) -> Result<(SentinelClient, Choice)> {
        self.connect_to(self.workspace(environments)?)
    }

    /// The workspace the options and `environments` name.
    pub fn workspace(&self, environments: &toml::Table) -> Result<Workspace> {
        Workspace::resolve(
            self.environment.as_deref(),
            environments,
            self.subscription.as_deref(),
            self.resource_group.as_deref(),
            self.workspace.as_deref(),
        )
    }

    /// A client of `workspace` with the endpoint, credential and concurrency of the options.
    pub fn connect_to(&self, workspace: Workspace) -> Result<(SentinelClient, Choice)> {
        let endpoint = self.endpoint()?;
        let settings = AuthSettings { mode: self.auth, cloud: self.cloud, ..Default::default() };
        let credential = auth::build(&settings, &AuthEnv::from_process(), &endpoint)?;
        let choice = credential.as_ref().map_or(Choice::None, |c| c.choice());
        let mut options = ClientOptions::new(endpoint);
        options.concurrency = usize::from(self.concurrency);
        Ok((SentinelClient::new(workspace, credential, options)?, choice))
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Parser)]
    struct Wrapper {
        #[command(flatten)]
        azure: AzureArgs,
    }

    fn parse(args: &[&str]) -> AzureArgs {
        Wrapper::try_parse_from(std::iter::once("test").chain(args.iter().copied())).unwrap().azure
    }

    #[test]
    fn environment_and_emulator_endpoint() {
        let environments: toml::Table = toml::from_str(
            "[dev]\nsubscription = \"s\"\nresource_group = \"rg\"\nworkspace = \"law\"\n",
        )
        .unwrap();
        let args = parse(&["-e", "dev", "--endpoint", "http://127.0.0.1:8080", "--auth", "none"]);
        assert_eq!(args.concurrency, 8);
        let (client, choice) = args.connect(&environments).unwrap();
        assert_eq!(choice, Choice::None);
        assert_eq!(client.workspace().name, "law");
    }

    #[test]
    fn clouds_concurrency_and_refusals() {
        let args = parse(&["--cloud", "usgov", "--concurrency", "3"]);
        assert_eq!(args.endpoint().unwrap().as_str(), "https://management.usgovcloudapi.net/");
        assert_eq!(args.concurrency, 3);
        assert!(Wrapper::try_parse_from(["test", "--concurrency", "0"]).is_err());
        let args = parse(&[
            "--subscription",
            "s",
            "--resource-group",
            "rg",
            "--workspace",
            "law",
            "--auth",
            "none",
        ]);
        let error = args.connect(&toml::Table::new()).unwrap_err().to_string();
        assert!(error.contains("--auth none is only allowed for a loopback"), "{error}");
    }
}
