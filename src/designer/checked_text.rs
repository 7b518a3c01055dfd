//! The designer's text and what checking it found: the issues, the last valid document (the
//! preview keeps it while the text is invalid) and whether the text is valid now. Typing is
//! never blocked: a keystroke schedules a check after [`DEBOUNCE_MS`], and a newer keystroke
//! supersedes it; loading a whole text (template, file, share link) checks at once.

use super::Doc;
use crate::browser;
use crate::i18n::I18n;
use leptos::prelude::*;
use rubric_core::calibration::quiz::parse_quiz;
use rubric_core::document::json;
use rubric_core::document::parse::parse_rubric_linted;
use rubric_core::{Limits, Report};
use std::sync::Arc;

/// How long typing must pause before the text is checked and the preview rebuilt.
pub const DEBOUNCE_MS: u64 = 250;

/// The text being designed and its check. `Copy`, so every handler and view closure can hold
/// one.
pub struct CheckedText<F> {
    /// The text as typed.
    pub text: RwSignal<String>,
    /// Every error and lint of the last check.
    pub report: RwSignal<Report>,
    /// The last valid document, kept while the text is invalid.
    pub doc: RwSignal<Option<Doc>>,
    /// Whether the last check found the text valid.
    pub valid: RwSignal<bool>,
    /// Counts keystrokes: a pending check runs only if none came after it.
    generation: StoredValue<u32>,
    tr: StoredValue<I18n>,
    /// Called with each new valid document, before it is shown.
    on_doc: F,
}

impl<F: Copy> Clone for CheckedText<F> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<F: Copy> Copy for CheckedText<F> {}

/// Starts with an empty, unchecked text. Documents are localized with `tr` (the preview shows
/// the rubric's own translation for the designer's language); `on_doc` hears of each new valid
/// one (the designer switches to quiz mode for a quiz and clears the answers shown).
pub fn use_checked_text<F>(tr: StoredValue<I18n>, on_doc: F) -> CheckedText<F>
where
    F: Fn(&Doc) + Copy + 'static,
{
    CheckedText {
        text: RwSignal::new(String::new()),
        report: RwSignal::new(Report::default()),
        doc: RwSignal::new(None),
        valid: RwSignal::new(false),
        generation: StoredValue::new(0),
        tr,
        on_doc,
    }
}

impl<F: Fn(&Doc) + Copy + 'static> CheckedText<F> {
    /// Checks the text now: the issues, and the preview when it is valid.
    pub fn check(self) {
        let Some(t) = self.text.try_get_untracked() else {
            return;
        };
        let is_quiz = json::parse(&t).is_ok_and(|n| n.get("items").is_some());
        let limits = Limits::default();
        let (parsed, issues) = if is_quiz {
            match parse_quiz(&t, &limits) {
                Ok((mut q, r)) => {
                    q.rubric = self.tr.with_value(|l| l.localize(&q.rubric));
                    (Some(Doc::Quiz(Arc::new(q))), r)
                }
                Err(r) => (None, r),
            }
        } else {
            match parse_rubric_linted(&t, &limits) {
                Ok((r, rep)) => {
                    let r = self.tr.with_value(|l| l.localize(&r));
                    (Some(Doc::Rubric(Arc::new(r))), rep)
                }
                Err(r) => (None, r),
            }
        };
        self.valid.set(parsed.is_some());
        if let Some(d) = parsed {
            (self.on_doc)(&d);
            self.doc.set(Some(d));
        }
        self.report.set(issues);
    }

    /// The text was typed: checks it after a pause in typing; a newer keystroke supersedes the
    /// pending check.
    pub fn edit(self, t: String) {
        self.text.set(t);
        self.generation.update_value(|g| *g += 1);
        let mine = self.generation.get_value();
        browser::set_timeout(
            DEBOUNCE_MS,
            Box::new(move || {
                if self.generation.try_get_value() == Some(mine) {
                    self.check();
                }
            }),
        );
    }

    /// A whole new text (template, file, share link): checks it at once.
    pub fn load(self, t: String) {
        self.text.set(t);
        self.check();
    }

    /// Shows one error instead of the text's issues (a template could not be fetched).
    pub fn show_error(self, message: &str) {
        let mut r = Report::default();
        r.error(
            rubric_core::document::path::Path::root(),
            message.to_string(),
        );
        self.report.set(r);
    }
}
