//! The prompt sent to the model and the reading of its answer. A change to either is a new
//! [`PROMPT_VERSION`], written on every enrichment (and part of the cache key).

use super::classify::Category;
use super::provider::ProviderError;
use serde_json::Value;
use tributary_schemas::CommitObserved;

/// The version of the prompt and of the answer's reading (v2: the answer is constrained by
/// [`answer_schema`]).
pub const PROMPT_VERSION: &str = "commit-v2";
/// Characters of a summary the schema allows.
const MAX_SUMMARY: u64 = 240;
/// Risk reasons the schema allows, and characters of each.
const MAX_REASONS: u64 = 3;
const MAX_REASON: u64 = 80;
/// Characters of the longest object the schema allows, but for its strings: keys, quotes,
/// brackets, the longest category and risk, and the whitespace llama.cpp's JSON grammar lets
/// through between tokens.
const MAX_FRAME: u64 = 200;
/// Tokens an answer may take at most: the longest answer the schema allows, at one token per
/// character (a token is never less), so a constrained answer is never cut off (at 320, 3 of
/// 120 answers of the small model were: `cargo bench --bench classifier`).
pub const MAX_ANSWER_TOKENS: u64 = MAX_SUMMARY + MAX_REASONS * MAX_REASON + MAX_FRAME;

/// Files listed in the prompt at most.
const MAX_FILES: usize = 40;
/// Characters of the commit message sent at most.
const MAX_MESSAGE: usize = 4000;

/// The system message.
pub const SYSTEM: &str = "You classify git commits for an engineering dashboard. Answer with one JSON \
object and nothing else: {\"category\": one of \"feature\", \"fix\", \"refactor\", \"docs\", \"test\", \
\"build\", \"chore\", \"perf\", \"security\"; \"summary\": one paragraph of plain prose about what the \
commit does and why; \"risk\": an integer from 0 (no risk) to 100 (very risky to deploy); \
\"risk_reasons\": a list of short strings explaining the risk}.";

/// The JSON Schema of an answer, sent as the request's structured-output constraint
/// (OpenAI's `response_format: json_schema`, Ollama's `format`): servers that honour it (llama.cpp
/// compiles it to a grammar) can only produce one object with a known category, a bounded
/// summary and a risk from 0 to 100, so the answer is never malformed. [`parse_answer`] still
/// checks every field, for servers that ignore the constraint.
pub fn answer_schema() -> Value {
    let categories: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
    serde_json::json!({
        "type": "object",
        "properties": {
            "category": { "type": "string", "enum": categories },
            "summary": { "type": "string", "minLength": 1, "maxLength": MAX_SUMMARY },
            "risk": { "type": "integer", "minimum": 0, "maximum": 100 },
            "risk_reasons": {
                "type": "array",
                "items": { "type": "string", "maxLength": MAX_REASON },
                "maxItems": MAX_REASONS
            }
        },
        "required": ["category", "summary", "risk", "risk_reasons"],
        "additionalProperties": false
    })
}

/// The user message: the commit's message and the shape of its diff.
pub fn user_message(commit: &CommitObserved) -> String {
    let message: String = commit.message.chars().take(MAX_MESSAGE).collect();
    let mut out = format!(
        "Repository: {}\nCommit message:\n{}\n\nChanged files ({}):\n",
        commit.repository,
        message.trim(),
        commit.files.len()
    );
    for f in commit.files.iter().take(MAX_FILES) {
        out.push_str(&format!(
            "- {} {} (+{} -{})\n",
            f.status, f.path, f.additions, f.deletions
        ));
    }
    if commit.files.len() > MAX_FILES {
        out.push_str(&format!(
            "- ... and {} more\n",
            commit.files.len() - MAX_FILES
        ));
    }
    out
}

/// What the model said, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelAnswer {
    /// The category.
    pub category: Category,
    /// The summary.
    pub summary: String,
    /// 0 to 100.
    pub risk: u8,
    /// Why.
    pub risk_reasons: Vec<String>,
}

/// Reads the model's text: one JSON object (possibly inside a Markdown code fence or after
/// some prose) with a known category, a non-empty summary and a risk from 0 to 100.
pub fn parse_answer(text: &str) -> Result<ModelAnswer, ProviderError> {
    let malformed = |why: &str| ProviderError::Malformed(why.to_string());
    let start = text.find('{').ok_or_else(|| malformed("no JSON object"))?;
    let end = text.rfind('}').ok_or_else(|| malformed("no JSON object"))?;
    if end < start {
        return Err(malformed("no JSON object"));
    }
    let value: Value = serde_json::from_str(&text[start..=end])
        .map_err(|e| ProviderError::Malformed(format!("not JSON: {e}")))?;
    let category = value["category"]
        .as_str()
        .and_then(Category::parse)
        .ok_or_else(|| malformed("unknown or missing category"))?;
    let summary = value["summary"]
        .as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| malformed("missing summary"))?
        .chars()
        .take(2000)
        .collect();
    let risk = value["risk"]
        .as_f64()
        .filter(|r| (0.0..=100.0).contains(r))
        .ok_or_else(|| malformed("risk missing or outside 0-100"))?;
    let risk_reasons = value["risk_reasons"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(|s| s.chars().take(300).collect())
                .take(10)
                .collect()
        })
        .unwrap_or_default();
    Ok(ModelAnswer {
        category,
        summary,
        risk: risk.round() as u8,
        risk_reasons,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_names_every_category_and_bounds_the_answer() {
        let schema = answer_schema();
        let names: Vec<&str> = schema["properties"]["category"]["enum"]
            .as_array()
            .expect("enum")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(names.len(), Category::ALL.len());
        for c in Category::ALL {
            assert!(names.contains(&c.as_str()), "{c}");
        }
        assert_eq!(schema["properties"]["risk"]["maximum"], 100);
        // The longest answer the schema allows, at one token per character, fits the bound.
        let longest = format!(
            "{{\"category\": \"{}\", \"summary\": \"{}\", \"risk\": 100, \"risk_reasons\": [{}]}}",
            "security",
            "x".repeat(MAX_SUMMARY as usize),
            vec![format!("\"{}\"", "x".repeat(MAX_REASON as usize)); MAX_REASONS as usize]
                .join(", ")
        );
        assert!(
            (longest.len() as u64) + 60 <= MAX_ANSWER_TOKENS,
            "{} characters",
            longest.len()
        );
        assert_eq!(schema["additionalProperties"], false);
    }

    #[test]
    fn reads_a_fenced_answer_and_refuses_bad_ones() {
        let ok = parse_answer(
            "Sure!\n```json\n{\"category\": \"fix\", \"summary\": \"Fixes a crash.\", \"risk\": 30, \"risk_reasons\": [\"touches parsing\"]}\n```",
        )
        .expect("parsed");
        assert_eq!(ok.category, Category::Fix);
        assert_eq!(ok.risk, 30);
        assert_eq!(ok.risk_reasons, vec!["touches parsing".to_string()]);
        for bad in [
            "no json here",
            "{\"category\": \"bugfix-ish\", \"summary\": \"x\", \"risk\": 1}",
            "{\"category\": \"fix\", \"summary\": \"\", \"risk\": 1}",
            "{\"category\": \"fix\", \"summary\": \"x\", \"risk\": 400}",
            "{\"category\": \"fix\", \"summary\": \"x\"",
        ] {
            assert!(parse_answer(bad).is_err(), "{bad}");
        }
    }
}
