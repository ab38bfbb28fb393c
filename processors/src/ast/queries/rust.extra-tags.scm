; Declarations without a body, which the grammar's tags.scm leaves out: required trait methods
; and foreign (extern) functions.
(function_signature_item name: (identifier) @name) @definition.function
