//! The agreement report's entry point: a wasm of its own, so neither the review widget nor the
//! quiz carries the report's statistics. Pages mount reports through `mountReport` (see
//! `src/report/mod.rs`).

use rubric_widget::mount::Mounted;
use wasm_bindgen::prelude::*;

fn main() {
    console_error_panic_hook::set_once();
}

/// A mounted report.
#[wasm_bindgen]
pub struct ReportHandle(Mounted);

#[wasm_bindgen]
impl ReportHandle {
    /// Removes the report from the page.
    pub fn unmount(&mut self) {
        self.0.unmount();
    }
}

/// Mounts a report into `element`; `config` is described in `src/report/mod.rs`.
#[wasm_bindgen(js_name = mountReport)]
pub fn mount_report(element: web_sys::HtmlElement, config: JsValue) -> ReportHandle {
    ReportHandle(rubric_widget::report::mount_report(element, config))
}
