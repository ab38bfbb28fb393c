; Names whose type the syntax says (see python.locals.scm): declarations (plain, initialized,
; pointers, references), `auto p = new Repo()`, parameters, fields.
(declaration type: (_) @local.type declarator: (identifier) @local.name)
(declaration type: (_) @local.type declarator: (init_declarator declarator: (identifier) @local.name))
(declaration
  type: (_) @local.type
  declarator: (init_declarator declarator: (pointer_declarator declarator: (identifier) @local.name)))
(declaration type: (_) @local.type declarator: (pointer_declarator declarator: (identifier) @local.name))
(declaration type: (_) @local.type declarator: (reference_declarator (identifier) @local.name))
(declaration
  declarator: (init_declarator declarator: (identifier) @local.name value: (new_expression type: (_) @local.type)))
(parameter_declaration type: (_) @local.type declarator: (identifier) @local.name)
(parameter_declaration type: (_) @local.type declarator: (reference_declarator (identifier) @local.name))
(parameter_declaration type: (_) @local.type declarator: (pointer_declarator declarator: (identifier) @local.name))
(field_declaration type: (_) @local.type declarator: (field_identifier) @local.field)
(field_declaration type: (_) @local.type declarator: (pointer_declarator declarator: (field_identifier) @local.field))
