//! READMEs from the `blobs` topic: the text of every README blob (see
//! `tributary_schemas::language::readme_rank`), bounded, into `readme_blobs`. Every other blob
//! is read and left: the read model keeps no other file content.

use sqlx::PgConnection;
use std::collections::BTreeMap;
use tributary_runtime::RecordError;
use tributary_schemas::{language, BlobObserved};

/// The most README text kept per blob, in bytes (UTF-8): a README longer than this is kept
/// cut at the last character that fits, and marked truncated. READMEs are read by people; one
/// this long is already past what a documentation page's overview shows usefully.
pub const MAX_README_BYTES: usize = 256 * 1024;

/// What is kept of a README blob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Readme {
    /// Its blob id.
    pub blob_id: String,
    /// Its text (invalid UTF-8 replaced, NULs replaced: PostgreSQL text holds none).
    pub text: String,
    /// Whether the text was cut at [`MAX_README_BYTES`].
    pub truncated: bool,
}

/// The README kept of `blob`: `None` unless its path names a README, it is text and its
/// content is on the event.
pub fn of(blob: &BlobObserved, max_bytes: usize) -> Option<Readme> {
    language::readme_rank(&blob.path)?;
    if blob.binary {
        return None;
    }
    let content = blob.content.as_deref()?;
    // Decode a little more than the bound (a character is at most 4 bytes), then cut at the
    // last character boundary within it.
    let head = content
        .get(..max_bytes.saturating_add(4))
        .unwrap_or(content);
    let mut text = String::from_utf8_lossy(head).replace('\0', "\u{fffd}");
    let mut truncated = head.len() < content.len();
    if text.len() > max_bytes {
        let mut end = max_bytes;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        truncated = true;
    }
    Some(Readme {
        blob_id: blob.blob_id.clone(),
        text,
        truncated,
    })
}

/// Upserts `readmes` in one statement (the same blob again is a no-op in effect; within the
/// batch, the last of a blob id wins).
pub async fn upsert(conn: &mut PgConnection, readmes: &[Readme]) -> Result<(), RecordError> {
    let unique: BTreeMap<&str, &Readme> = readmes.iter().map(|r| (r.blob_id.as_str(), r)).collect();
    if unique.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO readme_blobs (blob_id, text, truncated)
         SELECT * FROM UNNEST($1::text[], $2::text[], $3::bool[])
         ON CONFLICT (blob_id) DO UPDATE SET text = EXCLUDED.text, truncated = EXCLUDED.truncated
         WHERE (readme_blobs.text, readme_blobs.truncated)
               IS DISTINCT FROM (EXCLUDED.text, EXCLUDED.truncated)",
    )
    .bind(unique.keys().copied().collect::<Vec<_>>())
    .bind(unique.values().map(|r| r.text.as_str()).collect::<Vec<_>>())
    .bind(unique.values().map(|r| r.truncated).collect::<Vec<_>>())
    .execute(conn)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blob(path: &str, content: Option<&[u8]>) -> BlobObserved {
        BlobObserved {
            event_id: "e".into(),
            blob_id: "b".into(),
            repository: "o/r".into(),
            path: path.into(),
            language: None,
            size: content.map_or(0, |c| c.len() as i64),
            binary: false,
            truncated: content.is_none(),
            content: content.map(<[u8]>::to_vec),
        }
    }

    #[test]
    fn keeps_readmes_only() {
        let kept = of(&blob("docs/Readme.MD", Some(b"# Hi\n")), 100).expect("a README");
        assert_eq!((kept.text.as_str(), kept.truncated), ("# Hi\n", false));
        assert!(of(&blob("README.txt", Some(b"x")), 100).is_some());
        assert!(of(&blob("src/main.rs", Some(b"fn main() {}")), 100).is_none());
        assert!(
            of(&blob("README.md", None), 100).is_none(),
            "content left out"
        );
        let mut binary = blob("README", Some(b"\x00\x01"));
        binary.binary = true;
        assert!(of(&binary, 100).is_none());
    }

    #[test]
    fn a_long_readme_is_cut_at_a_character_boundary() {
        // "é" is two bytes: a bound of 5 falls inside the third one.
        let kept = of(&blob("README.md", Some("éééé".as_bytes())), 5).expect("kept");
        assert_eq!((kept.text.as_str(), kept.truncated), ("éé", true));
        let exact = of(&blob("README.md", Some("éé".as_bytes())), 4).expect("kept");
        assert_eq!((exact.text.as_str(), exact.truncated), ("éé", false));
        // Bytes past the decoded head count as cut even when the head decodes short.
        let long = of(&blob("README", Some(&[b'a'; 20])), 8).expect("kept");
        assert_eq!((long.text.len(), long.truncated), (8, true));
        let nul = of(&blob("README", Some(b"a\0b\xff")), 100).expect("kept");
        assert_eq!(nul.text, "a\u{fffd}b\u{fffd}");
    }
}
