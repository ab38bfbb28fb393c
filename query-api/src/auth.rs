//! JWT bearer auth: HS256 only (the algorithm is pinned, so `none` and algorithm confusion are
//! refused), with expiry, not-before, issuer and audience checked. Roles: `reader` and `admin`
//! (an admin is also a reader).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::StatusCode;
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use tributary_runtime::HttpError;

/// A role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// May read.
    Reader,
    /// May read and administer.
    Admin,
}

/// The claims Tributary's tokens carry.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    /// Subject (who).
    pub sub: String,
    /// Issuer.
    pub iss: String,
    /// Audience.
    pub aud: String,
    /// Expiry (seconds since the epoch).
    pub exp: i64,
    /// Issued at.
    pub iat: i64,
    /// Not before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nbf: Option<i64>,
    /// Roles: `reader`, `admin`.
    #[serde(default)]
    pub roles: Vec<String>,
}

impl Claims {
    /// Whether the token grants `role`.
    pub fn has(&self, role: Role) -> bool {
        let admin = self.roles.iter().any(|r| r == "admin");
        match role {
            Role::Admin => admin,
            Role::Reader => admin || self.roles.iter().any(|r| r == "reader"),
        }
    }
}

/// Verifies tokens.
#[derive(Clone)]
pub struct Verifier {
    key: Arc<DecodingKey>,
    validation: Arc<Validation>,
}

impl Verifier {
    /// A verifier of HS256 tokens signed with `secret`, for `issuer` and `audience`.
    pub fn new(secret: &[u8], issuer: &str, audience: &str) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[issuer]);
        validation.set_audience(&[audience]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.validate_nbf = true;
        validation.leeway = 30;
        Self {
            key: Arc::new(DecodingKey::from_secret(secret)),
            validation: Arc::new(validation),
        }
    }

    /// The claims of a valid token, or why it is refused.
    pub fn verify(&self, token: &str) -> Result<Claims, AuthError> {
        jsonwebtoken::decode::<Claims>(token, &self.key, &self.validation)
            .map(|data| data.claims)
            .map_err(|e| AuthError::Invalid(reason(e.kind())))
    }
}

fn reason(kind: &ErrorKind) -> &'static str {
    match kind {
        ErrorKind::ExpiredSignature => "token expired",
        ErrorKind::ImmatureSignature => "token not yet valid",
        ErrorKind::InvalidIssuer => "wrong issuer",
        ErrorKind::InvalidAudience => "wrong audience",
        ErrorKind::InvalidSignature => "invalid signature",
        ErrorKind::InvalidAlgorithm | ErrorKind::InvalidAlgorithmName => "algorithm not allowed",
        ErrorKind::MissingRequiredClaim(_) => "a required claim is missing",
        ErrorKind::InvalidSubject => "invalid subject",
        _ => "malformed token",
    }
}

/// Why a request is not authorized.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// No `Authorization` header.
    #[error("missing bearer token")]
    Missing,
    /// Not `Bearer <token>`.
    #[error("malformed Authorization header: expected Bearer <token>")]
    Malformed,
    /// The token is refused.
    #[error("invalid token: {0}")]
    Invalid(&'static str),
    /// Valid token, missing role.
    #[error("this requires the {0} role")]
    Forbidden(&'static str),
}

impl From<AuthError> for HttpError {
    fn from(e: AuthError) -> Self {
        match e {
            AuthError::Forbidden(_) => {
                HttpError::new(StatusCode::FORBIDDEN, "forbidden", e.to_string())
            }
            _ => HttpError::new(StatusCode::UNAUTHORIZED, "unauthorized", e.to_string()),
        }
    }
}

/// Anything that holds a [`Verifier`].
pub trait HasVerifier {
    /// The verifier.
    fn verifier(&self) -> &Verifier;
}

/// An authenticated reader (or admin): use as a handler argument.
#[derive(Debug, Clone)]
pub struct Reader(pub Claims);

/// An authenticated admin: use as a handler argument.
#[derive(Debug, Clone)]
pub struct Admin(pub Claims);

fn authenticate<S: HasVerifier>(parts: &Parts, state: &S) -> Result<Claims, AuthError> {
    let header = parts
        .headers
        .get("authorization")
        .ok_or(AuthError::Missing)?
        .to_str()
        .map_err(|_| AuthError::Malformed)?;
    let token = header
        .strip_prefix("Bearer ")
        .or_else(|| header.strip_prefix("bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or(AuthError::Malformed)?;
    state.verifier().verify(token)
}

impl<S: HasVerifier + Send + Sync> FromRequestParts<S> for Reader {
    type Rejection = HttpError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let claims = authenticate(parts, state)?;
        if !claims.has(Role::Reader) {
            return Err(AuthError::Forbidden("reader").into());
        }
        Ok(Reader(claims))
    }
}

/// An authenticated reader whose token may also come as the `access_token` query parameter:
/// for pages opened in a browser and for `EventSource`, which cannot set headers. Used only on
/// `GET` routes; the request log records route templates, never query strings.
#[derive(Debug, Clone)]
pub struct BrowserReader(pub Claims);

fn query_token(parts: &Parts) -> Option<String> {
    axum::extract::Query::<std::collections::HashMap<String, String>>::try_from_uri(&parts.uri)
        .ok()
        .and_then(|q| q.0.get("access_token").cloned())
        .filter(|v| !v.is_empty())
}

impl<S: HasVerifier + Send + Sync> FromRequestParts<S> for BrowserReader {
    type Rejection = HttpError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let claims = match (
            parts.headers.contains_key("authorization"),
            query_token(parts),
        ) {
            (false, Some(token)) => state.verifier().verify(&token)?,
            _ => authenticate(parts, state)?,
        };
        if !claims.has(Role::Reader) {
            return Err(AuthError::Forbidden("reader").into());
        }
        Ok(BrowserReader(claims))
    }
}

impl<S: HasVerifier + Send + Sync> FromRequestParts<S> for Admin {
    type Rejection = HttpError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let claims = authenticate(parts, state)?;
        if !claims.has(Role::Admin) {
            return Err(AuthError::Forbidden("admin").into());
        }
        Ok(Admin(claims))
    }
}

/// Mints an HS256 token (for `tributary token`, the demo and tests).
pub fn mint(
    secret: &[u8],
    subject: &str,
    roles: &[&str],
    issuer: &str,
    audience: &str,
    ttl_secs: i64,
) -> Result<String, jsonwebtoken::errors::Error> {
    let now = chrono::Utc::now().timestamp();
    let claims = Claims {
        sub: subject.to_string(),
        iss: issuer.to_string(),
        aud: audience.to_string(),
        exp: now + ttl_secs,
        iat: now,
        nbf: None,
        roles: roles.iter().map(|r| r.to_string()).collect(),
    };
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(secret),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verify_matrix() {
        let v = Verifier::new(b"secret", "iss", "aud");
        let good = mint(b"secret", "u", &["reader"], "iss", "aud", 60).unwrap();
        let claims = v.verify(&good).expect("valid");
        assert!(claims.has(Role::Reader) && !claims.has(Role::Admin));
        let expired = mint(b"secret", "u", &["reader"], "iss", "aud", -3600).unwrap();
        assert_eq!(
            v.verify(&expired).unwrap_err(),
            AuthError::Invalid("token expired")
        );
        let wrong_key = mint(b"other", "u", &["reader"], "iss", "aud", 60).unwrap();
        assert_eq!(
            v.verify(&wrong_key).unwrap_err(),
            AuthError::Invalid("invalid signature")
        );
        let wrong_iss = mint(b"secret", "u", &["reader"], "x", "aud", 60).unwrap();
        assert_eq!(
            v.verify(&wrong_iss).unwrap_err(),
            AuthError::Invalid("wrong issuer")
        );
        let wrong_aud = mint(b"secret", "u", &["reader"], "iss", "x", 60).unwrap();
        assert_eq!(
            v.verify(&wrong_aud).unwrap_err(),
            AuthError::Invalid("wrong audience")
        );
        // alg: none, unsigned.
        let none = format!(
            "{}.{}.",
            base64::Engine::encode(
                &base64::engine::general_purpose::URL_SAFE_NO_PAD,
                br#"{"alg":"none","typ":"JWT"}"#
            ),
            good.split('.').nth(1).unwrap()
        );
        assert!(v.verify(&none).is_err());
        assert_eq!(
            v.verify("garbage").unwrap_err(),
            AuthError::Invalid("malformed token")
        );
        let admin = mint(b"secret", "u", &["admin"], "iss", "aud", 60).unwrap();
        assert!(v.verify(&admin).unwrap().has(Role::Reader));
    }
}
