use crate::text::{self, indent as pad, wrap};

pub fn render(title: &str, body: &str) -> String {
    let mut out = vec![title.to_uppercase()];
    for line in text::trim_lines(wrap(body, 40)) {
        out.push(pad(&line, 2));
    }
    out.join("\n")
}
