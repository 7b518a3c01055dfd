//! What leaves the form for the page and the backend: `rubric-change` and `rubric-submit` DOM
//! events from the form's root, and submissions handed to the courier.

use crate::browser;
use crate::delivery::Courier;
use leptos::prelude::*;
use rubric_core::document::json::Writer;
use rubric_core::document::output::WriteJson;
use rubric_core::Answer;
use std::collections::BTreeMap;

/// The form's way out to its host. `Copy`, for the effects and handlers that use it.
#[derive(Clone, Copy)]
pub struct Host {
    root: NodeRef<leptos::html::Div>,
    courier: Option<Courier>,
}

/// Connects the form whose root element is `root` to its host: the courier (if any) reports
/// delivery as events from that element once it exists.
pub fn use_host_events(root: NodeRef<leptos::html::Div>, courier: Option<Courier>) -> Host {
    if let Some(c) = courier {
        crate::components::follow(Box::new(move |_| {
            if let Some(el) = root.get() {
                c.set_target(el.into());
            }
        }));
    }
    Host { root, courier }
}

impl Host {
    /// Tells the page the answers changed (`rubric-change`, `{"answers": …}`).
    pub fn changed(self, answers: &BTreeMap<String, Answer>) {
        if let Some(el) = self.root.get_untracked() {
            let mut w = Writer::default();
            w.begin_object();
            w.key("answers");
            answers.write_json(&mut w);
            w.end_object();
            browser::dispatch_json(&el, "rubric-change", &w.finish());
        }
    }

    /// Hands a finished submission on: to the courier's outbox, which removes the draft at
    /// `draft_key` only once it has stored the submission, so the answers are always somewhere,
    /// even when storage is full (P2); without a courier the draft goes now. Then tells the
    /// page (`rubric-submit`, the submission as `detail`). `label` names it for the reviewer
    /// among other queued submissions.
    pub fn submitted(self, submission_id: &str, json: &str, label: &str, draft_key: &str) {
        match self.courier {
            Some(c) => {
                let from = self.root.get_untracked().map(Into::into);
                c.submit(submission_id, json, label, from, Some(draft_key));
            }
            None => browser::remove(draft_key),
        }
        if let Some(el) = self.root.get_untracked() {
            browser::dispatch_json(&el, "rubric-submit", json);
        }
    }
}
