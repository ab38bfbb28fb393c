use super::extract::analyze;
use super::languages::spec;

fn run(lang: &str, src: &str) -> super::FileAnalysis {
    analyze(spec(lang).expect("known language"), src.as_bytes())
}

fn names(a: &super::FileAnalysis) -> Vec<(String, String)> {
    a.symbols
        .iter()
        .map(|s| (s.kind.clone(), s.qualified_name.clone()))
        .collect()
}

#[test]
fn every_language_query_compiles() {
    for l in super::languages::LANGUAGES {
        let a = analyze(l, b"");
        assert_eq!(a.error_count, 0, "{}", l.name);
        assert!(
            super::extract::queries_compile(l),
            "{} queries compile",
            l.name
        );
    }
}

#[test]
fn rust_symbols_docs_calls_imports_complexity() {
    let a = run(
        "rust",
        r#"use std::collections::HashMap;

/// A widget.
#[derive(Debug)]
pub struct Widget { size: u32 }

impl Widget {
    /// Makes one.
    pub fn new(size: u32) -> Self {
        helper(size);
        Self { size }
    }

    fn grow(&mut self) {
        if self.size > 3 && self.size < 10 { self.size += 1 } else { self.size = 0 }
        for _ in 0..2 { self.new_thing(); }
    }
}

fn helper(x: u32) -> u32 { x }
"#,
    );
    assert_eq!(
        names(&a),
        vec![
            ("class".into(), "Widget".into()),
            ("method".into(), "Widget::new".into()),
            ("method".into(), "Widget::grow".into()),
            ("function".into(), "helper".into()),
        ]
    );
    assert_eq!(a.symbols[0].doc.as_deref(), Some("A widget."));
    assert_eq!(a.symbols[1].doc.as_deref(), Some("Makes one."));
    assert_eq!(a.symbols[1].signature, "pub fn new(size: u32) -> Self");
    assert_eq!(a.symbols[2].complexity, 4); // 1 + if + && + for
    assert_eq!(a.imports, vec!["std::collections::HashMap".to_string()]);
    let helper_call = a.calls.iter().find(|c| c.callee == "helper").expect("call");
    assert_eq!(helper_call.caller, Some(1));
    assert!(a
        .calls
        .iter()
        .any(|c| c.callee == "new_thing" && c.caller == Some(2)));
}

#[test]
fn python_classes_methods_docstrings() {
    let a = run(
        "python",
        r#"import os
from collections import OrderedDict

class Store:
    """Keeps things."""

    def put(self, key):
        """Stores key."""
        if key:
            os.remove(key)

def main():
    Store().put("k")
"#,
    );
    assert_eq!(
        names(&a),
        vec![
            ("class".into(), "Store".into()),
            ("method".into(), "Store.put".into()),
            ("function".into(), "main".into()),
        ]
    );
    assert_eq!(a.symbols[0].doc.as_deref(), Some("Keeps things."));
    assert_eq!(a.symbols[1].doc.as_deref(), Some("Stores key."));
    assert_eq!(a.symbols[1].complexity, 2);
    assert_eq!(a.imports, vec!["os".to_string(), "collections".to_string()]);
    assert!(a
        .calls
        .iter()
        .any(|c| c.callee == "put" && c.caller == Some(2)));
}

#[test]
fn javascript_typescript_go_java_c() {
    let js = run("javascript", "import x from './x.js';\n/** Adds. */\nfunction add(a, b) { return a ? a + b : b; }\nclass K { run() { add(1, 2); } }\n");
    assert!(names(&js).contains(&("function".into(), "add".into())));
    assert!(names(&js).contains(&("method".into(), "K.run".into())));
    assert_eq!(
        js.symbols
            .iter()
            .find(|s| s.name == "add")
            .and_then(|s| s.doc.clone())
            .as_deref(),
        Some("Adds.")
    );
    assert_eq!(js.imports, vec!["./x.js".to_string()]);

    let ts = run("typescript", "import { y } from 'y';\ninterface Shape { area(): number }\nclass Sq implements Shape { area(): number { return 1; } }\nexport function make(): Sq { return new Sq(); }\n");
    assert!(names(&ts).contains(&("interface".into(), "Shape".into())));
    assert!(names(&ts).contains(&("function".into(), "make".into())));
    assert_eq!(ts.imports, vec!["y".to_string()]);

    let go = run("go", "package main\n\nimport \"fmt\"\n\n// Hello greets.\nfunc Hello() { fmt.Println(\"hi\") }\n\ntype T struct{}\n\nfunc (t T) M() { Hello() }\n");
    assert!(names(&go).iter().any(|(_, n)| n == "Hello"));
    assert_eq!(
        go.symbols
            .iter()
            .find(|s| s.name == "Hello")
            .and_then(|s| s.doc.clone())
            .as_deref(),
        Some("Hello greets.")
    );
    assert_eq!(go.imports, vec!["fmt".to_string()]);
    assert!(go.calls.iter().any(|c| c.callee == "Hello"));

    let java = run("java", "import java.util.List;\n/** A thing. */\npublic class Thing {\n  /** Does it. */\n  void doIt() { other(); }\n  void other() {}\n}\n");
    assert!(names(&java).contains(&("class".into(), "Thing".into())));
    assert!(names(&java).contains(&("method".into(), "Thing.doIt".into())));
    assert_eq!(java.imports, vec!["java.util.List".to_string()]);

    let c = run(
        "c",
        "#include <stdio.h>\n/* Says hi. */\nint hi(void) { return printf(\"hi\"); }\n",
    );
    assert!(names(&c).contains(&("function".into(), "hi".into())));
    assert_eq!(c.imports, vec!["stdio.h".to_string()]);
    assert!(c.calls.iter().any(|k| k.callee == "printf"));
}

#[test]
fn a_comment_after_code_on_its_line_documents_nothing_below() {
    let a = run(
        "rust",
        "struct S; // trailing note\nfn f() {}\n\n/// Documented.\nfn g() {}\n",
    );
    let doc = |name: &str| {
        a.symbols
            .iter()
            .find(|s| s.name == name)
            .and_then(|s| s.doc.clone())
    };
    assert_eq!(doc("f"), None);
    assert_eq!(doc("g").as_deref(), Some("Documented."));
}

#[test]
fn broken_files_yield_what_was_recovered() {
    let a = run("rust", "fn ok() {}\nfn broken( {\nfn also_ok() { ok() }\n");
    assert!(a.error_count > 0);
    assert!(a.symbols.iter().any(|s| s.name == "ok"));
    let metrics = run("python", "# comment\n\nx = 1\n").metrics;
    assert_eq!(
        (
            metrics.lines,
            metrics.comment_lines,
            metrics.blank_lines,
            metrics.code_lines
        ),
        (3, 1, 1, 1)
    );
}

#[test]
fn enclosing_spans_sweep() {
    use super::extract::enclosing_for_tests as enclosing;
    // defs: A=[0,100] containing B=[10,20] and C=[30,40]; D=[120,130].
    let defs = [(0, 100), (10, 20), (30, 40), (120, 130)];
    assert_eq!(
        enclosing(&defs, &defs, true),
        vec![None, Some(0), Some(0), None]
    );
    let items = [(0, 5), (12, 13), (25, 26), (35, 36), (110, 111), (125, 126)];
    assert_eq!(
        enclosing(&defs, &items, false),
        vec![Some(0), Some(1), Some(0), Some(2), None, Some(3)]
    );
}

fn kinds_names(a: &super::FileAnalysis) -> Vec<(String, String)> {
    a.symbols
        .iter()
        .map(|s| (s.kind.clone(), s.name.clone()))
        .collect()
}

#[test]
fn java_enum_types_are_classes() {
    let a = run(
        "java",
        "/** Colours. */\npublic enum Color {\n  RED, GREEN;\n  Color next() { return RED; }\n}\nclass Holder { enum Inner { A } }\n",
    );
    assert_eq!(
        names(&a),
        vec![
            ("class".into(), "Color".into()),
            ("method".into(), "Color.next".into()),
            ("class".into(), "Holder".into()),
            ("class".into(), "Holder.Inner".into()),
        ]
    );
    assert_eq!(a.symbols[0].doc.as_deref(), Some("Colours."));
    assert_eq!(a.symbols[0].signature, "public enum Color");
}

#[test]
fn java_annotation_types_and_their_elements() {
    let a = run(
        "java",
        "/** Retries. */\n@Retention(RUNTIME)\npublic @interface Retry {\n  int times() default 3;\n  String reason();\n}\n",
    );
    assert_eq!(
        names(&a),
        vec![
            ("interface".into(), "Retry".into()),
            ("method".into(), "Retry.times".into()),
            ("method".into(), "Retry.reason".into()),
        ]
    );
    assert_eq!(a.symbols[1].signature, "int times() default 3;");
}

#[test]
fn c_enums_named_and_typedef_named() {
    let a = run(
        "c",
        "enum mode { A, B };\ntypedef enum { X, Y } kind_t;\nvoid f(void) { enum local { L } l = L; }\n",
    );
    assert_eq!(
        kinds_names(&a),
        vec![
            ("type".into(), "mode".into()),
            ("type".into(), "kind_t".into()),
            ("function".into(), "f".into()),
            ("type".into(), "local".into()),
        ]
    );
}

#[test]
fn c_typedefs_of_function_pointers_and_other_declarators() {
    let a = run(
        "c",
        r#"/* Handles one event. */
typedef int (*handler_t)(int event);
typedef void *(*alloc_fn)(size_t size);
typedef void (callback_t)(void *ud);
typedef int (*table_t[4])(int);
typedef const char *name_t;
typedef unsigned char digest_t[32];
"#,
    );
    assert_eq!(
        kinds_names(&a),
        vec![
            ("type".into(), "handler_t".into()),
            ("type".into(), "alloc_fn".into()),
            ("type".into(), "callback_t".into()),
            ("type".into(), "table_t".into()),
            ("type".into(), "name_t".into()),
            ("type".into(), "digest_t".into()),
        ]
    );
    assert_eq!(a.symbols[0].doc.as_deref(), Some("Handles one event."));
    assert_eq!(
        a.symbols[0].signature,
        "typedef int (*handler_t)(int event);"
    );
}

#[test]
fn c_keywords_never_name_a_definition() {
    // The shape zlib, sqlite, aws-lc and librdkafka have: an if/else chain split by `#ifdef`,
    // whose `else if (...) { ... }` tree-sitter-c reads as a function `if` returning `else`.
    let a = run(
        "c",
        r#"int pick(int x) {
    int y = 0;
    if (x == 1) {
        y = 1;
    }
#ifdef EXTRA
    else if (x == 2) {
        y = helper(2);
    }
#endif
    return y;
}
"#,
    );
    assert_eq!(names(&a), vec![("function".into(), "pick".into())]);
    assert_eq!(a.symbols[0].complexity, 2);
    let helper = a.calls.iter().find(|c| c.callee == "helper").expect("call");
    assert_eq!(helper.caller, Some(0));

    // zlib-ng's `typedef uint64_t __attribute__ ((__may_alias__)) uint64a_t;`, which
    // tree-sitter-c reads as a typedef of a function `__attribute__`.
    let a = run(
        "c",
        "#ifdef MAY_ALIAS\ntypedef uint64_t __attribute__ ((__may_alias__)) word_t;\n#endif\n",
    );
    assert!(
        a.symbols.iter().all(|s| s.name != "__attribute__"),
        "{:?}",
        names(&a)
    );
}

/// The caller of the first call of `callee`, if it is called.
fn caller_of(a: &super::FileAnalysis, callee: &str) -> Option<Option<usize>> {
    a.calls
        .iter()
        .find(|c| c.callee == callee)
        .map(|c| c.caller)
}

#[test]
fn cpp_namespaces_classes_methods_in_and_out_of_class() {
    let a = run(
        "cpp",
        r#"#include <vector>
#include "db/db.h"
using namespace std;

namespace store {
namespace detail {
/// A widget.
class Widget : public Base {
 public:
  Widget(int size) : size_(size) {}
  // Compares.
  bool operator==(const Widget& o) const { return size_ == o.size_; }
  int Grow(int by);
  Widget(const Widget&) = delete;
  struct Part { int n; };
 private:
  int size_;
};
}  // namespace detail

// Grows by `by`.
int detail::Widget::Grow(int by) {
  for (int i = 0; i < by; i++) {
    if (i > 3 && by < 10) { Log(i); } else { size_ += Next<int>(i); }
  }
  return size_;
}

/// Makes one.
template <typename T>
T* Make() { return new T(std::forward<int>(1)); }

using Parts = std::vector<detail::Widget::Part>;
}  // namespace store
"#,
    );
    assert_eq!(
        names(&a),
        vec![
            ("module".into(), "store".into()),
            ("module".into(), "store::detail".into()),
            ("class".into(), "store::detail::Widget".into()),
            ("method".into(), "store::detail::Widget::Widget".into()),
            ("method".into(), "store::detail::Widget::operator==".into()),
            ("class".into(), "store::detail::Widget::Part".into()),
            ("method".into(), "store::detail::Widget::Grow".into()),
            ("function".into(), "store::Make".into()),
            ("type".into(), "store::Parts".into()),
        ]
    );
    assert_eq!(a.symbols[6].name, "Grow");
    assert_eq!(a.symbols[2].doc.as_deref(), Some("A widget."));
    assert_eq!(a.symbols[4].doc.as_deref(), Some("Compares."));
    assert_eq!(a.symbols[6].doc.as_deref(), Some("Grows by `by`."));
    assert_eq!(a.symbols[7].doc.as_deref(), Some("Makes one."));
    assert_eq!(a.symbols[6].signature, "int detail::Widget::Grow(int by)");
    assert_eq!(a.symbols[6].complexity, 4); // 1 + for + if + &&
    assert_eq!(
        a.imports,
        vec![
            "vector".to_string(),
            "db/db.h".to_string(),
            "std".to_string()
        ]
    );
    let caller = |callee: &str| caller_of(&a, callee);
    assert_eq!(caller("Log"), Some(Some(6)));
    assert_eq!(caller("Next"), Some(Some(6)));
    assert_eq!(caller("forward"), Some(Some(7)));
}

#[test]
fn cpp_keywords_and_declarations_are_not_definitions() {
    // Prototypes, `= default` and forward declarations have no body: not definitions (nor for
    // Universal Ctags).
    let a = run(
        "cpp",
        "class Fwd;\nstruct S {\n  S() = default;\n  void f();\n};\nvoid g();\n",
    );
    assert_eq!(names(&a), vec![("class".into(), "S".into())]);
}

#[test]
fn ruby_modules_classes_methods_requires() {
    let a = run(
        "ruby",
        r##"require "json"
require_relative 'lib/store'
require "#{dir}/dynamic"

module Outer
  # A widget.
  # Holds a size.
  class Store::Widget < Base
    attr_reader :size

    # Makes one.
    def initialize(size)
      @size = size
      helper(size) if size > 3 && size < 10
    end

    def self.build(x) = new(x)

    def valid?
      return false unless @size
      case @size
      when 0 then false
      when 1, 2 then true
      else @size.positive? ? true : false
      end
    end
  end
end
"##,
    );
    assert_eq!(
        names(&a),
        vec![
            ("module".into(), "Outer".into()),
            ("class".into(), "Outer::Store::Widget".into()),
            ("method".into(), "Outer::Store::Widget::initialize".into()),
            ("method".into(), "Outer::Store::Widget::build".into()),
            ("method".into(), "Outer::Store::Widget::valid?".into()),
            // The file's top-level code (its `require`s): the caller of calls made there.
            ("module".into(), "<module>".into()),
        ]
    );
    assert_eq!(a.symbols[1].name, "Widget");
    assert_eq!(
        a.symbols[1].doc.as_deref(),
        Some("A widget.\nHolds a size.")
    );
    assert_eq!(a.symbols[2].doc.as_deref(), Some("Makes one."));
    assert_eq!(a.symbols[2].signature, "def initialize(size)");
    assert_eq!(a.symbols[2].complexity, 3); // 1 + if + &&
    assert_eq!(a.symbols[4].complexity, 5); // 1 + unless + when + when + ?:
    assert_eq!(a.imports, vec!["json".to_string(), "lib/store".to_string()]);
    let caller = |callee: &str| caller_of(&a, callee);
    assert_eq!(caller("helper"), Some(Some(2)));
    assert_eq!(caller("new"), Some(Some(3)));
    assert_eq!(caller("positive?"), Some(Some(4)));
    assert_eq!(caller("attr_reader"), Some(Some(1)));
}

#[test]
fn csharp_namespaces_types_members_usings() {
    let a = run(
        "csharp",
        r#"using System;
using static System.Math;
using Json = Newtonsoft.Json;

namespace Store.Widgets
{
    /// <summary>A widget.</summary>
    [Serializable]
    public class Widget : Base, IDisposable
    {
        // Makes one.
        public Widget(int size) { Size = size; }

        public int Size { get; }

        /// Grows by <paramref name="by"/>.
        public int Grow(int by)
        {
            foreach (var i in Range(by))
            {
                if (i > 3 && by < 10) { Log?.Invoke(i); } else { Size.Next<int>(i); }
            }
            return by switch { 0 => 1, 1 => 2, _ => Max(by, 3) };
        }

        void IDisposable.Dispose() { }

        public static bool operator ==(Widget a, Widget b) => a.Size == b.Size;
        public static explicit operator int(Widget w) => w.Size;

        public struct Part { }
        public enum Kind { A, B }
    }

    public interface IShape { double Area(); }
}
"#,
    );
    assert_eq!(
        names(&a),
        vec![
            ("module".into(), "Store.Widgets".into()),
            ("class".into(), "Store.Widgets.Widget".into()),
            ("method".into(), "Store.Widgets.Widget.Widget".into()),
            ("method".into(), "Store.Widgets.Widget.Grow".into()),
            ("method".into(), "Store.Widgets.Widget.Dispose".into()),
            ("method".into(), "Store.Widgets.Widget.operator ==".into()),
            ("method".into(), "Store.Widgets.Widget.operator int".into()),
            ("class".into(), "Store.Widgets.Widget.Part".into()),
            ("type".into(), "Store.Widgets.Widget.Kind".into()),
            ("interface".into(), "Store.Widgets.IShape".into()),
            ("method".into(), "Store.Widgets.IShape.Area".into()),
        ]
    );
    assert_eq!(
        a.symbols[1].doc.as_deref(),
        Some("<summary>A widget.</summary>")
    );
    assert_eq!(a.symbols[2].doc.as_deref(), Some("Makes one."));
    assert_eq!(
        a.symbols[3].doc.as_deref(),
        Some("Grows by <paramref name=\"by\"/>.")
    );
    assert_eq!(a.symbols[3].signature, "public int Grow(int by)");
    // 1 + foreach + if + && + three switch arms
    assert_eq!(a.symbols[3].complexity, 7);
    assert_eq!(
        a.imports,
        vec![
            "System".to_string(),
            "System.Math".to_string(),
            "Newtonsoft.Json".to_string()
        ]
    );
    let caller = |callee: &str| caller_of(&a, callee);
    assert_eq!(caller("Range"), Some(Some(3)));
    assert_eq!(caller("Invoke"), Some(Some(3)));
    assert_eq!(caller("Next"), Some(Some(3)));
    assert_eq!(caller("Max"), Some(Some(3)));
}

#[test]
fn csharp_file_scoped_namespace_holds_the_rest_of_the_file() {
    let a = run(
        "csharp",
        "namespace A.B;\n\nclass C\n{\n    void M() { N(); }\n}\n",
    );
    assert_eq!(
        names(&a),
        vec![
            ("module".into(), "A.B".into()),
            ("class".into(), "A.B.C".into()),
            ("method".into(), "A.B.C.M".into()),
        ]
    );
    assert_eq!(a.symbols[0].end_line, 6);
    assert_eq!(caller_of(&a, "N"), Some(Some(2)));
}

#[test]
fn php_namespaces_classes_functions_imports() {
    let a = run(
        "php",
        r#"<?php

namespace App\Models;

use Illuminate\Support\Str;
use Illuminate\Contracts\{Arrayable, Jsonable};
use function App\helpers\format as fmt;

require_once 'vendor/autoload.php';
require __DIR__ . '/dynamic.php';

/**
 * A user.
 *
 * @property string $name
 */
#[Attribute]
class User extends Model implements Arrayable
{
    use HasName;

    /**
     * Saves it.
     */
    public function save(array $options = []): bool
    {
        foreach ($options as $key => $value) {
            if ($value && $key !== 'touch' || $this->dirty) {
                $this->fill($key);
            } elseif ($value === null) {
                static::log($key);
            }
        }
        return $this?->persist() ?? helper(Str::snake($this->name)) ? true : false;
    }
}

trait HasName
{
    abstract public function name(): string;
}

// Formats.
function format($x) { return \sprintf('%s', $x); }
"#,
    );
    assert_eq!(
        names(&a),
        vec![
            ("module".into(), "App\\Models".into()),
            ("class".into(), "App\\Models\\User".into()),
            ("method".into(), "App\\Models\\User::save".into()),
            ("interface".into(), "App\\Models\\HasName".into()),
            ("method".into(), "App\\Models\\HasName::name".into()),
            ("function".into(), "App\\Models\\format".into()),
        ]
    );
    assert_eq!(
        a.symbols[1].doc.as_deref(),
        Some("A user.\n@property string $name")
    );
    assert_eq!(a.symbols[2].doc.as_deref(), Some("Saves it."));
    assert_eq!(a.symbols[5].doc.as_deref(), Some("Formats."));
    assert_eq!(
        a.symbols[2].signature,
        "public function save(array $options = []): bool"
    );
    // 1 + foreach + if + && + || + elseif + ?:
    assert_eq!(a.symbols[2].complexity, 7);
    assert_eq!(
        a.imports,
        vec![
            "Illuminate\\Support\\Str".to_string(),
            "Illuminate\\Contracts".to_string(),
            "App\\helpers\\format".to_string(),
            "vendor/autoload.php".to_string(),
        ]
    );
    let caller = |callee: &str| caller_of(&a, callee);
    assert_eq!(caller("fill"), Some(Some(2)));
    assert_eq!(caller("log"), Some(Some(2)));
    assert_eq!(caller("persist"), Some(Some(2)));
    assert_eq!(caller("helper"), Some(Some(2)));
    assert_eq!(caller("snake"), Some(Some(2)));
    assert_eq!(caller("sprintf"), Some(Some(5)));
}
