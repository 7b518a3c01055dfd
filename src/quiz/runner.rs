//! The trainee's way through one attempt: item after item in the review form, feedback after
//! each item when the quiz asks for it, then the results; a retry starts a new attempt in a
//! new order.
//!
//! The component builds the view: [`use_attempt`] keeps the attempts on the device and sends
//! results, [`use_steps`] moves between the steps.

use super::attempt::use_attempt;
use super::feedback::ItemFeedback;
use super::results::Results;
use super::steps::{use_steps, Phase};
use crate::browser;
use crate::components::dom::Dom;
use crate::components::markdown::Markdown;
use crate::components::review_form::ReviewForm;
use crate::components::task_view::task_view_alone;
use crate::delivery::Courier;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use rubric_core::calibration::quiz::{Feedback, Quiz};
use rubric_core::text::i18n::Translate;
use rubric_core::text::messages as msg;
use std::sync::Arc;

/// One attempt at a quiz, and the attempts after it.
#[component]
pub fn QuizRunner(
    quiz: Arc<Quiz>,
    trainee: String,
    origins: Vec<String>,
    courier: Option<Courier>,
) -> impl IntoView {
    let prefix = browser::dom_prefix("rq");
    let root = NodeRef::<leptos::html::Div>::new();
    let heading_id = format!("{prefix}-step");
    let attempts = use_attempt(quiz.clone(), trainee.clone(), root, courier);
    let (attempt, history, resumed) = (attempts.attempt, attempts.history, attempts.resumed);
    let per_item = quiz.feedback == Feedback::AfterEachItem;
    let steps = use_steps(attempts, per_item, heading_id.clone());
    let phase = steps.phase;
    let on_answers = Callback::new(move |sub| steps.answered(sub));
    let retry = Callback::new(move |()| steps.retry());

    let total = quiz.items.len();
    let tr = use_i18n();
    let resumed_text = resumed.map(|n| {
        tr.f(
            msg::quiz_resumed,
            &[("done", n.into()), ("total", total.into())],
        )
    });
    let q = quiz.clone();
    let step = move || {
        let a = attempt.get();
        // Who answers, for the form: it decides the order of a shuffled item's responses.
        let annotator = format!("{trainee}#quiz{}", a.number);
        match phase.get() {
            Phase::Answering => {
                let Some(item) = a.current() else {
                    return ().into_any();
                };
                let task = Arc::new(q.items[item].task.clone());
                // What the quiz does not score here is optional for the trainee.
                let rubric = Arc::new(q.rubric_for_item(item));
                let label = if per_item { msg::quiz_check } else { msg::quiz_next };
                view! {
                    <h2 class="rq-step" id=heading_id.clone() tabindex="-1" data-testid="quiz-step">
                        {tr.f(msg::quiz_item_of, &[("n", (a.done() + 1).into()), ("total", total.into())])}
                    </h2>
                    <ReviewForm rubric task annotator=annotator.clone() no_skip=true
                        image_origins=origins.clone() on_submit=on_answers submit_label=label />
                }
                .into_any()
            }
            Phase::Feedback(item) => {
                let last = a.current().is_none();
                // The experts' notes quote the prompt and the responses: the item stays in view,
                // its responses in the order and with the labels the trainee had.
                let task = task_view_alone(
                    Arc::new(q.rubric_for_item(item)),
                    Arc::new(q.items[item].task.clone()),
                    &annotator,
                    origins.clone(),
                );
                view! {
                    <h2 class="rq-step" id=heading_id.clone() tabindex="-1" data-testid="quiz-step">
                        {tr.f(msg::quiz_item_feedback, &[("n", a.done().into()), ("total", total.into())])}
                    </h2>
                    // The feedback first (on a phone, the item the trainee just read would
                    // fill the first screen), the item beside it, or below on a phone.
                    <div class="rw-layout rq-feedback-layout">
                        <div class="rq-feedback-side">
                            <ItemFeedback quiz=q.clone() item answers=a.answers.get(&item).cloned().unwrap_or_default() />
                            <p class="rw-actions">
                                <button type="button" class="rw-button rw-primary" data-testid="quiz-next" on:click=move |_| steps.advance()>
                                    {tr.t(if last { msg::quiz_see_results } else { msg::quiz_next })}
                                </button>
                            </p>
                        </div>
                        {Dom::one(task)}
                    </div>
                }
                .into_any()
            }
            Phase::Results => view! {
                <h2 class="rq-step" id=heading_id.clone() tabindex="-1" data-testid="quiz-step">
                    {tr.f(msg::quiz_results_title, &[("n", (a.number as usize).into())])}
                </h2>
                <Results quiz=q.clone() attempt=a history=history.get() retry />
                {courier.map(|courier| view! {
                    <crate::components::delivery_status::OutboxList courier current=Signal::derive(|| None) me=Signal::derive(move || root.get().map(Into::into)) />
                })}
            }
            .into_any(),
        }
    };
    view! {
        <div class="rw rq" node_ref=root data-testid="quiz" data-hotkey-scope="">
            <header class="rq-head">
                <h1 class="rq-title" dir="auto">{quiz.title.clone()}</h1>
                {(!quiz.instructions.is_empty()).then(|| view! { <Markdown text=quiz.instructions.clone() /> })}
            {resumed_text.map(|text| view! {
                    <p class="rw-banner rw-info" data-testid="quiz-resumed">{text}</p>
                })}
            </header>
            {step}
        </div>
    }
}
