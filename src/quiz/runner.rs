//! The trainee's way through one attempt: item after item in the review form, feedback after
//! each item when the quiz asks for it, then the results; a retry starts a new attempt in a
//! new order.

use super::feedback::ItemFeedback;
use super::results::Results;
use crate::browser;
use crate::components::markdown::Markdown;
use crate::components::review_form::ReviewForm;
use crate::delivery::Courier;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use rubric_core::calibration::attempt::{
    history_from_json, history_to_json, result_json, Attempt, Past, ResultContext,
};
use rubric_core::calibration::quiz::{Feedback, Quiz};
use rubric_core::form::ids::uuid_v4;
use rubric_core::text::i18n::Translate;
use rubric_core::text::messages as msg;
use rubric_core::Submission;
use std::sync::Arc;

#[derive(Clone, Copy, PartialEq)]
enum Phase {
    Answering,
    /// Feedback on this quiz item.
    Feedback(usize),
    Results,
}

fn seed() -> u64 {
    let b = browser::random_bytes();
    u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
}

/// One attempt at a quiz, and the attempts after it.
#[component]
pub fn QuizRunner(
    quiz: Arc<Quiz>,
    trainee: String,
    origins: Vec<String>,
    courier: Option<Courier>,
) -> impl IntoView {
    let prefix = format!("rq{}", &uuid_v4(browser::random_bytes())[..8]);
    let history_key = format!("rubric-quiz-history:{}:{trainee}", quiz.id);
    let history = RwSignal::new(history_from_json(
        &browser::load(&history_key).unwrap_or_default(),
    ));
    let next_number = move || history.with_untracked(|h| h.last().map_or(1, |p| p.attempt + 1));
    // An attempt in progress survives a reload (docs/promises.md, P5).
    let attempt_key = format!("rubric-quiz-attempt:{}:{trainee}", quiz.id);
    let restored = browser::load(&attempt_key)
        .and_then(|t| Attempt::from_json(&t, &quiz))
        .filter(|a| a.current().is_some() && a.done() > 0);
    let resumed = restored.as_ref().map(Attempt::done);
    let attempt = RwSignal::new(
        restored.unwrap_or_else(|| Attempt::new(&quiz, next_number(), seed(), browser::now_ms())),
    );
    let phase = RwSignal::new(Phase::Answering);
    let rubric = Arc::new(quiz.rubric.clone());
    let root = NodeRef::<leptos::html::Div>::new();
    let heading_id = format!("{prefix}-step");

    // The attempt is over: remember it, send the result, show the figures.
    let finished_key = attempt_key.clone();
    let q = quiz.clone();
    let who = trainee.clone();
    let finish = move || {
        let now = browser::now_ms();
        let a = attempt.get_untracked();
        let past = Past::of(&q, &a, now);
        browser::remove(&finished_key);
        history.update(|h| h.push(past));
        let _ = browser::save(
            &history_key,
            &history.with_untracked(|h| history_to_json(h)),
        );
        let id = uuid_v4(browser::random_bytes());
        let json = result_json(
            &q,
            &a,
            &ResultContext {
                result_id: &id,
                trainee: &who,
                finished_at_ms: now,
                client_version: crate::VERSION,
            },
        );
        if let Some(el) = root.get_untracked() {
            browser::dispatch_json(&el, "rubric-quiz-result", &json);
        }
        if let Some(c) = courier {
            c.submit(&id, &json, root.get_untracked().map(Into::into), None);
        }
        phase.set(Phase::Results);
    };
    let focus = {
        let id = heading_id.clone();
        move || browser::focus_id(id.clone())
    };
    let advance = {
        let finish = finish.clone();
        let focus = focus.clone();
        move || {
            if attempt.with_untracked(|a| a.current().is_none()) {
                finish();
            } else {
                phase.set(Phase::Answering);
            }
            focus();
        }
    };
    let per_item = quiz.feedback == Feedback::AfterEachItem;
    let on_answers = {
        let advance = advance.clone();
        let focus = focus.clone();
        Callback::new(move |sub: Submission| {
            let Some(item) = attempt.with_untracked(Attempt::current) else {
                return;
            };
            attempt.update(|a| a.record(item, sub.answers));
            let _ = browser::save(&attempt_key, &attempt.with_untracked(Attempt::to_json));
            if per_item {
                phase.set(Phase::Feedback(item));
                focus();
            } else {
                advance();
            }
        })
    };
    let q = quiz.clone();
    let retry = Callback::new(move |()| {
        attempt.set(Attempt::new(&q, next_number(), seed(), browser::now_ms()));
        phase.set(Phase::Answering);
        focus();
    });

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
        match phase.get() {
            Phase::Answering => {
                let Some(item) = a.current() else {
                    return ().into_any();
                };
                let task = Arc::new(q.items[item].task.clone());
                let label = if per_item { msg::quiz_check } else { msg::quiz_next };
                view! {
                    <h2 class="rq-step" id=heading_id.clone() tabindex="-1" data-testid="quiz-step">
                        {tr.f(msg::quiz_item_of, &[("n", (a.done() + 1).into()), ("total", total.into())])}
                    </h2>
                    <ReviewForm rubric=rubric.clone() task annotator=format!("{trainee}#quiz{}", a.number)
                        image_origins=origins.clone() on_submit=on_answers submit_label=label />
                }
                .into_any()
            }
            Phase::Feedback(item) => {
                let last = a.current().is_none();
                let advance = advance.clone();
                view! {
                    <h2 class="rq-step" id=heading_id.clone() tabindex="-1" data-testid="quiz-step">
                        {tr.f(msg::quiz_item_feedback, &[("n", a.done().into()), ("total", total.into())])}
                    </h2>
                    <ItemFeedback quiz=q.clone() item answers=a.answers.get(&item).cloned().unwrap_or_default() />
                    <p class="rw-actions">
                        <button type="button" class="rw-button rw-primary" data-testid="quiz-next" on:click=move |_| advance()>
                            {tr.t(if last { msg::quiz_see_results } else { msg::quiz_next })}
                        </button>
                    </p>
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
