//! Hotkeys: a level's key picks it (the rubric's keys anywhere in the form, the automatic digits
//! in the question with focus: `rubric_core::form::keys` decides), a checklist key answers an
//! item and moves on, `?` shows the shortcuts, `N` opens the next task once submitted (unless
//! the reviewer is typing or turned single-key shortcuts off), and Ctrl/Cmd+Enter submits.

use super::active_time::ActiveTime;
use super::{NextTask, Stage};
use crate::browser;
use crate::components::dom::{el, Make};
use crate::components::form::Form;
use leptos::prelude::*;
use rubric_core::model::rubric::hotkey_of_code;
use rubric_core::text::i18n::Translate;
use rubric_core::text::messages as msg;
use rubric_core::{Criterion, CriterionKind};
use wasm_bindgen::JsCast;

thread_local! {
    /// How many review forms the page shows: keys typed on the page body go to a form only when
    /// it is the only one.
    static FORMS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Routes keys pressed inside the form rooted at `root` to `form`'s hotkeys while it is being
/// edited. Every key also counts as activity for `time`: one keydown listener serves both.
/// Returns the status line that says what a key chose elsewhere than the focused question.
pub fn use_hotkeys(
    form: &Form,
    root: NodeRef<leptos::html::Div>,
    stage: RwSignal<Stage>,
    time: ActiveTime,
    next: Option<NextTask>,
    finish: super::submit::Finish,
    help: impl Fn() + 'static,
) -> web_sys::Element {
    // What a key chose in a question other than the one with focus, said to screen readers
    // (the eye sees that question come into view): the caller puts it in the form.
    let said = el("p")
        .cls("rw-sr-only")
        .attr("role", "status")
        .attr("data-testid", "key-said");
    let told = said.clone();
    let fk = form.clone();
    let listener = browser::on_window("keydown", move |ev| {
        let ev: web_sys::KeyboardEvent = ev.unchecked_into();
        time.touch();
        let editing = stage.get_untracked() == Stage::Editing;
        // The element the key went to, also inside a shadow root (where `target` is the host).
        let target = ev
            .composed_path()
            .get(0)
            .dyn_into::<web_sys::EventTarget>()
            .ok();
        // Only keys pressed inside this widget (or the widget around it that marks itself
        // `data-hotkey-scope`, like the quiz), or on the page body when this is the page's
        // only form, so two widgets on one page never both react.
        let inside = target
            .clone()
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
            .is_some_and(|n| {
                root.get_untracked().is_some_and(|r| {
                    let scope = r.closest("[data-hotkey-scope]").ok().flatten();
                    scope.unwrap_or_else(|| r.into()).contains(Some(&n))
                }) || (n.node_name() == "BODY" && FORMS.with(|f| f.get()) == 1)
            });
        if !inside {
            return;
        }
        let key = ev.key().to_ascii_lowercase();
        // Ctrl/Cmd+Enter submits, from anywhere in the form, text fields included, whether or
        // not single-key shortcuts are on (they get in the way of speech input; this does not).
        if (ev.ctrl_key() || ev.meta_key()) && key == "enter" {
            // Not from the skip panel: there it would submit the review being declined.
            let in_skip = target
                .as_ref()
                .and_then(|t| t.dyn_ref::<web_sys::Element>())
                .is_some_and(|el| el.closest(".rw-skip").ok().flatten().is_some());
            if editing && !in_skip {
                ev.prevent_default();
                finish.run(None);
            }
            return;
        }
        if !fk.hotkeys_on.get_untracked()
            || ev.ctrl_key()
            || ev.meta_key()
            || ev.alt_key()
            || browser::typing_in(target.clone())
        {
            return;
        }
        if key == "?" {
            ev.prevent_default();
            help();
            return;
        }
        if !editing {
            // Submitted: `N` opens the host's next task.
            if let Some(n) = next.filter(|_| key == "n" || ev.code() == "KeyN") {
                ev.prevent_default();
                n.go.run(());
            }
            return;
        }
        // The question with focus, and the checklist item within it.
        let at = |sel: &str, attr: &str| {
            target
                .as_ref()
                .and_then(|t| t.dyn_ref::<web_sys::Element>())
                .and_then(|el| el.closest(sel).ok().flatten())
                .and_then(|el| el.get_attribute(attr))
        };
        let focus = at("[data-criterion]", "data-criterion").and_then(|id| fk.index_of(&id));
        let item = at("[data-item]", "data-item").and_then(|k| k.parse().ok());
        let hit = fk
            .keys
            .find(&key, focus)
            .or_else(|| hotkey_of_code(&ev.code()).and_then(|k| fk.keys.find(&k, focus)));
        if let Some((idx, slot)) = hit {
            if fk.visible[idx].get_untracked() {
                ev.prevent_default();
                // Each does nothing for the other's kind of question.
                fk.pick(idx, slot);
                fk.check_by_key(idx, slot, item.filter(|_| focus == Some(idx)));
                // A key that answered another question than the one with focus: that
                // question comes into view, so an answer never changes where the reviewer
                // cannot see it, and focus goes with it to the choice (a checklist's key has
                // already moved it to the next item), so the focused control stays in view
                // and the next key acts on what is seen: left below, a Space ticked a box out
                // of sight. Where focus was in no question (reading a response), nothing
                // moves, and screen readers are told what the key chose.
                if focus != Some(idx) {
                    let moved = focus.is_some() && show_choice(&fk, root, idx, slot);
                    if !moved {
                        if let Some(answer) = chosen_words(&fk.rubric.criteria[idx], slot) {
                            let question = &fk.rubric.criteria[idx].title;
                            told.set_text_content(Some(&fk.tr.f(
                                msg::key_answered,
                                &[("question", question.into()), ("answer", (&answer).into())],
                            )));
                        }
                    }
                }
            }
        }
    });
    FORMS.with(|f| f.set(f.get() + 1));
    on_cleanup(move || {
        FORMS.with(|f| f.set(f.get().saturating_sub(1)));
        listener.remove();
    });
    said
}

/// Brings question `idx` of the form under `root` into view and, for a question of cards,
/// puts focus on card `slot`. Whether focus moved (or a checklist's key moved it already).
fn show_choice(form: &Form, root: NodeRef<leptos::html::Div>, idx: usize, slot: usize) -> bool {
    let id = &form.rubric.criteria[idx].id;
    let Some(field) = root.get_untracked().and_then(|r| {
        let all = r.query_selector_all("[data-criterion]").ok()?;
        (0..all.length())
            .filter_map(|i| all.item(i)?.dyn_into::<web_sys::Element>().ok())
            .find(|el| el.get_attribute("data-criterion").as_deref() == Some(id))
    }) else {
        return false;
    };
    browser::reveal(&field);
    if matches!(
        form.rubric.criteria[idx].kind,
        CriterionKind::Checklist { .. }
    ) {
        return true;
    }
    let card = field
        .query_selector_all("input.rw-card-input")
        .ok()
        .and_then(|all| all.item(slot as u32))
        .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok());
    card.is_some_and(|c| c.focus().is_ok())
}

/// What key slot `slot` chose in `c`, in words ("3 Good"); `None` where a key toggles an
/// option or answers a checklist item, which focus and the item's own state say.
fn chosen_words(c: &Criterion, slot: usize) -> Option<String> {
    match &c.kind {
        CriterionKind::Rating { levels } => {
            levels.get(slot).map(|l| format!("{} {}", l.value, l.label))
        }
        CriterionKind::SingleChoice { options } => options.get(slot).map(|o| o.label.clone()),
        CriterionKind::Pairwise { scale, .. } => scale.get(slot).map(|l| l.label.clone()),
        _ => None,
    }
}
