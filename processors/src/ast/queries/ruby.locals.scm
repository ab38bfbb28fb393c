; Names whose type the syntax says (see python.locals.scm): `x = Repo.new`, `@x = Repo.new`.
(assignment
  left: (identifier) @local.name
  right: (call receiver: [(constant) (scope_resolution)] @local.type method: (identifier) @_new)
  (#eq? @_new "new"))
(assignment
  left: (instance_variable) @local.field
  right: (call receiver: [(constant) (scope_resolution)] @local.type method: (identifier) @_new)
  (#eq? @_new "new"))
