//! Ranking: order the responses best first, by "move up/down" buttons (keyboard and tap; on a
//! row's buttons ArrowUp and ArrowDown move the row too) or by dragging; ties where the rubric
//! allows them.

use super::dom::{
    bind, bind_attr, bind_checked, bind_class, bind_text, child, el, Dom, Edit, Make,
};
use super::form::FieldId;
use crate::browser::focus_now;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use rubric_core::form::rules::{ranking_answer, ranking_rows};
use rubric_core::text::i18n::Translate;
use rubric_core::text::messages as msg;
use rubric_core::Answer;
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, KeyboardEvent};

/// The ranking input of a `ranking` criterion: `id` the field's DOM ids; `answer` the
/// criterion's (an `Answer::Ranking` once the reviewer moved or kept a row); `allow_ties`
/// whether a row may tie with the one above it; only the best `top_k` places need ranking;
/// `responses` as the reviewer sees them, in the shown order: (id, label).
pub fn ranking_field(
    id: FieldId,
    answer: RwSignal<Option<Answer>>,
    allow_ties: bool,
    top_k: Option<u32>,
    responses: Vec<(String, String)>,
) -> Dom {
    // The answer is the only state: rows are derived from it, and every move writes it. So a
    // restored draft, "Start over" and the reviewer's moves can never disagree.
    let shown: Vec<String> = responses.iter().map(|(r, _)| r.clone()).collect();
    // Derived on each read, not a memo: a ranking has a handful of rows, and each `Memo<T>`
    // type brings about 2 KB of its own code to the wasm.
    let shown = StoredValue::new(shown);
    let rows_of = move |a: &Option<Answer>| shown.with_value(|s| ranking_rows(a.as_ref(), s));
    let rows = move || answer.with(rows_of);
    let rows_now = move || answer.with_untracked(rows_of);
    let dragging = RwSignal::new(None::<usize>);
    let commit =
        move |order: &[String], ties: &[bool]| answer.set(Some(ranking_answer(order, ties, top_k)));
    let move_item = move |from: usize, to: usize| {
        let (mut order, ties) = rows_now();
        let item = order.remove(from);
        order.insert(to, item);
        commit(&order, &ties);
    };
    let prefix = id.part("rank");
    let n = responses.len();
    let tr = use_i18n();
    let hint = match top_k {
        Some(k) if (k as usize) < n => tr.f(msg::rank_hint_top, &[("n", (k as usize).into())]),
        _ => tr.t(msg::rank_hint),
    };
    let tied_text = tr.t(msg::rank_tied);
    // One row per place, built once: a move rewrites the rows' labels and states in place
    // (the response at each place is read from `rows`), so the buttons, and focus on them,
    // stay, and a move touches a few text nodes instead of rebuilding the list.
    let responses = std::sync::Arc::new(responses);
    let list = el("ol").cls("rw-ranking");
    for pos in 0..n {
        let id_at = move || rows().0.get(pos).cloned().unwrap_or_default();
        let responses = responses.clone();
        let label = move || {
            let id = id_at();
            responses
                .iter()
                .find(|(r, _)| *r == id)
                .map(|(_, l)| l.clone())
                .unwrap_or_default()
        };
        // One step up or down; focus follows the moved row, on the button that can move it
        // again (the other one at either end).
        let to_focus = prefix.clone();
        let step = move |down: bool| {
            let (to, other_end) = if down {
                (pos + 1, pos + 2 == n)
            } else {
                (pos - 1, pos == 1)
            };
            move_item(pos, to);
            // At either end only the other button can move the row again.
            let which = if down != other_end { "down" } else { "up" };
            // Rows are places, built once: the button is there already.
            focus_now(&format!("{to_focus}-{to}-{which}"));
        };
        let key_step = step.clone();
        let li = child(&list, "li")
            .attr("draggable", "true")
            .on("dragstart", move |ev| {
                dragging.set(Some(pos));
                if let Some(dt) = ev.dyn_ref::<DragEvent>().and_then(DragEvent::data_transfer) {
                    let _ = dt.set_data("text/plain", &pos.to_string());
                }
            })
            .on("dragover", |ev| ev.prevent_default())
            .on("drop", move |ev| {
                ev.prevent_default();
                if let Some(from) = dragging.get_untracked() {
                    if from != pos {
                        move_item(from, pos);
                    }
                }
                dragging.set(None);
            })
            .on("dragend", move |_| dragging.set(None))
            // ArrowUp / ArrowDown on a row's buttons move the row: one key a step.
            .on("keydown", move |ev| {
                let Some(key) = ev.dyn_ref::<KeyboardEvent>() else {
                    return;
                };
                let on_button = ev
                    .target()
                    .is_some_and(|t| t.is_instance_of::<web_sys::HtmlButtonElement>());
                if !on_button || key.alt_key() || key.ctrl_key() || key.meta_key() {
                    return;
                }
                match key.key().as_str() {
                    "ArrowUp" if pos > 0 => key_step(false),
                    "ArrowDown" if pos + 1 < n => key_step(true),
                    _ => return,
                }
                ev.prevent_default();
            });
        bind_attr(&li, "data-response", move || Some(id_at()));
        bind_class(&li, "rw-rank-item", "rw-dragging", move || {
            dragging.get() == Some(pos)
        });
        child(&li, "span")
            .cls("rw-rank-pos")
            .attr("aria-hidden", "true")
            .text(&(pos + 1).to_string());
        let name = child(&li, "span").cls("rw-rank-label").attr("dir", "auto");
        bind_text(&name, label.clone());
        if allow_ties && pos > 0 {
            let tie = child(&li, "span").cls("rw-rank-tie");
            let tie_id = format!("{prefix}-{pos}-tie");
            let input = child(&tie, "input")
                .attr("type", "checkbox")
                .attr("id", &tie_id)
                .on("change", move |ev| {
                    let (order, mut ties) = rows_now();
                    if let Some(x) = ties.get_mut(pos) {
                        *x = event_target_checked(&ev);
                    }
                    commit(&order, &ties);
                });
            bind_checked(&input, move || rows().1.get(pos).copied().unwrap_or(false));
            child(&tie, "label").attr("for", &tie_id).text(&tied_text);
        }
        let buttons = child(&li, "span").cls("rw-rank-buttons");
        for (down, arrow, words) in [
            (false, "↑", msg::rank_move_up),
            (true, "↓", msg::rank_move_down),
        ] {
            let button = child(&buttons, "button")
                .attr("type", "button")
                .attr(
                    "id",
                    &format!("{prefix}-{pos}-{}", if down { "down" } else { "up" }),
                )
                .cls("rw-button rw-small")
                .text(arrow)
                .on("click", {
                    let step = step.clone();
                    move |_| step(down)
                });
            if (down && pos + 1 == n) || (!down && pos == 0) {
                button.set_attr("disabled", "");
            }
            let (tr, label) = (tr.clone(), label.clone());
            bind_attr(&button, "aria-label", move || {
                Some(tr.f(words, &[("response", (&label()).into())]))
            });
        }
    }
    let (recorded, not_ranked, keep_order) = (
        tr.t(msg::rank_recorded),
        tr.t(msg::rank_not_yet),
        tr.t(msg::rank_keep_order),
    );
    // Either what was recorded, or "not yet" with the button that keeps the shown order: both
    // built once, one of them in the page.
    let done = el("span").text(&recorded);
    let pending = el("span").text(&not_ranked).text(" ");
    let keep = el("button")
        .attr("type", "button")
        .cls("rw-button rw-small")
        .text(&keep_order)
        .on("click", move |_| {
            let (order, ties) = rows_now();
            commit(&order, &ties);
        });
    let status = el("p").cls("rw-rank-status").attr("aria-live", "polite");
    let shown_status = status.clone();
    bind(Box::new(move || {
        // Changed only when it changes: the region is live, and a move must not repeat it.
        let answered = answer.with(|a| a.as_ref().is_some_and(Answer::is_answered));
        if answered && done.parent_node().is_none() {
            shown_status.set_text_content(None);
            shown_status.add_node(&done);
        } else if !answered && pending.parent_node().is_none() {
            shown_status.set_text_content(None);
            shown_status.append_with_node_2(&pending, &keep).ok();
        }
    }));
    Dom::many(vec![el("p").cls("rw-hint").text(&hint), list, status])
}
