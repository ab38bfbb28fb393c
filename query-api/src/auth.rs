//! JWT bearer auth with expiry, not-before, issuer and audience checked. Roles: `reader` and
//! `admin` (an admin is also a reader).
//!
//! Keys: the HS256 secret (`--jwt-secret`) verifies tokens without a key id; a keys file
//! (`--jwt-keys-file`, [`KeyFile`]) holds more keys by `kid`, HS256 or RS256, and is reloaded
//! when it changes, so keys rotate without a restart. Each key pins its algorithm: a token whose
//! header names another one (`none`, or HS256 with an RSA key's id: the HS/RS confusion) is
//! refused before any signature is checked.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, Uri};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;
use tributary_base::config::MIN_SECRET_BYTES;
use tributary_http::HttpError;

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

/// One verification key with the one algorithm it accepts.
#[derive(Clone)]
struct PinnedKey {
    algorithm: Algorithm,
    key: DecodingKey,
}

/// The keys in force: the secret for tokens without a key id, and keys by id.
#[derive(Clone, Default)]
struct KeySet {
    default: Option<PinnedKey>,
    by_id: HashMap<String, PinnedKey>,
}

/// A keys file: `{"keys": [{"kid": "...", "alg": "HS256", "secret": "..."},
/// {"kid": "...", "alg": "RS256", "public_key_pem": "-----BEGIN PUBLIC KEY-----..."}]}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyFile {
    /// The keys.
    pub keys: Vec<KeyEntry>,
}

/// One key of a [`KeyFile`]. `Debug` never shows a secret.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyEntry {
    /// Its id: tokens name it in their header's `kid`.
    pub kid: String,
    /// `HS256` or `RS256`.
    pub alg: String,
    /// The HMAC secret (HS256), at least 32 bytes.
    #[serde(default, deserialize_with = "secret")]
    pub secret: Option<SecretString>,
    /// The RSA public key in PEM (RS256).
    #[serde(default)]
    pub public_key_pem: Option<String>,
}

/// Reads a key's secret straight into a [`SecretString`].
fn secret<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<SecretString>, D::Error> {
    Ok(Option::<String>::deserialize(d)?.map(SecretString::from))
}

/// Why a keys file was not loaded (the keys in force stay).
#[derive(Debug, thiserror::Error)]
pub enum KeysError {
    /// Unreadable file.
    #[error("reading the JWT keys file {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// Not a keys file.
    #[error("the JWT keys file {path} is not valid: {reason}")]
    Invalid {
        /// The file.
        path: String,
        /// What is wrong (never a key's material).
        reason: String,
    },
}

impl KeySet {
    fn from_file(path: &Path, default: Option<PinnedKey>) -> Result<Self, KeysError> {
        let shown = path.display().to_string();
        let invalid = |reason: String| KeysError::Invalid {
            path: shown.clone(),
            reason,
        };
        let text = std::fs::read_to_string(path).map_err(|source| KeysError::Read {
            path: shown.clone(),
            source,
        })?;
        let file: KeyFile = serde_json::from_str(&text).map_err(|e| invalid(format!("{e}")))?;
        let mut by_id = HashMap::new();
        for entry in file.keys {
            let key = match (entry.alg.as_str(), &entry.secret, &entry.public_key_pem) {
                ("HS256", Some(secret), None)
                    if secret.expose_secret().len() >= MIN_SECRET_BYTES =>
                {
                    PinnedKey {
                        algorithm: Algorithm::HS256,
                        key: DecodingKey::from_secret(secret.expose_secret().as_bytes()),
                    }
                }
                ("HS256", Some(_), None) => {
                    return Err(invalid(format!(
                        "key {}: an HS256 secret needs at least {MIN_SECRET_BYTES} bytes",
                        entry.kid
                    )))
                }
                ("RS256", None, Some(pem)) => PinnedKey {
                    algorithm: Algorithm::RS256,
                    key: DecodingKey::from_rsa_pem(pem.as_bytes()).map_err(|_| {
                        invalid(format!("key {}: not an RSA public key in PEM", entry.kid))
                    })?,
                },
                _ => {
                    return Err(invalid(format!(
                        "key {}: alg must be HS256 with a secret or RS256 with public_key_pem",
                        entry.kid
                    )))
                }
            };
            if by_id.insert(entry.kid.clone(), key).is_some() {
                return Err(invalid(format!("key id {} appears twice", entry.kid)));
            }
        }
        Ok(Self { default, by_id })
    }
}

/// The algorithms any key may have; a token naming another is refused at once.
const ALLOWED_ALGORITHMS: &[&str] = &["HS256", "RS256"];

/// Verifies tokens.
#[derive(Clone)]
pub struct Verifier {
    keys: Arc<RwLock<KeySet>>,
    validation: Arc<Validation>,
}

impl Verifier {
    /// A verifier of HS256 tokens without a key id signed with `secret` (none when empty), for
    /// `issuer` and `audience`.
    pub fn new(secret: &[u8], issuer: &str, audience: &str) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[issuer]);
        validation.set_audience(&[audience]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.validate_nbf = true;
        validation.leeway = 30;
        let default = (!secret.is_empty()).then(|| PinnedKey {
            algorithm: Algorithm::HS256,
            key: DecodingKey::from_secret(secret),
        });
        Self {
            keys: Arc::new(RwLock::new(KeySet {
                default,
                by_id: HashMap::new(),
            })),
            validation: Arc::new(validation),
        }
    }

    /// Loads the keys of `path` now (an invalid file is an error), then reloads them whenever
    /// the file changes, every `every`, until `shutdown`. A later invalid file is logged and the
    /// keys in force stay.
    pub fn watch_keys_file(
        &self,
        path: PathBuf,
        every: Duration,
        shutdown: tributary_runtime::Shutdown,
    ) -> Result<(), KeysError> {
        self.reload(&path)?;
        let verifier = self.clone();
        let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
        let mut seen = modified(&path);
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    _ = tokio::time::sleep(every) => {}
                    _ = shutdown.wait() => return,
                }
                let now = modified(&path);
                if now == seen {
                    continue;
                }
                seen = now;
                match verifier.reload(&path) {
                    Ok(n) => tracing::info!(keys = n, "JWT keys reloaded"),
                    Err(e) => {
                        tracing::warn!(error = %e, "JWT keys not reloaded; the previous keys stay")
                    }
                }
            }
        });
        Ok(())
    }

    /// Replaces the keys by id with those of `path`; returns how many.
    fn reload(&self, path: &Path) -> Result<usize, KeysError> {
        let default = self
            .keys
            .read()
            .map(|k| k.default.clone())
            .unwrap_or_default();
        let set = KeySet::from_file(path, default)?;
        let n = set.by_id.len();
        if let Ok(mut keys) = self.keys.write() {
            *keys = set;
        }
        Ok(n)
    }

    /// The claims of a valid token, or why it is refused.
    pub fn verify(&self, token: &str) -> Result<Claims, AuthError> {
        let algorithm = header_algorithm(token)?;
        if !ALLOWED_ALGORITHMS.contains(&algorithm.as_str()) {
            return Err(AuthError::Invalid("algorithm not allowed"));
        }
        let header =
            jsonwebtoken::decode_header(token).map_err(|e| AuthError::Invalid(reason(e.kind())))?;
        let key = {
            let keys = self
                .keys
                .read()
                .map_err(|_| AuthError::Invalid("keys unavailable"))?;
            match &header.kid {
                Some(kid) => keys
                    .by_id
                    .get(kid)
                    .cloned()
                    .ok_or(AuthError::Invalid("unknown key id"))?,
                None => keys
                    .default
                    .clone()
                    .ok_or(AuthError::Invalid("a key id (kid) is required"))?,
            }
        };
        if key.algorithm != header.alg {
            return Err(AuthError::Invalid("algorithm does not match the key"));
        }
        let mut validation = (*self.validation).clone();
        validation.algorithms = vec![key.algorithm];
        jsonwebtoken::decode::<Claims>(token, &key.key, &validation)
            .map(|data| data.claims)
            .map_err(|e| AuthError::Invalid(reason(e.kind())))
    }
}

/// The `alg` a token's header names, read before anything else is trusted.
fn header_algorithm(token: &str) -> Result<String, AuthError> {
    use base64::Engine;
    let malformed = AuthError::Invalid("malformed token");
    let header = token.split('.').next().ok_or(malformed.clone())?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(header.trim_end_matches('='))
        .map_err(|_| malformed.clone())?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|_| malformed.clone())?;
    value["alg"].as_str().map(str::to_string).ok_or(malformed)
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

/// Claims the limits middleware already verified for this request (set only by
/// [`crate::limits::enforce`]; clients cannot set request extensions).
#[derive(Debug, Clone)]
pub struct VerifiedClaims(pub Claims);

/// The token of an `Authorization: Bearer <token>` header.
pub(crate) fn bearer_token(headers: &HeaderMap) -> Result<&str, AuthError> {
    let header = headers
        .get("authorization")
        .ok_or(AuthError::Missing)?
        .to_str()
        .map_err(|_| AuthError::Malformed)?;
    header
        .strip_prefix("Bearer ")
        .or_else(|| header.strip_prefix("bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or(AuthError::Malformed)
}

fn authenticate<S: HasVerifier>(parts: &Parts, state: &S) -> Result<Claims, AuthError> {
    if let Some(VerifiedClaims(claims)) = parts.extensions.get::<VerifiedClaims>() {
        if parts.headers.contains_key("authorization") {
            return Ok(claims.clone());
        }
    }
    state.verifier().verify(bearer_token(&parts.headers)?)
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

/// The `access_token` query parameter of `uri`, when not empty.
pub(crate) fn query_token(uri: &Uri) -> Option<String> {
    axum::extract::Query::<std::collections::HashMap<String, String>>::try_from_uri(uri)
        .ok()
        .and_then(|q| q.0.get("access_token").cloned())
        .filter(|v| !v.is_empty())
}

impl<S: HasVerifier + Send + Sync> FromRequestParts<S> for BrowserReader {
    type Rejection = HttpError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let claims = match (
            parts.headers.contains_key("authorization"),
            query_token(&parts.uri),
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
    fn a_keys_file_never_shows_its_secrets() {
        let secret = "an-hs256-secret-of-at-least-32-bytes!!";
        let file: KeyFile = serde_json::from_value(serde_json::json!({
            "keys": [{"kid": "k1", "alg": "HS256", "secret": secret}]
        }))
        .expect("keys file");
        let shown = format!("{file:?}");
        assert!(!shown.contains(secret) && shown.contains("k1"), "{shown}");
    }

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
