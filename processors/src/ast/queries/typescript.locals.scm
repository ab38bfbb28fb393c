; Names whose type the syntax says (see python.locals.scm): `const x = new Repo()`,
; `this.x = new Repo()`.
(variable_declarator
  name: (identifier) @local.name
  value: (new_expression constructor: [(identifier) (member_expression)] @local.type))
(assignment_expression
  left: (member_expression object: (this) property: (property_identifier) @local.field)
  right: (new_expression constructor: [(identifier) (member_expression)] @local.type))
; TypeScript's annotations: parameters, variables, class fields, parameter properties.
(required_parameter pattern: (identifier) @local.name type: (type_annotation (_) @local.type))
(optional_parameter pattern: (identifier) @local.name type: (type_annotation (_) @local.type))
(variable_declarator name: (identifier) @local.name type: (type_annotation (_) @local.type))
(public_field_definition name: (property_identifier) @local.field type: (type_annotation (_) @local.type))
(required_parameter
  (accessibility_modifier) pattern: (identifier) @local.field type: (type_annotation (_) @local.type))
