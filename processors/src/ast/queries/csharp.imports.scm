; `using A.B;`, `using static A.B;` and `using X = A.B;` name a namespace (or type) as written.
(using_directive [(identifier) (qualified_name)] @import .)
