//! The list of everything blocking a submit. Takes focus after a failed submit, and each entry
//! moves focus to its question.

use super::dom::{bind_view_changed, child, el, Edit, Make};
use super::form::use_form;
use crate::browser::focus_id;
use leptos::prelude::*;
use rubric_core::text::i18n::Translate;
use rubric_core::text::messages as msg;
use web_sys::Element;

/// The error summary of the enclosing form; rendered only after a submit attempt.
/// `id`: the DOM id the submit handler focuses.
pub fn error_summary(id: String) -> Element {
    let form = use_form();
    let f = form.clone();
    let show = form.show_errors;
    // Nothing is collected or rendered while the summary is hidden (before the first submit
    // attempt): the hidden summary re-rendered its ~190 entries on every click and keystroke of
    // a 200-criterion form (issue 14). Once shown, the list is rebuilt when the problems change;
    // a keyed list (`For`) would rebuild only the entries that changed, but costs 4.5 KiB
    // brotli, and the list is short-lived: it empties as the reviewer fixes the problems.
    let entries = move || {
        if !show.get() {
            return Vec::new();
        }
        (0..f.issues.len())
            .filter_map(|i| f.issues[i].get().map(|m| (i, m)))
            .collect::<Vec<_>>()
    };
    let tr = form.tr.clone();
    let div = el("div")
        .attr("id", &id)
        .cls("rw-summary")
        .attr("tabindex", "-1")
        .attr("role", "alert")
        .attr("data-testid", "error-summary");
    let title = child(&div, "h2").cls("rw-summary-title");
    let ul = child(&div, "ul");
    let summary = div.clone();
    // The entries are collected on each change, and the summary made again when they differ.
    bind_view_changed(&ul, entries, move |ul, entries| {
        summary.flag("hidden", entries.is_empty());
        let said = tr.f(msg::summary_title, &[("n", entries.len().into())]);
        title.set_text_content(Some(&said));
        for (i, message) in entries {
            let target = form.dom_id(i, "field");
            let title = &form.rubric.criteria[i].title;
            let text = form.tr.f(
                msg::summary_entry,
                &[("title", title.into()), ("message", (&message).into())],
            );
            child(&child(ul, "li"), "button")
                .attr("type", "button")
                .cls("rw-linklike")
                .text(&text)
                .on("click", move |_| focus_id(target.clone()));
        }
    });
    div
}
