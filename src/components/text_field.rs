//! A free-text answer (a justification), saved on every keystroke.

use super::dom::{bind, bind_text, el, Dom, Make};
use super::form::FieldId;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use rubric_core::text::i18n::Translate;
use rubric_core::text::messages as msg;
use rubric_core::Answer;
use wasm_bindgen::JsCast;

/// The text input of a `text` criterion: `id` the field's DOM ids, `answer` the criterion's (an
/// `Answer::Text` once anything was typed); `min_length` and `max_length` (both shown in the
/// counter) and `placeholder` are the criterion's.
pub fn text_field(
    id: FieldId,
    answer: RwSignal<Option<Answer>>,
    min_length: Option<u32>,
    max_length: Option<u32>,
    placeholder: &str,
) -> Dom {
    let tr = use_i18n();
    let count = move || {
        let n = answer.with(|a| match a {
            Some(Answer::Text { value }) => value.trim().chars().count(),
            _ => 0,
        });
        let limit = |m: u32| (m as usize).into();
        match (min_length, max_length) {
            // A minimum is shown from the start, even one that applies only once the answer is
            // required (a justification for a low score): nobody should learn it at submit.
            (Some(min), Some(max)) if min > 0 => tr.f(
                msg::count_between,
                &[("n", n.into()), ("max", limit(max)), ("min", limit(min))],
            ),
            (_, Some(max)) => tr.f(msg::count_of_max, &[("n", n.into()), ("max", limit(max))]),
            (Some(min), None) => tr.f(msg::count_at_least, &[("n", n.into()), ("min", limit(min))]),
            _ => tr.f(msg::count, &[("n", n.into())]),
        }
    };
    let counter_id = id.part("count");
    let area = el("textarea")
        .cls("rw-textarea")
        .attr("id", &id.part("text"))
        .attr("rows", "4")
        .attr("dir", "auto")
        .attr("aria-labelledby", &id.part("legend"))
        .attr(
            "aria-describedby",
            &format!("{counter_id} {}", id.part("error")),
        )
        .attr("placeholder", placeholder)
        .on("input", move |ev| {
            let value = event_target_value(&ev);
            answer.set(Some(Answer::Text { value }));
        });
    // The text follows the answer (a restored draft, "Start over"); what was just typed is
    // already there, and rewriting it would move the caret.
    if let Some(area) = area.dyn_ref::<web_sys::HtmlTextAreaElement>().cloned() {
        bind(Box::new(move || {
            let text = answer.with(|a| match a {
                Some(Answer::Text { value }) => value.clone(),
                _ => String::new(),
            });
            if area.value() != text {
                area.set_value(&text);
            }
        }));
    }
    let counter = el("p").cls("rw-counter").attr("id", &counter_id);
    bind_text(&counter, count);
    Dom::many(vec![area, counter])
}
