mod frontend;
mod lexer;
mod parser;

pub use lexer::Token;
pub use parser::parse;

pub mod api {
    pub use crate::frontend::load;
    pub use crate::parser::parse as parse_document;
}
