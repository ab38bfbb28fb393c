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
    /// Index of the innermost enclosing symbol: a definition, or the file's `<module>` symbol
    /// for calls made at file scope.
    pub caller: Option<usize>,
    /// What the callee is reached through, as written (`self`, `this`, `os.path`, `Type`,
    /// `super`), when the call names one; whitespace removed, at most [`MAX_RECEIVER_BYTES`].
    pub receiver: Option<String>,
    /// Column of the callee's name, 1-based, in bytes.
    pub column: u32,
}

/// A name an import binds in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    /// The local name, or `*` when all of the module's names become visible.
    pub name: String,
    /// The module, package, namespace or file as written.
    pub module: String,
    /// The name imported from the module; `None` when the binding is the module itself.
    pub symbol: Option<String>,
}

/// A variable, parameter or field whose type its declaration or initializer names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Local {
    /// Its name as written (`repo`, `$repo`, `@repo`).
    pub name: String,
    /// The type's name, last segment, generic arguments dropped.
    pub type_name: String,
    /// The symbol it belongs to: the innermost definition around a variable or parameter, the
    /// innermost type around a field.
    pub scope: Option<usize>,
}

/// The longest receiver kept: longer ones (a chain of calls) are cut at a character boundary.
pub const MAX_RECEIVER_BYTES: usize = 200;

/// Kind and name of the symbol that stands for a file's top-level code, the caller of calls
/// made outside any definition (scripts, `if __name__ == "__main__":`, initializers).
pub const MODULE_SYMBOL: &str = "<module>";

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
    /// What the imports bind, in order.
    pub bindings: Vec<Binding>,
    /// Variables, parameters and fields whose type the syntax says.
    pub locals: Vec<Local>,
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
                let source = format!(
                    "{}\n{}\n{}\n{}",
                    s.tags.concat(),
                    s.imports,
                    s.bindings,
                    s.locals.concat()
                );
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
                                                               // (call node, callee name node, callee name)
    let mut calls: Vec<(Node<'_>, Option<Node<'_>>, String)> = Vec::new();
    let mut locals: Vec<(Node<'_>, bool, String)> = Vec::new();
    let mut cursor = QueryCursor::new();
    let mut matches = cursor.matches(&queries.query, root, source);
    while let Some(m) = matches.next() {
        let mut name = None;
        let mut name_node = None;
        let mut written = None;
        let mut role: Option<(&str, Node<'_>)> = None;
        let mut bind = BindCaptures::default();
        // (name node, whether a field, type name)
        let mut local: (Option<Node<'_>>, bool, Option<String>) = (None, false, None);
        for c in m.captures {
            let cap = names[c.index as usize];
            if let Some(part) = cap.strip_prefix("bind.") {
                bind.set(part, c.node, source);
            } else if let Some(part) = cap.strip_prefix("local.") {
                match part {
                    "name" => local.0 = Some(c.node),
                    "field" => local = (Some(c.node), true, local.2),
                    "type" => local.2 = Some(type_path(text(&c.node, source))),
                    _ => {}
                }
            } else if cap == "name" {
                name_node.get_or_insert(c.node);
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
            } else if cap == "reference.call"
                || cap == "reference.class" && CONSTRUCTIONS.contains(&c.node.kind())
            {
                role = Some(("@call", c.node));
            } else if cap == "import" {
                let raw = text(&c.node, source);
                let cleaned = raw.trim_matches(|ch| matches!(ch, '"' | '\'' | '`' | '<' | '>'));
                if !cleaned.is_empty() {
                    analysis.imports.push(cleaned.to_string());
                    // A language's bindings come from its query, or else from its imports' text.
                    if spec.bindings.is_empty() {
                        for b in default_bindings(spec, cleaned) {
                            push_new(&mut analysis.bindings, b);
                        }
                    }
                }
            }
        }
        if let Some(b) = bind.binding() {
            push_new(&mut analysis.bindings, b);
        }
        if let (Some(node), field, Some(ty)) = local {
            if !ty.is_empty() {
                locals.push((node, field, ty));
            }
        }
        // A reserved word is never a name: it comes from a misparse (see `LanguageSpec::reserved`).
        let name = name.filter(|n| !n.is_empty() && !spec.reserved.contains(&n.as_str()));
        match (role, name) {
            (Some(("@call", node)), Some(n)) => calls.push((node, name_node, n)),
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
        } else if kind == "method" && in_module_body(node) {
            // tree-sitter-rust's tags take every function of a `declaration_list` for a method:
            // a `mod tests { fn helper() }` body is one too.
            kind = "function".into();
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
            if let Some(scope) =
                scope_name(spec, node, source).or_else(|| go_receiver(node, source))
            {
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

    let callers = sort_and_enclose(&mut calls, |(n, ..)| *n, &spans);
    // Calls at file scope belong to the file's `<module>` symbol, added after the definitions.
    let module = callers
        .iter()
        .any(Option::is_none)
        .then_some(analysis.symbols.len());
    if module.is_some() {
        analysis.symbols.push(Symbol {
            kind: "module".into(),
            name: MODULE_SYMBOL.into(),
            qualified_name: MODULE_SYMBOL.into(),
            start_line: 1,
            end_line: analysis.metrics.lines.max(1),
            parent: None,
            signature: String::new(),
            doc: None,
            complexity: 1,
            body_hash: fnv1a(source),
        });
    }
    // One call per callee name node: several languages' tags capture `new X()` twice
    // (TypeScript's queries extend JavaScript's).
    let mut seen_names = std::collections::HashSet::new();
    for ((node, name_node, callee), caller) in calls.into_iter().zip(callers) {
        if let Some(n) = name_node {
            if !seen_names.insert((n.start_byte(), n.end_byte())) {
                continue;
            }
        }
        let at = name_node.unwrap_or(node);
        let mut receiver = name_node.and_then(|n| receiver(&n, source));
        // `new X(...)` constructs a type: its receiver says so (`new`), whatever else `X` names.
        if receiver.is_none()
            && CONSTRUCTIONS.contains(&node.kind())
            && !callee.contains(['.', ':', '\\'])
        {
            receiver = Some(CONSTRUCTION.to_string());
        }
        // A name captured with its path (`new lib.Client()`): the last segment is the callee.
        let (path, last) = split_last(&callee);
        let callee = if path.is_empty() || last.is_empty() {
            callee
        } else {
            receiver.get_or_insert_with(|| path.chars().filter(|c| !c.is_whitespace()).collect());
            last.to_string()
        };
        analysis.calls.push(Call {
            line: line(&at),
            caller: caller.or(module),
            receiver,
            column: u32::try_from(at.start_position().column + 1).unwrap_or(u32::MAX),
            callee,
        });
    }

    // Typed names: a variable's scope is its innermost definition, a field's its innermost type.
    let scopes = sort_and_enclose(&mut locals, |(n, ..)| *n, &spans);
    for ((node, field, type_name), scope) in locals.into_iter().zip(scopes) {
        let mut scope = scope;
        if field {
            while let Some(sym) = scope.and_then(|s| analysis.symbols.get(s)) {
                if tributary_callgraph::TYPE_KINDS.contains(&sym.kind.as_str()) {
                    break;
                }
                scope = sym.parent;
            }
        }
        let name = text(&node, source).to_string();
        push_new(
            &mut analysis.locals,
            Local {
                name,
                type_name,
                scope,
            },
        );
    }

    analysis
}

/// A type as written (`pkg.Repo<T>`, `&mut Repo`, `*Repo`, `?Repo`) → its name (`Repo`).
fn type_name(written: &str) -> String {
    let path = type_path(written);
    split_last(&path).1.trim().to_string()
}

/// The receiver of a call that constructs an object (`new X(...)`): the callee is a type.
pub const CONSTRUCTION: &str = "new";

/// A type as written, with its qualifier (`ssl.SSLContext`, `crate::a::Repo<T>`, `&mut Repo`)
/// → the path of its name (`ssl.SSLContext`, `crate::a::Repo`, `Repo`).
fn type_path(written: &str) -> String {
    let base = written.split('<').next().unwrap_or(written);
    let base = base.split('[').next().unwrap_or(base);
    base.trim_start_matches(['&', '*', '?', ' '])
        .trim_start_matches("mut ")
        .trim()
        .to_string()
}

/// Appends `item` unless `items` has it already (analyses keep first-seen order).
fn push_new<T: PartialEq>(items: &mut Vec<T>, item: T) {
    if !items.contains(&item) {
        items.push(item);
    }
}

/// Sorts `items` by their node's position (start, then longest first) and gives each the index
/// of the innermost of `spans` (the definitions') that contains it.
fn sort_and_enclose<'t, T>(
    items: &mut [T],
    node: impl Fn(&T) -> Node<'t>,
    spans: &[(usize, usize)],
) -> Vec<Option<usize>> {
    items.sort_by_key(|t| {
        let n = node(t);
        (n.start_byte(), std::cmp::Reverse(n.end_byte()))
    });
    let item_spans: Vec<(usize, usize)> = items
        .iter()
        .map(|t| {
            let n = node(t);
            (n.start_byte(), n.end_byte())
        })
        .collect();
    enclosing(spans, &item_spans, false)
}

/// Node kinds that construct an object and that the tags queries capture as `@reference.class`
/// (`new Foo()`): calls of the class. Java's tags also capture superclass names that way: those
/// are not calls.
const CONSTRUCTIONS: &[&str] = &["new_expression", "object_creation_expression"];

/// Fields of a callee name's parent node that hold what the callee is reached through, across the
/// grammars (`a.f` in Python `attribute.object`, JS `member_expression.object`, Go
/// `selector_expression.operand`, Rust `field_expression.value` and `scoped_identifier.path`, C
/// and C++ `field_expression.argument`, `qualified_identifier.scope`, Ruby `call.receiver`, C#
/// `member_access_expression.expression`, Java `method_invocation.object`, PHP
/// `member_call_expression.object` and `scoped_call_expression.scope`).
const RECEIVER_FIELDS: &[&str] = &[
    "object",
    "operand",
    "value",
    "path",
    "argument",
    "scope",
    "receiver",
    "expression",
];

/// What the callee named by `name` is reached through, as written, if the syntax says.
fn receiver(name: &Node<'_>, src: &[u8]) -> Option<String> {
    let mut parent = name.parent()?;
    // Inside a Rust macro's token tree (`println!("{}", cfg.get(1))`): the token before a `.`
    // or `::` right before the name.
    if parent.kind() == "token_tree" {
        let sep = name.prev_sibling()?;
        if !matches!(sep.kind(), "." | "::") {
            return None;
        }
        let target = sep.prev_sibling()?;
        let written = text(&target, src).trim().to_string();
        return (!written.is_empty() && !written.starts_with(['(', '[', '{'])).then_some(written);
    }
    // A generic callee (`f::<T>`, `Foo<T>.m`) wraps the name once more.
    if matches!(
        parent.kind(),
        "generic_name" | "template_function" | "template_method"
    ) {
        parent = parent.parent()?;
    }
    let target = RECEIVER_FIELDS.iter().find_map(|field| {
        parent
            .child_by_field_name(field)
            .filter(|n| n.id() != name.id() && n.end_byte() <= name.start_byte())
    })?;
    let written: String = text(&target, src)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if written.is_empty() {
        return None;
    }
    let mut cut = written.len().min(MAX_RECEIVER_BYTES);
    while !written.is_char_boundary(cut) {
        cut -= 1;
    }
    Some(written[..cut].to_string())
}

/// The captures of one binding pattern (`@bind.*`): the module (`@bind.module`), the name
/// imported from it (`@bind.symbol`), or a whole path whose last segment is that name
/// (`@bind.path`); the local name (`@bind.alias`, or `@bind.default` for a default import);
/// `@bind.glob` when all of the module's names become visible; `@bind.package` for a module
/// that binds its last path segment (Go).
#[derive(Default)]
struct BindCaptures {
    module: Option<String>,
    symbol: Option<String>,
    path: Option<String>,
    alias: Option<String>,
    default: bool,
    glob: bool,
    /// The module is a Go import path: it binds its last segment.
    package: bool,
}

impl BindCaptures {
    fn set(&mut self, part: &str, node: Node<'_>, src: &[u8]) {
        let t = text(&node, src)
            .trim_matches(|ch| matches!(ch, '"' | '\'' | '`' | '<' | '>'))
            .to_string();
        match part {
            "module" | "package" => {
                self.package = part == "package";
                self.module = Some(t);
            }
            "path" => self.path = Some(t),
            "symbol" => self.symbol = Some(t),
            "alias" => self.alias = Some(t),
            "default" => {
                self.alias = Some(t);
                self.default = true;
            }
            "glob" => self.glob = true,
            _ => {}
        }
    }

    /// The binding the captures make, if they name a module.
    fn binding(self) -> Option<Binding> {
        let (module, symbol) = match (self.module, self.path) {
            (Some(m), _) => (m, self.symbol),
            (None, Some(p)) if self.glob => (p, None),
            (None, Some(p)) => {
                let (m, s) = split_last(&p);
                (m.to_string(), Some(s.to_string()))
            }
            (None, None) => return None,
        };
        let symbol = if self.default {
            Some("default".to_string())
        } else {
            symbol
        };
        let name = if self.glob {
            "*".to_string()
        } else {
            match (self.alias, &symbol) {
                (Some(a), _) => a,
                (None, Some(s)) => s.clone(),
                (None, None) if self.package => {
                    module.rsplit('/').next().unwrap_or(&module).to_string()
                }
                (None, None) => module.clone(),
            }
        };
        if module.is_empty() || name.is_empty() {
            return None;
        }
        Some(Binding {
            name,
            module,
            symbol,
        })
    }
}

/// `a.b.C` → (`a.b`, `C`), splitting at the last `.`, `::`, `\\` or `/`.
fn split_last(path: &str) -> (&str, &str) {
    let cut = ["::", ".", "\\", "/"]
        .iter()
        .filter_map(|sep| path.rfind(sep).map(|i| (i, sep.len())))
        .max_by_key(|(i, _)| *i);
    match cut {
        Some((i, n)) => (&path[..i], &path[i + n..]),
        None => ("", path),
    }
}

/// What an import binds when its language has no bindings query, from its text alone: every
/// path of a Rust use tree (by its last segment or alias), and all the names of an included file
/// (`*`) for C, C++ and Ruby.
fn default_bindings(spec: &LanguageSpec, import: &str) -> Vec<Binding> {
    let glob = |module: &str| Binding {
        name: "*".into(),
        module: module.into(),
        symbol: None,
    };
    match spec.name {
        "rust" => tributary_callgraph::use_tree::expand(import)
            .into_iter()
            .filter_map(|(path, alias)| {
                let (module, last) = split_last(&path);
                match (last, alias) {
                    ("*", _) => Some(glob(module)),
                    // `use a::{self}` binds `a` itself.
                    ("self", alias) => {
                        let (_, own) = split_last(module);
                        Some(Binding {
                            name: alias.unwrap_or_else(|| own.to_string()),
                            module: module.into(),
                            symbol: None,
                        })
                    }
                    (_, Some(alias)) if alias == "_" => None,
                    (last, alias) if !last.is_empty() => Some(Binding {
                        name: alias.unwrap_or_else(|| last.to_string()),
                        module: module.into(),
                        symbol: Some(last.into()),
                    }),
                    _ => None,
                }
            })
            .collect(),
        _ => vec![glob(import)],
    }
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

/// Whether `node` is declared directly in a Rust module's body (`mod m { ... }`).
fn in_module_body(node: &Node<'_>) -> bool {
    node.parent()
        .filter(|p| p.kind() == "declaration_list")
        .and_then(|p| p.parent())
        .is_some_and(|m| m.kind() == "mod_item")
}

/// The type a Go method is declared on (`T` of `func (t *T[K]) M()`): its qualifier.
fn go_receiver(node: &Node<'_>, src: &[u8]) -> Option<String> {
    if node.kind() != "method_declaration" {
        return None;
    }
    let receiver = node.child_by_field_name("receiver")?;
    let param = receiver.named_child(0)?;
    let written = text(&param.child_by_field_name("type")?, src);
    let name = type_name(written);
    (!name.is_empty()).then_some(name)
}

/// The name of an enclosing non-definition scope (`impl Type`), if any.
fn scope_name(spec: &LanguageSpec, node: &Node<'_>, src: &[u8]) -> Option<String> {
    let mut cur = node.parent();
    while let Some(n) = cur {
        if let Some((_, field)) = spec.scopes.iter().find(|(k, _)| *k == n.kind()) {
            // `impl<T> Stack<T>` is the scope of `Stack`'s methods.
            return n
                .child_by_field_name(field)
                .map(|t| type_name(text(&t, src)));
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
