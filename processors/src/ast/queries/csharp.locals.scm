; Names whose type the syntax says (see python.locals.scm): variables, `var x = new Repo()`,
; parameters, fields and properties.
(variable_declaration type: (_) @local.type (variable_declarator name: (identifier) @local.name))
(variable_declaration
  (variable_declarator name: (identifier) @local.name (object_creation_expression type: (_) @local.type)))
(parameter type: (_) @local.type name: (identifier) @local.name)
(field_declaration (variable_declaration type: (_) @local.type (variable_declarator name: (identifier) @local.field)))
(property_declaration type: (_) @local.type name: (identifier) @local.field)
