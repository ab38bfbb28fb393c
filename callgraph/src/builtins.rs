//! Names every program of a language can call without defining them: never found by a
//! repository-wide unique name (a definition in scope or imported still shadows them).

/// Python's builtins, Go's predeclared functions and types, Ruby's `Kernel` and `Module`
/// methods, JavaScript's global functions and constructors, by language family.
#[rustfmt::skip]
pub(crate) const BUILTINS: &[(&str, &[&str])] = &[
    (
        "python",
        &[
            "abs", "all", "any", "ascii", "bin", "bool", "breakpoint", "bytearray", "bytes",
            "callable", "chr", "classmethod", "compile", "complex", "delattr", "dict", "dir",
            "divmod", "enumerate", "eval", "exec", "filter", "float", "format", "frozenset",
            "getattr", "globals", "hasattr", "hash", "help", "hex", "id", "input", "int",
            "isinstance", "issubclass", "iter", "len", "list", "locals", "map", "max",
            "memoryview", "min", "next", "object", "oct", "open", "ord", "pow", "print",
            "property", "range", "repr", "reversed", "round", "set", "setattr", "slice",
            "sorted", "staticmethod", "str", "sum", "super", "tuple", "type", "vars", "zip",
            "__import__",
        ],
    ),
    (
        "go",
        &[
            "append", "cap", "clear", "close", "complex", "copy", "delete", "imag", "len",
            "make", "max", "min", "new", "panic", "print", "println", "real", "recover",
            "bool", "byte", "complex64", "complex128", "error", "float32", "float64", "int",
            "int8", "int16", "int32", "int64", "rune", "string", "uint", "uint8", "uint16",
            "uint32", "uint64", "uintptr", "any",
        ],
    ),
    (
        "ruby",
        &[
            "puts", "print", "p", "pp", "require", "require_relative", "load", "raise",
            "system", "exec", "sleep", "format", "sprintf", "printf", "gets", "loop", "lambda",
            "proc", "rand", "srand", "exit", "abort", "at_exit", "catch", "throw", "binding",
            "block_given?", "caller", "fail", "Integer", "Float", "String", "Array", "Hash",
            "attr_reader", "attr_writer", "attr_accessor", "attr", "include", "extend",
            "prepend", "private", "public", "protected", "module_function", "define_method",
            "instance_variable_get", "instance_variable_set", "send", "public_send",
            "respond_to?", "freeze", "dup", "clone",
        ],
    ),
    (
        "js",
        &[
            "parseInt", "parseFloat", "isNaN", "isFinite", "setTimeout", "setInterval",
            "clearTimeout", "clearInterval", "require", "fetch", "encodeURIComponent",
            "decodeURIComponent", "encodeURI", "decodeURI", "structuredClone",
            "queueMicrotask", "alert", "Symbol", "BigInt", "Set", "Map", "WeakMap", "WeakSet",
            "String", "Number", "Boolean", "Array", "Object", "Promise", "Date", "Error",
            "TypeError", "RegExp", "URL", "JSON", "Math", "Proxy", "Reflect",
        ],
    ),
];

/// Whether `name` is a builtin of language `family`.
pub(crate) fn is_builtin(family: &str, name: &str) -> bool {
    BUILTINS
        .iter()
        .any(|(f, names)| *f == family && names.contains(&name))
}
