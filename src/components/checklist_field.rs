//! A checklist: each item answered yes / no / (optionally) not applicable, each answer with its
//! key when it has one (the rubric's, or a digit: `rubric_core::form::keys`).
//!
//! Built with DOM calls, like the option cards: a checklist may have dozens of items of three
//! radios each, and as a view every radio and label cost hundreds of bytes of wasm and a
//! reactive effect each. Here one `change` listener and one effect serve the whole list.

use super::dom::{bind, child, el, Dom, Edit, Make};
use super::form::{content_lang, FieldId};
use super::markdown::markdown_el;
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

/// The items of a `checklist` criterion: `id` the field's DOM ids; `answer` the criterion's (an
/// `Answer::Checklist` once any item is answered); `items` in order; "not applicable" a choice
/// when `allow_na`; `keys` the key of each answer (yes, no, n/a), shown beside it (empty: none).
pub fn checklist_field(
    id: FieldId,
    answer: RwSignal<Option<Answer>>,
    items: &[ChecklistItem],
    allow_na: bool,
    keys: &[String],
) -> Dom {
    let tr = use_i18n();
    let lang = content_lang();
    // The answers in the order keys count them.
    let answers = checks(allow_na);
    let ids: std::sync::Arc<[String]> = items.iter().map(|i| i.id.clone()).collect();
    let ids_for_change = ids.clone();
    let words = [msg::check_yes, msg::check_no, msg::check_na].map(|m| tr.t(m));
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
    let div = el("div").cls("rw-checklist").on("change", change);
    let mut made = Vec::with_capacity(items.len());
    for (k, item) in items.iter().enumerate() {
        let fieldset = child(&div, "fieldset")
            .cls("rw-check-item")
            .attr("data-item", &k.to_string());
        let legend = child(&fieldset, "legend")
            .attr("dir", "auto")
            .text(&item.label);
        if let Some(l) = &lang {
            legend.set_attr("lang", l);
        }
        if !item.description.is_empty() {
            fieldset.add_node(&markdown_el(&item.description, false, lang.as_deref(), &tr));
        }
        let row = child(&fieldset, "span").cls("rw-check-choices");
        let name = id.part(&format!("item{k}"));
        let mut inputs = Vec::with_capacity(answers.len());
        for (j, word) in words.iter().take(answers.len()).enumerate() {
            // The label holds its radio; its key is drawn by the stylesheet from `data-key`
            // and is no part of the radio's name ("Yes", not "Yes y").
            let choice = child(&row, "label").cls("rw-check-choice");
            let input = child(&choice, "input")
                .attr("type", "radio")
                // Focus moves to the next item's radio by its id (`Form::check_by_key`).
                .attr("id", &format!("{name}-{j}"))
                .attr("name", &name)
                // The answer as the submission writes it.
                .attr("value", ["yes", "no", "na"][j])
                .attr("data-slot", &j.to_string());
            choice.add_text(word);
            if let Some(key) = keys.get(j) {
                choice.set_attr("data-key", key);
            }
            if let Ok(input) = input.dyn_into::<HtmlInputElement>() {
                inputs.push(input);
            }
        }
        made.push(inputs);
    }
    // One effect for the list: the radios follow the answer (a click, a key, a restored draft,
    // "Start over").
    bind(Box::new(move || {
        answer.with(|a| show(&made, &ids, answers, a))
    }));
    Dom::one(div)
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
