//! The runner's steps through an attempt: answering an item, its feedback (when the quiz gives
//! feedback after each item), and the results once every item is answered; each new step's
//! heading takes the focus, so a screen reader hears where the trainee is.

use super::attempt::QuizAttempt;
use crate::browser;
use leptos::prelude::*;
use rubric_core::Submission;

/// Where the trainee is in an attempt.
#[derive(Clone, Copy, PartialEq)]
pub enum Phase {
    Answering,
    /// Feedback on this quiz item.
    Feedback(usize),
    Results,
}

/// The current step and the moves between steps. `Copy`.
#[derive(Clone, Copy)]
pub struct Steps {
    pub phase: RwSignal<Phase>,
    attempt: QuizAttempt,
    /// Feedback after each item, else only the results at the end.
    per_item: bool,
    /// The id of each step's heading.
    heading_id: StoredValue<String>,
}

/// Starts `attempt` at its current item; `heading_id` is the id every step gives its heading.
pub fn use_steps(attempt: QuizAttempt, per_item: bool, heading_id: String) -> Steps {
    Steps {
        phase: RwSignal::new(Phase::Answering),
        attempt,
        per_item,
        heading_id: StoredValue::new(heading_id),
    }
}

impl Steps {
    fn focus(self) {
        browser::focus_id(self.heading_id.get_value());
    }

    /// The next item, or the results when every item is answered (the attempt finishes).
    pub fn advance(self) {
        if self.attempt.is_over() {
            self.attempt.finish();
            self.phase.set(Phase::Results);
        } else {
            self.phase.set(Phase::Answering);
        }
        self.focus();
    }

    /// The review form submitted the current item's answers: records them, then shows the
    /// item's feedback or moves on.
    pub fn answered(self, sub: Submission) {
        let Some(item) = self.attempt.record(sub.answers) else {
            return;
        };
        if self.per_item {
            self.phase.set(Phase::Feedback(item));
            self.focus();
        } else {
            self.advance();
        }
    }

    /// A new attempt, from its first item.
    pub fn retry(self) {
        self.attempt.retry();
        self.phase.set(Phase::Answering);
        self.focus();
    }
}
