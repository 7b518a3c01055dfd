//! After an item: each criterion with the trainee's answer beside the experts', whether they
//! agree (in words, not only colour), and the experts' explanation.

use crate::components::markdown::Markdown;
use leptos::prelude::*;
use rubric_core::attempt::answer_text;
use rubric_core::quiz::Quiz;
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
    let it = &quiz.items[item];
    let rows = quiz
        .rubric
        .criteria
        .iter()
        .filter(|c| it.gold.contains_key(&c.id) || answers.contains_key(&c.id))
        .map(|c| {
            let text = |a: Option<&Answer>| {
                a.map_or("(no answer)".to_string(), |a| answer_text(c, &it.task, a))
            };
            let mine = answers.get(&c.id);
            let gold = it.gold.get(&c.id);
            let (verdict, class) = match (&c.kind, gold) {
                (CriterionKind::Text { .. }, _) => ("Compare", "rq-compare"),
                (_, None) => ("Not scored: the experts gave no answer", "rq-compare"),
                (_, Some(g)) if mine == Some(g) => ("✓ Same as the experts", "rq-agree"),
                _ => ("✗ Differs from the experts", "rq-differ"),
            };
            let explanation = it.explanations.get(&c.id).cloned();
            view! {
                <article class=format!("rq-feedback {class}") data-testid="feedback-row" data-criterion=c.id.clone()>
                    <h3 dir="auto">{c.title.clone()}</h3>
                    <p class="rq-verdict">{verdict}</p>
                    <dl class="rq-answers">
                        <dt>"Your answer"</dt><dd dir="auto">{text(mine)}</dd>
                        <dt>"The experts' answer"</dt><dd dir="auto">{text(gold)}</dd>
                    </dl>
                    {explanation.map(|e| view! { <div class="rq-explanation"><Markdown text=e /></div> })}
                </article>
            }
        })
        .collect_view();
    view! { <section class="rq-feedback-list" aria-label="Your answers and the experts'">{rows}</section> }
}
