//! How well commits are categorized, by three classifiers, on two labeled sets written outside
//! this project:
//!
//! - held-out repositories: the commits of the four repositories of `data/commits/conventional.tsv`
//!   that training never saw ([`HELD_OUT`]), labeled by their own Conventional Commits prefix,
//!   which is stripped before classifying;
//! - changelog entries: the CHANGELOG.md files shipped inside crates in cargo's registry source
//!   cache, labeled by the heading they sit under (`scripts/changelog_labels.py`); the training
//!   changelogs (`data/changelogs/`) are of other projects, and an entry they also hold is left
//!   out.
//!
//! The classifiers: the rules alone (`by_rules`), the learned linear model (the shipped
//! weights), and the served model (SmolLM2-135M-Instruct on llama.cpp, the local stack's model
//! server, started here on a free port) through the enricher itself, on a sample of each set:
//! its throughput and latency, and how many answers were malformed with the JSON-schema
//! constraint and without it.
//!
//! `cargo bench --bench classifier -- [--labels FILE] [--model-sample N] [--no-model]`
//! (defaults: run the script; 60 commits of each set; the model on).

use futures::StreamExt as _;
use std::collections::BTreeMap;
use std::process::Command;
use std::time::{Duration, Instant};
use tributary_processors::enrich::learned::{read_corpus, Evaluation, Example, HELD_OUT};
use tributary_processors::enrich::{
    strip_prefix, Category, EnrichConfig, Enricher, LearnedClassifier, ProviderKind,
};
use tributary_schemas::{CommitObserved, EventCodec, FileChange, Topics};
use tributary_test_support::model::{ModelServer, ALIAS};

/// Requests in flight to the model server (its two slots).
const MODEL_CONCURRENCY: usize = 2;

fn arg_value(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    let i = args.iter().position(|a| a == name)?;
    args.get(i + 1).cloned()
}

fn changelog_set() -> Vec<(String, Example)> {
    let text = match arg_value("--labels") {
        Some(file) => std::fs::read_to_string(file).expect("labels file"),
        None => {
            let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/changelog_labels.py");
            tributary_test_support::command::output_of(Command::new("python3").arg(script))
        }
    };
    text.lines()
        .filter_map(|line| {
            let mut parts = line.splitn(3, '\t');
            let label = Category::parse(parts.next()?)?;
            let source = parts.next()?.to_string();
            let subject = strip_prefix(parts.next()?).to_string();
            Some((
                source,
                Example {
                    label,
                    subject,
                    paths: Vec::new(),
                },
            ))
        })
        .collect()
}

/// A corpus of the repository's `data/` folder (`read_corpus`'s format), by its path there.
fn data_corpus(relative: &str) -> Vec<(String, Example)> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{relative}: {e}"));
    read_corpus(&text).0
}

/// The subjects of the training changelogs (`data/changelogs/changelogs.tsv`), lowercased.
fn training_changelog() -> std::collections::HashSet<String> {
    data_corpus("data/changelogs/changelogs.tsv")
        .into_iter()
        .map(|(_, e)| e.subject.to_lowercase())
        .collect()
}

fn held_out_set() -> (Vec<(String, Example)>, usize) {
    let corpus = data_corpus("data/commits/conventional.tsv");
    let total = corpus.len();
    let held = corpus
        .into_iter()
        .filter(|(repo, _)| HELD_OUT.contains(&repo.as_str()))
        .collect();
    (held, total)
}

fn evaluate(set: &[(String, Example)], classify: impl Fn(&Example) -> Category) -> Evaluation {
    let mut e = Evaluation::default();
    for (_, x) in set {
        e.add(x.label, classify(x));
    }
    e
}

/// Every `len / n`-th example: a sample spread over the whole set, the same every run.
fn sample(set: &[(String, Example)], n: usize) -> Vec<(String, Example)> {
    let step = (set.len() / n.max(1)).max(1);
    set.iter().step_by(step).take(n).cloned().collect()
}

fn commit_of(i: usize, e: &Example) -> CommitObserved {
    CommitObserved {
        event_id: format!("bench-{i}"),
        repository: "bench/classifier".into(),
        sha: format!("{i:040x}"),
        tree: String::new(),
        parents: vec![],
        author_name: "bench".into(),
        author_email: "bench@example.com".into(),
        authored_at: 0,
        author_tz_offset_minutes: 0,
        committer_name: "bench".into(),
        committer_email: "bench@example.com".into(),
        committed_at: 0,
        message: e.subject.clone(),
        files: e
            .paths
            .iter()
            .map(|p| FileChange {
                path: p.clone(),
                old_path: None,
                status: "modified".into(),
                additions: 1,
                deletions: 1,
                binary: false,
                blob_id: None,
                language: None,
            })
            .collect(),
        source: "bench".into(),
        committer_tz_offset_minutes: Some(0),
        files_total: None,
    }
}

/// What the served model made of a sample: its categories, latencies and malformed answers.
struct ModelRun {
    evaluation: Evaluation,
    latencies: Vec<Duration>,
    malformed: usize,
    other_failures: usize,
    wall: Duration,
}

async fn run_model(url: &str, structured: bool, set: &[(String, Example)]) -> ModelRun {
    let config = EnrichConfig {
        provider: ProviderKind::Openai,
        url: url.to_string(),
        model: ALIAS.into(),
        timeout_ms: 120_000,
        retries: 0,
        concurrency: MODEL_CONCURRENCY,
        // The bench counts failures; it does not want the circuit to hide them.
        breaker_failures: u32::MAX,
        cache_capacity: 0,
        structured,
        ..EnrichConfig::default()
    };
    let codec = EventCodec::new("http://127.0.0.1:1").expect("codec (never used)");
    let enricher = Enricher::new(codec, Topics::new("bench"), &config).expect("enricher");
    let started = Instant::now();
    // MODEL_CONCURRENCY requests in flight, each timed from its own start (no queueing in
    // the latency).
    let answers: Vec<_> = futures::stream::iter(set.iter().enumerate())
        .map(|(i, (_, e))| {
            let enricher = enricher.clone();
            async move {
                let t = Instant::now();
                let answer = enricher.enrich(&commit_of(i, e)).await;
                (e.label, answer, t.elapsed())
            }
        })
        .buffer_unordered(MODEL_CONCURRENCY)
        .collect()
        .await;
    let mut run = ModelRun {
        evaluation: Evaluation::default(),
        latencies: Vec::new(),
        malformed: 0,
        other_failures: 0,
        wall: started.elapsed(),
    };
    for (label, answer, latency) in answers {
        match &answer.fallback_reason {
            Some(r) if r.contains("malformed") => {
                if run.malformed < 3 {
                    println!("malformed answer (structured: {structured}): {r}");
                }
                run.malformed += 1;
            }
            Some(_) => run.other_failures += 1,
            None => {}
        }
        // A malformed answer counts as wrong, whatever the offline fallback said.
        let predicted = if answer.offline {
            None
        } else {
            Category::parse(&answer.category)
        };
        match predicted {
            Some(p) => run.evaluation.add(label, p),
            None => run.evaluation.add(
                label,
                // Any category other than the label: a miss.
                *Category::ALL
                    .iter()
                    .find(|c| **c != label)
                    .unwrap_or(&label),
            ),
        }
        run.latencies.push(latency);
    }
    run.latencies.sort();
    run
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn row(name: &str, held: &Evaluation, changelog: &Evaluation) {
    println!(
        "| {name} | {:.1}% | {:.3} | {:.1}% | {:.3} |",
        100.0 * held.accuracy(),
        held.macro_f1(),
        100.0 * changelog.accuracy(),
        changelog.macro_f1()
    );
}

#[tokio::main]
async fn main() {
    let (held, corpus_total) = held_out_set();
    let training_log = training_changelog();
    // An entry the training changelogs also hold would be scored on what was learned: left out.
    let (changelog, seen): (Vec<_>, Vec<_>) = changelog_set()
        .into_iter()
        .partition(|(_, e)| !training_log.contains(&e.subject.to_lowercase()));
    assert!(held.len() >= 1000, "only {} held-out commits", held.len());
    assert!(
        changelog.len() >= 300,
        "only {} changelog entries",
        changelog.len()
    );
    let crates: std::collections::BTreeSet<&str> =
        changelog.iter().map(|(s, _)| s.as_str()).collect();
    let model = LearnedClassifier::embedded();
    println!(
        "corpus: {corpus_total} labeled commits of 16 repositories (data/commits/); trained on the {} of 12, \
         scored on the {} held-out commits of {}",
        corpus_total - held.len(),
        held.len(),
        HELD_OUT.join(", ")
    );
    println!(
        "training changelogs: {} entries of other projects (data/changelogs/); changelog benchmark: \
         {} labeled entries from {} crates' CHANGELOG.md ({} left out: also in the training changelogs)\n",
        training_log.len(),
        changelog.len(),
        crates.len(),
        seen.len()
    );

    let rules_held = evaluate(&held, Example::by_rules);
    let rules_log = evaluate(&changelog, Example::by_rules);
    let learned_held = evaluate(&held, |e| e.predict(model));
    let learned_log = evaluate(&changelog, |e| e.predict(model));

    let n: usize = arg_value("--model-sample")
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);
    let want_model = !std::env::args().any(|a| a == "--no-model");
    let mut served = None;
    if want_model {
        match ModelServer::start(2).await {
            Ok(server) => {
                let (held_s, log_s) = (sample(&held, n), sample(&changelog, n));
                let held_run = run_model(&server.url(), true, &held_s).await;
                let log_run = run_model(&server.url(), true, &log_s).await;
                let unconstrained = run_model(&server.url(), false, &held_s).await;
                served = Some((held_run, log_run, unconstrained));
            }
            Err(e) => println!("served model: not measured ({e:#})\n"),
        }
    }

    println!("| classifier | held-out accuracy | held-out macro-F1 | changelog accuracy | changelog macro-F1 |");
    println!("|---|---:|---:|---:|---:|");
    row("rules", &rules_held, &rules_log);
    row("learned (shipped weights)", &learned_held, &learned_log);
    if let Some((h, l, _)) = &served {
        row(
            &format!(
                "served model {ALIAS} ({} + {} sampled)",
                h.evaluation.total(),
                l.evaluation.total()
            ),
            &h.evaluation,
            &l.evaluation,
        );
    }

    println!(
        "\n| category | held-out | F1 rules | F1 learned | changelog | F1 rules | F1 learned |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for c in Category::ALL {
        if rules_held.support(c) + rules_log.support(c) == 0 {
            continue;
        }
        println!(
            "| {c} | {} | {:.3} | {:.3} | {} | {:.3} | {:.3} |",
            rules_held.support(c),
            rules_held.f1(c),
            learned_held.f1(c),
            rules_log.support(c),
            rules_log.f1(c),
            learned_log.f1(c)
        );
    }

    if let Some((h, l, u)) = &served {
        let mut all: Vec<Duration> = h.latencies.iter().chain(&l.latencies).copied().collect();
        all.sort();
        let wall = h.wall + l.wall;
        println!(
            "\nserved model: {:.2} commits/s ({MODEL_CONCURRENCY} in flight, 2 threads), latency p50 {} ms, p99 {} ms",
            all.len() as f64 / wall.as_secs_f64(),
            percentile(&all, 0.5).as_millis(),
            percentile(&all, 0.99).as_millis()
        );
        println!("\n| answers | requests | malformed | other failures |");
        println!("|---|---:|---:|---:|");
        println!(
            "| with the JSON schema (response_format) | {} | {} | {} |",
            h.latencies.len() + l.latencies.len(),
            h.malformed + l.malformed,
            h.other_failures + l.other_failures
        );
        println!(
            "| without it (held-out sample) | {} | {} | {} |",
            u.latencies.len(),
            u.malformed,
            u.other_failures
        );
    }

    // Where the learned model goes wrong on the held-out set.
    let mut confusion: BTreeMap<(Category, Category), usize> = BTreeMap::new();
    for (_, e) in &held {
        let p = e.predict(model);
        *confusion.entry((e.label, p)).or_default() += 1;
    }
    print!("\nlearned, held-out confusion (rows: label, columns: predicted)\n| |");
    for p in Category::ALL {
        print!(" {p} |");
    }
    print!("\n|---|");
    for _ in Category::ALL {
        print!("---:|");
    }
    println!();
    for label in Category::ALL {
        if !confusion.keys().any(|(l, _)| *l == label) {
            continue;
        }
        print!("| {label} |");
        for p in Category::ALL {
            print!(" {} |", confusion.get(&(label, p)).copied().unwrap_or(0));
        }
        println!();
    }
}
