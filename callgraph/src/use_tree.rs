//! Rust `use` trees expanded into paths, bounded: the text comes from pushed code.

/// Longest `use` argument expanded: a longer one (no real `use` tree is) is left out.
pub const MAX_USE_BYTES: usize = 4096;
/// Deepest nesting of braces expanded in a `use` argument.
pub const MAX_USE_DEPTH: usize = 8;
/// Paths taken from one `use` argument at most.
pub const MAX_USE_PATHS: usize = 64;

/// The paths of a Rust `use` argument, each with its alias: `a::{self, b::{c, d as e}, f::*}`
/// gives `a::self`, `a::b::c`, `a::b::d` (alias `e`) and `a::f::*`. At most [`MAX_USE_PATHS`],
/// braces nested at most [`MAX_USE_DEPTH`] deep, none from an argument over [`MAX_USE_BYTES`]
/// (the recursion and the copies are bounded).
pub fn expand(import: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    if import.len() <= MAX_USE_BYTES {
        expand_into(import, 0, &mut out);
    }
    out
}

fn expand_into(s: &str, depth: usize, out: &mut Vec<(String, Option<String>)>) {
    if out.len() >= MAX_USE_PATHS || depth > MAX_USE_DEPTH {
        return;
    }
    let s = s.trim();
    match (s.find('{'), s.ends_with('}')) {
        (Some(open), true) => {
            let prefix = s[..open].trim_end_matches("::");
            let body = &s[open + 1..s.len() - 1];
            let (mut level, mut start) = (0usize, 0usize);
            let mut items = Vec::new();
            for (i, c) in body.char_indices() {
                match c {
                    '{' => level += 1,
                    '}' => level = level.saturating_sub(1),
                    ',' if level == 0 => {
                        items.push(&body[start..i]);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            items.push(&body[start..]);
            for item in items.iter().map(|i| i.trim()).filter(|i| !i.is_empty()) {
                if out.len() >= MAX_USE_PATHS {
                    return;
                }
                let joined = if prefix.is_empty() {
                    item.to_string()
                } else {
                    format!("{prefix}::{item}")
                };
                expand_into(&joined, depth + 1, out);
            }
        }
        _ => {
            let mut parts = s.splitn(2, " as ");
            let path = parts.next().unwrap_or(s).trim();
            let alias = parts.next().map(|a| a.trim().to_string());
            out.push((path.to_string(), alias));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trees_expand_with_aliases() {
        assert_eq!(
            expand("crate::a::{self, b::{C, D as E}, f::*}"),
            vec![
                ("crate::a::self".to_string(), None),
                ("crate::a::b::C".to_string(), None),
                ("crate::a::b::D".to_string(), Some("E".to_string())),
                ("crate::a::f::*".to_string(), None),
            ]
        );
        assert_eq!(expand("std::io"), vec![("std::io".to_string(), None)]);
    }

    #[test]
    fn hostile_trees_are_bounded() {
        // Nested ten thousand deep: over the byte bound, nothing expanded (and no recursion).
        let deep = format!("{}x{}", "a::{".repeat(10_000), "}".repeat(10_000));
        assert!(expand(&deep).is_empty());
        // Under the byte bound but deeper than the depth bound: expanded to that depth only.
        let nested = format!("{}x{}", "a::{".repeat(20), "}".repeat(20));
        assert!(expand(&nested).is_empty());
        // Many items: at most the path bound.
        let wide = format!("a::{{{}}}", vec!["self"; 500].join(", "));
        assert_eq!(expand(&wide).len(), MAX_USE_PATHS);
    }
}
