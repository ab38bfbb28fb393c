; What each import binds (`@bind.*`, read by `extract::BindCaptures`): a class (or, static, a
; member) by its last segment, or all the names of a package or class (`.*`).
(import_declaration [(scoped_identifier) (identifier)] @bind.path .)
(import_declaration [(scoped_identifier) (identifier)] @bind.module (asterisk) @bind.glob)
