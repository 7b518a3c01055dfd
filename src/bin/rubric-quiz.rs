//! The calibration quiz's entry point: a wasm of its own, so the review widget does not carry
//! the quiz. Pages mount quizzes through `mountQuiz` (see `src/quiz/mod.rs`).

use rubric_widget::mount::Mounted;
use wasm_bindgen::prelude::*;

fn main() {
    console_error_panic_hook::set_once();
}

/// A mounted quiz.
#[wasm_bindgen]
pub struct QuizHandle(Mounted);

#[wasm_bindgen]
impl QuizHandle {
    /// Removes the quiz from the page.
    pub fn unmount(&mut self) {
        self.0.unmount();
    }

    /// The `Authorization` header value for sending results; `null` removes it.
    #[wasm_bindgen(js_name = setAuthorization)]
    pub fn set_authorization(&self, value: Option<String>) {
        self.0.set_authorization(value);
    }
}

/// Mounts a quiz into `element`; `config` is described in `src/quiz/mod.rs`.
#[wasm_bindgen(js_name = mountQuiz)]
pub fn mount_quiz(element: web_sys::HtmlElement, config: JsValue) -> QuizHandle {
    QuizHandle(rubric_widget::quiz::mount_quiz(element, config))
}
