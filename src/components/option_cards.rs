//! Radio or checkbox cards for rating levels, pairwise scale points and choice options: every
//! level shows its label, its descriptor and its hotkey, on wide and narrow screens alike.
//!
//! Built with DOM calls rather than `view!`, like markdown: a form shows hundreds of cards, and
//! as a view each card's elements and attributes cost hundreds of bytes of wasm, a reactive
//! effect per card for its checked state and another for its hotkey, and comment markers for
//! every optional part (12,206 comment nodes at 200 criteria before, 4,782 after, and the
//! form visible about 10% sooner). Here one `change` listener, one effect and one class per
//! criterion do the same.

use super::form::{content_lang, FieldId, ImageOrigins};
use super::markdown::{append_inline, child};
use crate::i18n::{use_i18n, I18n};
use leptos::prelude::*;
use rubric_core::text::i18n::Translate;
use rubric_core::text::messages as msg;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlInputElement};

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
    /// Checkboxes instead of radio buttons. Default: false.
    #[prop(optional)]
    multiple: bool,
) -> impl IntoView
where
    P: Fn(usize) -> bool + Clone + Send + Sync + 'static,
    K: Fn(usize) + Clone + Send + Sync + 'static,
{
    let tr = use_i18n();
    let lang = content_lang();
    let origins = use_context::<ImageOrigins>().unwrap_or_default();
    let name = id.part("opt");
    let list = NodeRef::<leptos::html::Ul>::new();
    // The inputs, once built, for the effect that shows which are chosen.
    let inputs = StoredValue::new_local(Vec::<HtmlInputElement>::new());
    let n = cards.len();
    let shown = picked.clone();
    list.on_load(move |ul| {
        // Leptos rebuilds a same-shaped view in place ("Next task", `reset()`, the designer's
        // preview): this list may be the previous form's, still holding its cards.
        ul.set_text_content(None);
        let made = build(
            &document(),
            &ul,
            &cards,
            &Built {
                name: &name,
                multiple,
                hotkeys: &hotkeys,
                lang: lang.as_deref(),
                origins: &origins.0,
                tr: &tr,
            },
        );
        for (slot, input) in made.iter().enumerate() {
            input.set_checked(shown(slot));
        }
        inputs.set_value(made);
    });
    // One effect per criterion: the chosen cards follow the answer (a click, a hotkey, a
    // restored draft, "Start over"). It reads every card's state before touching the inputs,
    // so it subscribes to the answer even when it first runs before the cards exist (the
    // cards then take their state when they are built, above).
    super::follow(Box::new(move |_| {
        let states: Vec<bool> = (0..n).map(&picked).collect();
        inputs.with_value(|inputs| {
            for (input, on) in inputs.iter().zip(states) {
                input.set_checked(on);
            }
        });
    }));
    let change = move |ev: web_sys::Event| {
        let slot = ev
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|el| el.get_attribute("data-slot"))
            .and_then(|s| s.parse::<usize>().ok());
        if let Some(slot) = slot {
            on_pick(slot);
        }
    };
    // Switched-off keys are struck out by the stylesheet (the form's switch, through `:has`).
    view! { <ul class="rw-cards" role="list" node_ref=list on:change=change></ul> }
}

/// What every card of one list shares.
struct Built<'a> {
    name: &'a str,
    multiple: bool,
    hotkeys: &'a [String],
    lang: Option<&'a str>,
    origins: &'a [String],
    tr: &'a I18n,
}

/// The cards as DOM elements in `ul`; returns their inputs, by slot.
fn build(doc: &Document, ul: &Element, cards: &[Card], b: &Built) -> Vec<HtmlInputElement> {
    let (shortcut, example) = (b.tr.t(msg::hotkey_title), b.tr.t(msg::example));
    let set = |el: &Element, k: &str, v: &str| {
        let _ = el.set_attribute(k, v);
    };
    // The label in the reviewer's words, marked with the content's language.
    let title = |parent: &Element, text: &str| {
        let t = child(doc, parent, "span");
        t.set_class_name("rw-card-title");
        set(&t, "dir", "auto");
        if let Some(l) = b.lang {
            set(&t, "lang", l);
        }
        t.set_text_content(Some(text));
    };
    let mut inputs = Vec::with_capacity(cards.len());
    for (slot, card) in cards.iter().enumerate() {
        let li = child(doc, ul, "li");
        li.set_class_name("rw-card");
        let input = child(doc, &li, "input");
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
        let label = child(doc, &li, "label");
        label.set_class_name("rw-card-label");
        set(&label, "for", &id);
        // A scale point's number shares the radio's row and its label gets the card's full
        // width below; an option's label sits beside the radio.
        let head = child(doc, &label, "span");
        head.set_class_name("rw-card-head");
        if card.badge.is_empty() {
            title(&head, &card.label);
        } else {
            let badge = child(doc, &head, "span");
            badge.set_class_name("rw-card-badge");
            badge.set_text_content(Some(&card.badge));
        }
        if let Some(k) = b.hotkeys.get(slot) {
            let kbd = child(doc, &head, "kbd");
            kbd.set_class_name("rw-kbd");
            set(&kbd, "title", &shortcut);
            kbd.set_text_content(Some(k));
        }
        if !card.badge.is_empty() {
            title(&label, &card.label);
        }
        if has_desc {
            let desc = child(doc, &label, "span");
            desc.set_class_name("rw-card-desc");
            set(&desc, "id", &desc_id);
            append_inline(doc, &desc, &card.descriptor, b.lang, b.origins, b.tr);
            if let Some(ex) = &card.example {
                let span = child(doc, &desc, "span");
                span.set_class_name("rw-card-example");
                let _ = span.append_with_str_1(&format!("{example} "));
                append_inline(doc, &span, ex, b.lang, b.origins, b.tr);
            }
        }
        if let Ok(input) = input.dyn_into::<HtmlInputElement>() {
            inputs.push(input);
        }
    }
    inputs
}
