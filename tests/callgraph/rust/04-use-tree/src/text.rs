pub fn wrap(s: &str, width: usize) -> Vec<String> {
    s.as_bytes()
        .chunks(width.max(1))
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect()
}

pub fn indent(line: &str, n: usize) -> String {
    format!("{}{}", " ".repeat(n), line)
}

pub fn trim_lines(lines: Vec<String>) -> Vec<String> {
    lines.into_iter().map(|l| l.trim_end().to_string()).collect()
}
