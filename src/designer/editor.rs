//! The editor: a plain `textarea` (so typing, selection, undo, spelling and every assistive
//! technology work as they do everywhere) over a layer that shows the same text coloured, with
//! line numbers and the lines that have problems marked. The text in the `textarea` is
//! transparent; both share one grid cell and the same font, padding and wrapping, so each
//! character sits on its coloured twin. The `textarea` grows with its text and the box around
//! both scrolls, so the two never need their scroll positions kept in step.
//!
//! The layer changes only on the lines an edit touched ([`highlight::changed_lines`]): typing
//! in a 2,000-line rubric costs what it costs in a short one. Each line is one text node,
//! coloured by the CSS Custom Highlight API; a browser without it shows the text uncoloured.
//!
//! Keys: Tab and Shift+Tab indent and outdent (Escape, then Tab, leaves the editor), Enter
//! keeps the indentation, Ctrl+Space (and typing a field name) suggests what may go at the
//! caret from the format's own field tables ([`complete`]). Every change is made as typed
//! text, so the browser's undo takes it back.

use crate::components::dom::{bind, bind_flag, child, el, Dom, Edit, Make};
use leptos::prelude::*;
use rubric_core::authoring::{byte_at_utf16, complete, highlight, indent, utf16_at_byte};
use rubric_core::document::json;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(module = "/src/designer/designer.js")]
extern "C" {
    /// Replaces `from..to` (UTF-16) of the field's value by `text` as if typed, then selects
    /// `sel_start..sel_end`.
    #[wasm_bindgen(js_name = replaceRange)]
    fn replace_range(
        el: &web_sys::HtmlTextAreaElement,
        from: u32,
        to: u32,
        text: &str,
        sel_start: u32,
        sel_end: u32,
    );
    /// Puts `el` at `left`, `top` px, through its style object (a strict policy refuses a
    /// `style` attribute), moved left where it would end out of sight.
    #[wasm_bindgen(js_name = placeAt)]
    fn place_at(el: &web_sys::Element, left: f64, top: f64);
    /// Colours a line's text node through the CSS Custom Highlight API (no element per
    /// token, so a changed line keeps its one text node); `tokens` as [`tokens_utf16`] makes.
    #[wasm_bindgen(js_name = paintLine)]
    fn paint_line(line: &web_sys::Element, tokens: &[u32]);
    /// Forgets a removed line's colours.
    #[wasm_bindgen(js_name = unpaintLine)]
    fn unpaint_line(line: &web_sys::Element);
    /// The position of character `col` (UTF-16) of the coloured line `line`, relative to
    /// `origin`: `[left, top, bottom]`.
    #[wasm_bindgen(js_name = caretBox)]
    fn caret_box(line: &web_sys::Element, col: u32, origin: &web_sys::Element) -> Vec<f64>;
}

/// The suggestion list while it is open: what it offers and which item is active.
#[derive(Clone)]
pub struct Open {
    pub completion: complete::Completion,
    pub active: usize,
    /// Where the list sits, relative to the editor's layers: left and top in px.
    pub at: (f64, f64),
}

/// The editor's elements and state. `Copy`.
#[derive(Clone, Copy)]
pub struct Editor {
    /// The `textarea`.
    pub node: NodeRef<leptos::html::Textarea>,
    /// The coloured layer under it.
    pub layer: NodeRef<leptos::html::Div>,
    /// The box that scrolls.
    pub scroller: NodeRef<leptos::html::Div>,
    /// The suggestion list, when open.
    pub open: RwSignal<Option<Open>>,
    /// Lines are wrapped (a preference kept on the device).
    pub wrap: RwSignal<bool>,
    text: RwSignal<String>,
    /// The lines the layer shows, one element each, in order.
    shown: StoredValue<Vec<String>>,
    /// Escape was pressed: the next Tab leaves the editor instead of indenting.
    tab_leaves: StoredValue<bool>,
    /// An edit made by the editor itself is being applied (its `input` event is not typing).
    applying: StoredValue<bool>,
    /// The lines marked as having problems.
    marked: StoredValue<Vec<usize>>,
}

/// The editor of `text` (the signal holds what it shows; [`Editor::set_value`] replaces both).
pub fn use_editor(text: RwSignal<String>) -> Editor {
    Editor {
        node: NodeRef::new(),
        layer: NodeRef::new(),
        scroller: NodeRef::new(),
        open: RwSignal::new(None),
        wrap: crate::components::form::preference("designer-wrap", true),
        text,
        shown: StoredValue::new(Vec::new()),
        tab_leaves: StoredValue::new(false),
        applying: StoredValue::new(false),
        marked: StoredValue::new(Vec::new()),
    }
}

impl Editor {
    /// What is typed, if the editor is there.
    pub fn value(self) -> Option<String> {
        self.node.get_untracked().map(|e| e.value())
    }

    /// Replaces what the editor shows (not the text signal: the caller loads that).
    pub fn set_value(self, t: &str) {
        if let Some(e) = self.node.get_untracked() {
            e.set_value(t);
        }
        self.close();
        self.render(t);
    }

    /// The suggestion list (`ul#rd-suggestions`, named `label`; `required` tags a field the
    /// object must have), shown while [`Editor::open`] holds one. Its items are kept and
    /// rewritten in place, and those beyond what is offered hidden, never removed: a node
    /// removed anywhere in the page ends the browser's run of typing (see [`Editor::render`]),
    /// and the list changes with each letter typed where a field name goes, so undo took back
    /// one letter at a time there.
    pub fn suggestion_list(self, label: &str, required: String) -> Dom {
        let list = el("ul")
            .cls("rd-suggestions")
            .attr("id", "rd-suggestions")
            .attr("role", "listbox")
            .attr("aria-label", label)
            .attr("data-testid", "designer-suggestions");
        let open = self.open;
        bind_flag(&list, "hidden", move || open.with(Option::is_none));
        // One listener for every item, made here and not with the items: what the effect below
        // makes goes when it runs again, and a click on an item made in an earlier run found its
        // listener gone. The textarea keeps focus (the press is not a click away from it).
        list.clone().on("mousedown", move |ev| {
            ev.prevent_default();
            let item = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|t| t.closest("[role=option]").ok().flatten())
                .and_then(|li| li.id().strip_prefix("rd-s-")?.parse::<usize>().ok());
            if let Some(i) = item {
                self.accept(i);
            }
        });
        // Each item: its `li`, the text node of its label, its "required" tag.
        let mut items: Vec<(web_sys::Element, Option<web_sys::Node>, web_sys::Element)> =
            Vec::new();
        let at = list.clone();
        bind(Box::new(move || {
            open.with(|o| {
                let (offered, active) = o
                    .as_ref()
                    .map_or((&[][..], 0), |o| (&o.completion.items[..], o.active));
                while items.len() < offered.len() {
                    let i = items.len();
                    let li = child(&at, "li")
                        .attr("role", "option")
                        .attr("id", &format!("rd-s-{i}"));
                    let code = child(&li, "code");
                    code.add_text("");
                    let name = code.first_child();
                    let tag = child(&li, "span").cls("rd-req");
                    tag.add_text("");
                    items.push((li, name, tag));
                }
                for (i, (li, name, tag)) in items.iter().enumerate() {
                    let Some(item) = offered.get(i) else {
                        li.flag("hidden", true);
                        continue;
                    };
                    li.flag("hidden", false);
                    if let Some(name) = name {
                        name.set_node_value(Some(&item.label));
                    }
                    // Hidden and empty (not removed) where the field is optional.
                    tag.flag("hidden", !item.required);
                    if let Some(text) = tag.first_child() {
                        text.set_node_value(Some(if item.required { &required } else { "" }));
                    }
                    let on = i == active;
                    li.set_attr("aria-selected", if on { "true" } else { "false" });
                    li.set_class_name(if on { "rd-active" } else { "" });
                }
            })
        }));
        // Placed once its items are written: how far it may reach right depends on its width.
        let placed = list.clone();
        bind(Box::new(move || {
            if let Some((left, top)) = open.with(|o| o.as_ref().map(|o| o.at)) {
                place_at(&placed, left, top);
            }
        }));
        Dom::one(list)
    }

    /// Closes the suggestion list. Only when open: setting the signal re-runs the list and
    /// its note, for nothing when nothing is shown.
    pub fn close(self) {
        if self.open.with_untracked(Option::is_some) {
            self.open.set(None);
        }
    }

    /// Moves the focus into the editor (after a question about its text was answered).
    pub fn focus(self) {
        if let Some(e) = self.node.get_untracked() {
            let _ = e.focus();
        }
    }

    /// Shows `t` in the coloured layer, changing only the lines that changed. A line that
    /// is still there keeps its element and text node (its text is set in place): removing a
    /// node anywhere in the page ends the browser's run of typing, and undo would then take
    /// back one letter at a time instead of the word.
    pub fn render(self, t: &str) {
        let Some(layer) = self.layer.get_untracked() else {
            return;
        };
        let new: Vec<&str> = t.split('\n').collect();
        let Some((first, old_end, new_end)) = self.shown.with_value(|old| {
            highlight::changed_lines(&old.iter().map(String::as_str).collect::<Vec<_>>(), &new)
        }) else {
            return;
        };
        let Some(doc) = layer.owner_document() else {
            return;
        };
        let children = layer.children();
        let kept = (old_end - first).min(new_end - first);
        for (i, line) in new[first..first + kept].iter().enumerate() {
            if let Some(el) = children.item((first + i) as u32) {
                if let Some(text) = el.first_child() {
                    text.set_node_value(Some(line));
                }
                paint_line(&el, &tokens_utf16(line));
            }
        }
        for _ in first + kept..old_end {
            if let Some(el) = children.item((first + kept) as u32) {
                unpaint_line(&el);
                el.remove();
            }
        }
        let before = children.item((first + kept) as u32);
        for line in &new[first + kept..new_end] {
            if let Ok(el) = doc.create_element("div") {
                el.set_class_name("rd-l");
                let _ = el.append_with_str_1(line);
                let _ = layer.insert_before(&el, before.as_ref().map(|b| b.unchecked_ref()));
                paint_line(&el, &tokens_utf16(line));
            }
        }
        self.shown
            .set_value(new.iter().map(|s| s.to_string()).collect());
        // The gutter is as wide as the largest line number.
        let digits = new.len().to_string().len().max(2);
        if let Some(s) = self.scroller.get_untracked() {
            let _ =
                web_sys::HtmlElement::style(&s).set_property("--rd-digits", &digits.to_string());
        }
    }

    /// Marks the lines (1-based) that have an error or a warning; errors win.
    pub fn mark(self, lines: &[(usize, bool)]) {
        let Some(layer) = self.layer.get_untracked() else {
            return;
        };
        let children = layer.children();
        for i in self.marked.get_value() {
            if let Some(c) = children.item(i as u32) {
                let _ = c.class_list().remove_2("rd-l-error", "rd-l-warning");
            }
        }
        let mut marked = Vec::new();
        for &(line, error) in lines {
            if let Some(c) = children.item(line.saturating_sub(1) as u32) {
                let classes = c.class_list();
                if error {
                    let _ = classes.remove_1("rd-l-warning");
                    let _ = classes.add_1("rd-l-error");
                } else if !classes.contains("rd-l-error") {
                    let _ = classes.add_1("rd-l-warning");
                }
                marked.push(line - 1);
            }
        }
        self.marked.set_value(marked);
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
            if let (Some(s), Some(l)) = (self.scroller.get_untracked(), self.line(line - 1)) {
                let line_px = l.get_bounding_client_rect().height().min(24.0);
                s.set_scroll_top((l.offset_top() as f64 - 3.0 * line_px).max(0.0) as i32);
            }
        }
    }

    /// The coloured line at `index` (0-based).
    fn line(self, index: usize) -> Option<web_sys::HtmlElement> {
        self.layer
            .get_untracked()?
            .children()
            .item(index as u32)?
            .dyn_into()
            .ok()
    }

    /// The caret's byte offset in `t` (the selection's start).
    pub fn caret_byte(self, t: &str) -> Option<usize> {
        self.caret(t).map(|c| c.0)
    }

    /// The caret's byte offset in `t` and the selection's end, if the editor is there.
    fn caret(self, t: &str) -> Option<(usize, usize)> {
        let e = self.node.get_untracked()?;
        let start = e.selection_start().ok()??;
        let end = e.selection_end().ok()??;
        Some((
            byte_at_utf16(t, start as usize),
            byte_at_utf16(t, end as usize),
        ))
    }

    /// Replaces bytes `from..to` of the editor's text by `insert`, as typed, and selects bytes
    /// `sel` of the new text.
    fn replace(self, t: &str, from: usize, to: usize, insert: &str, sel: (usize, usize)) {
        let Some(e) = self.node.get_untracked() else {
            return;
        };
        let after = format!("{}{insert}{}", &t[..from], &t[to..]);
        let u = |s: &str, b: usize| utf16_at_byte(s, b) as u32;
        self.applying.set_value(true);
        replace_range(
            &e,
            u(t, from),
            u(t, to),
            insert,
            u(&after, sel.0),
            u(&after, sel.1),
        );
        self.applying.set_value(false);
    }

    /// Inserts a whole edit computed elsewhere (a criterion snippet) and selects `sel`.
    pub fn apply(self, from: usize, to: usize, insert: &str, sel: (usize, usize)) {
        if let Some(t) = self.value() {
            self.replace(&t, from, to, insert, sel);
            self.reveal();
        }
    }

    /// After an `input`: the layer follows, and the suggestions follow what was typed (they
    /// open by themselves when a character typed where a field name goes has some).
    pub fn on_input(self, t: &str, typed_char: bool) {
        self.render(t);
        if self.open.with_untracked(Option::is_some) || (typed_char && !self.applying.get_value()) {
            self.suggest(t, false);
        }
        self.reveal();
    }

    /// Opens (or updates, or closes) the suggestion list for the caret. `asked`: Ctrl+Space,
    /// which also offers values and fields where nothing was typed yet.
    pub fn suggest(self, t: &str, asked: bool) {
        let found = self.caret(t).and_then(|(caret, end)| {
            if caret != end {
                return None;
            }
            let c = complete::at(t, caret)?;
            // Unasked, only once something was typed: a bare `{` or `,` opens nothing.
            (asked || c.from < caret).then_some((c, caret))
        });
        let Some((completion, caret)) = found else {
            self.close();
            return;
        };
        let at = self.place(t, caret);
        let active = self.open.with_untracked(|o| {
            o.as_ref()
                .and_then(|o| o.completion.items.get(o.active))
                .and_then(|item| completion.items.iter().position(|i| i.label == item.label))
                .unwrap_or(0)
        });
        self.open.set(Some(Open {
            completion,
            active,
            at,
        }));
    }

    /// Where the list goes for the caret at byte `caret`: under its line, at its column.
    fn place(self, t: &str, caret: usize) -> (f64, f64) {
        let line = t[..caret].matches('\n').count();
        let col =
            utf16_at_byte(t, caret) - utf16_at_byte(t, t[..caret].rfind('\n').map_or(0, |i| i + 1));
        match (self.line(line), self.layer.get_untracked()) {
            (Some(l), Some(layer)) => {
                let b = caret_box(&l, col as u32, &layer);
                (
                    b.first().copied().unwrap_or(0.0),
                    b.get(2).copied().unwrap_or(0.0),
                )
            }
            _ => (0.0, 0.0),
        }
    }

    /// Scrolls the box so that the caret's line is in view (the `textarea` does not scroll
    /// itself: it is as tall as its text).
    fn reveal(self) {
        let (Some(s), Some(e)) = (self.scroller.get_untracked(), self.node.get_untracked()) else {
            return;
        };
        let Some(t) = self.value() else { return };
        let Ok(Some(end)) = e.selection_end() else {
            return;
        };
        let caret = byte_at_utf16(&t, end as usize);
        let Some(l) = self.line(t[..caret].matches('\n').count()) else {
            return;
        };
        let (top, bottom) = (l.offset_top(), l.offset_top() + l.offset_height());
        let (view_top, view_h) = (s.scroll_top(), s.client_height());
        if top < view_top {
            s.set_scroll_top(top);
        } else if bottom > view_top + view_h {
            s.set_scroll_top(bottom - view_h);
        }
    }

    /// Accepts the active suggestion.
    pub fn accept(self, index: usize) {
        let Some(open) = self.open.get_untracked() else {
            return;
        };
        let Some(item) = open.completion.items.get(index) else {
            return;
        };
        let Some(t) = self.value() else { return };
        let c = &open.completion;
        let caret = c.from + item.caret;
        self.close();
        self.replace(&t, c.from, c.to, &item.insert, (caret, caret));
        // A field's empty value may have values to offer next (`"type": "|"`).
        if let Some(t) = self.value() {
            self.suggest(&t, false);
            if self
                .open
                .with_untracked(|o| o.as_ref().is_some_and(|o| o.completion.from != caret))
            {
                self.close();
            }
        }
    }

    /// The editor's own keys; `true` when the key was handled (its default is prevented).
    pub fn on_keydown(self, ev: &web_sys::KeyboardEvent) -> bool {
        let key = ev.key();
        if ev.is_composing() {
            return false;
        }
        let plain = !ev.ctrl_key() && !ev.meta_key() && !ev.alt_key();
        // The list, while it is open.
        if let Some(open) = self.open.get_untracked() {
            let n = open.completion.items.len();
            let to = |active| {
                self.open.update(|o| {
                    if let Some(o) = o {
                        o.active = active
                    }
                })
            };
            // What the list would replace is already the active item and the caret is after
            // it: Enter is a new line. With the caret inside it (`"rat|ing"`), a new line would
            // split the word, so Enter takes the item as it would anywhere else.
            let done = || {
                let c = &open.completion;
                self.value().is_some_and(|t| {
                    t.get(c.from..c.to) == c.items.get(open.active).map(|i| i.insert.as_str())
                        && self.caret(&t).is_some_and(|(caret, _)| caret == c.to)
                })
            };
            match key.as_str() {
                "ArrowDown" => to((open.active + 1) % n),
                "ArrowUp" => to((open.active + n - 1) % n),
                "Enter" if plain && !ev.shift_key() && done() => {
                    self.close();
                    return self.on_keydown(ev);
                }
                "Enter" | "Tab" if plain && !ev.shift_key() => self.accept(open.active),
                "Escape" => self.close(),
                // Keys that move the caret elsewhere: the list no longer belongs to it.
                "ArrowLeft" | "ArrowRight" | "Home" | "End" | "PageUp" | "PageDown" => {
                    self.close();
                    return false;
                }
                _ => return false,
            }
            return true;
        }
        let leaves = self.tab_leaves.get_value();
        if key != "Shift" {
            self.tab_leaves.set_value(key == "Escape");
        }
        let Some(t) = self.value() else { return false };
        let Some((from, to)) = self.caret(&t) else {
            return false;
        };
        let edit = match key.as_str() {
            " " if ev.ctrl_key() => {
                self.suggest(&t, true);
                return true;
            }
            "Tab" if plain && !leaves => indent::tab(&t, from, to, ev.shift_key()),
            "Enter" if plain && !ev.shift_key() => indent::enter(&t, from, to),
            _ => return false,
        };
        self.replace(&t, edit.from, edit.to, &edit.insert, edit.select);
        self.reveal();
        true
    }
}

/// A line's tokens for [`paint_line`]: `[kind, start, end]` triples, offsets in UTF-16 units
/// (what a text node's offsets are), kinds in [`highlight::Token`]'s order.
fn tokens_utf16(line: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let (mut byte, mut unit) = (0, 0);
    let mut to_unit = |b: usize| {
        unit += line[byte..b].encode_utf16().count();
        byte = b;
        unit as u32
    };
    for (token, start, end) in highlight::line(line) {
        let kind = highlight::Token::ALL
            .iter()
            .position(|t| *t == token)
            .unwrap_or(0) as u32;
        let (s, e) = (to_unit(start), to_unit(end));
        out.extend([kind, s, e]);
    }
    out
}
