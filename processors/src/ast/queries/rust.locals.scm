; Names whose type the syntax says (see python.locals.scm): `let x: Repo`, `let x = Repo::new()`,
; `let x = Repo { .. }`, parameters, struct fields.
(let_declaration pattern: (identifier) @local.name type: (_) @local.type)
(let_declaration
  pattern: (identifier) @local.name
  value: (call_expression function: (scoped_identifier path: (_) @local.type)))
(let_declaration pattern: (identifier) @local.name value: (struct_expression name: (_) @local.type))
(parameter pattern: (identifier) @local.name type: (_) @local.type)
(field_declaration name: (field_identifier) @local.field type: (_) @local.type)
; A closure bound by `let` shadows a function of the same name (its "type" is the closure's
; text: no definition carries it).
(let_declaration pattern: (identifier) @local.name value: (closure_expression) @local.type)
