//! How a webhook body travels in a `WebhookReceived` event: as received, or, when it is large,
//! as one zstd frame.
//!
//! GitHub sends bodies up to 25 MB; the local broker (tansu 0.6.0) never returns a record of
//! 5 MiB or more (see `tributary_runtime::budget`), and JSON compresses well (a push body of
//! many commits, 10-20 times). Ingest compresses a body over [`COMPRESS_ABOVE`] bytes and refuses
//! (413) one that still does not fit in a record. A body as GitHub sends it is JSON or
//! form-encoded text, so it never starts with zstd's magic number: [`decode`] tells the two
//! apart without a flag, and events written before compression existed read as they are.

use std::borrow::Cow;

/// Bodies larger than this are stored compressed (smaller ones cost more to compress than
/// they save on the broker).
pub const COMPRESS_ABOVE: usize = 64 * 1024;

/// The largest body [`decode`] inflates: GitHub's 25 MB cap with room (a frame claiming more is
/// refused before anything is allocated: no decompression bomb).
pub const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

/// The first four bytes of a zstd frame.
const ZSTD_MAGIC: [u8; 4] = [0x28, 0xb5, 0x2f, 0xfd];

/// zstd's level for bodies: fast, and most of the ratio.
const LEVEL: i32 = 3;

/// A stored body that cannot be read back.
#[derive(Debug, thiserror::Error)]
pub enum BodyError {
    /// The frame says it inflates past [`MAX_BODY_BYTES`], or does not say how large it is.
    #[error(
        "the compressed body does not say its size or claims more than {MAX_BODY_BYTES} bytes"
    )]
    TooLarge,
    /// The frame is corrupt.
    #[error("the compressed body cannot be inflated: {0}")]
    Corrupt(#[source] std::io::Error),
}

/// `body` as it should be stored: compressed when over [`COMPRESS_ABOVE`] and smaller so.
pub fn encode(body: &[u8]) -> Cow<'_, [u8]> {
    if body.len() <= COMPRESS_ABOVE {
        return Cow::Borrowed(body);
    }
    match zstd::bulk::compress(body, LEVEL) {
        Ok(packed) if packed.len() < body.len() => Cow::Owned(packed),
        _ => Cow::Borrowed(body),
    }
}

/// The body as received from its stored form.
pub fn decode(stored: &[u8]) -> Result<Cow<'_, [u8]>, BodyError> {
    if !stored.starts_with(&ZSTD_MAGIC) {
        return Ok(Cow::Borrowed(stored));
    }
    let size = zstd::zstd_safe::get_frame_content_size(stored)
        .ok()
        .flatten()
        .and_then(|n| usize::try_from(n).ok())
        .filter(|n| *n <= MAX_BODY_BYTES)
        .ok_or(BodyError::TooLarge)?;
    zstd::bulk::decompress(stored, size)
        .map(Cow::Owned)
        .map_err(BodyError::Corrupt)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_bodies_stay_as_they_are_and_large_ones_round_trip_compressed() {
        let small = br#"{"zen":"hi"}"#;
        assert!(matches!(encode(small), Cow::Borrowed(_)));
        assert_eq!(decode(small).ok().as_deref(), Some(&small[..]));
        let large = format!(
            "{{\"commits\":[{}]}}",
            (0..5000)
                .map(|i| format!("{{\"id\":\"{i:040x}\",\"message\":\"change {i}\"}}"))
                .collect::<Vec<_>>()
                .join(",")
        );
        let stored = encode(large.as_bytes());
        assert!(
            stored.len() * 5 < large.len(),
            "{} of {}",
            stored.len(),
            large.len()
        );
        assert_eq!(decode(&stored).ok().as_deref(), Some(large.as_bytes()));
    }

    #[test]
    fn a_frame_claiming_too_much_or_corrupt_is_refused() {
        let bomb = zstd::bulk::compress(&vec![0u8; MAX_BODY_BYTES + 1], 1).unwrap_or_default();
        assert!(matches!(decode(&bomb), Err(BodyError::TooLarge)));
        let mut corrupt = zstd::bulk::compress(&[7u8; 100_000], 1).unwrap_or_default();
        let n = corrupt.len();
        corrupt.truncate(n / 2);
        assert!(decode(&corrupt).is_err());
    }
}
