//! Extraction from one file: never fails. A file that does not parse yields what tree-sitter
//! recovered, plus the number of error nodes (as rust-analyzer's parser yields a tree and errors).

use super::languages::LanguageSpec;
use std::collections::HashMap;
use std::sync::OnceLock;
use tree_sitter::{Node, Parser, Query, QueryCursor, StreamingIterator};

/// A definition found in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    /// `function`, `method`, `class`, `interface`, `module`, `macro`, `constant`, ...
    pub kind: String,
    /// Its name.
    pub name: String,
    /// Its name inside its enclosing scopes (`Type::method`, `Class.method`).
    pub qualified_name: String,
    /// First line, 1-based.
    pub start_line: u32,
    /// Last line, 1-based.
    pub end_line: u32,
    /// Index of the enclosing symbol in the same list.
    pub parent: Option<usize>,
    /// The declaration's first line, trimmed (up to the body).
    pub signature: String,
    /// The doc comment or docstring, markers stripped.
    pub doc: Option<String>,
    /// Cyclomatic complexity (functions and methods; 1 for others).
    pub complexity: u32,
    /// FNV-1a 64 of the definition's source bytes, as 16 hex digits.
    pub body_hash: String,
}

/// A call site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// The callee's name as written (last path segment).
    pub callee: String,
    /// Line, 1-based.
    pub line: u32,
    /// Index of the innermost enclosing symbol.
    pub caller: Option<usize>,
}

/// Size metrics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Metrics {
    /// Lines.
    pub lines: u32,
    /// Lines with code.
    pub code_lines: u32,
    /// Lines with only comments.
    pub comment_lines: u32,
    /// Empty lines.
    pub blank_lines: u32,
}

/// Everything extracted from one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileAnalysis {
    /// Definitions, in source order.
    pub symbols: Vec<Symbol>,
    /// Imported modules/paths, as written (quotes stripped).
    pub imports: Vec<String>,
    /// Call sites.
    pub calls: Vec<Call>,
    /// Size metrics.
    pub metrics: Metrics,
    /// Syntax errors tree-sitter recovered from.
    pub error_count: u32,
}

/// The tags and imports patterns in one query (the tree is walked once), and the node kinds
/// complexity counts, as tables indexed by kind id (no string comparison per node).
struct Compiled {
    query: Query,
    /// Kinds that add a branch.
    decision: Vec<bool>,
    /// `&&`, `||`, `and`, `or` tokens.
    logical: Vec<bool>,
    /// Binary and boolean operator expressions (the parents that make a logical token count).
    binary: Vec<bool>,
}

/// Kind ids whose kind passes `test`, among named kinds only when `named` (Ruby's `if` node is
/// also its keyword token's kind).
fn kind_table(
    language: &tree_sitter::Language,
    named: bool,
    test: impl Fn(&str) -> bool,
) -> Vec<bool> {
    (0..language.node_kind_count())
        .map(|id| {
            u16::try_from(id).ok().is_some_and(|id| {
                (!named || language.node_kind_is_named(id))
                    && language.node_kind_for_id(id).is_some_and(&test)
            })
        })
        .collect()
}

fn compiled(spec: &'static LanguageSpec) -> Option<&'static Compiled> {
    static CACHE: OnceLock<HashMap<&'static str, Option<Compiled>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| {
        super::languages::LANGUAGES
            .iter()
            .map(|s| {
                let language = (s.grammar)();
                let source = format!("{}\n{}", s.tags.concat(), s.imports);
                let compiled = match Query::new(&language, &source) {
                    Ok(query) => Some(Compiled {
                        query,
                        decision: kind_table(&language, true, |k| s.decisions.contains(&k)),
                        logical: kind_table(&language, false, |k| {
                            matches!(k, "&&" | "||" | "and" | "or")
                        }),
                        binary: kind_table(&language, false, |k| {
                            k.contains("binary") || k == "boolean_operator"
                        }),
                    }),
                    Err(e) => {
                        tracing::error!(language = s.name, error = %e, "query does not compile");
                        None
                    }
                };
                (s.name, compiled)
            })
            .collect()
    });
    cache.get(spec.name).and_then(Option::as_ref)
}

/// Parses only, without extraction: the ceiling the analyzer is measured against. Returns
/// whether a tree was produced.
pub fn parse_only(spec: &'static LanguageSpec, source: &[u8]) -> bool {
    let mut parser = Parser::new();
    parser.set_language(&(spec.grammar)()).is_ok() && parser.parse(source, None).is_some()
}

/// Whether a language's queries compile against its grammar.
#[cfg(test)]
pub(crate) fn queries_compile(spec: &'static LanguageSpec) -> bool {
    compiled(spec).is_some()
}

fn line(n: &Node<'_>) -> u32 {
    u32::try_from(n.start_position().row + 1).unwrap_or(u32::MAX)
}

fn end_line(n: &Node<'_>) -> u32 {
    u32::try_from(n.end_position().row + 1).unwrap_or(u32::MAX)
}

fn text<'a>(n: &Node<'_>, src: &'a [u8]) -> &'a str {
    n.utf8_text(src).unwrap_or("")
}

/// Analyzes `source` as `spec`'s language.
pub fn analyze(spec: &'static LanguageSpec, source: &[u8]) -> FileAnalysis {
    let mut analysis = FileAnalysis {
        metrics: count_lines(source, true),
        ..FileAnalysis::default()
    };
    let Some(queries) = compiled(spec) else {
        return analysis;
    };
    let mut parser = Parser::new();
    if parser.set_language(&(spec.grammar)()).is_err() {
        return analysis;
    }
    let Some(tree) = parser.parse(source, None) else {
        return analysis;
    };
    let root = tree.root_node();
    analysis.error_count = count_errors(root);

    // Definitions and calls from the tags query.
    let names = queries.query.capture_names();
    // (node, kind, name, name as written with its scopes: `@qualified`)
    let mut defs: Vec<(Node<'_>, String, String, Option<String>)> = Vec::new();
    let mut def_index: HashMap<usize, usize> = HashMap::new(); // node id -> defs index
    let mut calls: Vec<(Node<'_>, String)> = Vec::new();
    let mut cursor = QueryCursor::new();
    let mut matches = cursor.matches(&queries.query, root, source);
    while let Some(m) = matches.next() {
        let mut name = None;
        let mut written = None;
        let mut role: Option<(&str, Node<'_>)> = None;
        for c in m.captures {
            let cap = names[c.index as usize];
            if cap == "name" {
                // Several parts make one name (C#'s `operator` and its symbol: `operator ==`).
                let t = text(&c.node, source);
                name = Some(match name {
                    Some(first) => format!("{first} {t}"),
                    None => t.to_string(),
                });
            } else if cap == "qualified" {
                let t = text(&c.node, source);
                written = Some(t.split_whitespace().collect::<Vec<_>>().join(" "));
            } else if let Some(kind) = cap.strip_prefix("definition.") {
                role = Some((kind, c.node));
            } else if cap == "reference.call" {
                role = Some(("@call", c.node));
            } else if cap == "import" {
                let raw = text(&c.node, source);
                let cleaned = raw.trim_matches(|ch| matches!(ch, '"' | '\'' | '`' | '<' | '>'));
                if !cleaned.is_empty() {
                    analysis.imports.push(cleaned.to_string());
                }
            }
        }
        // A reserved word is never a name: it comes from a misparse (see `LanguageSpec::reserved`).
        let name = name.filter(|n| !n.is_empty() && !spec.reserved.contains(&n.as_str()));
        match (role, name) {
            (Some(("@call", node)), Some(n)) => calls.push((node, n)),
            (Some((kind, node)), Some(n)) => {
                // One node can match several patterns (a Rust method is also a function):
                // keep the most specific kind.
                match def_index.get(&node.id()) {
                    Some(&i) if defs[i].1 == "function" => defs[i].1 = kind.to_string(),
                    Some(_) => {}
                    None => {
                        def_index.insert(node.id(), defs.len());
                        defs.push((node, kind.to_string(), n, written));
                    }
                }
            }
            _ => {}
        }
    }
    defs.sort_by_key(|(n, ..)| (n.start_byte(), std::cmp::Reverse(n.end_byte())));
    // What each definition spans: its node, or up to where an open scope ends.
    let extents: Vec<Node<'_>> = defs.iter().map(|(n, ..)| extent(spec, n)).collect();
    let spans: Vec<(usize, usize)> = defs
        .iter()
        .zip(&extents)
        .map(|((n, ..), last)| (n.start_byte(), last.end_byte()))
        .collect();
    let parents = enclosing(&spans, &spans, true);

    for (i, (node, kind, name, written)) in defs.iter().enumerate() {
        let parent = parents[i];
        let mut kind = kind.clone();
        if kind == "function" {
            let in_type = parent
                .is_some_and(|p| matches!(defs[p].1.as_str(), "class" | "interface" | "type"))
                || scope_name(spec, node, source).is_some();
            if in_type {
                kind = "method".into();
            }
        }
        // A name written with its scopes (`Type::method` defined outside its class) stands for
        // itself and those scopes.
        let mut qualified = written.as_ref().unwrap_or(name).clone();
        let mut cur = parent;
        while let Some(p) = cur {
            let separator = match spec.module_separator {
                Some(s) if defs[p].1 == "module" => s,
                _ => spec.separator,
            };
            qualified = format!(
                "{}{separator}{qualified}",
                defs[p].3.as_ref().unwrap_or(&defs[p].2)
            );
            cur = parents[p];
        }
        if parent.is_none() {
            if let Some(scope) = scope_name(spec, node, source) {
                qualified = format!("{scope}{}{qualified}", spec.separator);
            }
        }
        let is_function = matches!(kind.as_str(), "function" | "method");
        analysis.symbols.push(Symbol {
            qualified_name: qualified,
            kind,
            name: name.clone(),
            start_line: line(node),
            end_line: end_line(&extents[i]),
            parent,
            signature: signature(node, source),
            doc: doc_comment(spec, node, source),
            complexity: if is_function {
                1 + count_decisions(queries, *node)
            } else {
                1
            },
            body_hash: fnv1a(
                source
                    .get(node.start_byte()..node.end_byte())
                    .unwrap_or_default(),
            ),
        });
    }

    calls.sort_by_key(|(n, _)| (n.start_byte(), std::cmp::Reverse(n.end_byte())));
    let call_spans: Vec<(usize, usize)> = calls
        .iter()
        .map(|(n, _)| (n.start_byte(), n.end_byte()))
        .collect();
    let callers = enclosing(&spans, &call_spans, false);
    for ((node, callee), caller) in calls.into_iter().zip(callers) {
        analysis.calls.push(Call {
            line: line(&node),
            caller,
            callee,
        });
    }

    analysis
}

/// FNV-1a 64: small, fast and stable across Rust releases (event contents must not change
/// when the toolchain does).
fn fnv1a(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// For each of `items` (sorted by start, then longest first), the index of the innermost span of
/// `defs` (same order, properly nested, as syntax nodes are) that contains it; `same_list` when
/// `items` is `defs` itself, so that a span does not contain itself. One sweep: O(n log n).
fn enclosing(
    defs: &[(usize, usize)],
    items: &[(usize, usize)],
    same_list: bool,
) -> Vec<Option<usize>> {
    let mut out = Vec::with_capacity(items.len());
    let mut stack: Vec<usize> = Vec::new();
    let mut next = 0;
    for (i, &(start, end)) in items.iter().enumerate() {
        // Open every definition that starts before this item (or at it, when longer).
        while next < defs.len()
            && (if same_list {
                next < i
            } else {
                let (s, e) = defs[next];
                s < start || (s == start && e >= end)
            })
        {
            stack.push(next);
            next += 1;
        }
        while let Some(&top) = stack.last() {
            let (s, e) = defs[top];
            if s <= start && end <= e {
                break;
            }
            stack.pop();
        }
        out.push(stack.last().copied());
    }
    out
}

#[cfg(test)]
pub(crate) fn enclosing_for_tests(
    defs: &[(usize, usize)],
    items: &[(usize, usize)],
    same_list: bool,
) -> Vec<Option<usize>> {
    enclosing(defs, items, same_list)
}

/// The last node a definition spans: itself or, for an open scope (`namespace A;`, see
/// `LanguageSpec::open_scopes`), its last sibling before the next one of its kind.
fn extent<'t>(spec: &LanguageSpec, node: &Node<'t>) -> Node<'t> {
    let mut last = *node;
    if spec.open_scopes.contains(&node.kind()) && node.child_by_field_name("body").is_none() {
        while let Some(next) = last.next_sibling() {
            if next.kind() == node.kind() {
                break;
            }
            last = next;
        }
    }
    last
}

/// The name of an enclosing non-definition scope (`impl Type`), if any.
fn scope_name(spec: &LanguageSpec, node: &Node<'_>, src: &[u8]) -> Option<String> {
    let mut cur = node.parent();
    while let Some(n) = cur {
        if let Some((_, field)) = spec.scopes.iter().find(|(k, _)| *k == n.kind()) {
            return n
                .child_by_field_name(field)
                .map(|t| text(&t, src).to_string());
        }
        cur = n.parent();
    }
    None
}

fn signature(node: &Node<'_>, src: &[u8]) -> String {
    // Only the first line is read: validating a whole class body as UTF-8 would cost as much as
    // the rest of the extraction.
    let start = node.start_byte().min(src.len());
    let end = node.end_byte().min(src.len());
    let bytes = &src[start..end];
    let first = bytes.split(|b| *b == b'\n').next().unwrap_or(bytes);
    let first = String::from_utf8_lossy(first);
    let cut = first.find('{').unwrap_or(first.len());
    first[..cut].trim().trim_end_matches(':').trim().to_string()
}

fn is_comment(spec: &LanguageSpec, n: &Node<'_>) -> bool {
    spec.comments.contains(&n.kind())
}

/// The comments right above the definition (skipping attributes and decorators), or a Python
/// docstring.
fn doc_comment(spec: &LanguageSpec, node: &Node<'_>, src: &[u8]) -> Option<String> {
    if spec.name == "python" {
        let body = node.child_by_field_name("body")?;
        let first = body.named_child(0)?;
        if first.kind() == "expression_statement" {
            let s = first.named_child(0)?;
            if s.kind() == "string" {
                let t = text(&s, src);
                let stripped = t.trim_start_matches(|c| "rbuRBU".contains(c));
                let stripped = stripped.trim_matches('"').trim_matches('\'').trim();
                return (!stripped.is_empty()).then(|| stripped.to_string());
            }
        }
        return None;
    }
    // Walk back over attributes to the comments directly above.
    let mut anchor = *node;
    let mut lines: Vec<String> = Vec::new();
    let mut prev = before(node);
    while let Some(p) = prev {
        if matches!(
            p.kind(),
            "attribute_item"
                | "decorator"
                | "marker_annotation"
                | "annotation"
                | "template_parameter_list"
                | "template"
        ) {
            anchor = p;
            prev = before(&p);
            continue;
        }
        if is_comment(spec, &p)
            && p.end_position().row + 1 >= anchor.start_position().row
            && starts_its_line(&p, src)
        {
            let t = text(&p, src);
            if t.starts_with("//!") || t.starts_with("/*!") {
                break; // inner docs belong to the enclosing item
            }
            lines.push(clean_comment(t));
            anchor = p;
            prev = before(&p);
            continue;
        }
        break;
    }
    if lines.is_empty() {
        return None;
    }
    lines.reverse();
    let doc = lines.join("\n").trim().to_string();
    (!doc.is_empty()).then_some(doc)
}

/// Whether only whitespace precedes `n` on its first line: a comment after code on its line
/// (`class A { // note`) documents that line, not the definition below it.
fn starts_its_line(n: &Node<'_>, src: &[u8]) -> bool {
    let start = n.start_byte();
    let line_start = start - n.start_position().column.min(start);
    src.get(line_start..start)
        .is_some_and(|lead| lead.iter().all(u8::is_ascii_whitespace))
}

/// The node before `n`: its previous sibling or, when `n` opens its parent (a body without an
/// opening token, as Ruby's, whose leading comments the grammar puts before it; a wrapper, as
/// C++'s `template <...>`), the parent's.
fn before<'t>(n: &Node<'t>) -> Option<Node<'t>> {
    let mut cur = *n;
    loop {
        if let Some(p) = cur.prev_sibling() {
            return Some(p);
        }
        let parent = cur.parent()?;
        if parent.start_byte() != cur.start_byte() {
            return None;
        }
        cur = parent;
    }
}

fn clean_comment(t: &str) -> String {
    t.lines()
        .map(|l| {
            let l = l.trim();
            let l = l
                .trim_start_matches("///")
                .trim_start_matches("//")
                .trim_start_matches("/**")
                .trim_start_matches("/*")
                .trim_end_matches("*/")
                .trim_start_matches('*')
                .trim_start_matches('#');
            l.trim().to_string()
        })
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn count_decisions(tables: &Compiled, node: Node<'_>) -> u32 {
    let is = |table: &[bool], n: &Node<'_>| table.get(usize::from(n.kind_id())) == Some(&true);
    let mut count = 0;
    let mut cursor = node.walk();
    // Whether each ancestor on the cursor's path is a binary/boolean expression.
    let mut binary_parents: Vec<bool> = Vec::new();
    loop {
        let n = cursor.node();
        if is(&tables.decision, &n) {
            count += 1;
        }
        if is(&tables.logical, &n) && binary_parents.last() == Some(&true) {
            count += 1;
        }
        if cursor.goto_first_child() {
            binary_parents.push(is(&tables.binary, &n));
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            // The cursor's root is `node`: going up past it is impossible.
            if !cursor.goto_parent() {
                return count;
            }
            binary_parents.pop();
        }
    }
}

fn count_errors(root: Node<'_>) -> u32 {
    if !root.has_error() {
        return 0;
    }
    let mut count = 0;
    let mut cursor = root.walk();
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        if n.is_error() || n.is_missing() {
            count += 1;
        }
        if n.has_error() {
            for child in n.children(&mut cursor) {
                stack.push(child);
            }
        }
    }
    count
}

/// The size of a text file of a language the analyzer does not parse (YAML, Markdown, TOML,
/// ...): its lines and blank lines; every other line counts as code (no comment syntax is
/// assumed: `#` begins a comment in YAML and a heading in Markdown).
pub fn text_metrics(source: &[u8]) -> Metrics {
    count_lines(source, false)
}

/// Lines, blank lines, comment-only lines (by simple prefix rules, with `comments`; without,
/// no line is a comment) and code lines.
fn count_lines(source: &[u8], comments: bool) -> Metrics {
    let text = String::from_utf8_lossy(source);
    let mut m = Metrics::default();
    let mut in_block = false;
    for l in text.lines() {
        m.lines += 1;
        let t = l.trim();
        if t.is_empty() {
            m.blank_lines += 1;
        } else if !comments {
            m.code_lines += 1;
        } else if in_block {
            m.comment_lines += 1;
            if t.contains("*/") {
                in_block = false;
            }
        } else if t.starts_with("//")
            || t.starts_with('#')
                && !t.starts_with("#include")
                && !t.starts_with("#[")
                && !t.starts_with("#define")
        {
            m.comment_lines += 1;
        } else if t.starts_with("/*") {
            m.comment_lines += 1;
            in_block = !t.contains("*/");
        } else {
            m.code_lines += 1;
        }
    }
    m
}
