//! Uploaded images without what they carry besides the picture (server only): camera data,
//! GPS position, comments and editing history go before a photo or logo is stored and shown.

use crate::error::AppError;
use img_parts::{jpeg::Jpeg, png::Png, webp::WebP, Bytes, ImageEXIF};

/// JPEG segments that hold metadata: EXIF and XMP (APP1), vendor blocks (APP3 to APP13,
/// APP15: IPTC, Photoshop, Ducky…) and comments. APP0 (JFIF), APP2 (the colour profile) and
/// APP14 (Adobe's colour transform) stay: the picture needs them.
const JPEG_METADATA: &[u8] = &[
    0xE1, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEA, 0xEB, 0xEC, 0xED, 0xEF, 0xFE,
];
/// PNG chunks that hold metadata: EXIF, text of any kind, and the last-modified time.
const PNG_METADATA: &[[u8; 4]] = &[*b"eXIf", *b"tEXt", *b"zTXt", *b"iTXt", *b"tIME"];

/// The largest image one upload may carry (a speaker photo, an event cover).
pub const MAX_IMAGE_BYTES: usize = 2 * 1024 * 1024;

/// The media type of a PNG, JPEG or WebP image, told by its first bytes (not its name).
pub fn image_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// Checks an uploaded image sent in the form field `field` (a `noun` such as "photo"): its
/// media type, or why it is refused.
pub fn check_image(bytes: &[u8], field: &str, noun: &str) -> Result<&'static str, AppError> {
    if bytes.is_empty() {
        return Err(AppError::invalid(
            field,
            format!("Choose a {noun} to upload."),
        ));
    }
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(AppError::invalid(
            field,
            format!(
                "That file has {:.1} MB; a {noun} can have 2 MB at most.",
                bytes.len() as f64 / (1024.0 * 1024.0)
            ),
        ));
    }
    image_type(bytes).ok_or_else(|| {
        AppError::invalid(
            field,
            "That file is not a PNG, JPEG or WebP image (whatever its name says).",
        )
    })
}

/// An uploaded image ready to store: checked (see `check_image`) and without its metadata;
/// (bytes, media type), or why it is refused, for the field `field`.
pub fn accept_image(
    bytes: &[u8],
    field: &str,
    noun: &str,
) -> Result<(Vec<u8>, &'static str), AppError> {
    let media_type = check_image(bytes, field, noun)?;
    let cleaned = without_metadata(bytes, media_type).map_err(|_| {
        AppError::invalid(
            field,
            "That image could not be read. Please save it again as PNG, JPEG or WebP.",
        )
    })?;
    Ok((cleaned, media_type))
}

/// Why an image could not be cleaned.
#[derive(Debug, PartialEq, Eq)]
pub struct Unreadable;

/// `bytes` of an image of `media_type` (told by its content) without its metadata. Other
/// types (SVG, checked elsewhere) come back as they are.
pub fn without_metadata(bytes: &[u8], media_type: &str) -> Result<Vec<u8>, Unreadable> {
    let input = Bytes::copy_from_slice(bytes);
    let cleaned = match media_type {
        "image/jpeg" => {
            let mut jpeg = Jpeg::from_bytes(input).map_err(|_| Unreadable)?;
            for marker in JPEG_METADATA {
                jpeg.remove_segments_by_marker(*marker);
            }
            jpeg.encoder().bytes()
        }
        "image/png" => {
            let mut png = Png::from_bytes(input).map_err(|_| Unreadable)?;
            for kind in PNG_METADATA {
                png.remove_chunks_by_type(*kind);
            }
            png.encoder().bytes()
        }
        "image/webp" => {
            let mut webp = WebP::from_bytes(input).map_err(|_| Unreadable)?;
            webp.remove_chunks_by_id(*b"XMP ");
            // Also sets the header's flags to what is left.
            webp.set_exif(None);
            webp.encoder().bytes()
        }
        _ => return Ok(bytes.to_vec()),
    };
    Ok(cleaned.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A JPEG's segment: marker and contents with their length.
    fn segment(marker: u8, contents: &[u8]) -> Vec<u8> {
        let len = u16::try_from(contents.len() + 2).unwrap().to_be_bytes();
        [&[0xFF, marker][..], &len, contents].concat()
    }

    /// A tiny JPEG with EXIF (a GPS tag), a comment and a colour profile.
    pub fn jpeg_with_gps() -> Vec<u8> {
        let mut exif = b"Exif\0\0MM\0*\0\0\0\x08GPSLatitude 52.5200 N".to_vec();
        exif.extend_from_slice(&[0; 8]);
        [
            vec![0xFF, 0xD8],
            segment(0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"),
            segment(0xE1, &exif),
            segment(0xE2, b"ICC_PROFILE\0\x01\x01profile"),
            segment(0xFE, b"shot at home"),
            segment(0xDB, &[0; 65]),
            segment(0xC0, &[8, 0, 1, 0, 1, 1, 1, 0x11, 0]),
            segment(0xDA, &[1, 1, 0, 0, 0x3F, 0]),
            vec![0x12, 0x34, 0xFF, 0xD9],
        ]
        .concat()
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn images_are_told_by_their_content_and_capped_at_two_megabytes() {
        use super::{check_image, MAX_IMAGE_BYTES};
        let check = |bytes: &[u8]| check_image(bytes, "photo", "photo");
        assert_eq!(check(b"\x89PNG\r\n\x1a\nrest"), Ok("image/png"));
        assert_eq!(check(&[0xFF, 0xD8, 0xFF, 0xE0, 0]), Ok("image/jpeg"));
        assert_eq!(check(b"RIFF\x10\0\0\0WEBPVP8 "), Ok("image/webp"));
        assert!(check(b"<svg onload=alert(1)>").is_err());
        assert!(check(b"GIF89a").is_err());
        assert!(check(b"").is_err());
        let mut big = b"\x89PNG\r\n\x1a\n".to_vec();
        big.resize(MAX_IMAGE_BYTES + 1, 0);
        assert!(check(&big).is_err());
        big.truncate(MAX_IMAGE_BYTES);
        assert!(check(&big).is_ok());
    }
    #[test]
    fn a_jpeg_loses_its_exif_and_comment_but_keeps_its_picture_and_colours() {
        let original = jpeg_with_gps();
        let cleaned = without_metadata(&original, "image/jpeg").unwrap();
        assert!(!contains(&cleaned, b"GPSLatitude"));
        assert!(!contains(&cleaned, b"Exif"));
        assert!(!contains(&cleaned, b"shot at home"));
        assert!(contains(&cleaned, b"ICC_PROFILE"));
        assert!(contains(&cleaned, b"JFIF"));
        assert!(cleaned.starts_with(&[0xFF, 0xD8]) && cleaned.ends_with(&[0xFF, 0xD9]));
        assert!(contains(&cleaned, &[0x12, 0x34]), "the image data stays");
    }

    #[test]
    fn a_png_loses_its_text_and_exif_chunks() {
        fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
            let mut out = u32::try_from(data.len()).unwrap().to_be_bytes().to_vec();
            out.extend_from_slice(kind);
            out.extend_from_slice(data);
            let crc = crc32(&[&kind[..], data].concat());
            out.extend_from_slice(&crc.to_be_bytes());
            out
        }
        fn crc32(bytes: &[u8]) -> u32 {
            let mut crc = 0xFFFF_FFFF_u32;
            for byte in bytes {
                crc ^= u32::from(*byte);
                for _ in 0..8 {
                    crc = if crc & 1 == 1 {
                        (crc >> 1) ^ 0xEDB8_8320
                    } else {
                        crc >> 1
                    };
                }
            }
            !crc
        }
        let png = [
            b"\x89PNG\r\n\x1a\n".to_vec(),
            chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]),
            chunk(b"tEXt", b"Comment\0at home"),
            chunk(b"eXIf", b"MM\0*GPS"),
            chunk(b"IDAT", &[0x78, 0x9C, 0x63, 0, 0, 0, 1, 0, 1]),
            chunk(b"IEND", &[]),
        ]
        .concat();
        let cleaned = without_metadata(&png, "image/png").unwrap();
        assert!(!contains(&cleaned, b"at home") && !contains(&cleaned, b"eXIf"));
        assert!(contains(&cleaned, b"IDAT") && contains(&cleaned, b"IHDR"));
    }

    #[test]
    fn svg_is_left_as_it_is_and_a_broken_jpeg_is_unreadable() {
        assert_eq!(
            without_metadata(b"<svg/>", "image/svg+xml").unwrap(),
            b"<svg/>"
        );
        assert_eq!(
            without_metadata(b"\xFF\xD8\xFF", "image/jpeg"),
            Err(Unreadable)
        );
    }
}
