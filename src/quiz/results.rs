//! The end of an attempt: pass or not, agreement per criterion with confidence intervals and
//! Landis & Koch's words, how each figure was computed, the confusion matrices, every
//! disagreement with the experts' explanation, free-text answers side by side, and the
//! attempts so far.

use super::matrix::ConfusionMatrix;
use crate::components::markdown::Markdown;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use rubric_core::calibration::attempt::{answer_text, explain, figure_text, Attempt, Past};
use rubric_core::calibration::quiz::{Metric, Quiz};
use rubric_core::calibration::scoring::{disagreements, score, summary, CriterionScore};
use rubric_core::text::i18n::{Msg, Translate};
use rubric_core::text::messages as msg;
use rubric_core::CriterionKind;
use std::sync::Arc;

/// A metric's column in the agreement table.
fn column_name(m: Metric) -> Msg {
    match m {
        Metric::Percent => msg::col_agreement,
        Metric::Kappa => msg::metric_kappa,
        Metric::KappaLinear => msg::col_kappa_linear,
        Metric::KappaQuadratic => msg::col_kappa_quadratic,
        Metric::Ac1 => msg::metric_ac1,
    }
}

fn metric_name(m: Metric) -> Msg {
    match m {
        Metric::Percent => msg::metric_percent,
        Metric::Kappa => msg::metric_kappa,
        Metric::KappaLinear => msg::metric_kappa_linear,
        Metric::KappaQuadratic => msg::metric_kappa_quadratic,
        Metric::Ac1 => msg::metric_ac1,
    }
}

#[component]
pub fn Results(
    quiz: Arc<Quiz>,
    attempt: Attempt,
    history: Vec<Past>,
    retry: Callback<()>,
) -> impl IntoView {
    let tr = use_i18n();
    let t = |m| tr.t(m);
    let fig = |e: &rubric_core::calibration::agreement::Estimate, band| figure_text(e, band, &tr);
    let items = attempt.attempted(&quiz);
    let scores = score(&quiz.rubric, &items);
    let title = |id: &str| {
        quiz.rubric
            .criterion(id)
            .map_or(id.to_string(), |c| c.title.clone())
    };
    let verdict = quiz.pass.map(|rule| {
        let passed = rule.passes(&scores);
        let metric = tr.t(metric_name(rule.metric));
        let threshold = tr.fixed(rule.threshold, 2);
        let text = tr.f(
            msg::quiz_verdict,
            &[
                ("passed", if passed { "yes" } else { "no" }.into()),
                ("scope", if rule.per_criterion { "each" } else { "mean" }.into()),
                ("metric", (&metric).into()),
                ("threshold", (&threshold).into()),
            ],
        );
        view! { <p class=if passed { "rw-banner rw-ok" } else { "rw-banner rw-warn" } role="status" data-testid="quiz-verdict">{text}</p> }
    });

    // Plain words first: how many answers matched, and where the trainee leans.
    let said = summary(&quiz.rubric, &items);
    let leanings = said
        .leanings
        .iter()
        .map(|(id, offset)| {
            let dir = if *offset > 0 { "higher" } else { "lower" };
            let text = tr.f(
                msg::quiz_leaning,
                &[
                    ("criterion", (&title(id)).into()),
                    ("dir", dir.into()),
                    ("n", (offset.unsigned_abs() as usize).into()),
                ],
            );
            view! { <li dir="auto">{text}</li> }
        })
        .collect_view();
    let matched = tr.f(
        msg::quiz_matched,
        &[
            ("matched", said.matched.into()),
            ("total", said.total.into()),
        ],
    );
    let plain = view! {
        <div class="rq-summary" data-testid="quiz-summary">
            <p>{matched}</p>
            <ul>{leanings}</ul>
        </div>
    };
    let dash = || "—".to_string();
    // Each value's column heading, also written on the value itself (`data-label`): on a phone
    // the tables stack, a card per row, each value under its heading's words.
    let columns: Vec<String> = [msg::col_items]
        .into_iter()
        .chain(Metric::ALL.map(column_name))
        .map(t)
        .collect();
    let rows = scores
        .iter()
        .map(|(id, s)| {
            let cells = match s {
                CriterionScore::Categorical { items: 0, .. }
                | CriterionScore::Ranking { items: 0, .. } => [
                    tr.fixed(0.0, 0),
                    t(msg::quiz_not_in_quiz),
                    dash(),
                    dash(),
                    dash(),
                    dash(),
                ],
                CriterionScore::Categorical { items, .. } => {
                    let [a, b, c, d, e] = Metric::ALL
                        .map(|m| m.estimate(s).map_or_else(dash, |e| fig(e, m.banded())));
                    [tr.fixed(*items as f64, 0), a, b, c, d, e]
                }
                CriterionScore::Ranking { items, mean_tau } => [
                    tr.fixed(*items as f64, 0),
                    tr.f(
                        msg::quiz_mean_tau,
                        &[("figure", (&fig(mean_tau, false)).into())],
                    ),
                    dash(),
                    dash(),
                    dash(),
                    dash(),
                ],
                CriterionScore::NotScored => [
                    dash(),
                    t(msg::quiz_not_scored),
                    dash(),
                    dash(),
                    dash(),
                    dash(),
                ],
            };
            view! {
                <tr data-criterion=id.clone()>
                    <th scope="row" dir="auto">{title(id)}</th>
                    {cells.into_iter().zip(columns.clone()).map(|(c, l)| view! { <td data-label=l>{c}</td> }).collect_view()}
                </tr>
            }
        })
        .collect_view();

    let details = scores
        .iter()
        .filter_map(|(id, s)| match s {
            CriterionScore::Categorical { labels, table, items, .. } if *items > 0 => Some((id, s, labels.clone(), table.clone())),
            _ => None,
        })
        .map(|(id, s, labels, table)| {
            let lines = explain(s, &tr).into_iter().map(|l| view! { <li>{l}</li> }).collect_view();
            let name = title(id);
            view! {
                <section class="rq-criterion" aria-label=name.clone()>
                    <h4 dir="auto">{name.clone()}</h4>
                    <ConfusionMatrix labels table caption=tr.f(msg::matrix_caption, &[("criterion", (&name).into())]) />
                    <details data-testid="formula">
                        <summary>{t(msg::quiz_how_computed)}</summary>
                        <ol class="rq-formula">{lines}</ol>
                    </details>
                </section>
            }
        })
        .collect_view();

    let item_of = |i: usize| attempt.order.get(i).copied().unwrap_or(0);
    let diffs = disagreements(&quiz.rubric, &items)
        .into_iter()
        .filter_map(|d| {
            let qi = item_of(d.item);
            let it = &quiz.items[qi];
            let c = quiz.rubric.criterion(&d.criterion)?;
            let mine = d.trainee.as_ref().map_or_else(|| t(msg::no_answer), |a| answer_text(c, &it.task, a, &tr));
            let gold = answer_text(c, &it.task, &d.gold, &tr);
            let item_n = d.item + 1;
            let heading = tr.f(msg::quiz_item_title, &[("n", item_n.into()), ("prompt", (&rubric_core::text::excerpt(&it.task.prompt, 40)).into()), ("criterion", (&c.title).into())]);
            let line = tr.f(msg::quiz_you_experts, &[("mine", (&mine).into()), ("gold", (&gold).into())]);
            let explanation = it.explanations.get(&c.id).cloned();
            Some(view! {
                <li data-testid="disagreement">
                    <p><strong dir="auto">{heading}</strong></p>
                    <p dir="auto">{line}</p>
                    {explanation.map(|e| view! { <div class="rq-explanation"><Markdown text=e /></div> })}
                </li>
            })
        })
        .collect::<Vec<_>>();
    let no_diffs = diffs.is_empty();

    let texts = attempt
        .order
        .iter()
        .enumerate()
        .flat_map(|(n, qi)| {
            let it = &quiz.items[*qi];
            let mine = attempt.answers.get(qi).cloned().unwrap_or_default();
            quiz.rubric
                .criteria
                .iter()
                .filter(|c| matches!(c.kind, CriterionKind::Text { .. }))
                .filter(|c| mine.contains_key(&c.id) || it.gold.contains_key(&c.id))
                .map(|c| {
                    let show = |a: Option<&rubric_core::Answer>| {
                        a.map_or_else(|| t(msg::no_answer), |a| answer_text(c, &it.task, a, &tr))
                    };
                    let heading = tr.f(
                        msg::quiz_item_title,
                        &[
                            ("n", (n + 1).into()),
                            (
                                "prompt",
                                (&rubric_core::text::excerpt(&it.task.prompt, 40)).into(),
                            ),
                            ("criterion", (&c.title).into()),
                        ],
                    );
                    view! {
                        <tr>
                            <th scope="row" dir="auto">{heading}</th>
                            <td dir="auto" data-label=t(msg::col_you)>{show(mine.get(&c.id))}</td>
                            <td dir="auto" data-label=t(msg::col_experts)>{show(it.gold.get(&c.id))}</td>
                        </tr>
                    }
                })
                .collect::<Vec<_>>()
        })
        .collect::<Vec<_>>();
    let has_texts = !texts.is_empty();

    // The figure each past attempt is summed up by: the pass rule's metric, else each
    // criterion's κ (`attempt::headline`), named so it is not read as a share of matches.
    let metric = quiz
        .pass
        .map_or_else(|| "κ".to_string(), |rule| t(metric_name(rule.metric)));
    let mean_label = tr.f(msg::col_mean, &[("metric", (&metric).into())]);
    let mut previous = None::<f64>;
    let past = history
        .iter()
        .map(|p| {
            let mean = p.mean();
            let change = match (previous, mean) {
                (Some(a), Some(b)) if b > a + 0.005 => tr.f(msg::change_up, &[("by", (&tr.fixed(b - a, 2)).into())]),
                (Some(a), Some(b)) if b < a - 0.005 => tr.f(msg::change_down, &[("by", (&tr.fixed(a - b, 2)).into())]),
                (Some(_), Some(_)) => t(msg::change_none),
                _ => dash(),
            };
            previous = mean.or(previous);

            view! {
                <tr>
                    <th scope="row" data-label=t(msg::col_attempt)>{tr.fixed(p.attempt as f64, 0)}</th>
                    <td data-label=t(msg::col_finished)>{tr.date_time(p.finished_at_ms)}</td>
                    <td data-label=mean_label.clone()>{mean.map_or_else(dash, |m| tr.fixed(m, 2))}</td>
                    <td data-label=t(msg::col_change)>{change}</td>
                    <td data-label=t(msg::col_passed)>{match p.passed { Some(true) => t(msg::check_yes), Some(false) => t(msg::check_no), None => dash() }}</td>
                </tr>
            }
        })
        .collect_view();

    view! {
        <div class="rq-results" data-testid="quiz-results">
            {verdict}
            {plain}
            <table class="rq-table rq-stack" data-testid="agreement-table">
                <caption>{t(msg::quiz_table_caption)}</caption>
                <thead><tr>
                    <th scope="col">{t(msg::col_criterion)}</th><th scope="col">{t(msg::col_items)}</th>
                    {Metric::ALL.map(|m| view! { <th scope="col">{t(column_name(m))}</th> })}
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <p class="rq-note">{t(msg::quiz_note)}</p>
            <h3>{t(msg::quiz_per_criterion)}</h3>
            {details}
            <h3>{t(msg::quiz_differences)}</h3>
            {if no_diffs {
                view! { <p data-testid="no-disagreements">{t(msg::quiz_no_differences)}</p> }.into_any()
            } else {
                view! { <ol class="rq-diffs">{diffs}</ol> }.into_any()
            }}
            {has_texts.then(|| view! {
                <h3>{t(msg::quiz_written)}</h3>
                <table class="rq-table rq-stack">
                    <thead><tr><th scope="col">{t(msg::col_item)}</th><th scope="col">{t(msg::col_you)}</th><th scope="col">{t(msg::col_experts)}</th></tr></thead>
                    <tbody>{texts}</tbody>
                </table>
            })}
            <h3>{t(msg::quiz_history)}</h3>
            <table class="rq-table rq-stack" data-testid="history">
                <thead><tr><th scope="col">{t(msg::col_attempt)}</th><th scope="col">{t(msg::col_finished)}</th><th scope="col">{mean_label}</th><th scope="col">{t(msg::col_change)}</th><th scope="col">{t(msg::col_passed)}</th></tr></thead>
                <tbody>{past}</tbody>
            </table>
            <p class="rw-actions">
                <button type="button" class="rw-button rw-primary" data-testid="quiz-retry" on:click=move |_| retry.run(())>{t(msg::quiz_retry)}</button>
            </p>
        </div>
    }
}
