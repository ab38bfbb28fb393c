; The grammar's own tags.scm misses calls of unqualified functions (`f()`, whose callee is a bare
; `name`), captures `$f()` with its `$`, and counts properties as definitions: these capture
; definitions (namespaces named as written, `App\Models`, as Universal Ctags names them; traits as
; interfaces, enums as classes) and calls.
(namespace_definition name: (namespace_name) @name) @definition.module
(class_declaration name: (name) @name) @definition.class
(interface_declaration name: (name) @name) @definition.interface
(trait_declaration name: (name) @name) @definition.interface
(enum_declaration name: (name) @name) @definition.class
(function_definition name: (name) @name) @definition.function
(method_declaration name: (name) @name) @definition.method

(function_call_expression function: (name) @name) @reference.call
(function_call_expression function: (qualified_name (name) @name .)) @reference.call
(member_call_expression name: (name) @name) @reference.call
(nullsafe_member_call_expression name: (name) @name) @reference.call
(scoped_call_expression name: (name) @name) @reference.call
; `new Foo(...)` constructs `Foo`: a call of the class.
(object_creation_expression (name) @name) @reference.call
(object_creation_expression (qualified_name (name) @name .)) @reference.call
