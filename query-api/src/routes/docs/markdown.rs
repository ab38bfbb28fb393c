//! A README as HTML: Markdown through `pulldown-cmark` with nothing of the source's own HTML.
//! Raw HTML (blocks and inline) is written as escaped text, HTML blocks as code; a link keeps
//! its target only when it is `http`, `https` or `mailto`, a fragment, or a relative path the
//! caller maps onto the page; an image becomes its alt text (the page's CSP loads no image).

use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

/// Schemes a README's link may keep.
const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto"];

/// How a link's destination is written.
enum Target {
    /// As it is (an absolute URL of a safe scheme, or a fragment).
    Keep,
    /// Replaced (a relative path that names something on the page).
    Map(String),
    /// Not a link: its text stays.
    Drop,
}

/// What becomes of `url`: relative paths are handed to `relative`.
fn target(url: &str, relative: &dyn Fn(&str) -> Option<String>) -> Target {
    // Browsers ignore whitespace and control characters inside a scheme ("java\tscript:").
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    match cleaned.find([':', '/', '?', '#']) {
        Some(i) if cleaned[i..].starts_with(':') => {
            if SAFE_SCHEMES.contains(&&cleaned[..i]) {
                Target::Keep
            } else {
                Target::Drop
            }
        }
        _ if cleaned.starts_with('#') => Target::Keep,
        // `//host/...` and `/path`: not a file of the repository.
        _ if cleaned.starts_with('/') || cleaned.is_empty() => Target::Drop,
        _ => relative(url).map_or(Target::Drop, Target::Map),
    }
}

/// `markdown` as HTML, escaped as the module says; `relative` maps a relative link (as written)
/// to a destination on the page, or `None` to drop the link.
pub fn to_html(markdown: &str, relative: &dyn Fn(&str) -> Option<String>) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES;
    // Whether each open link was dropped (its end is dropped too).
    let mut links: Vec<bool> = Vec::new();
    let mut events = Vec::new();
    for event in Parser::new_ext(markdown, options) {
        let event = match event {
            Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
            Event::Start(Tag::HtmlBlock) => Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(
                CowStr::Borrowed("html"),
            ))),
            Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::CodeBlock),
            // The alt text stays, as text.
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => continue,
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = match target(&dest_url, relative) {
                    Target::Keep => dest_url,
                    Target::Map(to) => CowStr::from(to),
                    Target::Drop => {
                        links.push(true);
                        continue;
                    }
                };
                links.push(false);
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::End(TagEnd::Link) => {
                if links.pop().unwrap_or(false) {
                    continue;
                }
                Event::End(TagEnd::Link)
            }
            other => other,
        };
        events.push(event);
    }
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(markdown: &str) -> String {
        to_html(markdown, &|path| Some(format!("#file-{path}")))
    }

    #[test]
    fn markdown_is_rendered() {
        let html = render("# Title\n\nSome *text* and `code`.\n\n- a\n- b\n");
        assert!(html.contains("<h1>Title</h1>"), "{html}");
        assert!(html.contains("<em>text</em>"));
        assert!(html.contains("<code>code</code>"));
        assert!(html.contains("<li>a</li>"));
    }

    #[test]
    fn raw_html_is_escaped() {
        let html = render("<script>alert(1)</script>\n\nText <b onclick=\"x()\">bold</b>.\n");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<b "), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
        assert!(
            html.contains("&lt;b onclick=\"x()\"&gt;bold&lt;/b&gt;"),
            "{html}"
        );
        let html = render("<div>\n<img src=x onerror=alert(1)>\n</div>\n");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<div"), "{html}");
    }

    #[test]
    fn links_keep_safe_targets_only() {
        let html = render(
            "[a](https://example.com) [b](javascript:alert(1)) [c](<JaVa\tScRiPt:x>) \
             [d](data:text/html,x) [e](docs/guide.md) [f](#usage) [g](//evil.example)",
        );
        assert!(
            html.contains("<a href=\"https://example.com\">a</a>"),
            "{html}"
        );
        assert!(!html.to_lowercase().contains("javascript"), "{html}");
        assert!(!html.contains("data:"), "{html}");
        assert!(
            html.contains(" b ") && html.contains(" d "),
            "text stays: {html}"
        );
        assert!(
            html.contains("<a href=\"#file-docs/guide.md\">e</a>"),
            "{html}"
        );
        assert!(html.contains("<a href=\"#usage\">f</a>"), "{html}");
        assert!(!html.contains("evil"), "{html}");
        let dropped = to_html("[e](docs/guide.md)", &|_| None);
        assert!(!dropped.contains("<a"), "{dropped}");
    }

    #[test]
    fn images_become_their_alt_text() {
        let html = render("![build status](https://ci.example/badge.svg)");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("build status"), "{html}");
    }
}
