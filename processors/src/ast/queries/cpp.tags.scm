; The grammar's own tags.scm captures only the declarator of a function and no calls: these
; capture whole definitions (for spans, docs and complexity) and call sites. Declarations without
; a body (prototypes, `= default`, `= delete`) are not definitions, as Universal Ctags counts them.

; Functions and methods: `f()`, `*f()`, `&f()`, `**f()`, named plainly (inside their class), by
; destructor (`~T`), operator (`operator==`) or explicit specialization (`f<int>`).
(function_definition
  declarator: [
    (function_declarator
      declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name)
    (function_declarator declarator: (template_function name: (identifier) @name))
    (pointer_declarator declarator: (function_declarator declarator: [
      (identifier) (field_identifier) (destructor_name) (operator_name)] @name))
    (pointer_declarator declarator: (pointer_declarator declarator: (function_declarator
      declarator: [(identifier) (field_identifier) (operator_name)] @name)))
    (reference_declarator (function_declarator declarator: [
      (identifier) (field_identifier) (destructor_name) (operator_name)] @name))
  ]
  body: (_)) @definition.function

; Defined outside their class or namespace (`Type::method`, `ns::Type::method`,
; `a::b::Type::method`): `@qualified` is the name as written, scopes included.
(function_definition
  declarator: [
    (function_declarator declarator: (qualified_identifier
      name: [(identifier) (destructor_name) (operator_name)] @name) @qualified)
    (function_declarator declarator: (qualified_identifier
      name: (template_function name: (identifier) @name)) @qualified)
    (function_declarator declarator: (qualified_identifier
      name: (qualified_identifier
        name: [(identifier) (destructor_name) (operator_name)] @name)) @qualified)
    (function_declarator declarator: (qualified_identifier
      name: (qualified_identifier
        name: (qualified_identifier
          name: [(identifier) (destructor_name) (operator_name)] @name))) @qualified)
    (pointer_declarator declarator: (function_declarator declarator: (qualified_identifier
      name: [(identifier) (operator_name)] @name) @qualified))
    (pointer_declarator declarator: (function_declarator declarator: (qualified_identifier
      name: (qualified_identifier name: [(identifier) (operator_name)] @name)) @qualified))
    (reference_declarator (function_declarator declarator: (qualified_identifier
      name: [(identifier) (operator_name)] @name) @qualified))
    (reference_declarator (function_declarator declarator: (qualified_identifier
      name: (qualified_identifier name: [(identifier) (operator_name)] @name)) @qualified))
  ]
  body: (_)) @definition.method

; Types with a body, specializations (`Box<T*>`) named by their template.
(class_specifier
  name: [(type_identifier) @name (template_type name: (type_identifier) @name)]
  body: (_)) @definition.class
(struct_specifier
  name: [(type_identifier) @name (template_type name: (type_identifier) @name)]
  body: (_)) @definition.class
(union_specifier name: (type_identifier) @name body: (_)) @definition.class
(enum_specifier name: (type_identifier) @name body: (_)) @definition.type
(alias_declaration name: (type_identifier) @name) @definition.type
(type_definition declarator: (type_identifier) @name) @definition.type
(type_definition declarator: (_ declarator: (type_identifier) @name)) @definition.type
(type_definition
  declarator: (function_declarator
    declarator: (parenthesized_declarator (_ declarator: (type_identifier) @name)))) @definition.type

; Namespaces, `namespace a::b` named by its last part.
(namespace_definition name: (namespace_identifier) @name) @definition.module
(namespace_definition
  name: (nested_namespace_specifier (namespace_identifier) @name .) @qualified) @definition.module

(call_expression function: (identifier) @name) @reference.call
(call_expression function: (field_expression field: (field_identifier) @name)) @reference.call
(call_expression function: (qualified_identifier name: (identifier) @name)) @reference.call
(call_expression function: (template_function name: (identifier) @name)) @reference.call
(call_expression
  function: (qualified_identifier name: (template_function name: (identifier) @name))) @reference.call
(call_expression
  function: (field_expression field: (template_method name: (field_identifier) @name))) @reference.call
; `new Foo(...)` constructs `Foo`: a call of the class.
(new_expression type: (type_identifier) @name) @reference.call
(new_expression type: (qualified_identifier name: (type_identifier) @name)) @reference.call
; `a::B::f()`: the name nests in a qualified name of its own (two and three levels).
(call_expression
  function: (qualified_identifier name: (qualified_identifier name: (identifier) @name))) @reference.call
(call_expression
  function: (qualified_identifier
    name: (qualified_identifier name: (qualified_identifier name: (identifier) @name)))) @reference.call
