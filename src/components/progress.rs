//! How far the reviewer is: answered questions out of those shown, and what is still required.

use super::dom::{bind, child, el, Edit, Make};
use super::form::use_form;
use leptos::prelude::*;
use rubric_core::text::i18n::Translate;
use rubric_core::text::messages as msg;
use web_sys::Element;

/// The progress bar of the enclosing form.
pub fn progress() -> Element {
    let form = use_form();
    let tr = form.tr.clone();
    // (shown, answered, still missing), kept by deltas: one effect per criterion follows its
    // visibility, answer and issue and adds what changed, so a change costs the same at any
    // form size (a memo over every criterion re-read all of them on each change).
    let counts = RwSignal::new([0u32; 3]);
    for i in 0..form.answers.len() {
        let (visible, answer, issue) = (form.visible[i], form.answers[i], form.issues[i]);
        let mut was = [0u32; 3];
        crate::components::follow(Box::new(move |_| {
            // Answer and issue count (and are followed) only while the criterion is shown.
            // A question counts as answered once nothing about it needs attention: a checklist
            // with one item of two answered is not "answered" and "still needs attention" at once.
            let shown = visible.get();
            let open = shown && issue.with(Option::is_some);
            let now = [
                shown as u32,
                (shown && !open && answer.with(|a| a.as_ref().is_some_and(|a| a.is_answered())))
                    as u32,
                open as u32,
            ];
            if now != was {
                counts.update(|c| {
                    for k in 0..3 {
                        c[k] = c[k] + now[k] - was[k];
                    }
                });
                was = now;
            }
        }));
    }
    let div = el("div").cls("rw-progress").attr("data-testid", "progress");
    let bar = child(&div, "progress").attr("aria-label", &tr.t(msg::progress_label));
    let text = child(&div, "span").cls("rw-progress-text");
    bind(Box::new(move || {
        let [shown, answered, missing] = counts.get();
        bar.set_attr("max", &shown.to_string());
        bar.set_attr("value", &answered.to_string());
        let said = tr.f(
            msg::progress,
            &[
                ("answered", (answered as usize).into()),
                ("shown", (shown as usize).into()),
                ("missing", (missing as usize).into()),
            ],
        );
        text.set_text_content(Some(&said));
    }));
    div
}
