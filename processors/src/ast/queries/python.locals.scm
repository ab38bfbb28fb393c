; Names whose type the syntax says (`@local.name` or, for `self.x`, `@local.field`, with
; `@local.type`; read by `extract::analyze`): `x = Repo()`, `x: Repo`, `def f(x: Repo)`,
; `self.x = Repo()`. A call of a function instead of a class names no type: the resolver ignores it.
(assignment left: (identifier) @local.name right: (call function: [(identifier) (attribute)] @local.type))
(assignment left: (identifier) @local.name type: (type) @local.type)
(typed_parameter (identifier) @local.name type: (type) @local.type)
(typed_default_parameter name: (identifier) @local.name type: (type) @local.type)
(assignment
  left: (attribute object: (identifier) @_self attribute: (identifier) @local.field)
  right: (call function: [(identifier) (attribute)] @local.type)
  (#eq? @_self "self"))
