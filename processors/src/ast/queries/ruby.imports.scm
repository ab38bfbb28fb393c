; `require "x"` and `require_relative "x"` with a literal path (no interpolation).
(call
  !receiver
  method: (identifier) @_require
  arguments: (argument_list . (string . (string_content) .) @import)
  (#any-of? @_require "require" "require_relative"))
