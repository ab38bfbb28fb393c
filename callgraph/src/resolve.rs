//! The resolver: one file's calls against an [`Index`].

use crate::bases::bases;
use crate::builtins::is_builtin;
use crate::index::{Entry, Index, TYPE_KINDS};
use crate::paths::{
    closeness, family, fits, folder, import_targets, included_stem, module_segments,
    qualified_segments, segments_key, split_path, stem, Fit,
};
use std::collections::BTreeSet;
use tributary_schemas::{AnalysisProduced, ImportBinding, TypedName};

/// How a call was resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A definition of the same file in scope.
    Local,
    /// Through the file's imports, its package or the files it includes.
    Import,
    /// Through the receiver: `self`/`this`, a type, the bases.
    Receiver,
    /// The one definition of the name in the repository.
    UniqueName,
}

impl Kind {
    /// `local`, `import`, `receiver`, `unique-name`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Local => "local",
            Kind::Import => "import",
            Kind::Receiver => "receiver",
            Kind::UniqueName => "unique-name",
        }
    }

    /// Parses [`Kind::as_str`]'s names.
    pub fn parse(s: &str) -> Option<Kind> {
        [Kind::Local, Kind::Import, Kind::Receiver, Kind::UniqueName]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// Where one call goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// To this definition (its [`crate::Definition::id`]), found so.
    Resolved {
        /// The definition's id.
        id: String,
        /// How.
        kind: Kind,
    },
    /// Nowhere certain: `candidates` definitions carry the name.
    Unresolved {
        /// How many definitions of the callee's name the language could reach.
        candidates: usize,
    },
}

/// A definition of the file resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    /// `function`, `method`, `class`, ...
    pub kind: String,
    /// Name.
    pub name: String,
    /// Qualified name.
    pub qualified_name: String,
    /// Index of the enclosing symbol.
    pub parent: Option<usize>,
}

/// A call site of the file resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// The callee's name.
    pub callee: String,
    /// What it is reached through, as written.
    pub receiver: Option<String>,
    /// Index of the calling symbol.
    pub caller: Option<usize>,
    /// Line, 1-based.
    pub line: i32,
}

/// One file: its definitions, calls and import bindings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct File {
    /// Its path.
    pub path: String,
    /// Its language.
    pub language: Option<String>,
    /// Its definitions, by index.
    pub symbols: Vec<Symbol>,
    /// Its calls.
    pub calls: Vec<Call>,
    /// Its imports' bindings.
    pub bindings: Vec<ImportBinding>,
    /// Its variables, parameters and fields whose type the syntax says.
    pub locals: Vec<TypedName>,
}

impl File {
    /// The file `analysis` describes, at `path`.
    pub fn from_analysis(path: &str, analysis: &AnalysisProduced) -> Self {
        let index = |i: Option<i32>| i.and_then(|i| usize::try_from(i).ok());
        File {
            path: path.to_string(),
            language: analysis.language.clone(),
            symbols: analysis
                .symbols
                .iter()
                .map(|s| Symbol {
                    kind: s.kind.clone(),
                    name: s.name.clone(),
                    qualified_name: s.qualified_name.clone(),
                    parent: index(s.parent),
                })
                .collect(),
            calls: analysis
                .calls
                .iter()
                .map(|c| Call {
                    callee: c.callee.clone(),
                    receiver: c.receiver.clone(),
                    caller: index(c.caller),
                    line: c.line,
                })
                .collect(),
            bindings: analysis.bindings.clone(),
            locals: analysis.locals.clone(),
        }
    }
}

/// The names whose definitions resolving `file` may need: its callees, the names its imports
/// bind and import, its receivers' segments, its types and their bases.
pub fn wanted_names(file: &File) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for c in &file.calls {
        names.insert(c.callee.clone());
        if let Some(r) = &c.receiver {
            names.extend(qualified_segments(r));
        }
    }
    for b in &file.bindings {
        names.extend(b.symbol.clone());
        names.insert(b.name.clone());
    }
    for s in &file.symbols {
        names.extend(qualified_segments(&s.qualified_name));
    }
    for l in &file.locals {
        names.insert(l.type_name.clone());
    }
    names.retain(|n| n != "*" && !n.is_empty());
    names
}

/// The [`crate::module_key`]s of the modules `file`'s imports name exactly (relative imports,
/// Rust paths, namespaces): the files whose bindings a re-export may go through.
pub fn wanted_modules(file: &File) -> BTreeSet<String> {
    let family = family(file.language.as_deref());
    file.bindings
        .iter()
        .flat_map(|b| import_targets(file.language.as_deref(), &file.path, &b.module))
        .filter(|(_, fit)| *fit == Fit::Exact)
        .map(|(segs, _)| segments_key(family, &segs))
        .collect()
}

/// Where each of `file`'s calls goes, in order.
pub fn resolve_file(file: &File, index: &Index) -> Vec<Target> {
    let r = Resolver {
        file,
        index,
        family: family(file.language.as_deref()),
        language: file.language.as_deref(),
    };
    file.calls.iter().map(|c| r.call(c)).collect()
}

/// Languages where a bare call inside a class reaches the class's own methods.
const IMPLICIT_THIS: &[&str] = &["java", "csharp", "cpp", "ruby"];

/// Receivers that are the enclosing type's instance or the type itself.
const SELF_RECEIVERS: &[&str] = &["self", "this", "$this", "Self", "static", "@"];

/// Receivers that are the enclosing type's bases.
const SUPER_RECEIVERS: &[&str] = &["super", "parent", "base"];

/// Bases followed at most, through a chain of classes.
const MAX_BASE_DEPTH: usize = 8;

/// The best of `entries` by `rank` (higher is better), if one alone has the best rank.
fn best<'e>(
    entries: impl IntoIterator<Item = &'e Entry>,
    rank: impl Fn(&Entry) -> (usize, usize),
) -> Result<&'e Entry, usize> {
    let mut top: Vec<&Entry> = Vec::new();
    let mut top_rank = (0, 0);
    let mut count = 0;
    for e in entries {
        count += 1;
        let r = rank(e);
        if top.is_empty() || r > top_rank {
            top = vec![e];
            top_rank = r;
        } else if r == top_rank && !top.iter().any(|t| t.def.id == e.def.id) {
            top.push(e);
        }
    }
    match top.as_slice() {
        [one] => Ok(one),
        _ => Err(count),
    }
}

struct Resolver<'a> {
    file: &'a File,
    index: &'a Index,
    family: &'a str,
    language: Option<&'a str>,
}

impl<'a> Resolver<'a> {
    /// The definitions named `name` in the file's language family.
    fn named(&self, name: &str) -> impl Iterator<Item = &'a Entry> + '_ {
        self.index
            .named(name)
            .iter()
            .filter(move |e| e.family == self.family)
    }

    fn resolved(e: &Entry, kind: Kind) -> Target {
        Target::Resolved {
            id: e.def.id.clone(),
            kind,
        }
    }

    fn call(&self, call: &Call) -> Target {
        let name = call.callee.as_str();
        let found = match call.receiver.as_deref() {
            Some(r) => self.by_receiver(call, r),
            None => self.bare(name, call.caller, false),
        };
        if let Some(t) = found {
            return t;
        }
        // A receiver whose type the syntax does not say (a variable, a field, a call's result):
        // no guess. The one method of that name in the repository is as often a standard
        // library's method of the same name (`items.push`, `rows.each`, `s.split`): measured on
        // the ground truth, such guesses were right half the time.
        let candidates = self.named(name).count();
        Target::Unresolved { candidates }
    }

    /// A call without a receiver: in scope, imported, in the package, or unique.
    fn bare(&self, name: &str, caller: Option<usize>, types_only: bool) -> Option<Target> {
        self.bare_entry(name, caller, types_only)
            .map(|(e, k)| Self::resolved(e, k))
    }

    fn bare_entry(
        &self,
        name: &str,
        caller: Option<usize>,
        types_only: bool,
    ) -> Option<(&'a Entry, Kind)> {
        let want = |e: &&Entry| !types_only || e.def.is_type();
        // A variable or parameter of that name (a function pointer, a closure, a functor)
        // shadows every definition.
        if !types_only && !self.local_types(caller, name).is_empty() {
            return None;
        }
        if let Some(e) = self.local(name, caller, types_only) {
            // Defined here and imported too (`class StringIO` under an `if`, `from io import
            // BytesIO as StringIO` under its `else`): which one runs is not syntax.
            let top_level = self
                .file
                .symbols
                .get(e.def.index)
                .is_some_and(|s| s.parent.is_none());
            if top_level && self.file.bindings.iter().any(|b| b.name == name) {
                return None;
            }
            return Some((e, Kind::Local));
        }
        // Where a bare call reaches the enclosing type's members (Java, C#, C++, Ruby): its
        // methods and its bases', also from a method defined outside the class body
        // (`void A::f() { g(); }`) or in another part of a partial class.
        let implicit = self.language.is_some_and(|l| IMPLICIT_THIS.contains(&l));
        if implicit && !types_only {
            let member = self
                .own_types(caller)
                .iter()
                .find_map(|path| self.member(path, name, 0));
            if let Some(e) = member {
                return Some((e, Kind::Receiver));
            }
        }
        if let Some(e) = self.imported(name, types_only) {
            return Some((e, Kind::Import));
        }
        // Imported from outside the repository (`use neo4rs::query`, `from typing import cast`):
        // nothing of the repository.
        if self.file.bindings.iter().any(|b| b.name == name) {
            return None;
        }
        if let Some(e) = self.same_package(name, types_only) {
            return Some((e, Kind::Import));
        }
        // The language's own functions and types (`len`, `str`, `system`): a definition of the
        // same name elsewhere in the repository is not them.
        if is_builtin(self.family, name) {
            return None;
        }
        // The one definition of the name; a bare call reaches a method only where calls inside
        // a class reach its methods without `this`.
        let implicit = self.language.is_some_and(|l| IMPLICIT_THIS.contains(&l));
        let mut reachable = self
            .named(name)
            .filter(want)
            .filter(|e| implicit || e.def.kind != "method");
        match (reachable.next(), reachable.next()) {
            (Some(one), None) => Some((one, Kind::UniqueName)),
            _ => None,
        }
    }

    /// The symbols enclosing `caller`, innermost first, itself included.
    fn ancestors(&self, caller: Option<usize>) -> Vec<usize> {
        let mut out = Vec::new();
        let mut cur = caller;
        while let Some(i) = cur {
            if out.contains(&i) || out.len() > 64 {
                break;
            }
            out.push(i);
            cur = self.file.symbols.get(i).and_then(|s| s.parent);
        }
        out
    }

    fn symbol_is_type(&self, i: usize) -> bool {
        self.file
            .symbols
            .get(i)
            .is_some_and(|s| TYPE_KINDS.contains(&s.kind.as_str()))
    }

    /// A definition of this file visible from `caller`: top-level, or declared in one of the
    /// caller's enclosing definitions (a class's members only where calls reach them without
    /// `this`); the innermost wins, and a type over its constructor of the same name.
    fn local(&self, name: &str, caller: Option<usize>, types_only: bool) -> Option<&'a Entry> {
        let ancestors = self.ancestors(caller);
        let implicit = self.language.is_some_and(|l| IMPLICIT_THIS.contains(&l));
        let visible = self
            .named(name)
            .filter(|e| e.def.path == self.file.path)
            .filter_map(|e| {
                if types_only && !e.def.is_type() || !implicit && e.def.kind == "method" {
                    return None;
                }
                let parent = self.file.symbols.get(e.def.index).and_then(|s| s.parent);
                // Depth: how near the declaring scope is (top-level: 0).
                let depth = match parent {
                    None => 0,
                    Some(p) => {
                        let at = ancestors.iter().position(|a| *a == p)?;
                        if self.symbol_is_type(p) && !implicit {
                            return None;
                        }
                        ancestors.len() - at
                    }
                };
                Some((e, depth))
            });
        let all: Vec<(&Entry, usize)> = visible.collect();
        best(all.iter().map(|(e, _)| *e), |e| {
            let depth = all
                .iter()
                .find(|(x, _)| x.def.id == e.def.id)
                .map_or(0, |(_, d)| *d);
            (depth, usize::from(e.def.is_type()))
        })
        .ok()
    }

    /// Through the file's import bindings: a name bound to it, then modules whose names are all
    /// visible.
    fn imported(&self, name: &str, types_only: bool) -> Option<&'a Entry> {
        for b in self.file.bindings.iter().filter(|b| b.name == name) {
            if let Some(e) = self.through(&self.file.path, b, &[], types_only, 0) {
                return Some(e);
            }
        }
        for b in self.file.bindings.iter().filter(|b| b.name == "*") {
            if let Some(e) = self.in_module(&self.file.path, &b.module, name, types_only) {
                return Some(e);
            }
        }
        None
    }

    /// What binding `b` of file `importer` reaches, followed by `tail` (`b.f` is tail `[f]`):
    /// the definition at the binding's module, its symbol, then `tail`; re-exports followed.
    fn through(
        &self,
        importer: &str,
        b: &ImportBinding,
        tail: &[String],
        types_only: bool,
        depth: usize,
    ) -> Option<&'a Entry> {
        // A default import names the module's default export: by the name it is bound to.
        let symbol = match b.symbol.as_deref() {
            Some("default") => Some(b.name.as_str()),
            other => other,
        };
        let mut rel: Vec<String> = symbol.map(|s| vec![s.to_string()]).unwrap_or_default();
        rel.extend(tail.iter().cloned());
        let callee = rel.last()?.clone();
        for (module, fit) in import_targets(self.language, importer, &b.module) {
            let mut target = module.clone();
            target.extend(rel.iter().cloned());
            let found = best(
                self.named(&callee)
                    .filter(|e| !types_only || e.def.is_type())
                    .filter(|e| fits(&e.full, &target, fit).is_some()),
                |e| {
                    (
                        fits(&e.full, &target, fit).unwrap_or(0) * 2 + usize::from(e.def.is_type()),
                        closeness(&e.def.path, importer),
                    )
                },
            );
            match found {
                Ok(e) => return Some(e),
                // The module defines the name more than once: not a re-export.
                Err(n) if n > 0 => return None,
                Err(_) => {}
            }
            // A re-export: a file of that module binds the first name from elsewhere.
            if depth >= 3 || fit != Fit::Exact {
                continue;
            }
            let inner = &rel[0];
            for (path, bindings) in self.index.modules(self.family, &module) {
                for rb in bindings
                    .iter()
                    .filter(|rb| rb.name == *inner || rb.name == "*")
                {
                    let next: &[String] = if rb.name == "*" { &rel } else { &rel[1..] };
                    if let Some(e) = self.through(path, rb, next, types_only, depth + 1) {
                        return Some(e);
                    }
                }
            }
        }
        None
    }

    /// `name` in the module a `*` binding names: by module path, or, for an included file, in
    /// that file or the source file of the same name.
    fn in_module(
        &self,
        importer: &str,
        module: &str,
        name: &str,
        types_only: bool,
    ) -> Option<&'a Entry> {
        let candidates = || {
            self.named(name)
                .filter(move |e| !types_only || e.def.is_type())
        };
        let by_module = import_targets(self.language, importer, module);
        if !by_module.is_empty() {
            for (mut target, fit) in by_module {
                target.push(name.to_string());
                let found = best(
                    candidates().filter(|e| fits(&e.full, &target, fit).is_some()),
                    |e| {
                        (
                            usize::from(e.def.is_type()) * 2 + definition_rank(e),
                            closeness(&e.def.path, importer),
                        )
                    },
                );
                if let Ok(e) = found {
                    return Some(e);
                }
            }
            return None;
        }
        // Inclusion of a file: it, or its source file (`x.h` → `x.c`), by stem, near the
        // includer first.
        let included = included_stem(importer, module)?;
        let base = included.last()?.clone();
        best(
            candidates().filter(|e| {
                let own = split_path(stem(&e.def.path));
                own == included || own.last() == Some(&base)
            }),
            |e| {
                let exact = split_path(stem(&e.def.path)) == included;
                (
                    usize::from(e.def.is_type()) * 4 + usize::from(exact) * 2 + definition_rank(e),
                    closeness(&e.def.path, importer),
                )
            },
        )
        .ok()
    }

    /// Another file of the same package: the same folder (Go: functions and types; Java, C#:
    /// types).
    fn same_package(&self, name: &str, types_only: bool) -> Option<&'a Entry> {
        let functions = matches!(self.language, Some("go"));
        let types = matches!(self.language, Some("go" | "java" | "csharp"));
        if !types {
            return None;
        }
        let dir = folder(&self.file.path);
        best(
            self.named(name).filter(|e| {
                folder(&e.def.path) == dir
                    && e.def.path != self.file.path
                    && (e.def.is_type() || functions && !types_only && e.def.kind != "method")
            }),
            |e| (usize::from(e.def.is_type()), 0),
        )
        .ok()
    }

    /// A call through a receiver.
    fn by_receiver(&self, call: &Call, receiver: &str) -> Option<Target> {
        let name = call.callee.as_str();
        if self.language == Some("rust") {
            if let Some(t) = self.rust_path(call, receiver) {
                return Some(t);
            }
        }
        // `new X(...)`: the type `X`, never a function or method of that name.
        if receiver == "new" {
            return self.bare(name, call.caller, true);
        }
        if SELF_RECEIVERS.contains(&receiver) {
            return self
                .own_types(call.caller)
                .iter()
                .find_map(|path| self.member(path, name, 0))
                .map(|e| Self::resolved(e, Kind::Receiver));
        }
        if is_super(receiver) {
            let own = self.own_type_entry(call.caller)?;
            return self
                .base_members(own, name, 0)
                .map(|e| Self::resolved(e, Kind::Receiver));
        }
        // A variable, parameter or field whose type is known, or an object constructed right
        // there (`Runner().go()`, `new Runner().go()`, `Runner.new.go`, `Runner::new().go()`).
        let mut types = self.local_types(call.caller, receiver);
        types.extend(constructed_type(receiver).map(str::to_string));
        for type_name in types {
            let segs = qualified_segments(&type_name);
            let ty = if segs.len() > 1 {
                // `ssl.SSLContext`: through the import of `ssl`, never a `SSLContext` elsewhere.
                self.qualified_type(&segs, &self.file.path)
            } else {
                self.bare_entry(&type_name, call.caller, true)
                    .map(|(e, _)| e)
            };
            if let Some(ty) = ty {
                if let Some(e) = self
                    .member(&ty.full, name, 0)
                    .or_else(|| self.base_members(ty, name, 0))
                {
                    return Some(Self::resolved(e, Kind::Receiver));
                }
            }
        }
        let segs = qualified_segments(receiver.trim_start_matches('$'));
        let (first, rest) = segs.split_first()?;
        if receiver.contains(['(', '[', '"', '\'']) {
            return None;
        }
        // A module or type an import binds (the whole receiver, or its first segment).
        for b in &self.file.bindings {
            let whole = b.name == receiver;
            if !(whole || b.name == *first) {
                continue;
            }
            let mut tail: Vec<String> = if whole { Vec::new() } else { rest.to_vec() };
            tail.push(name.to_string());
            if let Some(e) = self.through(&self.file.path, b, &tail, false, 0) {
                let kind = if e.def.kind == "method" {
                    Kind::Receiver
                } else {
                    Kind::Import
                };
                return Some(Self::resolved(e, kind));
            }
        }
        // A type the receiver's last segment names: its member, or the type itself for
        // `Type.new` (Ruby) .
        let type_name = segs.last()?;
        if let Some((ty, _)) = self.bare_entry(type_name, call.caller, true) {
            if let Some(e) = self.member(&ty.full, name, 0) {
                return Some(Self::resolved(e, Kind::Receiver));
            }
            if let Some(e) = self.base_members(ty, name, 0) {
                return Some(Self::resolved(e, Kind::Receiver));
            }
            if name == "new" && self.language == Some("ruby") {
                return Some(Self::resolved(ty, Kind::Receiver));
            }
        }
        // A path: `ns::f()`, `mod::f()` (Rust modules declared, not imported), `A.B.f()`.
        let mut target = segs.clone();
        target.push(name.to_string());
        let mut local = module_segments(self.language, &self.file.path);
        local.extend(target.iter().cloned());
        let found = best(
            self.named(name)
                .filter(|e| fits(&e.full, &target, Fit::Suffix).is_some()),
            |e| {
                (
                    usize::from(e.full == local),
                    closeness(&e.def.path, &self.file.path),
                )
            },
        );
        found.ok().map(|e| Self::resolved(e, Kind::Receiver))
    }

    /// A Rust call through a path (`self::f()`, `super::f()`, `crate::a::f()`, `child::f()`,
    /// `Type::f()`): the path is a module (or type) the way a `use` of it would be. `self` is
    /// also the instance (`self.f()`): its type's methods come first.
    fn rust_path(&self, call: &Call, receiver: &str) -> Option<Target> {
        if receiver.contains(['.', '(', '[', '<']) {
            return None;
        }
        if receiver == "self" {
            let own = self
                .own_types(call.caller)
                .iter()
                .find_map(|path| self.member(path, &call.callee, 0));
            if let Some(e) = own {
                return Some(Self::resolved(e, Kind::Receiver));
            }
        }
        for (mut target, fit) in import_targets(self.language, &self.file.path, receiver) {
            target.push(call.callee.clone());
            let found = best(
                self.named(&call.callee)
                    .filter(|e| fits(&e.full, &target, fit).is_some()),
                |e| (usize::from(e.def.is_type()), definition_rank(e)),
            );
            if let Ok(e) = found {
                let kind = if e.def.kind == "method" {
                    Kind::Receiver
                } else {
                    Kind::Import
                };
                return Some(Self::resolved(e, kind));
            }
        }
        None
    }

    /// The types of the variable, parameter or field `receiver` names (`x`, `$x`, `self.x`,
    /// `this.x`, `$this->x`, `@x`), innermost scope first.
    fn local_types(&self, caller: Option<usize>, receiver: &str) -> Vec<String> {
        let (field, name) = ["self.", "this.", "$this->", "this->", "@"]
            .iter()
            .find_map(|p| receiver.strip_prefix(p).map(|rest| (true, rest)))
            .unwrap_or((false, receiver));
        let name = name.trim_start_matches(['$', '@']);
        if name.is_empty() || name.contains(['.', ':', '-', '>']) {
            return Vec::new();
        }
        let named = |l: &&TypedName| l.name.trim_start_matches(['$', '@']) == name;
        // Most receivers name no typed name: answered before looking for the enclosing type.
        if !self.file.locals.iter().any(|l| named(&l)) {
            return Vec::new();
        }
        let mut scopes: Vec<Option<usize>> = self.ancestors(caller).into_iter().map(Some).collect();
        // A Rust or Go method's fields are on a type it is not nested in.
        if let Some(own) = self.own_type_entry(caller) {
            if own.def.path == self.file.path {
                scopes.push(Some(own.def.index));
            }
        }
        scopes.push(None);
        let mut out = Vec::new();
        for scope in scopes {
            for l in self.file.locals.iter().filter(named).filter(|l| {
                l.scope.and_then(|s| usize::try_from(s).ok()) == scope
                    && (!field || scope.is_some_and(|s| self.symbol_is_type(s)))
            }) {
                if !out.contains(&l.type_name) {
                    out.push(l.type_name.clone());
                }
            }
        }
        out
    }

    /// The full paths the enclosing type of `caller` may have: its definition's, and the one the
    /// caller's qualified name says (a Rust `impl` of a type defined elsewhere).
    fn own_types(&self, caller: Option<usize>) -> Vec<Vec<String>> {
        let mut out = Vec::new();
        if let Some(e) = self.own_type_entry(caller) {
            out.push(e.full.clone());
        }
        for i in self.ancestors(caller) {
            let Some(s) = self.file.symbols.get(i) else {
                continue;
            };
            if s.kind == "method" || s.kind == "function" {
                let mut segs = qualified_segments(&s.qualified_name);
                segs.pop();
                if !segs.is_empty() {
                    let mut path = module_segments(self.language, &self.file.path);
                    path.extend(segs);
                    if !out.contains(&path) {
                        out.push(path);
                    }
                    break;
                }
            }
        }
        out
    }

    /// The definition of the type enclosing `caller`.
    fn own_type_entry(&self, caller: Option<usize>) -> Option<&'a Entry> {
        for i in self.ancestors(caller) {
            let s = self.file.symbols.get(i)?;
            let type_name = if TYPE_KINDS.contains(&s.kind.as_str()) {
                Some((s.name.clone(), Some(i)))
            } else if s.kind == "method" {
                let segs = qualified_segments(&s.qualified_name);
                (segs.len() >= 2).then(|| (segs[segs.len() - 2].clone(), None))
            } else {
                None
            };
            let Some((type_name, at)) = type_name else {
                continue;
            };
            let own = self.named(&type_name).find(|e| {
                e.def.path == self.file.path
                    && at.is_none_or(|at| e.def.index == at)
                    && e.def.is_type()
            });
            return own.or_else(|| self.bare_entry(&type_name, caller, true).map(|(e, _)| e));
        }
        None
    }

    /// Member `name` of the type at `type_path`, or of its bases.
    fn member(&self, type_path: &[String], name: &str, depth: usize) -> Option<&'a Entry> {
        let mut target = type_path.to_vec();
        target.push(name.to_string());
        let found = best(self.named(name).filter(|e| e.full == target), |e| {
            (definition_rank(e), 0)
        });
        if let Ok(e) = found {
            return Some(e);
        }
        let ty = best(
            self.index
                .named(type_path.last()?)
                .iter()
                .filter(|e| e.family == self.family && e.def.is_type() && e.full == type_path),
            |_| (0, 0),
        )
        .ok()?;
        self.base_members(ty, name, depth)
    }

    /// Member `name` of the bases of type `ty`, nearest base first.
    fn base_members(&self, ty: &Entry, name: &str, depth: usize) -> Option<&'a Entry> {
        if depth >= MAX_BASE_DEPTH {
            return None;
        }
        for written in bases(ty.def.language.as_deref(), &ty.def.signature) {
            let segs = qualified_segments(&written);
            let Some((base, path)) = segs.split_last() else {
                continue;
            };
            let base_entry = if !path.is_empty() {
                // A qualified base (`typing._SpecialForm`, `ns::Base`): through the import of
                // its first segment, else the type whose place ends with it; never a type of
                // that name elsewhere.
                self.qualified_type(&segs, &ty.def.path)
            } else if ty.def.path == self.file.path {
                self.bare_entry(base, None, true).map(|(e, _)| e)
            } else {
                best(
                    self.index
                        .named(base)
                        .iter()
                        .filter(|e| e.family == self.family && e.def.is_type()),
                    |e| (closeness(&e.def.path, &ty.def.path), 0),
                )
                .ok()
            };
            if let Some(b) = base_entry {
                if b.def.id == ty.def.id {
                    continue;
                }
                if let Some(e) = self.member(&b.full, name, depth + 1) {
                    return Some(e);
                }
            }
        }
        None
    }

    /// The type a qualified name (`m.C`) written in the file at `from` names.
    fn qualified_type(&self, segs: &[String], from: &str) -> Option<&'a Entry> {
        let (first, rest) = segs.split_first()?;
        if from == self.file.path {
            for b in self.file.bindings.iter().filter(|b| b.name == *first) {
                if let Some(e) = self.through(&self.file.path, b, rest, true, 0) {
                    return Some(e);
                }
            }
            if self.file.bindings.iter().any(|b| b.name == *first) {
                return None;
            }
        }
        best(
            self.index
                .named(segs.last()?)
                .iter()
                .filter(|e| e.family == self.family && e.def.is_type())
                .filter(|e| e.full.ends_with(segs)),
            |e| (closeness(&e.def.path, from), 0),
        )
        .ok()
    }
}

/// Definitions before declarations: a body in a source file over a prototype in a header.
fn definition_rank(e: &Entry) -> usize {
    let header = [".h", ".hpp", ".hh", ".hxx"]
        .iter()
        .any(|ext| e.def.path.ends_with(ext));
    usize::from(!header)
}

/// The type a receiver constructs, as written: `Type(...)`, `new Type(...)`, `Type.new(...)`,
/// `Type::new(...)`.
fn constructed_type(receiver: &str) -> Option<&str> {
    let r = receiver.strip_prefix("new").unwrap_or(receiver);
    let r = r.strip_suffix(')')?;
    let open = r.find('(')?;
    let head = &r[..open];
    let head = head
        .strip_suffix(".new")
        .or_else(|| head.strip_suffix("::new"))
        .unwrap_or(head);
    let ok = !head.is_empty()
        && head.starts_with(|c: char| c.is_alphabetic() || c == '_')
        && head.chars().all(|c| c.is_alphanumeric() || c == '_');
    ok.then_some(head)
}

fn is_super(receiver: &str) -> bool {
    SUPER_RECEIVERS.contains(&receiver) || receiver.starts_with("super(")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Definition;

    /// A file of `language` at `path` with `symbols` (kind, name, qualified name, parent) and
    /// `calls` (callee, receiver, caller).
    fn file(
        path: &str,
        language: &str,
        symbols: &[(&str, &str, &str, Option<usize>)],
        calls: &[(&str, Option<&str>, usize)],
        bindings: &[(&str, &str, Option<&str>)],
    ) -> File {
        File {
            path: path.into(),
            language: Some(language.into()),
            symbols: symbols
                .iter()
                .map(|(kind, name, qn, parent)| Symbol {
                    kind: kind.to_string(),
                    name: name.to_string(),
                    qualified_name: qn.to_string(),
                    parent: *parent,
                })
                .collect(),
            calls: calls
                .iter()
                .map(|(callee, receiver, caller)| Call {
                    callee: callee.to_string(),
                    receiver: receiver.map(str::to_string),
                    caller: Some(*caller),
                    line: 1,
                })
                .collect(),
            bindings: bindings
                .iter()
                .map(|(name, module, symbol)| ImportBinding {
                    name: name.to_string(),
                    module: module.to_string(),
                    symbol: symbol.map(str::to_string),
                })
                .collect(),
            locals: Vec::new(),
        }
    }

    /// An index of `files`, each definition's id `path#qualified name` (`:index` for a
    /// repeated one), signatures given by qualified name.
    fn index(files: &[&File], signatures: &[(&str, &str)]) -> Index {
        let mut index = Index::new(files.iter().flat_map(|f| {
            f.symbols.iter().enumerate().map(|(i, s)| Definition {
                // A repeated qualified name gets its index, as ids get ordinals.
                id: if f.symbols[..i]
                    .iter()
                    .any(|p| p.qualified_name == s.qualified_name)
                {
                    format!("{}#{}:{i}", f.path, s.qualified_name)
                } else {
                    format!("{}#{}", f.path, s.qualified_name)
                },
                path: f.path.clone(),
                language: f.language.clone(),
                kind: s.kind.clone(),
                name: s.name.clone(),
                qualified_name: s.qualified_name.clone(),
                index: i,
                signature: signatures
                    .iter()
                    .find(|(q, _)| *q == s.qualified_name)
                    .map(|(_, sig)| sig.to_string())
                    .unwrap_or_default(),
            })
        }));
        for f in files {
            index.add_bindings(f.path.clone(), f.language.as_deref(), f.bindings.clone());
        }
        index
    }

    fn to(id: &str, kind: Kind) -> Target {
        Target::Resolved {
            id: id.into(),
            kind,
        }
    }

    #[test]
    fn python_imports_aliases_self_and_bases() {
        let base = file(
            "p/base.py",
            "python",
            &[
                ("class", "Base", "Base", None),
                ("method", "save", "Base.save", Some(0)),
            ],
            &[],
            &[],
        );
        let util = file(
            "p/util.py",
            "python",
            &[("function", "helper", "helper", None)],
            &[],
            &[],
        );
        let other = file(
            "q/util.py",
            "python",
            &[("function", "helper", "helper", None)],
            &[],
            &[],
        );
        let main = file(
            "p/main.py",
            "python",
            &[
                ("class", "Model", "Model", None),
                ("method", "run", "Model.run", Some(0)),
                ("function", "helper", "helper", None),
                ("function", "go", "go", None),
            ],
            &[
                ("save", Some("self"), 1),
                ("h", None, 3),
                ("helper", Some("u"), 3),
                ("helper", None, 1),
                ("Model", None, 3),
                ("missing", Some("self"), 1),
            ],
            &[
                ("h", ".util", Some("helper")),
                ("u", "p.util", None),
                ("Base", ".base", Some("Base")),
            ],
        );
        let idx = index(
            &[&base, &util, &other, &main],
            &[("Model", "class Model(Base)")],
        );
        assert_eq!(
            resolve_file(&main, &idx),
            vec![
                // self.save(): not on Model, on its base in another file.
                to("p/base.py#Base.save", Kind::Receiver),
                // h(): bound by `from .util import helper as h`.
                to("p/util.py#helper", Kind::Import),
                // u.helper(): `import p.util as u`, though q/util.py also has a helper.
                to("p/util.py#helper", Kind::Import),
                // helper() inside a method: the module's own function, in scope.
                to("p/main.py#helper", Kind::Local),
                // Model(): constructs the class.
                to("p/main.py#Model", Kind::Local),
                // self.missing(): the type is known and has none: no guess.
                Target::Unresolved { candidates: 0 },
            ]
        );
    }

    #[test]
    fn ambiguous_names_stay_unresolved_and_unique_ones_resolve() {
        let a = file("a.py", "python", &[("function", "f", "f", None)], &[], &[]);
        let b = file("b.py", "python", &[("function", "f", "f", None)], &[], &[]);
        let g = file("g.py", "python", &[("function", "g", "g", None)], &[], &[]);
        let js = file(
            "x.js",
            "javascript",
            &[("function", "g", "g", None)],
            &[],
            &[],
        );
        let main = file(
            "main.py",
            "python",
            &[("function", "run", "run", None)],
            &[("f", None, 0), ("g", None, 0)],
            &[],
        );
        let idx = index(&[&a, &b, &g, &js, &main], &[]);
        assert_eq!(
            resolve_file(&main, &idx),
            vec![
                Target::Unresolved { candidates: 2 },
                // Unique among Python's definitions: JavaScript's do not count.
                to("g.py#g", Kind::UniqueName),
            ]
        );
    }

    #[test]
    fn javascript_relative_imports_and_re_exports() {
        let impl_ = file(
            "w/lib/impl.js",
            "javascript",
            &[("function", "f", "f", None)],
            &[],
            &[],
        );
        let index_js = file(
            "w/lib/index.js",
            "javascript",
            &[],
            &[],
            &[("f", "./impl", Some("f"))],
        );
        let main = file(
            "w/main.js",
            "javascript",
            &[("function", "run", "run", None)],
            &[("g", None, 0), ("f", Some("lib"), 0)],
            &[("g", "./lib", Some("f")), ("lib", "./lib/index.js", None)],
        );
        let idx = index(&[&impl_, &index_js, &main], &[]);
        assert_eq!(
            resolve_file(&main, &idx),
            vec![
                to("w/lib/impl.js#f", Kind::Import),
                to("w/lib/impl.js#f", Kind::Import),
            ]
        );
    }

    #[test]
    fn a_module_own_overloaded_function_wins_over_its_re_exports() {
        let common = file(
            "w/common.ts",
            "typescript",
            &[("function", "f", "f", None)],
            &[],
            &[],
        );
        let main = file(
            "w/main.ts",
            "typescript",
            // Two overload signatures and the implementation: one function.
            &[
                ("function", "f", "f", None),
                ("function", "f", "f", None),
                ("function", "f", "f", None),
            ],
            &[],
            &[("*", "./common", None)],
        );
        let test = file(
            "w/test/a.test.ts",
            "typescript",
            &[("function", "t", "t", None)],
            &[("f", Some("m"), 0)],
            &[("m", "../main", None)],
        );
        let idx = index(&[&common, &main, &test], &[]);
        assert_eq!(
            resolve_file(&test, &idx),
            vec![to("w/main.ts#f:2", Kind::Import)]
        );
    }

    #[test]
    fn a_qualified_base_goes_through_its_import_only() {
        // `class Local(typing.Special)`: typing is not in the repository, so the file's own
        // `Special` is not the base.
        let main = file(
            "p/main.py",
            "python",
            &[
                ("class", "Special", "Special", None),
                ("method", "init", "Special.init", Some(0)),
                ("class", "Local", "Local", None),
                ("method", "run", "Local.run", Some(2)),
            ],
            &[("init", Some("super()"), 3)],
            &[("typing", "typing", None)],
        );
        let idx = index(&[&main], &[("Local", "class Local(typing.Special)")]);
        assert_eq!(
            resolve_file(&main, &idx),
            vec![Target::Unresolved { candidates: 1 }]
        );
    }

    #[test]
    fn a_name_both_defined_and_imported_at_top_level_stays_unresolved() {
        // `if pypy: class StringIO: ...` / `else: from io import BytesIO as StringIO`.
        let main = file(
            "p/fallback.py",
            "python",
            &[
                ("class", "StringIO", "StringIO", None),
                ("function", "pack", "pack", None),
            ],
            &[("StringIO", None, 1)],
            &[("StringIO", "io", Some("BytesIO"))],
        );
        let idx = index(&[&main], &[]);
        assert_eq!(
            resolve_file(&main, &idx),
            vec![Target::Unresolved { candidates: 1 }]
        );
    }

    #[test]
    fn rust_paths_and_self() {
        let shape = file(
            "r/src/geo/shape.rs",
            "rust",
            &[
                ("class", "Shape", "Shape", None),
                ("method", "new", "Shape::new", None),
                ("method", "area", "Shape::area", None),
            ],
            &[("area", Some("self"), 1)],
            &[],
        );
        let other = file(
            "r/src/other.rs",
            "rust",
            &[("method", "new", "Other::new", None)],
            &[],
            &[],
        );
        let main = file(
            "r/src/main.rs",
            "rust",
            &[("function", "main", "main", None)],
            &[("new", Some("Shape"), 0), ("area", Some("shape::Shape"), 0)],
            &[
                ("Shape", "crate::geo::shape", Some("Shape")),
                ("shape", "crate::geo", Some("shape")),
            ],
        );
        let idx = index(&[&shape, &other, &main], &[]);
        assert_eq!(
            resolve_file(&main, &idx),
            vec![
                to("r/src/geo/shape.rs#Shape::new", Kind::Receiver),
                to("r/src/geo/shape.rs#Shape::area", Kind::Receiver),
            ]
        );
        assert_eq!(
            resolve_file(&shape, &idx),
            vec![to("r/src/geo/shape.rs#Shape::area", Kind::Receiver)]
        );
    }

    #[test]
    fn c_includes_reach_the_source_file() {
        let header = file(
            "c/util.h",
            "c",
            &[("function", "twice", "twice", None)],
            &[],
            &[],
        );
        let source = file(
            "c/util.c",
            "c",
            &[("function", "twice", "twice", None)],
            &[],
            &[],
        );
        let elsewhere = file(
            "d/util.c",
            "c",
            &[("function", "twice", "twice", None)],
            &[],
            &[],
        );
        let main = file(
            "c/main.c",
            "c",
            &[("function", "main", "main", None)],
            &[("twice", None, 0)],
            &[("*", "util.h", None)],
        );
        let idx = index(&[&header, &source, &elsewhere, &main], &[]);
        // The definition in util.c, not the prototype in util.h nor d/util.c's.
        assert_eq!(
            resolve_file(&main, &idx),
            vec![to("c/util.c#twice", Kind::Import)]
        );
    }
}
