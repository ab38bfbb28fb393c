//! The write credential: the routes that change the registry (register a schema version, set or
//! delete a compatibility level) need HTTP Basic authorization with the configured user and
//! password, compared in constant time; reads and compatibility checks stay open. Without a
//! configured password writes are open (the local stack), and [`crate::start`] says so in a
//! warning.

use crate::api::ApiError;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use secrecy::{ExposeSecret, SecretString};
use std::sync::Arc;

/// Who may write: the expected `Authorization: Basic` token, kept secret.
#[derive(Clone)]
pub struct WriteCredential {
    /// `base64(user:password)`, as a client sends it.
    token: SecretString,
}

impl std::fmt::Debug for WriteCredential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WriteCredential").finish_non_exhaustive()
    }
}

impl WriteCredential {
    /// The credential of `user` with `password`.
    pub fn new(user: &str, password: &SecretString) -> Self {
        let plain = format!("{user}:{}", password.expose_secret());
        Self {
            token: SecretString::from(base64(plain.as_bytes())),
        }
    }

    /// Whether an `Authorization` header value carries this credential (`Basic <token>`, the
    /// scheme in any case). The token is compared in constant time.
    pub fn admits(&self, authorization: Option<&HeaderValue>) -> bool {
        let Some(value) = authorization.and_then(|v| v.to_str().ok()) else {
            return false;
        };
        let Some((scheme, token)) = value.trim().split_once(' ') else {
            return false;
        };
        scheme.eq_ignore_ascii_case("basic")
            && constant_time_eq(
                token.trim().as_bytes(),
                self.token.expose_secret().as_bytes(),
            )
    }
}

/// Whether the route `path` (its template) with `method` changes the registry.
pub fn is_write(method: &Method, path: &str) -> bool {
    matches!(
        (method.as_str(), path),
        ("POST", "/subjects/{subject}/versions")
            | ("PUT", "/config")
            | ("PUT", "/config/{subject}")
            | ("DELETE", "/config/{subject}")
            | ("DELETE", "/subjects/{subject}")
            | ("DELETE", "/subjects/{subject}/versions/{version}")
    )
}

/// The middleware: a write without the credential is refused with 401 (Confluent's shape,
/// error code 40101) and a `WWW-Authenticate` challenge.
pub async fn require_write_credential(
    State(credential): State<Option<Arc<WriteCredential>>>,
    request: Request,
    next: Next,
) -> Response {
    let Some(credential) = credential else {
        return next.run(request).await;
    };
    let path = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    if !is_write(request.method(), &path)
        || credential.admits(request.headers().get(header::AUTHORIZATION))
    {
        return next.run(request).await;
    }
    tracing::warn!(
        method = %request.method(),
        route = %path,
        credential_sent = request.headers().contains_key(header::AUTHORIZATION),
        "registry write refused: missing or wrong credential"
    );
    let mut response = ApiError::unauthorized().into_response();
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Basic realm=\"tributary-registry\""),
    );
    response
}

/// Compares two byte strings in constant time (`subtle`; the lengths may leak, the contents
/// do not).
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.ct_eq(b).into()
}

/// Standard base64 with padding (RFC 4648), as HTTP Basic authorization uses.
fn base64(input: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(input)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("Aladdin:open sesame", "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded, "{plain}");
        }
    }

    #[test]
    fn only_the_exact_credential_is_admitted() {
        let c = WriteCredential::new("Aladdin", &SecretString::from("open sesame"));
        let header = |v: &str| HeaderValue::from_str(v).expect("header");
        assert!(c.admits(Some(&header("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="))));
        assert!(c.admits(Some(&header("basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="))));
        assert!(!c.admits(None));
        assert!(!c.admits(Some(&header("Basic QWxhZGRpbjpvcGVuIHNlc2FtZR=="))));
        assert!(!c.admits(Some(&header("Bearer QWxhZGRpbjpvcGVuIHNlc2FtZQ=="))));
        assert!(!c.admits(Some(&header("Basic QWxhZGRpbjpvcGVu"))));
        assert!(!c.admits(Some(&header("Basic"))));
        assert!(!format!("{c:?}").contains("QWxh"), "Debug shows no token");
    }

    #[test]
    fn writes_are_the_mutating_routes() {
        assert!(is_write(&Method::POST, "/subjects/{subject}/versions"));
        assert!(is_write(&Method::PUT, "/config"));
        assert!(is_write(&Method::DELETE, "/config/{subject}"));
        assert!(!is_write(&Method::GET, "/subjects/{subject}/versions"));
        assert!(!is_write(&Method::POST, "/subjects/{subject}"), "lookup");
        assert!(!is_write(
            &Method::POST,
            "/compatibility/subjects/{subject}/versions"
        ));
    }

    #[test]
    fn comparison_needs_equal_bytes_and_lengths() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abc\0"));
        assert!(!constant_time_eq(b"", b"a"));
    }
}
