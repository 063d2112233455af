//! Markdown to safe HTML (server only): raw HTML is shown as text, links keep only http(s),
//! mailto and local targets, and images become links so pages load nothing from elsewhere.

use pulldown_cmark::{html, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.starts_with("mailto:")
        || (lower.starts_with('/') && !lower.starts_with("//"))
        || lower.starts_with('#')
}

/// Renders `source` to HTML that is safe to insert into a page.
pub fn to_safe_html(source: &str) -> String {
    let parser = Parser::new_ext(
        source,
        Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES,
    );
    let events = parser.map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if !safe_url(&dest_url) => Event::Start(Tag::Link {
            link_type,
            dest_url: CowStr::Borrowed("#"),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            dest_url,
            title,
            id,
            ..
        }) => Event::Start(Tag::Link {
            link_type: LinkType::Inline,
            dest_url: if safe_url(&dest_url) {
                dest_url
            } else {
                CowStr::Borrowed("#")
            },
            title,
            id,
        }),
        Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

/// Renders `source` as plain text (for calendar descriptions and mails): paragraphs separated
/// by blank lines, list items on their own lines, link targets in brackets after the text.
pub fn to_plain_text(source: &str) -> String {
    let mut out = String::new();
    let mut links: Vec<String> = Vec::new();
    for event in Parser::new_ext(
        source,
        Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES,
    ) {
        match event {
            Event::Text(text) | Event::Code(text) | Event::Html(text) | Event::InlineHtml(text) => {
                out.push_str(&text)
            }
            Event::SoftBreak | Event::HardBreak => out.push('\n'),
            Event::Start(Tag::Item) => out.push_str("- "),
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => links.push(dest_url.to_string()),
            Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
                if let Some(url) = links.pop() {
                    if safe_url(&url) && !url.starts_with('#') {
                        out.push_str(&format!(" ({url})"));
                    }
                }
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock) => {
                out.push_str("\n\n")
            }
            Event::End(TagEnd::Item) => out.push('\n'),
            Event::End(TagEnd::List(_)) => out.push('\n'),
            _ => {}
        }
    }
    out.trim().to_owned()
}

/// The first paragraph (or heading) of `source` as plain words, no Markdown marks and no link
/// targets, shortened to `max` characters at a word with "…": for cards and link previews.
pub fn summary(source: &str, max: usize) -> String {
    let mut out = String::new();
    for event in Parser::new_ext(source, Options::ENABLE_STRIKETHROUGH) {
        match event {
            // Raw HTML is words here too, as on the page.
            Event::Text(text) | Event::Code(text) | Event::InlineHtml(text) => out.push_str(&text),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item)
                if !out.trim().is_empty() =>
            {
                break
            }
            _ => {}
        }
    }
    let text = out.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    let cut = match cut.rfind(' ') {
        Some(space) if space > max / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

#[cfg(test)]
mod tests {
    use super::{summary, to_plain_text, to_safe_html};

    #[test]
    fn a_summary_is_the_first_paragraph_without_markdown_marks() {
        assert_eq!(
            summary(
                "**Rust** meetups in [Berlin](https://x.org), monthly.\n\nMore.",
                160
            ),
            "Rust meetups in Berlin, monthly."
        );
        assert_eq!(summary("# Hello *world*\n\nText", 160), "Hello world");
        assert_eq!(summary("one two three four five six", 15), "one two three…");
        assert_eq!(summary("", 10), "");
    }

    #[test]
    fn script_tags_are_shown_as_text() {
        let html = to_safe_html("<script>alert(1)</script> hi");
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn javascript_links_lose_their_target() {
        let html = to_safe_html("[x](javascript:alert(1)) [y](JAVASCRIPT:alert(1))");
        assert!(!html.to_lowercase().contains("javascript:"), "{html}");
    }

    #[test]
    fn ordinary_markdown_is_rendered() {
        let html = to_safe_html("**Bold** and [Rust](https://www.rust-lang.org)");
        assert!(html.contains("<strong>Bold</strong>"));
        assert!(html.contains(r#"<a href="https://www.rust-lang.org">Rust</a>"#));
    }

    #[test]
    fn images_become_links_and_load_nothing() {
        let html = to_safe_html("![logo](https://example.org/x.png)");
        assert!(!html.contains("<img"), "{html}");
    }

    #[test]
    fn plain_text_keeps_words_and_link_targets() {
        let text = to_plain_text(
            "# Rust\n\nTalks and **pizza** at [c-base](https://c-base.org).\n\n- one\n- two",
        );
        assert_eq!(
            text,
            "Rust\n\nTalks and pizza at c-base (https://c-base.org).\n\n- one\n- two"
        );
    }
}
