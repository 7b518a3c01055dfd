//! A trainee's attempts at one quiz, kept on the device: the attempt in progress (restored
//! after a reload, docs/promises.md, P5, and saved after every item) and the history of
//! finished ones (for the trend). Finishing an attempt remembers it and sends its result.

use crate::browser;
use crate::delivery::Courier;
use leptos::prelude::*;
use rubric_core::calibration::attempt::{
    history_from_json, history_to_json, result_json, Attempt, Past, ResultContext,
};
use rubric_core::calibration::quiz::Quiz;
use rubric_core::form::ids::uuid_v4;
use rubric_core::Answer;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The attempt in progress and the ones before it. `Copy`, so every handler and view closure
/// can hold one.
#[derive(Clone, Copy)]
pub struct QuizAttempt {
    /// The attempt in progress (or just finished, while its results show).
    pub attempt: RwSignal<Attempt>,
    /// The finished attempts, oldest first.
    pub history: RwSignal<Vec<Past>>,
    /// How many items the attempt restored at start had answered, if one was restored.
    pub resumed: Option<usize>,
    quiz: StoredValue<Arc<Quiz>>,
    trainee: StoredValue<String>,
    /// The keys of the attempt and of the history in `localStorage`.
    keys: StoredValue<(String, String)>,
    /// Where the result event is dispatched from.
    root: NodeRef<leptos::html::Div>,
    courier: Option<Courier>,
}

fn seed() -> u64 {
    let b = browser::random_bytes();
    u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
}

/// Reads `trainee`'s history of `quiz` and the attempt they left unfinished, if it answered any
/// item; else starts a new attempt. Results go out as `rubric-quiz-result` from `root`, and to
/// the backend through `courier` if there is one.
pub fn use_attempt(
    quiz: Arc<Quiz>,
    trainee: String,
    root: NodeRef<leptos::html::Div>,
    courier: Option<Courier>,
) -> QuizAttempt {
    let history_key = format!("rubric-quiz-history:{}:{trainee}", quiz.id);
    let history = RwSignal::new(history_from_json(
        &browser::load(&history_key).unwrap_or_default(),
    ));
    let attempt_key = format!("rubric-quiz-attempt:{}:{trainee}", quiz.id);
    let restored = browser::load(&attempt_key)
        .and_then(|t| Attempt::from_json(&t, &quiz))
        .filter(|a| a.current().is_some() && a.done() > 0);
    let resumed = restored.as_ref().map(Attempt::done);
    let attempt = restored.unwrap_or_else(|| fresh(&quiz, history));
    QuizAttempt {
        attempt: RwSignal::new(attempt),
        history,
        resumed,
        quiz: StoredValue::new(quiz),
        trainee: StoredValue::new(trainee),
        keys: StoredValue::new((attempt_key, history_key)),
        root,
        courier,
    }
}

/// A new attempt at `quiz`, numbered after the last one in `history`, in a new order.
fn fresh(quiz: &Quiz, history: RwSignal<Vec<Past>>) -> Attempt {
    let number = history.with_untracked(|h| h.last().map_or(1, |p| p.attempt + 1));
    Attempt::new(quiz, number, seed(), browser::now_ms())
}

impl QuizAttempt {
    /// Starts a new attempt (a retry), in a new order.
    pub fn retry(self) {
        let next = self.quiz.with_value(|q| fresh(q, self.history));
        self.attempt.set(next);
    }

    /// Records `answers` for the current item and saves the attempt; returns the item, or
    /// nothing if every item was answered already.
    pub fn record(self, answers: BTreeMap<String, Answer>) -> Option<usize> {
        let item = self.attempt.with_untracked(Attempt::current)?;
        self.attempt.update(|a| a.record(item, answers));
        let json = self.attempt.with_untracked(Attempt::to_json);
        let _ = self
            .keys
            .with_value(|(attempt, _)| browser::save(attempt, &json));
        Some(item)
    }

    /// Whether every item is answered.
    pub fn is_over(self) -> bool {
        self.attempt.with_untracked(|a| a.current().is_none())
    }

    /// The attempt is over: forgets it as in progress, adds it to the history, and sends the
    /// result.
    pub fn finish(self) {
        let now = browser::now_ms();
        let a = self.attempt.get_untracked();
        let q = self.quiz.get_value();
        let (attempt_key, history_key) = self.keys.get_value();
        let past = Past::of(&q, &a, now);
        browser::remove(&attempt_key);
        self.history.update(|h| h.push(past));
        let _ = browser::save(
            &history_key,
            &self.history.with_untracked(|h| history_to_json(h)),
        );
        let id = uuid_v4(browser::random_bytes());
        let who = self.trainee.get_value();
        let json = result_json(
            &q,
            &a,
            &ResultContext {
                result_id: &id,
                trainee: &who,
                finished_at_ms: now,
                client_version: crate::VERSION,
            },
        );
        if let Some(el) = self.root.get_untracked() {
            browser::dispatch_json(&el, "rubric-quiz-result", &json);
        }
        if let Some(c) = self.courier {
            // Named by the quiz it is a result of, also once delivered (its body then dropped).
            c.submit(
                &id,
                &json,
                &q.title,
                self.root.get_untracked().map(Into::into),
                None,
            );
        }
    }
}
