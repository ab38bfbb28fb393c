//! The offline commit classifier's accuracy on a labeled set written outside this project: the
//! entries of the CHANGELOG.md files shipped inside crates in cargo's registry source cache,
//! labeled by the heading they sit under (`scripts/changelog_labels.py` extracts them). Any
//! Conventional Commits prefix is stripped before classifying, so the prefix cannot give the
//! answer away. Prints accuracy per category and the confusion matrix.
//!
//! `cargo bench --bench classifier -- [--labels FILE]` (default: runs the script).

use std::collections::BTreeMap;
use std::process::Command;
use tributary_processors::enrich::{classify, strip_prefix, Category};

fn labeled_set() -> Vec<(Category, String, String)> {
    let args: Vec<String> = std::env::args().collect();
    let text = match args.iter().position(|a| a == "--labels") {
        Some(i) => std::fs::read_to_string(&args[i + 1]).expect("labels file"),
        None => {
            let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/changelog_labels.py");
            let out = Command::new("python3")
                .arg(script)
                .output()
                .expect("python3 runs the extraction script");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            String::from_utf8_lossy(&out.stdout).into_owned()
        }
    };
    text.lines()
        .filter_map(|line| {
            let mut parts = line.splitn(3, '\t');
            let label = Category::parse(parts.next()?)?;
            let source = parts.next()?.to_string();
            let subject = parts.next()?.to_string();
            Some((label, source, subject))
        })
        .collect()
}

fn main() {
    let set = labeled_set();
    assert!(set.len() >= 300, "only {} labeled entries", set.len());
    let mut confusion: BTreeMap<(Category, Category), usize> = BTreeMap::new();
    let mut sources: BTreeMap<&str, usize> = BTreeMap::new();
    for (label, source, subject) in &set {
        let predicted = classify(strip_prefix(subject), &[]).category;
        *confusion.entry((*label, predicted)).or_default() += 1;
        *sources.entry(source.as_str()).or_default() += 1;
    }
    let total = set.len();
    let correct: usize = confusion
        .iter()
        .filter(|((l, p), _)| l == p)
        .map(|(_, n)| n)
        .sum();
    println!(
        "offline classifier: {total} labeled changelog entries from {} crates",
        sources.len()
    );
    println!(
        "overall accuracy: {:.1}% ({correct}/{total})\n",
        100.0 * correct as f64 / total as f64
    );
    println!("| label | entries | correct | accuracy |");
    println!("|---|---:|---:|---:|");
    let mut macro_sum = 0.0;
    let mut macro_n = 0;
    for label in Category::ALL {
        let n: usize = confusion
            .iter()
            .filter(|((l, _), _)| *l == label)
            .map(|(_, n)| n)
            .sum();
        if n == 0 {
            continue;
        }
        let ok = confusion.get(&(label, label)).copied().unwrap_or(0);
        let acc = 100.0 * ok as f64 / n as f64;
        macro_sum += acc;
        macro_n += 1;
        println!("| {label} | {n} | {ok} | {acc:.1}% |");
    }
    println!(
        "\nmacro-averaged accuracy over labels present: {:.1}%\n",
        macro_sum / f64::from(macro_n.max(1))
    );
    print!("confusion (rows: label, columns: predicted)\n| |");
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
