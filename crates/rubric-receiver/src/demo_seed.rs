//! The demo's example data (`--seed-demo`): reviews of the bundled rubrics by six made-up
//! annotators and two model judges, so the agreement report has something real to show on the
//! demo's first open.
//!
//! Every task has a latent truth per criterion (a quality shared by the task's criteria plus
//! each criterion's own share; a preference for a pair; a worth per response for a ranking);
//! each rater reads it through their own bias and noise. The careful annotator is close to it,
//! the lenient one about a level above, the strict one below, the noisy one scattered, one rates
//! only some tasks; `judge-model-a` is close to the careful annotators and a little lenient,
//! `judge-model-b` (the weaker judge) noisier and drawn to whichever response it is shown first.
//!
//! The answers are the core's: each submission is built by [`Submission::build`] (so
//! `visible_if` and `required_if` decide what is answered and submitted, as in the widget),
//! then passes [`crate::http::validate`], the check of every POST. Everything is derived from
//! hashes of names, never from a clock or the order of generation, so the seed is the same on
//! every machine and every run: the same ids with the same bodies.

use crate::http::validate;
use crate::store::{Collection, Doc, Error, PageQuery, Store};
use rubric_core::form::ids::{shuffled, stable_hash, uuid_v4};
use rubric_core::form::submission::{skip_reasons, Context, RaterInfo, Submission};
use rubric_core::form::time::rfc3339;
use rubric_core::model::answer::{Answer, Check};
use rubric_core::model::rubric::{Criterion, CriterionKind, Level};
use rubric_core::text::i18n::English;
use rubric_core::{parse_rubric, parse_task, Limits, Rubric, Task};
use std::collections::BTreeMap;

/// Tasks reviewed per rubric: the bundled ones, then made-up ids after them.
pub const TASKS_PER_RUBRIC: usize = 40;

/// The bundled rubrics (`examples/rubrics/`) with their tasks (`examples/tasks/`), as the
/// demo serves them.
const BUNDLED: [(&str, [&str; 3]); 4] = [
    (
        include_str!("../../../examples/rubrics/helpful-honest-harmless.json"),
        [
            include_str!("../../../examples/tasks/helpful-honest-harmless.json"),
            include_str!("../../../examples/tasks/helpful-honest-harmless-2.json"),
            include_str!("../../../examples/tasks/helpful-honest-harmless-3.json"),
        ],
    ),
    (
        include_str!("../../../examples/rubrics/pairwise-preference.json"),
        [
            include_str!("../../../examples/tasks/pairwise-preference.json"),
            include_str!("../../../examples/tasks/pairwise-preference-2.json"),
            include_str!("../../../examples/tasks/pairwise-preference-3.json"),
        ],
    ),
    (
        include_str!("../../../examples/rubrics/code-review.json"),
        [
            include_str!("../../../examples/tasks/code-review.json"),
            include_str!("../../../examples/tasks/code-review-2.json"),
            include_str!("../../../examples/tasks/code-review-3.json"),
        ],
    ),
    (
        include_str!("../../../examples/rubrics/content-moderation.json"),
        [
            include_str!("../../../examples/tasks/content-moderation.json"),
            include_str!("../../../examples/tasks/content-moderation-2.json"),
            include_str!("../../../examples/tasks/content-moderation-3.json"),
        ],
    ),
];

/// A bundled rubric and the tasks it is seeded on.
#[derive(Debug, Clone)]
pub struct Example {
    pub rubric: Rubric,
    /// The bundled tasks, then copies of them under made-up ids continuing their numbering
    /// (`task-hhh-0045`, …), [`TASKS_PER_RUBRIC`] in all. Only the ids are seen outside: a
    /// submission names its task by id.
    pub tasks: Vec<Task>,
}

/// The bundled rubrics and their tasks.
pub fn examples() -> Result<Vec<Example>, String> {
    let limits = Limits::default();
    BUNDLED
        .iter()
        .map(|(rubric, tasks)| {
            let (rubric, _) =
                parse_rubric(rubric, &limits).map_err(|r| format!("bundled rubric: {r:?}"))?;
            let bundled = tasks
                .iter()
                .map(|t| parse_task(t, &limits).map(|(t, _)| t))
                .collect::<Result<Vec<Task>, _>>()
                .map_err(|r| format!("bundled task of {}: {r:?}", rubric.id))?;
            Ok(Example {
                tasks: more_tasks(&bundled),
                rubric,
            })
        })
        .collect()
}

/// `bundled`, then copies of them in turn under ids that continue the first one's numbering.
fn more_tasks(bundled: &[Task]) -> Vec<Task> {
    let first = &bundled[0].id;
    let prefix = first.trim_end_matches(|c: char| c.is_ascii_digit());
    let width = first.len() - prefix.len();
    let last: u64 = bundled
        .iter()
        .filter_map(|t| t.id.strip_prefix(prefix)?.parse().ok())
        .max()
        .unwrap_or(0);
    let mut tasks = bundled.to_vec();
    for n in 0..TASKS_PER_RUBRIC.saturating_sub(bundled.len()) {
        let mut t = bundled[n % bundled.len()].clone();
        t.id = format!("{prefix}{:0width$}", last + 1 + n as u64);
        tasks.push(t);
    }
    tasks
}

/// One made-up rater.
#[derive(Debug, Clone, Copy)]
pub struct Persona {
    /// The submission's `annotator`.
    pub annotator: &'static str,
    /// For a model judge, its name (the submission then carries `rater.kind` "model").
    pub model: Option<&'static str>,
    /// Added to every ordinal reading, in levels (+1: a level above the truth).
    pub bias: f64,
    /// How far each reading strays, in levels (a standard deviation).
    pub noise: f64,
    /// The share of tasks rated.
    pub coverage: f64,
    /// The share of rated tasks declined ("can't assess").
    pub skip_rate: f64,
    /// How often an optional text is written.
    pub text_rate: f64,
    /// Typical active time on a task of four criteria, in seconds (0 for a model).
    pub active_s: f64,
    /// A pull towards the response shown first, in levels of a pairwise scale.
    pub position_bias: f64,
}

/// The judges' prompt version (`rater.prompt_version`).
pub const PROMPT_VERSION: &str = "v1";

/// Who rates: six annotators, then two model judges.
pub const RATERS: [Persona; 8] = [
    Persona {
        annotator: "ann-careful",
        model: None,
        bias: 0.0,
        noise: 0.35,
        coverage: 1.0,
        skip_rate: 0.0,
        text_rate: 0.7,
        active_s: 170.0,
        position_bias: 0.0,
    },
    Persona {
        annotator: "ann-lenient",
        model: None,
        bias: 1.0,
        noise: 0.5,
        coverage: 1.0,
        skip_rate: 0.0,
        text_rate: 0.2,
        active_s: 85.0,
        position_bias: 0.0,
    },
    Persona {
        annotator: "ann-strict",
        model: None,
        bias: -0.7,
        noise: 0.45,
        coverage: 1.0,
        skip_rate: 0.02,
        text_rate: 0.5,
        active_s: 130.0,
        position_bias: 0.0,
    },
    Persona {
        annotator: "ann-noisy",
        model: None,
        bias: 0.1,
        noise: 1.2,
        coverage: 1.0,
        skip_rate: 0.03,
        text_rate: 0.1,
        active_s: 45.0,
        position_bias: 0.3,
    },
    Persona {
        annotator: "ann-partial",
        model: None,
        bias: 0.2,
        noise: 0.5,
        coverage: 0.4,
        skip_rate: 0.08,
        text_rate: 0.3,
        active_s: 110.0,
        position_bias: 0.0,
    },
    Persona {
        annotator: "ann-steady",
        model: None,
        bias: -0.2,
        noise: 0.45,
        coverage: 0.85,
        skip_rate: 0.0,
        text_rate: 0.4,
        active_s: 120.0,
        position_bias: 0.0,
    },
    Persona {
        annotator: "judge:judge-model-a",
        model: Some("judge-model-a"),
        bias: 0.3,
        noise: 0.45,
        coverage: 1.0,
        skip_rate: 0.0,
        text_rate: 1.0,
        active_s: 0.0,
        position_bias: 0.0,
    },
    Persona {
        annotator: "judge:judge-model-b",
        model: Some("judge-model-b"),
        bias: 0.6,
        noise: 0.9,
        coverage: 1.0,
        skip_rate: 0.0,
        text_rate: 1.0,
        active_s: 0.0,
        position_bias: 0.8,
    },
];

/// The first annotator's first day: Monday 16 November 2026, 00:00 UTC.
const FIRST_DAY_MS: i64 = 1_794_787_200_000;
const DAY_MS: i64 = 86_400_000;
/// The days the annotators work through the tasks; the judges run the night after.
const WORK_DAYS: usize = 10;

/// The client the judges' script names.
const JUDGE_CLIENT: (&str, &str) = ("demo-judge-script", "1.0.0");

/// SplitMix64: small, fast, and the same everywhere.
struct Rng(u64);

impl Rng {
    /// A generator for one named purpose, independent of every other.
    fn named(parts: &[&str]) -> Rng {
        Rng(stable_hash(&parts.join("\u{1f}")))
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// Standard normal (Box–Muller).
    fn normal(&mut self) -> f64 {
        let u = self.unit().max(1e-12);
        let v = self.unit();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
}

/// The standard normal distribution function (Abramowitz and Stegun 7.1.26 through erf).
fn phi(z: f64) -> f64 {
    let x = z.abs() / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * x);
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736
                + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    let erf = 1.0 - poly * (-x * x).exp();
    if z >= 0.0 {
        0.5 * (1.0 + erf)
    } else {
        0.5 * (1.0 - erf)
    }
}

/// A rating or pairwise level nearest to a position on the scale (0 = the first level).
fn level_at(levels: &[Level], position: f64) -> i64 {
    let i = position.round().clamp(0.0, (levels.len() - 1) as f64) as usize;
    levels[i].value
}

/// Sentences a rater's free text is made of.
const HUMAN_NOTES: [&str; 8] = [
    "Mostly right, but the key claim is stated without any support.",
    "Clear and complete; I checked the main facts and they hold.",
    "Misses part of the question and adds detail nobody asked for.",
    "The tone is fine, yet one step of the reasoning is wrong.",
    "Good structure; the example at the end is the most useful part.",
    "Too long for what was asked: the answer is buried in the middle.",
    "I would not ship this as is; the edge case is not handled.",
    "Borderline call. I went with my first reading of the guidelines.",
];
const JUDGE_NOTES: [&str; 4] = [
    "The response addresses the request directly and is accurate on the main points, with \
     minor omissions.",
    "The response is partially correct: the central claim holds, but supporting details are \
     missing or imprecise.",
    "The response contains an error that affects the outcome; the rest is well organised and \
     clear.",
    "Both the content and the presentation meet the rubric's description of this level.",
];

/// One rater's reading of one task: the truth is drawn per criterion from names alone, so
/// every rater reads the same truth.
struct Reading<'a> {
    rubric: &'a Rubric,
    task: &'a Task,
    rater: &'a Persona,
    /// The task's quality (standard normal), shared by its criteria.
    quality: f64,
    /// The rater's own draws, in criterion order.
    rng: Rng,
    /// The responses in the order this rater saw them.
    shown: &'a [String],
}

impl Reading<'_> {
    fn truth(&self, c: &Criterion) -> Rng {
        Rng::named(&["truth", &self.rubric.id, &self.task.id, &c.id])
    }

    /// The criterion's latent position (standard normal), correlated with the task's quality.
    fn latent(&self, truth: &mut Rng) -> f64 {
        0.7 * self.quality + 0.71 * truth.normal()
    }

    fn answer(&mut self, c: &Criterion) -> Option<Answer> {
        let mut truth = self.truth(c);
        let (bias, noise) = (self.rater.bias, self.rater.noise);
        Some(match &c.kind {
            CriterionKind::Rating { levels } => {
                let n = levels.len() as f64;
                let z = self.latent(&mut truth);
                let position = (n - 1.0) / 2.0 + z * (n - 1.0) / 3.0;
                let read = position + bias + noise * self.rng.normal();
                Answer::Rating {
                    value: level_at(levels, read),
                }
            }
            CriterionKind::SingleChoice { options } => {
                // Options in order (allow, flag, remove): a strict reader picks later ones.
                let z = self.latent(&mut truth);
                let read = z - 0.5 * bias + 0.6 * noise * self.rng.normal();
                let i = (phi(read) * options.len() as f64) as usize;
                Answer::SingleChoice {
                    value: options[i.min(options.len() - 1)].value.clone(),
                }
            }
            CriterionKind::MultiChoice {
                options,
                min_selections,
                max_selections,
            } => {
                // Problems are likelier on a weak task; each is seen through the rater's noise.
                let mut seen: Vec<(f64, usize)> = Vec::new();
                for (i, o) in options.iter().enumerate() {
                    let strength = 0.8 * truth.normal() - 1.4 - 0.9 * self.quality;
                    if !o.exclusive {
                        let read = strength - 0.3 * bias + 0.8 * noise * self.rng.normal();
                        seen.push((read, i));
                    }
                }
                seen.sort_by(|a, b| b.0.total_cmp(&a.0));
                let min = min_selections.unwrap_or(0).max(1) as usize;
                let max = max_selections.map_or(usize::MAX, |m| m as usize);
                let mut chosen: Vec<usize> = seen
                    .iter()
                    .enumerate()
                    .filter(|(rank, (read, _))| *read > 0.0 && *rank < max)
                    .map(|(_, (_, i))| *i)
                    .collect();
                if chosen.is_empty() {
                    match options.iter().position(|o| o.exclusive) {
                        Some(none) => chosen.push(none),
                        None => chosen.extend(seen.iter().take(min).map(|(_, i)| *i)),
                    }
                }
                chosen.sort_unstable();
                Answer::MultiChoice {
                    values: chosen.iter().map(|i| options[*i].value.clone()).collect(),
                }
            }
            CriterionKind::Pairwise {
                scale,
                allow_both_bad,
                responses,
            } => {
                // The truth in the task's (or the criterion's) order: positive prefers the second.
                let pair = match responses {
                    Some(ids) => (ids[0].clone(), ids[1].clone()),
                    None => (
                        self.task.responses[0].id.clone(),
                        self.task.responses[1].id.clone(),
                    ),
                };
                let place = |id: &str| self.shown.iter().position(|s| s == id);
                let (a, b) = if place(&pair.0) <= place(&pair.1) {
                    (pair.0.clone(), pair.1.clone())
                } else {
                    (pair.1.clone(), pair.0.clone())
                };
                let preference = 1.4 * truth.normal();
                let both_bad = *allow_both_bad && truth.chance(0.08);
                if both_bad && self.rng.chance(0.75) {
                    return Some(Answer::Pairwise {
                        a,
                        b,
                        value: None,
                        both_bad: true,
                    });
                }
                let read = preference + 0.7 * noise * self.rng.normal();
                let as_shown = if a == pair.0 { read } else { -read };
                let zero = scale
                    .iter()
                    .position(|l| l.value == 0)
                    .unwrap_or(scale.len() / 2);
                let position = zero as f64 + as_shown - self.rater.position_bias;
                Answer::Pairwise {
                    a,
                    b,
                    value: Some(level_at(scale, position)),
                    both_bad: false,
                }
            }
            CriterionKind::Ranking { allow_ties, .. } => {
                let mut worth: Vec<(f64, &str)> = self
                    .task
                    .responses
                    .iter()
                    .map(|r| {
                        let read = truth.normal() + 0.6 * noise * self.rng.normal();
                        (read, r.id.as_str())
                    })
                    .collect();
                worth.sort_by(|x, y| y.0.total_cmp(&x.0));
                let mut order: Vec<Vec<String>> = Vec::new();
                let mut last = f64::INFINITY;
                for (read, id) in worth {
                    match order.last_mut() {
                        Some(group) if *allow_ties && last - read < 0.15 => {
                            group.push(id.to_string())
                        }
                        _ => order.push(vec![id.to_string()]),
                    }
                    last = read;
                }
                Answer::Ranking { order }
            }
            CriterionKind::Checklist { items, allow_na } => {
                let mut checks = BTreeMap::new();
                for item in items {
                    let holds = 0.8 + 0.8 * self.quality + 0.6 * truth.normal();
                    let na = *allow_na && truth.chance(0.12);
                    let check = if *allow_na && self.rng.chance(if na { 0.85 } else { 0.03 }) {
                        Check::Na
                    } else if holds + 0.3 * bias + 0.7 * noise * self.rng.normal() > 0.0 {
                        Check::Yes
                    } else {
                        Check::No
                    };
                    checks.insert(item.id.clone(), check);
                }
                Answer::Checklist { items: checks }
            }
            CriterionKind::Text { .. } => {
                if !self.rng.chance(self.rater.text_rate) {
                    return None;
                }
                self.note(c)
            }
        })
    }

    /// A free-text answer of one or two sentences, within the criterion's length limits.
    fn note(&mut self, c: &Criterion) -> Answer {
        let bank: &[&str] = if self.rater.model.is_some() {
            &JUDGE_NOTES
        } else {
            &HUMAN_NOTES
        };
        let (min, max) = match c.kind {
            CriterionKind::Text {
                min_length,
                max_length,
                ..
            } => (min_length.unwrap_or(0), max_length.unwrap_or(u32::MAX)),
            _ => (0, u32::MAX),
        };
        let mut at = self.rng.below(bank.len());
        let mut value = bank[at].to_string();
        let mut more = self.rng.chance(0.4);
        while more || value.chars().count() < min as usize {
            // Another sentence than the one before.
            at = (at + 1 + self.rng.below(bank.len() - 1)) % bank.len();
            value.push(' ');
            value.push_str(bank[at]);
            more = false;
        }
        let value = value.chars().take(max as usize).collect::<String>();
        Answer::Text {
            value: value.trim().to_string(),
        }
    }
}

/// One rater's submission for one task, or `None` when they did not rate it.
fn review(
    rubric: &Rubric,
    task: &Task,
    task_index: usize,
    rater: &Persona,
) -> Result<Option<Submission>, String> {
    let names = ["rater", &rubric.id, &task.id, rater.annotator];
    let mut rng = Rng::named(&names);
    if !rng.chance(rater.coverage) {
        return Ok(None);
    }
    let ids: Vec<String> = task.responses.iter().map(|r| r.id.clone()).collect();
    // The widget's own order for a person (src/components/form.rs); a script keeps the task's.
    let shown = if rubric.shuffle_responses && rater.model.is_none() {
        shuffled(
            &ids,
            stable_hash(&format!("{}\u{1f}{}", rater.annotator, task.id)),
        )
    } else {
        ids
    };
    let key = names.join("\u{1f}");
    let mut id = [0u8; 16];
    id[..8].copy_from_slice(&stable_hash(&format!("demo-seed\u{1f}{key}")).to_be_bytes());
    id[8..].copy_from_slice(&stable_hash(&format!("{key}\u{1f}demo-seed")).to_be_bytes());

    // When: people work through the tasks in order over the working days, in office hours;
    // the judges run in one batch the night after.
    let (submitted, active_ms) = if rater.model.is_some() {
        let night = FIRST_DAY_MS + WORK_DAYS as i64 * DAY_MS + 2 * 3_600_000;
        (
            night + (task_index as i64) * 7_000 + rng.below(5_000) as i64,
            0,
        )
    } else {
        let day = (task_index * WORK_DAYS / TASKS_PER_RUBRIC) as i64 + i64::from(rng.chance(0.3));
        let hour = 8.5 + 9.0 * rng.unit();
        let scale = rubric.criteria.len() as f64 / 4.0;
        let active = rater.active_s * scale * (0.45 * rng.normal()).exp();
        (
            FIRST_DAY_MS + day * DAY_MS + (hour * 3_600_000.0) as i64,
            (active * 1000.0).round().max(4000.0) as u64,
        )
    };
    let waited = if rater.model.is_some() {
        2_000 + rng.below(7_000) as i64
    } else {
        active_ms as i64 + rng.below(90_000) as i64
    };
    let ctx = Context {
        submission_id: uuid_v4(id),
        annotator: rater.annotator,
        response_order: shown.clone(),
        started_at_ms: submitted - waited,
        submitted_at_ms: submitted,
        active_ms,
        client_version: env!("CARGO_PKG_VERSION"),
    };

    let mut submission = if rng.chance(rater.skip_rate) {
        let reasons = skip_reasons(rubric, &English);
        let reason = &reasons[rng.below(reasons.len())].0;
        Submission::skip(rubric, task, reason, "", ctx)
    } else {
        let quality = Rng::named(&["quality", &rubric.id, &task.id]).normal();
        let mut reading = Reading {
            rubric,
            task,
            rater,
            quality,
            rng,
            shown: &shown,
        };
        let mut answers = BTreeMap::new();
        for c in &rubric.criteria {
            if let Some(a) = reading.answer(c) {
                answers.insert(c.id.clone(), a);
            }
        }
        // What the form's rules still ask for (a text `required_if` made required) is written,
        // as a reviewer would on the error summary; anything else is a fault of this generator.
        match Submission::build(rubric, task, &answers, ctx.clone(), &English) {
            Ok(s) => s,
            Err(issues) => {
                for issue in &issues {
                    let text = rubric
                        .criterion(&issue.criterion)
                        .filter(|c| matches!(c.kind, CriterionKind::Text { .. }));
                    match text {
                        Some(c) if !answers.contains_key(&c.id) => {
                            answers.insert(c.id.clone(), reading.note(c));
                        }
                        _ => {
                            return Err(format!(
                                "{} on {} by {}: {}: {}",
                                rubric.id, task.id, rater.annotator, issue.criterion, issue.message
                            ))
                        }
                    }
                }
                Submission::build(rubric, task, &answers, ctx, &English)
                    .map_err(|issues| format!("{} on {}: {issues:?}", rubric.id, task.id))?
            }
        }
    };
    if let Some(model) = rater.model {
        submission.client.name = JUDGE_CLIENT.0.into();
        submission.client.version = JUDGE_CLIENT.1.into();
        submission.rater = Some(RaterInfo {
            kind: "model".into(),
            model: Some(model.into()),
            prompt_version: Some(PROMPT_VERSION.into()),
        });
    }
    Ok(Some(submission))
}

/// Every seeded submission: each rater's review of each bundled rubric's tasks.
pub fn submissions() -> Result<Vec<Submission>, String> {
    let mut all = Vec::new();
    for example in examples()? {
        for (i, task) in example.tasks.iter().enumerate() {
            for rater in &RATERS {
                all.extend(review(&example.rubric, task, i, rater)?);
            }
        }
    }
    Ok(all)
}

/// The seeded submissions as the receiver stores them, each having passed the check of every
/// POST, with the time each was received (a moment after it was submitted), in that order.
pub fn documents() -> Result<Vec<(Doc, String)>, String> {
    let mut docs = Vec::new();
    for s in submissions()? {
        let value = serde_json::to_value(&s).map_err(|e| e.to_string())?;
        let valid = validate(Collection::Submissions, &value, Some(&s.submission_id))
            .map_err(|e| format!("seeded submission {}: {}", s.submission_id, e.detail))?;
        let submitted = rubric_core::form::time::parse_rfc3339(&s.submitted_at)
            .ok_or_else(|| format!("seeded submission {}: no time", s.submission_id))?;
        let delay = 150 + (stable_hash(&s.submission_id) % 700) as i64;
        docs.push((valid.doc, rfc3339(submitted + delay)));
    }
    docs.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.id.cmp(&b.0.id)));
    Ok(docs)
}

/// What [`seed`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seeded {
    /// The database held no submission: this many were stored.
    Stored(usize),
    /// The database already held submissions (seeded before, or real ones): nothing stored.
    NotEmpty,
}

/// Stores the seeded submissions in one transaction when the database holds no submission yet;
/// a database with any, seeded or real, is left as it is (blocking: call it off the async
/// threads).
pub fn seed(store: &Store) -> Result<Seeded, Error> {
    let mut any = false;
    let first = PageQuery {
        limit: 1,
        ..PageQuery::default()
    };
    store.read_page(
        Collection::Submissions,
        &first,
        |_| true,
        |_, _, _| {
            any = true;
            false
        },
    )?;
    if any {
        return Ok(Seeded::NotEmpty);
    }
    let docs = documents()?;
    store.import(
        Collection::Submissions,
        docs.iter().map(|(d, at)| (d, at.as_str())),
    )?;
    Ok(Seeded::Stored(docs.len()))
}
