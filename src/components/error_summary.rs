//! The list of everything blocking a submit. Takes focus after a failed submit, and each entry
//! moves focus to its question.

use super::form::use_form;
use crate::browser::focus_id;
use leptos::prelude::*;
use rubric_core::text::i18n::Translate;
use rubric_core::text::messages as msg;

/// The error summary of the enclosing form; rendered only after a submit attempt.
#[component]
pub fn ErrorSummary(
    /// The DOM id the submit handler focuses.
    id: String,
) -> impl IntoView {
    let form = use_form();
    let f = form.clone();
    let entries = Memo::new(move |_| {
        (0..f.issues.len())
            .filter_map(|i| {
                f.issues[i]
                    .get()
                    .map(|m| (i, f.rubric.criteria[i].title.clone(), m))
            })
            .collect::<Vec<_>>()
    });
    let show = form.show_errors;
    let tr = form.tr.clone();
    view! {
        <div
            id=id
            class="rw-summary"
            tabindex="-1"
            role="alert"
            data-testid="error-summary"
            hidden=move || !show.get() || entries.with(Vec::is_empty)
        >
            <h2 class="rw-summary-title">
                {move || {
                    let n = entries.with(Vec::len);
                    tr.f(msg::summary_title, &[("n", n.into())])
                }}
            </h2>
            <ul>
                {move || {
                    entries
                        .get()
                        .into_iter()
                        .map(|(i, title, message)| {
                            let target = form.dom_id(i, "field");
                            let tr2 = form.tr.clone();
                            view! {
                                <li>
                                    <button type="button" class="rw-linklike" on:click=move |_| focus_id(target.clone())>
                                        {tr2.f(msg::summary_entry, &[("title", (&title).into()), ("message", (&message).into())])}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </div>
    }
}
