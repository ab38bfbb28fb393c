; Declarations without a body, which the grammar's tags.scm leaves out: required trait methods
; and foreign (extern) functions.
(function_signature_item name: (identifier) @name) @definition.function
; Calls through a path (`Type::new()`, `module::f()`, `Self::g()`) and with turbofish
; (`f::<T>()`, `x.collect::<T>()`): the grammar's tags see only plain and method calls.
(call_expression function: (scoped_identifier name: (identifier) @name)) @reference.call
(call_expression function: (generic_function function: (identifier) @name)) @reference.call
(call_expression
  function: (generic_function function: (scoped_identifier name: (identifier) @name))) @reference.call
(call_expression
  function: (generic_function function: (field_expression field: (field_identifier) @name))) @reference.call
; Calls inside a macro's arguments (`println!("{}", helper(x))`, `assert!(v.is_empty())`): the
; grammar keeps them as token trees, a name followed by a parenthesized tree.
(macro_invocation
  (token_tree (identifier) @name . (token_tree . "(") @reference.call))
(token_tree (token_tree (identifier) @name . (token_tree . "(") @reference.call))
