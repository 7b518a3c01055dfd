//! The review form: task, instructions, every criterion, tensions, progress, draft autosave,
//! hotkeys, active time, and submit.

use super::criterion_field::CriterionField;
use super::delivery_status::{DeliveryStatus, OutboxList};
use super::error_summary::ErrorSummary;
use super::form::{ContentLang, Form, ImageOrigins};
use super::markdown::Markdown;
use super::progress::Progress;
use super::task_view::TaskView;
use crate::browser;
use crate::delivery::Courier;
use leptos::prelude::*;
use rubric_core::form::draft::{self, Draft};
use rubric_core::form::ids::uuid_v4;
use rubric_core::form::rules::{answers_by_id, tension_applies};
use rubric_core::form::submission::{Context, Submission};
use rubric_core::form::time::ActiveTimer;
use rubric_core::text::i18n::{Msg, Translate};
use rubric_core::text::messages as msg;
use rubric_core::{Rubric, Task};
use std::sync::Arc;
use wasm_bindgen::JsCast;

thread_local! {
    /// How many review forms the page shows: keys typed on the page body go to a form only when
    /// it is the only one.
    static FORMS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Where the form is in its life.
#[derive(Clone, Debug, PartialEq)]
enum Stage {
    Editing,
    /// Submitted; holds the submission id.
    Done(String),
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
) -> impl IntoView {
    let prefix = format!("rw{}", &uuid_v4(browser::random_bytes())[..8]);
    let storage_ok = browser::storage_works();
    let key = draft::key(&rubric, &task, &annotator, &namespace);
    if discard_draft {
        browser::remove(&key);
    }
    let restored = browser::load(&key).and_then(|t| Draft::restore(&t, &rubric, &task));
    let started_at_ms = restored
        .as_ref()
        .map_or_else(browser::now_ms, |d| d.started_at_ms);
    let restored_at = restored
        .as_ref()
        .filter(|d| !d.answers.is_empty())
        .map(|d| d.saved_at_ms);
    let timer = StoredValue::new(ActiveTimer::resume(
        restored.as_ref().map_or(0, |d| d.active_ms),
    ));
    let form = Form::new(
        rubric.clone(),
        task.clone(),
        &annotator,
        restored.map(|d| d.answers).unwrap_or_default(),
        prefix.clone(),
    );
    provide_context(form.clone());
    provide_context(ImageOrigins(Arc::new(image_origins)));
    provide_context(ContentLang(rubric.language.clone()));

    let tr = form.tr.clone();
    let stage = RwSignal::new(Stage::Editing);
    let root = NodeRef::<leptos::html::Div>::new();
    if let Some(c) = courier {
        Effect::new(move |_| {
            if let Some(el) = root.get() {
                c.set_target(el.into());
            }
        });
    }
    let save_error = RwSignal::new(None::<String>);
    let save_failed = tr.clone();

    // Sync with localStorage: every answer change rewrites the draft (docs/promises.md, P5).
    let answers = form.answers.clone();
    let draft_key = key.clone();
    // Every change after the first render is also a `rubric-change` event for the host.
    Effect::new(move |prev: Option<()>| {
        let answers_now: Vec<_> = answers.iter().map(|a| a.get()).collect();
        if stage.get() != Stage::Editing {
            return;
        }
        let f = answers_by_id(&rubric, answers_now);
        if let (Some(()), Some(el)) = (prev, root.get_untracked()) {
            let mut w = rubric_core::document::json::Writer::default();
            w.begin_object();
            w.key("answers");
            rubric_core::model::answer::write_answers(&mut w, &f);
            w.end_object();
            browser::dispatch_json(&el, "rubric-change", &w.finish());
        }
        if !storage_ok || (f.is_empty() && browser::load(&draft_key).is_none()) {
            return; // nowhere to keep it, or nothing to keep yet
        }
        let d = Draft {
            v: draft::DRAFT_VERSION,
            answers: f,
            started_at_ms,
            active_ms: timer.with_value(|t| t.active_ms),
            saved_at_ms: browser::now_ms(),
        };
        save_error.set(browser::save(&draft_key, &d.to_json()).err());
    });

    // Active time: interactions count, hidden pages pause (rubric_core::form::time::ActiveTimer).
    let touch = move || timer.update_value(|t| t.touch(browser::now_ms()));
    let h1 = window_event_listener(leptos::ev::pointerdown, move |_| touch());
    let h2 = window_event_listener(leptos::ev::input, move |_| touch());
    let h3 = window_event_listener(leptos::ev::visibilitychange, move |_| {
        let hidden = document().hidden();
        if hidden {
            timer.update_value(ActiveTimer::pause);
        }
    });
    // Hotkeys: a level's key picks it, unless the reviewer is typing or turned them off.
    let fk = form.clone();
    let h4 = window_event_listener(leptos::ev::keydown, move |ev| {
        touch();
        if !fk.hotkeys_on.get_untracked() || stage.get_untracked() != Stage::Editing {
            return;
        }
        // The element the key went to, also inside a shadow root (where `target` is the host).
        let target = ev
            .composed_path()
            .get(0)
            .dyn_into::<web_sys::EventTarget>()
            .ok();
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || browser::typing_in(target.clone()) {
            return;
        }
        // Only keys pressed inside this widget (or the widget around it that marks itself
        // `data-hotkey-scope`, like the quiz), or on the page body when this is the page's
        // only form, so two widgets on one page never both react.
        let inside = target
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
            .is_some_and(|n| {
                root.get_untracked().is_some_and(|r| {
                    let scope = r.closest("[data-hotkey-scope]").ok().flatten();
                    scope.unwrap_or_else(|| r.into()).contains(Some(&n))
                }) || (n.node_name() == "BODY" && FORMS.with(|f| f.get()) == 1)
            });
        if !inside {
            return;
        }
        // The character typed, else the key's position (non-Latin keyboard layouts).
        let hit = fk.hotkeys.get(&ev.key().to_ascii_lowercase()).or_else(|| {
            rubric_core::model::rubric::hotkey_of_code(&ev.code()).and_then(|k| fk.hotkeys.get(&k))
        });
        if let Some(&(idx, slot)) = hit {
            if fk.visible[idx].get_untracked() {
                ev.prevent_default();
                fk.pick(idx, slot);
            }
        }
    });
    FORMS.with(|f| f.set(f.get() + 1));
    on_cleanup(move || {
        FORMS.with(|f| f.set(f.get().saturating_sub(1)));
        h1.remove();
        h2.remove();
        h3.remove();
        h4.remove();
    });

    let summary_id = format!("{prefix}-summary");
    let fs = form.clone();
    let submit_key = key.clone();
    let submit = move |_| {
        if stage.get_untracked() != Stage::Editing {
            return; // a second click on a finished form does nothing (P3)
        }
        fs.show_errors.set(true);
        let ctx = Context {
            submission_id: uuid_v4(browser::random_bytes()),
            annotator: &annotator,
            response_order: fs.response_order.to_vec(),
            started_at_ms,
            submitted_at_ms: browser::now_ms(),
            active_ms: timer.with_value(|t| t.active_ms),
            client_version: crate::VERSION,
        };
        match Submission::build(&fs.rubric, &fs.task, &fs.snapshot(), ctx, &fs.tr) {
            Err(_) => browser::focus_id(summary_id.clone()),
            Ok(sub) => {
                let json = sub.to_json();
                // The draft goes only once the outbox has stored the submission: the answers
                // are always somewhere, even when storage is full (P2).
                match courier {
                    Some(c) => {
                        let from = root.get_untracked().map(Into::into);
                        c.submit(&sub.submission_id, &json, from, Some(&submit_key));
                    }
                    None => browser::remove(&submit_key),
                }
                if let Some(el) = root.get_untracked() {
                    browser::dispatch_json(&el, "rubric-submit", &json);
                }
                stage.set(Stage::Done(sub.submission_id.clone()));
                if let Some(cb) = on_submit {
                    cb.run(sub);
                }
                browser::focus_id(format!("{}-done", fs.prefix));
            }
        }
    };

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
            <p class="rw-banner rw-info" data-testid="draft-restored">
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
    let has_hotkeys = !form.hotkeys.is_empty();
    let done_id = format!("{prefix}-done");
    let (submit_text, handed) = (tr.t(submit_label), tr.t(msg::handed_to_page));
    view! {
        <div class="rw" node_ref=root data-testid="rubric-widget">
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
                <form class="rw-form" novalidate on:submit=move |ev| { ev.prevent_default(); submit(()); }>
                    <header class="rw-form-head">
                        <h2 class="rw-title" dir="auto" lang=rubric.language.clone()>{rubric.title.clone()}</h2>
                        {(!rubric.instructions.is_empty()).then(|| view! { <div class="rw-instructions"><Markdown text=rubric.instructions.clone() /></div> })}
                        <Progress />
                        {has_hotkeys.then(|| view! {
                            <p class="rw-hotkey-toggle">
                                <input type="checkbox" id=format!("{prefix}-hotkeys") prop:checked=move || hotkeys_on.get() on:change=move |ev| hotkeys_on.set(event_target_checked(&ev)) />
                                <label for=format!("{prefix}-hotkeys")>{tr.t(msg::hotkeys_toggle)} " " <kbd class="rw-kbd">{tr.t(msg::hotkeys_key)}</kbd></label>
                            </p>
                        })}
                    </header>
                    <ErrorSummary id=format!("{prefix}-summary") />
                    {criteria}
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
                    </div>
                </form>
            </div>
        </div>
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
