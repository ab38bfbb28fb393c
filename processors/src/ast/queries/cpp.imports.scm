(preproc_include path: (_) @import)
(using_declaration "namespace" (_) @import)
