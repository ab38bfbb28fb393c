//! The [`AstAnalyzer`] processor: `blobs` → `analysis`, one record per blob and analyzer version.

use super::extract::{analyze, text_metrics, FileAnalysis};
use super::languages::spec;
use tributary_runtime::dlq::SourceRecord;
use tributary_runtime::processor::{Output, Processor};
use tributary_runtime::recent::RecentSet;
use tributary_runtime::RecordError;
use tributary_schemas::{
    event_id, AnalysisProduced, BlobObserved, CallSite, EventCodec, ImportBinding,
    SymbolDefinition, Topics, TypedName,
};

/// Bump when extraction changes what it emits: every blob is then analyzed again, under new
/// event ids.
pub const ANALYZER_VERSION: &str = "tributary-ast/3";

/// How many recently analyzed blob ids are remembered to skip repeats (a cache, not state:
/// losing it only costs a re-analysis that yields the same event).
const RECENT: usize = 100_000;

/// The largest analysis event the analyzer writes: one of a file with so many definitions and
/// calls that it would be larger keeps the file's metrics and is marked skipped with the reason
/// (the read model shows it in `file_analyses.skipped`). Checked against the record budget at
/// start (`tributary_runtime::budget`).
pub const MAX_ANALYSIS_BYTES: usize = 3 * 1024 * 1024;

/// `analysis` without its definitions, imports, bindings, typed names and calls, marked skipped because its event
/// would have been `bytes` long.
pub fn over_budget(mut analysis: AnalysisProduced, bytes: usize) -> AnalysisProduced {
    analysis.symbols.clear();
    analysis.imports.clear();
    analysis.calls.clear();
    analysis.bindings.clear();
    analysis.locals.clear();
    analysis.skipped = Some(format!(
        "analysis over the record budget ({bytes} bytes; at most {MAX_ANALYSIS_BYTES})"
    ));
    analysis
}

/// The AST analyzer processor.
pub struct AstAnalyzer {
    codec: EventCodec,
    topics: Topics,
    recent: RecentSet,
}

impl AstAnalyzer {
    /// An analyzer for `topics`.
    pub fn new(codec: EventCodec, topics: Topics) -> Self {
        Self {
            codec,
            topics,
            recent: RecentSet::new(RECENT),
        }
    }
}

/// Why a text file of a language without a parser has no definitions (its lines are counted).
const LANGUAGE_NOT_ANALYZED: &str = "language not analyzed";

/// The language to parse a blob as: its path's, except that a `.h` header written in C++
/// (a class, a namespace, a template, `public:`) is C++, whose grammar sees its classes and
/// methods (the extension says C for both).
fn header_language(blob: &BlobObserved) -> Option<&str> {
    let language = blob.language.as_deref();
    if language != Some("c") || !blob.path.ends_with(".h") {
        return language;
    }
    let Some(content) = &blob.content else {
        return language;
    };
    let text = String::from_utf8_lossy(&content[..content.len().min(64 * 1024)]);
    let cpp = text.lines().any(|l| {
        let l = l.trim_start();
        [
            "class ",
            "namespace ",
            "template<",
            "template <",
            "public:",
            "private:",
            "using ",
        ]
        .iter()
        .any(|k| l.starts_with(k))
    });
    if cpp {
        Some("cpp")
    } else {
        language
    }
}

/// The analysis event of a blob: analyzed, or skipped with the reason.
pub fn analysis_of(blob: &BlobObserved) -> AnalysisProduced {
    let language = header_language(blob);
    let skip = if blob.binary {
        Some("binary file")
    } else if blob.truncated || blob.content.is_none() {
        Some("over the blob size cap")
    } else if language.and_then(spec).is_none() {
        Some(LANGUAGE_NOT_ANALYZED)
    } else {
        None
    };
    let analysis = match (skip, language.and_then(spec), &blob.content) {
        (None, Some(lang), Some(content)) => analyze(lang, content),
        // Not parsed, but a text file all the same: its lines are real.
        (Some(LANGUAGE_NOT_ANALYZED), _, Some(content)) => FileAnalysis {
            metrics: text_metrics(content),
            ..FileAnalysis::default()
        },
        _ => FileAnalysis::default(),
    };
    let int = |n: u32| i32::try_from(n).unwrap_or(i32::MAX);
    let index = |i: Option<usize>| i.and_then(|i| i32::try_from(i).ok());
    AnalysisProduced {
        event_id: event_id::analysis(&blob.blob_id, ANALYZER_VERSION),
        blob_id: blob.blob_id.clone(),
        repository: blob.repository.clone(),
        path: blob.path.clone(),
        language: language.map(str::to_string),
        analyzer_version: ANALYZER_VERSION.to_string(),
        skipped: skip.map(str::to_string),
        error_count: int(analysis.error_count),
        lines: int(analysis.metrics.lines),
        code_lines: int(analysis.metrics.code_lines),
        comment_lines: int(analysis.metrics.comment_lines),
        blank_lines: int(analysis.metrics.blank_lines),
        symbols: analysis
            .symbols
            .into_iter()
            .map(|s| SymbolDefinition {
                kind: s.kind,
                name: s.name,
                qualified_name: s.qualified_name,
                start_line: int(s.start_line),
                end_line: int(s.end_line),
                parent: index(s.parent),
                signature: s.signature,
                doc: s.doc,
                complexity: int(s.complexity),
                body_hash: Some(s.body_hash),
            })
            .collect(),
        imports: analysis.imports,
        calls: analysis
            .calls
            .into_iter()
            .map(|c| CallSite {
                callee: c.callee,
                line: int(c.line),
                caller: index(c.caller),
                receiver: c.receiver,
                column: Some(int(c.column)),
            })
            .collect(),
        bindings: analysis
            .bindings
            .into_iter()
            .map(|b| ImportBinding {
                name: b.name,
                module: b.module,
                symbol: b.symbol,
            })
            .collect(),
        locals: analysis
            .locals
            .into_iter()
            .map(|l| TypedName {
                name: l.name,
                type_name: l.type_name,
                scope: index(l.scope),
            })
            .collect(),
    }
}

impl Processor for AstAnalyzer {
    fn name(&self) -> &'static str {
        "ast-analyzer"
    }

    fn inputs(&self) -> Vec<String> {
        vec![self.topics.blobs()]
    }

    async fn process(&self, record: &SourceRecord) -> Result<Vec<Output>, RecordError> {
        let payload = record
            .payload
            .as_deref()
            .ok_or_else(|| RecordError::poison("record has no value"))?;
        let blob: BlobObserved = self.codec.decode_as(payload).await?;
        if self.recent.contains(&blob.blob_id) {
            return Ok(Vec::new());
        }
        let span = tracing::info_span!("analyze", event_id = %blob.event_id, blob_id = %blob.blob_id, path = %blob.path);
        let blob_id = blob.blob_id.clone();
        // Parsing is CPU-bound: keep it off the async workers.
        let analysis = tokio::task::spawn_blocking(move || span.in_scope(|| analysis_of(&blob)))
            .await
            .map_err(|e| RecordError::poison(format!("analysis panicked: {e}")).because(e))?;
        metrics::counter!("tributary_analyzer_files_total", "outcome" => if analysis.skipped.is_some() { "skipped" } else { "analyzed" })
            .increment(1);
        let topic = self.topics.analysis();
        let mut payload = self.codec.encode(&topic, &analysis).await?;
        if payload.len() > MAX_ANALYSIS_BYTES {
            tracing::warn!(blob_id = %blob_id, bytes = payload.len(), "analysis over the record budget; metrics kept, definitions left out");
            payload = self
                .codec
                .encode(&topic, &over_budget(analysis, payload.len()))
                .await?;
        }
        // Only now: a transient encode failure above is retried with the blob not yet marked.
        self.recent.insert(&blob_id);
        Ok(vec![Output {
            topic,
            key: blob_id.into_bytes(),
            payload,
        }])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_analysis_over_the_budget_keeps_its_metrics_and_says_why() {
        let text = (0..50)
            .map(|i| format!("def f{i}():\n    g()\n"))
            .collect::<String>();
        let full = analysis_of(&blob("a.py", Some("python"), Some(&text)));
        assert_eq!(full.symbols.len(), 50);
        let cut = over_budget(full.clone(), 9_999_999);
        assert!(cut.symbols.is_empty() && cut.calls.is_empty() && cut.imports.is_empty());
        assert_eq!((cut.lines, cut.code_lines), (full.lines, full.code_lines));
        assert!(cut
            .skipped
            .as_deref()
            .is_some_and(|s| s.contains("9999999")));
    }

    fn blob(path: &str, language: Option<&str>, content: Option<&str>) -> BlobObserved {
        BlobObserved {
            event_id: "e".into(),
            blob_id: "b1".into(),
            repository: "o/r".into(),
            path: path.into(),
            language: language.map(str::to_string),
            size: 10,
            binary: false,
            truncated: content.is_none(),
            content: content.map(|c| c.as_bytes().to_vec()),
        }
    }

    #[test]
    fn analyzed_and_skipped() {
        let a = analysis_of(&blob("a.py", Some("python"), Some("def f():\n    g()\n")));
        assert_eq!(a.skipped, None);
        assert_eq!(a.symbols[0].name, "f");
        assert_eq!(a.calls[0].caller, Some(0));
        assert_eq!(a.event_id, event_id::analysis("b1", ANALYZER_VERSION));
        let md = analysis_of(&blob("a.md", Some("markdown"), Some("# x\n\ntext\n")));
        assert_eq!(md.skipped.as_deref(), Some("language not analyzed"));
        // Its lines are counted all the same; `#` is not taken for a comment.
        assert_eq!((md.lines, md.blank_lines, md.code_lines), (3, 1, 2));
        let yaml = analysis_of(&blob("ci.yml", None, Some("a: 1\nb:\n  - 2\n")));
        assert_eq!(yaml.lines, 3);
        assert_eq!(
            analysis_of(&blob("big.rs", Some("rust"), None))
                .skipped
                .as_deref(),
            Some("over the blob size cap")
        );
        let mut bin = blob("x.c", Some("c"), Some("\0"));
        bin.binary = true;
        assert_eq!(analysis_of(&bin).skipped.as_deref(), Some("binary file"));
    }
}
