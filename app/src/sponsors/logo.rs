//! Sponsor logos: an upload is accepted by its content, never its name, as a PNG, JPEG,
//! WebP or SVG image of at most [`MAX_LOGO_BYTES`]. SVG is read with a small XML tokenizer
//! and written out again from its tokens through an allowlist, so a stored logo can carry no
//! script, event handler, foreign content or reference to anything outside the file; this
//! holds without the Content-Security-Policy it is served with.
//!
//! SVG policy:
//! - Refused ([`LogoError::UnsafeSvg`]) wherever they appear, even inside parts that would be
//!   dropped: `<!DOCTYPE>`, `<!ENTITY>` and every other `<!...>` declaration; entity
//!   references other than `&lt;` `&gt;` `&amp;` `&quot;` `&apos;` and numeric ones;
//!   processing instructions other than a leading `<?xml ...?>`; the elements in
//!   `REFUSED_ELEMENTS` (script, foreignObject, iframe, embed, object, a, animation
//!   elements, image, feImage, ...) in any namespace and any letter case; attributes whose
//!   local name starts with `on`; an `href` (plain, `xlink:` or any prefix) that is not a
//!   same-document `#id`; attribute values and `<style>` text mentioning `javascript:`,
//!   `vbscript:`, `data:`, `@import`, `expression(`, the CSS image functions `image(`,
//!   `image-set(` and `src(`, or a `url(` that is not `url(#id)`. Values are checked after
//!   references are decoded, with whitespace and control characters removed and letters
//!   folded to lower case.
//! - `<style>` elements are kept; their text is checked as a whole (so a comment cannot split
//!   `@import`), and a CSS escape (`\`) is refused there and in every attribute that is kept.
//! - Dropped silently, with their whole subtree: comments, elements outside the SVG namespace
//!   (Inkscape, Sodipodi, RDF, Creative Commons, Dublin Core, XHTML, ...), `metadata` and any
//!   other SVG element not in `ALLOWED_ELEMENTS`. Dropped attributes: everything not in
//!   `ALLOWED_ATTRIBUTES` except `href`, `xlink:href`, `xml:space` and `xml:lang`.
//! - Output is UTF-8 without an XML declaration; elements are unprefixed in the SVG default
//!   namespace and `xmlns:xlink` is declared on the root when an `xlink:href` is kept. The
//!   output passes [`sanitize_svg`] unchanged.

use std::fmt;

/// The largest logo accepted, in bytes (of the upload, and of a sanitized SVG).
pub const MAX_LOGO_BYTES: usize = 1024 * 1024;

const SVG_NS: &str = "http://www.w3.org/2000/svg";
const XLINK_NS: &str = "http://www.w3.org/1999/xlink";
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// Caps that real logos stay far below; they keep the checks linear in the file size.
const MAX_ATTRIBUTES: usize = 256;
const MAX_NAMESPACES: usize = 64;

/// Elements refused anywhere, compared case-insensitively with the local name.
#[rustfmt::skip]
const REFUSED_ELEMENTS: &[&str] = &[
    "script", "foreignobject", "iframe", "frame", "frameset", "embed", "object", "applet", "audio",
    "video", "a", "animate", "animatecolor", "animatemotion", "animatetransform", "set", "handler",
    "listener", "image", "feimage",
];

/// SVG elements that are kept (case-sensitive); any other element is dropped with its subtree.
#[rustfmt::skip]
const ALLOWED_ELEMENTS: &[&str] = &[
    // structure
    "svg", "g", "defs", "symbol", "use", "switch", "title", "desc", "style",
    // shapes and text
    "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan", "textPath",
    // paint servers, clipping, markers
    "linearGradient", "radialGradient", "stop", "clipPath", "mask", "pattern", "marker",
    // filters (not feImage)
    "filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feConvolveMatrix",
    "feDiffuseLighting", "feDisplacementMap", "feDistantLight", "feDropShadow", "feFlood",
    "feFuncA", "feFuncB", "feFuncG", "feFuncR", "feGaussianBlur", "feMerge", "feMergeNode",
    "feMorphology", "feOffset", "fePointLight", "feSpecularLighting", "feSpotLight", "feTile",
    "feTurbulence",
];

/// Attributes without a namespace that are kept (case-sensitive). `href` is kept too, but only
/// as a same-document `#id`; `style` values are checked like every other value.
#[rustfmt::skip]
const ALLOWED_ATTRIBUTES: &[&str] = &[
    // core and accessibility
    "id", "class", "style", "version", "lang", "role", "aria-label", "type", "media",
    // geometry
    "d", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "fr", "width",
    "height", "viewBox", "preserveAspectRatio", "points", "transform", "pathLength",
    // paint
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-linecap",
    "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset",
    "stroke-opacity", "opacity", "color", "display", "visibility", "overflow", "paint-order",
    "vector-effect", "shape-rendering", "text-rendering", "color-interpolation",
    "color-interpolation-filters",
    // text
    "font-family", "font-size", "font-style", "font-variant", "font-weight", "font-stretch",
    "text-anchor", "text-decoration", "letter-spacing", "word-spacing", "writing-mode", "direction",
    "dominant-baseline", "alignment-baseline", "baseline-shift", "dx", "dy", "rotate", "textLength",
    "lengthAdjust", "startOffset", "method", "spacing", "side",
    // gradients, patterns, clipping, masking, markers
    "offset", "stop-color", "stop-opacity", "gradientUnits", "gradientTransform", "spreadMethod",
    "patternUnits", "patternContentUnits", "patternTransform", "clip-path", "clipPathUnits",
    "clip-rule", "mask", "maskUnits", "maskContentUnits", "marker-start", "marker-mid",
    "marker-end", "markerWidth", "markerHeight", "markerUnits", "refX", "refY", "orient",
    // filters
    "filter", "filterUnits", "primitiveUnits", "in", "in2", "result", "stdDeviation", "operator",
    "k1", "k2", "k3", "k4", "mode", "values", "tableValues", "slope", "intercept", "amplitude",
    "exponent", "flood-color", "flood-opacity", "lighting-color", "surfaceScale", "diffuseConstant",
    "specularConstant", "specularExponent", "kernelMatrix", "kernelUnitLength", "order", "divisor",
    "bias", "targetX", "targetY", "edgeMode", "preserveAlpha", "radius", "scale",
    "xChannelSelector", "yChannelSelector", "baseFrequency", "numOctaves", "seed", "stitchTiles",
    "azimuth", "elevation", "z", "pointsAtX", "pointsAtY", "pointsAtZ", "limitingConeAngle",
];

/// Refused wherever they occur in a (folded) attribute value or `<style>` text.
const FORBIDDEN_IN_VALUES: &[(&str, &str)] = &[
    ("javascript:", "a javascript: address"),
    ("vbscript:", "a vbscript: address"),
    ("data:", "a data: address"),
    ("@import", "a CSS @import"),
    ("expression(", "a CSS expression()"),
    ("image-set(", "a CSS image-set()"),
    ("image(", "a CSS image()"),
    ("src(", "a CSS src()"),
];

/// An accepted logo, ready to store and serve as `media_type`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    pub media_type: &'static str,
    pub bytes: Vec<u8>,
}

/// Why a logo was not accepted; [`LogoError::message`] tells the uploader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogoError {
    /// The file has no bytes.
    Empty,
    /// The file (or the sanitized SVG) has more than [`MAX_LOGO_BYTES`].
    TooBig { bytes: usize },
    /// The content is not a PNG, JPEG, WebP or SVG image.
    NotAnImage,
    /// The SVG contains something logos may not have, e.g. "a <script> element".
    UnsafeSvg(String),
    /// The SVG is not well-formed XML; says what is wrong and where.
    BrokenSvg(String),
}

impl LogoError {
    /// A sentence for the person uploading the logo.
    pub fn message(&self) -> String {
        match self {
            Self::Empty => "That file is empty. Please choose the logo file again.".to_string(),
            Self::TooBig { bytes } => format!(
                "That file has {}; a logo can have 1 MB at most.",
                size_in_words(*bytes)
            ),
            Self::NotAnImage => {
                "That file is not a PNG, JPEG, WebP or SVG image (whatever its name says)."
                    .to_string()
            }
            Self::UnsafeSvg(found) => format!(
                "That SVG contains {found}, which logos may not have. \
                 Export it again as plain shapes, or upload a PNG."
            ),
            Self::BrokenSvg(detail) => format!(
                "That SVG could not be read ({detail}). \
                 Export it again from your drawing program, or upload a PNG."
            ),
        }
    }
}

impl fmt::Display for LogoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for LogoError {}

/// Checks an uploaded logo by its content: size first, then type. Raster images are kept
/// byte for byte; an SVG is replaced by its sanitized form (see the module documentation).
pub fn check_logo(bytes: &[u8]) -> Result<Logo, LogoError> {
    if bytes.is_empty() {
        return Err(LogoError::Empty);
    }
    if bytes.len() > MAX_LOGO_BYTES {
        return Err(LogoError::TooBig { bytes: bytes.len() });
    }
    if let Some(media_type) = raster_type(bytes) {
        return Ok(Logo {
            media_type,
            bytes: bytes.to_vec(),
        });
    }
    let without_bom = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(without_bom).map_err(|_| LogoError::NotAnImage)?;
    if !looks_like_svg(text) {
        return Err(LogoError::NotAnImage);
    }
    let clean = sanitize_svg(text)?;
    if clean.len() > MAX_LOGO_BYTES {
        return Err(LogoError::TooBig { bytes: clean.len() });
    }
    Ok(Logo {
        media_type: "image/svg+xml",
        bytes: clean.into_bytes(),
    })
}

/// Rewrites an SVG document from its tokens, keeping only allowlisted elements and
/// attributes, or refuses it (see the module documentation for the policy).
pub fn sanitize_svg(text: &str) -> Result<String, LogoError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // XML parsers see every line end as \n; doing the same keeps the output faithful.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let tokens = Tokenizer { src: &text, pos: 0 };
    let mut sanitizer = Sanitizer {
        tokens,
        ..Sanitizer::default()
    };
    while let Some(token) = sanitizer.tokens.next_token()? {
        sanitizer.token(token)?;
    }
    sanitizer.finish()
}

fn raster_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(&b"WEBP"[..]) {
        Some("image/webp")
    } else {
        None
    }
}

/// True when, after whitespace, comments and processing instructions, the root element (or
/// the doctype, which the sanitizer then refuses) is named `svg`, with or without a prefix.
fn looks_like_svg(text: &str) -> bool {
    let mut rest = text;
    loop {
        rest = rest.trim_start_matches(is_xml_space);
        let comment = rest.strip_prefix("<!--").map(|body| (body, "-->"));
        let skipped = comment
            .or_else(|| rest.strip_prefix("<?").map(|body| (body, "?>")))
            .and_then(|(body, end)| body.find(end).map(|at| &body[at + end.len()..]));
        match skipped {
            Some(after) => rest = after,
            None => break,
        }
    }
    if rest
        .get(..9)
        .is_some_and(|k| k.eq_ignore_ascii_case("<!DOCTYPE"))
    {
        return is_svg_name(name_prefix(rest[9..].trim_start_matches(is_xml_space)));
    }
    let name = rest.strip_prefix('<').map_or("", name_prefix);
    is_svg_name(name)
        && rest.get(1 + name.len()..).is_some_and(|after| {
            after.starts_with(|c: char| is_xml_space(c) || c == '/' || c == '>')
        })
}

fn is_svg_name(name: &str) -> bool {
    name == "svg" || name.ends_with(":svg")
}

fn is_xml_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

fn is_name_start(c: char) -> bool {
    c.is_alphabetic() || c == '_' || c == ':'
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':')
}

/// The longest prefix of `s` made of name characters.
fn name_prefix(s: &str) -> &str {
    let len = s.find(|c: char| !is_name_char(c)).unwrap_or(s.len());
    &s[..len]
}

/// Splits `prefix:local`; `None` for a misplaced colon.
fn split_name(name: &str) -> Option<(Option<&str>, &str)> {
    let Some((prefix, local)) = name.split_once(':') else {
        return Some((None, name));
    };
    let well_placed = !prefix.is_empty() && !local.is_empty() && !local.contains(':');
    well_placed.then_some((Some(prefix), local))
}

/// A value as shown in a message: no control characters, at most 40 characters.
fn shown(value: &str) -> String {
    let mut visible = value.chars().filter(|c| !c.is_control());
    let mut out: String = visible.by_ref().take(40).collect();
    if visible.next().is_some() {
        out.push('…');
    }
    out
}

fn a_or_an(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'A', 'E', 'I', 'O']) {
        "an"
    } else {
        "a"
    }
}

fn size_in_words(bytes: usize) -> String {
    let bytes = bytes as u64;
    let tenths = bytes.saturating_mul(10).saturating_add(524_288) / 1_048_576;
    if tenths > 10 {
        format!("{}.{} MB", tenths / 10, tenths % 10)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// The characters of `value` without whitespace and control characters.
fn squeezed(value: &str) -> impl Iterator<Item = char> + '_ {
    value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
}

fn unsafe_svg(found: impl Into<String>) -> LogoError {
    LogoError::UnsafeSvg(found.into())
}

/// Refuses dangerous values; `css` also refuses CSS escapes, which could spell any of them.
fn check_value(value: &str, css: bool) -> Result<(), LogoError> {
    if css && value.contains('\\') {
        return Err(unsafe_svg("a CSS escape (\\)"));
    }
    let folded: String = squeezed(value).flat_map(char::to_lowercase).collect();
    for (needle, what) in FORBIDDEN_IN_VALUES {
        if folded.contains(needle) {
            return Err(unsafe_svg(*what));
        }
    }
    let mut targets = folded.split("url(").skip(1);
    if targets.any(|target| !target.trim_start_matches(['"', '\'']).starts_with('#')) {
        return Err(unsafe_svg("a url() that points outside the file"));
    }
    Ok(())
}

/// True for a same-document reference `#id`.
fn is_local_ref(value: &str) -> bool {
    let reference: String = squeezed(value).collect();
    let id = reference.strip_prefix('#').unwrap_or_default();
    !id.is_empty() && id.chars().all(is_name_char)
}

fn escaped(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' if attribute => out.push_str("&#10;"),
            c => out.push(c),
        }
    }
    out
}

/// An attribute's name and decoded value.
type Attr<'a> = (&'a str, String);

enum Token<'a> {
    /// Name, attributes with decoded values, and whether the tag closes itself.
    Start(&'a str, Vec<Attr<'a>>, bool),
    End(&'a str),
    /// Character data with references decoded.
    Text(String),
    CData(&'a str),
    Comment,
    /// A processing instruction, by its target.
    Pi(&'a str),
}

#[derive(Default)]
struct Tokenizer<'a> {
    src: &'a str,
    pos: usize,
}

impl<'a> Tokenizer<'a> {
    fn broken(&self, what: &str) -> LogoError {
        let before = self.src.get(..self.pos).unwrap_or(self.src);
        let line = 1 + before.matches('\n').count();
        LogoError::BrokenSvg(format!("{what} on line {line}"))
    }

    fn rest(&self) -> &'a str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn until(&self, body: &str, end: &str, what: &str) -> Result<usize, LogoError> {
        body.find(end).ok_or_else(|| self.broken(what))
    }

    fn next_token(&mut self) -> Result<Option<Token<'a>>, LogoError> {
        let rest = self.rest();
        if rest.is_empty() {
            return Ok(None);
        }
        if !rest.starts_with('<') {
            let len = rest.find('<').unwrap_or(rest.len());
            let text = self.decode(&rest[..len], false)?;
            self.pos += len;
            return Ok(Some(Token::Text(text)));
        }
        if let Some(body) = rest.strip_prefix("<!--") {
            let len = self.until(body, "-->", "a comment is not closed")?;
            self.pos += 4 + len + 3;
            return Ok(Some(Token::Comment));
        }
        if let Some(body) = rest.strip_prefix("<![CDATA[") {
            let len = self.until(body, "]]>", "a CDATA section is not closed")?;
            if !body[..len].chars().all(is_xml_char) {
                return Err(self.broken("a CDATA section contains a control character"));
            }
            self.pos += 9 + len + 3;
            return Ok(Some(Token::CData(&body[..len])));
        }
        if let Some(body) = rest.strip_prefix("<!") {
            let keyword = shown(name_prefix(body)).to_ascii_uppercase();
            let found = format!("{} <!{keyword}> declaration", a_or_an(&keyword));
            return Err(LogoError::UnsafeSvg(found));
        }
        if let Some(body) = rest.strip_prefix("<?") {
            let len = self.until(body, "?>", "a processing instruction is not closed")?;
            self.pos += 2 + len + 2;
            return Ok(Some(Token::Pi(name_prefix(body))));
        }
        if rest.starts_with("</") {
            self.pos += 2;
            let name = self.name()?;
            self.skip_space();
            if !self.rest().starts_with('>') {
                return Err(self.broken("an end tag is not closed"));
            }
            self.pos += 1;
            return Ok(Some(Token::End(name)));
        }
        self.pos += 1;
        self.start_tag().map(Some)
    }

    fn name(&mut self) -> Result<&'a str, LogoError> {
        let name = name_prefix(self.rest());
        if !name.starts_with(is_name_start) {
            return Err(self.broken("a name is missing or starts with a wrong character"));
        }
        self.pos += name.len();
        Ok(name)
    }

    fn skip_space(&mut self) -> bool {
        let rest = self.rest();
        let skipped = rest.len() - rest.trim_start_matches(is_xml_space).len();
        self.pos += skipped;
        skipped > 0
    }

    fn start_tag(&mut self) -> Result<Token<'a>, LogoError> {
        let name = self.name()?;
        let mut attrs: Vec<Attr<'a>> = Vec::new();
        loop {
            let spaced = self.skip_space();
            let rest = self.rest();
            if rest.starts_with('>') || rest.starts_with("/>") {
                let self_closing = rest.starts_with('/');
                self.pos += if self_closing { 2 } else { 1 };
                return Ok(Token::Start(name, attrs, self_closing));
            }
            if rest.is_empty() {
                return Err(self.broken(&format!("the tag <{}> is not closed", shown(name))));
            }
            if !spaced {
                return Err(self.broken("attributes must be separated by spaces"));
            }
            let attr = self.name()?;
            self.skip_space();
            if !self.rest().starts_with('=') {
                return Err(self.broken(&format!("the attribute {} has no value", shown(attr))));
            }
            self.pos += 1;
            self.skip_space();
            let rest = self.rest();
            let quote = match rest.chars().next() {
                Some(q @ ('"' | '\'')) => q,
                _ => return Err(self.broken("an attribute value is not quoted")),
            };
            let body = &rest[1..];
            let len = body
                .find(quote)
                .ok_or_else(|| self.broken("an attribute value is not closed"))?;
            if body[..len].contains('<') {
                return Err(self.broken("an attribute value contains <"));
            }
            let value = self.decode(&body[..len], true)?;
            if attrs.iter().any(|(seen, _)| *seen == attr) {
                return Err(self.broken(&format!("the attribute {} appears twice", shown(attr))));
            }
            if attrs.len() == MAX_ATTRIBUTES {
                return Err(self.broken("an element has too many attributes"));
            }
            attrs.push((attr, value));
            self.pos += 1 + len + 1;
        }
    }

    /// Decodes references; in attribute values literal tabs and line ends become spaces,
    /// as an XML parser would make them.
    fn decode(&self, raw: &str, attribute: bool) -> Result<String, LogoError> {
        let mut out = String::with_capacity(raw.len());
        let mut rest = raw;
        loop {
            let (plain, reference) = match rest.find('&') {
                Some(amp) => (&rest[..amp], Some(&rest[amp + 1..])),
                None => (rest, None),
            };
            for c in plain.chars() {
                match c {
                    '\t' | '\n' if attribute => out.push(' '),
                    c if is_xml_char(c) => out.push(c),
                    _ => return Err(self.broken("the file contains a control character")),
                }
            }
            let Some(tail) = reference else {
                return Ok(out);
            };
            let Some(semicolon) = tail.find(';') else {
                return Err(self.broken("a & does not start a reference (write &amp;)"));
            };
            out.push(self.reference(&tail[..semicolon])?);
            rest = &tail[semicolon + 1..];
        }
    }

    fn reference(&self, name: &str) -> Result<char, LogoError> {
        let code = if let Some(number) = name.strip_prefix('#') {
            let (digits, radix) = number
                .strip_prefix('x')
                .map_or((number, 10), |hex| (hex, 16));
            let plain = !digits.is_empty() && digits.chars().all(|c| c.is_digit(radix));
            u32::from_str_radix(digits, radix).ok().filter(|_| plain)
        } else {
            return match name {
                "lt" => Ok('<'),
                "gt" => Ok('>'),
                "amp" => Ok('&'),
                "quot" => Ok('"'),
                "apos" => Ok('\''),
                _ if name.starts_with(is_name_start) && name.chars().all(is_name_char) => Err(
                    LogoError::UnsafeSvg(format!("the entity reference &{};", shown(name))),
                ),
                _ => Err(self.broken("a & does not start a reference (write &amp;)")),
            };
        };
        code.and_then(char::from_u32)
            .filter(|&c| is_xml_char(c))
            .ok_or_else(|| self.broken("a character reference is not a valid character"))
    }
}

struct Open<'a> {
    name: &'a str,
    local: &'a str,
    /// How many namespace bindings were in scope before this element.
    scope: usize,
    kept: bool,
    /// The text of a `<style>` element, checked when it closes.
    style: Option<String>,
}

#[derive(Default)]
struct Sanitizer<'a> {
    tokens: Tokenizer<'a>,
    out: String,
    /// Namespace bindings in scope, innermost last; the prefix is "" for the default.
    bindings: Vec<(&'a str, String)>,
    open: Vec<Open<'a>>,
    markup_seen: bool,
    finished: bool,
    xlink_at: usize,
    uses_xlink: bool,
}

impl<'a> Sanitizer<'a> {
    fn broken(&self, what: &str) -> LogoError {
        self.tokens.broken(what)
    }

    fn token(&mut self, token: Token<'a>) -> Result<(), LogoError> {
        let blank = matches!(&token, Token::Text(t) if t.chars().all(is_xml_space));
        match token {
            Token::Comment => {}
            Token::Pi("xml") if !self.markup_seen => {}
            Token::Pi(target) => {
                let found = format!("a <?{}?> processing instruction", shown(target));
                return Err(LogoError::UnsafeSvg(found));
            }
            Token::Text(text) => self.text(&text)?,
            Token::CData(text) => self.text(text)?,
            Token::Start(name, attrs, closed) => self.start(name, &attrs, closed)?,
            Token::End(name) => self.end(name)?,
        }
        self.markup_seen |= !blank;
        Ok(())
    }

    fn namespace(&self, prefix: Option<&str>) -> Result<&str, LogoError> {
        let wanted = match prefix {
            Some("xml") => return Ok(XML_NS),
            Some(prefix) => prefix,
            None => "",
        };
        match self.bindings.iter().rev().find(|(p, _)| *p == wanted) {
            Some((_, uri)) => Ok(uri),
            // Without any default namespace, unprefixed names are read as SVG.
            None if prefix.is_none() => Ok(SVG_NS),
            None => Err(self.broken(&format!("the prefix {}: is not declared", shown(wanted)))),
        }
    }

    fn text(&mut self, text: &str) -> Result<(), LogoError> {
        let Some(open) = self.open.last_mut() else {
            if text.chars().all(is_xml_space) {
                return Ok(());
            }
            return Err(self.broken("there is text outside the <svg> element"));
        };
        if let Some(style) = &mut open.style {
            style.push_str(text);
        }
        if open.kept {
            self.out.push_str(&escaped(text, false));
        }
        Ok(())
    }

    fn start(&mut self, name: &'a str, attrs: &[Attr<'a>], closed: bool) -> Result<(), LogoError> {
        if self.finished {
            return Err(self.broken("there is content after the end of the <svg> element"));
        }
        let scope = self.bindings.len();
        for &(attr, ref value) in attrs {
            if attr == "xmlns" {
                self.bindings.push(("", value.clone()));
            } else if let Some(prefix) = attr.strip_prefix("xmlns:") {
                self.bindings.push((prefix, value.clone()));
            }
        }
        if self.bindings.len() > MAX_NAMESPACES {
            return Err(self.broken("there are too many namespace declarations"));
        }
        let misplaced_colon = || self.tokens.broken("a name has a misplaced colon");
        let (prefix, local) = split_name(name).ok_or_else(misplaced_colon)?;
        let lower = local.to_ascii_lowercase();
        if REFUSED_ELEMENTS.contains(&lower.as_str()) {
            let found = format!("{} <{}> element", a_or_an(local), shown(name));
            return Err(LogoError::UnsafeSvg(found));
        }
        let in_svg = self.namespace(prefix)? == SVG_NS;
        let parent_keeps = self.open.last().is_none_or(|p| p.kept && p.style.is_none());
        let kept = parent_keeps && in_svg && ALLOWED_ELEMENTS.contains(&local);
        let root = self.open.is_empty();
        if root && !(kept && local == "svg") {
            return Err(LogoError::NotAnImage);
        }

        let mut tag = String::new();
        let mut written: Vec<&str> = Vec::new();
        for &(attr, ref value) in attrs {
            let (prefix, attr_local) = split_name(attr).ok_or_else(misplaced_colon)?;
            let lower = attr_local.to_ascii_lowercase();
            if lower.starts_with("on") {
                let found = format!("{} {} attribute", a_or_an(attr_local), shown(attr));
                return Err(LogoError::UnsafeSvg(found));
            }
            check_value(value, false)?;
            if lower == "href" && !is_local_ref(value) {
                return Err(unsafe_svg(format!("a link to \"{}\"", shown(value))));
            }
            let out_name: Option<&str> = match prefix {
                Some("xmlns") => None,
                None if attr_local == "href" || ALLOWED_ATTRIBUTES.contains(&attr_local) => {
                    Some(attr_local)
                }
                None => None,
                Some(_) => match self.namespace(prefix)? {
                    XLINK_NS if attr_local == "href" => Some("xlink:href"),
                    XML_NS if matches!(attr_local, "space" | "lang") => Some(attr),
                    _ => None,
                },
            };
            let Some(out_name) = out_name.filter(|_| kept) else {
                continue;
            };
            check_value(value, true)?;
            if written.contains(&out_name) {
                return Err(self.broken(&format!("the attribute {out_name} appears twice")));
            }
            written.push(out_name);
            self.uses_xlink |= out_name == "xlink:href";
            // An href is written exactly as checked: `#id`, without whitespace.
            let value: String = if out_name.ends_with("href") {
                squeezed(value).collect()
            } else {
                value.clone()
            };
            tag.push_str(&format!(" {out_name}=\"{}\"", escaped(&value, true)));
        }

        if kept {
            self.out.push_str(&format!("<{local}"));
            if root {
                self.out.push_str(&format!(" xmlns=\"{SVG_NS}\""));
                self.xlink_at = self.out.len();
            }
            let end = if closed { "/>" } else { ">" };
            self.out.push_str(&format!("{tag}{end}"));
        }
        if closed {
            self.bindings.truncate(scope);
            self.finished = root;
        } else {
            self.open.push(Open {
                name,
                local,
                scope,
                kept,
                style: (lower == "style").then(String::new),
            });
        }
        Ok(())
    }

    fn end(&mut self, name: &'a str) -> Result<(), LogoError> {
        let Some(open) = self.open.pop() else {
            return Err(self.broken(&format!("</{}> closes nothing", shown(name))));
        };
        if open.name != name {
            let what = format!("</{}> does not match <{}>", shown(name), shown(open.name));
            return Err(self.broken(&what));
        }
        if let Some(css) = &open.style {
            check_value(css, true)?;
        }
        if open.kept {
            self.out.push_str(&format!("</{}>", open.local));
        }
        self.bindings.truncate(open.scope);
        self.finished = self.open.is_empty();
        Ok(())
    }

    fn finish(mut self) -> Result<String, LogoError> {
        if !self.finished && self.open.is_empty() {
            return Err(LogoError::NotAnImage);
        }
        if !self.finished {
            return Err(self.broken("the file ends before the <svg> element is closed"));
        }
        if self.uses_xlink {
            let declaration = format!(" xmlns:xlink=\"{XLINK_NS}\"");
            self.out.insert_str(self.xlink_at, &declaration);
        }
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    const OPEN: &str = r#"<svg xmlns="http://www.w3.org/2000/svg">"#;

    /// `tests/fixtures/svg/<kind>` of the workspace; without Cargo, relative to `app/`.
    fn fixtures(kind: &str) -> Vec<(String, Vec<u8>)> {
        let base = match option_env!("CARGO_MANIFEST_DIR") {
            Some(dir) => PathBuf::from(dir).join("../tests/fixtures/svg"),
            None => PathBuf::from("../tests/fixtures/svg"),
        };
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(base.join(kind))
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "svg"))
            .map(|path| {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read(&path).unwrap())
            })
            .collect();
        files.sort();
        files
    }

    fn svg(body: &str) -> String {
        format!(r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="{XLINK_NS}">{body}</svg>"#)
    }

    fn clean(body: &str) -> String {
        sanitize_svg(&svg(body)).unwrap()
    }

    fn refusal(body: &str) -> String {
        match sanitize_svg(&svg(body)) {
            Err(LogoError::UnsafeSvg(found)) => found,
            other => panic!("expected a refusal of {body:?}, got {other:?}"),
        }
    }

    fn is_broken(text: &str) -> bool {
        matches!(sanitize_svg(text), Err(LogoError::BrokenSvg(_)))
    }

    /// Every attribute of every element in `svg`, read with the module's own tokenizer.
    fn attributes(svg: &str) -> Vec<(String, String)> {
        let mut tokens = Tokenizer { src: svg, pos: 0 };
        let mut all = Vec::new();
        while let Some(token) = tokens.next_token().unwrap() {
            if let Token::Start(_, attrs, _) = token {
                all.extend(attrs.into_iter().map(|(n, v)| (n.to_string(), v)));
            }
        }
        all
    }

    /// Each hostile fixture and what it must be refused for, so none passes by accident.
    const HOSTILE: &[(&str, &str)] = &[
        ("a-javascript.svg", "an <a> element"),
        ("animate-href.svg", "an <animate> element"),
        ("billion-laughs.svg", "a <!DOCTYPE> declaration"),
        ("embed.svg", "an <embed> element"),
        ("entity-encoded-javascript.svg", "a javascript: address"),
        ("feimage.svg", "a <feImage> element"),
        ("foreignobject-iframe.svg", "a <foreignObject> element"),
        ("handler-element.svg", "a <handler> element"),
        ("html-page-with-svg.svg", "not an image"),
        ("iframe.svg", "an <iframe> element"),
        ("image-external.svg", "an <image> element"),
        ("object.svg", "an <object> element"),
        ("onclick-odd-case.svg", "an OnClIcK attribute"),
        ("onload-root.svg", "an onload attribute"),
        ("prefixed-svg-script.svg", "a <svg:script> element"),
        ("script-cdata.svg", "a <script> element"),
        ("script-element.svg", "a <script> element"),
        ("script-in-metadata.svg", "a <script> element"),
        ("set-href.svg", "a <set> element"),
        ("style-attribute-css-escape.svg", "a CSS escape (\\)"),
        ("style-attribute-expression.svg", "a CSS expression()"),
        ("style-attribute-image-set.svg", "a CSS image-set()"),
        (
            "style-attribute-url.svg",
            "a url() that points outside the file",
        ),
        (
            "style-external-url.svg",
            "a url() that points outside the file",
        ),
        ("style-import.svg", "a CSS @import"),
        ("style-split-by-comment.svg", "a CSS @import"),
        ("use-data-href.svg", "a data: address"),
        (
            "use-external-href.svg",
            "a link to \"https://evil.example/sprite.svg#logo\"",
        ),
        ("xhtml-script.svg", "a <script> element"),
        ("xlink-href-javascript-tab.svg", "a javascript: address"),
        (
            "xlink-prefix-alias.svg",
            "a link to \"https://evil.example/sprite.svg#logo\"",
        ),
        (
            "xml-stylesheet-pi.svg",
            "a <?xml-stylesheet?> processing instruction",
        ),
        ("xxe-doctype.svg", "a <!DOCTYPE> declaration"),
    ];

    #[test]
    fn every_hostile_fixture_is_refused_for_what_it_hides() {
        let hostile = fixtures("hostile");
        assert!(
            hostile.len() >= 20,
            "only {} hostile fixtures",
            hostile.len()
        );
        let names: Vec<&str> = hostile.iter().map(|(name, _)| name.as_str()).collect();
        let listed: Vec<&str> = HOSTILE.iter().map(|(name, _)| *name).collect();
        assert_eq!(
            names, listed,
            "every hostile fixture needs an entry in HOSTILE"
        );
        for ((name, bytes), (_, expected)) in hostile.iter().zip(HOSTILE) {
            let found = match check_logo(bytes) {
                Err(LogoError::UnsafeSvg(found)) => found,
                Err(LogoError::NotAnImage) => "not an image".to_string(),
                other => panic!("{name} was not refused: {other:?}"),
            };
            assert_eq!(found, *expected, "{name}");
        }
    }

    #[test]
    fn every_benign_fixture_is_accepted_clean_and_stable() {
        let benign = fixtures("benign");
        assert!(benign.len() >= 4, "only {} benign fixtures", benign.len());
        for (name, bytes) in benign {
            let logo = check_logo(&bytes).unwrap_or_else(|e| panic!("{name}: {e:?}"));
            assert_eq!(logo.media_type, "image/svg+xml", "{name}");
            let out = String::from_utf8(logo.bytes).unwrap();
            assert_eq!(
                sanitize_svg(&out).as_ref(),
                Ok(&out),
                "{name} is not stable"
            );
            let lower = out.to_lowercase();
            for junk in [
                "script",
                "sodipodi:",
                "inkscape:",
                "metadata",
                "rdf:",
                "<!--",
                "<?",
            ] {
                assert!(!lower.contains(junk), "{name} still has {junk}: {out}");
            }
            assert!(
                out.starts_with(r#"<svg xmlns="http://www.w3.org/2000/svg""#),
                "{name}"
            );
            for (attr, value) in attributes(&out) {
                assert!(!attr.to_lowercase().starts_with("on"), "{name}: {attr}");
                if !attr.starts_with("xmlns") {
                    assert!(!value.to_lowercase().contains("http"), "{name}: {attr}");
                }
                if attr.ends_with("href") {
                    assert!(value.starts_with('#'), "{name}: {attr}={value}");
                }
            }
        }
    }

    #[test]
    fn an_svg_with_a_script_element_is_refused() {
        assert_eq!(refusal("<script>alert(1)</script>"), "a <script> element");
        let message = LogoError::UnsafeSvg(refusal("<script/>")).message();
        assert_eq!(
            message,
            "That SVG contains a <script> element, which logos may not have. \
             Export it again as plain shapes, or upload a PNG."
        );
    }

    #[test]
    fn refused_elements_are_found_with_any_prefix_case_or_namespace() {
        let svg_prefix =
            r#"<svg:svg xmlns:svg="http://www.w3.org/2000/svg"><svg:script/></svg:svg>"#;
        assert!(matches!(
            sanitize_svg(svg_prefix),
            Err(LogoError::UnsafeSvg(_))
        ));
        assert!(refusal("<SCRIPT/>").contains("SCRIPT"));
        assert!(refusal("<foreignobject/>").contains("foreignobject"));
        let xhtml = r#"<h:iframe xmlns:h="http://www.w3.org/1999/xhtml" src="x"/>"#;
        assert_eq!(refusal(xhtml), "an <h:iframe> element");
        assert!(refusal("<metadata><g><animate/></g></metadata>").contains("animate"));
    }

    #[test]
    fn event_handlers_are_refused_in_any_case_and_namespace() {
        assert_eq!(refusal(r#"<rect ONLOAD="x"/>"#), "an ONLOAD attribute");
        assert!(refusal(r#"<rect OnClIcK="x"/>"#).contains("OnClIcK"));
        let prefixed = r#"<rect xmlns:e="urn:e" e:onfocus="x"/>"#;
        assert!(refusal(prefixed).contains("onfocus"));
        let root = r#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#;
        assert!(matches!(sanitize_svg(root), Err(LogoError::UnsafeSvg(_))));
    }

    #[test]
    fn a_javascript_href_split_by_a_tab_reference_is_refused() {
        let found = refusal(r#"<use xlink:href="java&#x09;script:alert(1)"/>"#);
        assert_eq!(found, "a javascript: address");
        let spelled = refusal(r#"<use href="&#106;AvA&#x0A;sCrIpT&#58;alert(1)"/>"#);
        assert_eq!(spelled, "a javascript: address");
    }

    #[test]
    fn only_same_document_references_are_kept() {
        let kept = clean(r##"<use href="#a"/><use xlink:href=" &#9;#b "/>"##);
        assert!(
            kept.contains(r##"<use href="#a"/><use xlink:href="#b"/>"##),
            "{kept}"
        );
        for external in [
            "https://evil.example/s.svg#a",
            "//evil.example/s.svg#a",
            "s.svg#a",
            "",
            "#a(b)",
        ] {
            let found = refusal(&format!(r#"<use xlink:href="{external}"/>"#));
            assert!(found.starts_with("a link to") || found.contains("address"));
        }
        assert!(refusal(r#"<use href="data:image/svg+xml,x"/>"#).contains("data:"));
    }

    #[test]
    fn an_href_on_any_prefix_bound_to_xlink_is_checked_and_written_as_xlink() {
        let alias = r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink"><use x:href="#a"/></svg>"##;
        assert_eq!(
            sanitize_svg(alias).unwrap(),
            r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><use xlink:href="#a"/></svg>"##
        );
        let external = alias.replace("#a", "https://evil.example/");
        assert!(matches!(
            sanitize_svg(&external),
            Err(LogoError::UnsafeSvg(_))
        ));
        let twice = r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink" xmlns:xlink="http://www.w3.org/1999/xlink"><use x:href="#a" xlink:href="#b"/></svg>"##;
        assert!(is_broken(twice));
    }

    #[test]
    fn the_xlink_namespace_is_declared_only_when_needed() {
        assert_eq!(clean("<rect/>"), format!("{OPEN}<rect/></svg>"));
    }

    #[test]
    fn a_doctype_is_refused_before_any_entity_is_expanded() {
        let xxe = r#"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>"#;
        assert_eq!(
            sanitize_svg(xxe),
            Err(LogoError::UnsafeSvg("a <!DOCTYPE> declaration".into()))
        );
        assert!(matches!(
            check_logo(xxe.as_bytes()),
            Err(LogoError::UnsafeSvg(_))
        ));
        assert_eq!(refusal("<!ENTITY x 'y'>"), "an <!ENTITY> declaration");
    }

    #[test]
    fn only_predefined_and_numeric_entity_references_are_allowed() {
        assert_eq!(
            refusal("<text>&nbsp;</text>"),
            "the entity reference &nbsp;"
        );
        assert!(clean("<text>&lt;&gt;&amp;&quot;&apos;&#65;&#x42;</text>")
            .contains("&lt;&gt;&amp;&quot;&apos;AB<"));
        assert!(is_broken(&svg("<text>fish & chips</text>")));
        assert!(is_broken(&svg("<text>&#0;</text>")));
        assert!(is_broken(&svg("<text>&#x+41;</text>")));
        assert!(is_broken(&svg("<text>&#xD800;</text>")));
    }

    #[test]
    fn processing_instructions_other_than_the_xml_declaration_are_refused() {
        let pi = r#"<?xml version="1.0"?><?xml-stylesheet href="https://evil.example/x.css"?><svg xmlns="http://www.w3.org/2000/svg"/>"#;
        assert_eq!(
            sanitize_svg(pi),
            Err(LogoError::UnsafeSvg(
                "a <?xml-stylesheet?> processing instruction".into()
            ))
        );
        assert!(refusal("<?php echo 1; ?>").contains("php"));
        let late_declaration = format!("{OPEN}<?xml version=\"1.0\"?></svg>");
        assert!(matches!(
            sanitize_svg(&late_declaration),
            Err(LogoError::UnsafeSvg(_))
        ));
    }

    #[test]
    fn dangerous_style_attributes_are_refused() {
        let url = refusal(r#"<rect style="fill:url(https://evil.example/p.svg#g)"/>"#);
        assert_eq!(url, "a url() that points outside the file");
        assert!(refusal(r#"<rect style="width:ExPrEsSiOn(alert(1))"/>"#).contains("expression"));
        assert!(refusal(r#"<rect fill="url( 'x.svg#g' )"/>"#).contains("url()"));
        let escape = refusal(r#"<rect style="fill:\75rl(x)"/>"#);
        assert_eq!(escape, "a CSS escape (\\)");
        assert!(
            refusal(r#"<rect style="background:image-set('x.png' 1x)"/>"#).contains("image-set")
        );
    }

    #[test]
    fn a_style_element_with_import_is_refused_even_when_split_by_a_comment() {
        assert!(refusal(r#"<style>@import "x.css";</style>"#).contains("@import"));
        let split = refusal(r#"<style>@im<!-- -->port "x.css";</style>"#);
        assert!(split.contains("@import"), "{split}");
        let cdata = refusal("<style><![CDATA[rect{fill:url(//evil.example/p#a)}]]></style>");
        assert!(cdata.contains("url()"));
        assert!(
            refusal(r#"<style>@font-face{src:url(data:font/woff,x)}</style>"#).contains("data:")
        );
    }

    #[test]
    fn local_url_references_and_plain_styles_are_kept() {
        let body = r##"<style>.a{fill:url(#g)} g > .b{stroke:#000}</style><rect class="a" fill="url(#g)" clip-path="url('#c')" style="fill:url(&quot;#g&quot;);opacity:.5"/>"##;
        let out = clean(body);
        assert!(
            out.contains("<style>.a{fill:url(#g)} g &gt; .b{stroke:#000}</style>"),
            "{out}"
        );
        assert!(
            out.contains(r#"style="fill:url(&quot;#g&quot;);opacity:.5""#),
            "{out}"
        );
    }

    #[test]
    fn editor_junk_is_dropped_silently() {
        let body = r##"<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><dc:title xmlns:dc="http://purl.org/dc/elements/1.1/">x</dc:title></rdf:RDF></metadata><!-- note --><sodipodi:namedview xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" pagecolor="#fff"/><g xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" inkscape:label="Layer 1" data-name="x" id="l"><path d="M0 0h1"/></g>"##;
        assert_eq!(
            clean(body),
            format!(r#"{OPEN}<g id="l"><path d="M0 0h1"/></g></svg>"#)
        );
    }

    #[test]
    fn unknown_and_foreign_elements_are_dropped_with_their_subtree() {
        let body = r#"<blink><rect/>text</blink><h:p xmlns:h="http://www.w3.org/1999/xhtml">hi<rect/></h:p><g xmlns="urn:other"><rect/></g><circle r="1"/>"#;
        assert_eq!(clean(body), format!(r#"{OPEN}<circle r="1"/></svg>"#));
    }

    #[test]
    fn text_and_attribute_values_are_re_escaped() {
        let out = clean(
            r#"<title>Fish &amp; Chips &lt;3 ' "</title><rect id='a"b&#9;c' class="x&#39;y"/>"#,
        );
        let expected = r#"<title>Fish &amp; Chips &lt;3 &apos; &quot;</title><rect id="a&quot;b&#9;c" class="x&apos;y"/>"#;
        assert!(out.contains(expected), "{out}");
        let cdata = clean("<text><![CDATA[a < b & c]]></text>");
        assert!(cdata.contains("<text>a &lt; b &amp; c</text>"), "{cdata}");
    }

    #[test]
    fn sanitizing_twice_changes_nothing() {
        let messy = "\u{feff}<?xml version=\"1.0\"?>\r\n<svg:svg xmlns:svg=\"http://www.w3.org/2000/svg\" xmlns:l=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 1\t1\" xml:space=\"preserve\"><svg:defs><svg:linearGradient id=\"g\"/></svg:defs><svg:use l:href=\"#g\" class='a&#10;b'/><svg:text>x\r\ny &#13; z</svg:text></svg:svg>";
        let once = sanitize_svg(messy).unwrap();
        assert_eq!(sanitize_svg(&once).unwrap(), once);
        assert!(
            once.contains(r#"viewBox="0 0 1 1" xml:space="preserve""#),
            "{once}"
        );
        assert!(once.contains(r#"class="a&#10;b""#), "{once}");
        assert!(once.contains("<text>x\ny &#13; z</text>"), "{once}");
    }

    #[test]
    fn malformed_xml_is_broken_with_a_line_number() {
        let unclosed = format!("{OPEN}\n<g>\n<rect/>");
        assert!(is_broken(&unclosed));
        match sanitize_svg(&format!("{OPEN}\n<g>\n</rect></svg>")) {
            Err(LogoError::BrokenSvg(detail)) => {
                assert_eq!(detail, "</rect> does not match <g> on line 3");
            }
            other => panic!("{other:?}"),
        }
        assert!(is_broken(&svg("<rect x=1/>")));
        assert!(is_broken(&svg(r#"<rect x="1"y="2"/>"#)));
        assert!(is_broken(&svg(r#"<rect x="1" x="2"/>"#)));
        assert!(is_broken(&svg(r#"<rect x="<"/>"#)));
        assert!(is_broken(&svg("<p:rect/>")));
        assert!(is_broken(&svg("<rect")));
        assert!(is_broken(&svg("<!-- open")));
        assert!(is_broken(&format!("{OPEN}</svg><rect/>")));
        assert!(is_broken(&svg("</g>")));
        assert!(is_broken(&svg("<text>\u{1}</text>")));
    }

    #[test]
    fn a_root_that_is_not_svg_is_not_an_image() {
        assert_eq!(
            sanitize_svg("<html><svg/></html>"),
            Err(LogoError::NotAnImage)
        );
        let xhtml_svg = r#"<svg xmlns="http://www.w3.org/1999/xhtml"/>"#;
        assert_eq!(sanitize_svg(xhtml_svg), Err(LogoError::NotAnImage));
        assert_eq!(sanitize_svg("  "), Err(LogoError::NotAnImage));
        let no_namespace = sanitize_svg(r#"<svg viewBox="0 0 1 1"/>"#).unwrap();
        assert_eq!(
            no_namespace,
            format!(r#"<svg xmlns="{SVG_NS}" viewBox="0 0 1 1"/>"#)
        );
    }

    #[test]
    fn raster_images_are_recognised_by_their_magic_bytes_whatever_follows() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR<script>".to_vec();
        assert_eq!(check_logo(&png).unwrap().media_type, "image/png");
        assert_eq!(check_logo(&png).unwrap().bytes, png);
        let jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F'];
        assert_eq!(check_logo(&jpeg).unwrap().media_type, "image/jpeg");
        let webp = b"RIFF\x24\0\0\0WEBPVP8 ";
        assert_eq!(check_logo(webp).unwrap().media_type, "image/webp");
        assert_eq!(
            check_logo(b"RIFF\x24\0\0\0WAVEfmt "),
            Err(LogoError::NotAnImage)
        );
        assert_eq!(check_logo(b"\x89PNG"), Err(LogoError::NotAnImage));
    }

    #[test]
    fn gifs_html_text_and_binary_junk_are_not_images() {
        assert_eq!(
            check_logo(b"GIF89a\x01\0\x01\0\0\0\0;"),
            Err(LogoError::NotAnImage)
        );
        let html =
            b"<!DOCTYPE html><html><body><svg xmlns=\"http://www.w3.org/2000/svg\"/></body></html>";
        assert_eq!(check_logo(html), Err(LogoError::NotAnImage));
        assert_eq!(
            check_logo(b"<html><svg></svg></html>"),
            Err(LogoError::NotAnImage)
        );
        assert_eq!(
            check_logo(b"just some text <svg>"),
            Err(LogoError::NotAnImage)
        );
        assert_eq!(check_logo(b"<svgfoo/>"), Err(LogoError::NotAnImage));
        assert_eq!(
            check_logo(b"\xff\xfe<\0s\0v\0g\0"),
            Err(LogoError::NotAnImage)
        );
        assert_eq!(check_logo(b"\xc3\x28<svg/>"), Err(LogoError::NotAnImage));
    }

    #[test]
    fn an_svg_with_a_declaration_comment_and_byte_order_mark_is_accepted() {
        let upload = "\u{feff}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- logo -->\n<svg xmlns=\"http://www.w3.org/2000/svg\"><rect/></svg>\n";
        let logo = check_logo(upload.as_bytes()).unwrap();
        assert_eq!(logo.media_type, "image/svg+xml");
        assert_eq!(logo.bytes, format!("{OPEN}<rect/></svg>").into_bytes());
    }

    #[test]
    fn an_empty_file_is_refused() {
        assert_eq!(check_logo(b""), Err(LogoError::Empty));
        assert_eq!(
            LogoError::Empty.message(),
            "That file is empty. Please choose the logo file again."
        );
    }

    #[test]
    fn exactly_one_megabyte_is_accepted_and_one_byte_more_is_too_big() {
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.resize(MAX_LOGO_BYTES, 0);
        assert!(check_logo(&png).is_ok());
        png.push(0);
        assert_eq!(
            check_logo(&png),
            Err(LogoError::TooBig {
                bytes: MAX_LOGO_BYTES + 1
            })
        );
    }

    #[test]
    fn size_is_checked_before_type() {
        let junk = vec![b'G'; MAX_LOGO_BYTES + 10];
        assert!(matches!(check_logo(&junk), Err(LogoError::TooBig { .. })));
    }

    #[test]
    fn messages_are_sentences_for_the_uploader() {
        let big = LogoError::TooBig { bytes: 1_468_006 };
        assert_eq!(
            big.message(),
            "That file has 1.4 MB; a logo can have 1 MB at most."
        );
        let barely = LogoError::TooBig {
            bytes: MAX_LOGO_BYTES + 1,
        };
        assert_eq!(
            barely.message(),
            "That file has 1025 KB; a logo can have 1 MB at most."
        );
        assert_eq!(
            LogoError::NotAnImage.to_string(),
            "That file is not a PNG, JPEG, WebP or SVG image (whatever its name says)."
        );
        let broken = LogoError::BrokenSvg("a tag is not closed on line 2".into());
        assert!(broken
            .message()
            .starts_with("That SVG could not be read (a tag"));
    }

    #[test]
    fn values_shown_in_messages_are_short_and_printable() {
        let long = format!("https://evil.example/\u{85}{}", "x".repeat(100));
        let found = refusal(&format!(r#"<use href="{long}"/>"#));
        assert_eq!(found.chars().count(), "a link to \"\"".len() + 41);
        assert!(!found.chars().any(char::is_control));
    }

    #[test]
    fn oversized_tags_are_refused_rather_than_slowing_down() {
        let attrs: String = (0..=MAX_ATTRIBUTES)
            .map(|i| format!(" d{i}=\"\""))
            .collect();
        assert!(is_broken(&svg(&format!("<rect{attrs}/>"))));
        let namespaces: String = (0..=MAX_NAMESPACES)
            .map(|i| format!(" xmlns:n{i}=\"urn:{i}\""))
            .collect();
        assert!(is_broken(&svg(&format!("<g{namespaces}/>"))));
    }
}
