//! The finished report: what was read, the exports, agreement per criterion (a chart and its
//! table), the rubric's health, then each criterion in full: its figures, how often each answer
//! was chosen, each rater against the others, the model judges against the people, the pair
//! matrix and the most contested tasks. With `rater`, only that rater's own figures against the
//! group, for a trainee.

use super::charts::{self, Axis, Bar, Point};
use super::{save_file, Done};
use crate::i18n::{use_i18n, I18n};
use leptos::prelude::*;
use rubric_core::calibration::agreement::Estimate;
use rubric_core::calibration::attempt::figure_text_within;
use rubric_core::report::export::answers_csv;
use rubric_core::report::figures::{self, Figures};
use rubric_core::report::raters::Against;
use rubric_core::report::read::RaterKind;
use rubric_core::report::summary::{self, name, CriterionReport, VariableReport};
use rubric_core::text::i18n::Translate;
use rubric_core::text::messages as msg;
use std::sync::Arc;
use wasm_bindgen::JsValue;

/// Contested tasks listed per variable (all of them are in the export).
const CONTESTED_SHOWN: usize = 10;

/// A `<details>` whose content is put into the page when it is first opened: a report has a
/// few tables per criterion and most are never opened, so building them all would make the
/// first screen wait (and the page heavy) for nothing.
fn fold(class: &'static str, summary: String, content: AnyView) -> impl IntoView {
    let opened = RwSignal::new(false);
    let content = StoredValue::new_local(Some(content));
    view! {
        <details class=class on:toggle=move |ev| {
            let open = js_sys::Reflect::get(&event_target::<JsValue>(&ev), &"open".into())
                .is_ok_and(|o| o.is_truthy());
            if open && !opened.get_untracked() {
                opened.set(true);
            }
        }>
            <summary>{summary}</summary>
            {move || opened.get().then(|| content.try_update_value(Option::take).flatten())}
        </details>
    }
}

fn fig(e: &Estimate, interval: Option<(f64, f64)>, tr: &I18n) -> String {
    figure_text_within(e, interval, false, tr)
}

fn percent(share: f64, tr: &I18n) -> String {
    format!("{}%", tr.fixed(share * 100.0, 0))
}

/// A variable's title: the criterion's, then the checklist item's or option's label.
fn title_of(criterion: &str, v: &Figures) -> String {
    match &v.part {
        Some(_) => format!("{criterion} — {}", v.label),
        None => criterion.to_string(),
    }
}

#[component]
pub fn ReportView(done: Arc<Done>, rater: Option<String>) -> impl IntoView {
    let tr = use_i18n();
    let axis = Axis {
        rtl: tr.dir() == "rtl",
    };
    let d = &*done;
    let title = tr.f(msg::rp_title, &[("title", (&d.rubric.title).into())]);
    if let Some(id) = rater {
        return view! {
            <article class="rp-report" data-testid="report">
                <h2 class="rq-title">{title}</h2>
                {rater_view(&done, &id, &tr)}
            </article>
        }
        .into_any();
    }
    let any = d.ratings.submissions > d.ratings.skipped_tasks;
    let shown = sections_shown(if any { d.rubric.criteria.len() } else { 0 });
    let sections = StoredValue::new(done.clone());
    let after_first = move || any && shown.get() > 0;
    view! {
        <article class="rp-report" data-testid="report">
            <h2 class="rq-title">{title}</h2>
            {what_was_read(d, &tr)}
            {exports(done.clone(), &tr)}
            // With nothing read, what was read says so, and nothing else would say more.
            {any.then(|| overview(d, axis, &tr))}
            // The rest after the first paint, in the next task.
            <Show when=after_first>
                {raters_overview(&sections.get_value(), &use_i18n())}
                {health(&sections.get_value(), &use_i18n())}
            </Show>
            <For each=move || 0..shown.get() key=|i| *i children=move |i| {
                let d = &*sections.get_value();
                let c = &d.rubric.criteria[i];
                criterion_section(d, i, &c.title, &d.report.criteria[i], axis, &use_i18n())
            } />
        </article>
    }
    .into_any()
}

/// Criteria sections put into the page per task: the first screen shows as soon as the
/// overview is built, and no task builds the whole report.
const SECTIONS_PER_TASK: usize = 4;

/// How many criteria sections are in the page: more after each yield, until all are.
fn sections_shown(total: usize) -> RwSignal<usize> {
    let shown = RwSignal::new(0);
    leptos::task::spawn_local(async move {
        // Stops when the report is unmounted (its signal is gone).
        while shown.try_get_untracked().is_some_and(|n| n < total) {
            crate::browser::yield_now().await;
            shown.try_update(|n| *n = (*n + SECTIONS_PER_TASK).min(total));
        }
    });
    shown
}

fn what_was_read(d: &Done, tr: &I18n) -> impl IntoView {
    let r = &d.ratings;
    let models = r
        .raters
        .iter()
        .filter(|x| x.kind == RaterKind::Model)
        .count();
    let data = tr.f(
        msg::rp_data,
        &[
            ("submissions", r.submissions.into()),
            ("tasks", r.units.len().into()),
            ("humans", (r.raters.len() - models).into()),
            ("models", models.into()),
        ],
    );
    let mut notes = Vec::new();
    if r.submissions == 0 {
        notes.push(tr.f(
            msg::rp_none,
            &[
                ("id", (&d.rubric.id).into()),
                ("version", (&d.rubric.version).into()),
            ],
        ));
    }
    if r.skipped_tasks > 0 {
        notes.push(tr.f(msg::rp_skipped_tasks, &[("n", r.skipped_tasks.into())]));
    }
    if r.replaced > 0 {
        notes.push(tr.f(msg::rp_replaced, &[("n", r.replaced.into())]));
    }
    for ((id, version), n) in &r.other_rubrics {
        notes.push(tr.f(
            msg::rp_other_rubric,
            &[
                ("n", (*n).into()),
                ("id", id.into()),
                ("version", version.into()),
            ],
        ));
    }
    if r.unfit_answers > 0 {
        notes.push(tr.f(msg::rp_unfit, &[("n", r.unfit_answers.into())]));
    }
    let notes = notes
        .into_iter()
        .map(|n| view! { <li>{n}</li> })
        .collect_view();
    let malformed = (!r.malformed.is_empty()).then(|| {
        let total = r.malformed.len() + d.more_malformed;
        let lines = r
            .malformed
            .iter()
            .map(|(line, why)| {
                view! { <li>{tr.f(msg::rp_malformed_line, &[("line", (*line).into()), ("why", why.into())])}</li> }
            })
            .collect_view();
        let more = (d.more_malformed > 0)
            .then(|| view! { <li>{tr.f(msg::rp_more_malformed, &[("n", d.more_malformed.into())])}</li> });
        view! {
            <details class="rp-malformed" data-testid="report-malformed">
                <summary>{tr.f(msg::rp_malformed_title, &[("n", total.into())])}</summary>
                <ul>{lines}{more}</ul>
            </details>
        }
    });
    view! {
        <div class="rp-read" data-testid="report-read">
            <p>{data}</p>
            <ul class="rp-notes">{notes}</ul>
            {malformed}
        </div>
    }
}

fn exports(done: Arc<Done>, tr: &I18n) -> impl IntoView {
    let t = |m| tr.t(m);
    let base = format!("{}-{}", done.rubric.id, done.rubric.version);
    let button = move |label: String,
                       test: &'static str,
                       make: fn(&Done) -> (String, &'static str, String)| {
        let done = done.clone();
        let base = base.clone();
        view! {
            <button type="button" class="rw-button rw-small" data-testid=test on:click=move |_| {
                let (suffix, kind, text) = make(&done);
                save_file(&format!("{base}{suffix}"), kind, &text);
            }>{label}</button>
        }
    };
    view! {
        <section class="rp-exports" aria-labelledby="rp-exports">
            <h3 id="rp-exports">{t(msg::rp_exports)}</h3>
            <div class="rp-buttons">
                {button(t(msg::rp_export_figures_json), "export-figures-json", |d| {
                    (".figures.json".into(), "application/json", summary::figures_json(&d.rubric, &d.ratings, &d.report))
                })}
                {button(t(msg::rp_export_figures_csv), "export-figures-csv", |d| {
                    (".figures.csv".into(), "text/csv", summary::figures_csv(&d.rubric, &d.report))
                })}
                {button(t(msg::rp_export_answers), "export-answers-csv", |d| {
                    (".answers.csv".into(), "text/csv", answers_csv(&d.rubric, &d.ratings))
                })}
                {button(t(msg::rp_export_contested), "export-contested-csv", |d| {
                    (".contested.csv".into(), "text/csv", summary::contested_csv(&d.rubric, &d.ratings, &d.report))
                })}
            </div>
        </section>
    }
}

/// Every variable's alpha with its interval: the chart, then the table with every figure.
fn overview(d: &Done, axis: Axis, tr: &I18n) -> impl IntoView {
    let t = |m| tr.t(m);
    let dash = || "—".to_string();
    let mut points = Vec::new();
    let mut heads = [
        msg::rp_col_criterion,
        msg::rp_col_alpha,
        msg::rp_col_ac1,
        msg::rp_col_percent,
        msg::rp_col_fleiss,
        msg::rp_col_tasks,
        msg::rp_col_raters,
    ]
    .map(t)
    .to_vec();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut any_fleiss = false;
    for (c, r) in d.rubric.criteria.iter().zip(&d.report.criteria) {
        match r {
            CriterionReport::Categorical(vs) => {
                for v in vs {
                    let f = &v.figures;
                    let title = title_of(&c.title, f);
                    points.push(Point {
                        label: title.clone(),
                        value: f.alpha.value(),
                        interval: f.alpha_ci,
                    });
                    let kind = t(if f.ordinal {
                        msg::rp_alpha_ordinal
                    } else {
                        msg::rp_alpha_nominal
                    });
                    any_fleiss |= f.fleiss.is_some();
                    rows.push(vec![
                        title,
                        format!("{} ({kind})", fig(&f.alpha, f.alpha_ci, tr)),
                        fig(&f.ac1, f.ac1.ci95(), tr),
                        fig(&f.percent, f.percent.ci95(), tr),
                        f.fleiss
                            .as_ref()
                            .map_or_else(dash, |k| fig(k, k.ci95(), tr)),
                        tr.fixed(f.units as f64, 0),
                        tr.fixed(f.raters as f64, 0),
                    ]);
                }
            }
            CriterionReport::Ranking {
                units,
                mean_w,
                mean_tau,
            } => rows.push(vec![
                c.title.clone(),
                tr.f(
                    msg::rp_ranking_figures,
                    &[
                        ("w", (&fig(mean_w, None, tr)).into()),
                        ("tau", (&fig(mean_tau, None, tr)).into()),
                        ("n", (*units).into()),
                    ],
                ),
                dash(),
                dash(),
                dash(),
                tr.fixed(*units as f64, 0),
                dash(),
            ]),
            CriterionReport::NotScored => {}
        }
    }
    // Fleiss' kappa needs as many ratings on every task, which real data seldom has: its
    // column is shown only when some criterion has it.
    if !any_fleiss {
        heads.remove(4);
        rows.iter_mut().for_each(|r| {
            r.remove(4);
        });
    }
    // A true minus sign, as the axis is read.
    let ticks = [-1.0, -0.5, 0.0, 0.5, 1.0].map(|v| tr.fixed(v, 1).replacen('-', "\u{2212}", 1));
    let chart =
        (!points.is_empty()).then(|| charts::forest(&points, axis, t(msg::rp_chart_alt), ticks));
    let head = heads
        .iter()
        .map(|h| view! { <th scope="col">{h.clone()}</th> })
        .collect_view();
    let body = rows
        .into_iter()
        .map(|cells| {
            let mut cells = cells.into_iter();
            let first = cells.next().unwrap_or_default();
            let rest = cells
                .zip(heads.iter().skip(1))
                .map(|(cell, h)| view! { <td data-label=h.clone()>{cell}</td> })
                .collect_view();
            view! { <tr><th scope="row">{first}</th>{rest}</tr> }
        })
        .collect_view();
    view! {
        <section class="rp-overview" aria-labelledby="rp-overview">
            <h3 id="rp-overview">{t(msg::rp_overview)}</h3>
            <p class="rw-hint">{format!("{} {}", tr.f(msg::rp_overview_note, &[("n", d.options.resamples.into())]), t(msg::rp_exact_note))}</p>
            {chart}
            <table class="rq-table rq-stack" data-testid="overview-table">
                <thead><tr>{head}</tr></thead>
                <tbody>{body}</tbody>
            </table>
        </section>
    }
}

/// A duration in seconds under two minutes, in minutes with a decimal above.
fn duration(ms: i64, tr: &I18n) -> String {
    if ms < 120_000 {
        tr.f(
            msg::rp_seconds,
            &[("n", (&tr.fixed(ms as f64 / 1000.0, 0)).into())],
        )
    } else {
        tr.f(
            msg::rp_minutes,
            &[("n", (&tr.fixed(ms as f64 / 60_000.0, 1)).into())],
        )
    }
}

/// Every rater: a person or a model judge (its model), the tasks they rated, their median time.
fn raters_overview(d: &Done, tr: &I18n) -> impl IntoView {
    let t = |m| tr.t(m);
    let r = &d.ratings;
    let tasks = r.tasks_per_rater();
    let times = r.median_active_ms();
    let heads = [msg::rp_col_kind, msg::rp_col_rated, msg::rp_col_median_time].map(t);
    let rows = r
        .raters
        .iter()
        .enumerate()
        .map(|(i, rater)| {
            let kind = match (&rater.kind, &rater.model) {
                (RaterKind::Human, _) => t(msg::rp_kind_person),
                (RaterKind::Model, Some(m)) => format!("{} ({m})", t(msg::rp_kind_model)),
                (RaterKind::Model, None) => t(msg::rp_kind_model),
            };
            let cells = [
                kind,
                tr.fixed(tasks[i] as f64, 0),
                // A judge's batch reports no time of its own (0): nothing to show.
                times[i]
                    .filter(|&ms| ms > 0)
                    .map_or_else(|| "—".into(), |ms| duration(ms, tr)),
            ]
            .into_iter()
            .zip(heads.iter())
            .map(|(c, h)| view! { <td data-label=h.clone()>{c}</td> })
            .collect_view();
            view! { <tr><th scope="row" dir="auto">{rater.id.clone()}</th>{cells}</tr> }
        })
        .collect_view();
    let head = heads
        .iter()
        .map(|h| view! { <th scope="col">{h.clone()}</th> })
        .collect_view();
    view! {
        <section aria-labelledby="rp-raters-all">
            <h3 id="rp-raters-all">{t(msg::rp_raters_overview)}</h3>
            <table class="rq-table rq-stack" data-testid="raters-overview">
                <thead><tr><th scope="col">{t(msg::rp_col_rater)}</th>{head}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

/// The formulas behind a variable's figures, with this data's numbers.
fn how(d: &Done, f: &Figures, k: usize, tr: &I18n) -> impl IntoView {
    let num = |x: f64| tr.fixed(x, 3);
    let mut lines = Vec::new();
    if let Some(pa) = f.percent.value() {
        lines.push(tr.f(
            msg::rp_explain_percent,
            &[("n", f.units.into()), ("pa", (&num(pa)).into())],
        ));
        if let Some(ac1) = f.ac1.value().filter(|a| *a < 1.0) {
            let pe = (pa - ac1) / (1.0 - ac1);
            lines.push(tr.f(
                msg::rp_explain_ac1,
                &[
                    ("k", k.into()),
                    ("pa", (&num(pa)).into()),
                    ("pe", (&num(pe)).into()),
                    ("ac1", (&num(ac1)).into()),
                ],
            ));
        }
    }
    lines.push(tr.f(
        msg::rp_explain_alpha,
        &[
            ("values", f.values.into()),
            (
                "distance",
                if f.ordinal { "ordinal" } else { "nominal" }.into(),
            ),
            ("resamples", d.options.resamples.into()),
        ],
    ));
    let lines = lines
        .into_iter()
        .map(|l| view! { <li>{l}</li> })
        .collect_view();
    fold(
        "rp-how",
        tr.t(msg::rp_how),
        view! { <ul>{lines}</ul> }.into_any(),
    )
}

fn health(d: &Done, tr: &I18n) -> impl IntoView {
    let h = &d.report.health;
    let place = |criterion: usize, part: &Option<String>| -> String {
        let c = &d.rubric.criteria[criterion];
        let label = match (&d.report.criteria[criterion], part) {
            (CriterionReport::Categorical(vs), Some(p)) => vs
                .iter()
                .find(|v| v.figures.part.as_ref() == Some(p))
                .map(|v| title_of(&c.title, &v.figures)),
            _ => None,
        };
        label.unwrap_or_else(|| c.title.clone())
    };
    let mut items = Vec::new();
    for p in &h.near_chance {
        items.push(tr.f(
            msg::rp_health_chance,
            &[("what", (&place(p.criterion, &p.part)).into())],
        ));
    }
    for (p, level) in &h.unused {
        let level_name = match &d.report.criteria[p.criterion] {
            CriterionReport::Categorical(vs) => vs
                .iter()
                .find(|v| v.figures.part == p.part)
                .and_then(|v| v.figures.levels.get(*level))
                .map(|(n, _)| name(n, tr))
                .unwrap_or_default(),
            _ => String::new(),
        };
        items.push(tr.f(
            msg::rp_health_unused,
            &[
                ("what", (&place(p.criterion, &p.part)).into()),
                ("level", (&level_name).into()),
            ],
        ));
    }
    for (a, b, r, n) in &h.together {
        items.push(tr.f(
            msg::rp_health_together,
            &[
                ("a", (&d.rubric.criteria[*a].title).into()),
                ("b", (&d.rubric.criteria[*b].title).into()),
                ("r", (&tr.fixed(*r, 2)).into()),
                ("n", (*n).into()),
            ],
        ));
    }
    for (i, share) in &h.tensions {
        let between = d.rubric.tensions[*i]
            .between
            .iter()
            .map(|id| {
                d.rubric
                    .criterion(id)
                    .map_or(id.clone(), |c| c.title.clone())
            })
            .collect::<Vec<_>>()
            .join(" / ");
        items.push(tr.f(
            msg::rp_health_tension,
            &[
                ("between", (&between).into()),
                ("share", (&percent(*share, tr)).into()),
            ],
        ));
    }
    let body = if items.is_empty() {
        view! { <p>{tr.t(msg::rp_health_fine)}</p> }.into_any()
    } else {
        let items = items
            .into_iter()
            .map(|i| view! { <li>{i}</li> })
            .collect_view();
        view! { <ul>{items}</ul> }.into_any()
    };
    view! {
        <section class="rp-health" aria-labelledby="rp-health" data-testid="report-health">
            <h3 id="rp-health">{tr.t(msg::rp_health)}</h3>
            {body}
        </section>
    }
}

fn criterion_section(
    d: &Done,
    index: usize,
    title: &str,
    r: &CriterionReport,
    axis: Axis,
    tr: &I18n,
) -> impl IntoView {
    let id = format!("rp-c{index}");
    let labelled = id.clone();
    let body = match r {
        CriterionReport::NotScored => view! { <p>{tr.t(msg::rp_not_scored)}</p> }.into_any(),
        CriterionReport::Ranking {
            units,
            mean_w,
            mean_tau,
        } => view! {
            <p>{tr.f(msg::rp_ranking_figures, &[
                ("w", (&fig(mean_w, None, tr)).into()),
                ("tau", (&fig(mean_tau, None, tr)).into()),
                ("n", (*units).into()),
            ])}</p>
        }
        .into_any(),
        CriterionReport::Categorical(vs) => {
            let c = &d.rubric.criteria[index];
            // A preference is read in one orientation; "both are bad" is no point on its scale.
            let pairwise = matches!(c.kind, rubric_core::CriterionKind::Pairwise { .. }).then(|| {
                let off = figures::off_scale(c, index, &d.ratings);
                let both_bad = (off > 0).then(|| tr.f(msg::rp_both_bad, &[("n", off.into())]));
                view! {
                    <p class="rw-hint">{tr.t(msg::rp_pairwise_note)}</p>
                    {both_bad.map(|t| view! { <p class="rw-hint" data-testid="both-bad">{t}</p> })}
                }
            });
            view! {
                {pairwise}
                {vs.iter().map(|v| variable_view(d, title, v, axis, tr)).collect_view()}
            }
            .into_any()
        }
    };
    view! {
        <section class="rp-criterion" aria-labelledby=labelled data-testid="report-criterion" data-criterion=d.rubric.criteria[index].id.clone()>
            <h3 id=id>{title.to_string()}</h3>
            {body}
        </section>
    }
}

fn rater_name(d: &Done, r: usize, tr: &I18n) -> String {
    let rater = &d.ratings.raters[r];
    // The id isolated (FSI … PDI), so a Latin id keeps its order inside Arabic text.
    let id = format!("\u{2068}{}\u{2069}", rater.id);
    match rater.kind {
        RaterKind::Human => id,
        RaterKind::Model => format!("{id} ({})", tr.t(msg::rp_kind_model)),
    }
}

fn lean(a: &Against, tr: &I18n) -> String {
    match a.offset {
        Some(o) if o.abs() >= 0.05 => tr.f(
            msg::rp_lean,
            &[
                ("dir", if o > 0.0 { "higher" } else { "lower" }.into()),
                ("n", (&tr.fixed(o.abs(), 1)).into()),
            ],
        ),
        Some(_) => tr.f(msg::rp_lean, &[("dir", "none".into()), ("n", 0.into())]),
        None => "—".into(),
    }
}

fn confusions(v: &VariableReport, a: &Against, tr: &I18n) -> String {
    a.confusions
        .iter()
        .map(|&(own, consensus, n)| {
            tr.f(
                msg::rp_confusion,
                &[
                    ("own", (&name(&v.variable.names[own], tr)).into()),
                    (
                        "consensus",
                        (&name(&v.variable.names[consensus], tr)).into(),
                    ),
                    ("n", n.into()),
                ],
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn variable_view(
    d: &Done,
    criterion: &str,
    v: &VariableReport,
    axis: Axis,
    tr: &I18n,
) -> impl IntoView {
    let t = |m| tr.t(m);
    let f = &v.figures;
    let heading = f
        .part
        .as_ref()
        .map(|_| view! { <h4>{f.label.clone()}</h4> });
    let counts = tr.f(
        msg::rp_counts,
        &[
            ("tasks", f.units.into()),
            ("raters", f.raters.into()),
            ("values", f.values.into()),
        ],
    );
    let kind = t(if f.ordinal {
        msg::rp_alpha_ordinal
    } else {
        msg::rp_alpha_nominal
    });
    let alpha = format!(
        "{} ({kind}): {}",
        t(msg::rp_col_alpha),
        fig(&f.alpha, f.alpha_ci, tr)
    );
    let interval = f.alpha_interval.as_ref().map(|(a, ci)| {
        view! { <li>{tr.f(msg::rp_alpha_interval, &[("figure", (&fig(a, *ci, tr)).into())])}</li> }
    });
    let fleiss = f.fleiss.as_ref().map(|k| {
        view! { <li>{format!("{}: {}", t(msg::rp_col_fleiss), fig(k, k.ci95(), tr))}</li> }
    });

    // How often each answer was chosen: bars, and the counts in a table.
    let total: usize = f.levels.iter().map(|l| l.1).sum();
    let bars: Vec<Bar> = f
        .levels
        .iter()
        .map(|(n, count)| {
            let share = if total == 0 {
                0.0
            } else {
                *count as f64 / total as f64
            };
            Bar {
                label: name(n, tr),
                share,
                text: if *count == 0 {
                    t(msg::rp_unused)
                } else {
                    percent(share, tr)
                },
                muted: *count == 0,
            }
        })
        .collect();
    let level_rows = bars
        .iter()
        .zip(&f.levels)
        .map(|(b, (_, count))| {
            view! {
                <tr class:rp-unused-row=*count == 0>
                    <th scope="row">{b.label.clone()}</th>
                    <td data-label=t(msg::rp_col_count)>{tr.fixed(*count as f64, 0)}</td>
                    <td data-label=t(msg::rp_col_share)>{b.text.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    let levels = fold(
        "rp-levels",
        t(msg::rp_levels),
        view! {
            {charts::bars(&bars, axis, t(msg::rp_levels_alt))}
            <table class="rq-table rq-stack">
                <thead><tr><th scope="col">{t(msg::rp_col_level)}</th><th scope="col">{t(msg::rp_col_count)}</th><th scope="col">{t(msg::rp_col_share)}</th></tr></thead>
                <tbody>{level_rows}</tbody>
            </table>
        }
        .into_any(),
    );

    view! {
        <div class="rp-variable" data-testid="report-variable" data-part=f.part.clone()>
            {heading}
            <ul class="rp-figures" data-testid="variable-figures">
                <li data-testid="variable-alpha">{alpha}</li>
                {interval}
                <li>{format!("{}: {}", t(msg::rp_col_ac1), fig(&f.ac1, f.ac1.ci95(), tr))}</li>
                <li data-testid="variable-percent">{format!("{}: {}", t(msg::rp_col_percent), fig(&f.percent, f.percent.ci95(), tr))}</li>
                {fleiss}
            </ul>
            <p class="rw-hint">{counts}</p>
            {how(d, f, v.variable.names.len(), tr)}
            {levels}
            {raters_table(d, v, tr)}
            {judges(d, v, tr)}
            {pair_matrix(d, v, axis, tr)}
            {contested(d, criterion, v, tr)}
        </div>
    }
}

fn raters_table(d: &Done, v: &VariableReport, tr: &I18n) -> impl IntoView {
    let t = |m| tr.t(m);
    let heads = [
        msg::rp_col_rated,
        msg::rp_col_agreement,
        msg::rp_col_lean,
        msg::rp_col_confused,
    ]
    .map(t);
    let rows = v
        .per_rater
        .iter()
        .enumerate()
        .filter(|(_, a)| a.items > 0)
        .map(|(r, a)| {
            let cells = [
                tr.fixed(a.items as f64, 0),
                fig(&a.agreement, a.agreement_ci, tr),
                lean(a, tr),
                confusions(v, a, tr),
            ];
            let cells = cells
                .into_iter()
                .zip(heads.iter())
                .map(|(c, h)| view! { <td data-label=h.clone()>{c}</td> })
                .collect_view();
            view! { <tr data-rater=d.ratings.raters[r].id.clone()><th scope="row">{rater_name(d, r, tr)}</th>{cells}</tr> }
        })
        .collect_view();
    let head = heads
        .iter()
        .map(|h| view! { <th scope="col">{h.clone()}</th> })
        .collect_view();
    fold(
        "rp-raters",
        t(msg::rp_raters),
        view! {
            <p class="rw-hint">{t(msg::rp_raters_note)}</p>
            <table class="rq-table rq-stack" data-testid="raters-table">
                <thead><tr><th scope="col">{t(msg::rp_col_rater)}</th>{head}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any(),
    )
}

fn judges(d: &Done, v: &VariableReport, tr: &I18n) -> Option<impl IntoView> {
    if v.judges.is_empty() {
        return None;
    }
    let ceiling = match v.ceiling {
        Some(c) => format!(
            "{} {}",
            tr.f(msg::rp_ceiling, &[("figure", (&tr.fixed(c, 2)).into())]),
            tr.t(msg::rp_ceiling_note)
        ),
        None => tr.t(msg::rp_no_ceiling),
    };
    let list = v
        .judges
        .iter()
        .zip(&v.alt_tests)
        .map(|(j, alt)| {
            let a = &j.against_humans;
            let agreement = tr.f(
                msg::rp_judge_agreement,
                &[
                    ("judge", (&rater_name(d, j.rater, tr)).into()),
                    ("figure", (&fig(&a.agreement, a.agreement_ci, tr)).into()),
                    ("n", a.compared.into()),
                ],
            );
            let verdict = match alt.winning_rate {
                Some(rate) => {
                    let won = alt.humans.iter().filter(|h| h.judge_wins).count();
                    tr.f(
                        if alt.passes {
                            msg::rp_alt_pass
                        } else {
                            msg::rp_alt_fail
                        },
                        &[
                            ("epsilon", (&tr.fixed(alt.epsilon, 2)).into()),
                            ("won", won.into()),
                            ("tested", alt.humans.len().into()),
                            ("rate", (&percent(rate, tr)).into()),
                        ],
                    )
                }
                None => tr.f(msg::rp_alt_untested, &[("min", d.options.min_items.into())]),
            };
            let advantage = alt.advantage.map(|adv| {
                tr.f(
                    msg::rp_alt_advantage,
                    &[("advantage", (&tr.fixed(adv, 2)).into())],
                )
            });
            let untested = (alt.winning_rate.is_some() && !alt.untested.is_empty()).then(|| {
                tr.f(
                    msg::rp_alt_not_tested,
                    &[
                        ("n", alt.untested.len().into()),
                        ("min", d.options.min_items.into()),
                    ],
                )
            });
            let lean = a.offset.map(|_| lean(a, tr));
            view! {
                <li data-testid="judge" data-rater=d.ratings.raters[j.rater].id.clone()>
                    <p>{agreement}</p>
                    {lean.map(|l| view! { <p>{l}</p> })}
                    <p class:rp-pass=alt.passes>{verdict}</p>
                    {advantage.map(|t| view! { <p class="rw-hint">{t}</p> })}
                    {untested.map(|t| view! { <p class="rw-hint">{t}</p> })}
                </li>
            }
        })
        .collect_view();
    Some(view! {
        <div class="rp-judges" data-testid="report-judges">
            <h4>{tr.t(msg::rp_judges)}</h4>
            <p>{ceiling}</p>
            <ul>{list}</ul>
        </div>
    })
}

fn pair_matrix(d: &Done, v: &VariableReport, axis: Axis, tr: &I18n) -> impl IntoView {
    let t = |m| tr.t(m);
    let Some(m) = &v.matrix else {
        return view! {
            <p class="rw-hint">{tr.f(msg::rp_matrix_too_many, &[("n", rubric_core::report::raters::MAX_MATRIX_RATERS.into())])}</p>
        }
        .into_any();
    };
    let n = d.ratings.raters.len();
    // Only the raters of this variable, in data order.
    let who: Vec<usize> = (0..n).filter(|&r| v.per_rater[r].items > 0).collect();
    if who.len() < 2 {
        return ().into_any();
    }
    let cell = |a: usize, b: usize| m[a * n + b].as_ref().filter(|(p, _)| p.value().is_some());
    let values: Vec<Vec<Option<(f64, String)>>> = who
        .iter()
        .map(|&a| {
            who.iter()
                .map(|&b| {
                    cell(a, b)
                        .and_then(|(p, _)| p.value())
                        .map(|p| (p, percent(p, tr)))
                })
                .collect()
        })
        .collect();
    let numbers: Vec<String> = (1..=who.len()).map(|i| tr.fixed(i as f64, 0)).collect();
    let head = who
        .iter()
        .zip(&numbers)
        .map(|(&r, i)| view! { <th scope="col">{format!("{i} {}", rater_name(d, r, tr))}</th> })
        .collect_view();
    let rows = who
        .iter()
        .zip(&numbers)
        .map(|(&a, i)| {
            let cells = who
                .iter()
                .zip(&numbers)
                .map(|(&b, j)| {
                    let text = cell(a, b).map_or_else(
                        || "—".to_string(),
                        |(p, k)| {
                            tr.f(
                                if v.figures.ordinal {
                                    msg::rp_matrix_cell_weighted
                                } else {
                                    msg::rp_matrix_cell
                                },
                                &[
                                    ("percent", (&percent(p.value().unwrap_or(0.0), tr)).into()),
                                    ("kappa", (&fig(k, None, tr)).into()),
                                ],
                            )
                        },
                    );
                    view! { <td data-label=format!("{j} {}", rater_name(d, b, tr))>{text}</td> }
                })
                .collect_view();
            view! { <tr><th scope="row">{format!("{i} {}", rater_name(d, a, tr))}</th>{cells}</tr> }
        })
        .collect_view();
    fold(
        "rp-matrix",
        t(msg::rp_matrix),
        view! {
            {charts::heatmap(&values, &numbers, axis, t(msg::rp_matrix_alt))}
            <table class="rq-table rq-stack" data-testid="rater-matrix">
                <thead><tr><td></td>{head}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any(),
    )
    .into_any()
}

fn contested(d: &Done, criterion: &str, v: &VariableReport, tr: &I18n) -> impl IntoView {
    let t = |m| tr.t(m);
    let _ = criterion;
    if v.contested.is_empty() {
        return view! { <p class="rw-hint">{t(msg::rp_contested_none)}</p> }.into_any();
    }
    let heads = [msg::rp_col_disagreement, msg::rp_col_answers].map(t);
    let rows = v
        .contested
        .iter()
        .take(CONTESTED_SHOWN)
        .map(|c| {
            let answers = v.variable.by_unit[c.unit]
                .iter()
                .map(|&(r, cat)| {
                    view! { <li>{format!("{}: {}", rater_name(d, r, tr), name(&v.variable.names[cat], tr))}</li> }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row" dir="auto">{d.ratings.units[c.unit].clone()}</th>
                    <td data-label=heads[0].clone()>{percent(c.disagreement, tr)}</td>
                    <td data-label=heads[1].clone()><ul class="rp-answers">{answers}</ul></td>
                </tr>
            }
        })
        .collect_view();
    let more = v.contested.len().saturating_sub(CONTESTED_SHOWN);
    let more = (more > 0).then(
        || view! { <p class="rw-hint">{tr.f(msg::rp_contested_more, &[("n", more.into())])}</p> },
    );
    fold(
        "rp-contested",
        format!("{} ({})", t(msg::rp_contested), tr.fixed(v.contested.len() as f64, 0)),
        view! {
            <table class="rq-table rq-stack" data-testid="contested-table">
                <thead><tr><th scope="col">{t(msg::rp_col_task)}</th><th scope="col">{heads[0].clone()}</th><th scope="col">{heads[1].clone()}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            {more}
        }
        .into_any(),
    )
    .into_any()
}

/// One rater's own figures against the group: per variable, the group's alpha and their
/// agreement with the others' consensus, lean and confusions. No other rater is named.
fn rater_view(d: &Done, id: &str, tr: &I18n) -> impl IntoView {
    let t = |m| tr.t(m);
    let Some(r) = d.ratings.raters.iter().position(|x| x.id == id) else {
        return view! { <p class="rw-banner rw-warn" role="status">{tr.f(msg::rp_rater_none, &[("rater", id.into())])}</p> }.into_any();
    };
    let heads = [
        msg::rp_col_alpha,
        msg::rp_col_rated,
        msg::rp_col_agreement,
        msg::rp_col_lean,
        msg::rp_col_confused,
    ]
    .map(t);
    let mut rows = Vec::new();
    for (c, cr) in d.rubric.criteria.iter().zip(&d.report.criteria) {
        let CriterionReport::Categorical(vs) = cr else {
            continue;
        };
        for v in vs {
            let a = &v.per_rater[r];
            if a.items == 0 {
                continue;
            }
            let cells = [
                fig(&v.figures.alpha, v.figures.alpha_ci, tr),
                tr.fixed(a.items as f64, 0),
                fig(&a.agreement, a.agreement_ci, tr),
                lean(a, tr),
                confusions(v, a, tr),
            ]
            .into_iter()
            .zip(heads.iter())
            .map(|(c, h)| view! { <td data-label=h.clone()>{c}</td> })
            .collect_view();
            rows.push(
                view! { <tr><th scope="row">{title_of(&c.title, &v.figures)}</th>{cells}</tr> },
            );
        }
    }
    let head = heads
        .iter()
        .map(|h| view! { <th scope="col">{h.clone()}</th> })
        .collect_view();
    view! {
        <section data-testid="rater-view">
            <h3>{tr.f(msg::rp_rater_title, &[("rater", id.into())])}</h3>
            <p class="rw-hint">{t(msg::rp_raters_note)}</p>
            <table class="rq-table rq-stack">
                <thead><tr><th scope="col">{t(msg::rp_col_criterion)}</th>{head}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
    .into_any()
}
