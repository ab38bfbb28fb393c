//! The language table: one row per language. Teaching the analyzer a language is one row here
//! and an imports query in `queries/` (definitions and calls come from the grammar's own
//! `tags.scm`, the convention GitHub's code navigation uses, completed by an `*.extra-tags.scm`,
//! or replaced by a `*.tags.scm` of ours where the grammar's is unusable: C, C++, Ruby, C#, PHP).

use tree_sitter::Language;

/// How to analyze one language.
pub struct LanguageSpec {
    /// The name used in `language` fields (see `tributary_schemas::language`).
    pub name: &'static str,
    /// The grammar.
    pub grammar: fn() -> Language,
    /// Definitions (`@definition.*` with `@name`, and `@qualified` where the name is written with
    /// its scopes: C++'s `Type::method` defined outside its class, Ruby's `class A::B`) and calls
    /// (`@reference.call` with `@name`).
    pub tags: &'static [&'static str],
    /// Imports (`@import`).
    pub imports: &'static str,
    /// What the imports bind (`@bind.*`: see `extract::BindCaptures`); empty where the import's
    /// text says it all (`extract::default_bindings`).
    pub bindings: &'static str,
    /// Names whose type the syntax says (`@local.name`/`@local.field` with `@local.type`),
    /// which calls through them resolve by; empty where the language has none worth reading.
    pub locals: &'static [&'static str],
    /// Node kinds that add a branch to cyclomatic complexity.
    pub decisions: &'static [&'static str],
    /// Node kinds that are comments.
    pub comments: &'static [&'static str],
    /// Node kinds that name a scope without being a definition themselves, with the field holding
    /// the name (Rust's `impl Type { ... }`).
    pub scopes: &'static [(&'static str, &'static str)],
    /// Separator of qualified names.
    pub separator: &'static str,
    /// Separator after a module's (namespace's) name, where it differs from `separator`: PHP's
    /// `\` (`App\Models\User::save`, as PHP's `__METHOD__` writes it).
    pub module_separator: Option<&'static str>,
    /// Node kinds of definitions that, written without a body (`namespace A;`), scope the rest of
    /// their parent up to the next one of the same kind: C#'s file-scoped namespaces, PHP's
    /// namespaces.
    pub open_scopes: &'static [&'static str],
    /// Words that never name a definition or a callee. A grammar's error recovery can read a
    /// keyword as an identifier: tree-sitter-c parses the `else if (c) { ... }` of an if/else
    /// chain split by `#ifdef` as a function `if` whose return type is `else`.
    pub reserved: &'static [&'static str],
}

const C_LIKE_COMMENTS: &[&str] = &["comment", "line_comment", "block_comment"];

/// C's keywords (C11; not C23's new ones, `bool`, `true`, `typeof`..., which older code defines
/// as typedefs and macros) and the GNU and MSVC extensions' reserved words.
const C_RESERVED: &[&str] = &[
    "auto",
    "break",
    "case",
    "char",
    "const",
    "continue",
    "default",
    "do",
    "double",
    "else",
    "enum",
    "extern",
    "float",
    "for",
    "goto",
    "if",
    "inline",
    "int",
    "long",
    "register",
    "restrict",
    "return",
    "short",
    "signed",
    "sizeof",
    "static",
    "struct",
    "switch",
    "typedef",
    "union",
    "unsigned",
    "void",
    "volatile",
    "while",
    "_Alignas",
    "_Alignof",
    "_Atomic",
    "_Bool",
    "_Complex",
    "_Generic",
    "_Imaginary",
    "_Noreturn",
    "_Static_assert",
    "_Thread_local",
    "asm",
    "__asm",
    "__asm__",
    "__attribute",
    "__attribute__",
    "__declspec",
    "__extension__",
    "__inline",
    "__inline__",
    "__restrict",
    "__restrict__",
    "__typeof",
    "__typeof__",
    "__volatile__",
];

/// C++'s keywords beyond C's ([`C_RESERVED`]; the alternative operator tokens too). Contextual
/// keywords (`final`, `override`, `import`, `module`) stay out: they name real functions.
const CPP_RESERVED: &[&str] = &[
    "alignas",
    "alignof",
    "and",
    "and_eq",
    "bitand",
    "bitor",
    "bool",
    "catch",
    "char8_t",
    "char16_t",
    "char32_t",
    "class",
    "co_await",
    "co_return",
    "co_yield",
    "compl",
    "concept",
    "const_cast",
    "consteval",
    "constexpr",
    "constinit",
    "decltype",
    "delete",
    "dynamic_cast",
    "explicit",
    "false",
    "friend",
    "mutable",
    "namespace",
    "new",
    "noexcept",
    "not",
    "not_eq",
    "nullptr",
    "operator",
    "or",
    "or_eq",
    "private",
    "protected",
    "public",
    "reinterpret_cast",
    "requires",
    "static_assert",
    "static_cast",
    "template",
    "this",
    "thread_local",
    "throw",
    "true",
    "try",
    "typeid",
    "typename",
    "using",
    "virtual",
    "wchar_t",
    "xor",
    "xor_eq",
];

/// [`C_RESERVED`] and [`CPP_RESERVED`], as one list.
const C_CPP_RESERVED: &[&str] = &{
    let mut all = [""; C_RESERVED.len() + CPP_RESERVED.len()];
    let mut i = 0;
    while i < C_RESERVED.len() {
        all[i] = C_RESERVED[i];
        i += 1;
    }
    while i < all.len() {
        all[i] = CPP_RESERVED[i - C_RESERVED.len()];
        i += 1;
    }
    all
};

/// C#'s reserved keywords (contextual ones, `var`, `async`, `record`..., name real members; a
/// keyword used as a name is written `@if`, whose text keeps its `@`).
const CSHARP_RESERVED: &[&str] = &[
    "abstract",
    "as",
    "base",
    "bool",
    "break",
    "byte",
    "case",
    "catch",
    "char",
    "checked",
    "class",
    "const",
    "continue",
    "decimal",
    "default",
    "delegate",
    "do",
    "double",
    "else",
    "enum",
    "event",
    "explicit",
    "extern",
    "false",
    "finally",
    "fixed",
    "float",
    "for",
    "foreach",
    "goto",
    "if",
    "implicit",
    "in",
    "int",
    "interface",
    "internal",
    "is",
    "lock",
    "long",
    "namespace",
    "new",
    "null",
    "object",
    "operator",
    "out",
    "override",
    "params",
    "private",
    "protected",
    "public",
    "readonly",
    "ref",
    "return",
    "sbyte",
    "sealed",
    "short",
    "sizeof",
    "stackalloc",
    "static",
    "string",
    "struct",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "uint",
    "ulong",
    "unchecked",
    "unsafe",
    "ushort",
    "using",
    "virtual",
    "void",
    "volatile",
    "while",
];

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
fn cpp() -> Language {
    tree_sitter_cpp::LANGUAGE.into()
}
fn ruby() -> Language {
    tree_sitter_ruby::LANGUAGE.into()
}
fn csharp() -> Language {
    tree_sitter_c_sharp::LANGUAGE.into()
}
/// PHP with its HTML around (`LANGUAGE_PHP`): a `.php` file opens with `<?php` or with text, as
/// templates do; `LANGUAGE_PHP_ONLY` reads no text outside the tags.
fn php() -> Language {
    tree_sitter_php::LANGUAGE_PHP.into()
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
        bindings: "",
        locals: &[include_str!("queries/rust.locals.scm")],
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
        module_separator: None,
        open_scopes: &[],
        reserved: &[],
    },
    LanguageSpec {
        name: "python",
        grammar: python,
        tags: &[tree_sitter_python::TAGS_QUERY],
        imports: include_str!("queries/python.imports.scm"),
        bindings: include_str!("queries/python.bindings.scm"),
        locals: &[include_str!("queries/python.locals.scm")],
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
        module_separator: None,
        open_scopes: &[],
        reserved: &[],
    },
    LanguageSpec {
        name: "javascript",
        grammar: javascript,
        tags: &[tree_sitter_javascript::TAGS_QUERY],
        imports: include_str!("queries/javascript.imports.scm"),
        bindings: include_str!("queries/javascript.bindings.scm"),
        locals: &[include_str!("queries/javascript.locals.scm")],
        decisions: JS_DECISIONS,
        comments: &["comment"],
        scopes: &[],
        separator: ".",
        module_separator: None,
        open_scopes: &[],
        reserved: &[],
    },
    LanguageSpec {
        name: "typescript",
        grammar: typescript,
        tags: &[
            tree_sitter_javascript::TAGS_QUERY,
            tree_sitter_typescript::TAGS_QUERY,
        ],
        imports: include_str!("queries/javascript.imports.scm"),
        bindings: include_str!("queries/javascript.bindings.scm"),
        locals: &[
            include_str!("queries/javascript.locals.scm"),
            include_str!("queries/typescript.locals.scm"),
        ],
        decisions: JS_DECISIONS,
        comments: &["comment"],
        scopes: &[],
        separator: ".",
        module_separator: None,
        open_scopes: &[],
        reserved: &[],
    },
    LanguageSpec {
        name: "tsx",
        grammar: tsx,
        tags: &[
            tree_sitter_javascript::TAGS_QUERY,
            tree_sitter_typescript::TAGS_QUERY,
        ],
        imports: include_str!("queries/javascript.imports.scm"),
        bindings: include_str!("queries/javascript.bindings.scm"),
        locals: &[
            include_str!("queries/javascript.locals.scm"),
            include_str!("queries/typescript.locals.scm"),
        ],
        decisions: JS_DECISIONS,
        comments: &["comment"],
        scopes: &[],
        separator: ".",
        module_separator: None,
        open_scopes: &[],
        reserved: &[],
    },
    LanguageSpec {
        name: "go",
        grammar: go,
        tags: &[tree_sitter_go::TAGS_QUERY],
        imports: include_str!("queries/go.imports.scm"),
        bindings: include_str!("queries/go.bindings.scm"),
        locals: &[include_str!("queries/go.locals.scm")],
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
        module_separator: None,
        open_scopes: &[],
        reserved: &[],
    },
    LanguageSpec {
        name: "java",
        grammar: java,
        tags: &[
            tree_sitter_java::TAGS_QUERY,
            include_str!("queries/java.extra-tags.scm"),
        ],
        imports: include_str!("queries/java.imports.scm"),
        bindings: include_str!("queries/java.bindings.scm"),
        locals: &[include_str!("queries/java.locals.scm")],
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
        module_separator: None,
        open_scopes: &[],
        reserved: &[],
    },
    LanguageSpec {
        name: "c",
        grammar: c,
        tags: &[include_str!("queries/c.tags.scm")],
        imports: include_str!("queries/c.imports.scm"),
        bindings: "",
        locals: &[],
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
        module_separator: None,
        open_scopes: &[],
        reserved: C_RESERVED,
    },
    LanguageSpec {
        name: "cpp",
        grammar: cpp,
        // The grammar's own tags.scm captures declarators only (as C's): see the query's header.
        tags: &[include_str!("queries/cpp.tags.scm")],
        imports: include_str!("queries/cpp.imports.scm"),
        bindings: "",
        locals: &[include_str!("queries/cpp.locals.scm")],
        decisions: &[
            "if_statement",
            "for_statement",
            "for_range_loop",
            "while_statement",
            "do_statement",
            "case_statement",
            "catch_clause",
            "conditional_expression",
        ],
        comments: &["comment"],
        // Namespaces are definitions (`module`), so `ns::Class::method` comes from the parents.
        scopes: &[],
        separator: "::",
        module_separator: None,
        open_scopes: &[],
        reserved: C_CPP_RESERVED,
    },
    LanguageSpec {
        name: "ruby",
        grammar: ruby,
        // The grammar's own tags.scm reads every identifier as a call: see the query's header.
        tags: &[include_str!("queries/ruby.tags.scm")],
        imports: include_str!("queries/ruby.imports.scm"),
        bindings: "",
        locals: &[include_str!("queries/ruby.locals.scm")],
        decisions: &[
            "if",
            "elsif",
            "unless",
            "while",
            "until",
            "for",
            "when",
            "in_clause",
            "rescue",
            "conditional",
            "if_modifier",
            "unless_modifier",
            "while_modifier",
            "until_modifier",
            "rescue_modifier",
        ],
        comments: &["comment"],
        scopes: &[],
        separator: "::",
        module_separator: None,
        open_scopes: &[],
        // Any keyword can name a Ruby method (`def for(file)`, `object.class`), and the grammar
        // does not misread keywords as names.
        reserved: &[],
    },
    LanguageSpec {
        name: "csharp",
        grammar: csharp,
        // The grammar's own tags.scm has no calls and few definitions: see the query's header.
        tags: &[include_str!("queries/csharp.tags.scm")],
        imports: include_str!("queries/csharp.imports.scm"),
        bindings: include_str!("queries/csharp.bindings.scm"),
        locals: &[include_str!("queries/csharp.locals.scm")],
        decisions: &[
            "if_statement",
            "for_statement",
            "foreach_statement",
            "while_statement",
            "do_statement",
            "switch_section",
            "switch_expression_arm",
            "catch_clause",
            "conditional_expression",
        ],
        comments: &["comment"],
        // Namespaces are definitions (`module`) named as written: `A.B.Type.Method`.
        scopes: &[],
        separator: ".",
        module_separator: None,
        open_scopes: &["file_scoped_namespace_declaration"],
        reserved: CSHARP_RESERVED,
    },
    LanguageSpec {
        name: "php",
        grammar: php,
        // The grammar's own tags.scm misses plain function calls: see the query's header.
        tags: &[include_str!("queries/php.tags.scm")],
        imports: include_str!("queries/php.imports.scm"),
        bindings: include_str!("queries/php.bindings.scm"),
        locals: &[include_str!("queries/php.locals.scm")],
        decisions: &[
            "if_statement",
            "else_if_clause",
            "for_statement",
            "foreach_statement",
            "while_statement",
            "do_statement",
            "case_statement",
            "match_conditional_expression",
            "catch_clause",
            "conditional_expression",
        ],
        comments: &["comment"],
        // `App\Models\User::save`: PHP's own spelling of a method (`__METHOD__`), `\` after the
        // namespace, `::` inside a class.
        scopes: &[],
        separator: "::",
        module_separator: Some("\\"),
        open_scopes: &["namespace_definition"],
        // Keywords name methods (`function list()`) since PHP 7, and the grammar does not
        // misread them as names.
        reserved: &[],
    },
];

/// The spec of a language name, if the analyzer knows it.
pub fn spec(name: &str) -> Option<&'static LanguageSpec> {
    LANGUAGES.iter().find(|l| l.name == name)
}
