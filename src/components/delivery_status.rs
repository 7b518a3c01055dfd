//! Where each submission is, in words the reviewer understands, with what they can do about
//! it: saved on this device, sending, delivered, or needs attention (docs/promises.md, P2 and P4).

use crate::browser;
use crate::delivery::Courier;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use rubric_core::delivery::outbox::{Entry, Status};
use rubric_core::document::json;
use rubric_core::text::i18n::Translate;
use rubric_core::text::messages as msg;

/// The status of submission `id`, announced politely as it changes.
#[component]
pub fn DeliveryStatus(courier: Courier, #[prop(into)] id: String) -> impl IntoView {
    let entry = {
        let id = id.clone();
        Memo::new(move |_| {
            courier
                .entries
                .with(|es| es.iter().find(|e| e.id == id).cloned())
        })
    };
    let unsaved = move || courier.unsaved.with(|u| u.contains(&id));
    let keep_open = use_i18n().t(msg::keep_page_open);
    view! {
        <div class="rw-delivery" role="status" tabindex="-1" data-testid="delivery-status"
            data-state=move || entry.get().map_or("unknown", |e| Status::name(&e.status))>
            {move || entry.get().map(|e| view! { <EntryView courier entry=e /> })}
            {move || unsaved().then(|| view! {
                <p class="rw-warn-text">{keep_open.clone()}</p>
            })}
        </div>
    }
}

/// Submissions from this device other than `current`: earlier ones still on their way, or
/// refused ones waiting for the reviewer. Those another widget on this page just submitted are
/// that widget's to show. `me` is this widget's root element.
#[component]
pub fn OutboxList(
    courier: Courier,
    current: Signal<Option<String>>,
    me: Signal<Option<web_sys::EventTarget>>,
) -> impl IntoView {
    // Those this list saw on their way: when they arrive the reviewer sees "Submitted". One
    // delivered before the list opened needs nothing more and is left out (on every next task
    // of a queue it would only push the form down).
    let waited = StoredValue::new(Vec::<String>::new());
    let others = Memo::new(move |_| {
        let cur = current.get();
        let me = me.get();
        courier.entries.with(|es| {
            es.iter()
                .filter(|e| {
                    let delivered = matches!(e.status, Status::Delivered);
                    if !delivered && !waited.with_value(|w| w.contains(&e.id)) {
                        waited.update_value(|w| w.push(e.id.clone()));
                    }
                    Some(&e.id) != cur.as_ref()
                        && (!delivered || waited.with_value(|w| w.contains(&e.id)))
                        && !courier.sent_by_other(&e.id, me.as_ref())
                })
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let tr = use_i18n();
    let title = tr.t(msg::outbox_title);
    move || {
        let list = others.get();
        (!list.is_empty()).then(|| view! {
            <section class="rw-outbox rw-banner rw-info" aria-label=title.clone() data-testid="outbox">
                <h2 class="rw-outbox-title">{title.clone()}</h2>
                <ul>
                    {list.into_iter().map(|e| {
                        let (name, more) = names_of(&e, &tr);
                        let state = Status::name(&e.status);
                        view! {
                            <li class="rw-outbox-entry" tabindex="-1" data-testid="outbox-entry" data-state=state>
                                <strong dir="auto">{name}</strong>" "
                                <span class="rw-entry-meta" dir="auto">{more}</span>
                                <EntryView courier entry=e />
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        })
    }
}

/// One entry's status line and actions.
#[component]
fn EntryView(courier: Courier, entry: Entry) -> impl IntoView {
    let tr = use_i18n();
    // What was submitted, in the reviewer's words: a trainee's quiz result is not a review.
    let kind = kind_of(&entry.body);
    let what = [("what", kind.into())];
    let (text, can_retry) = match &entry.status {
        Status::Delivered => (tr.f(msg::status_delivered, &what), false),
        Status::Sending => (tr.t(msg::status_sending), false),
        Status::Queued => match &entry.last_error {
            None => (tr.t(msg::status_queued), false),
            Some(problem) => {
                let err = problem.describe(&tr);
                (
                    tr.f(msg::status_retrying, &[("error", (&err).into())]),
                    true,
                )
            }
        },
        Status::NeedsAuth => (tr.f(msg::status_needs_auth, &what), true),
        Status::Failed { message } => (
            tr.f(
                msg::status_refused,
                &[("what", kind.into()), ("message", message.into())],
            ),
            false,
        ),
    };
    let elsewhere = (!courier.sending_tab.get_untracked()
        && matches!(entry.status, Status::Sending | Status::Queued))
    .then(|| format!(" {}", tr.t(msg::status_other_tab)));
    let failed = matches!(entry.status, Status::Failed { .. }).then(|| {
        let Entry { id, body, .. } = entry;
        let copied = RwSignal::new(false);
        // Removing deletes the only copy of the reviewer's answers: asked twice, in place.
        let confirming = RwSignal::new(false);
        let (sure, keep) = (tr.t(msg::remove_sure), tr.t(msg::remove_keep));
        // Focus follows the question: on the safe answer while asked, back on "Remove" after.
        let (keep_button, remove_button) = (NodeRef::<leptos::html::Button>::new(), NodeRef::<leptos::html::Button>::new());
        let ask = move |on: bool| {
            confirming.set(on);
            request_animation_frame(move || {
                let target = if on { keep_button } else { remove_button };
                if let Some(b) = target.get_untracked() {
                    let _ = b.focus();
                }
            });
        };
        let copied_text = tr.t(msg::copied);
        let href = format!(
            "data:application/json;charset=utf-8,{}",
            js_sys::encode_uri_component(&body)
        );
        view! {
            <p>{tr.t(msg::refused_kept)}</p>
            <p class="rw-row">
                <a class="rw-button rw-small" download=format!("submission-{id}.json") href=href data-testid="download">{tr.t(msg::download_json)}</a>
                <button type="button" class="rw-button rw-small" on:click=move |_| browser::copy_text(&body, move || copied.set(true))>{tr.t(msg::copy_json)}</button>
                <button type="button" class="rw-button rw-small" node_ref=remove_button hidden=move || confirming.get() on:click=move |_| ask(true)>{tr.t(msg::remove_from_device)}</button>
                <span class="rw-row" role="group" hidden=move || !confirming.get()>
                    <span>{sure}</span>
                    <button type="button" class="rw-button rw-small" on:click=move |_| courier.dismiss(&id)>{tr.t(msg::remove_for_good)}</button>
                    <button type="button" class="rw-button rw-small" node_ref=keep_button on:click=move |_| ask(false)>{keep}</button>
                </span>
                <span role="status">{move || copied.get().then(|| copied_text.clone())}</span>
            </p>
        }
    });
    let retry_text = tr.t(msg::try_again_now);
    view! {
        <p dir="auto" data-testid="delivery-text">
            {text} {elsewhere} " "
            {can_retry.then(|| view! { <button type="button" class="rw-button rw-small" on:click=move |ev| { courier.retry_now(); keep_focus(&ev) }>{retry_text}</button> })}
        </p>
        {failed}
    }
}

/// The button pressed goes away with the state it belonged to: focus moves to the status it
/// was part of, not to the page's start.
fn keep_focus(ev: &leptos::ev::MouseEvent) {
    use wasm_bindgen::JsCast;
    let status = ev
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|b| b.closest(".rw-delivery, .rw-outbox-entry").ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = status {
        let _ = el.focus();
    }
}

/// How the list names an entry: by what the reviewer read (the start of the task's prompt, or
/// the quiz's title), then, quieter, when it was submitted and the task's id, the portal's name
/// for it (asked for when something needs support). An entry stored by an earlier version has
/// no name of its own: its task id, or "Quiz result", names it.
fn names_of(e: &Entry, tr: &crate::i18n::I18n) -> (String, String) {
    let body = json::parse(&e.body).ok();
    let task = body
        .as_ref()
        .and_then(|n| n.get("task_id"))
        .and_then(|t| t.as_str())
        .unwrap_or_default();
    let name = match &e.label {
        l if !l.is_empty() => l.clone(),
        _ if body.as_ref().is_some_and(|n| n.get("result_id").is_some()) => {
            tr.t(msg::outbox_quiz_result)
        }
        _ => task.to_string(),
    };
    let mut more = String::new();
    if e.at_ms > 0 {
        more = tr.date_time(e.at_ms);
    }
    if task != name && !task.is_empty() {
        if !more.is_empty() {
            more.push_str(" · ");
        }
        more.push_str(task);
    }
    (name, more)
}

/// What an outbox entry is, for the words that name it: a quiz result (it has a `result_id`),
/// a skipped task (a submission with `skipped`, written only for one) or a review.
fn kind_of(body: &str) -> &'static str {
    match json::parse(body) {
        Ok(n) if n.get("result_id").is_some() => "result",
        Ok(n) if n.get("skipped").is_some() => "skip",
        _ => "review",
    }
}
