//! The state of one review form, shared with every field through context.
//!
//! One signal per criterion answer, so a click re-renders only that criterion and what depends
//! on it (conditions, progress), never the whole form. Visibility, requirements and issues are
//! one memo per criterion, each calling the core's rule for that criterion
//! (`rubric_core::form::rules`) over the signals: the form shows what submission checks.

use crate::i18n::{use_i18n, I18n};
use leptos::prelude::*;
use rubric_core::form::ids::{shuffled, stable_hash};
use rubric_core::form::keys::{after_item, checklist_item, checks, Keys};
use rubric_core::form::rules::{
    answers_by_id, check_item, issue_at, required_at, toggle_multi, visible_at, FormState, Required,
};
use rubric_core::text::i18n::Translate;
use rubric_core::text::messages as msg;
use rubric_core::{Answer, CriterionKind, Rubric, Task};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// Everything a field needs. Cheap to clone: shared parts are behind `Arc`, signals are `Copy`.
#[derive(Clone)]
pub struct Form {
    pub rubric: Arc<Rubric>,
    pub task: Arc<Task>,
    /// One per criterion, in rubric order.
    pub answers: Arc<Vec<RwSignal<Option<Answer>>>>,
    /// One per criterion, in rubric order.
    pub visible: Arc<Vec<Memo<bool>>>,
    /// One per criterion: what is wrong with its answer now (none while hidden).
    pub issues: Arc<Vec<Memo<Option<String>>>>,
    /// Inline errors appear only after the first submit attempt, so a fresh form is not red.
    pub show_errors: RwSignal<bool>,
    /// Response ids in the order this reviewer sees them.
    pub response_order: Arc<Vec<String>>,
    /// Prefix making DOM ids unique when several widgets share a page.
    pub prefix: Arc<str>,
    /// What each key answers: the rubric's keys and the automatic digits (the core's rules).
    pub keys: Arc<Keys>,
    /// The reviewer may switch hotkeys off: single-key shortcuts get in the way of speech input
    /// and of screen readers' own keys (WCAG 2.1.4; docs/promises.md, P9).
    pub hotkeys_on: RwSignal<bool>,
    /// Responses side by side (where there is room) rather than one above the other: the
    /// reviewer's choice, side by side at first for a pair.
    pub side_by_side: RwSignal<bool>,
    /// The widget's language.
    pub tr: I18n,
    index: Arc<HashMap<String, usize>>,
}

/// The language of the content shown below (the rubric's texts, or in the task view the
/// task's), for `lang` on the elements holding it, so a screen reader reads an English rubric
/// in English inside a Japanese widget (WCAG 3.1.2). None: the widget's language applies.
#[derive(Clone, Default)]
pub struct ContentLang {
    /// The language to mark the content with: the one it says it is in, when that is not the
    /// widget's.
    pub other: Option<String>,
    /// The content says it is in the widget's language: its short texts (a card's words) need
    /// no element of their own for `lang` or `dir`.
    pub widgets: bool,
}

/// The content language to mark the content here with, if any.
pub fn content_lang() -> Option<String> {
    use_context::<ContentLang>().and_then(|c| c.other)
}

/// Whether the content here says it is in the widget's own language.
pub fn content_is_widgets() -> bool {
    use_context::<ContentLang>().is_some_and(|c| c.widgets)
}

/// The DOM ids of one criterion's field, `{prefix}-c{idx}-{part}`: unique per form, so several
/// widgets can share a page. A field component gets one as a prop instead of the whole [`Form`],
/// so it can be mounted (and tested) on its own.
#[derive(Clone)]
pub struct FieldId {
    prefix: Arc<str>,
    /// The criterion's index in the rubric.
    pub idx: usize,
}

impl FieldId {
    pub fn new(prefix: impl Into<Arc<str>>, idx: usize) -> FieldId {
        FieldId {
            prefix: prefix.into(),
            idx,
        }
    }

    /// The id of one part of the field (`"legend"`, `"error"`, `"opt"`…).
    pub fn part(&self, part: &str) -> String {
        format!("{}-c{}-{part}", self.prefix, self.idx)
    }
}

/// The origins images may be loaded from; provided by the host configuration.
#[derive(Clone, Default)]
pub struct ImageOrigins(pub Arc<Vec<String>>);

/// A form's signals read through the core's [`FormState`]: reading inside a memo subscribes it
/// to exactly the answers and visibilities its criterion's rule looked at. `visible` holds the
/// memos built so far (while building them, only earlier criteria's).
struct Signals {
    answers: Arc<Vec<RwSignal<Option<Answer>>>>,
    visible: Arc<Vec<Memo<bool>>>,
    index: Arc<HashMap<String, usize>>,
}

impl FormState for Signals {
    fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }
    fn answer(&self, i: usize) -> Option<Answer> {
        self.answers[i].get()
    }
    fn visible(&self, i: usize) -> bool {
        self.visible[i].get()
    }
}

/// The form of the nearest enclosing [`crate::components::review_form::ReviewForm`].
pub fn use_form() -> Form {
    // Not `expect_context`: its panic message formats the type name with `Debug`, and that
    // alone put `str` and `char` debug formatting (and their Unicode tables) into the wasm.
    use_context::<Form>().unwrap_or_else(|| wasm_bindgen::throw_str("no review form around"))
}

impl Form {
    pub fn new(
        rubric: Arc<Rubric>,
        task: Arc<Task>,
        annotator: &str,
        initial: BTreeMap<String, Answer>,
        prefix: String,
    ) -> Form {
        let answers: Vec<RwSignal<Option<Answer>>> = rubric
            .criteria
            .iter()
            .map(|c| RwSignal::new(initial.get(&c.id).cloned()))
            .collect();
        let index: HashMap<String, usize> = rubric
            .criteria
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i))
            .collect();
        let index = Arc::new(index);
        let answers = Arc::new(answers);
        let mut visible: Vec<Memo<bool>> = Vec::with_capacity(rubric.criteria.len());
        for i in 0..rubric.criteria.len() {
            // Only a conditional criterion reads the others (and holds the memos before it); one
            // closure for both kinds, as each closure type costs the wasm a memo's code.
            let state = rubric.criteria[i].visible_if.is_some().then(|| Signals {
                answers: answers.clone(),
                visible: Arc::new(visible.clone()),
                index: index.clone(),
            });
            let rubric = rubric.clone();
            visible.push(Memo::new(move |_| {
                state.as_ref().is_none_or(|s| visible_at(&rubric, i, s))
            }));
        }
        let ids: Vec<String> = task.responses.iter().map(|r| r.id.clone()).collect();
        let response_order = if rubric.shuffle_responses {
            shuffled(&ids, stable_hash(&format!("{annotator}\u{1f}{}", task.id)))
        } else {
            ids
        };
        let keys = Arc::new(Keys::of(&rubric));
        let pair = task.responses.len() == 2;
        let mut form = Form {
            rubric,
            task,
            answers,
            visible: Arc::new(visible),
            issues: Arc::new(Vec::new()),
            show_errors: RwSignal::new(false),
            response_order: Arc::new(response_order),
            prefix: prefix.into(),
            keys,
            hotkeys_on: preference("hotkeys", true),
            side_by_side: preference("side-by-side", pair),
            tr: use_i18n(),
            index,
        };
        let issues = (0..form.rubric.criteria.len())
            .map(|i| {
                let f = form.clone();
                Memo::new(move |_| f.compute_issue(i))
            })
            .collect();
        form.issues = Arc::new(issues);
        form
    }

    /// A DOM id unique to this form.
    pub fn dom_id(&self, idx: usize, part: &str) -> String {
        self.field_id(idx).part(part)
    }

    /// The DOM ids of criterion `idx`'s field.
    pub fn field_id(&self, idx: usize) -> FieldId {
        FieldId::new(self.prefix.clone(), idx)
    }

    /// The index of the criterion with id `id`.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// The form's signals as the core's rules read them.
    pub fn state(&self) -> impl FormState {
        Signals {
            answers: self.answers.clone(),
            visible: self.visible.clone(),
            index: self.index.clone(),
        }
    }

    /// Why criterion `idx` is required now, if it is (reactive).
    pub fn required(&self, idx: usize) -> Required {
        required_at(&self.rubric, idx, &self.state(), &self.tr)
    }

    /// The problem with criterion `idx`'s answer, if any. Hidden criteria have none.
    fn compute_issue(&self, idx: usize) -> Option<String> {
        issue_at(&self.rubric, &self.task, idx, &self.state(), &self.tr)
    }

    /// Every answer, untracked, keyed by criterion id.
    pub fn snapshot(&self) -> BTreeMap<String, Answer> {
        answers_by_id(&self.rubric, self.answers.iter().map(|a| a.get_untracked()))
    }

    /// The two responses a pairwise criterion compares, as shown: (A, B).
    pub fn pair(&self, idx: usize) -> (String, String) {
        if let CriterionKind::Pairwise {
            responses: Some(ids),
            ..
        } = &self.rubric.criteria[idx].kind
        {
            // Keep the reviewer's shown order between the two named responses.
            let pos = |id: &String| self.response_order.iter().position(|r| r == id);
            let (a, b) = (ids[0].clone(), ids[1].clone());
            return if pos(&a) <= pos(&b) { (a, b) } else { (b, a) };
        }
        let o = &self.response_order;
        (
            o.first().cloned().unwrap_or_default(),
            o.get(1).cloned().unwrap_or_default(),
        )
    }

    /// Picks level/option `slot` of criterion `idx` (a click, a key, a hotkey).
    pub fn pick(&self, idx: usize, slot: usize) {
        let c = &self.rubric.criteria[idx];
        let signal = self.answers[idx];
        let next = match &c.kind {
            CriterionKind::Rating { levels } => {
                levels.get(slot).map(|l| Answer::Rating { value: l.value })
            }
            CriterionKind::SingleChoice { options } => {
                options.get(slot).map(|o| Answer::SingleChoice {
                    value: o.value.clone(),
                })
            }
            CriterionKind::MultiChoice { options, .. } => options.get(slot).map(|o| {
                let current = match signal.get_untracked() {
                    Some(Answer::MultiChoice { values }) => values,
                    _ => Vec::new(),
                };
                Answer::MultiChoice {
                    values: toggle_multi(c, &current, &o.value),
                }
            }),
            CriterionKind::Pairwise { scale, .. } => scale.get(slot).map(|l| {
                let (a, b) = self.pair(idx);
                Answer::Pairwise {
                    a,
                    b,
                    value: Some(l.value),
                    both_bad: false,
                }
            }),
            _ => None,
        };
        if next.is_some() {
            signal.set(next);
        }
    }

    /// Answers a checklist by key: item `item` (the one with focus; none: the first not yet
    /// answered) gets answer `slot` (yes, no, n/a), then focus moves to the next item, so a
    /// long checklist takes one key per item.
    pub fn check_by_key(&self, idx: usize, slot: usize, item: Option<usize>) {
        let kind = &self.rubric.criteria[idx].kind;
        let CriterionKind::Checklist { items, allow_na } = kind else {
            return;
        };
        let signal = self.answers[idx];
        let of = |id: &str| {
            signal.with_untracked(|a| match a {
                Some(Answer::Checklist { items }) => items.get(id).copied(),
                _ => None,
            })
        };
        let answers = checks(*allow_na);
        let (Some(k), Some(&check)) = (
            checklist_item(kind, item, |id| of(id).is_some()),
            answers.get(slot),
        ) else {
            return;
        };
        signal.set(Some(check_item(
            signal.get_untracked(),
            &items[k].id,
            check,
        )));
        // On the next item's chosen answer if it has one, else its first.
        let next = after_item(k, items.len());
        let at = of(&items[next].id)
            .and_then(|c| answers.iter().position(|a| *a == c))
            .unwrap_or(0);
        crate::browser::focus_id(format!("{}-c{idx}-item{next}-{at}", self.prefix));
    }

    /// Whether level/option `slot` of criterion `idx` is chosen (reactive).
    pub fn is_picked(&self, idx: usize, slot: usize) -> bool {
        let c = &self.rubric.criteria[idx];
        self.answers[idx].with(|a| match (&c.kind, a) {
            (CriterionKind::Rating { levels }, Some(Answer::Rating { value })) => {
                levels.get(slot).is_some_and(|l| l.value == *value)
            }
            (CriterionKind::SingleChoice { options }, Some(Answer::SingleChoice { value })) => {
                options.get(slot).is_some_and(|o| &o.value == value)
            }
            (CriterionKind::MultiChoice { options, .. }, Some(Answer::MultiChoice { values })) => {
                options.get(slot).is_some_and(|o| values.contains(&o.value))
            }
            (
                CriterionKind::Pairwise { scale, .. },
                Some(Answer::Pairwise { value: Some(v), .. }),
            ) => scale.get(slot).is_some_and(|l| l.value == *v),
            _ => false,
        })
    }

    /// The label a response is shown under. With shuffling on, responses are named by position
    /// ("Response A") so neither the task's labels nor the order can reveal which model wrote it.
    pub fn response_label(&self, id: &str) -> String {
        let pos = self
            .response_order
            .iter()
            .position(|r| r == id)
            .unwrap_or(0);
        if self.rubric.shuffle_responses {
            let letter = ((b'A' + (pos as u8 % 26)) as char).to_string();
            self.tr
                .f(msg::response_letter, &[("letter", (&letter).into())])
        } else {
            self.task
                .response(id)
                .map(|r| r.label.clone())
                .unwrap_or_default()
        }
    }
}

/// A reviewer's choice about the form itself (single-key shortcuts, responses side by side),
/// kept on the device so it holds for the next task and the next visit: someone who turned
/// single-key shortcuts off (speech input, a screen reader) must not find them on again.
pub(crate) fn preference(name: &'static str, default: bool) -> RwSignal<bool> {
    let key = format!("rubric-widget:pref:{name}");
    let value = RwSignal::new(crate::browser::load(&key).map_or(default, |v| v == "1"));
    super::follow(Box::new(move |first| {
        let on = value.get();
        if !first {
            let _ = crate::browser::save(&key, if on { "1" } else { "0" });
        }
    }));
    value
}
