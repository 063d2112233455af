//! The SVG sanitizer and logo checks against hostile and ordinary files.

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
    let svg_prefix = r#"<svg:svg xmlns:svg="http://www.w3.org/2000/svg"><svg:script/></svg:svg>"#;
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
    assert!(refusal(r#"<rect style="background:image-set('x.png' 1x)"/>"#).contains("image-set"));
}

#[test]
fn a_style_element_with_import_is_refused_even_when_split_by_a_comment() {
    assert!(refusal(r#"<style>@import "x.css";</style>"#).contains("@import"));
    let split = refusal(r#"<style>@im<!-- -->port "x.css";</style>"#);
    assert!(split.contains("@import"), "{split}");
    let cdata = refusal("<style><![CDATA[rect{fill:url(//evil.example/p#a)}]]></style>");
    assert!(cdata.contains("url()"));
    assert!(refusal(r#"<style>@font-face{src:url(data:font/woff,x)}</style>"#).contains("data:"));
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
    let out =
        clean(r#"<title>Fish &amp; Chips &lt;3 ' "</title><rect id='a"b&#9;c' class="x&#39;y"/>"#);
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
