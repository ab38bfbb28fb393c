//! Where the git producer may fetch from, and where it may send credentials.
//!
//! - A location from an event (a push's `clone_url`) is only ever a remote: `https://` to a host
//!   on the allow-list (`TRIBUTARY_GIT_ALLOWED_HOSTS`, exact host match, case-insensitive, a port
//!   only when listed as `host:port`), without user info, query or fragment, its path naming the
//!   pushed `owner/name`. No `http://`, `git://`, `ssh://`, `git@host:`, `file://` or local paths.
//! - Local paths and `file://` are for repositories an operator registered (`repos add`): only
//!   the state store holds them, and only the CLI writes them there.
//! - Credentials go only to the one host they were configured for
//!   (`TRIBUTARY_GIT_CREDENTIALS_HOST`), only over HTTPS.
//!
//! A checked URL is used in its parsed and re-serialized form, so libgit2 fetches exactly what
//! was checked. Pure: no I/O, unit-tested here.

use url::Url;

/// Why a location or a repository name was refused. The message names the rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    /// `full_name` is not GitHub's `owner/name`.
    #[error(
        "repository name {0:?} refused: not owner/name with GitHub's characters (owner: letters, \
         digits and single hyphens, at most 39; name: letters, digits, '-', '_', '.', at most 100)"
    )]
    FullName(String),
    /// A location refused by the fetch policy (the URL is shown without credentials).
    #[error("location {location} refused: {rule}")]
    Location {
        /// The location, credentials redacted.
        location: String,
        /// The rule it broke.
        rule: String,
    },
    /// An allow-list entry that is not `host` or `host:port`.
    #[error("allowed host entry {0:?} is not host or host:port")]
    HostEntry(String),
}

/// What kind of place a location is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocationKind {
    /// A path on this machine.
    LocalPath,
    /// A `file://` URL.
    FileUrl,
    /// Anything else with a scheme, or `user@host:path`.
    Remote,
}

/// The kind of `location`.
pub fn location_kind(location: &str) -> LocationKind {
    let lower = location.trim_start().to_ascii_lowercase();
    if lower.starts_with("file:") {
        LocationKind::FileUrl
    } else if location.contains("://") || is_scp_like(location) {
        LocationKind::Remote
    } else {
        LocationKind::LocalPath
    }
}

/// `user@host:path` (git's scp-like syntax), which git treats as SSH.
fn is_scp_like(location: &str) -> bool {
    match location.split_once(':') {
        Some((before, _)) => before.contains('@') && !before.contains('/'),
        None => false,
    }
}

/// Whether `location` may only come from an operator (a local path or `file://`).
pub fn operator_only(location: &str) -> bool {
    location_kind(location) != LocationKind::Remote
}

/// Checks a pushed repository's `owner/name` against GitHub's rules.
pub fn validate_full_name(full_name: &str) -> Result<(), PolicyError> {
    let refuse = || PolicyError::FullName(full_name.to_string());
    let (owner, name) = full_name.split_once('/').ok_or_else(refuse)?;
    let owner_ok = !owner.is_empty()
        && owner.len() <= 39
        && owner
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !owner.starts_with('-')
        && !owner.ends_with('-')
        && !owner.contains("--");
    let name_ok = !name.is_empty()
        && name.len() <= 100
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        && name != "."
        && name != "..";
    if owner_ok && name_ok {
        Ok(())
    } else {
        Err(refuse())
    }
}

/// Parses one allow-list entry (`host` or `host:port`) into its normalized form (lower case,
/// the port kept only when it is not 443). For clap's `value_parser`.
pub fn parse_host_entry(entry: &str) -> Result<String, PolicyError> {
    let refuse = || PolicyError::HostEntry(entry.to_string());
    let trimmed = entry.trim();
    if trimmed.is_empty()
        || trimmed
            .chars()
            .any(|c| matches!(c, '/' | '@' | '?' | '#' | '\\') || c.is_whitespace())
    {
        return Err(refuse());
    }
    let url = Url::parse(&format!("https://{trimmed}/")).map_err(|_| refuse())?;
    host_port(&url)
        .map(|(host, port)| render_host_port(&host, port))
        .ok_or_else(refuse)
}

fn host_port(url: &Url) -> Option<(String, u16)> {
    let host = url.host_str()?.to_ascii_lowercase();
    Some((host, url.port_or_known_default()?))
}

fn render_host_port(host: &str, port: u16) -> String {
    if port == 443 {
        host.to_string()
    } else {
        format!("{host}:{port}")
    }
}

/// The fetch policy of one git producer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchPolicy {
    allowed: Vec<(String, u16)>,
    credentials_host: Option<(String, u16)>,
}

impl FetchPolicy {
    /// A policy allowing `allowed_hosts` (`host` or `host:port` entries; an entry that does not
    /// parse allows nothing and is logged) and sending credentials to `credentials_host` only
    /// (empty: nowhere).
    pub fn new(allowed_hosts: &[String], credentials_host: &str) -> Self {
        let entry = |e: &str| -> Option<(String, u16)> {
            match parse_host_entry(e) {
                Ok(normalized) => {
                    let url = Url::parse(&format!("https://{normalized}/")).ok()?;
                    host_port(&url)
                }
                Err(error) => {
                    tracing::warn!(%error, "allow-list entry ignored");
                    None
                }
            }
        };
        Self {
            allowed: allowed_hosts.iter().filter_map(|h| entry(h)).collect(),
            credentials_host: (!credentials_host.trim().is_empty())
                .then(|| entry(credentials_host))
                .flatten(),
        }
    }

    /// Checks a remote location (from an event, or an operator's non-`file://` URL) and returns
    /// the form to fetch: `https://`, an allowed host, no user info, query or fragment.
    pub fn check_remote(&self, location: &str) -> Result<String, PolicyError> {
        let refuse = |rule: &str| PolicyError::Location {
            location: super::config::redact_url(location),
            rule: rule.to_string(),
        };
        match location_kind(location) {
            LocationKind::LocalPath => {
                return Err(refuse(
                    "a local path is only fetched for a repository an operator registered",
                ))
            }
            LocationKind::FileUrl => {
                return Err(refuse(
                    "file:// is only fetched for a repository an operator registered",
                ))
            }
            LocationKind::Remote => {}
        }
        if location
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
        {
            return Err(refuse("control characters, spaces or backslashes in a URL"));
        }
        if is_scp_like(location) {
            return Err(refuse("only https:// is fetched (user@host:path is SSH)"));
        }
        let url = Url::parse(location).map_err(|_| refuse("not a URL"))?;
        if url.scheme() != "https" {
            return Err(refuse("only https:// is fetched"));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(refuse("user info in a URL is refused"));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(refuse("a query or fragment in a clone URL is refused"));
        }
        let Some(target) = host_port(&url) else {
            return Err(refuse("no host"));
        };
        if !self.allowed.contains(&target) {
            return Err(refuse(&format!(
                "host {} is not in TRIBUTARY_GIT_ALLOWED_HOSTS",
                render_host_port(&target.0, target.1)
            )));
        }
        Ok(url.to_string())
    }

    /// [`Self::check_remote`] for a push's clone URL, which must also name the pushed
    /// repository (`/<owner>/<name>` or `/<owner>/<name>.git`, case-insensitive).
    pub fn check_event_location(
        &self,
        clone_url: &str,
        full_name: &str,
    ) -> Result<String, PolicyError> {
        validate_full_name(full_name)?;
        let checked = self.check_remote(clone_url)?;
        let path = Url::parse(&checked)
            .map(|u| u.path().to_string())
            .unwrap_or_default();
        let path = path.trim_start_matches('/').trim_end_matches('/');
        let path = path.strip_suffix(".git").unwrap_or(path);
        if !path.eq_ignore_ascii_case(full_name) {
            return Err(PolicyError::Location {
                location: super::config::redact_url(clone_url),
                rule: format!("the URL does not name the pushed repository {full_name}"),
            });
        }
        Ok(checked)
    }

    /// Whether credentials may be sent to `url`: HTTPS, to the configured credentials host
    /// (and port), no user info of its own.
    pub fn sends_credentials(&self, url: &str) -> bool {
        let Some(expected) = &self.credentials_host else {
            return false;
        };
        let Ok(parsed) = Url::parse(url) else {
            return false;
        };
        parsed.scheme() == "https"
            && parsed.username().is_empty()
            && parsed.password().is_none()
            && host_port(&parsed).as_ref() == Some(expected)
    }
}

/// Whether two locations name the same repository: equal after trimming a trailing `/` and
/// `.git`, case-insensitive for URLs (GitHub's names are).
pub fn same_location(a: &str, b: &str) -> bool {
    fn norm(l: &str) -> String {
        let t = l.trim().trim_end_matches('/');
        let t = t.strip_suffix(".git").unwrap_or(t);
        let t = t.trim_end_matches('/');
        if location_kind(t) == LocationKind::Remote {
            t.to_ascii_lowercase()
        } else {
            t.to_string()
        }
    }
    norm(a) == norm(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> FetchPolicy {
        FetchPolicy::new(
            &["github.com".into(), "127.0.0.1:8443".into()],
            "github.com",
        )
    }

    fn rule(r: Result<String, PolicyError>) -> String {
        match r {
            Ok(u) => format!("allowed {u}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn only_https_to_allowed_hosts_from_events() {
        let p = policy();
        assert_eq!(
            p.check_remote("https://github.com/octo/hello.git"),
            Ok("https://github.com/octo/hello.git".into())
        );
        assert_eq!(
            p.check_remote("https://GitHub.COM:443/octo/hello.git"),
            Ok("https://github.com/octo/hello.git".into())
        );
        assert!(p.check_remote("https://127.0.0.1:8443/o/r.git").is_ok());
        for (location, expected) in [
            ("/etc", "local path"),
            ("./repo", "local path"),
            ("file:///etc/repo", "file://"),
            ("FILE:///etc/repo", "file://"),
            ("http://github.com/o/r.git", "only https"),
            ("git://github.com/o/r.git", "only https"),
            ("ssh://git@github.com/o/r.git", "only https"),
            ("git@github.com:o/r.git", "only https"),
            (
                "https://evil.example/o/r.git",
                "not in TRIBUTARY_GIT_ALLOWED_HOSTS",
            ),
            ("https://github.com.evil.example/o/r", "not in"),
            ("https://github.com./o/r", "not in"),
            ("https://github.com:8443/o/r", "not in"),
            ("https://127.0.0.1/o/r", "not in"),
            ("https://127.0.0.1:8444/o/r", "not in"),
            ("https://2130706433:8444/o/r", "not in"),
            ("https://[::1]:8443/o/r", "not in"),
            ("https://github.com@evil.example/o/r", "user info"),
            ("https://user:ghp_x@github.com/o/r", "user info"),
            ("https://github.com\\@evil.example/o/r", "backslash"),
            ("https://github.com/o/r?x=1", "query"),
            ("https://github.com/o/r#x", "fragment"),
            ("https://github.com/o/r\n", "control"),
            ("https:///o/r", "not in"),
        ] {
            let got = rule(p.check_remote(location));
            assert!(got.contains(expected), "{location}: {got}");
        }
        assert!(!rule(p.check_remote("https://user:ghp_x@github.com/o/r")).contains("ghp_x"));
    }

    #[test]
    fn event_locations_name_the_pushed_repository() {
        let p = policy();
        assert!(p
            .check_event_location("https://github.com/Octo/Hello.git", "octo/hello")
            .is_ok());
        assert!(p
            .check_event_location("https://github.com/octo/hello", "octo/hello")
            .is_ok());
        let got = rule(p.check_event_location("https://github.com/evil/other.git", "octo/hello"));
        assert!(got.contains("does not name the pushed repository"), "{got}");
        let got = rule(p.check_event_location("https://github.com/a/b.git", "../b"));
        assert!(got.contains("not owner/name"), "{got}");
    }

    #[test]
    fn full_names_follow_github() {
        for ok in ["octo/hello", "a/b", "a-b/c_d.e", "O1/.github", "x/..."] {
            assert_eq!(validate_full_name(ok), Ok(()), "{ok}");
        }
        let long_owner = format!("{}/r", "a".repeat(40));
        let long_name = format!("o/{}", "a".repeat(101));
        for bad in [
            "",
            "octo",
            "/r",
            "o/",
            "o/r/x",
            "-o/r",
            "o-/r",
            "o--p/r",
            "o_p/r",
            "o/.",
            "o/..",
            "o/r s",
            "o/r%2f",
            "ö/r",
            &long_owner,
            &long_name,
        ] {
            assert!(validate_full_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn credentials_only_to_their_host_over_https() {
        let p = policy();
        assert!(p.sends_credentials("https://github.com/o/r.git"));
        assert!(p.sends_credentials("https://GITHUB.com:443/o/r.git"));
        for url in [
            "http://github.com/o/r.git",
            "https://127.0.0.1:8443/o/r.git",
            "https://github.com:8443/o/r.git",
            "https://api.github.com/o/r.git",
            "https://x@github.com/o/r.git",
            "not a url",
        ] {
            assert!(!p.sends_credentials(url), "{url}");
        }
        assert!(!FetchPolicy::new(&["github.com".into()], "")
            .sends_credentials("https://github.com/o/r"));
    }

    #[test]
    fn host_entries() {
        assert_eq!(parse_host_entry(" GitHub.com "), Ok("github.com".into()));
        assert_eq!(parse_host_entry("github.com:443"), Ok("github.com".into()));
        assert_eq!(
            parse_host_entry("127.0.0.1:8443"),
            Ok("127.0.0.1:8443".into())
        );
        for bad in ["", "https://github.com", "a/b", "u@h", "h:99999", "h: 1"] {
            assert!(parse_host_entry(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn location_kinds_and_sameness() {
        assert_eq!(location_kind("/srv/r"), LocationKind::LocalPath);
        assert_eq!(location_kind("file:///srv/r"), LocationKind::FileUrl);
        assert_eq!(location_kind("https://h/o/r"), LocationKind::Remote);
        assert_eq!(location_kind("git@h:o/r"), LocationKind::Remote);
        assert_eq!(location_kind("C:dir"), LocationKind::LocalPath);
        assert!(same_location(
            "https://github.com/Octo/Hello.git",
            "https://github.com/octo/hello/"
        ));
        assert!(!same_location(
            "https://github.com/octo/hello.git",
            "https://github.com/evil/hello.git"
        ));
        assert!(!same_location("/srv/A", "/srv/a"));
    }
}
