; What each `using` binds (`@bind.*`, read by `extract::BindCaptures`): an alias of a type or
; namespace, or all the names of a namespace (or, `using static`, of a type).
(using_directive name: (identifier) @bind.alias [(identifier) (qualified_name)] @bind.path)
(using_directive !name [(identifier) (qualified_name)] @bind.module .) @bind.glob
