//! Escaping text for HTML and XML (server only): mail bodies, the sanitized SVG logos and the
//! frab schedule export write their text through one function.

/// `text` with `& < > "` and `'` as entities (`'` as `apostrophe`), and each character that
/// `other` answers for replaced by its answer (`Some("")` drops it).
pub fn escape_with(
    text: &str,
    apostrophe: &str,
    other: impl Fn(char) -> Option<&'static str>,
) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str(apostrophe),
            c => match other(c) {
                Some(entity) => out.push_str(entity),
                None => out.push(c),
            },
        }
    }
    out
}

/// Text for an HTML body or attribute (`'` as `&#39;`, which every mail reader knows).
pub fn escape_html(text: &str) -> String {
    escape_with(text, "&#39;", |_| None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_become_entities_and_the_rest_stays() {
        assert_eq!(
            escape_html(r#"<a href="x">Tom & Jerry's</a> ü"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt; ü"
        );
    }

    #[test]
    fn other_characters_are_replaced_or_dropped_as_asked() {
        let escaped = escape_with("a'\tb\u{1}", "&apos;", |c| match c {
            '\t' => Some("&#9;"),
            '\u{1}' => Some(""),
            _ => None,
        });
        assert_eq!(escaped, "a&apos;&#9;b");
    }
}
