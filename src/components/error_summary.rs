//! The list of everything blocking a submit. Takes focus after a failed submit, and each entry
//! moves focus to its question.

use super::form::use_form;
use crate::browser::focus_id;
use leptos::prelude::*;

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
                    format!("{n} question{} need{} attention before you can submit", if n == 1 { "" } else { "s" }, if n == 1 { "s" } else { "" })
                }}
            </h2>
            <ul>
                {move || {
                    entries
                        .get()
                        .into_iter()
                        .map(|(i, title, message)| {
                            let target = form.dom_id(i, "field");
                            view! {
                                <li>
                                    <button type="button" class="rw-linklike" on:click=move |_| focus_id(target.clone())>
                                        {title} ": " {message}
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
