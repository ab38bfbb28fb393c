; What each import, re-export and `require` binds in the file (`@bind.*`, read by
; `extract::BindCaptures`). A default import binds the module's default export.
(import_statement (import_clause (identifier) @bind.default) source: (string) @bind.module)
(import_statement
  (import_clause (named_imports (import_specifier name: (_) @bind.symbol !alias)))
  source: (string) @bind.module)
(import_statement
  (import_clause (named_imports (import_specifier name: (_) @bind.symbol alias: (identifier) @bind.alias)))
  source: (string) @bind.module)
(import_statement (import_clause (namespace_import (identifier) @bind.alias)) source: (string) @bind.module)
(export_statement (export_clause (export_specifier name: (_) @bind.symbol !alias)) source: (string) @bind.module)
(export_statement
  (export_clause (export_specifier name: (_) @bind.symbol alias: (_) @bind.alias))
  source: (string) @bind.module)
(export_statement (namespace_export (_) @bind.alias) source: (string) @bind.module)
(export_statement "*" @bind.glob . source: (string) @bind.module)
(variable_declarator
  name: (identifier) @bind.alias
  value: (call_expression function: (identifier) @_require arguments: (arguments . (string) @bind.module))
  (#eq? @_require "require"))
(variable_declarator
  name: (object_pattern (shorthand_property_identifier_pattern) @bind.symbol)
  value: (call_expression function: (identifier) @_require arguments: (arguments . (string) @bind.module))
  (#eq? @_require "require"))
(variable_declarator
  name: (object_pattern (pair_pattern key: (property_identifier) @bind.symbol value: (identifier) @bind.alias))
  value: (call_expression function: (identifier) @_require arguments: (arguments . (string) @bind.module))
  (#eq? @_require "require"))
