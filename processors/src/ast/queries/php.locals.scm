; Names whose type the syntax says (see python.locals.scm): `$x = new Repo()`, typed
; parameters, promoted constructor parameters, `$this->x = new Repo()`, typed properties.
(assignment_expression
  left: (variable_name) @local.name
  right: (object_creation_expression [(name) (qualified_name)] @local.type))
(simple_parameter type: (_) @local.type name: (variable_name) @local.name)
(property_promotion_parameter type: (_) @local.type name: (variable_name) @local.field)
(assignment_expression
  left: (member_access_expression object: (variable_name) @_this name: (name) @local.field)
  right: (object_creation_expression [(name) (qualified_name)] @local.type)
  (#eq? @_this "$this"))
(property_declaration type: (_) @local.type (property_element name: (variable_name) @local.field))
