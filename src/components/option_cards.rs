//! Radio or checkbox cards for rating levels, pairwise scale points and choice options: every
//! level shows its label, its descriptor and its hotkey, on wide and narrow screens alike.
//!
//! Built with DOM calls rather than `view!`, like markdown: a form shows hundreds of cards, and
//! as a view each card's elements and attributes cost hundreds of bytes of wasm, a reactive
//! effect per card for its checked state and another for its hotkey, and comment markers for
//! every optional part (12,206 comment nodes at 200 criteria before, 4,782 after, and the
//! form visible about 10% sooner). Here one `change` listener, one effect and one class per
//! criterion do the same.

use super::dom::{bind, child, el, listen, Dom, Edit, Make};
use super::form::{content_is_widgets, content_lang, FieldId};
use super::markdown::{append_inline, fill};
use crate::i18n::{use_i18n, I18n};
use rubric_core::text::i18n::Translate;
use rubric_core::text::markdown::may_link;
use rubric_core::text::messages as msg;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
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
    // A plain box: the radios are a group in the question's fieldset, which already says "1 of
    // 5"; a list around them would only add elements.
    // How many cards: the stylesheet puts them in one row only where that many fit, and one
    // per row below (a scale wrapped 6 + 1 between the two).
    let list = el("div")
        .cls("rw-cards")
        .attr("data-n", &n.min(10).to_string());
    let inputs: Rc<[HtmlInputElement]> = build(
        &list,
        &cards,
        &Built {
            name: &name,
            multiple,
            hotkeys: &hotkeys,
            lang: lang.as_deref(),
            plain_titles: content_is_widgets(),
            tr: &tr,
        },
    )
    .into();
    // One listener per criterion; the card is found by its input, not by an attribute on each.
    let mine = inputs.clone();
    listen(
        &list,
        "change",
        Box::new(move |ev: web_sys::Event| {
            let target = ev.target().map(JsValue::from);
            let slot = mine
                .iter()
                .position(|i| target.as_ref() == Some(i.as_ref()));
            if let Some(slot) = slot {
                on_pick(slot);
            }
        }),
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
    Dom::one(list)
}

/// What every card of one list shares.
struct Built<'a> {
    name: &'a str,
    multiple: bool,
    hotkeys: &'a [String],
    lang: Option<&'a str>,
    /// The rubric is in the widget's language: a label's words need no element of their own
    /// for `lang` and `dir`.
    plain_titles: bool,
    tr: &'a I18n,
}

/// The cards as DOM elements in `list`; returns their inputs, by slot.
///
/// A card is its `<label>`: its radio (or checkbox), a scale point's number, the label's words
/// and what the level means, as few elements as that takes (a rating level: the label, the
/// radio, the meaning; its number is text). A form shows hundreds of cards, and every element
/// and attribute is paid that many times in build time and in the page's memory. The hotkey is
/// no element: the label carries it in `data-key` and the stylesheet draws it on the card's top
/// edge (for automatic digits, on the question with focus only), silently (the radio is named
/// "3 Good", not "3 Good 3").
fn build(list: &Element, cards: &[Card], b: &Built) -> Vec<HtmlInputElement> {
    let set = |el: &Element, k: &str, v: &str| {
        el.set_attr(k, v);
    };
    let mut inputs = Vec::with_capacity(cards.len());
    for (slot, card) in cards.iter().enumerate() {
        let label = child(list, "label");
        label.set_class_name("rw-card");
        if let Some(k) = b.hotkeys.get(slot) {
            set(&label, "data-key", k);
        }
        let input = child(&label, "input");
        set(
            &input,
            "type",
            if b.multiple { "checkbox" } else { "radio" },
        );
        set(&input, "name", b.name);
        set(&input, "value", &card.value);
        input.set_class_name("rw-card-input");
        // A scale point's number is text before the words, in their weight: an element of its
        // own (to make it bolder) was one more box per card, 40 at 20 questions. The space is
        // where a long label may wrap: after the number, never between the radio and it.
        // What the card says: its text, and its radio's name.
        let words = if card.badge.is_empty() {
            card.label.clone()
        } else {
            format!("{} {}", card.badge, card.label)
        };
        if b.plain_titles {
            label.add_text(&words);
        } else {
            // Words in another language, or one the rubric does not name: marked with it, and
            // the whole card in their direction (an English card in an Arabic form reads left
            // to right, its words and its meaning aligned alike).
            set(&label, "dir", "auto");
            if !card.badge.is_empty() {
                label.add_text(&format!("{} ", card.badge));
            }
            let title = child(&label, "span");
            title.set_class_name("rw-card-title");
            if let Some(l) = b.lang {
                set(&title, "lang", l);
            }
            title.set_text_content(Some(&card.label));
        }
        if !card.descriptor.trim().is_empty() || card.example.is_some() {
            let desc = child(&label, "span");
            match &card.example {
                // The descriptor alone: the span is its markdown box.
                None => fill(&desc, "rw-card-desc", &card.descriptor, true, b.lang, b.tr),
                // With an example, whose "Example:" is in the widget's language.
                Some(_) => {
                    desc.set_class_name("rw-card-desc");
                    append_inline(&desc, &card.descriptor, b.lang, b.tr)
                }
            }
            if let Some(ex) = &card.example {
                let span = child(&desc, "span");
                span.set_class_name("rw-card-example");
                span.add_text(&format!("{} ", b.tr.t(msg::example)));
                append_inline(&span, ex, b.lang, b.tr);
            }
            // The radio is named by its number and words, and described by the meaning: in
            // its name the meaning ran on from the words with no pause ("3 Good Correct and
            // clear"). Hidden from the name, not from the description that points at it; a
            // meaning with a link keeps it reachable (a link is never inside hidden content).
            // The name is given, not taken from the card's text: while the browser skips an
            // off-screen question's contents (`content-visibility: auto`), Chromium names a
            // radio by all of its label's text, the hidden meaning included.
            if !may_link(&card.descriptor) && !card.example.as_deref().is_some_and(may_link) {
                let desc_id = format!("{}-{slot}-d", b.name);
                set(&desc, "id", &desc_id);
                set(&desc, "aria-hidden", "true");
                set(&input, "aria-describedby", &desc_id);
                set(&input, "aria-label", &words);
                if let (false, Some(l)) = (b.plain_titles, b.lang) {
                    set(&input, "lang", l);
                }
            }
        }
        if let Ok(input) = input.dyn_into::<HtmlInputElement>() {
            inputs.push(input);
        }
    }
    inputs
}
