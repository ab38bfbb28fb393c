//! `tributary schemas check`: the CI gate of schema evolution. Every schema to be written must
//! read every earlier version of its record (the history files), and, when a registry is
//! given, be accepted by the registry's compatibility check against every subject that holds
//! its record.

use std::path::Path;
use tributary_schemas::evolution::{self, Incompatibility, SchemaSource};

/// The schemas in `dir` (`*.avsc`) and their history (`dir/history/*.avsc`).
pub fn from_dir(dir: &Path) -> anyhow::Result<(Vec<SchemaSource>, Vec<SchemaSource>)> {
    let read = |d: &Path, prefix: &str| -> anyhow::Result<Vec<SchemaSource>> {
        let mut out = Vec::new();
        if !d.is_dir() {
            return Ok(out);
        }
        let mut paths: Vec<_> = std::fs::read_dir(d)?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "avsc"))
            .collect();
        paths.sort();
        for path in paths {
            let schema = std::fs::read_to_string(&path)?;
            let label = format!(
                "{prefix}{}",
                path.file_name().unwrap_or_default().to_string_lossy()
            );
            let record_name = evolution::record_name_of(&schema).unwrap_or_else(|| label.clone());
            out.push(SchemaSource {
                record_name,
                label,
                schema,
            });
        }
        Ok(out)
    };
    Ok((read(dir, "")?, read(&dir.join("history"), "history/")?))
}

/// Asks the registry at `url` whether each candidate is compatible with every subject that
/// holds its record (subjects are `<topic>-<record name>`).
pub async fn against_registry(
    http: &reqwest::Client,
    url: &str,
    candidates: &[SchemaSource],
) -> anyhow::Result<Vec<Incompatibility>> {
    let url = url.trim_end_matches('/');
    let subjects: Vec<String> = http
        .get(format!("{url}/subjects"))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let mut problems = Vec::new();
    for candidate in candidates {
        let suffix = format!("-{}", candidate.record_name);
        for subject in subjects.iter().filter(|s| s.ends_with(&suffix)) {
            let answer: serde_json::Value = http
                .post(format!(
                    "{url}/compatibility/subjects/{subject}/versions/latest?verbose=true"
                ))
                .header("content-type", "application/vnd.schemaregistry.v1+json")
                .json(&serde_json::json!({ "schema": candidate.schema }))
                .send()
                .await?
                .json()
                .await?;
            if answer["is_compatible"] != serde_json::Value::Bool(true) {
                problems.push(Incompatibility {
                    record_name: candidate.record_name.clone(),
                    label: candidate.label.clone(),
                    reason: format!("registry subject {subject}: {answer}"),
                });
            }
        }
    }
    Ok(problems)
}
