use crate::lexer::{tokenize, Token};

pub fn parse(src: &str) -> Vec<Token> {
    let tokens = tokenize(src);
    tokens.into_iter().filter(|t| *t != Token::Word(String::new())).collect()
}
