//! Where each submission is, in words the reviewer understands, with what they can do about
//! it: saved on this device, sending, delivered, or needs attention (RELIABILITY.md, P2 and P4).

use crate::browser;
use crate::delivery::Courier;
use leptos::prelude::*;
use rubric_core::json;
use rubric_core::outbox::{Entry, Status};

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
    view! {
        <div class="rw-delivery" role="status" data-testid="delivery-status"
            data-state=move || entry.get().map_or("unknown", |e| state_name(&e.status))>
            {move || entry.get().map(|e| view! { <EntryView courier entry=e /> })}
            {move || unsaved().then(|| view! {
                <p class="rw-warn-text">"This browser did not let the page save it on this device: keep this page open until it is delivered."</p>
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
    let others = Memo::new(move |_| {
        let cur = current.get();
        let me = me.get();
        courier.entries.with(|es| {
            es.iter()
                .filter(|e| {
                    Some(&e.id) != cur.as_ref() && !courier.sent_by_other(&e.id, me.as_ref())
                })
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    move || {
        let list = others.get();
        (!list.is_empty()).then(|| view! {
            <section class="rw-outbox rw-banner rw-info" aria-label="Submissions from this device" data-testid="outbox">
                <h2 class="rw-outbox-title">"Submissions from this device"</h2>
                <ul>
                    {list.into_iter().map(|e| {
                        let task = task_of(&e.body);
                        let state = state_name(&e.status);
                        view! {
                            <li data-testid="outbox-entry" data-state=state>
                                <strong dir="auto">{task}</strong>" "
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
    let elsewhere = if courier.sending_tab.get_untracked() {
        ""
    } else {
        " Another open tab of this page is sending it."
    };
    let (text, can_retry) = match &entry.status {
        Status::Delivered => ("Submitted: the server has your review.".to_string(), false),
        Status::Sending => (format!("Saved on this device. Sending it to the server…{elsewhere}"), false),
        Status::Queued => match &entry.last_error {
            None => (format!("Saved on this device, waiting to be sent.{elsewhere}"), false),
            Some(err) => (
                format!("Saved on this device, not delivered yet ({err}). It will be sent again automatically.{elsewhere} "),
                true,
            ),
        },
        Status::NeedsAuth => (
            "The server asks for fresh credentials. Your review is kept on this device and is sent once the page signs you in again. ".to_string(),
            true,
        ),
        Status::Failed { message } => (format!("The server refused this review: {message}"), false),
    };
    let failed = matches!(entry.status, Status::Failed { .. }).then(|| {
        let Entry { id, body, .. } = entry;
        let copied = RwSignal::new(false);
        let href = format!(
            "data:application/json;charset=utf-8,{}",
            js_sys::encode_uri_component(&body)
        );
        view! {
            <p>"Your answers are kept on this device. Save them so they can be sent another way:"</p>
            <p class="rw-row">
                <a class="rw-button rw-small" download=format!("submission-{id}.json") href=href data-testid="download">"Download as JSON"</a>
                <button type="button" class="rw-button rw-small" on:click=move |_| browser::copy_text(&body, move || copied.set(true))>"Copy as JSON"</button>
                <button type="button" class="rw-button rw-small" on:click=move |_| courier.dismiss(&id)>"Remove from this device"</button>
                <span role="status">{move || copied.get().then_some("Copied.")}</span>
            </p>
        }
    });
    view! {
        <p dir="auto" data-testid="delivery-text">
            {text}
            {can_retry.then(|| view! { <button type="button" class="rw-button rw-small" on:click=move |_| courier.retry_now()>"Try again now"</button> })}
        </p>
        {failed}
    }
}

fn state_name(s: &Status) -> &'static str {
    match s {
        Status::Queued => "queued",
        Status::Sending => "sending",
        Status::Delivered => "delivered",
        Status::Failed { .. } => "failed",
        Status::NeedsAuth => "needs-auth",
    }
}

/// The task id inside a submission body, to name it in the list.
fn task_of(body: &str) -> String {
    json::parse(body)
        .ok()
        .and_then(|n| {
            n.get("task_id")
                .and_then(|t| t.as_str())
                .map(str::to_string)
        })
        .unwrap_or_default()
}
