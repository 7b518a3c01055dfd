//! Radio or checkbox cards for rating levels, pairwise scale points and choice options: every
//! level shows its label, its descriptor and its hotkey, on wide and narrow screens alike.
//!
//! Built with DOM calls rather than `view!`, like markdown: a form shows hundreds of cards, and
//! as a view each card's elements and attributes cost hundreds of bytes of wasm, a reactive
//! effect per card for its checked state and another for its hotkey, and comment markers for
//! every optional part (12,206 comment nodes at 200 criteria before, 4,782 after, and the
//! form visible about 10% sooner). Here one `change` listener, one effect and one class per
//! criterion do the same.

use super::dom::{bind, child, el, Dom, Make};
use super::form::{content_lang, FieldId};
use super::markdown::{append_inline, fill};
use crate::i18n::{use_i18n, I18n};
use rubric_core::text::i18n::Translate;
use rubric_core::text::messages as msg;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement};

/// One card's content.
#[derive(Clone)]
pub struct Card {
    /// Short text such as "3" or "A is better"; empty for none.
    pub badge: String,
    /// The answer's value as the submission writes it (a level's number, an option's value):
    /// the input's `value`, so a host's script or test can find a choice without our classes.
    pub value: String,
    pub label: String,
    /// Markdown: what this level means.
    pub descriptor: String,
    /// Markdown: an example at this level.
    pub example: Option<String>,
}

/// The cards of a rating, choice or pairwise criterion: `id` the field's DOM ids, `cards` one
/// per level/option in order, `hotkeys` the criterion's keys, one per card (none: no keys
/// shown), checkboxes instead of radio buttons when `multiple`. What a card means is the
/// caller's: `picked(slot)` says whether card `slot` is chosen now (reactive), `on_pick(slot)`
/// chooses it (for checkboxes: toggles it; a click or a key).
///
/// The two functions are generic rather than `Callback`s: the form has one call site, so this
/// costs no boxed closures in the wasm.
pub fn option_cards<P, K>(
    id: FieldId,
    cards: Vec<Card>,
    picked: P,
    on_pick: K,
    hotkeys: Vec<String>,
    multiple: bool,
) -> Dom
where
    P: Fn(usize) -> bool + 'static,
    K: Fn(usize) + 'static,
{
    let tr = use_i18n();
    let lang = content_lang();
    let name = id.part("opt");
    let n = cards.len();
    let ul = el("ul")
        .cls("rw-cards")
        .attr("role", "list")
        .on("change", move |ev| {
            let slot = ev
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|el| el.get_attribute("data-slot"))
                .and_then(|s| s.parse::<usize>().ok());
            if let Some(slot) = slot {
                on_pick(slot);
            }
        });
    let inputs = build(
        &ul,
        &cards,
        &Built {
            name: &name,
            multiple,
            hotkeys: &hotkeys,
            lang: lang.as_deref(),
            tr: &tr,
        },
    );
    // One effect per criterion: the chosen cards follow the answer (a click, a hotkey, a
    // restored draft, "Start over").
    // When focus is on one of these radios and a key chose another, focus follows the choice,
    // so the arrow keys go on from what is chosen, not from a card left unchecked.
    // Not while the form is built: nothing has focus there yet, and a long form has hundreds.
    let mut built = false;
    bind(Box::new(move || {
        let mut focus_left = false;
        for (slot, input) in inputs.iter().enumerate().take(n) {
            let on = picked(slot);
            input.set_checked(on);
            // `:focus` rather than the document's active element, which is the shadow host
            // when the widget is embedded.
            focus_left |= built && !on && input.matches(":focus").unwrap_or(false);
        }
        built = true;
        if focus_left && !multiple {
            if let Some(chosen) = inputs.iter().find(|i| i.checked()) {
                chosen.focus().ok();
            }
        }
    }));
    // Switched-off keys are struck out by the stylesheet (the root's `data-hotkeys`).
    Dom::one(ul)
}

/// What every card of one list shares.
struct Built<'a> {
    name: &'a str,
    multiple: bool,
    hotkeys: &'a [String],
    lang: Option<&'a str>,
    tr: &'a I18n,
}

/// The cards as DOM elements in `ul`; returns their inputs, by slot.
fn build(ul: &Element, cards: &[Card], b: &Built) -> Vec<HtmlInputElement> {
    let (shortcut, example) = (b.tr.t(msg::hotkey_title), b.tr.t(msg::example));
    let set = |el: &Element, k: &str, v: &str| {
        let _ = el.set_attribute(k, v);
    };
    // The label in the reviewer's words, marked with the content's language.
    let title = |parent: &Element, text: &str| {
        let t = child(parent, "span");
        t.set_class_name("rw-card-title");
        set(&t, "dir", "auto");
        if let Some(l) = b.lang {
            set(&t, "lang", l);
        }
        t.set_text_content(Some(text));
    };
    let mut inputs = Vec::with_capacity(cards.len());
    for (slot, card) in cards.iter().enumerate() {
        let li = child(ul, "li");
        li.set_class_name("rw-card");
        let input = child(&li, "input");
        let id = format!("{}-{slot}", b.name);
        set(
            &input,
            "type",
            if b.multiple { "checkbox" } else { "radio" },
        );
        set(&input, "id", &id);
        set(&input, "name", b.name);
        set(&input, "value", &card.value);
        set(&input, "data-slot", &slot.to_string());
        input.set_class_name("rw-card-input");
        let has_desc = !card.descriptor.trim().is_empty() || card.example.is_some();
        let desc_id = format!("{id}-desc");
        if has_desc {
            set(&input, "aria-describedby", &desc_id);
        }
        let label = child(&li, "label");
        label.set_class_name("rw-card-label");
        set(&label, "for", &id);
        // A scale point's number shares the radio's row and its label gets the card's full
        // width below; an option's label sits beside the radio.
        let head = child(&label, "span");
        head.set_class_name("rw-card-head");
        if card.badge.is_empty() {
            title(&head, &card.label);
        } else {
            let badge = child(&head, "span");
            badge.set_class_name("rw-card-badge");
            badge.set_text_content(Some(&card.badge));
        }
        if let Some(k) = b.hotkeys.get(slot) {
            let kbd = child(&head, "kbd");
            kbd.set_class_name("rw-kbd");
            set(&kbd, "title", &shortcut);
            kbd.set_text_content(Some(k));
        }
        if !card.badge.is_empty() {
            title(&label, &card.label);
        }
        if has_desc {
            let desc = child(&label, "span");
            desc.set_class_name("rw-card-desc");
            set(&desc, "id", &desc_id);
            match &card.example {
                // The descriptor alone: the span is its markdown box.
                None => fill(&desc, &card.descriptor, true, b.lang, b.tr),
                // With an example, whose "Example:" is in the widget's language.
                Some(_) => append_inline(&desc, &card.descriptor, b.lang, b.tr),
            }
            if let Some(ex) = &card.example {
                let span = child(&desc, "span");
                span.set_class_name("rw-card-example");
                let _ = span.append_with_str_1(&format!("{example} "));
                append_inline(&span, ex, b.lang, b.tr);
            }
        }
        if let Ok(input) = input.dyn_into::<HtmlInputElement>() {
            inputs.push(input);
        }
    }
    inputs
}
