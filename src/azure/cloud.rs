//! Which Azure cloud to talk to: its ARM endpoint, its Entra authority and the token scope.
//!
//! `--endpoint` overrides only the ARM base URL (the emulator, a proxy); the authority still
//! comes from the cloud, because azure_identity takes it from its own cloud configuration.
//!
//! See: <https://learn.microsoft.com/powershell/module/az.accounts/get-azenvironment>

use clap::ValueEnum;

/// An Azure cloud (`--cloud`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Cloud {
    /// Azure public cloud.
    #[default]
    Public,
    /// Azure US Government.
    #[value(name = "usgov")]
    UsGov,
    /// Azure operated by 21Vianet (China).
    China,
}

impl Cloud {
    /// Base URL of Azure Resource Manager, without a trailing slash.
    pub fn arm_endpoint(self) -> &'static str {
        match self {
            Cloud::Public => "https://management.azure.com",
            Cloud::UsGov => "https://management.usgovcloudapi.net",
            Cloud::China => "https://management.chinacloudapi.cn",
        }
    }

    /// The Entra ID authority that issues tokens for this cloud.
    pub fn authority_host(self) -> &'static str {
        match self {
            Cloud::Public => "https://login.microsoftonline.com",
            Cloud::UsGov => "https://login.microsoftonline.us",
            Cloud::China => "https://login.chinacloudapi.cn",
        }
    }

    /// The OAuth scope for ARM tokens (`<ARM endpoint>/.default` by SDK convention).
    pub fn scope(self) -> String {
        format!("{}/.default", self.arm_endpoint())
    }

    /// azure_core's name for the same cloud, so credentials use the right authority.
    pub(crate) fn configuration(self) -> azure_core::cloud::CloudConfiguration {
        use azure_core::cloud::CloudConfiguration;
        match self {
            Cloud::Public => CloudConfiguration::AzurePublic,
            Cloud::UsGov => CloudConfiguration::AzureGovernment,
            Cloud::China => CloudConfiguration::AzureChina,
        }
    }
}

/// Whether `url` points at this machine (`localhost`, `127.0.0.0/8`, `::1`): the only place
/// where `--auth none` is allowed, because only the emulator accepts unauthenticated calls.
pub fn is_loopback(url: &reqwest::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clouds_have_their_endpoints_and_scopes() {
        assert_eq!(Cloud::Public.scope(), "https://management.azure.com/.default");
        assert_eq!(Cloud::UsGov.arm_endpoint(), "https://management.usgovcloudapi.net");
        assert_eq!(Cloud::China.authority_host(), "https://login.chinacloudapi.cn");
    }

    #[test]
    fn loopback_detection() {
        for url in ["http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:5"] {
            assert!(is_loopback(&url.parse().unwrap()), "{url}");
        }
        for url in ["https://management.azure.com", "http://10.0.0.1", "http://localhost.evil.com"]
        {
            assert!(!is_loopback(&url.parse().unwrap()), "{url}");
        }
    }
}
