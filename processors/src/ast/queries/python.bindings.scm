; What each import binds in the file (`@bind.*`, read by `extract::BindCaptures`).
(import_statement name: (dotted_name) @bind.module)
(import_statement name: (aliased_import name: (dotted_name) @bind.module alias: (identifier) @bind.alias))
(import_from_statement module_name: (_) @bind.module name: (dotted_name) @bind.symbol)
(import_from_statement
  module_name: (_) @bind.module
  name: (aliased_import name: (dotted_name) @bind.symbol alias: (identifier) @bind.alias))
(import_from_statement module_name: (_) @bind.module (wildcard_import) @bind.glob)
