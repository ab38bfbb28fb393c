pub fn parse(text: &str) -> Option<i64> {
    let digits: String = text.chars().filter(|c| c.is_ascii_digit()).collect();
    // str::parse, not this function
    digits.parse::<i64>().ok()
}
