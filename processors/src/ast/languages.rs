//! The language table: one row per language. Teaching the analyzer a language is one row here
//! and an imports query in `queries/` (definitions and calls come from the grammar's own
//! `tags.scm`, the convention GitHub's code navigation uses).

use tree_sitter::Language;

/// How to analyze one language.
pub struct LanguageSpec {
    /// The name used in `language` fields (see `tributary_schemas::language`).
    pub name: &'static str,
    /// The grammar.
    pub grammar: fn() -> Language,
    /// Definitions (`@definition.*` with `@name`) and calls (`@reference.call` with `@name`).
    pub tags: &'static [&'static str],
    /// Imports (`@import`).
    pub imports: &'static str,
    /// Node kinds that add a branch to cyclomatic complexity.
    pub decisions: &'static [&'static str],
    /// Node kinds that are comments.
    pub comments: &'static [&'static str],
    /// Node kinds that name a scope without being a definition themselves, with the field holding
    /// the name (Rust's `impl Type { ... }`).
    pub scopes: &'static [(&'static str, &'static str)],
    /// Separator of qualified names.
    pub separator: &'static str,
}

const C_LIKE_COMMENTS: &[&str] = &["comment", "line_comment", "block_comment"];

fn rust() -> Language {
    tree_sitter_rust::LANGUAGE.into()
}
fn python() -> Language {
    tree_sitter_python::LANGUAGE.into()
}
fn javascript() -> Language {
    tree_sitter_javascript::LANGUAGE.into()
}
fn typescript() -> Language {
    tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into()
}
fn tsx() -> Language {
    tree_sitter_typescript::LANGUAGE_TSX.into()
}
fn go() -> Language {
    tree_sitter_go::LANGUAGE.into()
}
fn java() -> Language {
    tree_sitter_java::LANGUAGE.into()
}
fn c() -> Language {
    tree_sitter_c::LANGUAGE.into()
}

const JS_DECISIONS: &[&str] = &[
    "if_statement",
    "for_statement",
    "for_in_statement",
    "while_statement",
    "do_statement",
    "switch_case",
    "catch_clause",
    "ternary_expression",
];

/// Every analyzed language.
pub static LANGUAGES: &[LanguageSpec] = &[
    LanguageSpec {
        name: "rust",
        grammar: rust,
        tags: &[
            tree_sitter_rust::TAGS_QUERY,
            include_str!("queries/rust.extra-tags.scm"),
        ],
        imports: include_str!("queries/rust.imports.scm"),
        decisions: &[
            "if_expression",
            "match_arm",
            "while_expression",
            "for_expression",
            "loop_expression",
        ],
        comments: C_LIKE_COMMENTS,
        scopes: &[("impl_item", "type")],
        separator: "::",
    },
    LanguageSpec {
        name: "python",
        grammar: python,
        tags: &[tree_sitter_python::TAGS_QUERY],
        imports: include_str!("queries/python.imports.scm"),
        decisions: &[
            "if_statement",
            "elif_clause",
            "for_statement",
            "while_statement",
            "except_clause",
            "conditional_expression",
            "case_clause",
        ],
        comments: &["comment"],
        scopes: &[],
        separator: ".",
    },
    LanguageSpec {
        name: "javascript",
        grammar: javascript,
        tags: &[tree_sitter_javascript::TAGS_QUERY],
        imports: include_str!("queries/javascript.imports.scm"),
        decisions: JS_DECISIONS,
        comments: &["comment"],
        scopes: &[],
        separator: ".",
    },
    LanguageSpec {
        name: "typescript",
        grammar: typescript,
        tags: &[
            tree_sitter_javascript::TAGS_QUERY,
            tree_sitter_typescript::TAGS_QUERY,
        ],
        imports: include_str!("queries/javascript.imports.scm"),
        decisions: JS_DECISIONS,
        comments: &["comment"],
        scopes: &[],
        separator: ".",
    },
    LanguageSpec {
        name: "tsx",
        grammar: tsx,
        tags: &[
            tree_sitter_javascript::TAGS_QUERY,
            tree_sitter_typescript::TAGS_QUERY,
        ],
        imports: include_str!("queries/javascript.imports.scm"),
        decisions: JS_DECISIONS,
        comments: &["comment"],
        scopes: &[],
        separator: ".",
    },
    LanguageSpec {
        name: "go",
        grammar: go,
        tags: &[tree_sitter_go::TAGS_QUERY],
        imports: include_str!("queries/go.imports.scm"),
        decisions: &[
            "if_statement",
            "for_statement",
            "expression_case",
            "type_case",
            "communication_case",
        ],
        comments: &["comment"],
        scopes: &[],
        separator: ".",
    },
    LanguageSpec {
        name: "java",
        grammar: java,
        tags: &[tree_sitter_java::TAGS_QUERY],
        imports: include_str!("queries/java.imports.scm"),
        decisions: &[
            "if_statement",
            "for_statement",
            "enhanced_for_statement",
            "while_statement",
            "do_statement",
            "switch_label",
            "catch_clause",
            "ternary_expression",
        ],
        comments: C_LIKE_COMMENTS,
        scopes: &[],
        separator: ".",
    },
    LanguageSpec {
        name: "c",
        grammar: c,
        tags: &[include_str!("queries/c.tags.scm")],
        imports: include_str!("queries/c.imports.scm"),
        decisions: &[
            "if_statement",
            "for_statement",
            "while_statement",
            "do_statement",
            "case_statement",
            "conditional_expression",
        ],
        comments: &["comment"],
        scopes: &[],
        separator: "::",
    },
];

/// The spec of a language name, if the analyzer knows it.
pub fn spec(name: &str) -> Option<&'static LanguageSpec> {
    LANGUAGES.iter().find(|l| l.name == name)
}
