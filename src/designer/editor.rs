//! The plain text editor's helpers: the line numbers beside it (rebuilt only when the number of
//! lines changes, scrolled with the text), reading and replacing its value, and putting the
//! caret on an issue's line and column.

use leptos::prelude::*;
use rubric_core::document::json;

/// The editor's elements and its line count. `Copy`.
#[derive(Clone, Copy)]
pub struct Editor {
    /// The `textarea`.
    pub node: NodeRef<leptos::html::Textarea>,
    /// The line numbers beside it.
    pub gutter: NodeRef<leptos::html::Div>,
    text: RwSignal<String>,
    line_count: Memo<usize>,
}

/// The editor of `text` (the signal holds what it shows; [`Editor::set_value`] replaces both).
pub fn use_editor(text: RwSignal<String>) -> Editor {
    Editor {
        node: NodeRef::new(),
        gutter: NodeRef::new(),
        text,
        line_count: Memo::new(move |_| text.with(|t| t.matches('\n').count() + 1)),
    }
}

impl Editor {
    /// The gutter's text: the line numbers, one a line.
    pub fn lines(self) -> String {
        (1..=self.line_count.get())
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The line numbers scroll with the text.
    pub fn sync_scroll(self) {
        if let (Some(e), Some(g)) = (self.node.get_untracked(), self.gutter.get_untracked()) {
            g.set_scroll_top(e.scroll_top());
        }
    }

    /// What is typed, if the editor is there.
    pub fn value(self) -> Option<String> {
        self.node.get_untracked().map(|e| e.value())
    }

    /// Replaces what the editor shows (not the text signal: the caller loads that).
    pub fn set_value(self, t: &str) {
        if let Some(e) = self.node.get_untracked() {
            e.set_value(t);
        }
    }

    /// Moves the focus into the editor (after a question about its text was answered).
    pub fn focus(self) {
        if let Some(e) = self.node.get_untracked() {
            let _ = e.focus();
        }
    }

    /// Puts the caret at `line` and `column` (1-based) and scrolls it into view, a few lines
    /// from the top.
    pub fn go_to(self, line: usize, col: usize) {
        if let Some(e) = self.node.get_untracked() {
            let at = self
                .text
                .with_untracked(|t| json::utf16_offset(t, line, col)) as u32;
            let _ = e.focus();
            let _ = e.set_selection_range(at, at);
            let line_px = e.scroll_height() as f64 / self.line_count.get_untracked() as f64;
            e.set_scroll_top((((line as f64) - 3.0) * line_px).max(0.0) as i32);
        }
    }
}
