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
    crate::markup::escape_with(text, "&apos;", |c| match c {
        '\r' => Some("&#13;"),
        '\t' if attribute => Some("&#9;"),
        '\n' if attribute => Some("&#10;"),
        _ => None,
    })
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
mod tests;
