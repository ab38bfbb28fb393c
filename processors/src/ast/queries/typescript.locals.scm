; Names whose type TypeScript's annotations say (see python.locals.scm), beside JavaScript's
; (javascript.locals.scm, which the language table adds): parameters, variables, class fields,
; parameter properties.
(required_parameter pattern: (identifier) @local.name type: (type_annotation (_) @local.type))
(optional_parameter pattern: (identifier) @local.name type: (type_annotation (_) @local.type))
(variable_declarator name: (identifier) @local.name type: (type_annotation (_) @local.type))
(public_field_definition name: (property_identifier) @local.field type: (type_annotation (_) @local.type))
(required_parameter
  (accessibility_modifier) pattern: (identifier) @local.field type: (type_annotation (_) @local.type))
