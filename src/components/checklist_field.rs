//! A checklist: each item answered yes / no / (optionally) not applicable, each answer with its
//! key when it has one (the rubric's, or a digit: `rubric_core::form::keys`).
//!
//! Built with DOM calls, like the option cards: a checklist may have dozens of items of three
//! radios each, and as a view every radio and label cost hundreds of bytes of wasm and a
//! reactive effect each. Here one `change` listener and one effect serve the whole list.

use super::form::{content_lang, FieldId, ImageOrigins};
use super::markdown::{append_markdown, child};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use rubric_core::form::keys::checks;
use rubric_core::form::rules::check_item;
use rubric_core::model::rubric::ChecklistItem;
use rubric_core::text::i18n::Translate;
use rubric_core::text::messages as msg;
use rubric_core::{Answer, Check};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement};

/// The items of a `checklist` criterion.
#[component]
pub fn ChecklistField(
    /// The field's DOM ids.
    id: FieldId,
    /// The criterion's answer: an `Answer::Checklist` once any item is answered.
    answer: RwSignal<Option<Answer>>,
    /// The criterion's items, in order.
    items: Vec<ChecklistItem>,
    /// Whether "not applicable" is a choice.
    allow_na: bool,
    /// The key of each answer (yes, no, n/a), shown beside it; empty: none.
    #[prop(optional)]
    keys: Vec<String>,
) -> impl IntoView {
    let tr = use_i18n();
    let lang = content_lang();
    let origins = use_context::<ImageOrigins>().unwrap_or_default();
    // The answers in the order keys count them.
    let answers = checks(allow_na);
    let ids: std::sync::Arc<[String]> = items.iter().map(|i| i.id.clone()).collect();
    let (ids_built, ids_for_change) = (ids.clone(), ids.clone());
    let node = NodeRef::<leptos::html::Div>::new();
    // Each item's radios once built, for the effect that shows which are chosen.
    let radios = StoredValue::new_local(Vec::<Vec<HtmlInputElement>>::new());
    node.on_load(move |div| {
        // Leptos rebuilds a same-shaped view in place (the next task, `reset()`): this may be
        // the previous form's list, still holding its items.
        div.set_text_content(None);
        let doc = document();
        let words = [msg::check_yes, msg::check_no, msg::check_na].map(|m| tr.t(m));
        let shortcut = tr.t(msg::hotkey_title);
        let set = |el: &Element, k: &str, v: &str| {
            let _ = el.set_attribute(k, v);
        };
        let mut made = Vec::with_capacity(items.len());
        for (k, item) in items.iter().enumerate() {
            let fieldset = child(&doc, &div, "fieldset");
            fieldset.set_class_name("rw-check-item");
            set(&fieldset, "data-item", &k.to_string());
            let legend = child(&doc, &fieldset, "legend");
            set(&legend, "dir", "auto");
            if let Some(l) = &lang {
                set(&legend, "lang", l);
            }
            legend.set_text_content(Some(&item.label));
            if !item.description.is_empty() {
                append_markdown(
                    &doc,
                    &fieldset,
                    &item.description,
                    false,
                    lang.as_deref(),
                    &origins.0,
                    &tr,
                );
            }
            let row = child(&doc, &fieldset, "span");
            row.set_class_name("rw-check-choices");
            let name = id.part(&format!("item{k}"));
            let mut inputs = Vec::with_capacity(answers.len());
            for (j, word) in words.iter().take(answers.len()).enumerate() {
                let choice = child(&doc, &row, "span");
                choice.set_class_name("rw-check-choice");
                let input = child(&doc, &choice, "input");
                let input_id = format!("{name}-{j}");
                set(&input, "type", "radio");
                set(&input, "id", &input_id);
                set(&input, "name", &name);
                // The answer as the submission writes it.
                set(&input, "value", ["yes", "no", "na"][j]);
                set(&input, "data-slot", &j.to_string());
                let label = child(&doc, &choice, "label");
                set(&label, "for", &input_id);
                label.set_text_content(Some(word));
                // Beside the label, not in it: the radio is named "Yes", not "Yes y".
                if let Some(key) = keys.get(j) {
                    let kbd = child(&doc, &choice, "kbd");
                    kbd.set_class_name("rw-kbd");
                    set(&kbd, "title", &shortcut);
                    kbd.set_text_content(Some(key));
                }
                if let Ok(input) = input.dyn_into::<HtmlInputElement>() {
                    inputs.push(input);
                }
            }
            made.push(inputs);
        }
        answer.with_untracked(|a| show(&made, &ids_built, answers, a));
        radios.set_value(made);
    });
    // One effect for the list: the radios follow the answer (a click, a key, a restored draft,
    // "Start over"). It reads the answer whether or not the radios exist yet, so it subscribes
    // even when it first runs before they are built (they then take their state above).
    super::follow(Box::new(move |_| {
        answer.with(|a| radios.with_value(|rows| show(rows, &ids, answers, a)))
    }));
    let change = move |ev: web_sys::Event| {
        let input = ev.target().and_then(|t| t.dyn_into::<Element>().ok());
        let at = |el: Option<Element>, attr: &str| {
            el.and_then(|e| e.get_attribute(attr))
                .and_then(|s| s.parse::<usize>().ok())
        };
        let item = input
            .as_ref()
            .and_then(|i| i.closest(".rw-check-item").ok().flatten());
        if let (Some(j), Some(k)) = (at(input, "data-slot"), at(item, "data-item")) {
            if let (Some(id), Some(&check)) = (ids_for_change.get(k), answers.get(j)) {
                answer.set(Some(check_item(answer.get_untracked(), id, check)));
            }
        }
    };
    view! { <div class="rw-checklist" node_ref=node on:change=change></div> }
}

/// Checks the radio of each item's answer in `answer` and unchecks the others; `rows` holds each
/// item's radios, in `answers` order.
fn show(
    rows: &[Vec<HtmlInputElement>],
    ids: &[String],
    answers: &[Check],
    answer: &Option<Answer>,
) {
    let items = match answer {
        Some(Answer::Checklist { items }) => Some(items),
        _ => None,
    };
    for (row, id) in rows.iter().zip(ids) {
        let given = items.and_then(|i| i.get(id));
        for (input, check) in row.iter().zip(answers) {
            input.set_checked(given == Some(check));
        }
    }
}
