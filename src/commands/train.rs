//! `tributary train-classifier`: learns the offline classifier's weights from a labeled corpus
//! of commits and changelog entries (by default `data/commits/conventional.tsv` and
//! `data/changelogs/changelogs.tsv`), scores it on the repositories it kept out, beside the
//! rules alone, and writes the weights file the enricher loads.

use crate::cli::TrainArgs;
use anyhow::Context as _;
use tributary_processors::enrich::learned::{
    read_corpus, Evaluation, Example, LearnedClassifier, TrainOptions,
};
use tributary_processors::enrich::Category;

/// Trains, evaluates on the held-out repositories, writes the weights.
pub(super) fn run(args: &TrainArgs) -> anyhow::Result<()> {
    let (mut corpus, mut skipped) = (Vec::new(), 0);
    for path in &args.corpus {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let (examples, bad) = read_corpus(&text);
        corpus.extend(examples);
        skipped += bad;
    }
    let (held, train): (Vec<_>, Vec<_>) = corpus
        .into_iter()
        .partition(|(repo, _)| args.holdout.iter().any(|h| h == repo));
    anyhow::ensure!(
        !train.is_empty(),
        "no training examples left after the hold-out"
    );
    anyhow::ensure!(
        !held.is_empty(),
        "no example of the held-out repositories {:?} in the corpus",
        args.holdout
    );
    let train: Vec<Example> = train.into_iter().map(|(_, e)| e).collect();
    let options = TrainOptions {
        epochs: args.epochs,
        learning_rate: args.learning_rate,
        l2: args.l2,
        min_count: args.min_count,
        ..TrainOptions::default()
    };
    let model = LearnedClassifier::train(&train, options);
    let (mut rules, mut learned) = (Evaluation::default(), Evaluation::default());
    for (_, e) in &held {
        rules.add(e.label, e.by_rules());
        learned.add(e.label, e.predict(&model));
    }
    std::fs::write(&args.out, model.to_text())
        .with_context(|| format!("writing {}", args.out.display()))?;
    println!(
        "trained on {} commits and changelog entries ({skipped} corpus lines skipped), {} features kept; weights in {}",
        train.len(),
        model.len(),
        args.out.display()
    );
    println!(
        "held out: {} commits of {}\n",
        held.len(),
        args.holdout.join(", ")
    );
    println!("| classifier | accuracy | macro-F1 |");
    println!("|---|---:|---:|");
    for (name, e) in [("rules", &rules), ("learned", &learned)] {
        println!(
            "| {name} | {:.1}% | {:.3} |",
            100.0 * e.accuracy(),
            e.macro_f1()
        );
    }
    println!("\n| category | held-out commits | F1 rules | F1 learned |");
    println!("|---|---:|---:|---:|");
    for c in Category::ALL {
        if learned.support(c) > 0 {
            println!(
                "| {c} | {} | {:.3} | {:.3} |",
                learned.support(c),
                rules.f1(c),
                learned.f1(c)
            );
        }
    }
    Ok(())
}
