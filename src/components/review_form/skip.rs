//! "Can't assess this task": the reviewer declines the task with a reason (the rubric's
//! `skip_reasons`, else the default list) and an optional note. A skip is a finished review
//! with no answers (`skipped` in the submission), delivered like any other.

use super::submit::Finish;
use super::Stage;
use crate::components::form::Form;
use leptos::prelude::*;
use rubric_core::form::submission::skip_reasons;
use rubric_core::text::i18n::{Msg, Translate};
use rubric_core::text::messages as msg;
use wasm_bindgen::JsCast;

/// A disclosure under the submit button: reasons as radio buttons, a note, and "Skip this
/// task". A native `<details>` opens and closes it (keyboard and screen readers included)
/// without state of ours. `skipped` gets the chosen reason's words ("Skipped: …").
pub fn skip_panel(
    form: &Form,
    finish: Finish,
    skipped: RwSignal<Option<String>>,
    stage: RwSignal<Stage>,
) -> impl IntoView {
    let tr = &form.tr;
    // What is wrong with the skip as asked: no reason, or "other" without a word of why.
    let missing = RwSignal::new(None::<Msg>);
    let form_el = NodeRef::<leptos::html::Fieldset>::new();
    // Leptos rebuilds a same-shaped view in place: for the next task this may be the last
    // task's panel, still open with its reason ticked and its note written. Start empty.
    // Whether the reason chosen needs the reviewer's words ("another reason"): the note's
    // label says so and the field is marked required, instead of "(optional)".
    let note_needed = RwSignal::new(false);
    form_el.on_load(move |el| {
        crate::browser::reset_fields(&el);
        note_needed.set(false);
    });
    let id = format!("{}-skip", form.prefix);
    let (note_id, error_id) = (format!("{id}-note"), format!("{id}-error"));
    let described = error_id.clone();
    let offered = skip_reasons(&form.rubric, tr);
    let reasons = offered
        .iter()
        .map(|(value, label)| {
            view! {
                <label class="rw-skip-reason">
                    <input type="radio" name=id.clone() value=value.clone() on:change={
                        let other = value == "other";
                        move |_| {
                            missing.set(None);
                            note_needed.set(other);
                        }
                    } />
                    <span dir="auto">{label.clone()}</span>
                </label>
            }
        })
        .collect_view();
    let (words, said, labels) = (tr.clone(), tr.clone(), tr.clone());
    let note_field = note_id.clone();
    let confirm = move |_| {
        // The form's own controls hold the choice: read them at the moment of the skip.
        let Some(root) = form_el.get_untracked() else {
            return;
        };
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
    view! {
        <details class="rw-skip" hidden=move || stage.with(|s| *s != Stage::Editing) data-testid="skip-panel">
            <summary class="rw-button" data-testid="skip-open">{tr.t(msg::skip_task)}</summary>
            <fieldset class="rw-skip-body" node_ref=form_el aria-describedby=described>
                <legend>{tr.t(msg::skip_title)}</legend>
                <div class="rw-skip-reasons">{reasons}</div>
                <p class="rw-field-error" id=error_id role="alert">{move || missing.get().map(|m| said.t(m))}</p>
                <label for=note_field>{move || labels.t(if note_needed.get() { msg::skip_note_needed } else { msg::skip_note })}</label>
                <textarea id=note_id class="rw-textarea" rows="2" maxlength="2000" prop:required=move || note_needed.get()></textarea>
                <button type="button" class="rw-button" data-testid="skip-confirm" on:click=confirm>{tr.t(msg::skip_confirm)}</button>
            </fieldset>
        </details>
    }
}
