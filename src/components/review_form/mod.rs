//! The review form: task, instructions, every criterion, tensions, progress, draft autosave,
//! hotkeys, active time, and submit.
//!
//! The component builds the view; each concern that talks to the outside world is a `use_*`
//! function in its own file, set up under the form's owner: [`autosave`] (the draft),
//! [`active_time`] (the clock), [`hotkeys`], [`host`] (events and the courier) and [`submit`].

mod active_time;
mod autosave;
mod host;
mod hotkeys;
mod shortcuts;
mod skip;
mod submit;

use super::criterion_field::{criterion_field, required_text_id};
use super::delivery_status::{delivery_status, outbox_list};
use super::dom::{
    bind, bind_attr, bind_checked, bind_flag, bind_text, bind_view, child, el, small_button, Dom,
    Edit, Make,
};
use super::error_summary::error_summary;
use super::form::{content_lang, ContentLang, Form, ImageOrigins};
use super::markdown::markdown_el;
use super::progress::progress;
use super::task_view::task_view;
use crate::browser;
use crate::delivery::Courier;
use active_time::use_active_time;
use autosave::{use_draft, use_draft_saving};
use host::use_host_events;
use hotkeys::use_hotkeys;
use leptos::prelude::*;
use rubric_core::form::rules::tension_applies;
use rubric_core::form::submission::Submission;
use rubric_core::text::i18n::{Msg, Translate};
use rubric_core::text::messages as msg;
use rubric_core::{Rubric, Task};
use std::sync::Arc;
use submit::use_submit;
use web_sys::Element;

/// Where the form is in its life.
#[derive(Clone, Debug, PartialEq)]
enum Stage {
    Editing,
    /// Submitted; holds the submission id.
    Done(String),
}

/// Where the host's queue of tasks stands, after this form's task.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum QueueState {
    /// Another task may come: "Next task" asks for it.
    Ready,
    /// The next task is on its way.
    Loading,
    /// None is left.
    Empty,
}

/// The host's queue of tasks, as a submitted form offers it: "Next task" (a button and the
/// `N` key) replaces the form with the next task's.
#[derive(Clone, Copy)]
pub struct NextTask {
    pub go: Callback<()>,
    pub state: RwSignal<QueueState>,
    /// The task's place: (position from 1, tasks in all, 0 when not known).
    pub place: RwSignal<(u32, u32)>,
    /// Tasks of the host's queue done before the first one mounted (`queueStart` less one):
    /// added to the place shown, "Task 2 of 3" for a queue resumed at its second task.
    pub before: u32,
    /// Why the next task could not be fetched (the network): "Next task" asks again.
    pub problem: RwSignal<Option<String>>,
}

/// What a review form is given: [`ReviewForm`]'s props, for the code that builds the form
/// without a component (the review page's mount: a `#[component]` is an erased `AnyView`
/// there, and its view code would be the only tachys left in that wasm).
pub struct ReviewProps {
    /// The validated rubric.
    pub rubric: Arc<Rubric>,
    /// The validated task; must fit the rubric (`rubric_core::document::parse::check_task_fits`).
    pub task: Arc<Task>,
    /// Who reviews; part of the draft key and the submission.
    pub annotator: String,
    /// The host's outbox namespace, also part of the draft key (empty: none).
    pub namespace: String,
    /// Origins images in content may load from.
    pub image_origins: Vec<String>,
    /// Called with the submission after the DOM event (the quiz scores its answers).
    pub on_submit: Option<Callback<Submission>>,
    /// Start without the saved draft (the host called `reset()`), and delete it.
    pub discard_draft: bool,
    /// The submit button's text.
    pub submit_label: Msg,
    /// Delivers submissions to the backend (none: the submission only leaves as the
    /// `rubric-submit` event).
    pub courier: Option<Courier>,
    /// The host's queue, when it gave one (none: one task).
    pub next: Option<NextTask>,
    /// Hide "Can't assess this task" (a quiz item must be answered).
    pub no_skip: bool,
    /// Called once every criterion is in the page (a long form's later criteria are built in
    /// the tasks after the first screen).
    pub on_rendered: Option<Callback<()>>,
}

/// A review of one task against one rubric. Emits `rubric-submit` (bubbling, composed, the
/// submission as `detail`) from its root element when the reviewer submits a complete form.
/// The props are [`ReviewProps`]'s.
#[component]
pub fn ReviewForm(
    rubric: Arc<Rubric>,
    task: Arc<Task>,
    #[prop(into)] annotator: String,
    /// Default: none.
    #[prop(optional, into)]
    namespace: String,
    /// Default: none.
    #[prop(optional)]
    image_origins: Vec<String>,
    /// Default: none.
    #[prop(optional)]
    on_submit: Option<Callback<Submission>>,
    /// Default: false.
    #[prop(optional)]
    discard_draft: bool,
    /// Default: "Submit review", in the widget's language.
    #[prop(default = msg::submit_review)]
    submit_label: Msg,
    /// Default: none.
    #[prop(default = None)]
    courier: Option<Courier>,
    /// Default: none (one task).
    #[prop(default = None)]
    next: Option<NextTask>,
    /// Default: false.
    #[prop(optional)]
    no_skip: bool,
    /// Default: none.
    #[prop(default = None)]
    on_rendered: Option<Callback<()>>,
) -> impl IntoView {
    review_form(ReviewProps {
        rubric,
        task,
        annotator,
        namespace,
        image_origins,
        on_submit,
        discard_draft,
        submit_label,
        courier,
        next,
        no_skip,
        on_rendered,
    })
}

/// The review form of [`ReviewForm`], built with DOM calls.
pub fn review_form(props: ReviewProps) -> Dom {
    let ReviewProps {
        rubric,
        task,
        annotator,
        namespace,
        image_origins,
        on_submit,
        discard_draft,
        submit_label,
        courier,
        next,
        no_skip,
        on_rendered,
    } = props;
    let prefix = browser::dom_prefix("rw");
    let restored = use_draft(&rubric, &task, &annotator, &namespace, discard_draft);
    let (storage_ok, restored_at) = (restored.storage_ok, restored.restored_at);
    let form = Form::new(
        rubric.clone(),
        task.clone(),
        &annotator,
        restored.answers,
        prefix.clone(),
    );
    provide_context(form.clone());
    provide_context(ImageOrigins(Arc::new(image_origins)));
    // Only a language other than the widget's needs marking: the same language marked on every
    // title and card would be hundreds of attributes and elements saying nothing.
    let widgets = rubric
        .language
        .as_deref()
        .is_some_and(|l| l.eq_ignore_ascii_case(&form.tr.tag()));
    provide_context(ContentLang {
        other: rubric.language.clone().filter(|_| !widgets),
        widgets,
    });

    let tr = form.tr.clone();
    let stage = RwSignal::new(Stage::Editing);
    let root = NodeRef::<leptos::html::Div>::new();
    let host = use_host_events(root, courier);
    let time = use_active_time(restored.started_at_ms, restored.active_ms);
    let draft = use_draft_saving(
        restored.key,
        storage_ok,
        rubric,
        form.answers.clone(),
        stage,
        time,
        host,
    );
    let save_error = draft.error;
    let finish = use_submit(&form, stage, time, host, annotator, draft, on_submit);
    let skipped = RwSignal::new(None::<String>);
    let open_help =
        shortcuts::shortcuts_help(&tr, &form.rubric, &form.keys, format!("{prefix}-keys"));
    let help_button = open_help.clone();
    let key_said = use_hotkeys(&form, root, stage, time, next, finish, open_help);

    let rubric = form.rubric.clone();
    let hotkeys_on = form.hotkeys_on;
    let done_id = format!("{prefix}-done");
    if next.is_some_and(|n| n.place.get_untracked().0 > 1) {
        // A later task of the queue (the button the reviewer pressed is gone): it starts at
        // the top of the widget, focus on its task, so keyboard and screen reader users read
        // it first.
        browser::focus_id(format!("{prefix}-task"));
        browser::next_frame(Box::new(move || {
            if let Some(r) = root.get_untracked() {
                r.scroll_into_view();
            }
        }));
    }
    let editing = move || stage.with(|s| *s == Stage::Editing);
    let div = el("div").cls("rw").attr("data-testid", "rubric-widget");
    leptos::tachys::html::node_ref::NodeRefContainer::load(root, &div);
    bind_attr(&div, "data-hotkeys", move || {
        (!hotkeys_on.get()).then(|| "off".into())
    });
    if !storage_ok {
        banner(&div, "p", "rw-warn")
            .attr("role", "alert")
            .attr("data-testid", "storage-warning")
            .text(&tr.t(msg::storage_blocked));
    }
    let save_failed = tr.clone();
    bind_view(
        &div,
        move || save_error.get(),
        move |at, error| {
            if let Some(e) = error {
                let said = save_failed.f(msg::draft_not_saved, &[("error", (&e).into())]);
                banner(at, "p", "rw-warn").attr("role", "alert").text(&said);
            }
        },
    );
    if let Some(ms) = restored_at {
        let when = tr.date_time(ms);
        let note = banner(&div, "p", "rw-info")
            .attr("data-testid", "draft-restored")
            .text(&tr.f(msg::draft_restored, &[("when", (&when).into())]))
            .text(" ");
        // Gone once the reviewer starts over (focus then goes to the first question), or the
        // review is finished.
        let started_over = RwSignal::new(false);
        bind_flag(&note, "hidden", move || started_over.get() || !editing());
        let fr = form.clone();
        small_button(&note, &tr.t(msg::start_over)).on("click", move |_| {
            for a in fr.answers.iter() {
                a.set(None);
            }
            fr.show_errors.set(false);
            started_over.set(true);
            if !fr.rubric.criteria.is_empty() {
                browser::focus_id(fr.dom_id(0, "field"));
            }
        });
    }
    if let Some(courier) = courier {
        let current = move || match stage.get() {
            Stage::Done(id) => Some(id),
            Stage::Editing => None,
        };
        let me = move || root.get().map(Into::into);
        outbox_list(&div, courier, current, me);
    }
    let layout = child(&div, "div").cls("rw-layout").add(&task_view());
    let form_el = child(&layout, "form")
        .cls("rw-form")
        .attr("novalidate", "")
        .on("submit", move |ev| {
            ev.prevent_default();
            finish.run(None);
        });
    let head = child(&form_el, "header").cls("rw-form-head");
    let title = child(&head, "h2")
        .cls("rw-title")
        .attr("id", &format!("{prefix}-title"))
        .attr("dir", "auto")
        .text(&rubric.title);
    if let Some(l) = &rubric.language {
        title.set_attr("lang", l);
    }
    if !rubric.instructions.is_empty() {
        child(&head, "div").cls("rw-instructions").add(&markdown_el(
            &rubric.instructions,
            false,
            rubric.language.as_deref(),
            &tr,
        ));
    }
    if let Some(n) = next {
        let place = child(&head, "p")
            .cls("rw-place")
            .attr("data-testid", "queue-place");
        let tr = tr.clone();
        bind_text(&place, move || {
            let (at, total) = n.place.get();
            // An unknown total stays unknown (0: "Task 5").
            let total = if total == 0 { 0 } else { total + n.before };
            tr.f(
                msg::queue_place,
                &[
                    ("n", ((at + n.before) as usize).into()),
                    ("total", (total as usize).into()),
                ],
            )
        });
    }
    head.add_node(&progress());
    let toggles = child(&head, "p").cls("rw-hotkey-toggle");
    if !form.keys.is_empty() {
        let id = format!("{prefix}-hotkeys");
        let input = child(&toggles, "input")
            .attr("type", "checkbox")
            .attr("id", &id)
            .on("change", move |ev| {
                hotkeys_on.set(event_target_checked(&ev))
            });
        bind_checked(&input, move || hotkeys_on.get());
        child(&toggles, "label")
            .attr("for", &id)
            .text(&tr.t(msg::hotkeys_toggle));
    }
    let help = small_button(&toggles, &tr.t(msg::keys_title))
        .attr("id", &format!("{prefix}-keys"))
        .attr("aria-haspopup", "dialog")
        .attr("data-testid", "shortcuts-button")
        .text(" ")
        .on("click", move |_| help_button());
    child(&help, "kbd").cls("rw-kbd").text("?");
    form_el.add_node(&error_summary(format!("{prefix}-summary")));
    // Once submitted the answers are what the server has: every control is disabled (still
    // readable), so nothing can diverge from the submission.
    // Named by the rubric's title: a group without a name is announced as just "group".
    let answers = child(&form_el, "fieldset")
        .cls("rw-answers")
        .attr("aria-labelledby", &format!("{prefix}-title"))
        .attr("data-testid", "answers");
    bind_flag(&answers, "disabled", move || !editing());
    child(&answers, "span")
        .attr("id", &required_text_id(&prefix))
        .attr("hidden", "")
        .text(&tr.t(msg::required_sr));
    criteria_in_slices(&form, &answers, on_rendered);
    form_el.add_node(&key_said);
    let skipped_note = child(&form_el, "p")
        .cls("rw-skipped")
        .attr("data-testid", "skipped");
    bind_flag(&skipped_note, "hidden", move || {
        skipped.with(Option::is_none)
    });
    bind_text(&skipped_note, move || skipped.get().unwrap_or_default());
    let actions = child(&form_el, "div").cls("rw-actions");
    let (submit_text, handed) = (tr.t(submit_label), tr.t(msg::handed_to_page));
    bind_view(
        &actions,
        move || stage.get(),
        move |at, stage| match stage {
            Stage::Editing => {
                child(at, "button")
                    .attr("type", "submit")
                    .cls("rw-button rw-primary")
                    .attr("data-testid", "submit")
                    .text(&submit_text);
            }
            Stage::Done(id) => {
                let done = match courier {
                    Some(courier) => banner(at, "div", "rw-ok").add(&delivery_status(courier, id)),
                    None => banner(at, "p", "rw-ok")
                        .attr("role", "status")
                        .text(&handed),
                };
                done.attr("id", &done_id)
                    .attr("tabindex", "-1")
                    .attr("data-testid", "done");
            }
        },
    );
    if let Some(n) = next {
        for part in next_task_view(n, editing, true, &tr) {
            actions.add_node(&part);
        }
    }
    if !no_skip {
        form_el.add_node(&skip::skip_panel(&form, finish, skipped, stage));
    }
    Dom::one(div)
}

/// A `<{tag} class="rw-banner {kind}">` at the end of `parent`.
fn banner(parent: &Element, tag: &str, kind: &str) -> Element {
    child(parent, tag).cls(&format!("rw-banner {kind}"))
}

/// Questions per box; the first box (about two screens) is built with the form itself, so the
/// first screen is there at once (a short form is built whole: [`WHOLE_AT_ONCE`]). A longer
/// form's later criteria are built in the tasks after, [`BUILD_MS`] of work
/// each, out of sight, and shown together in the task that builds the last: at 200 criteria
/// building everything at once was one task of 350-600 ms, the page frozen. Shown slice by
/// slice, each slice cost a layout of the whole form so far (Chromium marks every question
/// dirty when questions are appended to the column: 16 frames of 50-130 ms), so they wait
/// hidden (no layout) and the rest of the form is laid out once.
///
/// Questions sit in boxes of [`SLICE`] (`.rw-slice`, a column with layout containment), and
/// that is what keeps an answer's cost flat: a change inside a question makes Chromium run the
/// layout of every ancestor again over all its children (cached, but each visited), so with
/// 200 questions in one column a keystroke's layout grew with the form; in boxes of 16 it
/// visits about 13 boxes and 16 questions.
const SLICE: usize = 16;
/// How long each later task builds questions, in ms: under the 50 ms of a long task.
const BUILD_MS: i64 = 30;
/// A form of at most this many questions is built whole in the first task. Building its
/// second box in a task of its own let the browser lay out and paint the first box in
/// between: at 20 criteria the form was whole one frame later (about 35 ms, a third of the
/// time from the rubric's arrival to the form on screen), for a box that takes a few ms.
const WHOLE_AT_ONCE: usize = 2 * SLICE;

/// Every criterion's field (with the tension notes it closes), into `answers`: a short form
/// ([`WHOLE_AT_ONCE`]) at once; a longer one's first [`SLICE`] at once, the rest
/// [`BUILD_MS`] per task into hidden boxes, shown once the last is built; then `on_rendered`.
/// Answers, issues and the draft live in the form's signals, not in the page, so a key or a
/// restored draft that reaches a criterion not built yet is shown when it is. Stops when the
/// form is gone (another task opened, or the widget unmounted).
fn criteria_in_slices(form: &Form, answers: &Element, on_rendered: Option<Callback<()>>) {
    let n = form.rubric.criteria.len();
    let first = if n <= WHOLE_AT_ONCE { n } else { SLICE };
    let boxes: Vec<Element> = (0..n.max(1))
        .step_by(SLICE)
        .map(|from| {
            let slice = child(answers, "div").cls("rw-slice");
            if from >= first.max(1) {
                slice.set_attr("hidden", "");
            }
            slice
        })
        .collect();
    for (b, from) in boxes.iter().zip((0..first).step_by(SLICE)) {
        fill_slice(form, b, from, first.min(from + SLICE));
    }
    // Disposed with the form's owner; held weakly, so a form that is gone is not kept.
    let alive = RwSignal::new(());
    let owner = Owner::current().map(|o| o.downgrade());
    let form = form.clone();
    let live = move || {
        owner
            .as_ref()
            .and_then(|o| o.upgrade())
            .filter(|_| alive.try_get_untracked().is_some())
    };
    leptos::task::spawn_local(async move {
        let mut next = first;
        while next < n {
            browser::yield_now().await;
            let Some(owner) = live() else { return };
            let since = browser::now_ms();
            owner.with(|| {
                while next < n && browser::now_ms() - since < BUILD_MS {
                    fill_slice(&form, &boxes[next / SLICE], next, next + 1);
                    next += 1;
                }
            });
        }
        for b in boxes.iter().skip(first.div_ceil(SLICE)) {
            b.unset("hidden");
        }
        browser::yield_now().await;
        if let (Some(_), Some(done)) = (live(), on_rendered) {
            done.run(());
        }
    });
}

/// Criteria `from..to`, each with the tension notes it closes, at the end of `slice`.
fn fill_slice(form: &Form, slice: &Element, from: usize, to: usize) {
    for i in from..to {
        for el in criterion_field(i).into_iter().chain(tension_notes(form, i)) {
            slice.add_node(&el);
        }
    }
}

/// "Next task" once `editing()` is false (the review is submitted, or the task could not be
/// shown), or why there is none; `key`: the `N` key works here (a form listens for it), so the
/// button shows it.
pub fn next_task_view(
    next: NextTask,
    editing: impl Fn() -> bool + Copy + 'static,
    key: bool,
    tr: &crate::i18n::I18n,
) -> Dom {
    let empty = move || next.state.get() == QueueState::Empty;
    let button = el("button")
        .attr("type", "button")
        .cls("rw-button rw-primary")
        .attr("data-testid", "next-task")
        .text(&tr.t(msg::next_task))
        .on("click", move |_| next.go.run(()));
    bind_flag(&button, "hidden", move || editing() || empty());
    if key {
        child(&button.clone().text(" "), "kbd")
            .cls("rw-kbd")
            .text("N");
    }
    // Filled only when shown, so screen readers announce it as it appears.
    let last = tr.t(msg::no_more_tasks);
    let note = el("p")
        .cls("rw-hint")
        .attr("role", "status")
        .attr("data-testid", "queue-empty");
    bind_text(&note, move || {
        if !editing() && empty() {
            last.clone()
        } else {
            String::new()
        }
    });
    Dom::many(vec![next_problem_view(next, tr), button, note])
}

/// Why the next task did not come (the network), over "Next task", which asks again. Apart
/// from [`next_task_view`], whose code is there once per kind of caller.
fn next_problem_view(next: NextTask, tr: &crate::i18n::I18n) -> Element {
    let problem = el("p")
        .cls("rw-banner rw-warn")
        .attr("role", "alert")
        .attr("data-testid", "next-task-problem");
    let (shown, said) = (problem.clone(), tr.clone());
    bind(Box::new(move || {
        let why = next.problem.get();
        shown.flag("hidden", why.is_none());
        shown.set_text_content(
            why.map(|why| said.f(msg::next_task_unreachable, &[("reason", (&why).into())]))
                .as_deref(),
        );
    }));
    problem
}

/// Guidance for each tension whose later criterion is `i`, shown once both sides are answered.
fn tension_notes(form: &Form, i: usize) -> Dom {
    let rubric = &form.rubric;
    let index_of = |id: &str| rubric.criteria.iter().position(|c| c.id == id);
    let lang = content_lang();
    let notes = rubric
        .tensions
        .iter()
        .filter_map(|t| {
            let (a, b) = (index_of(&t.between[0])?, index_of(&t.between[1])?);
            (a.max(b) == i).then_some((a, b, &t.guidance))
        })
        .map(|(a, b, guidance)| {
            let f = form.clone();
            let titles = form.tr.f(
                msg::tension_title,
                &[
                    ("a", (&rubric.criteria[a].title).into()),
                    ("b", (&rubric.criteria[b].title).into()),
                ],
            );
            let aside = el("aside")
                .cls("rw-tension")
                .attr("role", "note")
                .attr("data-testid", "tension");
            bind_flag(&aside, "hidden", move || !tension_applies(&f.state(), a, b));
            child(&aside, "h3").cls("rw-tension-title").text(&titles);
            aside.add(&markdown_el(guidance, false, lang.as_deref(), &form.tr))
        })
        .collect();
    Dom::many(notes)
}
