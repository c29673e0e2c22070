//! Follows ARM's `nextLink` through a paged list.
//!
//! A `nextLink` is used verbatim, except that `api-version` is put back if the service left it
//! out (azure_core's generated pagers do the same). A link to another host is refused: it
//! would carry our bearer token to a server we did not choose. A link seen twice ends the
//! walk with an error instead of looping forever.

use std::collections::HashSet;

use reqwest::{Method, Url};
use serde::Deserialize;
use serde_json::Value;

use super::SentinelClient;
use super::error::{Error, Result};

/// One page of an ARM list: `{ "value": [...], "nextLink": "..." }`.
#[derive(Debug, Deserialize)]
struct Page {
    #[serde(default)]
    value: Vec<Value>,
    #[serde(default, rename = "nextLink")]
    next_link: Option<String>,
}

impl SentinelClient {
    /// Every item of the list at `path`, following `nextLink` to the end.
    pub(crate) async fn list_all(&self, path: &str, api_version: &str) -> Result<Vec<Value>> {
        let mut url = self.url(path, api_version)?;
        let mut seen = HashSet::new();
        let mut items = Vec::new();
        loop {
            let response = self.pipeline.send(Method::GET, url.clone(), None).await?;
            let page = parse_page(&response.body, url.path())?;
            items.extend(page.value);
            let Some(next) = page.next_link.filter(|link| !link.is_empty()) else {
                return Ok(items);
            };
            let next_url = self.next_url(&next, api_version)?;
            if !seen.insert(next_url.to_string()) {
                return Err(Error::DataConversion {
                    path: url.path().to_owned(),
                    message: "the service returned the same nextLink twice".into(),
                });
            }
            tracing::trace!(path = next_url.path(), "following nextLink");
            url = next_url;
        }
    }

    fn next_url(&self, link: &str, api_version: &str) -> Result<Url> {
        let bad = |message: String| Error::DataConversion {
            path: self.endpoint.path().to_owned(),
            message,
        };
        let mut url =
            self.endpoint.join(link).map_err(|e| bad(format!("invalid nextLink: {e}")))?;
        if url.origin() != self.endpoint.origin() {
            return Err(bad(format!(
                "refusing a nextLink to another host ({})",
                url.origin().ascii_serialization()
            )));
        }
        if !url.query_pairs().any(|(key, _)| key.eq_ignore_ascii_case("api-version")) {
            url.query_pairs_mut().append_pair("api-version", api_version);
        }
        Ok(url)
    }
}

/// Parses a page; savedSearches in some versions answer a bare array, which is one last page.
fn parse_page(body: &[u8], path: &str) -> Result<Page> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| Error::DataConversion { path: path.to_owned(), message: e.to_string() })?;
    match value {
        Value::Array(items) => Ok(Page { value: items, next_link: None }),
        other => serde_json::from_value(other)
            .map_err(|e| Error::DataConversion { path: path.to_owned(), message: e.to_string() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_arrays_and_envelopes() {
        let page = parse_page(br#"[{"a":1}]"#, "/p").unwrap();
        assert_eq!((page.value.len(), page.next_link), (1, None));
        let page = parse_page(br#"{"value":[],"nextLink":"http://x/y"}"#, "/p").unwrap();
        assert_eq!(page.next_link.as_deref(), Some("http://x/y"));
        assert!(parse_page(b"nope", "/p").is_err());
    }
}
