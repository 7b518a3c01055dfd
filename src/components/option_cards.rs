//! Radio or checkbox cards for rating levels, pairwise scale points and choice options: every
//! level shows its label, its descriptor and its hotkey, on wide and narrow screens alike.

use super::form::{content_lang, FieldId};
use super::markdown::Markdown;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use rubric_core::text::i18n::Translate;
use rubric_core::text::messages as msg;

/// One card's content.
#[derive(Clone)]
pub struct Card {
    /// Short text such as "3" or "A is better"; empty for none.
    pub badge: String,
    pub label: String,
    /// Markdown: what this level means.
    pub descriptor: String,
    /// Markdown: an example at this level.
    pub example: Option<String>,
}

/// The cards of a rating, choice or pairwise criterion. What a card means is the caller's:
/// `picked` says whether card `slot` is chosen, `on_pick` chooses it (a click or a key).
///
/// The two functions are generic rather than `Callback`s: the form has one call site, so this
/// costs no boxed closures in the wasm.
#[component]
pub fn OptionCards<P, K>(
    /// The field's DOM ids.
    id: FieldId,
    /// The cards, one per level/option, in order.
    cards: Vec<Card>,
    /// Whether card `slot` is chosen now (reactive).
    picked: P,
    /// Chooses card `slot` (for checkboxes: toggles it).
    on_pick: K,
    /// The criterion's hotkeys, one per card (none: no keys shown).
    hotkeys: Vec<String>,
    /// Whether the reviewer has hotkeys on; off, the keys are shown struck out.
    hotkeys_on: RwSignal<bool>,
    /// Checkboxes instead of radio buttons. Default: false.
    #[prop(optional)]
    multiple: bool,
) -> impl IntoView
where
    P: Fn(usize) -> bool + Clone + Send + Sync + 'static,
    K: Fn(usize) + Clone + Send + Sync + 'static,
{
    let tr = use_i18n();
    let name = id.part("opt");
    let (shortcut, example) = (tr.t(msg::hotkey_title), tr.t(msg::example));
    let lang = content_lang();
    let items = cards
        .into_iter()
        .enumerate()
        .map(|(slot, card)| {
            let id = format!("{name}-{slot}");
            let has_desc = !card.descriptor.trim().is_empty() || card.example.is_some();
            let desc_id = has_desc.then(|| format!("{id}-desc"));
            let key = hotkeys.get(slot).cloned();
            let (shortcut, example) = (shortcut.clone(), example.clone());
            let lang = lang.clone();
            let (picked, on_pick) = (picked.clone(), on_pick.clone());
            view! {
                <li class="rw-card">
                    <input
                        type=if multiple { "checkbox" } else { "radio" }
                        id=id.clone()
                        name=name.clone()
                        class="rw-card-input"
                        aria-describedby=desc_id.clone()
                        prop:checked=move || picked(slot)
                        on:change=move |_| on_pick(slot)
                    />
                    <label for=id class="rw-card-label">
                        // A scale point's number shares the radio's row and its label gets the
                        // card's full width below; an option's label sits beside the radio.
                        <span class="rw-card-head">
                            {if card.badge.is_empty() {
                                view! { <span class="rw-card-title" dir="auto" lang=lang.clone()>{card.label.clone()}</span> }.into_any()
                            } else {
                                view! { <span class="rw-card-badge">{card.badge.clone()}</span> }.into_any()
                            }}
                            {key.map(|k| view! {
                                <kbd class="rw-kbd" title=shortcut.clone() class:rw-kbd-off=move || !hotkeys_on.get()>{k}</kbd>
                            })}
                        </span>
                        {(!card.badge.is_empty()).then(|| view! { <span class="rw-card-title" dir="auto" lang=lang.clone()>{card.label}</span> })}
                        {has_desc.then(|| view! {
                            <span class="rw-card-desc" id=desc_id>
                                <Markdown text=card.descriptor inline=true />
                                {card.example.map(|ex| view! {
                                    <span class="rw-card-example">{example.clone()} " " <Markdown text=ex inline=true /></span>
                                })}
                            </span>
                        })}
                    </label>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="rw-cards" role="list">{items}</ul> }
}
