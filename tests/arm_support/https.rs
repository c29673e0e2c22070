//! Local stand-ins that need more than the emulator: an HTTPS server with the test certificate
//! (azure_identity only talks HTTPS to an authority, and GitHub's token URL is HTTPS too), a
//! client that trusts it, and a front for the emulator that records each call's bearer token.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};

pub const CERT: &[u8] = include_bytes!("../fixtures/arm/test-token-endpoint.crt");
const KEY: &[u8] = include_bytes!("../fixtures/arm/test-token-endpoint.key");

/// Accepts TCP connections and completes the TLS handshake before axum sees them.
struct TlsListener {
    tcp: TcpListener,
    acceptor: TlsAcceptor,
}

impl axum::serve::Listener for TlsListener {
    type Io = tokio_rustls::server::TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            let Ok((stream, address)) = self.tcp.accept().await else { continue };
            if let Ok(tls) = self.acceptor.accept(stream).await {
                return (tls, address);
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        self.tcp.local_addr()
    }
}

/// Serves `router` over HTTPS on a free loopback port; returns `https://127.0.0.1:PORT`.
pub async fn serve_https(router: Router) -> String {
    let certs: Vec<CertificateDer<'static>> =
        CertificateDer::pem_slice_iter(CERT).collect::<Result<_, _>>().expect("cert");
    let key = PrivateKeyDer::from_pem_slice(KEY).expect("key");
    let provider = Arc::new(tokio_rustls::rustls::crypto::aws_lc_rs::default_provider());
    let config = tokio_rustls::rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("protocols")
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .expect("server config");
    let tcp = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = tcp.local_addr().expect("address");
    let listener = TlsListener { tcp, acceptor: TlsAcceptor::from(Arc::new(config)) };
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("https://{address}")
}

/// An HTTP client that trusts the test certificate (and the usual roots).
pub fn trusting_client() -> reqwest::Client {
    let certificate = reqwest::Certificate::from_pem(CERT).expect("test certificate");
    reqwest::Client::builder().tls_certs_merge([certificate]).build().expect("http client")
}

/// The `Authorization` header of every call that went through a [`recording_front`].
pub type SeenAuthorizations = Arc<Mutex<Vec<String>>>;

#[derive(Clone)]
struct Front {
    target: String,
    http: reqwest::Client,
    seen: SeenAuthorizations,
}

/// A plain-HTTP front for `target` (the emulator) that records each call's `Authorization`
/// header and passes the call on unchanged; returns its URL. Paged lists are not rewritten,
/// so use it for single calls.
pub async fn recording_front(target: String) -> (String, SeenAuthorizations) {
    let seen = SeenAuthorizations::default();
    let front = Front { target, http: reqwest::Client::new(), seen: seen.clone() };
    let router = Router::new().fallback(pass_on).with_state(front);
    let tcp = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = tcp.local_addr().expect("address");
    tokio::spawn(async move { axum::serve(tcp, router).await });
    (format!("http://{address}"), seen)
}

async fn pass_on(State(front): State<Front>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let authorization = parts.headers.get("authorization").and_then(|v| v.to_str().ok());
    front.seen.lock().expect("seen lock").push(authorization.unwrap_or_default().to_owned());
    let Ok(body) = axum::body::to_bytes(body, usize::MAX).await else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let mut headers = parts.headers.clone();
    headers.remove("host");
    let sent = front
        .http
        .request(parts.method, format!("{}{path}", front.target))
        .headers(headers)
        .body(body)
        .send()
        .await;
    let Ok(answer) = sent else { return StatusCode::BAD_GATEWAY.into_response() };
    let status = answer.status();
    let headers = answer.headers().clone();
    let body = answer.bytes().await.unwrap_or_default();
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    response
}
