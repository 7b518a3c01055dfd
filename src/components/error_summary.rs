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
    let show = form.show_errors;
    // Nothing is collected or rendered while the summary is hidden (before the first submit
    // attempt): the hidden summary re-rendered its ~190 entries on every click and keystroke of
    // a 200-criterion form (issue 14). Once shown, the list is rebuilt when the problems change;
    // a keyed list (`For`) would rebuild only the entries that changed, but costs 4.5 KiB
    // brotli, and the list is short-lived: it empties as the reviewer fixes the problems.
    let entries = Memo::new(move |_| {
        if !show.get() {
            return Vec::new();
        }
        (0..f.issues.len())
            .filter_map(|i| f.issues[i].get().map(|m| (i, m)))
            .collect::<Vec<_>>()
    });
    let tr = form.tr.clone();
    view! {
        <div
            id=id
            class="rw-summary"
            tabindex="-1"
            role="alert"
            data-testid="error-summary"
            hidden=move || entries.with(Vec::is_empty)
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
                        .map(|(i, message)| {
                            let target = form.dom_id(i, "field");
                            let title = &form.rubric.criteria[i].title;
                            let text = form.tr.f(msg::summary_entry, &[("title", title.into()), ("message", (&message).into())]);
                            view! {
                                <li>
                                    <button type="button" class="rw-linklike" on:click=move |_| focus_id(target.clone())>
                                        {text}
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
