//! The form's rules over answers: which criteria are visible, which are required, what is still
//! missing or out of bounds, whether a restored answer still fits, and the one canonical form
//! answers are compared in. The UI and submission checking both call these; neither has its own.

use crate::model::answer::{Answer, Check};
use crate::model::condition::{Naming, Scalar};
use crate::model::rubric::{Choice, Criterion, CriterionKind, Rubric};
use crate::model::task::Task;
use crate::text::i18n::Translate;
use crate::text::messages as msg;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Rules that need the criterion an answer belongs to. Kept here rather than with [`Answer`]
/// so the model does not depend on the form.
impl Answer {
    /// This answer in the one form comparisons and statistics use, whatever the order the
    /// reviewer saw or a backend wrote it in:
    ///
    /// - pairwise: `a`, `b` as shown are kept in the submission (it records what the reviewer
    ///   saw), so two people expressing the same preference over a shuffled pair store opposite
    ///   values; here `a` is the response the criterion declares first (else the one first in
    ///   the task), and the value is negated when the pair was shown the other way round;
    /// - multi_choice: the chosen values in the criterion's option order;
    /// - ranking: each group of tied responses in the task's order.
    ///
    /// Other answers are already canonical. Linear in the answer and the criterion.
    pub fn canonical(&self, c: &Criterion, task: &Task) -> Answer {
        let place: HashMap<&str, usize> = task
            .responses
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), i))
            .collect();
        self.canonical_in(c, |id| place.get(id).copied())
    }

    /// [`Answer::canonical`] where the task is not at hand (the agreement report reads
    /// submissions without their tasks): `order` gives a response's place in any fixed order
    /// of the task's responses, the same for every rater (the report uses the ids' own order),
    /// or `None` for a response it does not know. A pair is turned round only when both its
    /// responses are known; a criterion that declares its `responses` uses their order instead.
    pub fn canonical_in<K: Ord>(&self, c: &Criterion, order: impl Fn(&str) -> Option<K>) -> Answer {
        match (self, &c.kind) {
            (
                Answer::Pairwise {
                    a,
                    b,
                    value,
                    both_bad,
                },
                CriterionKind::Pairwise { responses, .. },
            ) => {
                let swapped = match responses {
                    Some(declared) => {
                        let at = |id: &str| declared.iter().position(|r| r == id);
                        matches!((at(a), at(b)), (Some(pa), Some(pb)) if pa > pb)
                    }
                    None => matches!((order(a), order(b)), (Some(pa), Some(pb)) if pa > pb),
                };
                if swapped {
                    Answer::Pairwise {
                        a: b.clone(),
                        b: a.clone(),
                        value: value.map(|v| -v),
                        both_bad: *both_bad,
                    }
                } else {
                    self.clone()
                }
            }
            (Answer::MultiChoice { values }, CriterionKind::MultiChoice { options, .. }) => {
                let chosen: HashSet<&str> = values.iter().map(String::as_str).collect();
                let mut in_order: Vec<String> = options
                    .iter()
                    .filter(|o| chosen.contains(o.value.as_str()))
                    .map(|o| o.value.clone())
                    .collect();
                // Values the rubric does not list (a backend's own) stay, after, as written.
                let listed: HashSet<&str> = options.iter().map(|o| o.value.as_str()).collect();
                in_order.extend(
                    values
                        .iter()
                        .filter(|v| !listed.contains(v.as_str()))
                        .cloned(),
                );
                Answer::MultiChoice { values: in_order }
            }
            (Answer::Ranking { order: groups }, CriterionKind::Ranking { .. }) => {
                let groups = groups
                    .iter()
                    .map(|group| {
                        let mut group = group.clone();
                        group.sort_by_key(|id| order(id));
                        group
                    })
                    .collect();
                Answer::Ranking { order: groups }
            }
            _ => self.clone(),
        }
    }

    /// Whether this answer is one the criterion could have produced for this task (a restored
    /// draft may predate a rubric change; such answers are dropped rather than trusted).
    pub fn fits(&self, criterion: &Criterion, task: &Task) -> bool {
        let known = |id: &String| task.response(id).is_some();
        match (&criterion.kind, self) {
            (CriterionKind::Rating { levels }, Answer::Rating { value }) => {
                levels.iter().any(|l| l.value == *value)
            }
            (CriterionKind::SingleChoice { options }, Answer::SingleChoice { value }) => {
                options.iter().any(|o| &o.value == value)
            }
            (CriterionKind::MultiChoice { options, .. }, Answer::MultiChoice { values }) => {
                values.iter().all(|v| options.iter().any(|o| &o.value == v))
            }
            (
                CriterionKind::Pairwise {
                    scale,
                    allow_both_bad,
                    ..
                },
                Answer::Pairwise {
                    a,
                    b,
                    value,
                    both_bad,
                },
            ) => {
                known(a)
                    && known(b)
                    && a != b
                    && (!*both_bad || *allow_both_bad)
                    && value.is_none_or(|v| scale.iter().any(|l| l.value == v))
            }
            (CriterionKind::Ranking { .. }, Answer::Ranking { order }) => {
                let ids: Vec<&String> = order.iter().flatten().collect();
                ids.iter().all(|id| known(id))
                    && ids.iter().enumerate().all(|(i, id)| !ids[..i].contains(id))
            }
            (CriterionKind::Text { .. }, Answer::Text { .. }) => true,
            (
                CriterionKind::Checklist {
                    items: defs,
                    allow_na,
                },
                Answer::Checklist { items },
            ) => items
                .iter()
                .all(|(k, v)| defs.iter().any(|d| &d.id == k) && (*allow_na || *v != Check::Na)),
            _ => false,
        }
    }
}

/// A problem with one criterion's answer, shown inline and in the error summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldIssue {
    pub criterion: String,
    pub message: String,
}

/// A form's state as the rules read it. The UI answers from its signals (so each memo tracks
/// exactly what its criterion's rule read); [`visibility`] and [`form_issues`] answer from a
/// map of answers. Either way the rules below are the only implementation.
pub trait FormState {
    /// The position of the criterion with this id (the first, if ids repeat).
    fn position(&self, id: &str) -> Option<usize>;
    /// Criterion `i`'s answer as given, visible or not.
    fn answer(&self, i: usize) -> Option<Answer>;
    /// Whether criterion `i` is visible. [`visible_at`] asks only about earlier criteria.
    fn visible(&self, i: usize) -> bool;
}

/// Whether criterion `i` is visible.
///
/// A condition sees an earlier criterion's answer only while that criterion is visible (a
/// hidden answer is not submitted, so it must not steer the form); a later criterion's answer
/// is read as it is, which keeps evaluation one pass and free of cycles.
pub fn visible_at(rubric: &Rubric, i: usize, state: &dyn FormState) -> bool {
    match &rubric.criteria[i].visible_if {
        None => true,
        Some(cond) => cond.eval(&|id| {
            let j = state.position(id)?;
            if j < i && !state.visible(j) {
                return None;
            }
            state.answer(j)
        }),
    }
}

/// Which criteria are visible, in document order, given the answers so far.
pub fn visibility(rubric: &Rubric, answers: &BTreeMap<String, Answer>) -> Vec<bool> {
    let mut state = Answers {
        rubric,
        answers,
        index: index_of(rubric),
        visible: Vec::with_capacity(rubric.criteria.len()),
    };
    for i in 0..rubric.criteria.len() {
        let shown = visible_at(rubric, i, &state);
        state.visible.push(shown);
    }
    state.visible
}

/// [`FormState`] over a map of answers, its visibility filled in document order.
struct Answers<'a> {
    rubric: &'a Rubric,
    answers: &'a BTreeMap<String, Answer>,
    index: HashMap<&'a str, usize>,
    visible: Vec<bool>,
}

impl FormState for Answers<'_> {
    fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }
    fn answer(&self, i: usize) -> Option<Answer> {
        self.answers.get(&self.rubric.criteria[i].id).cloned()
    }
    fn visible(&self, i: usize) -> bool {
        self.visible[i]
    }
}

/// Each criterion's position by id (the first, as `position` would find), so that every test
/// in a condition finds its criterion in constant time: a condition may have thousands of tests
/// and a rubric hundreds of criteria. Built by insertion, as a `collect` would bring its own
/// map code into the wasm.
pub fn index_of(rubric: &Rubric) -> HashMap<&str, usize> {
    let mut index = HashMap::new();
    for (i, c) in rubric.criteria.iter().enumerate().rev() {
        index.insert(c.id.as_str(), i);
    }
    index
}

/// A criterion's answer as `required_if` sees it: none while the criterion is hidden.
fn effective(state: &dyn FormState, id: &str) -> Option<Answer> {
    let j = state.position(id)?;
    state.visible(j).then(|| state.answer(j)).flatten()
}

/// Whether a tension's guidance applies: both criteria it is between are visible and
/// answered, so the reviewer has made the two judgements it is about.
pub fn tension_applies(state: &dyn FormState, a: usize, b: usize) -> bool {
    let given = |i: usize| state.visible(i) && state.answer(i).is_some_and(|x| x.is_answered());
    given(a) && given(b)
}

/// Why criterion `i` must be answered now, if it must.
pub fn required_at(
    rubric: &Rubric,
    i: usize,
    state: &dyn FormState,
    tr: &dyn Translate,
) -> Required {
    required(rubric, &rubric.criteria[i], &|id| effective(state, id), tr)
}

/// What is wrong with criterion `i`'s answer now, if anything; nothing while it is hidden.
pub fn issue_at(
    rubric: &Rubric,
    task: &Task,
    i: usize,
    state: &dyn FormState,
    tr: &dyn Translate,
) -> Option<String> {
    if !state.visible(i) {
        return None;
    }
    let req = required_at(rubric, i, state, tr);
    check_answer(
        &rubric.criteria[i],
        state.answer(i).as_ref(),
        &req,
        task.responses.len(),
        tr,
    )
}

/// Conditions are described to the reviewer with the rubric's words: titles and labels. Each
/// criterion is found through the index, so describing a condition of many tests stays linear
/// however many criteria the rubric has.
struct Words<'a> {
    rubric: &'a Rubric,
    index: HashMap<&'a str, usize>,
}

impl Words<'_> {
    fn find(&self, id: &str) -> Option<&Criterion> {
        self.index.get(id).map(|i| &self.rubric.criteria[*i])
    }
}

impl Naming for Words<'_> {
    fn criterion(&self, id: &str) -> String {
        self.find(id)
            .map_or_else(|| id.to_string(), |c| c.title.clone())
    }

    fn value(&self, criterion: &str, v: &Scalar) -> Option<String> {
        let c = self.find(criterion)?;
        match (&c.kind, v) {
            (CriterionKind::Rating { levels: points }, Scalar::Int(n))
            | (CriterionKind::Pairwise { scale: points, .. }, Scalar::Int(n)) => points
                .iter()
                .find(|l| l.value == *n)
                .map(|l| l.label.clone()),
            (CriterionKind::SingleChoice { options }, Scalar::Text(s))
            | (CriterionKind::MultiChoice { options, .. }, Scalar::Text(s)) => options
                .iter()
                .find(|o| &o.value == s)
                .map(|o| o.label.clone()),
            _ => None,
        }
    }
}

/// Why a criterion must be answered now, if it must.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Required {
    No,
    Always,
    /// Required by `required_if`; carries the condition described for the reviewer.
    Because(String),
}

/// Whether `c` is required given the answers as conditions see them.
pub fn required(
    rubric: &Rubric,
    c: &Criterion,
    answer_of: &dyn Fn(&str) -> Option<Answer>,
    tr: &dyn Translate,
) -> Required {
    if c.required {
        return Required::Always;
    }
    match &c.required_if {
        Some(cond) if cond.eval(answer_of) => {
            let words = Words {
                rubric,
                index: index_of(rubric),
            };
            Required::Because(
                cond.why(&words, tr, answer_of)
                    .unwrap_or_else(|| cond.describe(&words, tr)),
            )
        }
        _ => Required::No,
    }
}

/// What is wrong with one visible criterion's answer, if anything. `responses` is how many
/// responses the task has (ranking needs it).
pub fn check_answer(
    c: &Criterion,
    answer: Option<&Answer>,
    required: &Required,
    responses: usize,
    tr: &dyn Translate,
) -> Option<String> {
    let answer = answer.filter(|a| a.is_answered());
    let n_is = |m, n: usize| tr.f(m, &[("n", n.into())]);
    let Some(answer) = answer else {
        let hint = match &c.kind {
            CriterionKind::Rating { .. } => tr.t(msg::need_level),
            CriterionKind::SingleChoice { .. } => tr.t(msg::need_option),
            CriterionKind::MultiChoice { min_selections, .. } => n_is(
                msg::need_options,
                min_selections.unwrap_or(1).max(1) as usize,
            ),
            CriterionKind::Pairwise { .. } => tr.t(msg::need_preference),
            CriterionKind::Ranking { .. } => tr.t(msg::need_ranking),
            CriterionKind::Text {
                min_length: Some(n),
                ..
            } if *n > 0 => n_is(msg::need_characters, *n as usize),
            CriterionKind::Text { .. } => tr.t(msg::need_text),
            CriterionKind::Checklist { .. } => tr.t(msg::need_every_item),
        };
        let hint = (&hint).into();
        return match required {
            Required::No => None,
            Required::Always => Some(tr.f(msg::need_required, &[("hint", hint)])),
            Required::Because(why) => Some(tr.f(
                msg::need_required_because,
                &[("why", why.into()), ("hint", hint)],
            )),
        };
    };
    // A bound `limit` broken with `n` chosen or written.
    let broken = |m, limit: u32, n: usize| {
        let limit = limit as usize;
        Some(tr.f(
            m,
            &[
                ("min", limit.into()),
                ("max", limit.into()),
                ("n", n.into()),
            ],
        ))
    };
    match (&c.kind, answer) {
        (
            CriterionKind::MultiChoice {
                min_selections,
                max_selections,
                ..
            },
            Answer::MultiChoice { values },
        ) => {
            let n = values.len();
            if let Some(min) = min_selections.filter(|m| n < *m as usize) {
                return broken(msg::too_few_chosen, min, n);
            }
            if let Some(max) = max_selections.filter(|m| n > *m as usize) {
                return broken(msg::too_many_chosen, max, n);
            }
        }
        (
            CriterionKind::Text {
                min_length,
                max_length,
                ..
            },
            Answer::Text { value },
        ) => {
            let n = value.trim().chars().count();
            if let Some(min) = min_length.filter(|m| n < *m as usize) {
                return broken(msg::too_short, min, n);
            }
            if let Some(max) = max_length.filter(|m| n > *m as usize) {
                return broken(msg::too_long, max, n);
            }
        }
        (CriterionKind::Ranking { allow_ties, top_k }, Answer::Ranking { order }) => {
            let ranked: usize = order.iter().map(Vec::len).sum();
            let needed = top_k.map_or(responses, |k| (k as usize).min(responses));
            if ranked < needed {
                return Some(if needed == responses {
                    tr.t(msg::rank_every)
                } else {
                    n_is(msg::rank_top, needed)
                });
            }
            if !allow_ties && order.iter().any(|g| g.len() > 1) {
                return Some(tr.t(msg::no_ties));
            }
        }
        // A required checklist needs every item; an optional one may be answered item by item
        // (a reviewer who answered one item could not leave the rest: a chosen radio cannot be
        // unchosen, so "answer every item" held the whole form).
        (CriterionKind::Checklist { items: defs, .. }, Answer::Checklist { items })
            if !matches!(required, Required::No) =>
        {
            let left = defs.iter().filter(|d| !items.contains_key(&d.id)).count();
            if left > 0 {
                return Some(n_is(msg::items_left, left));
            }
        }
        _ => {}
    }
    None
}

/// Every problem in the form, in document order, considering only visible criteria.
pub fn form_issues(
    rubric: &Rubric,
    task: &Task,
    answers: &BTreeMap<String, Answer>,
    tr: &dyn Translate,
) -> Vec<FieldIssue> {
    let state = Answers {
        rubric,
        answers,
        index: index_of(rubric),
        visible: visibility(rubric, answers),
    };
    let mut issues = Vec::new();
    for (i, c) in rubric.criteria.iter().enumerate() {
        if let Some(message) = issue_at(rubric, task, i, &state, tr) {
            issues.push(FieldIssue {
                criterion: c.id.clone(),
                message,
            });
        }
    }
    issues
}

/// The answers that are submitted: answered, visible criteria only.
pub fn submitted_answers(
    rubric: &Rubric,
    answers: &BTreeMap<String, Answer>,
) -> BTreeMap<String, Answer> {
    let visible = visibility(rubric, answers);
    let shown = rubric.criteria.iter().zip(visible).map(|(c, v)| {
        v.then(|| answers.get(&c.id).filter(|a| a.is_answered()).cloned())
            .flatten()
    });
    answers_by_id(rubric, shown)
}

/// Answers keyed by criterion id, from answers given in rubric order (`None`s skipped).
/// Built by inserting rather than `collect`, which brings a sorting routine per map type into
/// the wasm.
pub fn answers_by_id(
    rubric: &Rubric,
    answers: impl IntoIterator<Item = Option<Answer>>,
) -> BTreeMap<String, Answer> {
    let mut map = BTreeMap::new();
    for (c, a) in rubric.criteria.iter().zip(answers) {
        if let Some(a) = a {
            map.insert(c.id.clone(), a);
        }
    }
    map
}

/// The rows a ranking shows: the answer's order (flattened, each row marked when it ties with
/// the one above), then every response it leaves out, in the order shown. The inverse of
/// [`ranking_answer`], so the answer is the ranking's only state.
pub fn ranking_rows(answer: Option<&Answer>, shown: &[String]) -> (Vec<String>, Vec<bool>) {
    let (mut order, mut ties) = (Vec::new(), Vec::new());
    if let Some(Answer::Ranking { order: groups }) = answer {
        for group in groups {
            for (k, id) in group.iter().enumerate() {
                order.push(id.clone());
                ties.push(k > 0);
            }
        }
    }
    for id in shown {
        if !order.contains(id) {
            order.push(id.clone());
            ties.push(false);
        }
    }
    (order, ties)
}

/// A ranking answer from the order shown and, per position, whether it ties with the one above;
/// only the places up to `top_k` are kept.
pub fn ranking_answer(order: &[String], tied_with_previous: &[bool], top_k: Option<u32>) -> Answer {
    let mut groups: Vec<Vec<String>> = Vec::new();
    for (i, id) in order.iter().enumerate() {
        let tie = i > 0 && tied_with_previous.get(i).copied().unwrap_or(false);
        match groups.last_mut() {
            Some(g) if tie => g.push(id.clone()),
            _ => {
                if top_k.is_some_and(|k| groups.iter().map(Vec::len).sum::<usize>() >= k as usize) {
                    break;
                }
                groups.push(vec![id.clone()]);
            }
        }
    }
    Answer::Ranking { order: groups }
}

/// A checklist answer with item `id` answered `check`, the others as in `current`.
pub fn check_item(current: Option<Answer>, id: &str, check: Check) -> Answer {
    let mut items = match current {
        Some(Answer::Checklist { items }) => items,
        _ => BTreeMap::new(),
    };
    items.insert(id.to_string(), check);
    Answer::Checklist { items }
}

/// Toggles `value` in a multi-choice selection, honouring exclusive options: picking an
/// exclusive option clears the rest, picking any other option clears the exclusive ones.
pub fn toggle_multi(c: &Criterion, current: &[String], value: &str) -> Vec<String> {
    let CriterionKind::MultiChoice { options, .. } = &c.kind else {
        return current.to_vec();
    };
    let was_on = current.iter().any(|v| v == value);
    let clicked_exclusive = options.iter().any(|o| o.value == value && o.exclusive);
    let picked = |o: &&Choice| {
        let on = current.contains(&o.value);
        if o.value == value {
            !was_on // the clicked option flips
        } else if was_on || !clicked_exclusive {
            // Unticking changes nothing else; ticking an ordinary option clears exclusive ones.
            on && (was_on || !o.exclusive)
        } else {
            false // an exclusive option clears the rest
        }
    };
    options
        .iter()
        .filter(picked)
        .map(|o| o.value.clone())
        .collect()
}
