//! A free-text answer (a justification), saved on every keystroke.

use super::form::use_form;
use leptos::prelude::*;
use rubric_core::text::i18n::Translate;
use rubric_core::text::messages as msg;
use rubric_core::{Answer, CriterionKind};

/// The text input of criterion `idx`.
#[component]
pub fn TextField(
    /// Criterion index in the rubric.
    idx: usize,
) -> impl IntoView {
    let form = use_form();
    let CriterionKind::Text {
        min_length,
        max_length,
        placeholder,
    } = form.rubric.criteria[idx].kind.clone()
    else {
        return ().into_any();
    };
    let answer = form.answers[idx];
    let text = move || match answer.get() {
        Some(Answer::Text { value }) => value,
        _ => String::new(),
    };
    let tr = form.tr.clone();
    let count = move || {
        let n = answer.with(|a| match a {
            Some(Answer::Text { value }) => value.trim().chars().count(),
            _ => 0,
        });
        let limit = |m: u32| (m as usize).into();
        match (min_length, max_length) {
            (_, Some(max)) => tr.f(msg::count_of_max, &[("n", n.into()), ("max", limit(max))]),
            (Some(min), None) => tr.f(msg::count_at_least, &[("n", n.into()), ("min", limit(min))]),
            _ => tr.f(msg::count, &[("n", n.into())]),
        }
    };
    let counter_id = form.dom_id(idx, "count");
    view! {
        <textarea
            class="rw-textarea"
            id=form.dom_id(idx, "text")
            rows="4"
            dir="auto"
            aria-labelledby=form.dom_id(idx, "legend")
            aria-describedby=format!("{counter_id} {}", form.dom_id(idx, "error"))
            placeholder=placeholder
            prop:value=text
            on:input=move |ev| {
                let value = event_target_value(&ev);
                answer.set(Some(Answer::Text { value }));
            }
        ></textarea>
        <p class="rw-counter" id=counter_id>{count}</p>
    }
    .into_any()
}
