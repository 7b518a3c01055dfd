//! The keyboard shortcuts help: a modal dialog listing what each key does, opened by its button
//! or by `?`. The dialog itself is made by `browser.js` on first use (static text, far smaller
//! as DOM calls there than as a view); this file decides what it says.

use crate::i18n::I18n;
use rubric_core::form::keys::Keys;
use rubric_core::text::i18n::Translate;
use rubric_core::text::messages as msg;
use rubric_core::Rubric;

/// At most this many criteria list their own keys; a longer rubric says where keys are shown.
const LISTED: usize = 12;

/// What opens the dialog for the widget around the element with DOM id `anchor`, in `tr`'s
/// language: the rubric's own keys, question by question, the digits where the rubric gave a
/// question none, then the form's.
pub fn shortcuts_help(
    tr: &I18n,
    rubric: &Rubric,
    keys: &Keys,
    anchor: String,
) -> impl Fn() + Clone + 'static {
    let mut lines = vec![tr.t(msg::keys_title), tr.t(msg::close)];
    let keyed: Vec<_> = rubric
        .criteria
        .iter()
        .filter(|c| !c.hotkeys.is_empty())
        .collect();
    for c in keyed.iter().take(LISTED) {
        lines.push(c.hotkeys.join(" "));
        lines.push(c.title.clone());
    }
    if keyed.len() > LISTED {
        lines.push("…".to_string());
        lines.push(tr.t(msg::keys_pick));
    }
    if keys.any_focused() {
        lines.push("1 – 9".to_string());
        lines.push(tr.t(msg::keys_digits));
    }
    for (keys, what) in [
        ("Ctrl + Enter, ⌘ + Enter", msg::keys_submit),
        ("N", msg::keys_next),
        ("Tab, Shift + Tab", msg::keys_move),
        ("← → ↑ ↓", msg::keys_arrows),
        ("?", msg::keys_help),
    ] {
        lines.push(keys.to_string());
        lines.push(tr.t(what));
    }
    let text = lines.join("\n");
    move || crate::browser::show_shortcuts(&anchor, &text)
}
