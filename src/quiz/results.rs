//! The end of an attempt: pass or not, agreement per criterion with confidence intervals and
//! Landis & Koch's words, how each figure was computed, the confusion matrices, every
//! disagreement with the experts' explanation, free-text answers side by side, and the
//! attempts so far.

use super::matrix::ConfusionMatrix;
use crate::components::markdown::Markdown;
use leptos::prelude::*;
use rubric_core::attempt::{answer_text, explain, figure_text, Attempt, Past};
use rubric_core::calibration::{disagreements, score, CriterionScore};
use rubric_core::quiz::{Metric, Quiz};
use rubric_core::CriterionKind;
use std::sync::Arc;

fn metric_name(m: Metric) -> &'static str {
    match m {
        Metric::Percent => "percent agreement",
        Metric::Kappa => "Cohen's κ",
        Metric::KappaLinear => "linear weighted κ",
        Metric::KappaQuadratic => "quadratic weighted κ",
        Metric::Ac1 => "Gwet's AC1",
    }
}

#[component]
pub fn Results(
    quiz: Arc<Quiz>,
    attempt: Attempt,
    history: Vec<Past>,
    retry: Callback<()>,
) -> impl IntoView {
    let items = attempt.attempted(&quiz);
    let scores = score(&quiz.rubric, &items);
    let title = |id: &str| {
        quiz.rubric
            .criterion(id)
            .map_or(id.to_string(), |c| c.title.clone())
    };
    let verdict = quiz.pass.map(|rule| {
        let passed = rule.passes(&scores);
        let scope = if rule.per_criterion { "on every scored criterion" } else { "on average over the criteria" };
        let text = format!(
            "{} {} of at least {:.2} {scope}.",
            if passed { "Passed: this attempt reached" } else { "Not passed yet: this attempt needs" },
            metric_name(rule.metric),
            rule.threshold
        );
        view! { <p class=if passed { "rw-banner rw-ok" } else { "rw-banner rw-warn" } role="status" data-testid="quiz-verdict">{text}</p> }
    });

    let dash = || "—".to_string();
    let rows = scores
        .iter()
        .map(|(id, s)| {
            let cells = match s {
                CriterionScore::Categorical { items: 0, .. }
                | CriterionScore::Ranking { items: 0, .. } => [
                    "0".into(),
                    "not in this quiz: no item has an expert answer for it".into(),
                    dash(),
                    dash(),
                    dash(),
                    dash(),
                ],
                CriterionScore::Categorical {
                    items,
                    percent,
                    kappa,
                    kappa_linear,
                    kappa_quadratic,
                    ac1,
                    ..
                } => [
                    items.to_string(),
                    figure_text(percent, false),
                    figure_text(kappa, true),
                    kappa_linear
                        .as_ref()
                        .map_or_else(dash, |e| figure_text(e, true)),
                    kappa_quadratic
                        .as_ref()
                        .map_or_else(dash, |e| figure_text(e, true)),
                    figure_text(ac1, true),
                ],
                CriterionScore::Ranking { items, mean_tau } => [
                    items.to_string(),
                    format!("mean Kendall τ {}", figure_text(mean_tau, false)),
                    dash(),
                    dash(),
                    dash(),
                    dash(),
                ],
                CriterionScore::NotScored => [
                    "—".into(),
                    "not scored: compare below".into(),
                    dash(),
                    dash(),
                    dash(),
                    dash(),
                ],
            };
            view! {
                <tr data-criterion=id.clone()>
                    <th scope="row" dir="auto">{title(id)}</th>
                    {cells.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}
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
            let lines = explain(s).into_iter().map(|l| view! { <li>{l}</li> }).collect_view();
            let name = title(id);
            view! {
                <section class="rq-criterion" aria-label=name.clone()>
                    <h4 dir="auto">{name.clone()}</h4>
                    <ConfusionMatrix labels table caption=format!("{name}: your answers against the experts'") />
                    <details data-testid="formula">
                        <summary>"How these figures were computed"</summary>
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
            let mine = d.trainee.as_ref().map_or("(no answer)".to_string(), |a| answer_text(c, &it.task, a));
            let gold = answer_text(c, &it.task, &d.gold);
            let explanation = it.explanations.get(&c.id).cloned();
            Some(view! {
                <li data-testid="disagreement">
                    <p><strong dir="auto">{format!("Item {} ({}), {}", d.item + 1, it.task.id, c.title)}</strong></p>
                    <p dir="auto">{format!("You: {mine}. The experts: {gold}.")}</p>
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
                    let show = |a: Option<&rubric_core::Answer>| a.map_or("(none)".to_string(), |a| answer_text(c, &it.task, a));
                    view! {
                        <tr>
                            <th scope="row" dir="auto">{format!("Item {} ({}), {}", n + 1, it.task.id, c.title)}</th>
                            <td dir="auto">{show(mine.get(&c.id))}</td>
                            <td dir="auto">{show(it.gold.get(&c.id))}</td>
                        </tr>
                    }
                })
                .collect::<Vec<_>>()
        })
        .collect::<Vec<_>>();
    let has_texts = !texts.is_empty();

    let mut previous = None::<f64>;
    let past = history
        .iter()
        .map(|p| {
            let mean = p.mean();
            let change = match (previous, mean) {
                (Some(a), Some(b)) if b > a + 0.005 => format!("up {:.2}", b - a),
                (Some(a), Some(b)) if b < a - 0.005 => format!("down {:.2}", a - b),
                (Some(_), Some(_)) => "no change".into(),
                _ => "—".into(),
            };
            previous = mean.or(previous);
            let when = rubric_core::time::rfc3339(p.finished_at_ms);
            view! {
                <tr>
                    <th scope="row">{p.attempt}</th>
                    <td>{when[..16].replace('T', " ")}</td>
                    <td>{mean.map_or_else(|| "—".into(), |m| format!("{m:.2}"))}</td>
                    <td>{change}</td>
                    <td>{match p.passed { Some(true) => "yes", Some(false) => "no", None => "—" }}</td>
                </tr>
            }
        })
        .collect_view();

    view! {
        <div class="rq-results" data-testid="quiz-results">
            {verdict}
            <table class="rq-table" data-testid="agreement-table">
                <caption>"Agreement with the experts, per criterion (95% confidence interval in brackets where one is defined)"</caption>
                <thead><tr>
                    <th scope="col">"Criterion"</th><th scope="col">"Items"</th><th scope="col">"Agreement"</th>
                    <th scope="col">"Cohen's κ"</th><th scope="col">"Linear weighted κ"</th>
                    <th scope="col">"Quadratic weighted κ"</th><th scope="col">"Gwet's AC1"</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <p class="rq-note">"κ and AC1 correct for agreement by chance: 0 is chance level, 1 is perfect. Words from Landis & Koch (1977). Weighted κ counts near misses on ordered scales as partial agreement; AC1 stays meaningful when one answer dominates."</p>
            <h3>"Per criterion"</h3>
            {details}
            <h3>"Where you differed from the experts"</h3>
            {if no_diffs {
                view! { <p data-testid="no-disagreements">"Nowhere: every scored answer matched the experts'."</p> }.into_any()
            } else {
                view! { <ol class="rq-diffs">{diffs}</ol> }.into_any()
            }}
            {has_texts.then(|| view! {
                <h3>"Your written answers beside the experts'"</h3>
                <table class="rq-table">
                    <thead><tr><th scope="col">"Item"</th><th scope="col">"You"</th><th scope="col">"The experts"</th></tr></thead>
                    <tbody>{texts}</tbody>
                </table>
            })}
            <h3>"Your attempts on this device"</h3>
            <table class="rq-table" data-testid="history">
                <thead><tr><th scope="col">"Attempt"</th><th scope="col">"Finished (UTC)"</th><th scope="col">"Mean agreement"</th><th scope="col">"Change"</th><th scope="col">"Passed"</th></tr></thead>
                <tbody>{past}</tbody>
            </table>
            <p class="rw-actions">
                <button type="button" class="rw-button rw-primary" data-testid="quiz-retry" on:click=move |_| retry.run(())>"Try again, in a new order"</button>
            </p>
        </div>
    }
}
