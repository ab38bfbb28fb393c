//! The definitions a resolution may reach, by name, and the imports of the files it may look
//! through (re-exports).

use crate::paths::{family, module_segments, qualified_segments};
use std::collections::HashMap;
use tributary_schemas::ImportBinding;

/// One definition of the repository at the commit resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    /// What an edge to it points at (a symbol id or graph key: the caller's choice).
    pub id: String,
    /// Its file.
    pub path: String,
    /// Its file's language.
    pub language: Option<String>,
    /// `function`, `method`, `class`, ...
    pub kind: String,
    /// Its name.
    pub name: String,
    /// Its name within its scopes (`A.m`, `ns::A::m`).
    pub qualified_name: String,
    /// Its index in its file's symbols.
    pub index: usize,
    /// Its declaration line (bases of a class are read from it).
    pub signature: String,
}

impl Definition {
    /// Whether it is a type (a call of it constructs one).
    pub(crate) fn is_type(&self) -> bool {
        TYPE_KINDS.contains(&self.kind.as_str())
    }
}

/// A definition with what resolution asks of it, computed once.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub(crate) def: Definition,
    /// Its module's segments, then its qualified name's.
    pub(crate) full: Vec<String>,
    /// Its language family.
    pub(crate) family: String,
}

/// Kinds of definitions that are types: `self`/`this` find their methods, calling them
/// constructs them, fields belong to them.
pub const TYPE_KINDS: &[&str] = &[
    "class",
    "struct",
    "interface",
    "trait",
    "type",
    "enum",
    "record",
    "union",
];

/// The definitions a resolution may reach, by name, and the imports of files by path.
#[derive(Debug, Default, Clone)]
pub struct Index {
    by_name: HashMap<String, Vec<Entry>>,
    /// Import bindings by file path.
    bindings: HashMap<String, Vec<ImportBinding>>,
    /// Files with bindings, by (language family, module segments).
    modules: HashMap<(String, Vec<String>), Vec<String>>,
}

impl Index {
    /// An index of `definitions` (the top-level code's `<module>` symbols are never callees).
    pub fn new(definitions: impl IntoIterator<Item = Definition>) -> Self {
        let mut by_name: HashMap<String, Vec<Entry>> = HashMap::new();
        // TypeScript's overload signatures and their implementation are one function: the last
        // definition of a qualified name in a file stands for them.
        let mut last: HashMap<(String, String), usize> = HashMap::new();
        let definitions: Vec<Definition> = definitions.into_iter().collect();
        for (i, d) in definitions.iter().enumerate() {
            if family(d.language.as_deref()) == "js" {
                last.insert((d.path.clone(), d.qualified_name.clone()), i);
            }
        }
        for (i, def) in definitions.into_iter().enumerate() {
            if last
                .get(&(def.path.clone(), def.qualified_name.clone()))
                .is_some_and(|at| *at != i)
            {
                continue;
            }
            // A file's top-level code, a module or namespace: never the callee of a call.
            if def.name == "<module>" || matches!(def.kind.as_str(), "module" | "namespace") {
                continue;
            }
            let mut full = module_segments(def.language.as_deref(), &def.path);
            full.extend(qualified_segments(&def.qualified_name));
            // A constructor (`A::A`, Java's `A.A`) is never a callee: calling `A` makes an `A`,
            // and the class is the callee.
            let own = qualified_segments(&def.qualified_name);
            if own.len() >= 2 && own[own.len() - 1] == own[own.len() - 2] {
                continue;
            }
            let family = family(def.language.as_deref()).to_string();
            by_name
                .entry(def.name.clone())
                .or_default()
                .push(Entry { def, full, family });
        }
        Self {
            by_name,
            ..Self::default()
        }
    }

    /// Adds the import bindings of the file at `path` (of `language`), for following
    /// re-exports through it.
    pub fn add_bindings(
        &mut self,
        path: impl Into<String>,
        language: Option<&str>,
        bindings: Vec<ImportBinding>,
    ) {
        if bindings.is_empty() {
            return;
        }
        let path = path.into();
        let module = module_segments(language, &path);
        self.modules
            .entry((family(language).to_string(), module))
            .or_default()
            .push(path.clone());
        self.bindings.insert(path, bindings);
    }

    pub(crate) fn named(&self, name: &str) -> &[Entry] {
        self.by_name.get(name).map_or(&[], Vec::as_slice)
    }

    /// The files of `family` whose module is `module`, with their bindings.
    pub(crate) fn modules(
        &self,
        family: &str,
        module: &[String],
    ) -> impl Iterator<Item = (&str, &[ImportBinding])> {
        self.modules
            .get(&(family.to_string(), module.to_vec()))
            .into_iter()
            .flatten()
            .filter_map(|p| self.bindings.get(p).map(|b| (p.as_str(), b.as_slice())))
    }
}
