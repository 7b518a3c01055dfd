//! Ranking: order the responses best first, by "move up/down" buttons (keyboard and tap; on a
//! row's buttons ArrowUp and ArrowDown move the row too) or by dragging; ties where the rubric
//! allows them.

use super::form::FieldId;
use crate::browser::focus_id;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use rubric_core::form::rules::{ranking_answer, ranking_rows};
use rubric_core::text::i18n::Translate;
use rubric_core::text::messages as msg;
use rubric_core::Answer;

/// The ranking input of a `ranking` criterion.
#[component]
pub fn RankingField(
    /// The field's DOM ids.
    id: FieldId,
    /// The criterion's answer: an `Answer::Ranking` once the reviewer moved or kept a row.
    answer: RwSignal<Option<Answer>>,
    /// Whether a row may tie with the one above it.
    allow_ties: bool,
    /// Only the best `top_k` places need ranking.
    top_k: Option<u32>,
    /// The responses as the reviewer sees them, in the shown order: (id, label).
    responses: Vec<(String, String)>,
) -> impl IntoView {
    // The answer is the only state: rows are derived from it, and every move writes it. So a
    // restored draft, "Start over" and the reviewer's moves can never disagree.
    let shown: Vec<String> = responses.iter().map(|(r, _)| r.clone()).collect();
    let rows = Memo::new(move |_| answer.with(|a| ranking_rows(a.as_ref(), &shown)));
    let dragging = RwSignal::new(None::<usize>);
    let commit =
        move |order: &[String], ties: &[bool]| answer.set(Some(ranking_answer(order, ties, top_k)));
    let move_item = move |from: usize, to: usize| {
        let (mut order, ties) = rows.get_untracked();
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
    let (tied_text, recorded, not_ranked, keep_order) = (
        tr.t(msg::rank_tied),
        tr.t(msg::rank_recorded),
        tr.t(msg::rank_not_yet),
        tr.t(msg::rank_keep_order),
    );
    // One row per place, built once: a move rewrites the rows' labels and states in place
    // (the response at each place is read from `rows`), so the buttons, and focus on them,
    // stay, and a move touches a few text nodes instead of rebuilding the list.
    let responses = std::sync::Arc::new(responses);
    let list = (0..n)
        .map(|pos| {
            let responses = responses.clone();
            let id_at = move || rows.with(|(o, _)| o.get(pos).cloned().unwrap_or_default());
            let label = move || {
                let id = id_at();
                responses
                    .iter()
                    .find(|(r, _)| *r == id)
                    .map(|(_, l)| l.clone())
                    .unwrap_or_default()
            };
            let (label_up, label_down, tr_down) = (label.clone(), label.clone(), tr.clone());
            let tr_up = tr.clone();
            let up_label = move || tr_up.f(msg::rank_move_up, &[("response", (&label_up()).into())]);
            let down_label =
                move || tr_down.f(msg::rank_move_down, &[("response", (&label_down()).into())]);
            let tied_text = tied_text.clone();
            let (up_id, down_id) = (format!("{prefix}-{pos}-up"), format!("{prefix}-{pos}-down"));
            let (prefix_up, prefix_down) = (prefix.clone(), prefix.clone());
            // One step up or down; focus follows the moved row, on the button that can
            // move it again (the other one at either end).
            let up = move || {
                move_item(pos, pos - 1);
                let target = if pos - 1 == 0 { format!("{prefix_up}-0-down") } else { format!("{prefix_up}-{}-up", pos - 1) };
                focus_id(target);
            };
            let down = move || {
                move_item(pos, pos + 1);
                let target = if pos + 2 == n { format!("{prefix_down}-{}-up", pos + 1) } else { format!("{prefix_down}-{}-down", pos + 1) };
                focus_id(target);
            };
            let (up_key, down_key) = (up.clone(), down.clone());
            let tie_id = format!("{prefix}-{pos}-tie");
            let tied = move || rows.with(|(_, t)| t.get(pos).copied().unwrap_or(false));
            view! {
                <li
                    class="rw-rank-item"
                    draggable="true"
                    data-response=id_at
                    class:rw-dragging=move || dragging.get() == Some(pos)
                    on:dragstart=move |ev| {
                        dragging.set(Some(pos));
                        if let Some(dt) = ev.data_transfer() {
                            let _ = dt.set_data("text/plain", &pos.to_string());
                        }
                    }
                    on:dragover=move |ev| ev.prevent_default()
                    on:drop=move |ev| {
                        ev.prevent_default();
                        if let Some(from) = dragging.get_untracked() {
                            if from != pos {
                                move_item(from, pos);
                            }
                        }
                        dragging.set(None);
                    }
                    on:dragend=move |_| dragging.set(None)
                    // ArrowUp / ArrowDown on a row's buttons move the row: one key a step.
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        let on_button = ev.target().is_some_and(|t| wasm_bindgen::JsCast::is_instance_of::<web_sys::HtmlButtonElement>(&t));
                        if !on_button || ev.alt_key() || ev.ctrl_key() || ev.meta_key() {
                            return;
                        }
                        match ev.key().as_str() {
                            "ArrowUp" if pos > 0 => up_key(),
                            "ArrowDown" if pos + 1 < n => down_key(),
                            _ => return,
                        }
                        ev.prevent_default();
                    }
                >
                    <span class="rw-rank-pos" aria-hidden="true">{pos + 1}</span>
                    <span class="rw-rank-label" dir="auto">{label}</span>
                    {(allow_ties && pos > 0).then(|| view! {
                        <span class="rw-rank-tie">
                            <input
                                type="checkbox"
                                id=tie_id.clone()
                                prop:checked=tied
                                on:change=move |ev| {
                                    let (order, mut ties) = rows.get_untracked();
                                    if let Some(x) = ties.get_mut(pos) {
                                        *x = event_target_checked(&ev);
                                    }
                                    commit(&order, &ties);
                                }
                            />
                            <label for=tie_id>{tied_text}</label>
                        </span>
                    })}
                    <span class="rw-rank-buttons">
                        <button
                            type="button"
                            id=up_id
                            class="rw-button rw-small"
                            disabled=pos == 0
                            aria-label=up_label
                            on:click=move |_| up()
                        >
                            "↑"
                        </button>
                        <button
                            type="button"
                            id=down_id
                            class="rw-button rw-small"
                            disabled=pos + 1 == n
                            aria-label=down_label
                            on:click=move |_| down()
                        >
                            "↓"
                        </button>
                    </span>
                </li>
            }
        })
        .collect_view();
    view! {
        <p class="rw-hint">{hint}</p>
        <ol class="rw-ranking">{list}</ol>
        <p class="rw-rank-status" aria-live="polite">
            {move || match answer.get() {
                Some(a) if a.is_answered() => view! { <span>{recorded.clone()}</span> }.into_any(),
                _ => view! {
                    <span>{not_ranked.clone()} " "</span>
                    <button type="button" class="rw-button rw-small" on:click=move |_| {
                        let (order, ties) = rows.get_untracked();
                        commit(&order, &ties);
                    }>{keep_order.clone()}</button>
                }
                .into_any(),
            }}
        </p>
    }
}
