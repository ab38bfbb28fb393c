//! What call resolution needs from the analyzer: each call's receiver and column, what each
//! import binds, the types of names the syntax says, and the `<module>` symbol for top-level
//! code, per language.

use super::extract::analyze;
use super::languages::spec;
use super::FileAnalysis;

fn run(lang: &str, src: &str) -> FileAnalysis {
    analyze(spec(lang).expect("known language"), src.as_bytes())
}

fn bindings(a: &FileAnalysis) -> Vec<(String, String, Option<String>)> {
    a.bindings
        .iter()
        .map(|b| (b.name.clone(), b.module.clone(), b.symbol.clone()))
        .collect()
}

fn b(name: &str, module: &str, symbol: Option<&str>) -> (String, String, Option<String>) {
    (name.into(), module.into(), symbol.map(str::to_string))
}

/// (callee, receiver) of every call, in order.
fn calls(a: &FileAnalysis) -> Vec<(String, Option<String>)> {
    a.calls
        .iter()
        .map(|c| (c.callee.clone(), c.receiver.clone()))
        .collect()
}

fn c(callee: &str, receiver: Option<&str>) -> (String, Option<String>) {
    (callee.into(), receiver.map(str::to_string))
}

/// (name, type, qualified name of its scope) of every typed name.
fn locals(a: &FileAnalysis) -> Vec<(String, String, String)> {
    a.locals
        .iter()
        .map(|l| {
            let scope = l
                .scope
                .and_then(|s| a.symbols.get(s))
                .map_or(String::new(), |s| s.qualified_name.clone());
            (l.name.clone(), l.type_name.clone(), scope)
        })
        .collect()
}

fn l(name: &str, ty: &str, scope: &str) -> (String, String, String) {
    (name.into(), ty.into(), scope.into())
}

#[test]
fn python_bindings_receivers_locals_and_top_level_calls() {
    let a = run(
        "python",
        "import os.path\nimport numpy as np\nfrom . import sibling\nfrom ..pkg.mod import helper as h, other\nfrom m import *\n\n\nclass Service(Base):\n    def __init__(self):\n        self.repo = Repo()\n\n    def run(self, store: Store):\n        local = Cache()\n        self.step()\n        super().run()\n        return os.path.join(h(1), local.get(), store.put())\n\n\nif __name__ == \"__main__\":\n    Service().run(None)\n",
    );
    assert_eq!(
        bindings(&a),
        vec![
            b("os.path", "os.path", None),
            b("np", "numpy", None),
            b("sibling", ".", Some("sibling")),
            b("h", "..pkg.mod", Some("helper")),
            b("other", "..pkg.mod", Some("other")),
            b("*", "m", None),
        ]
    );
    assert_eq!(
        calls(&a),
        vec![
            c("Repo", None),
            c("Cache", None),
            c("step", Some("self")),
            c("run", Some("super()")),
            c("super", None),
            c("join", Some("os.path")),
            c("h", None),
            c("get", Some("local")),
            c("put", Some("store")),
            c("run", Some("Service()")),
            c("Service", None),
        ]
    );
    // `os.path.join` at line 16: the name's column, 1-based.
    let join = a.calls.iter().find(|k| k.callee == "join").expect("join");
    assert_eq!((join.line, join.column), (16, 24));
    assert_eq!(
        locals(&a),
        vec![
            l("repo", "Repo", "Service"),
            l("store", "Store", "Service.run"),
            l("local", "Cache", "Service.run"),
        ]
    );
    // The script's calls belong to the file's `<module>` symbol.
    let module = a.symbols.last().expect("module symbol");
    assert_eq!(
        (module.kind.as_str(), module.name.as_str()),
        ("module", "<module>")
    );
    let last = a.calls.last().expect("call");
    assert_eq!(last.caller, Some(a.symbols.len() - 1));
}

#[test]
fn javascript_imports_requires_re_exports_and_constructors() {
    let a = run(
        "javascript",
        "import Default from './d';\nimport { a, b as bee } from '../lib/x.js';\nimport * as ns from './ns';\nexport { f as g } from './impl';\nexport * from './all';\nconst { p, q: cue } = require('./r');\nconst whole = require('./w');\nfunction run() {\n  const c = new lib.Client();\n  return new Local(c.go());\n}\n",
    );
    assert_eq!(
        bindings(&a),
        vec![
            b("Default", "./d", Some("default")),
            b("a", "../lib/x.js", Some("a")),
            b("bee", "../lib/x.js", Some("b")),
            b("ns", "./ns", None),
            b("g", "./impl", Some("f")),
            b("*", "./all", None),
            b("p", "./r", Some("p")),
            b("cue", "./r", Some("q")),
            b("whole", "./w", None),
        ]
    );
    assert_eq!(
        calls(&a),
        // (`require` is not a call of the tags query's.)
        vec![
            c("Client", Some("lib")),
            c("Local", Some("new")),
            c("go", Some("c")),
        ]
    );
    assert_eq!(locals(&a), vec![l("c", "lib.Client", "run")]);
}

#[test]
fn go_imports_methods_on_their_type_and_locals() {
    let a = run(
        "go",
        "package main\n\nimport (\n\t\"fmt\"\n\tst \"example.com/x/store\"\n)\n\ntype Server struct{ db *st.DB }\n\nfunc (s *Server) Start(n int) {\n\tc := &Cache{}\n\tc.Warm()\n\ts.db.Open()\n\tfmt.Println(st.New())\n}\n",
    );
    assert_eq!(
        bindings(&a),
        vec![b("fmt", "fmt", None), b("st", "example.com/x/store", None)]
    );
    assert!(a
        .symbols
        .iter()
        .any(|s| s.kind == "method" && s.qualified_name == "Server.Start"));
    assert!(calls(&a).contains(&c("New", Some("st"))));
    assert!(calls(&a).contains(&c("Open", Some("s.db"))));
    let found = locals(&a);
    for want in [
        l("db", "st.DB", "Server"),
        l("s", "Server", "Server.Start"),
        l("n", "int", "Server.Start"),
        l("c", "Cache", "Server.Start"),
    ] {
        assert!(found.contains(&want), "{want:?} in {found:?}");
    }
}

#[test]
fn java_imports_constructors_and_typed_names() {
    let a = run(
        "java",
        "package app;\n\nimport com.acme.util.Strings;\nimport static com.acme.util.Maths.twice;\nimport com.acme.model.*;\n\nclass Main {\n  private Repo repo;\n  int run(Store store) {\n    var cache = new Cache();\n    Strings.pad(twice(1));\n    return store.put(cache.get(this.repo.load()));\n  }\n}\n",
    );
    assert_eq!(
        bindings(&a),
        vec![
            b("Strings", "com.acme.util", Some("Strings")),
            b("twice", "com.acme.util.Maths", Some("twice")),
            b("*", "com.acme.model", None),
        ]
    );
    assert!(
        calls(&a).contains(&c("Cache", Some("new"))),
        "new Cache() is a call"
    );
    assert!(calls(&a).contains(&c("pad", Some("Strings"))));
    assert!(calls(&a).contains(&c("load", Some("this.repo"))));
    let found = locals(&a);
    for want in [
        l("repo", "Repo", "Main"),
        l("store", "Store", "Main.run"),
        l("cache", "Cache", "Main.run"),
    ] {
        assert!(found.contains(&want), "{want:?} in {found:?}");
    }
}

#[test]
fn rust_use_trees_paths_and_locals() {
    let a = run(
        "rust",
        "use crate::geo::{self, shape::{Shape as S, area}, util::*};\n\nstruct App { store: Store }\n\nimpl App {\n    fn run(&self, cache: &mut Cache) {\n        let s = S::new();\n        let r: Repo = make();\n        geo::helper();\n        self.store.save();\n        Self::boot();\n        s.draw();\n    }\n}\n",
    );
    assert_eq!(
        bindings(&a),
        vec![
            b("geo", "crate::geo", None),
            b("S", "crate::geo::shape", Some("Shape")),
            b("area", "crate::geo::shape", Some("area")),
            b("*", "crate::geo::util", None),
        ]
    );
    let found = calls(&a);
    for want in [
        c("new", Some("S")),
        c("helper", Some("geo")),
        c("save", Some("self.store")),
        c("boot", Some("Self")),
        c("draw", Some("s")),
    ] {
        assert!(found.contains(&want), "{want:?} in {found:?}");
    }
    let found = locals(&a);
    for want in [
        l("store", "Store", "App"),
        l("cache", "Cache", "App::run"),
        l("s", "S", "App::run"),
        l("r", "Repo", "App::run"),
    ] {
        assert!(found.contains(&want), "{want:?} in {found:?}");
    }
}

#[test]
fn c_includes_and_pointer_returning_functions() {
    let a = run(
        "c",
        "#include <stdio.h>\n#include \"util.h\"\n\nchar **split_words(const char *s) {\n  return tokenize(s);\n}\n",
    );
    assert_eq!(
        bindings(&a),
        vec![b("*", "stdio.h", None), b("*", "util.h", None)]
    );
    assert!(a.symbols.iter().any(|s| s.name == "split_words"));
}

#[test]
fn php_uses_requires_and_this() {
    let a = run(
        "php",
        "<?php\nnamespace App;\n\nuse Lib\\Util\\Strings;\nuse Lib\\Util\\Maths as M;\nuse Lib\\Models\\{User, Post as P};\nrequire_once 'helpers.php';\n\nclass Service {\n  public function __construct(private Repo $repo) {}\n  public function run(Store $store) {\n    $cache = new Cache();\n    $this->repo->save(Strings::pad(M::twice(1)));\n    return $store->put($cache->get());\n  }\n}\n",
    );
    assert_eq!(
        bindings(&a),
        vec![
            b("Strings", "Lib\\Util", Some("Strings")),
            b("M", "Lib\\Util", Some("Maths")),
            b("User", "Lib\\Models", Some("User")),
            b("P", "Lib\\Models", Some("Post")),
            b("*", "helpers.php", None),
        ]
    );
    let found = calls(&a);
    for want in [
        c("Cache", Some("new")),
        c("save", Some("$this->repo")),
        c("pad", Some("Strings")),
        c("get", Some("$cache")),
    ] {
        assert!(found.contains(&want), "{want:?} in {found:?}");
    }
    let found = locals(&a);
    for want in [
        l("$repo", "Repo", "App\\Service"),
        l("$store", "Store", "App\\Service::run"),
        l("$cache", "Cache", "App\\Service::run"),
    ] {
        assert!(found.contains(&want), "{want:?} in {found:?}");
    }
}

#[test]
fn csharp_usings_and_construction() {
    let a = run(
        "csharp",
        "using System;\nusing static Lib.Maths;\nusing J = Lib.Json.Serializer;\n\nclass App {\n  Repo repo;\n  void Run(Store store) {\n    var c = new Cache();\n    store.Put(J.Write(c));\n  }\n}\n",
    );
    assert_eq!(
        bindings(&a),
        vec![
            b("*", "System", None),
            b("*", "Lib.Maths", None),
            b("J", "Lib.Json", Some("Serializer")),
        ]
    );
    assert!(calls(&a).contains(&c("Cache", Some("new"))));
    assert!(calls(&a).contains(&c("Write", Some("J"))));
    let found = locals(&a);
    for want in [
        l("repo", "Repo", "App"),
        l("store", "Store", "App.Run"),
        l("c", "Cache", "App.Run"),
    ] {
        assert!(found.contains(&want), "{want:?} in {found:?}");
    }
}

#[test]
fn ruby_requires_and_constructed_names() {
    let a = run(
        "ruby",
        "require_relative 'lib/store'\n\nclass App\n  def initialize\n    @repo = Repo.new()\n  end\n\n  def run\n    cache = Cache.new()\n    @repo.save(cache.get())\n  end\nend\n\nApp.new().run()\n",
    );
    assert_eq!(bindings(&a), vec![b("*", "lib/store", None)]);
    let found = calls(&a);
    for want in [
        c("new", Some("Repo")),
        c("save", Some("@repo")),
        c("run", Some("App.new()")),
    ] {
        assert!(found.contains(&want), "{want:?} in {found:?}");
    }
    let found = locals(&a);
    for want in [l("@repo", "Repo", "App"), l("cache", "Cache", "App::run")] {
        assert!(found.contains(&want), "{want:?} in {found:?}");
    }
}

#[test]
fn cpp_nested_qualified_calls_new_and_locals() {
    let a = run(
        "cpp",
        "#include \"widget.h\"\n\nclass App {\n  Store* store;\n  void run(Cache& cache) {\n    Widget w;\n    auto p = new Repo();\n    a::B::make();\n    this->store->put(cache.get(), w.draw(), p->load());\n  }\n};\n",
    );
    let found = calls(&a);
    for want in [
        c("Repo", Some("new")),
        c("make", Some("B")),
        c("put", Some("this->store")),
    ] {
        assert!(found.contains(&want), "{want:?} in {found:?}");
    }
    let found = locals(&a);
    for want in [
        l("store", "Store", "App"),
        l("cache", "Cache", "App::run"),
        l("w", "Widget", "App::run"),
        l("p", "Repo", "App::run"),
    ] {
        assert!(found.contains(&want), "{want:?} in {found:?}");
    }
}
