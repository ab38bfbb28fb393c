; What each import binds (`@bind.*`, read by `extract::BindCaptures`): the package's last path
; segment, an alias, or all its names (`.`).
(import_spec !name path: (_) @bind.package)
(import_spec name: (package_identifier) @bind.alias path: (_) @bind.module)
(import_spec name: (dot) @bind.glob path: (_) @bind.module)
