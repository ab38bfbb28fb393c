#[derive(Debug, PartialEq)]
pub enum Token {
    Word(String),
    Number(i64),
}

pub fn tokenize(src: &str) -> Vec<Token> {
    src.split_whitespace().map(classify).collect()
}

fn classify(word: &str) -> Token {
    match word.parse::<i64>() {
        Ok(n) => Token::Number(n),
        Err(_) => Token::Word(word.to_string()),
    }
}
