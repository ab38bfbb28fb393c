use crate::parse;
use crate::Token;

pub fn load(path: &str) -> usize {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let tokens: Vec<Token> = parse(&text);
    tokens.len()
}
