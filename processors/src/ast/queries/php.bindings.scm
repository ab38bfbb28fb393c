; What each `use` binds (`@bind.*`, read by `extract::BindCaptures`): a class, function or
; namespace by its last segment or its alias; a group's clauses under its prefix. A required or
; included file makes all its names visible.
(namespace_use_declaration (namespace_use_clause [(name) (qualified_name)] @bind.path !alias))
(namespace_use_declaration
  (namespace_use_clause [(name) (qualified_name)] @bind.path alias: (name) @bind.alias))
(namespace_use_declaration
  (namespace_name) @bind.module
  body: (namespace_use_group (namespace_use_clause [(name) (qualified_name)] @bind.symbol !alias)))
(namespace_use_declaration
  (namespace_name) @bind.module
  body: (namespace_use_group
    (namespace_use_clause [(name) (qualified_name)] @bind.symbol alias: (name) @bind.alias)))
(require_expression
  [(string . (string_content) @bind.module .) (encapsed_string . (string_content) @bind.module .)]) @bind.glob
(require_once_expression
  [(string . (string_content) @bind.module .) (encapsed_string . (string_content) @bind.module .)]) @bind.glob
(include_expression
  [(string . (string_content) @bind.module .) (encapsed_string . (string_content) @bind.module .)]) @bind.glob
(include_once_expression
  [(string . (string_content) @bind.module .) (encapsed_string . (string_content) @bind.module .)]) @bind.glob
