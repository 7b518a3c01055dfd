//! The preview's output: the answers typed in the preview (`rubric-change`) or the submission
//! (`rubric-submit`), as the JSON they would produce. Events from elsewhere in the page (the
//! host may run its own widgets) are ignored.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The preview's element and the JSON last shown. `Copy`.
#[derive(Clone, Copy)]
pub struct AnswersOutput {
    /// The element the preview is in; only events from inside it count.
    pub preview: NodeRef<leptos::html::Div>,
    /// The indented JSON, if anything was answered since the document changed.
    pub json: RwSignal<Option<String>>,
}

impl AnswersOutput {
    /// A new document: nothing answered yet.
    pub fn clear(self) {
        self.json.set(None);
    }
}

/// Listens on the window for the preview's `rubric-change` and `rubric-submit` events until the
/// designer's owner is cleaned up.
pub fn use_answers_output() -> AnswersOutput {
    let out = AnswersOutput {
        preview: NodeRef::new(),
        json: RwSignal::new(None),
    };
    let change = window_event_listener_untyped("rubric-change", move |ev| {
        show_detail(&ev, out, "answers");
    });
    let submit = window_event_listener_untyped("rubric-submit", move |ev| {
        show_detail(&ev, out, "");
    });
    on_cleanup(move || {
        change.remove();
        submit.remove();
    });
    out
}

/// Shows an event's `detail` (or one field of it) as indented JSON, if it came from inside the
/// preview.
fn show_detail(ev: &web_sys::Event, out: AnswersOutput, field: &str) {
    let inside = ev
        .composed_path()
        .get(0)
        .dyn_into::<web_sys::Node>()
        .ok()
        .zip(out.preview.get_untracked())
        .is_some_and(|(n, p)| p.contains(Some(&n)));
    let Some(detail) = ev.dyn_ref::<web_sys::CustomEvent>().map(|e| e.detail()) else {
        return;
    };
    if !inside {
        return;
    }
    let value = if field.is_empty() {
        detail
    } else {
        js_sys::Reflect::get(&detail, &field.into()).unwrap_or_default()
    };
    let text = js_sys::JSON::stringify_with_replacer_and_space(&value, &JsValue::NULL, &2.into())
        .ok()
        .and_then(|s| s.as_string());
    out.json.set(text);
}
