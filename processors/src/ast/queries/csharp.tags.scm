; The grammar's own tags.scm captures no calls as `@reference.call` (only member calls, as
; `@reference.send`) and leaves out constructors, structs, records, enums, delegates, operators,
; local functions and dotted or file-scoped namespaces: these capture all of them. Namespaces are
; named as written (`Newtonsoft.Json.Linq`, as Universal Ctags names them), explicit interface
; implementations (`void IDisposable.Dispose()`) by the method's own name, local functions as
; functions.
(class_declaration name: (identifier) @name) @definition.class
(struct_declaration name: (identifier) @name) @definition.class
(record_declaration name: (identifier) @name) @definition.class
(interface_declaration name: (identifier) @name) @definition.interface
(enum_declaration name: (identifier) @name) @definition.type
(delegate_declaration name: (identifier) @name) @definition.type
(namespace_declaration name: (_) @name) @definition.module
(file_scoped_namespace_declaration name: (_) @name) @definition.module

; Methods, with or without a body (abstract and interface methods, as ctags counts them).
(method_declaration name: (identifier) @name) @definition.method
(constructor_declaration name: (identifier) @name) @definition.method
(destructor_declaration name: (identifier) @name) @definition.method
; Operators named as ctags names them: `operator ==`, `operator DateTime` (a conversion).
(operator_declaration "operator" @name operator: _ @name) @definition.method
(conversion_operator_declaration "operator" @name type: (_) @name) @definition.method
(local_function_statement name: (identifier) @name) @definition.function

(invocation_expression function: (identifier) @name) @reference.call
(invocation_expression function: (generic_name . (identifier) @name)) @reference.call
(invocation_expression
  function: (member_access_expression name: (identifier) @name)) @reference.call
(invocation_expression
  function: (member_access_expression name: (generic_name . (identifier) @name))) @reference.call
(invocation_expression
  function: (conditional_access_expression
    (member_binding_expression name: (identifier) @name))) @reference.call
; `new Foo(...)` constructs `Foo`: a call of the class.
(object_creation_expression type: (identifier) @name) @reference.call
(object_creation_expression type: (generic_name . (identifier) @name)) @reference.call
(object_creation_expression type: (qualified_name name: (identifier) @name)) @reference.call
