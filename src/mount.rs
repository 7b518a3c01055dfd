//! The JavaScript mount API: `mountReview(element, config)` (exported by `main.rs`) puts a review widget into a host
//! element and returns a handle. The demo page is such a host (`demo/demo.js`), as is any
//! portal. Everything the widget needs comes from `config`; nothing is read from the page URL.
//!
//! `config` (all strings unless said): `rubricSrc` and `taskSrc` (URLs, resolved against the
//! page), `annotator`, `endpoint` (where submissions are POSTed; none: they only leave as the
//! `rubric-submit` event), `timeoutMs` (number), `imageOrigins` (array of origins content
//! images may load from).

use crate::browser;
use crate::components::error_view::{DocumentProblems, ErrorView};
use crate::components::review_form::ReviewForm;
use crate::delivery::Courier;
use leptos::prelude::*;
use rubric_core::outbox::RetryPolicy;
use rubric_core::parse::{check_task_fits, Parsed};
use rubric_core::{parse_rubric, parse_task, Limits, Rubric, Task};
use std::sync::Arc;
use wasm_bindgen::JsValue;

/// A mounted widget. Dropping it (or `unmount()`) removes the widget from the page.
///
/// The `#[wasm_bindgen]` wrappers live in `main.rs`: exports from this library would not
/// survive the link of the binary that Trunk builds.
pub struct Mounted {
    view: Option<Box<dyn std::any::Any>>,
    courier: Option<Courier>,
}

impl Mounted {
    /// Removes the widget and stops its timers. Queued submissions stay in storage and are
    /// sent by the next widget for the same endpoint.
    pub fn unmount(&mut self) {
        self.view.take();
    }

    /// Sets the `Authorization` header value for deliveries (e.g. `Bearer …`); submissions
    /// waiting for credentials are sent again at once.
    pub fn set_authorization(&self, value: Option<String>) {
        if let (Some(c), Some(_)) = (self.courier, &self.view) {
            c.set_authorization(value);
        }
    }
}

/// The host's config object, read leniently: a missing or mistyped field is its default.
pub struct Config(JsValue);

impl Config {
    pub fn new(js: JsValue) -> Config {
        Config(js)
    }

    fn get(&self, name: &str) -> JsValue {
        js_sys::Reflect::get(&self.0, &name.into()).unwrap_or_default()
    }

    pub fn text(&self, name: &str) -> Option<String> {
        self.get(name).as_string()
    }

    /// The retry policy, with `timeoutMs` when given.
    pub fn policy(&self) -> RetryPolicy {
        let mut policy = RetryPolicy::default();
        if let Some(ms) = self.get("timeoutMs").as_f64().filter(|ms| *ms >= 1.0) {
            policy.timeout_ms = ms as u64;
        }
        policy
    }

    /// `imageOrigins`: where content images may load from.
    pub fn origins(&self) -> Vec<String> {
        let v = self.get("imageOrigins");
        if !v.is_object() {
            return Vec::new();
        }
        js_sys::Array::from(&v)
            .iter()
            .filter_map(|o| o.as_string())
            .collect()
    }
}

/// Mounts `view` into `element`, with a courier for `config.endpoint` when one is given. The
/// courier is made inside the widget's reactive owner, so unmounting stops it.
pub fn mount<V: IntoView + 'static>(
    element: web_sys::HtmlElement,
    config: &Config,
    view: impl FnOnce(Option<Courier>) -> V + 'static,
) -> Mounted {
    let endpoint = config.text("endpoint").filter(|e| !e.is_empty());
    let policy = config.policy();
    let courier = std::rc::Rc::new(std::cell::Cell::new(None));
    let made = courier.clone();
    let mounted = leptos::mount::mount_to(element, move || {
        let c = endpoint.map(|e| Courier::start(&e, policy));
        made.set(c);
        view(c)
    });
    Mounted {
        view: Some(Box::new(mounted)),
        courier: courier.get(),
    }
}

/// Mounts a review widget into `element` with `config` (see the module documentation).
pub fn mount_review(element: web_sys::HtmlElement, config: JsValue) -> Mounted {
    let config = Config::new(config);
    let rubric_src = config.text("rubricSrc").unwrap_or_default();
    let task_src = config.text("taskSrc").unwrap_or_default();
    let annotator = config
        .text("annotator")
        .unwrap_or_else(|| "anonymous".into());
    let origins = config.origins();
    mount(element, &config, move |courier| {
        view! { <Review rubric_src task_src annotator origins courier /> }
    })
}

/// What loading a rubric and a task produced.
#[derive(Clone)]
enum Loaded {
    Ready(Arc<Rubric>, Arc<Task>),
    Invalid(Vec<DocumentProblems>, Vec<String>),
}

/// Loads the rubric and the task, then shows the form, or every problem found.
#[component]
fn Review(
    rubric_src: String,
    task_src: String,
    annotator: String,
    origins: Vec<String>,
    courier: Option<Courier>,
) -> impl IntoView {
    let loaded = RwSignal::new(None::<Loaded>);
    leptos::task::spawn_local(async move {
        loaded.set(Some(load(rubric_src, task_src).await));
    });
    move || {
        match loaded.get() {
        None => view! { <p class="rw-loading" role="status">"Loading the rubric and task…"</p> }.into_any(),
        Some(Loaded::Invalid(problems, notes)) => view! { <ErrorView problems notes /> }.into_any(),
        Some(Loaded::Ready(rubric, task)) => view! {
            <ReviewForm rubric task annotator=annotator.clone() image_origins=origins.clone() courier />
        }
        .into_any(),
    }
    }
}

/// Fetches a configured document; an empty URL is a configuration error naming the field.
pub async fn fetch_config(url: String, name: &'static str) -> Result<String, String> {
    if url.is_empty() {
        return Err(format!("the configuration gives no {name}"));
    }
    browser::fetch_text(&url).await
}

async fn load(rubric_url: String, task_url: String) -> Loaded {
    let fetch = fetch_config;
    let (rubric_text, task_text) = (
        fetch(rubric_url.clone(), "rubricSrc").await,
        fetch(task_url.clone(), "taskSrc").await,
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

/// One fetched document parsed, its failure recorded as a note (fetch) or a report (content).
pub fn read<T>(
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
