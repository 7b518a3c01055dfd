//! The calibration quiz: a trainee answers items the experts already scored, one at a time in
//! the review form, sees how their answers compare (after each item or at the end), and gets
//! per-criterion agreement figures with the experts. All figures come from
//! `rubric_core::{calibration, attempt, agreement}`; this module only shows them.
//!
//! Built into its own wasm (`src/bin/rubric-quiz.rs`) so the review widget does not carry it.

mod attempt;
mod feedback;
mod matrix;
mod results;
mod runner;
mod steps;

pub use runner::QuizRunner;

use crate::components::dom::embed;
use crate::components::error_view::{DocumentProblems, ErrorView};
use crate::delivery::Courier;
use crate::i18n::use_i18n;
use crate::mount::{mount, read, tell_config_error, Config, Document, Mounted};
use leptos::prelude::*;
use rubric_core::calibration::quiz::{parse_quiz, Quiz};
use rubric_core::text::i18n::Translate;
use rubric_core::text::messages as msg;
use std::sync::Arc;
use wasm_bindgen::JsValue;

/// Mounts a quiz into `element`. `config`: `quizSrc` (URL) or `quizJson` (text), `trainee` (who takes it; part of
/// the history key and the result), `endpoint` (where quiz results are POSTed; none: they only
/// leave as the `rubric-quiz-result` event), `timeoutMs`, `imageOrigins`, `locale`.
pub fn mount_quiz(element: web_sys::HtmlElement, config: JsValue) -> Mounted {
    let config = Config::new(config);
    let quiz = config.source("quiz").start("quiz", "quizSrc");
    let trainee = config.text("trainee").unwrap_or_else(|| "anonymous".into());
    let origins = config.origins();
    mount(element, &config, &trainee.clone(), move |host| {
        let (element, courier) = (host.element, host.courier);
        embed(
            &host.root,
            view! { <QuizLoader quiz trainee origins courier element /> }.into_any(),
        );
    })
}

#[derive(Clone)]
enum Loaded {
    Ready(Arc<Quiz>),
    Invalid(Vec<DocumentProblems>, Vec<String>),
}

/// Loads the quiz, then runs it, or shows every problem in it.
#[component]
fn QuizLoader(
    quiz: Document,
    trainee: String,
    origins: Vec<String>,
    courier: Option<Courier>,
    element: web_sys::HtmlElement,
) -> impl IntoView {
    let loaded = RwSignal::new(None::<Loaded>);
    let tr = use_i18n();
    let loading = tr.t(msg::loading_quiz);
    leptos::task::spawn_local(async move {
        let (what, text) = (quiz.what, quiz.text.await);
        let (mut notes, mut problems) = (Vec::new(), Vec::new());
        let quiz = read(text, parse_quiz, what, &mut notes, &mut problems);
        loaded.set(Some(match quiz {
            Some(mut q) => {
                q.rubric = tr.localize(&q.rubric);
                Loaded::Ready(Arc::new(q))
            }
            None => {
                tell_config_error(&element, &problems, &notes);
                Loaded::Invalid(problems, notes)
            }
        }));
    });
    move || match loaded.get() {
        None => view! { <p class="rw-loading" role="status">{loading.clone()}</p> }.into_any(),
        Some(Loaded::Invalid(problems, notes)) => view! { <ErrorView problems notes /> }.into_any(),
        Some(Loaded::Ready(quiz)) => view! {
            <runner::QuizRunner quiz trainee=trainee.clone() origins=origins.clone() courier />
        }
        .into_any(),
    }
}
