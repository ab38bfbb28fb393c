//! The base types a class declaration names on its first line, read from the signature the
//! analyzer keeps: `class A(B, m.C)` (Python), `class A extends B implements C` (JavaScript,
//! TypeScript, Java, PHP), `class A : public B` (C++), `class A : B, IC` (C#), `class A < B`
//! (Ruby). Each base as written (`m.C`, `ns::C`), generic arguments dropped.

/// Words that may stand between a base list's separator and a base's name.
const MODIFIERS: &[&str] = &[
    "public",
    "private",
    "protected",
    "virtual",
    "internal",
    "extends",
    "implements",
    "with",
];

/// The names of the bases `signature` declares, in order.
pub(crate) fn bases(language: Option<&str>, signature: &str) -> Vec<String> {
    let sig = drop_generics(signature);
    let list: &str = match language {
        Some("python") => match (sig.find('('), sig.rfind(')')) {
            (Some(open), Some(close)) if open < close => &sig[open + 1..close],
            _ => return Vec::new(),
        },
        Some("ruby") => match sig.find('<') {
            Some(i) => &sig[i + 1..],
            None => return Vec::new(),
        },
        Some("cpp" | "csharp") => match sig.find(':') {
            // `A::B` is a qualified name, not a base list.
            Some(i) if !sig[i..].starts_with("::") => &sig[i + 1..],
            _ => return Vec::new(),
        },
        Some("javascript" | "typescript" | "tsx" | "java" | "php") => {
            match sig.find(" extends ").or_else(|| sig.find(" implements ")) {
                Some(i) => &sig[i..],
                None => return Vec::new(),
            }
        }
        _ => return Vec::new(),
    };
    list.split([',', ' '])
        .map(str::trim)
        .filter(|w| !w.is_empty() && !w.contains('=') && !MODIFIERS.contains(w))
        .map(|w| {
            w.trim_end_matches([':', '{', ')'])
                .trim_start_matches(['\\', ':'])
                .to_string()
        })
        .filter(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_')
        })
        .collect()
}

/// `signature` without `<...>` (generic arguments), nesting counted.
fn drop_generics(signature: &str) -> String {
    let mut out = String::with_capacity(signature.len());
    let mut depth = 0usize;
    for c in signature.chars() {
        match c {
            '<' if depth > 0 || out.ends_with(|p: char| p.is_alphanumeric() || p == '_') => {
                depth += 1;
            }
            '>' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::bases;

    #[test]
    fn base_lists_per_language() {
        assert_eq!(
            bases(Some("python"), "class A(B, m.C, metaclass=M)"),
            vec!["B", "m.C"]
        );
        assert!(bases(Some("python"), "class A").is_empty());
        assert_eq!(
            bases(
                Some("java"),
                "public class A<T> extends B<T> implements C, D"
            ),
            vec!["B", "C", "D"]
        );
        assert_eq!(
            bases(Some("typescript"), "export class A extends B"),
            vec!["B"]
        );
        assert_eq!(
            bases(Some("cpp"), "class A : public B, private ns::C"),
            vec!["B", "ns::C"]
        );
        assert_eq!(
            bases(Some("csharp"), "public class A : B, IC"),
            vec!["B", "IC"]
        );
        assert_eq!(bases(Some("ruby"), "class A < Base::B"), vec!["Base::B"]);
        assert_eq!(
            bases(Some("php"), "class A extends \\App\\B implements C"),
            vec!["App\\B", "C"]
        );
    }
}
