//! Query parameters: parsed and validated into typed values, or refused with a 400 naming the
//! parameter.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use tributary_http::HttpError;

/// Default page size.
pub const DEFAULT_LIMIT: i64 = 50;
/// Largest page size.
pub const MAX_LIMIT: i64 = 500;

/// A page size in `1..=MAX_LIMIT`.
pub fn limit(raw: Option<&str>) -> Result<i64, HttpError> {
    match raw {
        None => Ok(DEFAULT_LIMIT),
        Some(s) => match s.parse::<i64>() {
            Ok(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
            _ => Err(HttpError::bad_request(
                "bad_parameter",
                format!("limit must be an integer from 1 to {MAX_LIMIT}"),
            )),
        },
    }
}

/// Deepest graph walk a request may ask for.
pub const MAX_DEPTH: u32 = 5;

/// `depth`: a graph walk's number of hops, 1..=[`MAX_DEPTH`], `default` when absent.
pub fn depth(raw: Option<&str>, default: u32) -> Result<u32, HttpError> {
    match raw {
        None => Ok(default),
        Some(s) => match s.parse::<u32>() {
            Ok(d) if (1..=MAX_DEPTH).contains(&d) => Ok(d),
            _ => Err(HttpError::bad_request(
                "bad_parameter",
                format!("depth must be an integer from 1 to {MAX_DEPTH}"),
            )),
        },
    }
}

/// A time: RFC 3339 (`2026-01-02T03:04:05Z`) or a date (`2026-01-02`, midnight UTC).
pub fn time(name: &str, raw: Option<&str>) -> Result<Option<DateTime<Utc>>, HttpError> {
    let Some(s) = raw else { return Ok(None) };
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(Some(t.with_timezone(&Utc)));
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        if let Some(t) = d.and_hms_opt(0, 0, 0) {
            return Ok(Some(Utc.from_utc_datetime(&t)));
        }
    }
    Err(HttpError::bad_request(
        "bad_parameter",
        format!("{name} must be an RFC 3339 time or a YYYY-MM-DD date"),
    ))
}

/// A text filter of at most 512 characters.
pub fn text<'a>(name: &str, raw: Option<&'a str>) -> Result<Option<&'a str>, HttpError> {
    match raw {
        Some(s) if s.is_empty() || s.len() > 512 => Err(HttpError::bad_request(
            "bad_parameter",
            format!("{name} must be 1 to 512 characters"),
        )),
        other => Ok(other),
    }
}

/// A repository name `owner/name`.
pub fn repository(raw: Option<&str>) -> Result<Option<&str>, HttpError> {
    match raw {
        Some(s) if !is_repository(s) => Err(HttpError::bad_request(
            "bad_parameter",
            "repo must be owner/name",
        )),
        other => Ok(other),
    }
}

/// Whether `s` looks like `owner/name`.
pub fn is_repository(s: &str) -> bool {
    let mut parts = s.split('/');
    let ok = |p: Option<&str>| {
        p.is_some_and(|p| {
            !p.is_empty()
                && p.len() <= 100
                && p.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
        })
    };
    ok(parts.next()) && ok(parts.next()) && parts.next().is_none()
}

/// A commit sha or unique prefix: 4 to 40 hex digits, lower-cased.
pub fn sha(raw: &str) -> Result<String, HttpError> {
    if (4..=40).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(raw.to_ascii_lowercase())
    } else {
        Err(HttpError::bad_request(
            "bad_parameter",
            "sha must be 4 to 40 hexadecimal digits",
        ))
    }
}

/// The position after the last item of a page of commits: (committed_at, sha).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    /// Commit time of the last item.
    pub at: DateTime<Utc>,
    /// Its sha.
    pub sha: String,
}

impl Cursor {
    /// Opaque text for `next_cursor`.
    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("{}:{}", self.at.timestamp_micros(), self.sha))
    }

    /// Parses a `cursor` parameter.
    pub fn decode(raw: &str) -> Result<Self, HttpError> {
        let bad = || HttpError::bad_request("bad_parameter", "cursor is not one this API issued");
        let bytes = URL_SAFE_NO_PAD.decode(raw).map_err(|_| bad())?;
        let text = String::from_utf8(bytes).map_err(|_| bad())?;
        let (micros, sha) = text.split_once(':').ok_or_else(bad)?;
        let micros: i64 = micros.parse().map_err(|_| bad())?;
        let at = Utc.timestamp_micros(micros).single().ok_or_else(bad)?;
        if sha.len() != 40 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad());
        }
        Ok(Self {
            at,
            sha: sha.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters() {
        assert_eq!(depth(None, 2).unwrap(), 2);
        assert_eq!(depth(Some("5"), 1).unwrap(), 5);
        for bad in ["0", "6", "-1", "x", "1e3"] {
            assert!(depth(Some(bad), 1).is_err(), "{bad}");
        }
        assert_eq!(limit(None).unwrap(), DEFAULT_LIMIT);
        assert_eq!(limit(Some("10")).unwrap(), 10);
        assert!(limit(Some("0")).is_err());
        assert!(limit(Some("501")).is_err());
        assert!(limit(Some("x")).is_err());
        assert!(time("since", Some("2026-01-02")).unwrap().is_some());
        assert!(time("since", Some("2026-01-02T03:04:05+02:00"))
            .unwrap()
            .is_some());
        assert!(time("since", Some("yesterday")).is_err());
        assert!(sha("abcd").is_ok());
        assert!(sha("xyz1").is_err());
        assert!(is_repository("octo/hello-world.rs"));
        assert!(!is_repository("octo"));
        assert!(!is_repository("a/b/c"));
    }

    #[test]
    fn cursor_roundtrip_and_tamper() {
        let c = Cursor {
            at: Utc
                .timestamp_micros(1_700_000_000_123_456)
                .single()
                .unwrap(),
            sha: "a".repeat(40),
        };
        assert_eq!(Cursor::decode(&c.encode()).unwrap(), c);
        assert!(Cursor::decode("!!").is_err());
        assert!(Cursor::decode(&URL_SAFE_NO_PAD.encode("1:short")).is_err());
    }
}
