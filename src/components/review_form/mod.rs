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

use super::criterion_field::CriterionField;
use super::delivery_status::{DeliveryStatus, OutboxList};
use super::error_summary::ErrorSummary;
use super::form::{ContentLang, Form, ImageOrigins};
use super::markdown::Markdown;
use super::progress::Progress;
use super::task_view::TaskView;
use crate::browser;
use crate::delivery::Courier;
use active_time::use_active_time;
use autosave::{use_draft, use_draft_saving};
use host::use_host_events;
use hotkeys::use_hotkeys;
use leptos::prelude::*;
use rubric_core::form::ids::uuid_v4;
use rubric_core::form::rules::tension_applies;
use rubric_core::form::submission::Submission;
use rubric_core::text::i18n::{Msg, Translate};
use rubric_core::text::messages as msg;
use rubric_core::{Rubric, Task};
use std::sync::Arc;
use submit::use_submit;

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
}

/// A review of one task against one rubric. Emits `rubric-submit` (bubbling, composed, the
/// submission as `detail`) from its root element when the reviewer submits a complete form.
#[component]
pub fn ReviewForm(
    /// The validated rubric.
    rubric: Arc<Rubric>,
    /// The validated task; must fit the rubric (`rubric_core::document::parse::check_task_fits`).
    task: Arc<Task>,
    /// Who reviews; part of the draft key and the submission.
    #[prop(into)]
    annotator: String,
    /// The host's outbox namespace, also part of the draft key. Default: none.
    #[prop(optional, into)]
    namespace: String,
    /// Origins images in content may load from. Default: none.
    #[prop(optional)]
    image_origins: Vec<String>,
    /// Called with the submission after the DOM event (the quiz scores its answers). Default:
    /// none.
    #[prop(optional)]
    on_submit: Option<Callback<Submission>>,
    /// Start without the saved draft (the host called `reset()`), and delete it. Default: false.
    #[prop(optional)]
    discard_draft: bool,
    /// The submit button's text. Default: "Submit review", in the widget's language.
    #[prop(default = msg::submit_review)]
    submit_label: Msg,
    /// Delivers submissions to the backend. Default: none (the submission only leaves as the
    /// `rubric-submit` event).
    #[prop(default = None)]
    courier: Option<Courier>,
    /// The host's queue, when it gave one. Default: none (one task).
    #[prop(default = None)]
    next: Option<NextTask>,
    /// Hide "Can't assess this task" (a quiz item must be answered). Default: false.
    #[prop(optional)]
    no_skip: bool,
    /// Called once every criterion is in the page (a long form's later criteria come a slice
    /// per task after the first screen). Default: none.
    #[prop(default = None)]
    on_rendered: Option<Callback<()>>,
) -> impl IntoView {
    let prefix = format!("rw{}", &uuid_v4(browser::random_bytes())[..8]);
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
    provide_context(ContentLang(rubric.language.clone()));

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
    let (save_error, save_failed) = (draft.error, tr.clone());
    let finish = use_submit(&form, stage, time, host, annotator, draft, on_submit);
    let skipped = RwSignal::new(None::<String>);
    let skip_view = (!no_skip).then(|| skip::skip_panel(&form, finish, skipped, stage));
    let open_help =
        shortcuts::shortcuts_help(&tr, &form.rubric, &form.keys, format!("{prefix}-keys"));
    let help_button = open_help.clone();
    use_hotkeys(&form, root, stage, time, next, finish, open_help);

    let fr = form.clone();
    let start_over = move |_| {
        for a in fr.answers.iter() {
            a.set(None);
        }
        fr.show_errors.set(false);
    };
    let restored_note = restored_at.map(|ms| {
        let when = tr.date_time(ms);
        view! {
            <p class="rw-banner rw-info" data-testid="draft-restored" hidden=move || stage.with(|s| *s != Stage::Editing)>
                {tr.f(msg::draft_restored, &[("when", (&when).into())])} " "
                <button type="button" class="rw-button rw-small" on:click=start_over>{tr.t(msg::start_over)}</button>
            </p>
        }
    });
    let rubric = form.rubric.clone();
    let criteria = criteria_in_slices(&form, on_rendered);
    let hotkeys_on = form.hotkeys_on;
    let has_hotkeys = !form.keys.is_empty();
    let done_id = format!("{prefix}-done");
    let (submit_text, handed) = (tr.t(submit_label), tr.t(msg::handed_to_page));
    let next_view =
        next.map(|n| next_task_view(n, move || stage.with(|s| *s == Stage::Editing), true, &tr));
    if next.is_some_and(|n| n.place.get_untracked().0 > 1) {
        // A later task of the queue (the button the reviewer pressed is gone): it starts at
        // the top of the widget, focus on its task, so keyboard and screen reader users read
        // it first.
        browser::focus_id(format!("{prefix}-task"));
        request_animation_frame(move || {
            if let Some(r) = root.get_untracked() {
                r.scroll_into_view();
            }
        });
    }
    view! {
        <div class="rw" node_ref=root data-testid="rubric-widget" data-hotkeys=move || (!hotkeys_on.get()).then_some("off")>
            {(!storage_ok).then(|| view! {
                <p class="rw-banner rw-warn" role="alert" data-testid="storage-warning">
                    {tr.t(msg::storage_blocked)}
                </p>
            })}
            {move || save_error.get().map(|e| view! {
                <p class="rw-banner rw-warn" role="alert">{save_failed.f(msg::draft_not_saved, &[("error", (&e).into())])}</p>
            })}
            {restored_note}
            {courier.map(|courier| view! { <OutboxList courier current=Signal::derive(move || match stage.get() { Stage::Done(id) => Some(id), Stage::Editing => None }) me=Signal::derive(move || root.get().map(Into::into)) /> })}
            <div class="rw-layout">
                <TaskView />
                <form class="rw-form" novalidate on:submit=move |ev| { ev.prevent_default(); finish.run(None); }>
                    <header class="rw-form-head">
                        <h2 class="rw-title" dir="auto" lang=rubric.language.clone()>{rubric.title.clone()}</h2>
                        {(!rubric.instructions.is_empty()).then(|| view! { <div class="rw-instructions"><Markdown text=rubric.instructions.clone() /></div> })}
                        {next.map(|n| {
                            let tr = tr.clone();
                            view! {
                                <p class="rw-place" data-testid="queue-place">
                                    {move || { let (n, total) = n.place.get(); tr.f(msg::queue_place, &[("n", (n as usize).into()), ("total", (total as usize).into())]) }}
                                </p>
                            }
                        })}
                        <Progress />
                        <p class="rw-hotkey-toggle">
                            {has_hotkeys.then(|| view! {
                                <input type="checkbox" id=format!("{prefix}-hotkeys") prop:checked=move || hotkeys_on.get() on:change=move |ev| hotkeys_on.set(event_target_checked(&ev)) />
                                <label for=format!("{prefix}-hotkeys")>{tr.t(msg::hotkeys_toggle)}</label>
                            })}
                            <button type="button" class="rw-button rw-small" id=format!("{prefix}-keys") aria-haspopup="dialog" data-testid="shortcuts-button" on:click=move |_| help_button()>
                                {tr.t(msg::keys_title)} " " <kbd class="rw-kbd">"?"</kbd>
                            </button>
                        </p>
                    </header>
                    <ErrorSummary id=format!("{prefix}-summary") />
                    // Once submitted the answers are what the server has: every control is
                    // disabled (still readable), so nothing can diverge from the submission.
                    <fieldset class="rw-answers" disabled=move || stage.with(|s| *s != Stage::Editing) data-testid="answers">
                        {criteria}
                    </fieldset>
                    <p class="rw-skipped" data-testid="skipped" hidden=move || skipped.with(Option::is_none)>{move || skipped.get()}</p>
                    <div class="rw-actions">
                        {move || match stage.get() {
                            Stage::Editing => view! {
                                <button type="submit" class="rw-button rw-primary" data-testid="submit">{submit_text.clone()}</button>
                            }.into_any(),
                            Stage::Done(id) => match courier {
                                Some(courier) => view! {
                                    <div class="rw-banner rw-ok" id=done_id.clone() tabindex="-1" data-testid="done">
                                        <DeliveryStatus courier id />
                                    </div>
                                }.into_any(),
                                None => view! {
                                    <p class="rw-banner rw-ok" id=done_id.clone() tabindex="-1" role="status" data-testid="done">
                                        {handed.clone()}
                                    </p>
                                }.into_any(),
                            },
                        }}
                        {next_view}
                    </div>
                    {skip_view}
                </form>
            </div>
        </div>
    }
}

/// Criteria built with the form itself: about two screens, so the first screen is there at
/// once. A longer form's later criteria are built [`SLICE`] per task, out of sight, and shown
/// together in the task that builds the last: at 200 criteria building everything at once was
/// one task of 350-600 ms, the page frozen. Shown slice by slice, each slice cost a layout of
/// the whole form so far (Chromium marks every question dirty when questions are appended to
/// the column: 16 frames of 50-130 ms), so the slices wait hidden (no layout) and the rest of
/// the form is laid out once.
///
/// Each slice is a box of its own (`.rw-slice`, a column with layout containment), and that
/// is what keeps an answer's cost flat: a change inside a question makes Chromium run the
/// layout of every ancestor again over all its children (cached, but each visited), so with
/// 200 questions in one column a keystroke's layout grew with the form; in slices of 16 it
/// visits about 13 slices and 16 questions.
const FIRST_SLICE: usize = 16;
/// Criteria built per task after the first slice: about 20-30 ms of work on a slow machine.
const SLICE: usize = 16;

/// Every criterion's field (with the tension notes it closes): the first [`FIRST_SLICE`] at
/// once, the rest a slice per task, hidden until the last is built; `on_rendered` once every
/// criterion is shown. A slice is built once: its placeholder follows a flag set one time,
/// never unset. Answers, issues and the draft live in the form's signals, not in the page, so
/// a key or a restored draft that reaches a criterion not built yet is shown when it is.
fn criteria_in_slices(form: &Form, on_rendered: Option<Callback<()>>) -> impl IntoView {
    let n = form.rubric.criteria.len();
    let fields = move |form: &Form, from: usize, to: usize| {
        (from..to)
            .map(|i| {
                let notes = tension_notes(form, i);
                view! { <CriterionField idx=i /> {notes} }
            })
            .collect_view()
    };
    let first = view! { <div class="rw-slice">{fields(form, 0, n.min(FIRST_SLICE))}</div> };
    let later: Vec<(usize, RwSignal<bool>)> = (FIRST_SLICE..n)
        .step_by(SLICE)
        .map(|from| (from, RwSignal::new(false)))
        .collect();
    let flags: Vec<RwSignal<bool>> = later.iter().map(|(_, on)| *on).collect();
    let all = RwSignal::new(flags.is_empty());
    let rest = later
        .into_iter()
        .map(|(from, on)| {
            let form = form.clone();
            move || {
                on.get().then(|| {
                    view! {
                        <div class="rw-slice" hidden=move || !all.get()>
                            {fields(&form, from, (from + SLICE).min(n))}
                        </div>
                    }
                })
            }
        })
        .collect_view();
    build_next(flags, all, 0, on_rendered);
    view! { {first} {rest} }
}

/// In the next task, builds slice `k` (its flag set; the view follows in the same task), the
/// last one shown with all the others (`all`), then calls `on_rendered`. Stops when the form
/// is gone (a flag disposed: another task opened, or the widget unmounted).
fn build_next(
    flags: Vec<RwSignal<bool>>,
    all: RwSignal<bool>,
    k: usize,
    on_rendered: Option<Callback<()>>,
) {
    browser::set_timeout(0, move || {
        let Some(flag) = flags.get(k) else {
            if all.try_get_untracked().is_some() {
                if let Some(done) = on_rendered {
                    done.run(());
                }
            }
            return;
        };
        if flag.try_set(true).is_some() {
            return;
        }
        if k + 1 == flags.len() {
            all.set(true);
        }
        build_next(flags, all, k + 1, on_rendered);
    });
}

/// "Next task" once `editing()` is false (the review is submitted, or the task could not be
/// shown), or why there is none; `key`: the `N` key works here (a form listens for it), so the
/// button shows it.
pub fn next_task_view(
    next: NextTask,
    editing: impl Fn() -> bool + Copy + Send + Sync + 'static,
    key: bool,
    tr: &crate::i18n::I18n,
) -> impl IntoView {
    let last = tr.t(msg::no_more_tasks);
    let empty = move || next.state.get() == QueueState::Empty;
    view! {
        <button type="button" class="rw-button rw-primary" data-testid="next-task" hidden=move || editing() || empty() on:click=move |_| next.go.run(())>
            {tr.t(msg::next_task)} {key.then(|| view! { " " <kbd class="rw-kbd">"N"</kbd> })}
        </button>
        // Filled only when shown, so screen readers announce it as it appears.
        <p class="rw-hint" role="status" data-testid="queue-empty">{move || (!editing() && empty()).then(|| last.clone())}</p>
    }
}

/// Guidance for each tension whose later criterion is `i`, shown once both sides are answered.
fn tension_notes(form: &Form, i: usize) -> impl IntoView {
    let rubric = &form.rubric;
    let index_of = |id: &str| rubric.criteria.iter().position(|c| c.id == id);
    rubric
        .tensions
        .iter()
        .filter_map(|t| {
            let (a, b) = (index_of(&t.between[0])?, index_of(&t.between[1])?);
            (a.max(b) == i).then_some((a, b, t.guidance.clone()))
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
            let both = move || tension_applies(&f.state(), a, b);
            view! {
                <aside class="rw-tension" role="note" hidden=move || !both() data-testid="tension">
                    <h3 class="rw-tension-title">{titles}</h3>
                    <Markdown text=guidance />
                </aside>
            }
        })
        .collect_view()
}
