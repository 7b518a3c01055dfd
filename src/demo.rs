//! The demo page: pick a bundled example (or pass `?rubric=URL&task=URL&annotator=ID`), review
//! it, and see the submission JSON the form emits.

use crate::browser;
use crate::components::error_view::{DocumentProblems, ErrorView};
use crate::components::review_form::ReviewForm;
use crate::delivery::Courier;
use leptos::prelude::*;
use rubric_core::outbox::RetryPolicy;
use rubric_core::parse::{check_task_fits, Parsed};
use rubric_core::{parse_rubric, parse_task, Limits, Rubric, Task};
use std::sync::Arc;

/// The bundled examples: (file stem, name shown).
const EXAMPLES: &[(&str, &str)] = &[
    ("helpful-honest-harmless", "Helpful, honest, harmless"),
    ("pairwise-preference", "Pairwise preference"),
    ("code-review", "Code patch review"),
    ("content-moderation", "Content moderation"),
];

/// What loading a rubric and a task produced.
#[derive(Clone)]
enum Loaded {
    Ready(Arc<Rubric>, Arc<Task>),
    Invalid(Vec<DocumentProblems>, Vec<String>),
}

/// One fetched document parsed, its failure recorded as a note (fetch) or a report (content).
fn read<T>(
    fetched: Result<String, String>,
    parse: fn(&str, &Limits) -> Parsed<T>,
    what: String,
    notes: &mut Vec<String>,
    problems: &mut Vec<DocumentProblems>,
) -> Option<T> {
    let text = fetched.map_err(|e| notes.push(e)).ok()?;
    match parse(&text, &Limits::default()) {
        Ok((value, _warnings)) => Some(value),
        Err(report) => {
            problems.push(DocumentProblems { what, report });
            None
        }
    }
}

async fn load(rubric_url: String, task_url: String) -> Loaded {
    let (rubric_text, task_text) = (
        browser::fetch_text(&rubric_url).await,
        browser::fetch_text(&task_url).await,
    );
    let mut notes = Vec::new();
    let mut problems = Vec::new();
    let rubric = read(
        rubric_text,
        parse_rubric,
        format!("rubric ({rubric_url})"),
        &mut notes,
        &mut problems,
    );
    let task = read(
        task_text,
        parse_task,
        format!("task ({task_url})"),
        &mut notes,
        &mut problems,
    );
    match (rubric, task) {
        (Some(r), Some(t)) => {
            let fit = check_task_fits(&r, &t);
            if fit.has_errors() {
                problems.push(DocumentProblems {
                    what: format!("task ({task_url}), for this rubric"),
                    report: fit,
                });
                Loaded::Invalid(problems, notes)
            } else {
                Loaded::Ready(Arc::new(r), Arc::new(t))
            }
        }
        _ => Loaded::Invalid(problems, notes),
    }
}

/// The demo page shell.
#[component]
pub fn Demo() -> impl IntoView {
    let custom = browser::query_param("rubric").zip(browser::query_param("task"));
    let annotator =
        browser::query_param("annotator").unwrap_or_else(|| "demo-reviewer".to_string());
    let initial = browser::query_param("example")
        .filter(|e| EXAMPLES.iter().any(|(k, _)| k == e))
        .unwrap_or_else(|| EXAMPLES[0].0.to_string());
    let example = RwSignal::new(initial);
    let is_custom = custom.is_some();
    // Sync with the network: load the chosen rubric and task, and again when the example
    // changes. A generation number drops answers to superseded requests.
    let loaded = RwSignal::new(None::<Loaded>);
    let generation = StoredValue::new(0u32);
    Effect::new(move |_| {
        let (rubric_url, task_url) = custom.clone().unwrap_or_else(|| {
            let e = example.get();
            (
                format!("examples/rubrics/{e}.json"),
                format!("examples/tasks/{e}.json"),
            )
        });
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        loaded.set(None);
        leptos::task::spawn_local(async move {
            let result = load(rubric_url, task_url).await;
            if generation.get_value() == mine {
                loaded.set(Some(result));
            }
        });
    });
    let last = RwSignal::new(None::<String>);
    // Where submissions go: `?endpoint=URL`, by default the reference receiver that serves
    // this page; `?endpoint=` (empty) keeps them in the page (only the `rubric-submit` event).
    let endpoint = browser::query_param("endpoint").unwrap_or_else(|| "api/submissions".into());
    let mut policy = RetryPolicy::default();
    if let Some(ms) = browser::query_param("timeout_ms").and_then(|t| t.parse().ok()) {
        policy.timeout_ms = ms;
    }
    let courier = (!endpoint.is_empty()).then(|| Courier::start(&endpoint, policy));
    let origins: Vec<String> = browser::page_origin().into_iter().collect();
    let widget = move || {
        let annotator = annotator.clone();
        let origins = origins.clone();
        match loaded.get() {
            None => view! { <p class="rw-loading" role="status">"Loading the rubric and task…"</p> }.into_any(),
            Some(Loaded::Invalid(problems, notes)) => view! { <ErrorView problems notes /> }.into_any(),
            Some(Loaded::Ready(rubric, task)) => view! {
                <ReviewForm rubric task annotator image_origins=origins courier=courier on_submit=Callback::new(move |json| last.set(Some(json))) />
            }
            .into_any(),
        }
    };
    view! {
        <header class="demo-head">
            <h1>"Rubric review widget"</h1>
            {(!is_custom).then(|| view! {
                <label class="demo-picker">
                    "Example: "
                    <select data-testid="example-picker" on:change=move |ev| { last.set(None); example.set(event_target_value(&ev)); }>
                        {EXAMPLES.iter().map(|(k, name)| view! { <option value=*k selected=move || example.get() == *k>{*name}</option> }).collect_view()}
                    </select>
                </label>
            })}
        </header>
        <main>{widget}</main>
        <section class="demo-output" aria-label="Submission emitted by the widget">
            <h2>"Last submission"</h2>
            <pre data-testid="submission-json" tabindex="0">{move || last.get().map(|j| pretty(&j)).unwrap_or_else(|| "Nothing submitted yet.".to_string())}</pre>
        </section>
    }
}

/// Indented JSON for display, by the browser's own `JSON`.
fn pretty(json: &str) -> String {
    let space = wasm_bindgen::JsValue::from(2);
    js_sys::JSON::parse(json)
        .and_then(|v| {
            js_sys::JSON::stringify_with_replacer_and_space(
                &v,
                &wasm_bindgen::JsValue::NULL,
                &space,
            )
        })
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| json.to_string())
}
