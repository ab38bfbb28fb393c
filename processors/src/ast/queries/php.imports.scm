; `use A\B;`, `use A\B as C;`, `use function A\f;`: the name as written; a group
; (`use A\{B, C};`) by its prefix. `require`/`include` (`_once` too) of a literal path.
(namespace_use_declaration (namespace_use_clause . [(name) (qualified_name)] @import))
(namespace_use_declaration (namespace_name) @import body: (namespace_use_group))
(require_expression [(string . (string_content) .) (encapsed_string . (string_content) .)] @import)
(require_once_expression
  [(string . (string_content) .) (encapsed_string . (string_content) .)] @import)
(include_expression [(string . (string_content) .) (encapsed_string . (string_content) .)] @import)
(include_once_expression
  [(string . (string_content) .) (encapsed_string . (string_content) .)] @import)
