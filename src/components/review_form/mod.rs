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
use super::delivery_status::{delivery_status, OutboxList};
use super::dom::{bind_flag, child, el, Dom, Make};
use super::error_summary::ErrorSummary;
use super::form::{content_lang, ContentLang, Form, ImageOrigins};
use super::markdown::{markdown_el, Markdown};
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
    let n = rubric.criteria.len();
    let criteria = (0..n)
        .map(|i| {
            let notes = tension_notes(&form, i);
            view! { <CriterionField idx=i /> {notes} }
        })
        .collect_view();
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
                                        {delivery_status(courier, id)}
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
