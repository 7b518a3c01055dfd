//! A confusion matrix of the trainee's answers (rows) against the experts' (columns): an SVG
//! heatmap whose every cell also shows its count, so nothing relies on colour, and the same
//! numbers as a table for screen readers and for copying.

use crate::i18n::use_i18n;
use leptos::prelude::*;
use rubric_core::calibration::agreement::Table;
use rubric_core::text::i18n::Translate;
use rubric_core::text::messages as msg;

/// Large enough to read a count in each cell on a phone (the heatmap scales down to fit).
const CELL: usize = 44;
/// Room for the axis titles and the tick numbers.
const MARGIN: usize = 46;

/// The heatmap and its table. Axis ticks are category numbers; the table names them.
#[component]
pub fn ConfusionMatrix(labels: Vec<String>, table: Table, caption: String) -> impl IntoView {
    let tr = use_i18n();
    let k = table.k();
    let max = (0..k)
        .flat_map(|a| (0..k).map(move |b| (a, b)))
        .map(|(a, b)| table.count(a, b))
        .max()
        .unwrap_or(0)
        .max(1);
    let size = MARGIN + CELL * k;
    let mut cells = Vec::new();
    for a in 0..k {
        for b in 0..k {
            let n = table.count(a, b);
            let (x, y) = (MARGIN + b * CELL, MARGIN + a * CELL);
            let shade = format!("{:.2}", 0.06 + 0.4 * n as f64 / max as f64);
            let class = if a == b { "rq-cell rq-diag" } else { "rq-cell" };
            cells.push(view! {
                <rect class=class x=x y=y width=CELL height=CELL fill-opacity=shade />
                <text class="rq-count" x=x + CELL / 2 y=y + CELL / 2 + 5 text-anchor="middle">{tr.fixed(n as f64, 0)}</text>
            });
        }
    }
    // Axis titles, so the heatmap reads on its own: the experts across, the trainee down.
    let middle = MARGIN + CELL * k / 2;
    let axes = view! {
        <text class="rq-axis" x=middle y=14 text-anchor="middle">{tr.t(msg::matrix_axis_experts)}</text>
        <text class="rq-axis" x=0 y=0 text-anchor="middle" transform=format!("translate(14 {middle}) rotate(-90)")>{tr.t(msg::matrix_axis_you)}</text>
    };
    let ticks = (0..k)
        .map(|i| {
            let c = MARGIN + i * CELL + CELL / 2;
            view! {
                <text class="rq-tick" x=c y=MARGIN - 8 text-anchor="middle">{tr.fixed((i + 1) as f64, 0)}</text>
                <text class="rq-tick" x=MARGIN - 8 y=c + 4 text-anchor="end">{tr.fixed((i + 1) as f64, 0)}</text>
            }
        })
        .collect_view();
    let head = labels
        .iter()
        .enumerate()
        .map(|(i, l)| view! { <th scope="col">{format!("{} {l}", tr.fixed((i + 1) as f64, 0))}</th> })
        .collect_view();
    // On a phone the table stacks (quiz.css): a card per answer of yours, each count under the
    // experts' answer it is for.
    let (you, experts) = (tr.t(msg::matrix_axis_you), tr.t(msg::matrix_axis_experts));
    let named = |i: usize| format!("{} {}", tr.fixed((i + 1) as f64, 0), labels[i]);
    let body = (0..k)
        .map(|a| {
            let counts = (0..k)
                .map(|b| view! { <td class:rq-diag-td=a == b data-label=format!("{experts}: {}", named(b))>{tr.fixed(table.count(a, b) as f64, 0)}</td> })
                .collect_view();
            view! { <tr><th scope="row" data-label=you.clone()>{named(a)}</th>{counts}</tr> }
        })
        .collect_view();
    view! {
        <figure class="rq-matrix" data-testid="confusion-matrix">
            <figcaption>{caption.clone()}</figcaption>
            <svg viewBox=format!("0 0 {size} {size}") width=size height=size role="img"
                aria-label=tr.f(msg::matrix_alt, &[("caption", (&caption).into())])>
                {axes}
                {ticks}
                {cells}
            </svg>
            <p class="rq-legend">{tr.t(msg::matrix_legend)}</p>
            <details>
                <summary>{tr.t(msg::matrix_show_table)}</summary>
                <table class="rq-table rq-stack">
                    <caption>{tr.t(msg::matrix_table_caption)}</caption>
                    <thead><tr><td></td>{head}</tr></thead>
                    <tbody>{body}</tbody>
                </table>
            </details>
        </figure>
    }
}
