//! Call resolution by scope, imports and receivers: which definition a call site reaches, from
//! the analysis of its own file and an index of the repository's definitions at one commit.
//!
//! Both read models resolve with this crate (the code graph when it projects, the PostgreSQL
//! query side when it answers), so they agree edge for edge. A call is resolved, in order:
//!
//! 1. through its receiver, where the syntax names one: `self.m()`/`this.m()`/`Self::f()` to
//!    the enclosing type and its bases, `super.m()` to the bases, `Type.m()`/`Type::f()` to the
//!    type the name reaches, `mod.f()` through the import that binds `mod`
//!    ([`Kind::Receiver`], or [`Kind::Import`] for a module);
//! 2. to a definition of the same file in scope: the innermost one of the caller's enclosing
//!    definitions, or a top-level one ([`Kind::Local`]);
//! 3. through the file's imports: a name bound by an import (aliases, relative imports,
//!    re-exports followed), a module whose names are all visible (`*`, `#include`, `using`), the
//!    same package or directory where the language has one ([`Kind::Import`]);
//! 4. to the one definition of that name in the repository ([`Kind::UniqueName`]).
//!
//! A call none of these settle stays unresolved, with how many definitions carry its name.
//! Calling a class constructs it: the class is the callee. Resolution is a pure function of the
//! file and the [`Index`] it is given: the graph projection gives it only the definitions named
//! by the calls of the files it re-resolves.

mod bases;
mod builtins;
mod index;
mod paths;
mod resolve;
pub mod use_tree;

pub use index::{Definition, Index, TYPE_KINDS};
pub use paths::{family, module_key, module_segments};
pub use resolve::{resolve_file, wanted_modules, wanted_names, Call, File, Kind, Symbol, Target};
