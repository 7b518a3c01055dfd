//! Where each submission is, in words the reviewer understands, with what they can do about
//! it: saved on this device, sending, delivered, or needs attention (docs/promises.md, P2 and P4).

use super::dom::{bind_view_changed, child, el, small_button, Dom, Edit, Make};
use crate::browser;
use crate::delivery::Courier;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use rubric_core::delivery::outbox::{Entry, Status};
use rubric_core::document::json;
use rubric_core::text::i18n::Translate;
use rubric_core::text::messages as msg;
use wasm_bindgen::JsCast;
use web_sys::Element;

/// The status of submission `id`, announced politely as it changes.
pub fn delivery_status(courier: Courier, id: String) -> Element {
    let tr = use_i18n();
    let div = el("div")
        .cls("rw-delivery")
        .attr("role", "status")
        .attr("tabindex", "-1")
        .attr("data-testid", "delivery-status");
    let keep_open = tr.t(msg::keep_page_open);
    let state = div.clone();
    // Made again only when this entry or whether it is stored changed, not on every change
    // to another entry.
    bind_view_changed(
        &div,
        move || {
            let entry = courier
                .entries
                .with(|es| es.iter().find(|e| e.id == id).cloned());
            (entry, courier.unsaved.with(|u| u.contains(&id)))
        },
        move |at, (e, unsaved)| {
            let name = e.as_ref().map_or("unknown", |e| Status::name(&e.status));
            state.set_attr("data-state", name);
            if let Some(e) = e {
                entry_view(at, courier, e);
            }
            if unsaved {
                child(at, "p").cls("rw-warn-text").text(&keep_open);
            }
        },
    );
    div
}

/// Submissions from this device other than `current`: earlier ones still on their way, or
/// refused ones waiting for the reviewer. Those another widget on this page just submitted are
/// that widget's to show. `me` is this widget's root element. For the views built with
/// `view!` (the quiz); [`outbox_list`] is the same list built with DOM calls.
#[component]
pub fn OutboxList(
    courier: Courier,
    current: Signal<Option<String>>,
    me: Signal<Option<web_sys::EventTarget>>,
) -> impl IntoView {
    let waited = StoredValue::new(Vec::new());
    let others = Memo::new(move |_| others_in_outbox(courier, current.get(), me.get(), waited));
    let tr = use_i18n();
    move || {
        let list = others.get();
        (!list.is_empty()).then(|| Dom::one(outbox_section(courier, list, &tr)))
    }
}

/// [`OutboxList`] at the end of `parent`.
pub fn outbox_list(
    parent: &Element,
    courier: Courier,
    current: impl Fn() -> Option<String> + 'static,
    me: impl Fn() -> Option<web_sys::EventTarget> + 'static,
) {
    let waited = StoredValue::new(Vec::new());
    let tr = use_i18n();
    bind_view_changed(
        parent,
        move || others_in_outbox(courier, current(), me(), waited),
        move |at, list| {
            if !list.is_empty() {
                at.add_node(&outbox_section(courier, list, &tr));
            }
        },
    );
}

/// The entries an outbox list shows (see [`OutboxList`]): all but `current` and those another
/// widget than `me` sent. `waited` holds those the list saw on their way: when they arrive the
/// reviewer sees "Submitted". One delivered before the list opened needs nothing more and is
/// left out (on every next task of a queue it would only push the form down).
fn others_in_outbox(
    courier: Courier,
    cur: Option<String>,
    me: Option<web_sys::EventTarget>,
    waited: StoredValue<Vec<String>>,
) -> Vec<Entry> {
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
}

/// The list of `entries`, with its title.
fn outbox_section(courier: Courier, entries: Vec<Entry>, tr: &crate::i18n::I18n) -> Element {
    let title = tr.t(msg::outbox_title);
    let section = el("section")
        .cls("rw-outbox rw-banner rw-info")
        .attr("aria-label", &title)
        .attr("data-testid", "outbox");
    child(&section, "h2").cls("rw-outbox-title").text(&title);
    let ul = child(&section, "ul");
    for e in entries {
        let (name, more) = names_of(&e, tr);
        let li = child(&ul, "li")
            .cls("rw-outbox-entry")
            .attr("tabindex", "-1")
            .attr("data-testid", "outbox-entry")
            .attr("data-state", Status::name(&e.status));
        child(&li, "strong").attr("dir", "auto").text(&name);
        li.add_text(" ");
        child(&li, "span")
            .cls("rw-entry-meta")
            .attr("dir", "auto")
            .text(&more);
        entry_view(&li, courier, e);
    }
    section
}

/// One entry's status line and actions, at the end of `at`.
fn entry_view(at: &Element, courier: Courier, entry: Entry) {
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
    let line = child(at, "p")
        .attr("dir", "auto")
        .attr("data-testid", "delivery-text")
        .text(&text);
    if !courier.sending_tab.get_untracked()
        && matches!(entry.status, Status::Sending | Status::Queued)
    {
        line.append_with_str_2(" ", &tr.t(msg::status_other_tab))
            .ok();
    }
    line.add_text(" ");
    if can_retry {
        small_button(&line, &tr.t(msg::try_again_now)).on("click", move |ev| {
            courier.retry_now();
            keep_focus(&ev)
        });
    }
    if !matches!(entry.status, Status::Failed { .. }) {
        return;
    }
    let Entry { id, body, .. } = entry;
    child(at, "p").text(&tr.t(msg::refused_kept));
    let row = child(at, "p").cls("rw-row");
    let href = format!(
        "data:application/json;charset=utf-8,{}",
        js_sys::encode_uri_component(&body)
    );
    child(&row, "a")
        .cls("rw-button rw-small")
        .attr("download", &format!("submission-{id}.json"))
        .attr("href", &href)
        .attr("data-testid", "download")
        .text(&tr.t(msg::download_json));
    let copied = child(&row, "span").attr("role", "status");
    let copied_text = tr.t(msg::copied);
    small_button(&row, &tr.t(msg::copy_json)).on("click", {
        let copied = copied.clone();
        move |_| {
            let (copied, text) = (copied.clone(), copied_text.clone());
            browser::copy_text(
                &body,
                Box::new(move || copied.set_text_content(Some(&text))),
            )
        }
    });
    // Removing deletes the only copy of the reviewer's answers: asked twice, in place, focus
    // on the safe answer while asked, back on "Remove" after.
    let remove = small_button(&row, &tr.t(msg::remove_from_device));
    let confirm = child(&row, "span")
        .cls("rw-row")
        .attr("role", "group")
        .attr("hidden", "");
    child(&confirm, "span").text(&tr.t(msg::remove_sure));
    small_button(&confirm, &tr.t(msg::remove_for_good)).on("click", move |_| courier.dismiss(&id));
    let keep = small_button(&confirm, &tr.t(msg::remove_keep));
    let (remove_el, keep_el) = (remove.clone(), keep.clone());
    let ask = move |on: bool| {
        let (remove, keep) = (&remove_el, &keep_el);
        remove.flag("hidden", on);
        confirm.flag("hidden", !on);
        let target = if on { keep } else { remove };
        if let Some(b) = target.dyn_ref::<web_sys::HtmlElement>().cloned() {
            browser::next_frame(Box::new(move || {
                let _ = b.focus();
            }));
        }
    };
    let ask_again = ask.clone();
    remove.on("click", move |_| ask(true));
    keep.on("click", move |_| ask_again(false));
    // The status comes last, as it did: a screen reader hears "Copied" after the buttons.
    row.add_node(&copied);
}

/// The button pressed goes away with the state it belonged to: focus moves to the status it
/// was part of, not to the page's start.
fn keep_focus(ev: &web_sys::Event) {
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
