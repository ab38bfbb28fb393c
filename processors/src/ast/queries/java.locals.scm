; Names whose type the syntax says (see python.locals.scm): variables, parameters, fields, and
; `var x = new Repo()`.
(local_variable_declaration type: (_) @local.type declarator: (variable_declarator name: (identifier) @local.name))
(local_variable_declaration
  declarator: (variable_declarator
    name: (identifier) @local.name value: (object_creation_expression type: (_) @local.type)))
(formal_parameter type: (_) @local.type name: (identifier) @local.name)
(field_declaration type: (_) @local.type declarator: (variable_declarator name: (identifier) @local.field))
