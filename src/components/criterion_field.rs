//! One criterion as a `<fieldset>`: its title as the legend, its description, the input for its
//! type, and its inline message. Hidden (not removed) while its `visible_if` fails, so local
//! state such as a ranking in progress survives the criterion coming back.

use super::checklist_field::ChecklistField;
use super::form::{content_lang, use_form, FieldId};
use super::markdown::Markdown;
use super::option_cards::{Card, OptionCards};
use super::ranking_field::RankingField;
use super::text_field::TextField;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use rubric_core::form::rules::Required;
use rubric_core::model::rubric::Level;
use rubric_core::text::i18n::Translate;
use rubric_core::text::messages as msg;
use rubric_core::{Answer, CriterionKind};

/// The field for criterion `idx`: the one component that reads the form's context and matches
/// on the criterion's type; the input for that type gets typed props.
#[component]
pub fn CriterionField(
    /// Criterion index in the rubric.
    idx: usize,
) -> impl IntoView {
    let form = use_form();
    let c = form.rubric.criteria[idx].clone();
    let visible = form.visible[idx];
    let f_req = form.clone();
    let show_errors = form.show_errors;
    let issue = form.issues[idx];
    let shown_issue = move || if show_errors.get() { issue.get() } else { None };
    let error_id = form.dom_id(idx, "error");
    let describedby = error_id.clone();
    let legend_id = form.dom_id(idx, "legend");
    let required_mark = move || match f_req.required(idx) {
        Required::No => None,
        // The star is for the eye; screen readers hear "required" with the question's name.
        _ => Some(view! {
            <span class="rw-required" aria-hidden="true">"*"</span>
            <span class="rw-sr-only">{f_req.tr.t(msg::required_sr)}</span>
        }),
    };
    // The one place a criterion's type is looked at: each field gets its type's data.
    let id = form.field_id(idx);
    let answer = form.answers[idx];
    let keys = form.keys.shown(idx).to_vec();
    let cards = |cards: Vec<Card>, multiple: bool| {
        let (f1, f2) = (form.clone(), form.clone());
        let picked = move |slot| f1.is_picked(idx, slot);
        let on_pick = move |slot| f2.pick(idx, slot);
        view! {
            <OptionCards id=id.clone() cards picked on_pick hotkeys=keys.clone() multiple />
        }
    };
    let body = match &c.kind {
        CriterionKind::Rating { levels } => cards(level_cards(levels, true), false).into_any(),
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
            cards(choices, multiple).into_any()
        }
        CriterionKind::Pairwise {
            scale,
            allow_both_bad,
            ..
        } => {
            let (a, b) = form.pair(idx);
            // Pairwise values (-3..3) mean nothing to a reviewer: the labels say it all.
            let scale_cards = level_cards(scale, false);
            let both_bad = allow_both_bad.then(|| both_bad_toggle(&id, answer, a.clone(), b.clone()));
            view! {
                <p class="rw-pair-key">
                    "A = " <strong>{form.response_label(&a)}</strong> ", B = " <strong>{form.response_label(&b)}</strong>
                </p>
                {cards(scale_cards, false)}
                {both_bad}
            }
            .into_any()
        }
        CriterionKind::Ranking { allow_ties, top_k } => {
            let responses = form
                .response_order
                .iter()
                .map(|r| (r.clone(), form.response_label(r)))
                .collect();
            view! { <RankingField id=id.clone() answer allow_ties=*allow_ties top_k=*top_k responses /> }.into_any()
        }
        CriterionKind::Text {
            min_length,
            max_length,
            placeholder,
        } => view! {
            <TextField id=id.clone() answer min_length=*min_length max_length=*max_length placeholder=placeholder.clone() />
        }
        .into_any(),
        CriterionKind::Checklist { items, allow_na } => view! {
            <ChecklistField id=id.clone() answer items=items.clone() allow_na=*allow_na keys=keys.clone() />
        }
        .into_any(),
    };
    view! {
        <fieldset
            class="rw-criterion"
            id=form.dom_id(idx, "field")
            tabindex="-1"
            data-criterion=c.id.clone()
            data-type=c.kind.name()
            // Automatic digits answer this question only while it has focus, and show only then.
            data-keys=form.keys.only_focused(idx).then_some("focus")
            prop:hidden=move || !visible.get()
            aria-describedby=describedby
            class:rw-invalid=move || shown_issue().is_some()
        >
            <legend id=legend_id class="rw-legend" dir="auto"><span lang=content_lang()>{c.title.clone()}</span> {required_mark}</legend>
            {(!c.description.is_empty()).then(|| view! { <div class="rw-description"><Markdown text=c.description.clone() /></div> })}
            {body}
            <p class="rw-field-error" id=error_id aria-live="polite">
                {move || shown_issue().map(|m| view! { <span class="rw-error-icon" aria-hidden="true">"! "</span> {m} })}
            </p>
        </fieldset>
    }
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
) -> impl IntoView {
    let id = field.part("both-bad");
    view! {
        <p class="rw-both-bad">
            <input
                type="checkbox"
                id=id.clone()
                prop:checked=move || matches!(answer.get(), Some(Answer::Pairwise { both_bad: true, .. }))
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    answer.set(on.then(|| Answer::Pairwise { a: a.clone(), b: b.clone(), value: None, both_bad: true }));
                }
            />
            <label for=id>{use_i18n().t(msg::both_bad)}</label>
        </p>
    }
}
