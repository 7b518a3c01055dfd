//! A free-text answer (a justification), saved on every keystroke.

use super::form::FieldId;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use rubric_core::text::i18n::Translate;
use rubric_core::text::messages as msg;
use rubric_core::Answer;

/// The text input of a `text` criterion.
#[component]
pub fn TextField(
    /// The field's DOM ids.
    id: FieldId,
    /// The criterion's answer: an `Answer::Text` once anything was typed.
    answer: RwSignal<Option<Answer>>,
    /// The criterion's `min_length`, shown in the counter when there is no maximum.
    min_length: Option<u32>,
    /// The criterion's `max_length`, shown in the counter.
    max_length: Option<u32>,
    /// The criterion's placeholder text.
    placeholder: String,
) -> impl IntoView {
    let text = move || match answer.get() {
        Some(Answer::Text { value }) => value,
        _ => String::new(),
    };
    let tr = use_i18n();
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
    let counter_id = id.part("count");
    view! {
        <textarea
            class="rw-textarea"
            id=id.part("text")
            rows="4"
            dir="auto"
            aria-labelledby=id.part("legend")
            aria-describedby=format!("{counter_id} {}", id.part("error"))
            placeholder=placeholder
            prop:value=text
            on:input=move |ev| {
                let value = event_target_value(&ev);
                answer.set(Some(Answer::Text { value }));
            }
        ></textarea>
        <p class="rw-counter" id=counter_id>{count}</p>
    }
}
