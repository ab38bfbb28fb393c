use crate::toml::parse;

pub fn load(text: &str) -> Vec<(String, String)> {
    let mut entries = parse(text);
    entries.sort();
    entries
}
