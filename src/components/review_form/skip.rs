//! "Can't assess this task": the reviewer declines the task with a reason (the rubric's
//! `skip_reasons`, else the default list) and an optional note. A skip is a finished review
//! with no answers (`skipped` in the submission), delivered like any other.

use super::submit::Finish;
use super::Stage;
use crate::components::dom::{bind_flag, bind_text, child, el, Make};
use crate::components::form::Form;
use leptos::prelude::*;
use rubric_core::form::submission::skip_reasons;
use rubric_core::text::i18n::{Msg, Translate};
use rubric_core::text::messages as msg;
use wasm_bindgen::JsCast;
use web_sys::Element;

/// A disclosure under the submit button: reasons as radio buttons, a note, and "Skip this
/// task". A native `<details>` opens and closes it (keyboard and screen readers included)
/// without state of ours. `skipped` gets the chosen reason's words ("Skipped: …"). Built anew
/// for each task, so it starts closed and empty.
pub fn skip_panel(
    form: &Form,
    finish: Finish,
    skipped: RwSignal<Option<String>>,
    stage: RwSignal<Stage>,
) -> Element {
    let tr = &form.tr;
    // What is wrong with the skip as asked: no reason, or "other" without a word of why.
    let missing = RwSignal::new(None::<Msg>);
    // Whether the reason chosen needs the reviewer's words ("another reason"): the note's
    // label says so and the field is marked required, instead of "(optional)".
    let note_needed = RwSignal::new(false);
    let id = format!("{}-skip", form.prefix);
    let (note_id, error_id) = (format!("{id}-note"), format!("{id}-error"));
    let offered = skip_reasons(&form.rubric, tr);
    let details = el("details")
        .cls("rw-skip")
        .attr("data-testid", "skip-panel");
    bind_flag(&details, "hidden", move || {
        stage.with(|s| *s != Stage::Editing)
    });
    child(&details, "summary")
        .cls("rw-button")
        .attr("data-testid", "skip-open")
        .text(&tr.t(msg::skip_task));
    let body = child(&details, "fieldset")
        .cls("rw-skip-body")
        .attr("aria-describedby", &error_id);
    // Opened at the bottom of the screen, its reasons were below it: they come into view.
    let (opened, shown) = (details.clone(), body.clone());
    details.clone().on("toggle", move |_| {
        if opened.has_attribute("open") {
            crate::browser::reveal(&shown);
        }
    });
    child(&body, "legend").text(&tr.t(msg::skip_title));
    let reasons = child(&body, "div").cls("rw-skip-reasons");
    for (value, label) in &offered {
        let other = value == "other";
        let reason = child(&reasons, "label").cls("rw-skip-reason");
        child(&reason, "input")
            .attr("type", "radio")
            .attr("name", &id)
            .attr("value", value)
            .on("change", move |_| {
                missing.set(None);
                note_needed.set(other);
            });
        child(&reason, "span").attr("dir", "auto").text(label);
    }
    let error = child(&body, "p")
        .cls("rw-field-error")
        .attr("id", &error_id)
        .attr("role", "alert");
    let said = tr.clone();
    bind_text(&error, move || {
        missing.get().map(|m| said.t(m)).unwrap_or_default()
    });
    let note_label = child(&body, "label").attr("for", &note_id);
    let labels = tr.clone();
    bind_text(&note_label, move || {
        labels.t(if note_needed.get() {
            msg::skip_note_needed
        } else {
            msg::skip_note
        })
    });
    let note = child(&body, "textarea")
        .attr("id", &note_id)
        .cls("rw-textarea")
        .attr("rows", "2")
        .attr("maxlength", "2000");
    bind_flag(&note, "required", move || note_needed.get());
    let words = tr.clone();
    let root = body.clone();
    let confirm = move |_| {
        // The form's own controls hold the choice: read them at the moment of the skip.
        let field = |sel: &str| root.query_selector(sel).ok().flatten();
        let value = |el: web_sys::Element| el.get_attribute("value").unwrap_or_default();
        // Tells what is missing and puts focus where it can be given.
        let ask = |what: Msg, at: &str| {
            missing.set(Some(what));
            if let Some(el) = field(at).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = el.focus();
            }
        };
        let Some(reason) = field("input:checked").map(value) else {
            return ask(msg::skip_need_reason, "input");
        };
        let note = field("textarea")
            .and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
            .map(|t| t.value())
            .unwrap_or_default();
        // "Another reason" says nothing by itself: the team needs the reviewer's words.
        if reason == "other" && note.trim().is_empty() {
            return ask(msg::skip_need_note, "textarea");
        }
        let label = offered
            .iter()
            .find(|(v, _)| *v == reason)
            .map(|(_, l)| l.as_str());
        let label = label.unwrap_or_default();
        skipped.set(Some(
            words.f(msg::skipped_task, &[("reason", label.into())]),
        ));
        finish.run(Some((reason, note)));
    };
    child(&body, "button")
        .attr("type", "button")
        .cls("rw-button")
        .attr("data-testid", "skip-confirm")
        .text(&tr.t(msg::skip_confirm))
        .on("click", confirm);
    details
}
