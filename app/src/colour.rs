//! Colours that identify: a hue per name (avatars) and a group's colour, from which the covers
//! of its events are drawn, with the text colour that reads best on it.

use crate::error::AppError;

/// A hue (0–359) that is the same for the same text on every page.
pub fn hue(text: &str) -> u32 {
    text.bytes()
        .fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)))
        % 360
}

/// A colour as `#rrggbb`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Colour([u8; 3]);

impl Colour {
    /// `#rrggbb` (as a colour picker sends it), or `None` for an empty field.
    pub fn parse(field: &str, raw: &str) -> Result<Option<Self>, AppError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(None);
        }
        let hex = raw.strip_prefix('#').unwrap_or(raw);
        let channel = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
        match (hex.len(), channel(0), channel(2), channel(4)) {
            (6, Some(r), Some(g), Some(b)) => Ok(Some(Self([r, g, b]))),
            _ => Err(AppError::invalid(
                field,
                "Choose a colour, or write it as #RRGGBB (like #2563EB).",
            )),
        }
    }

    /// The colour a group has until its organizers choose one: a hue of its own (from its
    /// address), dark enough for white text.
    pub fn default_for(name: &str) -> Self {
        Self::from_hsl(f64::from(hue(name)), 0.5, 0.3)
    }

    fn from_hsl(h: f64, s: f64, l: f64) -> Self {
        let c = (1.0 - (2.0 * l - 1.0).abs()) * s;
        let x = c * (1.0 - ((h / 60.0) % 2.0 - 1.0).abs());
        let (r, g, b) = match (h / 60.0) as u32 {
            0 => (c, x, 0.0),
            1 => (x, c, 0.0),
            2 => (0.0, c, x),
            3 => (0.0, x, c),
            4 => (x, 0.0, c),
            _ => (c, 0.0, x),
        };
        let m = l - c / 2.0;
        let byte = |v: f64| ((v + m) * 255.0).round().clamp(0.0, 255.0) as u8;
        Self([byte(r), byte(g), byte(b)])
    }

    /// `#rrggbb`.
    pub fn hex(&self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0[0], self.0[1], self.0[2])
    }

    /// WCAG relative luminance (0 black, 1 white).
    fn luminance(&self) -> f64 {
        let linear = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(self.0[0]) + 0.7152 * linear(self.0[1]) + 0.0722 * linear(self.0[2])
    }

    /// White or near-black, whichever contrasts more with this colour.
    pub fn ink(&self) -> &'static str {
        let l = self.luminance();
        // Contrast with white (1.05 / (l + 0.05)) against near-black #111 (L ≈ 0.0056).
        if 1.05 / (l + 0.05) >= (l + 0.05) / 0.0556 {
            "#ffffff"
        } else {
            "#111111"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_colour_is_six_hex_digits_with_or_without_the_hash() {
        assert_eq!(
            Colour::parse("c", "#2563EB").unwrap().unwrap().hex(),
            "#2563eb"
        );
        assert_eq!(
            Colour::parse("c", "ff0000").unwrap().unwrap().hex(),
            "#ff0000"
        );
        assert_eq!(Colour::parse("c", " ").unwrap(), None);
        for bad in ["#fff", "#ggg000", "red", "#1234567", "#ééé"] {
            assert!(Colour::parse("c", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn text_on_a_colour_is_white_on_dark_and_black_on_light() {
        assert_eq!(
            Colour::parse("c", "#1e3a8a").unwrap().unwrap().ink(),
            "#ffffff"
        );
        assert_eq!(
            Colour::parse("c", "#fde047").unwrap().unwrap().ink(),
            "#111111"
        );
    }

    proptest! {
        #[test]
        fn every_default_colour_carries_white_text_at_aa_contrast(name in ".{0,40}") {
            let colour = Colour::default_for(&name);
            prop_assert_eq!(colour.ink(), "#ffffff");
            prop_assert!(1.05 / (colour.luminance() + 0.05) >= 4.5, "{}", colour.hex());
            prop_assert_eq!(Colour::default_for(&name), colour);
        }
    }
}
