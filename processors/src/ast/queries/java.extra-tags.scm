; Definitions the grammar's own tags.scm leaves out (Universal Ctags reports them): enum types as
; classes, annotation types (`@interface`) as interfaces and their elements as methods.
(enum_declaration name: (identifier) @name) @definition.class
(annotation_type_declaration name: (identifier) @name) @definition.interface
(annotation_type_element_declaration name: (identifier) @name) @definition.method
