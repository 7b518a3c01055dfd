//! The designer's first text, loaded once the editor is in the page: a share link's document
//! (which wins), else the host's text, else the first template, else a blank rubric.

use super::{decompress, BLANK};
use crate::browser;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// Loads the starting text with `load` once `editor` is mounted: `shared` (a share link's
/// fragment, decompressed), else `initial`, else the template at `first_template` (fetched),
/// else [`BLANK`]. A fragment or template that cannot be read gives [`BLANK`].
pub fn use_starting_text(
    editor: NodeRef<leptos::html::Textarea>,
    shared: Option<String>,
    initial: Option<String>,
    first_template: Option<String>,
    load: impl Fn(String) + Copy + 'static,
) {
    Effect::new(move |done: Option<()>| {
        if done.is_some() || editor.get().is_none() {
            return;
        }
        if let Some(fragment) = shared.clone() {
            let cb = Closure::once_into_js(move |t: JsValue| {
                load(t.as_string().unwrap_or_else(|| BLANK.to_string()))
            });
            decompress(&fragment, &cb);
        } else if let Some(t) = initial.clone() {
            load(t);
        } else if let Some(src) = first_template.clone() {
            leptos::task::spawn_local(async move {
                load(
                    browser::fetch_text(&src)
                        .await
                        .unwrap_or_else(|_| BLANK.to_string()),
                );
            });
        } else {
            load(BLANK.to_string());
        }
    });
}
