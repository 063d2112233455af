//! Writing a mail's plain-text and HTML bodies from the same parts, so the two always say
//! the same thing (server only).

use crate::markup::escape_html;

/// Both bodies of a mail, built paragraph by paragraph.
#[derive(Debug, Default, Clone)]
pub struct Body {
    text: String,
    html: String,
}

impl Body {
    /// Starts with a greeting line.
    pub fn new(greeting: &str) -> Self {
        let mut body = Self::default();
        body.paragraph(greeting);
        body
    }

    /// A paragraph of plain text.
    pub fn paragraph(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self.text.push_str("\n\n");
        self.html.push_str(&format!(
            "<p style=\"margin:0 0 16px\">{}</p>\n",
            escape_html(text).replace('\n', "<br>")
        ));
        self
    }

    /// A block written by people (Markdown): its plain text, and its HTML as the Markdown
    /// renderer made it safe.
    pub fn markdown(&mut self, text: &str, safe_html: &str) -> &mut Self {
        self.text.push_str(text.trim_end());
        self.text.push_str("\n\n");
        self.html.push_str("<div style=\"margin:0 0 16px\">");
        self.html.push_str(safe_html);
        self.html.push_str("</div>\n");
        self
    }

    /// "Label: value" lines, as a small table in HTML.
    pub fn facts(&mut self, facts: &[(&str, String)]) -> &mut Self {
        self.html.push_str(
            "<table role=\"presentation\" style=\"margin:0 0 16px;border-collapse:collapse\">\n",
        );
        for (label, value) in facts {
            self.text.push_str(&format!("{label}: {value}\n"));
            self.html.push_str(&format!(
                "<tr><th scope=\"row\" style=\"text-align:left;padding:2px 12px 2px 0;vertical-align:top\">{}</th><td style=\"padding:2px 0\">{}</td></tr>\n",
                escape_html(label),
                escape_html(value)
            ));
        }
        self.text.push('\n');
        self.html.push_str("</table>\n");
        self
    }

    /// A link people are meant to follow, as a button in HTML.
    pub fn action(&mut self, label: &str, url: &str) -> &mut Self {
        self.text.push_str(&format!("{label}: {url}\n\n"));
        self.html.push_str(&format!(
            "<p style=\"margin:0 0 16px\"><a href=\"{}\" style=\"display:inline-block;background:#3b3fb6;color:#ffffff;padding:10px 16px;border-radius:6px;text-decoration:none;font-weight:600\">{}</a></p>\n",
            escape_html(url),
            escape_html(label)
        ));
        self
    }

    /// A secondary link.
    pub fn link(&mut self, label: &str, url: &str) -> &mut Self {
        self.text.push_str(&format!("{label}: {url}\n\n"));
        self.html.push_str(&format!(
            "<p style=\"margin:0 0 16px\">{}: <a href=\"{}\" style=\"color:#3b3fb6\">{}</a></p>\n",
            escape_html(label),
            escape_html(url),
            escape_html(url)
        ));
        self
    }

    /// The two bodies, with a footer naming where the mail comes from.
    pub fn finish(&self, footer: &str) -> (String, String) {
        let text = format!("{}-- \n{footer}\n", self.text);
        let html = format!(
            "<!doctype html>\n<html><body style=\"font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:#1b1d29;line-height:1.5;max-width:36rem;margin:0 auto;padding:16px\">\n{}<p style=\"margin:24px 0 0;color:#555a6e;font-size:13px\">{}</p>\n</body></html>\n",
            self.html,
            escape_html(footer)
        );
        (text, html)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_bodies_say_the_same_and_html_is_escaped() {
        let mut body = Body::new("Hi <Ann>,");
        body.facts(&[("When", "Tue 5 Mar 2030, 19:00".to_owned())])
            .action("Your ticket", "https://h.example/e/x/ticket?a=1&b=2");
        let (text, html) = body.finish("Sent by Hallway");
        assert!(text.starts_with("Hi <Ann>,\n\nWhen: Tue 5 Mar 2030, 19:00\n"));
        assert!(text.contains("Your ticket: https://h.example/e/x/ticket?a=1&b=2\n"));
        assert!(text.ends_with("-- \nSent by Hallway\n"));
        assert!(html.contains("Hi &lt;Ann&gt;,"));
        assert!(html.contains("href=\"https://h.example/e/x/ticket?a=1&amp;b=2\""));
        assert!(!html.contains("<Ann>"));
    }
}
