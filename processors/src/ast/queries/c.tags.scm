; The grammar's own tags.scm captures only the declarator of a function and no calls: these
; capture whole definitions (for spans, docs and complexity) and call sites.
(function_definition
  declarator: (function_declarator declarator: (identifier) @name)) @definition.function
(function_definition
  declarator: (pointer_declarator
    declarator: (function_declarator declarator: (identifier) @name))) @definition.function
; `char **split(...)`: a pointer to a pointer.
(function_definition
  declarator: (pointer_declarator
    declarator: (pointer_declarator
      declarator: (function_declarator declarator: (identifier) @name)))) @definition.function
(struct_specifier name: (type_identifier) @name body: (_)) @definition.class
(union_specifier name: (type_identifier) @name body: (_)) @definition.class
(enum_specifier name: (type_identifier) @name body: (_)) @definition.type
; A typedef is named by the type identifier inside its declarator, at the depths real code nests
; it: `typedef int *p_t;`, `typedef int a_t[4][4];`, `typedef int (*fn_t)(int);`,
; `typedef void (fn_t)(void);`, `typedef int (*table_t[4])(int);`,
; `typedef void *(*alloc_t)(size_t);`. (Several declarators in one typedef: only the first.)
(type_definition declarator: (type_identifier) @name) @definition.type
(type_definition declarator: (_ declarator: (type_identifier) @name)) @definition.type
(type_definition
  declarator: (_ declarator: (_ declarator: (type_identifier) @name))) @definition.type
(type_definition
  declarator: (function_declarator
    declarator: (parenthesized_declarator (type_identifier) @name))) @definition.type
(type_definition
  declarator: (function_declarator
    declarator: (parenthesized_declarator
      (_ declarator: (type_identifier) @name)))) @definition.type
(type_definition
  declarator: (function_declarator
    declarator: (parenthesized_declarator
      (_ declarator: (_ declarator: (type_identifier) @name))))) @definition.type
(type_definition
  declarator: (pointer_declarator
    declarator: (function_declarator
      declarator: (parenthesized_declarator
        (_ declarator: (type_identifier) @name))))) @definition.type
(call_expression function: (identifier) @name) @reference.call
(call_expression function: (field_expression field: (field_identifier) @name)) @reference.call
