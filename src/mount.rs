//! The JavaScript mount API: `mountReview(element, config)` (exported by `main.rs`) puts a
//! review widget into a host element and returns a handle. The demo pages, the custom elements
//! of `embed/rubric-embed.js` and the iframe page are such hosts. Everything the widget needs
//! comes from `config`; nothing is read from the page URL.
//!
//! `config` (all strings unless said): `rubricSrc` and `taskSrc` (URLs, resolved against the
//! page) or `rubricJson` and `taskJson` (the documents themselves, as JSON text), `annotator`,
//! `endpoint` (where submissions are POSTed; none: they only leave as the `rubric-submit`
//! event), `outboxNamespace` (keeps apart the queued submissions of people a portal gives the
//! same `annotator` id on one device), `timeoutMs` (number), `imageOrigins` (array of origins content images may load from),
//! `locale` (the widget's language, see `crate::i18n`; default: the browser's), `tasks` (an
//! array of task URLs or task objects reviewed after the first, in order), `nextTask` (a
//! function returning the next task, its URL or a promise of either, `null` when none is
//! left; asked once `tasks` is used up) and `queueStart` (number: the first task's position in
//! the host's whole queue, for a queue resumed part-way; default 1). With a queue, a submitted review offers "Next task";
//! `rubric-task-open` tells the host each task opened, `rubric-queue-empty` that none is left
//! (the last listed task opened without a `nextTask`, or `nextTask` gave nothing).

use crate::browser;
use crate::components::dom::{bind_attr, bind_view, child, el, Dom, Edit, Make};
use crate::components::error_view::{error_view, DocumentProblems};
use crate::components::review_form::{
    next_task_view, review_form, NextTask, QueueState, ReviewProps,
};
use crate::delivery::Courier;
use crate::i18n::{use_i18n, I18n};
use leptos::prelude::*;
use rubric_core::delivery::outbox::RetryPolicy;
use rubric_core::document::json::Writer;
use rubric_core::document::parse::{check_task_fits, Parsed};
use rubric_core::text::i18n::Translate;
use rubric_core::text::messages as msg;
use rubric_core::{parse_rubric, parse_task, Limits, Rubric, Task};
use std::sync::Arc;
use wasm_bindgen::JsValue;

/// A mounted widget: it stays on the page until `unmount()`. Dropping the handle leaves it
/// there: a page that does not keep the JavaScript handle gets it garbage-collected (and this
/// dropped) at any moment, which must never take a reviewer's form away.
///
/// The `#[wasm_bindgen]` wrappers live in `main.rs`: exports from this library would not
/// survive the link of the binary that Trunk builds.
pub struct Mounted {
    view: Option<std::mem::ManuallyDrop<Box<dyn std::any::Any>>>,
    courier: Option<Courier>,
    /// Bumped by `reset()`: the form is built again, without its draft.
    epoch: Option<RwSignal<u32>>,
}

impl Mounted {
    /// Removes the widget and stops its timers. Queued submissions stay in storage and are
    /// sent, each to its own endpoint, by the next widget for the same person.
    pub fn unmount(&mut self) {
        if let Some(view) = self.view.take() {
            drop(std::mem::ManuallyDrop::into_inner(view));
            if let Some(c) = self.courier {
                c.detach();
            }
        }
    }

    /// Sets the `Authorization` header value for deliveries (e.g. `Bearer …`); submissions
    /// waiting for credentials are sent again at once.
    pub fn set_authorization(&self, value: Option<String>) {
        if let (Some(c), Some(_)) = (self.courier, &self.view) {
            c.set_authorization(value);
        }
    }

    /// Discards the reviewer's answers and draft and shows a fresh form.
    pub fn reset(&self) {
        if let (Some(e), Some(_)) = (self.epoch, &self.view) {
            e.update(|n| *n += 1);
        }
    }
}

/// The host's config object, read leniently: a missing or mistyped field is its default.
pub struct Config(JsValue);

/// Where a configured document comes from.
#[derive(Clone)]
pub enum Source {
    Url(String),
    /// The document itself, given by the host as JSON text.
    Inline(String),
}

impl Source {
    /// How error messages name the document: "rubric (rubrics/a.json)".
    pub fn describe(&self, what: &str) -> String {
        match self {
            Source::Url(u) => format!("{what} ({u})"),
            Source::Inline(_) => format!("{what} (given by the page)"),
        }
    }

    /// Starts loading the document `name` (its config field `field` names it in errors): the
    /// fetch begins now, alongside the language's catalogue and the other documents.
    pub fn start(self, name: &str, field: &str) -> Document {
        let what = self.describe(name);
        let text: Pending = match self {
            Source::Inline(t) => Box::pin(std::future::ready(Ok(t))),
            Source::Url(u) if u.is_empty() => Box::pin(std::future::ready(Err(format!(
                "the configuration gives no {field}"
            )))),
            Source::Url(u) => Box::pin(browser::fetch_text(&u)),
        };
        Document { what, text }
    }
}

type Pending = std::pin::Pin<Box<dyn std::future::Future<Output = Result<String, String>>>>;

/// A document on its way: how errors name it, and its text once loaded (an empty URL is a
/// configuration error naming the field).
pub struct Document {
    pub what: String,
    pub text: Pending,
}

impl Config {
    pub fn new(js: JsValue) -> Config {
        Config(js)
    }

    /// A field as given (`undefined` when absent).
    pub fn get(&self, name: &str) -> JsValue {
        js_sys::Reflect::get(&self.0, &name.into()).unwrap_or_default()
    }

    pub fn text(&self, name: &str) -> Option<String> {
        self.get(name).as_string()
    }

    /// Document `name` (`rubric`, `task`, `quiz`): `{name}Json` when given, else `{name}Src`.
    pub fn source(&self, name: &str) -> Source {
        match self.text(&format!("{name}Json")) {
            Some(t) => Source::Inline(t),
            None => Source::Url(self.text(&format!("{name}Src")).unwrap_or_default()),
        }
    }

    /// The retry policy, with `timeoutMs` when given (clamped to what a timer can wait).
    pub fn policy(&self) -> RetryPolicy {
        RetryPolicy::with_timeout(self.get("timeoutMs").as_f64())
    }

    /// `queueStart`: the first task's position in the host's queue, from 1 (a number; the
    /// element's `queue-start` attribute is made one by the embed module); 1 when absent or
    /// not a whole number from 1 to a million.
    pub fn queue_start(&self) -> u32 {
        match self.get("queueStart").as_f64() {
            Some(n) if n.fract() == 0.0 && (1.0..=1e6).contains(&n) => n as u32,
            _ => 1,
        }
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

/// What a mounted view is given.
pub struct Host {
    pub element: web_sys::HtmlElement,
    pub courier: Option<Courier>,
    pub epoch: RwSignal<u32>,
    /// The host's `outboxNamespace` (empty when none).
    pub namespace: String,
    /// Where the view puts its nodes: with DOM calls (the review), or a `view!` through
    /// `embed` (the other modes).
    pub root: web_sys::Element,
}

/// Mounts into `element` what `view` puts into its host's `root`, with a courier for
/// `config.endpoint` when one is given, delivering `person`'s submissions (within
/// `config.outboxNamespace`).
pub fn mount(
    element: web_sys::HtmlElement,
    config: &Config,
    person: &str,
    view: impl FnOnce(Host) + 'static,
) -> Mounted {
    browser::register_root(&element);
    let endpoint = config.text("endpoint").filter(|e| !e.is_empty());
    let namespace = config.text("outboxNamespace").unwrap_or_default();
    let person = person.to_string();
    let policy = config.policy();
    let locale = config.text("locale");
    let made = std::rc::Rc::new(std::cell::Cell::new(None));
    let inner = made.clone();
    let host = element.clone();
    let mounted = leptos::mount::mount_to(element, move || {
        let courier = endpoint.map(|e| Courier::start(&e, &namespace, &person, policy));
        let namespace = namespace.clone();
        let epoch = RwSignal::new(0);
        inner.set(Some((courier, epoch)));
        // The language first (English needs no fetch), then the mode's view in it.
        let lang = RwSignal::new(None::<I18n>);
        leptos::task::spawn_local(async move { lang.set(Some(I18n::load(locale).await)) });
        let build = StoredValue::new_local(Some(move |lang: I18n, root: &web_sys::Element| {
            provide_context(lang);
            view(Host {
                element: host,
                courier,
                epoch,
                namespace,
                root: root.clone(),
            });
        }));
        let div = el("div").cls("rw-root");
        bind_attr(&div, "lang", move || {
            lang.get().map(|l| l.tag().to_string())
        });
        bind_attr(&div, "dir", move || lang.get().map(|l| l.dir().to_string()));
        bind_view(
            &div,
            move || lang.get(),
            move |root, lang| {
                // Built once, when the language is there.
                let Some(lang) = lang else { return };
                if let Some(f) = build.try_update_value(Option::take).flatten() {
                    f(lang, root);
                }
            },
        );
        Dom::one(div)
    });
    let (courier, epoch) = made.get().unzip();
    Mounted {
        view: Some(std::mem::ManuallyDrop::new(Box::new(mounted))),
        courier: courier.flatten(),
        epoch,
    }
}

/// Mounts a review widget into `element` with `config` (see the module documentation).
pub fn mount_review(element: web_sys::HtmlElement, config: JsValue) -> Mounted {
    let queue = browser::TaskQueue::of(&config);
    let config = Config::new(config);
    let rubric = config.source("rubric").start("rubric", "rubricSrc");
    // With a queue and no first task of its own, the first task is the queue's first.
    let task = match config.source("task") {
        Source::Url(u) if u.is_empty() && queue.is_some() => None,
        s => Some(s.start("task", "taskSrc")),
    };
    let annotator = config
        .text("annotator")
        .unwrap_or_else(|| "anonymous".into());
    let origins = config.origins();
    let before = config.queue_start() - 1;
    mount(element, &config, &annotator.clone(), move |host| {
        review(rubric, task, queue, annotator, origins, before, host)
    })
}

/// What loading a rubric and a task produced.
#[derive(Clone)]
enum Loaded {
    Ready(Arc<Rubric>, Arc<Task>),
    Invalid(Vec<DocumentProblems>, Vec<String>),
}

/// The next task from `queue`, where it comes from (`Ok(None)`: none is left), with how many
/// listed tasks remain after it and whether another may come.
async fn pull_task(queue: &browser::TaskQueue) -> (Result<Option<Source>, String>, u32, bool) {
    let pulled = queue.pull().await;
    let task = pulled.task.map(|t| {
        t.map(|(is_url, text)| {
            if is_url {
                Source::Url(text)
            } else {
                Source::Inline(text)
            }
        })
    });
    (task, pulled.remaining, pulled.more)
}

/// Loads the rubric and the first task, then shows the form, or every problem found; with a
/// host's queue, "Next task" after each submit loads the next task for the same rubric. Puts
/// what it shows at the end of `host.root`.
fn review(
    rubric: Document,
    // The first task; `None` when it is the queue's first.
    task: Option<Document>,
    queue: Option<browser::TaskQueue>,
    annotator: String,
    origins: Vec<String>,
    // Tasks of the host's queue done before the first one (`queueStart` less one).
    before: u32,
    host: Host,
) {
    let loaded = RwSignal::new(None::<Loaded>);
    let el = host.element.clone();
    let tr = use_i18n();
    let loading = tr.t(msg::loading_review);
    let next_state = RwSignal::new(QueueState::Ready);
    // Why the next task could not be fetched (the network), and that task, to ask again.
    let next_problem = RwSignal::new(None::<String>);
    // Not a `StoredValue`: one of a new type is arena code of its own in the wasm (~1 KiB).
    let retry = std::rc::Rc::new(std::cell::Cell::new(None::<(Source, u32, bool)>));
    // The rubric once loaded: every next task is read against it, whatever is shown.
    let rubric_now = StoredValue::new(None::<Arc<Rubric>>);
    let queue_given = queue.is_some();
    let open_ended = queue.as_ref().is_some_and(|q| q.open_ended());
    // This task's place in the queue: (position from 1, how many in all; 0 when a callback
    // decides what comes next).
    let place = RwSignal::new((0u32, 0u32));
    // The task being opened, until its form is in the page: (id, place, remaining, more).
    let opening = StoredValue::new(None::<(String, u32, u32, bool)>);
    let opened_el = StoredValue::new_local(host.element.clone());
    let on_rendered = Some(Callback::new(move |()| {
        let Some((id, n, remaining, more)) = opening.try_update_value(Option::take).flatten()
        else {
            return;
        };
        opened_el.with_value(|el| {
            tell_task_open(el, &id, n + before, remaining);
            if queue_given && !more {
                // The last task is open: a portal with more to give can add them now.
                browser::dispatch_json(el, "rubric-queue-empty", "{}");
            }
        });
    }));
    // Shows what loaded, telling the host which task opened or what was wrong.
    let show = move |result: Loaded, remaining: u32, more: bool| {
        match &result {
            Loaded::Ready(r, t) => {
                rubric_now.set_value(Some(r.clone()));
                let n = place.get_untracked().0 + 1;
                place.set((n, if open_ended && more { 0 } else { n + remaining }));
                // Told once the whole form is in the page (`on_rendered`), so a host or a
                // test can use it as soon as it hears.
                opening.set_value(Some((t.id.clone(), n, remaining, more)));
            }
            Loaded::Invalid(problems, notes) => tell_config_error(&el, problems, notes),
        }
        next_state.set(if more {
            QueueState::Ready
        } else {
            QueueState::Empty
        });
        loaded.set(Some(result));
    };
    // One way to open a task, the first one included: the config's own first task, else the
    // queue's next; the rubric is loaded with the first task, then kept.
    let rubric_doc = StoredValue::new_local(Some(rubric));
    let first = StoredValue::new_local(task);
    let el = host.element.clone();
    let words = tr.clone();
    let advance = move || {
        let (queue, el, show, tr) = (queue.clone(), el.clone(), show.clone(), tr.clone());
        let retry = retry.clone();
        leptos::task::spawn_local(async move {
            next_problem.set(None);
            // `source`: where a task of the queue comes from, to ask again when the network
            // failed it.
            let (task, remaining, more, source) =
                match (first.try_update_value(Option::take).flatten(), &queue) {
                    (Some(doc), q) => {
                        let (more, remaining) = q.as_ref().map_or((false, 0), |q| q.ahead());
                        (Ok(Some(doc)), remaining, more, None)
                    }
                    (None, Some(q)) => {
                        let (pulled, remaining, more) = match retry.take() {
                            Some((s, remaining, more)) => (Ok(Some(s)), remaining, more),
                            None => pull_task(q).await,
                        };
                        match pulled {
                            Ok(Some(s)) => {
                                let doc = s.clone().start("task", "tasks");
                                (Ok(Some(doc)), remaining, more, Some(s))
                            }
                            Ok(None) => (Ok(None), remaining, more, None),
                            Err(e) => (Err(e), remaining, more, None),
                        }
                    }
                    (None, None) => (Ok(None), 0, false, None),
                };
            let doc = match task {
                Ok(Some(doc)) => doc,
                Ok(None) if place.get_untracked().0 > 0 => {
                    next_state.set(QueueState::Empty);
                    return browser::dispatch_json(&el, "rubric-queue-empty", "{}");
                }
                Ok(None) => {
                    return show(
                        config_error("the configuration's tasks are empty"),
                        0,
                        false,
                    )
                }
                Err(e) => return show(config_error(&e), 0, false),
            };
            let result = match (
                rubric_doc.try_update_value(Option::take).flatten(),
                rubric_now.get_value(),
            ) {
                (Some(rubric), _) => {
                    let (rubric, result) = load(rubric, doc, &tr).await;
                    // A first task that cannot be shown is no reason to end the day either:
                    // the rubric read, every next task is read against it.
                    rubric_now.set_value(rubric);
                    result
                }
                (None, Some(rubric)) => {
                    // The network failed a task of the queue (offline, say): the submitted
                    // form stays, with why, and "Next task" asks for the same task again.
                    // Shown as the task's problems, it replaced the form and the queue went on
                    // past a task never done ("No more tasks" under it, when it was the last).
                    let what = doc.what;
                    let text = doc.text.await;
                    if let (Err(e), Some(s)) = (&text, source) {
                        if browser::unreachable(e) {
                            retry.set(Some((s, remaining, more)));
                            next_problem.set(Some(e.clone()));
                            next_state.set(QueueState::Ready);
                            return;
                        }
                    }
                    let text: Pending = Box::pin(std::future::ready(text));
                    load_task(rubric, Document { what, text }).await
                }
                (None, None) => return, // the rubric never loaded: nothing to review a task with
            };
            show(result, remaining, more);
        });
    };
    advance.clone()();
    let next = queue_given.then(|| NextTask {
        go: {
            let advance = StoredValue::new_local(advance);
            Callback::new(move |()| {
                if next_state.get_untracked() == QueueState::Ready {
                    next_state.set(QueueState::Loading);
                    advance.with_value(|a| a());
                }
            })
        },
        state: next_state,
        place,
        before,
        problem: next_problem,
    });
    let (courier, epoch, namespace) = (host.courier, host.epoch, host.namespace);
    let shown = move || (epoch.get() > 0, loaded.get());
    bind_view(&host.root, shown, move |at, (fresh, loaded)| match loaded {
        None => {
            child(at, "p")
                .cls("rw-loading")
                .attr("role", "status")
                .text(&loading);
        }
        // A task of the queue that cannot be shown is no reason to end the day: its problems
        // (also sent as `rubric-config-error`), then the next task.
        Some(Loaded::Invalid(problems, notes)) => {
            at.add_node(&error_view(&problems, &notes));
            if let Some(n) = next.filter(|_| rubric_now.with_value(Option::is_some)) {
                for part in next_task_view(n, || false, false, &words) {
                    at.add_node(&part);
                }
            }
        }
        Some(Loaded::Ready(rubric, task)) => {
            let form = review_form(ReviewProps {
                rubric,
                task,
                annotator: annotator.clone(),
                namespace: namespace.clone(),
                image_origins: origins.clone(),
                on_submit: None,
                discard_draft: fresh,
                submit_label: msg::submit_review,
                courier,
                next,
                no_skip: false,
                on_rendered,
            });
            for el in form {
                at.add_node(&el);
            }
        }
    });
}

/// The `rubric-task-open` event: which task the form now shows, its place among the tasks
/// opened by this widget (from 1), and how many listed tasks are still queued, so a portal
/// knows when to fetch more.
fn tell_task_open(target: &web_sys::HtmlElement, task_id: &str, position: u32, remaining: u32) {
    let mut w = Writer::default();
    w.begin_object();
    w.field_str("task_id", task_id);
    w.field_int("position", i64::from(position));
    w.field_int("remaining", i64::from(remaining));
    w.end_object();
    browser::dispatch_json(target, "rubric-task-open", &w.finish());
}

/// The `rubric-config-error` event: every problem, as data, for the host to log or show.
pub fn tell_config_error(
    target: &web_sys::HtmlElement,
    problems: &[DocumentProblems],
    notes: &[String],
) {
    let mut w = Writer::default();
    w.begin_object();
    w.key("notes");
    w.strs(notes);
    w.key("problems");
    w.begin_array();
    for p in problems {
        for i in p.report.errors() {
            w.begin_object();
            w.field_str("document", &p.what);
            w.field_str("path", &i.path.to_string());
            if let Some((line, column)) = i.at {
                w.field_int("line", line as i64);
                w.field_int("column", column as i64);
            }
            w.field_str("message", &i.message);
            w.end_object();
        }
    }
    w.end_array();
    w.end_object();
    browser::dispatch_json(target, "rubric-config-error", &w.finish());
}

/// Loads the rubric (in the reader's language) and the first task: the rubric when it could be
/// read, and the form or every problem found.
async fn load(rubric: Document, task: Document, tr: &I18n) -> (Option<Arc<Rubric>>, Loaded) {
    let (rubric_what, task_what) = (rubric.what, task.what);
    let (rubric_text, task_text) = (rubric.text.await, task.text.await);
    let mut notes = Vec::new();
    let mut problems = Vec::new();
    let rubric = read(
        rubric_text,
        parse_rubric,
        rubric_what,
        &mut notes,
        &mut problems,
    );
    let task = read(
        task_text,
        parse_task,
        task_what.clone(),
        &mut notes,
        &mut problems,
    );
    let rubric = rubric.map(|r| Arc::new(tr.localize(&r)));
    let loaded = match (&rubric, task) {
        (Some(r), Some(t)) => fits(r.clone(), t, task_what, problems, notes),
        _ => Loaded::Invalid(problems, notes),
    };
    (rubric, loaded)
}

/// A problem of the configuration itself, shown like a document's.
fn config_error(note: &str) -> Loaded {
    Loaded::Invalid(Vec::new(), vec![note.to_string()])
}

/// Loads another task for the rubric already shown.
async fn load_task(rubric: Arc<Rubric>, task: Document) -> Loaded {
    let (mut notes, mut problems) = (Vec::new(), Vec::new());
    let text = task.text.await;
    match read(
        text,
        parse_task,
        task.what.clone(),
        &mut notes,
        &mut problems,
    ) {
        Some(t) => fits(rubric, t, task.what, problems, notes),
        None => Loaded::Invalid(problems, notes),
    }
}

/// Ready when `task` fits `rubric`, else every problem.
fn fits(
    rubric: Arc<Rubric>,
    task: Task,
    task_what: String,
    mut problems: Vec<DocumentProblems>,
    notes: Vec<String>,
) -> Loaded {
    let fit = check_task_fits(&rubric, &task);
    if fit.has_errors() {
        problems.push(DocumentProblems {
            what: format!("{task_what}, for this rubric"),
            report: fit,
        });
        return Loaded::Invalid(problems, notes);
    }
    Loaded::Ready(rubric, Arc::new(task))
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
