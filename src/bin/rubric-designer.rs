//! The rubric designer's entry point: a wasm of its own. Pages mount it through
//! `mountDesigner` (see `src/designer/mod.rs`).

use rubric_widget::mount::Mounted;
use wasm_bindgen::prelude::*;

fn main() {
    console_error_panic_hook::set_once();
}

/// A mounted designer.
#[wasm_bindgen]
pub struct DesignerHandle(Mounted);

#[wasm_bindgen]
impl DesignerHandle {
    /// Removes the designer from the page.
    pub fn unmount(&mut self) {
        self.0.unmount();
    }
}

/// Mounts the designer into `element`; `config` is described in `src/designer/mod.rs`.
#[wasm_bindgen(js_name = mountDesigner)]
pub fn mount_designer(element: web_sys::HtmlElement, config: JsValue) -> DesignerHandle {
    DesignerHandle(rubric_widget::designer::mount_designer(element, config))
}
