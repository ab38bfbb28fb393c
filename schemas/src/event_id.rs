//! Deterministic event ids: the same source always yields the same id, so a redelivered or
//! reprocessed input produces an event that downstream recognises as already seen.

use uuid::Uuid;

/// The UUID namespace of Tributary's event ids (a fixed, random v4).
const NAMESPACE: Uuid = Uuid::from_u128(0x7d1f_3a52_94c6_4b0e_a1d2_5f8e_6c3b_9a10);

/// A name-based (v5) UUID over `kind` and the parts that identify the source.
pub fn derive(kind: &str, parts: &[&str]) -> String {
    let mut name = String::with_capacity(64);
    name.push_str(kind);
    for p in parts {
        name.push('\u{1f}');
        name.push_str(p);
    }
    Uuid::new_v5(&NAMESPACE, name.as_bytes()).to_string()
}

/// The id of a raw webhook: its delivery id.
pub fn webhook(delivery_id: &str) -> String {
    derive("webhook", &[delivery_id])
}

/// The id of an event normalized from a webhook delivery.
pub fn normalized(delivery_id: &str, kind: &str) -> String {
    derive("normalized", &[delivery_id, kind])
}

/// The id of a commit in a repository.
pub fn commit(repository: &str, sha: &str) -> String {
    derive("commit", &[repository, sha])
}

/// The id of a blob (content-addressed: the repository does not matter).
pub fn blob(blob_id: &str) -> String {
    derive("blob", &[blob_id])
}

/// The id of the analysis of a blob by one analyzer version.
pub fn analysis(blob_id: &str, analyzer_version: &str) -> String {
    derive("analysis", &[blob_id, analyzer_version])
}

/// The stable id of a definition in a repository's current code: the same function keeps its
/// id across commits while its file, kind and qualified name stay. `ordinal` tells apart
/// definitions that share all three in one file (0 for the first).
pub fn symbol(
    repository: &str,
    path: &str,
    kind: &str,
    qualified_name: &str,
    ordinal: u32,
) -> String {
    derive(
        "symbol",
        &[repository, path, kind, qualified_name, &ordinal.to_string()],
    )
}

/// The enrichment of a commit by a model under a prompt version.
pub fn enrichment(repository: &str, sha: &str, model: &str, prompt_version: &str) -> String {
    derive("enrichment", &[repository, sha, model, prompt_version])
}

/// The id of a dead letter: where the failed record sat.
pub fn dead_letter(topic: &str, partition: i32, offset: i64) -> String {
    derive(
        "dead-letter",
        &[topic, &partition.to_string(), &offset.to_string()],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_source_same_id_other_source_other_id() {
        assert_eq!(commit("a/b", "abc"), commit("a/b", "abc"));
        assert_ne!(commit("a/b", "abc"), commit("a/c", "abc"));
        // The separator keeps part boundaries: ("ab","c") differs from ("a","bc").
        assert_ne!(derive("k", &["ab", "c"]), derive("k", &["a", "bc"]));
        assert_ne!(webhook("x"), blob("x"));
    }
}
