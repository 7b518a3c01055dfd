//! The whole report, put together: per criterion, its figures and, per variable, each rater
//! against the others, the model judges against the humans (with the alternative annotator
//! test), the rater × rater matrix and the contested tasks; then the rubric's health. Built in
//! bounded steps ([`Builder`]) so a page can yield between them and show progress. The figures leave as JSON ([`figures_json`]) and CSV
//! ([`figures_csv`]), and the contested tasks as CSV ([`contested_csv`]), so what the page
//! shows is what a notebook reads.

use super::export::row_into;
use super::figures::{self, CriterionFigures, Figures, Name, Variable};
use super::health::{self, Health};
use super::raters::{self, Against, AltTest, Contested, Judge, Matrix};
use super::read::{RaterKind, Ratings};
use crate::calibration::agreement::Estimate;
use crate::document::json::Writer;
use crate::model::rubric::{CriterionKind, Rubric};
use crate::text::i18n::Translate;

/// How the report is computed. The defaults are what the page uses.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Bootstrap resamples for alpha's interval (0: none).
    pub resamples: usize,
    /// The alternative annotator test's ε: the advantage a judge's lower cost buys it (0.1
    /// crowd workers, 0.15 trained annotators, 0.2 experts, by the paper).
    pub epsilon: f64,
    /// Tasks a human must share with a judge (and another human) to be tested.
    pub min_items: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            resamples: 200,
            epsilon: 0.15,
            min_items: 30,
        }
    }
}

/// One categorical variable (a criterion, or a checklist item or multi-choice option) in full.
#[derive(Debug, Clone, PartialEq)]
pub struct VariableReport {
    pub figures: Figures,
    pub variable: Variable,
    /// Per rater (every rater of the data, by index; those without ratings have `items: 0`).
    pub per_rater: Vec<Against>,
    pub judges: Vec<Judge>,
    /// The humans' ceiling: each human against the other humans, averaged.
    pub ceiling: Option<f64>,
    /// Per judge, in the order of `judges`.
    pub alt_tests: Vec<AltTest>,
    pub matrix: Option<Matrix>,
    /// Every task with differing ratings, most contested first.
    pub contested: Vec<Contested>,
}

/// One criterion in full.
#[derive(Debug, Clone, PartialEq)]
pub enum CriterionReport {
    Categorical(Vec<VariableReport>),
    Ranking {
        units: usize,
        mean_w: Estimate,
        mean_tau: Estimate,
    },
    NotScored,
}

/// Builds the report in bounded steps, so a page can give the main thread back between them
/// and show progress: a criterion's variables are read out of the ratings in one step, then
/// each variable takes four (its figures with the bootstrap; each rater against the others;
/// the judges with their alternative annotator tests; the pair matrix and the contested
/// tasks). [`Report::of`] runs every step at once.
pub struct Builder<'a> {
    rubric: &'a Rubric,
    ratings: &'a Ratings,
    options: Options,
    done: Vec<CriterionReport>,
    /// The current criterion's variables still to finish, and those finished.
    pending: Vec<Variable>,
    finished: Vec<VariableReport>,
    /// The variable being built, and which of its steps comes next.
    current: Option<(Partial, u8)>,
    in_criterion: bool,
}

/// A variable whose steps are not all done.
struct Partial {
    variable: Variable,
    figures: Option<Figures>,
    per_rater: Vec<Against>,
    judges: Vec<Judge>,
    ceiling: Option<f64>,
    alt_tests: Vec<AltTest>,
}

impl<'a> Builder<'a> {
    pub fn new(rubric: &'a Rubric, ratings: &'a Ratings, options: Options) -> Builder<'a> {
        Builder {
            rubric,
            ratings,
            options,
            done: Vec::with_capacity(rubric.criteria.len()),
            pending: Vec::new(),
            finished: Vec::new(),
            current: None,
            in_criterion: false,
        }
    }

    /// Criteria finished so far, of how many.
    pub fn progress(&self) -> (usize, usize) {
        (self.done.len(), self.rubric.criteria.len())
    }

    /// Does the next step; `false` once every criterion is done.
    pub fn step(&mut self) -> bool {
        let index = self.done.len();
        let Some(c) = self.rubric.criteria.get(index) else {
            return false;
        };
        let (ratings, options) = (self.ratings, &self.options);
        if !self.in_criterion {
            match c.kind {
                CriterionKind::Ranking { .. } | CriterionKind::Text { .. } => {
                    self.done
                        .push(match figures::criterion(c, index, ratings, 0) {
                            CriterionFigures::Ranking {
                                units,
                                mean_w,
                                mean_tau,
                            } => CriterionReport::Ranking {
                                units,
                                mean_w,
                                mean_tau,
                            },
                            _ => CriterionReport::NotScored,
                        });
                }
                _ => {
                    self.pending = figures::variables(c, index, ratings);
                    self.pending.reverse();
                    self.in_criterion = true;
                }
            }
            return true;
        }
        let Some((mut p, stage)) = self.current.take().or_else(|| {
            self.pending.pop().map(|variable| {
                let partial = Partial {
                    variable,
                    figures: None,
                    per_rater: Vec::new(),
                    judges: Vec::new(),
                    ceiling: None,
                    alt_tests: Vec::new(),
                };
                (partial, 0)
            })
        }) else {
            let variables = std::mem::take(&mut self.finished);
            self.done.push(CriterionReport::Categorical(variables));
            self.in_criterion = false;
            return true;
        };
        let n = ratings.raters.len();
        match stage {
            0 => {
                let seed = 0x5eed_0000 + index as u64;
                p.figures = Some(Figures::of(&p.variable, options.resamples, seed));
            }
            1 => p.per_rater = raters::per_rater(&p.variable, n),
            2 => {
                let (judges, ceiling) = raters::judges(&p.variable, &ratings.raters);
                p.alt_tests = judges
                    .iter()
                    .map(|j| {
                        let (epsilon, min) = (options.epsilon, options.min_items);
                        raters::alt_test(&p.variable, &ratings.raters, j.rater, epsilon, min)
                    })
                    .collect();
                (p.judges, p.ceiling) = (judges, ceiling);
            }
            _ => {
                let Partial {
                    variable,
                    figures,
                    per_rater,
                    judges,
                    ceiling,
                    alt_tests,
                } = p;
                self.finished.push(VariableReport {
                    figures: figures.unwrap_or_else(|| Figures::of(&variable, 0, 0)),
                    per_rater,
                    judges,
                    ceiling,
                    alt_tests,
                    matrix: raters::matrix(&variable, n),
                    contested: raters::contested(&variable),
                    variable,
                });
                return true;
            }
        }
        self.current = Some((p, stage + 1));
        true
    }

    /// The report, with the rubric's health; criteria not yet built are built now.
    pub fn finish(mut self) -> Report {
        while self.step() {}
        Report::finish(self.rubric, self.ratings, self.done)
    }
}

/// Every criterion's report and the rubric's health.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub criteria: Vec<CriterionReport>,
    pub health: Health,
}

impl Report {
    /// Computes the whole report at once (the page does it a criterion at a time).
    pub fn of(rubric: &Rubric, ratings: &Ratings, options: &Options) -> Report {
        Builder::new(rubric, ratings, *options).finish()
    }

    /// The report of `criteria` (one per criterion of the rubric), with the rubric's health.
    pub fn finish(rubric: &Rubric, ratings: &Ratings, criteria: Vec<CriterionReport>) -> Report {
        let figures: Vec<CriterionFigures> = criteria
            .iter()
            .map(|c| match c {
                CriterionReport::Categorical(vs) => {
                    CriterionFigures::Categorical(vs.iter().map(|v| v.figures.clone()).collect())
                }
                CriterionReport::Ranking {
                    units,
                    mean_w,
                    mean_tau,
                } => CriterionFigures::Ranking {
                    units: *units,
                    mean_w: *mean_w,
                    mean_tau: *mean_tau,
                },
                CriterionReport::NotScored => CriterionFigures::NotScored,
            })
            .collect();
        Report {
            health: health::of(rubric, ratings, &figures),
            criteria,
        }
    }
}

/// A category's name in the reader's language.
pub fn name(n: &Name, tr: &dyn Translate) -> String {
    match n {
        Name::Rubric(s) => s.clone(),
        Name::Ui(m) => tr.t(*m),
    }
}

/// One row of the figures' long format: the statistic, its value (`None`: undefined, with
/// why) and its 95% interval.
pub struct Row<'a> {
    pub criterion: &'a str,
    pub part: Option<&'a str>,
    pub statistic: &'static str,
    pub estimate: &'a Estimate,
    pub interval: Option<(f64, f64)>,
    pub units: usize,
    pub raters: usize,
    pub values: usize,
}

/// Every figure of the report as rows: for each categorical variable `alpha` (nominal or
/// ordinal, with the bootstrap interval), `alpha_interval` (ordered scales), `ac1`, `percent`
/// and `fleiss` (when every task has as many ratings); for a ranking `kendall_w` and
/// `kendall_tau_b`.
pub fn rows<'a>(rubric: &'a Rubric, report: &'a Report) -> Vec<Row<'a>> {
    let mut out = Vec::new();
    for (c, r) in rubric.criteria.iter().zip(&report.criteria) {
        match r {
            CriterionReport::Categorical(vs) => {
                for v in vs {
                    let f = &v.figures;
                    let mut row = |statistic, estimate: &'a Estimate, interval| {
                        out.push(Row {
                            criterion: &c.id,
                            part: f.part.as_deref(),
                            statistic,
                            estimate,
                            interval,
                            units: f.units,
                            raters: f.raters,
                            values: f.values,
                        })
                    };
                    row(
                        if f.ordinal {
                            "alpha_ordinal"
                        } else {
                            "alpha_nominal"
                        },
                        &f.alpha,
                        f.alpha_ci,
                    );
                    if let Some((a, ci)) = &f.alpha_interval {
                        row("alpha_interval", a, *ci);
                    }
                    row("ac1", &f.ac1, f.ac1.ci95());
                    row("percent", &f.percent, f.percent.ci95());
                    if let Some(k) = &f.fleiss {
                        row("fleiss_kappa", k, k.ci95());
                    }
                }
            }
            CriterionReport::Ranking {
                units,
                mean_w,
                mean_tau,
            } => {
                for (statistic, estimate) in [("kendall_w", mean_w), ("kendall_tau_b", mean_tau)] {
                    out.push(Row {
                        criterion: &c.id,
                        part: None,
                        statistic,
                        estimate,
                        interval: None,
                        units: *units,
                        raters: 0,
                        values: 0,
                    });
                }
            }
            CriterionReport::NotScored => {}
        }
    }
    out
}

/// The header of [`figures_csv`].
pub const FIGURES_HEADER: &str =
    "criterion,part,statistic,value,ci_low,ci_high,tasks,raters,values,undefined_because";

/// The figures in long format, one row per statistic (see [`rows`]); an undefined figure has an
/// empty value and says why in English.
pub fn figures_csv(rubric: &Rubric, report: &Report) -> String {
    let mut out = String::from(FIGURES_HEADER);
    out.push('\n');
    let num = |x: Option<f64>| x.map(|v| format!("{v}")).unwrap_or_default();
    for r in rows(rubric, report) {
        let why = match r.estimate {
            Estimate::Undefined(m) => m.en,
            Estimate::Value { .. } => "",
        };
        let cells = [
            r.criterion.to_string(),
            r.part.unwrap_or_default().to_string(),
            r.statistic.to_string(),
            num(r.estimate.value()),
            num(r.interval.map(|i| i.0)),
            num(r.interval.map(|i| i.1)),
            r.units.to_string(),
            r.raters.to_string(),
            r.values.to_string(),
            why.to_string(),
        ];
        row_into(&mut out, &cells.each_ref().map(String::as_str));
    }
    out
}

fn write_opt(w: &mut Writer, k: &str, v: Option<f64>) {
    w.key(k);
    match v {
        Some(v) => w.float(v),
        None => w.null(),
    }
}

/// The report as one JSON document: what was read, every figure (as [`rows`]), each level's
/// count, each rater against the others, each judge against the humans with the alternative
/// annotator test, and the health findings. Raters are named by their `annotator` id.
pub fn figures_json(rubric: &Rubric, ratings: &Ratings, report: &Report) -> String {
    let mut w = Writer::default();
    w.begin_object();
    w.field_str("rubric_id", &rubric.id);
    w.field_str("rubric_version", &rubric.version);
    w.field_int("submissions", ratings.submissions as i64);
    w.field_int("tasks", ratings.units.len() as i64);
    w.field_int("skipped_tasks", ratings.skipped_tasks as i64);
    w.field_int("replaced", ratings.replaced as i64);
    w.field_int("malformed", ratings.malformed.len() as i64);
    w.key("raters");
    w.begin_array();
    for r in &ratings.raters {
        w.begin_object();
        w.field_str("id", &r.id);
        w.field_str(
            "kind",
            match r.kind {
                RaterKind::Human => "human",
                RaterKind::Model => "model",
            },
        );
        if let Some(m) = &r.model {
            w.field_str("model", m);
        }
        w.end_object();
    }
    w.end_array();
    w.key("figures");
    w.begin_array();
    for r in rows(rubric, report) {
        w.begin_object();
        w.field_str("criterion", r.criterion);
        if let Some(p) = r.part {
            w.field_str("part", p);
        }
        w.field_str("statistic", r.statistic);
        write_opt(&mut w, "value", r.estimate.value());
        if let Estimate::Undefined(m) = r.estimate {
            w.field_str("undefined_because", m.en);
        }
        if let Some((lo, hi)) = r.interval {
            w.key("ci95");
            w.begin_array();
            w.float(lo);
            w.float(hi);
            w.end_array();
        }
        w.field_int("tasks", r.units as i64);
        w.field_int("raters", r.raters as i64);
        w.field_int("values", r.values as i64);
        w.end_object();
    }
    w.end_array();
    w.key("variables");
    w.begin_array();
    for (c, r) in rubric.criteria.iter().zip(&report.criteria) {
        let CriterionReport::Categorical(vs) = r else {
            continue;
        };
        for v in vs {
            w.begin_object();
            w.field_str("criterion", &c.id);
            if let Some(p) = &v.figures.part {
                w.field_str("part", p);
            }
            w.key("levels");
            w.begin_array();
            for (n, count) in &v.figures.levels {
                w.begin_object();
                w.field_str("name", &name(n, &crate::text::i18n::English));
                w.field_int("count", *count as i64);
                w.end_object();
            }
            w.end_array();
            w.key("per_rater");
            w.begin_array();
            for (i, a) in v.per_rater.iter().enumerate().filter(|(_, a)| a.items > 0) {
                w.begin_object();
                w.field_str("rater", &ratings.raters[i].id);
                w.field_int("tasks", a.items as i64);
                w.field_int("compared", a.compared as i64);
                write_opt(&mut w, "agreement", a.agreement.value());
                if v.figures.ordinal {
                    write_opt(&mut w, "offset_levels", a.offset);
                }
                w.end_object();
            }
            w.end_array();
            w.key("judges");
            w.begin_array();
            for (j, t) in v.judges.iter().zip(&v.alt_tests) {
                w.begin_object();
                w.field_str("rater", &ratings.raters[j.rater].id);
                w.field_int("compared", j.against_humans.compared as i64);
                write_opt(
                    &mut w,
                    "agreement_with_humans",
                    j.against_humans.agreement.value(),
                );
                write_opt(&mut w, "human_ceiling", v.ceiling);
                w.key("alt_test");
                w.begin_object();
                w.key("epsilon");
                w.float(t.epsilon);
                write_opt(&mut w, "winning_rate", t.winning_rate);
                write_opt(&mut w, "advantage", t.advantage);
                w.key("passes");
                w.bool(t.passes);
                w.field_int("humans_tested", t.humans.len() as i64);
                w.end_object();
                w.end_object();
            }
            w.end_array();
            w.field_int("contested_tasks", v.contested.len() as i64);
            w.end_object();
        }
    }
    w.end_array();
    w.key("health");
    w.begin_object();
    let place = |w: &mut Writer, p: &health::Place| {
        w.field_str("criterion", &rubric.criteria[p.criterion].id);
        if let Some(part) = &p.part {
            w.field_str("part", part);
        }
    };
    w.key("near_chance");
    w.begin_array();
    for p in &report.health.near_chance {
        w.begin_object();
        place(&mut w, p);
        w.end_object();
    }
    w.end_array();
    w.key("unused_levels");
    w.begin_array();
    for (p, level) in &report.health.unused {
        w.begin_object();
        place(&mut w, p);
        w.field_int("level", *level as i64);
        w.end_object();
    }
    w.end_array();
    w.key("move_together");
    w.begin_array();
    for (a, b, r, n) in &report.health.together {
        w.begin_object();
        w.field_str("a", &rubric.criteria[*a].id);
        w.field_str("b", &rubric.criteria[*b].id);
        w.key("r");
        w.float(*r);
        w.field_int("tasks", *n as i64);
        w.end_object();
    }
    w.end_array();
    w.end_object();
    w.end_object();
    w.finish()
}

/// The header of [`contested_csv`].
pub const CONTESTED_HEADER: &str = "task_id,criterion,part,disagreement,spread,answers";

/// The contested tasks of every variable, most contested first within each (the adjudicator's
/// queue): `answers` lists each rater's answer as `rater=category`, joined by `; `.
pub fn contested_csv(rubric: &Rubric, ratings: &Ratings, report: &Report) -> String {
    let mut out = String::from(CONTESTED_HEADER);
    out.push('\n');
    for (c, r) in rubric.criteria.iter().zip(&report.criteria) {
        let CriterionReport::Categorical(vs) = r else {
            continue;
        };
        for v in vs {
            for t in &v.contested {
                let answers = v.variable.by_unit[t.unit]
                    .iter()
                    .map(|&(rater, cat)| {
                        format!(
                            "{}={}",
                            ratings.raters[rater].id,
                            name(&v.variable.names[cat], &crate::text::i18n::English)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                let cells = [
                    ratings.units[t.unit].as_str(),
                    &c.id,
                    v.figures.part.as_deref().unwrap_or_default(),
                    &format!("{:.4}", t.disagreement),
                    &t.spread.map(|s| s.to_string()).unwrap_or_default(),
                    &answers,
                ];
                row_into(&mut out, &cells);
            }
        }
    }
    out
}
