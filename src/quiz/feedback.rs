//! After an item: each criterion with the trainee's answer beside the experts', whether they
//! agree (in words, not only colour), and the experts' explanation.

use crate::components::markdown::Markdown;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use rubric_core::calibration::attempt::answer_text;
use rubric_core::calibration::quiz::Quiz;
use rubric_core::calibration::scoring::levels_apart;
use rubric_core::text::i18n::Translate;
use rubric_core::text::messages as msg;
use rubric_core::{Answer, CriterionKind};
use std::collections::BTreeMap;
use std::sync::Arc;

/// How the trainee's answers to quiz item `item` compare with the gold answers.
#[component]
pub fn ItemFeedback(
    quiz: Arc<Quiz>,
    item: usize,
    answers: BTreeMap<String, Answer>,
) -> impl IntoView {
    let tr = use_i18n();
    let it = &quiz.items[item];
    let rows = quiz
        .rubric
        .criteria
        .iter()
        // What the experts answered or explained: a question they left alone ("Problems
        // present", a justification) said "not scored" or "compare" with "(no answer)" on every
        // item, and read as noise.
        .filter(|c| it.gold.contains_key(&c.id) || it.explanations.contains_key(&c.id))
        .map(|c| {
            let text = |a: Option<&Answer>| {
                a.map_or_else(|| tr.t(msg::no_answer), |a| answer_text(c, &it.task, a, &tr))
            };
            let mine = answers.get(&c.id);
            let gold = it.gold.get(&c.id);
            let (verdict, class) = match (&c.kind, gold) {
                (CriterionKind::Text { .. }, _) => (msg::feedback_compare, "rq-compare"),
                (_, None) => (msg::feedback_no_gold, "rq-compare"),
                // Compared in canonical form: a pair shown the other way round is the same
                // preference.
                (_, Some(g))
                    if mine.map(|m| m.canonical(c, &it.task)) == Some(g.canonical(c, &it.task)) =>
                {
                    (msg::feedback_same, "rq-agree")
                }
                // A near miss (one level off on an ordinal scale) is told apart from a large one.
                (_, Some(g))
                    if mine.and_then(|m| {
                        levels_apart(c, &m.canonical(c, &it.task), &g.canonical(c, &it.task))
                    }) == Some(1) =>
                {
                    (msg::feedback_near, "rq-near")
                }
                _ => (msg::feedback_differs, "rq-differ"),
            };
            let verdict = tr.t(verdict);
            let explanation = it.explanations.get(&c.id).cloned();
            view! {
                <article class=format!("rq-feedback {class}") data-testid="feedback-row" data-criterion=c.id.clone()>
                    <h3 dir="auto">{c.title.clone()}</h3>
                    <p class="rq-verdict">{verdict}</p>
                    <dl class="rq-answers">
                        <dt>{tr.t(msg::your_answer)}</dt><dd dir="auto">{text(mine)}</dd>
                        <dt>{tr.t(msg::experts_answer)}</dt><dd dir="auto">{text(gold)}</dd>
                    </dl>
                    {explanation.map(|e| view! { <div class="rq-explanation"><Markdown text=e /></div> })}
                </article>
            }
        })
        .collect_view();
    view! { <section class="rq-feedback-list" aria-label=tr.t(msg::feedback_label)>{rows}</section> }
}
