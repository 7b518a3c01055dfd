//! The keyboard shortcuts help: a modal dialog listing what each key does, opened by its button
//! or by `?`. The dialog itself is made by `browser.js` on first use (static text, far smaller
//! as DOM calls there than as a view); this file decides what it says.

use crate::i18n::I18n;
use rubric_core::text::i18n::Translate;
use rubric_core::text::messages as msg;

/// What opens the dialog for the widget around the element with DOM id `anchor`, in `tr`'s
/// language.
pub fn shortcuts_help(tr: &I18n, anchor: String) -> impl Fn() + Clone + 'static {
    let mut lines = vec![tr.t(msg::keys_title), tr.t(msg::close)];
    for (keys, what) in [
        ("1 2 3 … A B …", msg::keys_pick),
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
