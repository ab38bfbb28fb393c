; Names whose type the syntax says (see python.locals.scm): `var x Repo`, parameters and method
; receivers, `x := Repo{}`, `x := &Repo{}`, struct fields.
(var_spec name: (identifier) @local.name type: (_) @local.type)
(parameter_declaration name: (identifier) @local.name type: (_) @local.type)
(short_var_declaration
  left: (expression_list . (identifier) @local.name)
  right: (expression_list . (composite_literal type: (_) @local.type)))
(short_var_declaration
  left: (expression_list . (identifier) @local.name)
  right: (expression_list . (unary_expression operand: (composite_literal type: (_) @local.type))))
(field_declaration name: (field_identifier) @local.field type: (_) @local.type)
