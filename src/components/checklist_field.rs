//! A checklist: each item answered yes / no / (optionally) not applicable.

use super::form::{content_lang, FieldId};
use super::markdown::Markdown;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use rubric_core::model::rubric::ChecklistItem;
use rubric_core::text::i18n::Translate;
use rubric_core::text::messages as msg;
use rubric_core::{Answer, Check};

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
) -> impl IntoView {
    let tr = &use_i18n();
    let lang = content_lang();
    let mut choices = vec![
        (Check::Yes, tr.t(msg::check_yes)),
        (Check::No, tr.t(msg::check_no)),
    ];
    if allow_na {
        choices.push((Check::Na, tr.t(msg::check_na)));
    }
    let rows = items
        .into_iter()
        .enumerate()
        .map(|(k, item)| {
            let name = id.part(&format!("item{k}"));
            let item_id = item.id.clone();
            let buttons = choices
                .iter()
                .enumerate()
                .map(|(j, (check, text))| {
                    let check = *check;
                    let id = format!("{name}-{j}");
                    let text = text.clone();
                    let (read_id, write_id) = (item_id.clone(), item_id.clone());
                    view! {
                        <span class="rw-check-choice">
                            <input
                                type="radio"
                                id=id.clone()
                                name=name.clone()
                                prop:checked=move || answer.with(|a| matches!(a, Some(Answer::Checklist { items }) if items.get(&read_id) == Some(&check)))
                                on:change=move |_| {
                                    let mut items = match answer.get_untracked() {
                                        Some(Answer::Checklist { items }) => items,
                                        _ => Default::default(),
                                    };
                                    items.insert(write_id.clone(), check);
                                    answer.set(Some(Answer::Checklist { items }));
                                }
                            />
                            <label for=id>{text}</label>
                        </span>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="rw-check-item">
                    <legend dir="auto" lang=lang.clone()>{item.label.clone()}</legend>
                    {(!item.description.is_empty()).then(|| view! { <Markdown text=item.description.clone() /> })}
                    <span class="rw-check-choices">{buttons}</span>
                </fieldset>
            }
        })
        .collect_view();
    view! { <div class="rw-checklist">{rows}</div> }
}
