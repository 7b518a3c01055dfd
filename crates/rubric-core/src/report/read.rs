//! Reading submissions for the report: only those of the rubric's id and version are used;
//! the others are counted by rubric, never mixed in. A line that is not a submission is
//! reported with its line number and the rest still read. Answers are kept in canonical form
//! ([`Answer::canonical_in`], responses in their ids' order), so the order a pair was shown in
//! never changes a figure. A skipped task is not a rating; a second submission of the same
//! rater for the same task replaces the first when it was submitted later (times compared as
//! instants).

use crate::document::json::{self, Node};
use crate::document::path::short;
use crate::model::answer::Answer;
use crate::model::rubric::Rubric;
use std::collections::{BTreeMap, HashMap};

/// Who rated: a person, or a model acting as a judge (the submission's optional `rater`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rater {
    /// The submission's `annotator`.
    pub id: String,
    pub kind: RaterKind,
    /// For a model: its name and prompt version, as the submission gave them.
    pub model: Option<String>,
    pub prompt_version: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RaterKind {
    Human,
    Model,
}

/// One rater's answer to one criterion on one task.
#[derive(Debug, Clone, PartialEq)]
pub struct Rating {
    /// Index into [`Ratings::units`].
    pub unit: usize,
    /// Index into [`Ratings::raters`].
    pub rater: usize,
    pub answer: Answer,
}

/// Everything read so far.
#[derive(Debug, Clone, Default)]
pub struct Ratings {
    /// The task ids, in the order first seen.
    pub units: Vec<String>,
    pub raters: Vec<Rater>,
    /// Per criterion of the rubric (in its order), every rating.
    pub by_criterion: Vec<Vec<Rating>>,
    /// Submissions used.
    pub submissions: usize,
    /// Submissions that skipped their task ("can't assess"): not ratings.
    pub skipped_tasks: usize,
    /// Earlier submissions of a rater for a task, replaced by a later one.
    pub replaced: usize,
    /// Submissions for another rubric, or another version of this one: `(id, version)` → count.
    pub other_rubrics: BTreeMap<(String, String), usize>,
    /// What could not be read: its line (1-based) and why.
    pub malformed: Vec<(usize, String)>,
    /// Answers that do not fit their criterion's type, name no criterion of the rubric, or repeat
    /// a criterion already answered in the same submission.
    pub unfit_answers: usize,
    unit_index: HashMap<String, usize>,
    rater_index: HashMap<String, usize>,
    /// `(unit, rater)` → the submission its ratings come from.
    latest: HashMap<(usize, usize), Latest>,
}

/// The submission a rater's ratings of a task come from: when it was submitted, and where its
/// ratings are in each criterion's list (to remove them if a later one comes).
#[derive(Debug, Clone)]
struct Latest {
    /// When it was submitted, in ms since the epoch, if its time could be read.
    submitted_at: Option<i64>,
    places: Vec<Option<usize>>,
}

/// At most this many malformed lines are listed; the rest are counted.
pub const MAX_LISTED: usize = 100;

/// Reads submissions of `rubric` from pieces of text.
pub struct Reader<'r> {
    rubric: &'r Rubric,
    /// Criterion id → its place in the rubric.
    criterion_index: HashMap<&'r str, usize>,
    pub ratings: Ratings,
    /// Malformed lines beyond [`MAX_LISTED`].
    pub more_malformed: usize,
    pending: String,
}

impl<'r> Reader<'r> {
    pub fn new(rubric: &'r Rubric) -> Reader<'r> {
        Reader {
            rubric,
            criterion_index: rubric
                .criteria
                .iter()
                .enumerate()
                .map(|(i, c)| (c.id.as_str(), i))
                .collect(),
            ratings: Ratings {
                by_criterion: vec![Vec::new(); rubric.criteria.len()],
                ..Ratings::default()
            },
            more_malformed: 0,
            pending: String::new(),
        }
    }

    /// Reads a whole document: a JSON array of submissions, or JSON Lines (one per line, blank
    /// lines ignored).
    pub fn read_all(&mut self, text: &str) {
        if text.trim_start().starts_with('[') {
            match json::parse(text) {
                Ok(root) => {
                    // Lines counted forward from one element to the next: line_col from the
                    // start for each would be quadratic in the document.
                    let (mut line, mut from) = (1, 0);
                    for n in root.as_array().unwrap_or_default() {
                        line += text.as_bytes()[from..n.at]
                            .iter()
                            .filter(|&&b| b == b'\n')
                            .count();
                        from = n.at;
                        self.submission(n, line);
                    }
                }
                Err(e) => self.malformed(e.at.0, format!("not JSON: {}", e.message)),
            }
        } else {
            for (i, line) in text.lines().enumerate() {
                self.line(i + 1, line);
            }
        }
    }

    /// Takes the text in pieces (placeholder until the streaming reader lands: buffers).
    pub fn feed(&mut self, piece: &str) {
        self.pending.push_str(piece);
    }

    /// Reads one line of JSON Lines, `number` 1-based.
    pub fn line(&mut self, number: usize, line: &str) {
        if line.trim().is_empty() {
            return;
        }
        match json::parse(line) {
            Ok(n) => self.submission(&n, number),
            Err(e) => self.malformed(number, format!("not JSON: {}", e.message)),
        }
    }

    fn malformed(&mut self, line: usize, why: String) {
        if self.ratings.malformed.len() < MAX_LISTED {
            self.ratings.malformed.push((line, why));
        } else {
            self.more_malformed += 1;
        }
    }

    /// One submission, read from `line`.
    fn submission(&mut self, s: &Node, line: usize) {
        let text = |n: Option<&Node>| n.and_then(Node::as_str).map(str::to_string);
        let version = text(s.get("schema_version")).unwrap_or_default();
        if version.split('.').next() != Some(&crate::SCHEMA_MAJOR.to_string()) {
            return self.malformed(
                line,
                format!(
                    "not a submission of format 1 (schema_version \"{}\")",
                    short(&version)
                ),
            );
        }
        let r = s.get("rubric");
        let (Some(id), Some(rv)) = (
            text(r.and_then(|r| r.get("id"))),
            text(r.and_then(|r| r.get("version"))),
        ) else {
            return self.malformed(line, "no rubric id and version".into());
        };
        let (Some(task), Some(annotator)) = (text(s.get("task_id")), text(s.get("annotator")))
        else {
            return self.malformed(line, "no task_id or annotator".into());
        };
        if id != self.rubric.id || rv != self.rubric.version {
            *self.ratings.other_rubrics.entry((id, rv)).or_default() += 1;
            return;
        }
        let Some(answers) = s.get("answers").and_then(Node::as_object) else {
            return self.malformed(line, "no answers object".into());
        };
        let rt = &mut self.ratings;
        rt.submissions += 1;
        if s.get("skipped").is_some_and(|k| k.as_object().is_some()) {
            rt.skipped_tasks += 1;
            return;
        }
        let unit = *rt.unit_index.entry(task.clone()).or_insert_with(|| {
            rt.units.push(task);
            rt.units.len() - 1
        });
        let rater = match rt.rater_index.get(&annotator) {
            Some(&i) => i,
            None => {
                let desc = s.get("rater");
                let model =
                    desc.and_then(|d| d.get("kind")).and_then(Node::as_str) == Some("model");
                rt.raters.push(Rater {
                    id: annotator.clone(),
                    kind: if model {
                        RaterKind::Model
                    } else {
                        RaterKind::Human
                    },
                    model: text(desc.and_then(|d| d.get("model"))),
                    prompt_version: text(desc.and_then(|d| d.get("prompt_version"))),
                });
                rt.rater_index.insert(annotator, rt.raters.len() - 1);
                rt.raters.len() - 1
            }
        };
        let submitted = s
            .get("submitted_at")
            .and_then(Node::as_str)
            .and_then(crate::form::time::parse_rfc3339);
        // A later submission of the same rater for the same task replaces the earlier one; when
        // either time cannot be read, the one read last wins.
        let mut places = vec![None; self.rubric.criteria.len()];
        if let Some(old) = rt.latest.get(&(unit, rater)) {
            rt.replaced += 1;
            if matches!((old.submitted_at, submitted), (Some(a), Some(b)) if a > b) {
                return;
            }
            for (c, at) in old.places.iter().enumerate() {
                if let Some(at) = at {
                    // Emptied in place (an unanswered mark), so other places stay valid.
                    rt.by_criterion[c][*at].rater = usize::MAX;
                }
            }
        }
        let order = |id: &str| Some(id.to_string());
        for (key, value) in answers {
            let found = self.criterion_index.get(key.name.as_str()).copied();
            let answer = Answer::from_json(value);
            match (found, answer) {
                // A key given twice is one answer, not two ratings.
                (Some(c), Some(a))
                    if a.ty() == self.rubric.criteria[c].kind.ty() && places[c].is_none() =>
                {
                    let criterion = &self.rubric.criteria[c];
                    places[c] = Some(rt.by_criterion[c].len());
                    rt.by_criterion[c].push(Rating {
                        unit,
                        rater,
                        answer: a.canonical_in(criterion, order),
                    });
                }
                _ => rt.unfit_answers += 1,
            }
        }
        rt.latest.insert(
            (unit, rater),
            Latest {
                submitted_at: submitted,
                places,
            },
        );
    }

    /// What was read; ratings replaced by a later submission are gone.
    pub fn finish(mut self) -> Ratings {
        let pending = std::mem::take(&mut self.pending);
        self.read_all(&pending);
        for list in &mut self.ratings.by_criterion {
            list.retain(|r| r.rater != usize::MAX);
        }
        self.ratings
    }
}
