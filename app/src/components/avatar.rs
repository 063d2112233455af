//! A person's initials in a coloured circle, where a list of people would otherwise be a
//! column of names. Decorative: the name next to it is what assistive technology reads.

use leptos::prelude::*;

/// Up to two initials: the first letters of the first and last words of `name`.
pub fn initials(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let first = |w: &&str| {
        w.chars()
            .next()
            .map(|c| c.to_uppercase().collect::<String>())
    };
    match (words.first(), words.last()) {
        (Some(a), Some(b)) if words.len() > 1 => {
            format!(
                "{}{}",
                first(a).unwrap_or_default(),
                first(b).unwrap_or_default()
            )
        }
        (Some(a), _) => first(a).unwrap_or_default(),
        _ => "?".to_owned(),
    }
}

pub use crate::colour::hue;

#[component]
pub fn Avatar(
    #[prop(into)] name: String,
    /// The size of a photo (speaker cards), where a person has none.
    #[prop(optional)]
    large: bool,
) -> impl IntoView {
    view! {
        <span class="avatar" class:avatar-large=large aria-hidden="true" style=format!("--hue: {}", hue(&name))>{initials(&name)}</span>
    }
}

#[cfg(test)]
mod tests {
    use super::{hue, initials};

    #[test]
    fn initials_come_from_the_first_and_last_word() {
        assert_eq!(initials("Ada Lovelace"), "AL");
        assert_eq!(initials("  grace  brewster murray hopper "), "GH");
        assert_eq!(initials("Olga"), "O");
        assert_eq!(initials("ömer çelik"), "ÖÇ");
        assert_eq!(initials(""), "?");
    }

    #[test]
    fn a_name_keeps_its_colour() {
        assert_eq!(hue("Ada Lovelace"), hue("Ada Lovelace"));
        assert!(hue("Ada Lovelace") < 360);
    }
}
