; Names whose type the syntax says (see python.locals.scm): `const x = new Repo()`,
; `this.x = new Repo()`.
(variable_declarator
  name: (identifier) @local.name
  value: (new_expression constructor: [(identifier) (member_expression)] @local.type))
(assignment_expression
  left: (member_expression object: (this) property: (property_identifier) @local.field)
  right: (new_expression constructor: [(identifier) (member_expression)] @local.type))
