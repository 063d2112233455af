//! The schedule editor's island: pick a talk (click, or drag) and place it (click a free cell,
//! or drop it there). Talks, grid and cells are rendered on the server (`Placement`'s
//! children); the island only reacts to clicks and drags on them, and places a talk by filling
//! and sending the hidden [`PLACE_FORM`]: the same post as each talk's own form without
//! JavaScript.
//!
//! The server marks what the island reads: a pick button carries `data-talk`,
//! `data-version` (0: not placed yet), `data-minutes` and `data-title`; a cell (`.grid-cell`,
//! hidden until a talk is picked) `data-room`, `data-day` and `data-start`; `#pick-hint` says
//! what is picked.

use leptos::prelude::*;

/// The id of the editor's hidden form that places a talk.
pub const PLACE_FORM: &str = "place-form";
/// The id of the line that says which talk is picked.
pub const PICK_HINT: &str = "pick-hint";

/// The picked talk: (talk, version, minutes, title), as the page wrote them.
type Pick = (String, String, String, String);

/// Around the talks to place and the grid (`children`, rendered on the server).
#[island]
pub fn Placement(children: Children) -> impl IntoView {
    let picked = StoredValue::new(None::<Pick>);
    view! {
        <div
            class="placement"
            on:click=move |ev| browser::click(&ev, picked)
            on:dragstart=move |ev| browser::drag_start(&ev, picked)
            on:dragover=move |ev| browser::drag_over(&ev)
            on:drop=move |ev| browser::drop(&ev, picked)
        >
            {children()}
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::{Pick, PICK_HINT, PLACE_FORM};
    use leptos::{
        prelude::*,
        wasm_bindgen::JsCast,
        web_sys::{Element, Event, HtmlFormElement, HtmlInputElement},
    };

    /// The element under the event that matches `selector`.
    fn under(ev: &Event, selector: &str) -> Option<Element> {
        ev.target()?
            .dyn_into::<Element>()
            .ok()?
            .closest(selector)
            .ok()?
    }

    fn data(el: &Element, name: &str) -> String {
        el.get_attribute(&format!("data-{name}"))
            .unwrap_or_default()
    }

    fn pick_of(button: &Element) -> Pick {
        (
            data(button, "talk"),
            data(button, "version"),
            data(button, "minutes"),
            data(button, "title"),
        )
    }

    fn each(selector: &str, f: impl FnMut(Element)) {
        crate::components::select_all(selector)
            .into_iter()
            .for_each(f);
    }

    /// Shows the pick: pressed buttons, the cells, the hint.
    fn show(picked: &Option<Pick>) {
        let talk = picked.as_ref().map(|p| p.0.clone());
        each("[data-talk]", |button| {
            let on = talk.as_deref() == Some(data(&button, "talk").as_str());
            let _ = button.set_attribute("aria-pressed", if on { "true" } else { "false" });
            if button.class_list().contains("pick") {
                button.set_text_content(Some(if on {
                    "Picked: click a free cell"
                } else {
                    "Move"
                }));
            }
        });
        each(".grid-cell", |cell| {
            let _ = if picked.is_some() {
                cell.remove_attribute("hidden")
            } else {
                cell.set_attribute("hidden", "")
            };
        });
        if let Some(hint) = document().get_element_by_id(PICK_HINT) {
            let text = picked
                .as_ref()
                .map(|(.., title)| format!("Picked “{title}”: choose a free cell in the grid."));
            hint.set_text_content(text.as_deref());
        }
    }

    fn set(picked: StoredValue<Option<Pick>>, pick: Option<Pick>) {
        show(&pick);
        picked.set_value(pick);
    }

    /// Fills the place form with the picked talk and `cell`, and sends it.
    fn place(cell: &Element, picked: StoredValue<Option<Pick>>) {
        let Some((talk, version, minutes, _)) = picked.get_value() else {
            return;
        };
        set(picked, None);
        let Some(form) = document()
            .get_element_by_id(PLACE_FORM)
            .and_then(|f| f.dyn_into::<HtmlFormElement>().ok())
        else {
            return;
        };
        for (name, value) in [
            ("talk", talk),
            ("version", version),
            ("minutes", minutes),
            ("room", data(cell, "room")),
            ("day", data(cell, "day")),
            ("start", data(cell, "start")),
        ] {
            if let Some(input) = form
                .query_selector(&format!("input[name={name}]"))
                .ok()
                .flatten()
                .and_then(|i| i.dyn_into::<HtmlInputElement>().ok())
            {
                input.set_value(&value);
            }
        }
        let _ = form.request_submit();
    }

    pub fn click(ev: &Event, picked: StoredValue<Option<Pick>>) {
        if let Some(button) = under(ev, "[data-talk]") {
            let pick = pick_of(&button);
            let again = picked.with_value(|p| p.as_ref().is_some_and(|p| p.0 == pick.0));
            set(picked, (!again).then_some(pick));
        } else if let Some(cell) = under(ev, ".grid-cell") {
            place(&cell, picked);
        }
    }

    pub fn drag_start(ev: &Event, picked: StoredValue<Option<Pick>>) {
        if let Some(button) = under(ev, "[data-talk]") {
            set(picked, Some(pick_of(&button)));
        }
    }

    pub fn drag_over(ev: &Event) {
        if under(ev, ".grid-cell").is_some() {
            ev.prevent_default();
        }
    }

    pub fn drop(ev: &Event, picked: StoredValue<Option<Pick>>) {
        if let Some(cell) = under(ev, ".grid-cell") {
            ev.prevent_default();
            place(&cell, picked);
        }
    }
}

/// Without the browser nothing reacts (the server only renders).
#[cfg(not(feature = "hydrate"))]
mod browser {
    use super::Pick;
    use leptos::{prelude::StoredValue, web_sys::Event};

    pub fn click(_: &Event, _: StoredValue<Option<Pick>>) {}
    pub fn drag_start(_: &Event, _: StoredValue<Option<Pick>>) {}
    pub fn drag_over(_: &Event) {}
    pub fn drop(_: &Event, _: StoredValue<Option<Pick>>) {}
}
