//! The learned half of the offline classifier: a multinomial logistic regression over the words,
//! word pairs and leading verb of a commit subject, the tokens of its changed paths, the kinds
//! of path it touches (tests, docs, build machinery, source), the subject's shape (a version,
//! `from X to Y`, code in backticks, its length), and the rules' own verdicts ([`by_keywords`],
//! the all-docs/all-tests/all-build path checks) as features, so the rules help where they are
//! right and are outweighed where they are not.
//!
//! The weights are a text file in the repository (`weights.tsv` beside this module, embedded in
//! the binary; `TRIBUTARY_CLASSIFIER_WEIGHTS` names another one, read at start). They were
//! trained by `tributary train-classifier` on the Conventional Commits histories of public
//! repositories (`data/commits/`), where the commit's own prefix is the label and the subject
//! without it is the input, and on changelog entries of other public projects labeled by their
//! heading (`data/changelogs/`: past tense, no paths). Training is deterministic: the same
//! corpora give the same file.
//!
//! No library is used for the model: it is a few dozen lines of arithmetic over sparse string
//! features, the crates that offer logistic regression (linfa, smartcore) bring ndarray and
//! dense matrices for what is here a map lookup per feature, and the weights file must stay a
//! reviewable text file.

use super::classify::{by_keywords, by_paths, Category, ChangedFile};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Arc, OnceLock};

/// The weights shipped with the binary.
const EMBEDDED: &str = include_str!("weights.tsv");
/// The first line of a weights file: its format and the order of the classes on every line.
const HEADER: &str = "# tributary-commit-classifier v1";
/// The repositories of `data/commits/conventional.tsv` that the shipped weights never saw: their
/// commits are the held-out evaluation (one repository of each of four ecosystems: Go, Python,
/// TypeScript, Rust).
pub const HELD_OUT: [&str; 4] = [
    "goreleaser/goreleaser",
    "googleapis/python-bigquery",
    "vuejs/core",
    "rolldown/rolldown",
];
/// Paths of a commit looked at, at most.
const MAX_PATHS: usize = 20;
/// Number of classes.
const K: usize = Category::ALL.len();

/// Why a weights file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum WeightsError {
    /// The file could not be read.
    #[error("reading the classifier weights {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// What failed.
        source: std::io::Error,
    },
    /// The text is not a weights file.
    #[error("classifier weights, line {line}: {why}")]
    Format {
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        why: String,
    },
}

/// A trained linear model: per feature, one weight per class ([`Category::ALL`] order).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LearnedClassifier {
    bias: [f32; K],
    weights: HashMap<String, [f32; K]>,
}

/// One labeled commit to learn from or to score.
#[derive(Debug, Clone)]
pub struct Example {
    /// The label.
    pub label: Category,
    /// The subject, without any Conventional Commits prefix.
    pub subject: String,
    /// The changed paths.
    pub paths: Vec<String>,
}

impl Example {
    /// Its paths, borrowed.
    pub fn paths(&self) -> Vec<&str> {
        self.paths.iter().map(String::as_str).collect()
    }

    /// What the hand-written rules alone say of it ([`super::classify::by_rules`]).
    pub fn by_rules(&self) -> Category {
        let files: Vec<ChangedFile<'_>> = self
            .paths
            .iter()
            .map(|path| ChangedFile {
                path,
                additions: 0,
                deletions: 0,
            })
            .collect();
        super::classify::by_rules(&self.subject, &files)
    }

    /// What `model` says of it.
    pub fn predict(&self, model: &LearnedClassifier) -> Category {
        model.predict(&self.subject, &self.paths()).0
    }
}

/// How the training runs; [`TrainOptions::default`] is what the shipped weights used.
#[derive(Debug, Clone, Copy)]
pub struct TrainOptions {
    /// Passes over the examples.
    pub epochs: usize,
    /// AdaGrad's base learning rate.
    pub learning_rate: f32,
    /// L2 penalty per update.
    pub l2: f32,
    /// A feature seen in fewer examples is left out.
    pub min_count: usize,
    /// Weights smaller than this (in absolute value) are dropped from the file.
    pub prune: f32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        // Chosen on a validation split of the training repositories alone (pnpm, tauri,
        // java-storage and semantic-release held out of the other eight; the test repositories
        // of HELD_OUT never took part): learning rates 0.01-0.3, 4-24 epochs, minimum counts
        // 2-3; this was the best accuracy and macro-F1 (68.5%, 0.557).
        Self {
            epochs: 12,
            learning_rate: 0.03,
            l2: 1e-6,
            min_count: 3,
            prune: 0.02,
        }
    }
}

fn index(c: Category) -> usize {
    Category::ALL.iter().position(|x| *x == c).unwrap_or(0)
}

/// Lowercase alphanumeric words, digits folded to `0` so versions and issue numbers share one
/// feature, and inflections cut off ([`stem`]).
fn tokens(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let folded: String = w
                .chars()
                .map(|c| if c.is_ascii_digit() { '0' } else { c })
                .collect();
            stem(&folded).to_string()
        })
        .collect()
}

/// `word` without an inflection (`-ing`, `-ed`, `-es`, `-s`) when enough is left: commit
/// subjects are imperative by convention ("add", "fix"), changelogs and many histories write
/// "added", "fixes", "adding", and they should share their features. Not a full stemmer
/// ("fixes" and "fix" meet, "caches" gives "cach"): the features only need to agree.
fn stem(word: &str) -> &str {
    for suffix in ["ing", "ed", "es", "s"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            if stem.chars().count() > 2 {
                return stem;
            }
        }
    }
    word
}

/// The features of a commit (with repeats removed).
pub fn features(subject: &str, paths: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    let words = tokens(subject);
    if let Some(first) = words.first() {
        out.push(format!("v:{first}"));
    }
    for w in &words {
        out.push(format!("w:{w}"));
    }
    for pair in words.windows(2) {
        out.push(format!("b:{}_{}", pair[0], pair[1]));
    }
    if let Some(rule) = by_keywords(subject) {
        out.push(format!("r:{rule}"));
    }
    let files: Vec<ChangedFile<'_>> = paths
        .iter()
        .take(MAX_PATHS)
        .map(|path| ChangedFile {
            path,
            additions: 0,
            deletions: 0,
        })
        .collect();
    if let Some(rule) = by_paths(&files) {
        out.push(format!("rp:{rule}"));
    }
    let mut kinds = Vec::new();
    for path in paths.iter().take(MAX_PATHS) {
        let lower = path.to_lowercase();
        kinds.push(kinds_of(&lower));
        let mut segments = lower.split('/').peekable();
        while let Some(segment) = segments.next() {
            if segments.peek().is_some() {
                out.push(format!("d:{segment}"));
            } else {
                match segment.rsplit_once('.') {
                    Some((stem, ext)) if !stem.is_empty() => {
                        out.push(format!("x:{ext}"));
                        out.push(format!("f:{stem}"));
                    }
                    _ => out.push(format!("f:{segment}")),
                }
            }
        }
    }
    if paths.is_empty() {
        out.push("nopaths".to_string());
    } else {
        out.push(format!("np:{}", paths.len().min(5)));
        path_kinds(&kinds, &mut out);
    }
    subject_shape(subject, words.len(), &mut out);

    out.sort_unstable();
    out.dedup();
    out
}

/// What a changed path is, broadly: a test, documentation, build or CI machinery, or source.
/// Wider than the rules' checks ([`by_paths`]): these are features, weighed by training, not
/// verdicts.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum PathKind {
    Build,
    Doc,
    Src,
    Test,
}

impl PathKind {
    fn name(self) -> &'static str {
        match self {
            PathKind::Build => "build",
            PathKind::Doc => "doc",
            PathKind::Src => "src",
            PathKind::Test => "test",
        }
    }
}

/// The kinds of one path, lowercased (a path may be several: `tests/fixtures.yml` is a test
/// and a build file), or [`PathKind::Src`] when none of the others.
fn kinds_of(lower: &str) -> Vec<PathKind> {
    let file = lower.rsplit('/').next().unwrap_or(lower);
    let dirs: Vec<&str> = lower.split('/').rev().skip(1).collect();
    let in_dir = |names: &[&str]| dirs.iter().any(|d| names.contains(d));
    let mut kinds = Vec::new();
    if in_dir(&["test", "tests", "__tests__", "spec", "testdata", "e2e"])
        || ["_test.", ".test.", ".spec."]
            .iter()
            .any(|m| file.contains(m))
        || file.starts_with("test_")
        || file.starts_with("conftest")
    {
        kinds.push(PathKind::Test);
    }
    if [".md", ".mdx", ".rst", ".txt", ".adoc"]
        .iter()
        .any(|e| file.ends_with(e))
        || lower.starts_with("doc/")
        || lower.starts_with("docs/")
        || lower.starts_with("www/")
        || in_dir(&["doc", "docs"])
        || file.starts_with("readme")
    {
        kinds.push(PathKind::Doc);
    }
    if lower.starts_with(".github/")
        || file.contains("lock")
        || file.ends_with(".yml")
        || file.ends_with(".yaml")
        || file.ends_with(".gradle")
        || file.starts_with("tsconfig")
        || file.starts_with("requirements")
        || file.starts_with("dockerfile")
        || file.starts_with("renovate")
        || file.starts_with("setup.")
        || [
            "package.json",
            "go.mod",
            "go.sum",
            "cargo.toml",
            "pyproject.toml",
            "noxfile.py",
            "makefile",
            "pom.xml",
            "dependabot.yml",
        ]
        .contains(&file)
    {
        kinds.push(PathKind::Build);
    }
    if kinds.is_empty() {
        kinds.push(PathKind::Src);
    }
    kinds
}

/// `k:<kind>` for every kind among the paths' ([`kinds_of`] each), `all:<kind>` for a kind
/// every path has, and `mix:<kinds>` for the set of kinds (a commit touching source and tests
/// reads differently from one touching source alone).
fn path_kinds(seen: &[Vec<PathKind>], out: &mut Vec<String>) {
    let mut any: Vec<PathKind> = seen.iter().flatten().copied().collect();
    any.sort_unstable();
    any.dedup();
    for kind in &any {
        out.push(format!("k:{}", kind.name()));
        if seen.iter().all(|k| k.contains(kind)) {
            out.push(format!("all:{}", kind.name()));
        }
    }
    let names: Vec<&str> = any.iter().map(|k| k.name()).collect();
    out.push(format!("mix:{}", names.join("+")));
}

/// The shape of a subject: whether it names a version (`1.2`, `v0.3.1`: releases and
/// dependency updates), a change `from X to Y` (dependency bots), code in backticks (features
/// and fixes name the API they touch), and its length in words (in steps of three).
fn subject_shape(subject: &str, words: usize, out: &mut Vec<String>) {
    let bytes = subject.as_bytes();
    let version = bytes
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == b'.' && w[2].is_ascii_digit());
    if version {
        out.push("ver".to_string());
    }
    let words_of: Vec<&str> = subject.split_whitespace().collect();
    let from_to = words_of
        .iter()
        .position(|w| w.eq_ignore_ascii_case("from"))
        .is_some_and(|from| {
            words_of
                .iter()
                .skip(from + 2)
                .position(|w| w.eq_ignore_ascii_case("to"))
                .is_some_and(|to| from + 2 + to + 1 < words_of.len())
        });
    if from_to {
        out.push("fromto".to_string());
    }
    if subject.contains('`') {
        out.push("code".to_string());
    }
    out.push(format!("len:{}", (words / 3).min(6)));
}

fn softmax(scores: &mut [f32; K]) {
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for s in scores.iter_mut() {
        *s = (*s - max).exp();
        sum += *s;
    }
    for s in scores.iter_mut() {
        *s /= sum;
    }
}

impl LearnedClassifier {
    /// The weights shipped with the binary, parsed once.
    pub fn embedded() -> &'static LearnedClassifier {
        Self::shared_embedded()
    }

    /// [`LearnedClassifier::embedded`] as a shared handle (what an enricher holds: one copy of
    /// the weights per process, not one per enricher).
    pub fn shared_embedded() -> &'static Arc<LearnedClassifier> {
        static MODEL: OnceLock<Arc<LearnedClassifier>> = OnceLock::new();
        // The embedded file is checked by a unit test; an unreadable one would be a build
        // defect, and an empty model then answers by the bias alone (never a panic).
        MODEL.get_or_init(|| Arc::new(Self::parse(EMBEDDED).unwrap_or_default()))
    }

    /// Reads a weights file.
    pub fn load(path: &std::path::Path) -> Result<Self, WeightsError> {
        let text = std::fs::read_to_string(path).map_err(|source| WeightsError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Self::parse(&text)
    }

    /// Parses the text of a weights file: the header, a `bias` line, then one line per
    /// feature, `feature<TAB>class=weight class=weight ...` (classes absent weigh 0).
    pub fn parse(text: &str) -> Result<Self, WeightsError> {
        let mut lines = text.lines().enumerate();
        let bad = |line: usize, why: String| WeightsError::Format {
            line: line + 1,
            why,
        };
        match lines.next() {
            Some((_, h)) if h.trim() == HEADER => {}
            _ => return Err(bad(0, format!("the first line must be `{HEADER}`"))),
        }
        let mut model = LearnedClassifier::default();
        for (n, line) in lines {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (name, values) = line
                .split_once('\t')
                .ok_or_else(|| bad(n, "no tab after the feature".into()))?;
            let mut row = [0f32; K];
            for pair in values.split_whitespace() {
                let (class, weight) = pair
                    .split_once('=')
                    .ok_or_else(|| bad(n, format!("`{pair}` is not class=weight")))?;
                let class = Category::parse(class)
                    .filter(|c| c.as_str() == class)
                    .ok_or_else(|| bad(n, format!("unknown class `{class}`")))?;
                let weight: f32 = weight
                    .parse()
                    .ok()
                    .filter(|w: &f32| w.is_finite())
                    .ok_or_else(|| bad(n, format!("`{weight}` is not a number")))?;
                row[index(class)] = weight;
            }
            if name == "bias" {
                model.bias = row;
            } else {
                model.weights.insert(name.to_string(), row);
            }
        }
        Ok(model)
    }

    /// The file [`LearnedClassifier::parse`] reads back.
    pub fn to_text(&self) -> String {
        let row = |w: &[f32; K]| {
            let mut s = String::new();
            for (c, v) in Category::ALL.iter().zip(w) {
                if *v != 0.0 {
                    let _ = write!(s, "{}{c}={v:.3}", if s.is_empty() { "" } else { " " });
                }
            }
            s
        };
        let mut out = format!("{HEADER}\nbias\t{}\n", row(&self.bias));
        let mut names: Vec<&String> = self.weights.keys().collect();
        names.sort();
        for name in names {
            let _ = writeln!(out, "{name}\t{}", row(&self.weights[name]));
        }
        out
    }

    /// Features with weights.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    /// Whether no feature has a weight (the model answers by its bias alone).
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    fn scores(&self, features: &[String]) -> [f32; K] {
        let mut s = self.bias;
        for f in features {
            if let Some(w) = self.weights.get(f) {
                for (a, b) in s.iter_mut().zip(w) {
                    *a += b;
                }
            }
        }
        s
    }

    /// The most likely category of a commit (subject without prefix, changed paths) and its
    /// probability.
    pub fn predict(&self, subject: &str, paths: &[&str]) -> (Category, f32) {
        let mut p = self.scores(&features(subject, paths));
        softmax(&mut p);
        let (best, prob) =
            p.iter().enumerate().fold(
                (0, f32::MIN),
                |b, (i, v)| if *v > b.1 { (i, *v) } else { b },
            );
        (Category::ALL[best], prob)
    }

    /// Learns weights from `examples` (deterministically: the order of the passes comes from a
    /// fixed-seed shuffle).
    pub fn train(examples: &[Example], options: TrainOptions) -> Self {
        let featurized: Vec<(usize, Vec<String>)> = examples
            .iter()
            .map(|e| {
                let paths: Vec<&str> = e.paths.iter().map(String::as_str).collect();
                (index(e.label), features(&e.subject, &paths))
            })
            .collect();
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for (_, fs) in &featurized {
            for f in fs {
                *counts.entry(f.as_str()).or_default() += 1;
            }
        }
        let mut ids: HashMap<&str, usize> = HashMap::new();
        let mut names: Vec<&str> = counts
            .iter()
            .filter(|(_, n)| **n >= options.min_count)
            .map(|(f, _)| *f)
            .collect();
        names.sort_unstable();
        for (i, f) in names.iter().enumerate() {
            ids.insert(*f, i);
        }
        let rows: Vec<(usize, Vec<usize>)> = featurized
            .iter()
            .map(|(y, fs)| {
                (
                    *y,
                    fs.iter()
                        .filter_map(|f| ids.get(f.as_str()).copied())
                        .collect(),
                )
            })
            .collect();
        let mut w = vec![[0f32; K]; names.len()];
        let mut g2 = vec![[1e-8f32; K]; names.len()];
        let mut bias = [0f32; K];
        let mut bias_g2 = [1e-8f32; K];
        let mut order: Vec<usize> = (0..rows.len()).collect();
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..options.epochs {
            // Fisher-Yates with a xorshift generator: the same corpus, the same weights.
            for i in (1..order.len()).rev() {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                order.swap(i, (seed % (i as u64 + 1)) as usize);
            }
            for &r in &order {
                let (y, fs) = &rows[r];
                let mut p = bias;
                for &f in fs {
                    for (a, b) in p.iter_mut().zip(&w[f]) {
                        *a += b;
                    }
                }
                softmax(&mut p);
                for k in 0..K {
                    let grad = p[k] - if k == *y { 1.0 } else { 0.0 };
                    bias_g2[k] += grad * grad;
                    bias[k] -= options.learning_rate * grad / bias_g2[k].sqrt();
                    for &f in fs {
                        let g = grad + options.l2 * w[f][k];
                        g2[f][k] += g * g;
                        w[f][k] -= options.learning_rate * g / g2[f][k].sqrt();
                    }
                }
            }
        }
        let round = |v: f32| (v * 1000.0).round() / 1000.0;
        let weights = names
            .iter()
            .zip(w)
            .filter_map(|(name, row)| {
                let row = row.map(|v| {
                    if v.abs() < options.prune {
                        0.0
                    } else {
                        round(v)
                    }
                });
                row.iter()
                    .any(|v| *v != 0.0)
                    .then(|| (name.to_string(), row))
            })
            .collect();
        LearnedClassifier {
            bias: bias.map(round),
            weights,
        }
    }
}

/// Reads a corpus file (`data/commits/conventional.tsv`'s format: `repo<TAB>label<TAB>subject
/// <TAB>paths`, paths space-separated with `%20` for a space): each example with its
/// repository. Lines with an unknown label are skipped and counted.
pub fn read_corpus(text: &str) -> (Vec<(String, Example)>, usize) {
    let mut skipped = 0;
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.is_empty()) {
        let mut cols = line.split('\t');
        let (Some(repo), Some(label), Some(subject)) = (cols.next(), cols.next(), cols.next())
        else {
            skipped += 1;
            continue;
        };
        let Some(label) = Category::parse(label) else {
            skipped += 1;
            continue;
        };
        let paths = cols
            .next()
            .unwrap_or_default()
            .split(' ')
            .filter(|p| !p.is_empty())
            .map(|p| {
                p.replace("%20", " ")
                    .replace("%09", "\t")
                    .replace("%25", "%")
            })
            .collect();
        out.push((
            repo.to_string(),
            Example {
                label,
                subject: subject.to_string(),
                paths,
            },
        ));
    }
    (out, skipped)
}

/// A confusion matrix of labels against predictions, with the figures read off it.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    counts: [[usize; K]; K],
}

impl Evaluation {
    /// Counts one prediction.
    pub fn add(&mut self, label: Category, predicted: Category) {
        self.counts[index(label)][index(predicted)] += 1;
    }

    /// Predictions counted.
    pub fn total(&self) -> usize {
        self.counts.iter().flatten().sum()
    }

    /// Share of correct predictions (0 when nothing was counted).
    pub fn accuracy(&self) -> f64 {
        let correct: usize = (0..K).map(|i| self.counts[i][i]).sum();
        correct as f64 / self.total().max(1) as f64
    }

    /// Examples labeled `c`.
    pub fn support(&self, c: Category) -> usize {
        self.counts[index(c)].iter().sum()
    }

    /// F1 of one category: the harmonic mean of its precision and recall.
    pub fn f1(&self, c: Category) -> f64 {
        let i = index(c);
        let tp = self.counts[i][i] as f64;
        let predicted: usize = (0..K).map(|l| self.counts[l][i]).sum();
        let (support, predicted) = (self.support(c) as f64, predicted as f64);
        if tp == 0.0 {
            return 0.0;
        }
        let (p, r) = (tp / predicted, tp / support);
        2.0 * p * r / (p + r)
    }

    /// The mean F1 over the categories present among the labels.
    pub fn macro_f1(&self) -> f64 {
        let present: Vec<Category> = Category::ALL
            .into_iter()
            .filter(|c| self.support(*c) > 0)
            .collect();
        present.iter().map(|c| self.f1(*c)).sum::<f64>() / present.len().max(1) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(label: Category, subject: &str, paths: &[&str]) -> Example {
        Example {
            label,
            subject: subject.into(),
            paths: paths.iter().map(|p| p.to_string()).collect(),
        }
    }

    #[test]
    fn the_embedded_weights_parse_and_know_the_common_cases() {
        let model = LearnedClassifier::embedded();
        assert!(model.len() > 1000, "only {} features", model.len());
        assert_eq!(
            LearnedClassifier::parse(EMBEDDED).expect("embedded weights parse"),
            *model
        );
        let cases = [
            (
                "handle an empty config file without crashing",
                vec!["src/config.rs"],
                Category::Fix,
            ),
            (
                "add a --json flag to the list command",
                vec!["src/cli.rs"],
                Category::Feature,
            ),
            (
                "update the installation guide",
                vec!["docs/install.md"],
                Category::Docs,
            ),
            (
                "bump serde from 1.0.1 to 1.0.2",
                vec!["Cargo.lock"],
                Category::Build,
            ),
            (
                "add tests for the tokenizer",
                vec!["tests/tokenizer.rs"],
                Category::Test,
            ),
        ];
        for (subject, paths, want) in cases {
            assert_eq!(model.predict(subject, &paths).0, want, "{subject}");
        }
    }

    #[test]
    fn training_learns_separable_data_and_round_trips_through_text() {
        let mut examples = Vec::new();
        for i in 0..30 {
            examples.push(example(
                Category::Fix,
                &format!("repair crash {i}"),
                &["src/a.rs"],
            ));
            examples.push(example(
                Category::Docs,
                &format!("explain usage {i}"),
                &["README.md"],
            ));
            examples.push(example(
                Category::Feature,
                &format!("support yaml {i}"),
                &["src/b.rs"],
            ));
        }
        let model = LearnedClassifier::train(&examples, TrainOptions::default());
        assert_eq!(
            model.predict("repair crash", &["src/x.rs"]).0,
            Category::Fix
        );
        assert_eq!(
            model.predict("explain usage", &["guide.md"]).0,
            Category::Docs
        );
        assert_eq!(model.predict("support yaml", &[]).0, Category::Feature);
        let again = LearnedClassifier::train(&examples, TrainOptions::default());
        assert_eq!(model, again, "training is deterministic");
        let text = model.to_text();
        assert_eq!(LearnedClassifier::parse(&text).expect("parses"), model);
    }

    #[test]
    fn a_bad_weights_file_is_refused_with_its_line() {
        for (text, line) in [
            ("not a header\n", 1),
            (
                "# tributary-commit-classifier v1\nw:x\tfix=1 nonsense=2\n",
                2,
            ),
            (
                "# tributary-commit-classifier v1\nbias\tfix=1\nw:y fix=1\n",
                3,
            ),
            ("# tributary-commit-classifier v1\nw:z\tfix=NaN\n", 2),
        ] {
            match LearnedClassifier::parse(text) {
                Err(WeightsError::Format { line: l, .. }) => assert_eq!(l, line, "{text}"),
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn the_evaluation_counts_accuracy_and_f1() {
        let mut e = Evaluation::default();
        for (l, p) in [
            (Category::Fix, Category::Fix),
            (Category::Fix, Category::Feature),
            (Category::Feature, Category::Feature),
            (Category::Docs, Category::Fix),
        ] {
            e.add(l, p);
        }
        assert_eq!(e.total(), 4);
        assert!((e.accuracy() - 0.5).abs() < 1e-9);
        // fix: p = 1/2, r = 1/2; feature: p = 1/2, r = 1; docs: 0.
        assert!((e.f1(Category::Fix) - 0.5).abs() < 1e-9);
        assert!((e.f1(Category::Feature) - 2.0 / 3.0).abs() < 1e-9);
        assert!((e.macro_f1() - (0.5 + 2.0 / 3.0) / 3.0).abs() < 1e-9);
        let (corpus, skipped) =
            read_corpus("a/b\tfix\tmend x\tsrc/a%20b.rs README.md\nc/d\tnope\ty\t\n");
        assert_eq!(skipped, 1);
        assert_eq!(corpus[0].1.paths, vec!["src/a b.rs", "README.md"]);
    }

    #[test]
    fn features_see_words_pairs_verbs_rules_and_paths() {
        let f = features("Fix the parser v2", &["docs/guide/intro.md"]);
        for want in [
            "v:fix",
            "w:parser",
            "b:the_parser",
            "w:v0",
            "r:fix",
            "rp:docs",
            "d:docs",
            "d:guide",
            "f:intro",
            "x:md",
        ] {
            assert!(f.iter().any(|x| x == want), "{want} in {f:?}");
        }
        // Inflections share features: "Added caching" reads like "add cache".
        let added = features("Added caching", &[]);
        for want in ["v:add", "w:cach", "b:add_cach"] {
            assert!(added.iter().any(|x| x == want), "{want} in {added:?}");
        }
        assert_eq!(stem("fixes"), "fix");
        assert_eq!(stem("bus"), "bus");
        // What kinds of path a commit touches, and the subject's shape.
        let f = features(
            "bump `serde` from 1.0.1 to 1.0.2",
            &["Cargo.lock", "src/lib.rs", "tests/it/main.rs"],
        );
        for want in [
            "k:build",
            "k:src",
            "k:test",
            "mix:build+src+test",
            "ver",
            "fromto",
            "code",
            "len:3",
        ] {
            assert!(f.iter().any(|x| x == want), "{want} in {f:?}");
        }
        assert!(!f.iter().any(|x| x.starts_with("all:")), "{f:?}");
        let docs = features("explain it", &["docs/a.md", "README.md"]);
        for want in ["all:doc", "mix:doc", "len:0"] {
            assert!(docs.iter().any(|x| x == want), "{want} in {docs:?}");
        }
        assert!(
            !docs.iter().any(|x| x == "fromto" || x == "ver"),
            "{docs:?}"
        );
    }
}
