//! The widget's entry point: the panic hook, and the JavaScript API through which pages mount
//! widgets (the demo page among them). The exports are defined here, in the binary Trunk
//! builds, because `#[wasm_bindgen]` exports of a library do not survive the binary's link.

use rubric_widget::mount::{self, Mounted};
use wasm_bindgen::prelude::*;

fn main() {
    console_error_panic_hook::set_once();
}

/// A mounted review widget.
#[wasm_bindgen]
pub struct ReviewHandle(Mounted);

#[wasm_bindgen]
impl ReviewHandle {
    /// Removes the widget from the page.
    pub fn unmount(&mut self) {
        self.0.unmount();
    }

    /// Discards the answers and the draft and shows a fresh form.
    pub fn reset(&self) {
        self.0.reset();
    }

    /// The `Authorization` header value for deliveries; `null` removes it.
    #[wasm_bindgen(js_name = setAuthorization)]
    pub fn set_authorization(&self, value: Option<String>) {
        self.0.set_authorization(value);
    }
}

/// Mounts a review widget into `element`; `config` is described in `mount.rs`.
#[wasm_bindgen(js_name = mountReview)]
pub fn mount_review(element: web_sys::HtmlElement, config: JsValue) -> ReviewHandle {
    ReviewHandle(mount::mount_review(element, config))
}
