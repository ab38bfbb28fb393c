//! The offline classifier: a deterministic reading of a commit from its message and its diff,
//! used when no model is configured or the model fails. Its output says so
//! ([`OFFLINE_MODEL`]).
//!
//! The category: a Conventional Commits prefix (`fix(parser)!: ...`) decides; else the learned
//! linear model ([`super::learned`]), which sees the rules below as features. The rules alone
//! ([`by_rules`], kept for comparison and as the model's features): changed paths that are all
//! docs or all tests; else security, docs or perf words anywhere in the subject; else its leading
//! verb ("Add", "Fixed", "Rename", ...); else the first keyword rule that matches, in the order
//! of [`KEYWORDS`] (the more specific categories first); else what the changed paths all are
//! (build files); else `chore`.

use super::learned::LearnedClassifier;
use std::fmt;

/// The model name written on enrichments the offline classifier made.
pub const OFFLINE_MODEL: &str = "offline-classifier";
/// The version of the offline classifier (rules and shipped weights); a change to either is a
/// new version.
pub const OFFLINE_VERSION: &str = "offline-2";

/// What kind of change a commit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// New capability.
    Feature,
    /// A bug fixed.
    Fix,
    /// Structure changed, behavior kept.
    Refactor,
    /// Documentation.
    Docs,
    /// Tests.
    Test,
    /// Build, CI, dependencies, releases.
    Build,
    /// Everything else.
    Chore,
    /// Faster or leaner.
    Perf,
    /// A security fix or hardening.
    Security,
}

impl Category {
    /// Every category.
    pub const ALL: [Category; 9] = [
        Category::Feature,
        Category::Fix,
        Category::Refactor,
        Category::Docs,
        Category::Test,
        Category::Build,
        Category::Chore,
        Category::Perf,
        Category::Security,
    ];

    /// Its lowercase name, as stored and served.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Feature => "feature",
            Category::Fix => "fix",
            Category::Refactor => "refactor",
            Category::Docs => "docs",
            Category::Test => "test",
            Category::Build => "build",
            Category::Chore => "chore",
            Category::Perf => "perf",
            Category::Security => "security",
        }
    }

    /// The category named `name` (as [`Category::as_str`] gives it, or a common synonym).
    pub fn parse(name: &str) -> Option<Category> {
        let n = name.trim().to_ascii_lowercase();
        Some(match n.as_str() {
            "feature" | "feat" | "features" => Category::Feature,
            "fix" | "bugfix" | "bug" => Category::Fix,
            "refactor" | "refactoring" => Category::Refactor,
            "docs" | "doc" | "documentation" => Category::Docs,
            "test" | "tests" => Category::Test,
            "build" | "ci" | "deps" => Category::Build,
            "chore" | "style" | "revert" => Category::Chore,
            "perf" | "performance" => Category::Perf,
            "security" => Category::Security,
            _ => return None,
        })
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One changed file of a commit, as the classifier sees it.
#[derive(Debug, Clone, Copy)]
pub struct ChangedFile<'a> {
    /// Path in the repository.
    pub path: &'a str,
    /// Lines added.
    pub additions: u32,
    /// Lines removed.
    pub deletions: u32,
}

/// What the offline classifier decided, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// The category.
    pub category: Category,
    /// One paragraph about the commit.
    pub summary: String,
    /// Risk from 0 (none) to 100.
    pub risk: u8,
    /// Why the risk is what it is.
    pub risk_reasons: Vec<String>,
}

/// Keyword rules, tried in order on the lowercased subject (after the leading verb); see
/// `keyword_in` for how a keyword matches.
pub const KEYWORDS: &[(Category, &[&str])] = &[
    (
        Category::Security,
        &[
            "security",
            "vulnerab",
            "cve-",
            "xss",
            "csrf",
            "injection",
            "sanitiz",
            "exploit",
            "rustsec",
            "dos ",
        ],
    ),
    (
        Category::Perf,
        &[
            "perf",
            "faster",
            "speed",
            "optimi",
            "performance",
            "slow",
            "latency",
            "fewer allocation",
            "avoid allocat",
            "reduce allocat",
            "throughput",
            "cache",
            "quicker",
        ],
    ),
    (
        Category::Docs,
        &[
            "doc",
            "readme",
            "typo",
            "changelog",
            "comment",
            "example",
            "spelling",
            "rustdoc",
            "explain",
            "clarif",
        ],
    ),
    (
        Category::Test,
        &["test", "coverage", "fuzz", "benchmark", "bench "],
    ),
    (
        Category::Build,
        &[
            "bump",
            "build",
            "ci",
            "msrv",
            "dependenc",
            "upgrade",
            "cargo",
            "release",
            "version",
            "publish",
            "workflow",
            "compile",
            "toolchain",
            "feature flag",
        ],
    ),
    (
        Category::Fix,
        &[
            "fix",
            "bug",
            "crash",
            "panic",
            "error",
            "regression",
            "incorrect",
            "wrong",
            "broken",
            "fail",
            "resolve",
            "correct",
            "prevent",
            "avoid",
            "properly",
            "issue",
            "leak",
            "overflow",
            "handle",
            "missing",
            "unsound",
            "no longer",
            "work around",
            "workaround",
        ],
    ),
    (
        Category::Refactor,
        &[
            "refactor",
            "clean",
            "simplif",
            "rename",
            "restructur",
            "reorganiz",
            "extract",
            "deprecat",
            "remove",
            "replace",
            "move",
            "split",
            "internal",
            "rewrite",
        ],
    ),
    (
        Category::Feature,
        &[
            "add",
            "support",
            "implement",
            "introduc",
            "new",
            "allow",
            "enable",
            "expose",
            "provide",
            "initial",
            "feature",
            "make ",
            "impl ",
        ],
    ),
];

/// The Conventional Commits type of `subject` and the subject without it.
pub fn conventional_prefix(subject: &str) -> Option<(&str, &str)> {
    let (head, rest) = subject.split_once(':')?;
    let kind = head.split('(').next()?.trim_end_matches('!').trim();
    let plain = !kind.is_empty()
        && kind.len() <= 12
        && kind.bytes().all(|b| b.is_ascii_alphabetic())
        && head.len() <= 40;
    plain.then_some((kind, rest.trim()))
}

/// `subject` without any Conventional Commits prefix.
pub fn strip_prefix(subject: &str) -> &str {
    conventional_prefix(subject).map_or(subject, |(_, rest)| rest)
}

/// Whether keyword `kw` occurs in `text` (lowercase) at the start of a word. A keyword of up to
/// four letters must be the whole word or the word with an inflection (`add`, `adds`, `added`,
/// not `address`; `ci`, not `circular`); a longer one may start a longer word (`optimi` in
/// `optimized`); a keyword with a space matches as written at a word start.
fn keyword_in(text: &str, kw: &str) -> bool {
    if kw.contains(' ') || kw.len() > 4 || !kw.bytes().all(|b| b.is_ascii_alphabetic()) {
        return text.match_indices(kw).any(|(at, _)| {
            at == 0
                || !text[..at]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
        });
    }
    words(text).any(|w| {
        w.strip_prefix(kw)
            .is_some_and(|rest| matches!(rest, "" | "s" | "es" | "ed" | "d" | "ing" | "ding"))
    })
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Leading verbs, the strongest sign of intent in a subject ("Add ...", "Fixed ...").
const LEADING_VERBS: &[(Category, &[&str])] = &[
    (
        Category::Feature,
        &[
            "add",
            "implement",
            "introduce",
            "support",
            "allow",
            "enable",
            "expose",
            "provide",
            "new",
            "create",
            "extend",
        ],
    ),
    (
        Category::Fix,
        &[
            "fix", "resolve", "correct", "prevent", "handle", "repair", "patch", "restore",
        ],
    ),
    (
        Category::Refactor,
        &[
            "refactor",
            "rename",
            "move",
            "remove",
            "simplify",
            "replace",
            "deprecate",
            "clean",
            "split",
            "extract",
            "restructure",
            "reorganize",
            "rewrite",
            "drop",
            "inline",
        ],
    ),
    (
        Category::Docs,
        &["document", "doc", "docs", "clarify", "explain"],
    ),
    (
        Category::Perf,
        &["optimize", "optimise", "speed", "accelerate"],
    ),
    (Category::Test, &["test"]),
    (Category::Build, &["bump", "upgrade", "release", "publish"]),
];

fn verb_matches(word: &str, verb: &str) -> bool {
    word.strip_prefix(verb).is_some_and(|rest| {
        matches!(
            rest,
            "" | "s" | "es" | "ed" | "d" | "ing" | "ding" | "ped" | "ping"
        )
    }) || (verb.ends_with('e')
        && word
            .strip_prefix(&verb[..verb.len() - 1])
            .is_some_and(|rest| matches!(rest, "ing" | "ed" | "es")))
        || (verb.ends_with('y')
            && word
                .strip_prefix(&verb[..verb.len() - 1])
                .is_some_and(|rest| matches!(rest, "ied" | "ies")))
}

/// The category the subject's first word names, if it is one of the leading verbs.
pub fn by_leading_verb(subject: &str) -> Option<Category> {
    let lower = subject.to_lowercase();
    let first = words(&lower).next()?;
    LEADING_VERBS
        .iter()
        .find(|(_, verbs)| verbs.iter().any(|v| verb_matches(first, v)))
        .map(|(c, _)| *c)
}

/// The category of a subject by keywords alone (no prefix, no paths): security, docs and perf
/// words anywhere first, then the leading verb, then the keyword rules in order.
pub fn by_keywords(subject: &str) -> Option<Category> {
    let lower = subject.to_lowercase();
    let rule = |c: Category| {
        KEYWORDS
            .iter()
            .find(|(k, _)| *k == c)
            .is_some_and(|(_, kws)| kws.iter().any(|w| keyword_in(&lower, w)))
    };
    // Topic words name what a change is about more surely than its verb ("Fix a typo in the
    // docs" is documentation work), so they come first.
    if let Some(topic) = [Category::Security, Category::Docs, Category::Perf]
        .into_iter()
        .find(|c| rule(*c))
    {
        return Some(topic);
    }
    by_leading_verb(subject).or_else(|| {
        KEYWORDS
            .iter()
            .find(|(_, kws)| kws.iter().any(|w| keyword_in(&lower, w)))
            .map(|(c, _)| *c)
    })
}

fn is_doc_path(p: &str) -> bool {
    let lower = p.to_ascii_lowercase();
    lower.ends_with(".md")
        || lower.ends_with(".rst")
        || lower.ends_with(".adoc")
        || lower.ends_with(".txt")
        || lower.starts_with("docs/")
        || lower.starts_with("doc/")
}

fn is_test_path(p: &str) -> bool {
    let lower = p.to_ascii_lowercase();
    lower.starts_with("tests/")
        || lower.contains("/tests/")
        || lower.contains("/test/")
        || lower.contains("_test.")
        || lower.contains(".test.")
        || lower.contains(".spec.")
        || lower
            .rsplit('/')
            .next()
            .is_some_and(|f| f.starts_with("test_"))
}

fn is_build_path(p: &str) -> bool {
    let file = p.rsplit('/').next().unwrap_or(p).to_ascii_lowercase();
    p.starts_with(".github/")
        || p.starts_with(".ci/")
        || matches!(
            file.as_str(),
            "cargo.toml"
                | "cargo.lock"
                | "package.json"
                | "package-lock.json"
                | "yarn.lock"
                | "go.mod"
                | "go.sum"
                | "makefile"
                | "dockerfile"
                | "build.rs"
                | "pom.xml"
                | "build.gradle"
                | "requirements.txt"
                | "pyproject.toml"
        )
}

fn is_sensitive_path(p: &str) -> bool {
    let lower = p.to_ascii_lowercase();
    [
        "auth",
        "secur",
        "crypt",
        "password",
        "token",
        "migration",
        "schema",
        "payment",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// What the changed paths all are (docs, tests or build files), if they agree.
pub(crate) fn by_paths(files: &[ChangedFile<'_>]) -> Option<Category> {
    if files.is_empty() {
        return None;
    }
    let all = |f: fn(&str) -> bool| files.iter().all(|c| f(c.path));
    if all(is_doc_path) {
        Some(Category::Docs)
    } else if all(is_test_path) {
        Some(Category::Test)
    } else if all(is_build_path) {
        Some(Category::Build)
    } else {
        None
    }
}

/// The category a Conventional Commits prefix names, if the subject has one.
fn by_prefix(subject: &str) -> Option<Category> {
    conventional_prefix(subject).and_then(|(kind, _)| Category::parse(kind))
}

/// The category of a commit from its message and changed files: its prefix, else `model`.
pub fn category(model: &LearnedClassifier, message: &str, files: &[ChangedFile<'_>]) -> Category {
    let subject = message.lines().next().unwrap_or_default().trim();
    by_prefix(subject).unwrap_or_else(|| {
        let paths: Vec<&str> = files.iter().map(|f| f.path).collect();
        model.predict(subject, &paths).0
    })
}

/// The category by the prefix and the hand-written rules alone (no learned weights).
pub fn by_rules(message: &str, files: &[ChangedFile<'_>]) -> Category {
    let subject = message.lines().next().unwrap_or_default().trim();
    if let Some(c) = by_prefix(subject) {
        return c;
    }
    let paths = by_paths(files);
    paths
        .filter(|c| matches!(c, Category::Docs | Category::Test))
        .or_else(|| by_keywords(subject))
        .or(paths)
        .unwrap_or(Category::Chore)
}

/// Risk from the size and spread of the diff and what it touches, with the reasons.
pub fn risk(category: Category, message: &str, files: &[ChangedFile<'_>]) -> (u8, Vec<String>) {
    let mut score: u32 = 0;
    let mut reasons = Vec::new();
    let churn: u32 = files.iter().map(|f| f.additions + f.deletions).sum();
    match churn {
        0..=49 => {}
        50..=399 => {
            score += 15;
            reasons.push(format!("{churn} lines changed"));
        }
        400..=1999 => {
            score += 30;
            reasons.push(format!("{churn} lines changed (large)"));
        }
        _ => {
            score += 45;
            reasons.push(format!("{churn} lines changed (very large)"));
        }
    }
    if files.len() > 20 {
        score += 15;
        reasons.push(format!("{} files touched", files.len()));
    }
    let sensitive: Vec<&str> = files
        .iter()
        .map(|f| f.path)
        .filter(|p| is_sensitive_path(p))
        .take(3)
        .collect();
    if !sensitive.is_empty() {
        score += 20;
        reasons.push(format!(
            "touches sensitive paths ({})",
            sensitive.join(", ")
        ));
    }
    let code_changed = files
        .iter()
        .any(|f| !is_test_path(f.path) && !is_doc_path(f.path));
    let tests_changed = files.iter().any(|f| is_test_path(f.path));
    if code_changed && !tests_changed && matches!(category, Category::Feature | Category::Fix) {
        score += 10;
        reasons.push("code changed without test changes".into());
    }
    let subject = message.lines().next().unwrap_or_default();
    let bang = conventional_prefix(subject).is_some()
        && subject
            .split_once(':')
            .is_some_and(|(head, _)| head.trim_end().ends_with('!'));
    if bang || message.contains("BREAKING CHANGE") {
        score += 25;
        reasons.push("marked as a breaking change".into());
    }
    if category == Category::Security {
        score += 15;
        reasons.push("security-related".into());
    }
    if reasons.is_empty() {
        reasons.push("small, contained change".into());
    }
    (u8::try_from(score.min(100)).unwrap_or(100), reasons)
}

/// A one-paragraph summary from the message and the diff's shape.
pub fn summary(category: Category, message: &str, files: &[ChangedFile<'_>]) -> String {
    let subject = strip_prefix(message.lines().next().unwrap_or_default().trim());
    let (added, removed): (u32, u32) = files
        .iter()
        .fold((0, 0), |(a, d), f| (a + f.additions, d + f.deletions));
    let mut areas: Vec<&str> = files
        .iter()
        .map(|f| f.path.split('/').next().unwrap_or(f.path))
        .collect();
    areas.sort_unstable();
    areas.dedup();
    let where_ = match areas.len() {
        0 => String::new(),
        1..=3 => format!(" in {}", areas.join(", ")),
        n => format!(" across {n} top-level paths"),
    };
    format!(
        "A {category} change: {subject}. It touches {} file{} (+{added}/-{removed}){where_}.",
        files.len(),
        if files.len() == 1 { "" } else { "s" },
    )
}

/// The whole offline verdict, with the shipped weights.
pub fn classify(message: &str, files: &[ChangedFile<'_>]) -> Verdict {
    classify_with(LearnedClassifier::embedded(), message, files)
}

/// The whole offline verdict, with the given weights.
pub fn classify_with(
    model: &LearnedClassifier,
    message: &str,
    files: &[ChangedFile<'_>],
) -> Verdict {
    let category = category(model, message, files);
    let (risk, risk_reasons) = risk(category, message, files);
    Verdict {
        category,
        summary: summary(category, message, files),
        risk,
        risk_reasons,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, additions: u32) -> ChangedFile<'_> {
        ChangedFile {
            path,
            additions,
            deletions: 0,
        }
    }

    #[test]
    fn a_conventional_prefix_decides() {
        let model = LearnedClassifier::embedded();
        assert_eq!(
            category(model, "fix(parser): handle tabs", &[]),
            Category::Fix
        );
        assert_eq!(category(model, "feat!: new API", &[]), Category::Feature);
        assert_eq!(category(model, "perf: avoid a copy", &[]), Category::Perf);
        assert_eq!(category(model, "ci: cache cargo", &[]), Category::Build);
        // Whatever the words say: "docs:" wins over a subject that reads like a fix.
        assert_eq!(category(model, "docs: fix the crash", &[]), Category::Docs);
        assert_eq!(strip_prefix("docs(readme): typo"), "typo");
        assert_eq!(
            strip_prefix("Note: this is not a prefix at all"),
            "this is not a prefix at all"
        );
    }

    #[test]
    fn keywords_and_paths_decide_otherwise() {
        assert_eq!(by_rules("Fix a crash on empty input", &[]), Category::Fix);
        assert_eq!(by_rules("Add support for TOML", &[]), Category::Feature);
        assert_eq!(by_rules("Speed up the lexer", &[]), Category::Perf);
        assert_eq!(by_rules("Refactor the walker", &[]), Category::Refactor);
        assert_eq!(
            by_rules("Update", &[file("README.md", 3), file("docs/x.md", 1)]),
            Category::Docs
        );
        assert_eq!(
            by_rules("More cases", &[file("tests/a.rs", 30)]),
            Category::Test
        );
        assert_eq!(by_rules("Bump serde to 1.0.200", &[]), Category::Build);
        assert_eq!(
            by_rules("Patch CVE-2024-1234 in the parser", &[]),
            Category::Security
        );
        assert_eq!(by_rules("wip", &[file("src/a.rs", 1)]), Category::Chore);
        // "prefix" is not "fix", "address" is not "add", "circular" is not "ci".
        assert_eq!(by_keywords("Use a prefix tree"), None);
        assert_eq!(by_keywords("Accept an address list"), None);
        assert_eq!(by_keywords("Circular buffer"), None);
        // The leading verb outranks a later keyword.
        assert_eq!(by_keywords("Added `Error::kind`"), Some(Category::Feature));
        assert_eq!(by_keywords("Fixed the config parser"), Some(Category::Fix));
        assert_eq!(
            by_keywords("Fix a typo in the README"),
            Some(Category::Docs)
        );
        assert_eq!(
            by_keywords("Removed the deprecated API"),
            Some(Category::Refactor)
        );
    }

    #[test]
    fn risk_grows_with_size_and_sensitivity_and_says_why() {
        let small = classify("fix: typo in a log line", &[file("src/log.rs", 1)]);
        let big: Vec<ChangedFile<'_>> = (0..30).map(|_| file("src/auth/token.rs", 100)).collect();
        let large = classify("feat!: rework auth", &big);
        assert!(small.risk < 20, "{small:?}");
        assert!(large.risk >= 80, "{large:?}");
        assert!(large.risk_reasons.iter().any(|r| r.contains("breaking")));
        assert!(large.risk_reasons.iter().any(|r| r.contains("sensitive")));
        assert!(large.summary.contains("rework auth"), "{}", large.summary);
    }
}
