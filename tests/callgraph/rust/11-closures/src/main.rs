mod text;

use text::normalize;

fn parse(s: &str) -> Option<i64> {
    normalize(s).parse().ok()
}

fn run(inputs: &[&str]) -> Vec<String> {
    let prefix = "item";
    let label = |s: &str| format!("{}:{}", prefix, normalize(s));
    let cleaned: Vec<String> = inputs.iter().map(|s| label(s)).collect();
    let parse = |s: &String| s.len() as i64;
    let sizes: Vec<i64> = cleaned.iter().map(|s| parse(s)).collect();
    println!("{:?}", sizes);
    cleaned
}

fn main() {
    let items = run(&[" A ", "b"]);
    let numbers: Vec<Option<i64>> = items.iter().map(|s| parse(s)).collect();
    println!("{:?}", numbers);
}
