; The grammar's own tags.scm reads every identifier and constant as a call unless it is a local
; variable, which only tree-sitter-tags' locals tracking can tell (a plain query cursor ignores
; its `#is-not? local`), and counts aliases as method definitions: these capture definitions
; (`class Name::Space::Leaf` named by its leaf, `@qualified` as written) and calls with an
; explicit method name (`f(x)`, `f x`, `a.f`; a bare `f` is indistinguishable from a variable).
(method name: (_) @name) @definition.method
(singleton_method name: (_) @name) @definition.method
(class name: (constant) @name) @definition.class
(class name: (scope_resolution name: (_) @name) @qualified) @definition.class
(module name: (constant) @name) @definition.module
(module name: (scope_resolution name: (_) @name) @qualified) @definition.module
(call method: [(identifier) (constant)] @name) @reference.call
