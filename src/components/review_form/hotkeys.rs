//! Hotkeys: a level's key picks it, unless the reviewer is typing or turned them off.

use super::active_time::ActiveTime;
use super::Stage;
use crate::browser;
use crate::components::form::Form;
use leptos::prelude::*;
use rubric_core::model::rubric::hotkey_of_code;
use wasm_bindgen::JsCast;

thread_local! {
    /// How many review forms the page shows: keys typed on the page body go to a form only when
    /// it is the only one.
    static FORMS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Routes keys pressed inside the form rooted at `root` to `form`'s hotkeys while it is being
/// edited. Every key also counts as activity for `time`: one keydown listener serves both.
pub fn use_hotkeys(
    form: &Form,
    root: NodeRef<leptos::html::Div>,
    stage: RwSignal<Stage>,
    time: ActiveTime,
) {
    let fk = form.clone();
    let listener = window_event_listener(leptos::ev::keydown, move |ev| {
        time.touch();
        if !fk.hotkeys_on.get_untracked() || stage.get_untracked() != Stage::Editing {
            return;
        }
        // The element the key went to, also inside a shadow root (where `target` is the host).
        let target = ev
            .composed_path()
            .get(0)
            .dyn_into::<web_sys::EventTarget>()
            .ok();
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || browser::typing_in(target.clone()) {
            return;
        }
        // Only keys pressed inside this widget (or the widget around it that marks itself
        // `data-hotkey-scope`, like the quiz), or on the page body when this is the page's
        // only form, so two widgets on one page never both react.
        let inside = target
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
        // The character typed, else the key's position (non-Latin keyboard layouts).
        let hit = fk
            .hotkeys
            .get(&ev.key().to_ascii_lowercase())
            .or_else(|| hotkey_of_code(&ev.code()).and_then(|k| fk.hotkeys.get(&k)));
        if let Some(&(idx, slot)) = hit {
            if fk.visible[idx].get_untracked() {
                ev.prevent_default();
                fk.pick(idx, slot);
            }
        }
    });
    FORMS.with(|f| f.set(f.get() + 1));
    on_cleanup(move || {
        FORMS.with(|f| f.set(f.get().saturating_sub(1)));
        listener.remove();
    });
}
