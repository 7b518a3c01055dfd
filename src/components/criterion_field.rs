//! One criterion as a `<fieldset>`: its title as the legend, its description, the input for its
//! type, and its inline message. Hidden (not removed) while its `visible_if` fails, so local
//! state such as a ranking in progress survives the criterion coming back. Built with DOM calls
//! (`super::dom`), like every field.

use super::checklist_field::checklist_field;
use super::dom::{
    bind, bind_checked, bind_class, bind_flag, bind_view, child, el, Dom, Edit, Make,
};
use super::form::{content_lang, use_form, FieldId};
use super::markdown::fill;
use super::option_cards::{option_cards, Card};
use super::ranking_field::ranking_field;
use super::text_field::text_field;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use rubric_core::form::rules::Required;
use rubric_core::model::rubric::Level;
use rubric_core::text::i18n::Translate;
use rubric_core::text::messages as msg;
use rubric_core::{Answer, CriterionKind};
use web_sys::Element;

/// The field for criterion `idx` (its index in the rubric): the one component that reads the
/// form's context and matches on the criterion's type; the input for that type gets typed
/// props. A function rather than a `#[component]`, so the form's slices get its elements.
pub fn criterion_field(idx: usize) -> Dom {
    let form = use_form();
    let c = &form.rubric.criteria[idx];
    let visible = form.visible[idx];
    let show_errors = form.show_errors;
    let issue = form.issues[idx];
    let shown_issue = move || if show_errors.get() { issue.get() } else { None };
    let error_id = form.dom_id(idx, "error");
    let desc_id = (!c.description.is_empty()).then(|| form.dom_id(idx, "desc"));
    let lang = content_lang();
    let field = el("fieldset")
        .attr("id", &form.dom_id(idx, "field"))
        .attr("tabindex", "-1")
        .attr("data-criterion", &c.id)
        .attr("data-type", c.kind.name())
        // Described by its description (when it has one) and its inline message.
        .attr(
            "aria-describedby",
            &match &desc_id {
                Some(d) => format!("{d} {error_id}"),
                None => error_id.clone(),
            },
        );
    // Automatic digits answer this question only while it has focus, and show only then.
    if form.keys.only_focused(idx) {
        field.set_attr("data-keys", "focus");
    }
    bind_flag(&field, "hidden", move || !visible.get());
    bind_class(&field, "rw-criterion", "rw-invalid", move || {
        shown_issue().is_some()
    });
    let legend_id = form.dom_id(idx, "legend");
    let legend = child(&field, "legend")
        .attr("id", &legend_id)
        .cls("rw-legend")
        .attr("dir", "auto");
    // The title's own element only when it needs a `lang` of its own.
    match &lang {
        Some(l) => {
            child(&legend, "span").text(&c.title).attr("lang", l);
        }
        None => {
            legend.add_text(&c.title);
        }
    }
    // The star is for the eye (the stylesheet draws it after a `rw-required` legend, silent);
    // screen readers hear " (required)" with the question's name: the question is named by its
    // legend and the form's one hidden " (required)" (`required_text_id`; `aria-labelledby`
    // reads hidden text it points to). Not in the question: a visually hidden box was a
    // positioned, clipped box in every required question (0.46 MiB of the page's memory at 200
    // questions), and a hidden one inside it is read as text while the browser skips the
    // question's contents (`content-visibility: auto`: Chromium does not know it hidden then).
    let req_id = required_text_id(&form.prefix);
    let f_req = form.clone();
    let named = field.clone();
    bind(Box::new(move || {
        let needed = f_req.required(idx) != Required::No;
        // Written whole, as `bind_class` does.
        legend.set_class_name(if needed {
            "rw-legend rw-required"
        } else {
            "rw-legend"
        });
        let name = if needed {
            format!("{legend_id} {req_id}")
        } else {
            legend_id.clone()
        };
        named.set_attr("aria-labelledby", &name);
    }));
    if let Some(d) = &desc_id {
        let description = child(&field, "div").attr("id", d);
        fill(
            &description,
            "rw-description",
            &c.description,
            false,
            lang.as_deref(),
            &form.tr,
        );
    }
    // The one place a criterion's type is looked at: each field gets its type's data.
    let id = form.field_id(idx);
    let answer = form.answers[idx];
    let keys = form.keys.shown(idx).to_vec();
    let cards = |cards: Vec<Card>, multiple: bool| {
        let (f1, f2) = (form.clone(), form.clone());
        let picked = move |slot| f1.is_picked(idx, slot);
        let on_pick = move |slot| f2.pick(idx, slot);
        option_cards(id.clone(), cards, picked, on_pick, keys.clone(), multiple)
    };
    // How many cards or checklist items it has: the stylesheet guesses from it the size of a
    // question it has not laid out yet (`content-visibility: auto`).
    let parts = match &c.kind {
        CriterionKind::Rating { levels } => levels.len(),
        CriterionKind::SingleChoice { options } | CriterionKind::MultiChoice { options, .. } => {
            options.len()
        }
        CriterionKind::Pairwise { scale, .. } => scale.len(),
        CriterionKind::Checklist { items, .. } => items.len(),
        CriterionKind::Ranking { .. } | CriterionKind::Text { .. } => 0,
    };
    if parts > 0 {
        field.set_attr("data-n", &parts.to_string());
    }
    let mut body: Vec<Element> = Vec::new();
    match &c.kind {
        CriterionKind::Rating { levels } => body.extend(cards(level_cards(levels, true), false)),
        CriterionKind::SingleChoice { options } | CriterionKind::MultiChoice { options, .. } => {
            let multiple = matches!(c.kind, CriterionKind::MultiChoice { .. });
            let choices = options
                .iter()
                .map(|o| Card {
                    badge: String::new(),
                    value: o.value.clone(),
                    label: o.label.clone(),
                    descriptor: o.description.clone(),
                    example: None,
                })
                .collect();
            body.extend(cards(choices, multiple));
        }
        CriterionKind::Pairwise {
            scale,
            allow_both_bad,
            ..
        } => {
            let (a, b) = form.pair(idx);
            let key = el("p").cls("rw-pair-key").text("A = ");
            child(&key, "strong").text(&form.response_label(&a));
            key.add_text(", B = ");
            child(&key, "strong").text(&form.response_label(&b));
            body.push(key);
            // Pairwise values (-3..3) mean nothing to a reviewer: the labels say it all.
            body.extend(cards(level_cards(scale, false), false));
            if *allow_both_bad {
                body.push(both_bad_toggle(&id, answer, a, b));
            }
        }
        CriterionKind::Ranking { allow_ties, top_k } => {
            let responses = form
                .response_order
                .iter()
                .map(|r| (r.clone(), form.response_label(r)))
                .collect();
            body.extend(ranking_field(
                id.clone(),
                answer,
                *allow_ties,
                *top_k,
                responses,
            ));
        }
        CriterionKind::Text {
            min_length,
            max_length,
            placeholder,
        } => body.extend(text_field(
            id.clone(),
            answer,
            *min_length,
            *max_length,
            placeholder,
        )),
        CriterionKind::Checklist { items, allow_na } => {
            body.extend(checklist_field(id.clone(), answer, items, *allow_na, &keys))
        }
    };
    for part in &body {
        field.add_node(part);
    }
    let error = child(&field, "p")
        .cls("rw-field-error")
        .attr("id", &error_id)
        .attr("aria-live", "polite");
    bind_view(&error, shown_issue, |p, issue| {
        if let Some(m) = issue {
            child(p, "span")
                .cls("rw-error-icon")
                .attr("aria-hidden", "true")
                .text("! ");
            p.add_text(&m);
        }
    });
    Dom::one(field)
}

/// Cards for scale levels; `numbered` shows each level's value as its badge.
fn level_cards(levels: &[Level], numbered: bool) -> Vec<Card> {
    levels
        .iter()
        .map(|l| Card {
            value: l.value.to_string(),
            badge: if numbered {
                l.value.to_string()
            } else {
                String::new()
            },
            label: l.label.clone(),
            descriptor: l.descriptor.clone(),
            example: l.example.clone(),
        })
        .collect()
}

/// The "both are bad" checkbox of a pairwise criterion: clears the preference when ticked.
fn both_bad_toggle(
    field: &FieldId,
    answer: RwSignal<Option<Answer>>,
    a: String,
    b: String,
) -> Element {
    let id = field.part("both-bad");
    let p = el("p").cls("rw-both-bad");
    let input = child(&p, "input")
        .attr("type", "checkbox")
        .attr("id", &id)
        .on("change", move |ev| {
            let on = event_target_checked(&ev);
            answer.set(on.then(|| Answer::Pairwise {
                a: a.clone(),
                b: b.clone(),
                value: None,
                both_bad: true,
            }));
        });
    bind_checked(&input, move || {
        matches!(answer.get(), Some(Answer::Pairwise { both_bad: true, .. }))
    });
    child(&p, "label")
        .attr("for", &id)
        .text(&use_i18n().t(msg::both_bad));
    p
}

/// The id of the form's one hidden " (required)", which every required question's name reads
/// after its legend (the review form puts it before the questions).
pub fn required_text_id(prefix: &str) -> String {
    format!("{prefix}-required")
}
