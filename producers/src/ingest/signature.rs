//! `X-Hub-Signature-256`: `sha256=` and the hex HMAC-SHA256 of the raw body under the secret.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Why a signature was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// No `X-Hub-Signature-256` header.
    #[error("missing X-Hub-Signature-256 header")]
    Missing,
    /// Not `sha256=<64 hex digits>`.
    #[error("malformed X-Hub-Signature-256 header: expected sha256=<hex digest>")]
    Malformed,
    /// The digest does not match.
    #[error("signature does not match the body")]
    Mismatch,
}

/// Verifies `header` against `body` in constant time.
pub fn verify(secret: &[u8], body: &[u8], header: Option<&str>) -> Result<(), SignatureError> {
    let header = header.ok_or(SignatureError::Missing)?;
    let hex_digest = header
        .strip_prefix("sha256=")
        .ok_or(SignatureError::Malformed)?;
    let expected = hex::decode(hex_digest).map_err(|_| SignatureError::Malformed)?;
    if expected.len() != 32 {
        return Err(SignatureError::Malformed);
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).map_err(|_| SignatureError::Mismatch)?;
    mac.update(body);
    // `verify_slice` compares in constant time.
    mac.verify_slice(&expected)
        .map_err(|_| SignatureError::Mismatch)
}

/// The header value GitHub would send for `body` (for clients, tests and tools).
pub fn sign(secret: &[u8], body: &[u8]) -> String {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret) {
        Ok(m) => m,
        Err(_) => return String::new(),
    };
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_documented_example() {
        // From GitHub's "Validating webhook deliveries" documentation.
        let header = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        assert_eq!(
            sign(b"It's a Secret to Everybody", b"Hello, World!"),
            header
        );
        assert_eq!(
            verify(
                b"It's a Secret to Everybody",
                b"Hello, World!",
                Some(header)
            ),
            Ok(())
        );
    }

    #[test]
    fn refusals() {
        let good = sign(b"s", b"body");
        assert_eq!(verify(b"s", b"body", None), Err(SignatureError::Missing));
        assert_eq!(
            verify(b"s", b"body", Some("sha1=abc")),
            Err(SignatureError::Malformed)
        );
        assert_eq!(
            verify(b"s", b"body", Some("sha256=zz")),
            Err(SignatureError::Malformed)
        );
        assert_eq!(
            verify(b"s", b"other", Some(&good)),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify(b"t", b"body", Some(&good)),
            Err(SignatureError::Mismatch)
        );
    }
}
