//! The item under review: prompt, context, metadata and the responses, side by side (the
//! default for two, the reviewer's choice) where the task is wide enough, else one above the
//! other.

use super::dom::{bind_attr, bind_class, child, el, Edit, Make};
use super::form::{use_form, Form, ImageOrigins};
use super::markdown::markdown_el;
use crate::browser;
use leptos::prelude::*;
use rubric_core::text::i18n::Translate;
use rubric_core::text::messages as msg;
use rubric_core::{Rubric, Task};
use std::collections::BTreeMap;
use std::sync::Arc;
use web_sys::Element;

/// The task as `annotator` saw it in a form of `rubric` (its responses in the same order and
/// with the same labels), shown without that form: a quiz's feedback on an item quotes its
/// prompt and responses, so they stay in view beside it. Images load from `image_origins`.
pub fn task_view_alone(
    rubric: Arc<Rubric>,
    task: Arc<Task>,
    annotator: &str,
    image_origins: Vec<String>,
) -> Element {
    let prefix = browser::dom_prefix("rw");
    provide_context(Form::new(rubric, task, annotator, BTreeMap::new(), prefix));
    provide_context(ImageOrigins(Arc::new(image_origins)));
    task_view()
}

/// The task of the enclosing form.
pub fn task_view() -> Element {
    let form = use_form();
    let task = &form.task;
    let tr = &form.tr;
    // Inside the task view, content is the task's, in the task's language.
    let lang = task.language.as_deref();
    let md = |text: &str| markdown_el(text, false, lang, tr);
    let label = tr.f(
        msg::task_label,
        &[(
            "prompt",
            (&rubric_core::text::excerpt(&task.prompt, 40)).into(),
        )],
    );
    let section = el("section")
        .cls("rw-task")
        .attr("id", &format!("{}-task", form.prefix))
        .attr("tabindex", "-1")
        .attr("aria-label", &label);
    child(&section, "h2")
        .cls("rw-section-title")
        .text(&tr.t(msg::prompt));
    child(&section, "div")
        .cls("rw-prompt")
        .add(&md(&task.prompt));
    if let Some(c) = &task.context {
        let details = child(&section, "details").cls("rw-context");
        child(&details, "summary").text(&tr.t(msg::context));
        details.add_node(&md(c));
    }
    if !task.metadata.is_empty() {
        let dl = child(&section, "dl").cls("rw-metadata");
        for (k, v) in &task.metadata {
            // Each pair runs in its key's direction, the pairs in the widget's: in an Arabic
            // widget an English pair read "stats-utils repository", its value first.
            let row = child(&dl, "div").attr("dir", "auto");
            child(&row, "dt").text(k);
            child(&row, "dd").attr("dir", "auto").text(v);
        }
    }
    let head = child(&section, "div").cls("rw-responses-head");
    let several = task.responses.len() > 1;
    child(&head, "h2")
        .cls("rw-section-title")
        .text(&tr.t(if several {
            msg::responses
        } else {
            msg::response
        }));
    // Two responses side by side read as a comparison; three or more in one task column are
    // too narrow to read (code would scroll sideways), so stay stacked. The choice is kept on
    // the device.
    let side = form.side_by_side;
    let pair = task.responses.len() == 2;
    if pair {
        let toggle = child(&head, "button")
            .attr("type", "button")
            .cls("rw-button rw-small rw-side-toggle")
            .text(&tr.t(msg::side_by_side))
            .on("click", move |_| side.update(|s| *s = !*s));
        bind_attr(&toggle, "aria-pressed", move || {
            Some(side.get().to_string())
        });
    }
    let list = child(&section, "div");
    bind_class(&list, "rw-responses", "rw-side", move || pair && side.get());
    // A response scrolls on its own when long, so it takes focus and is named by its heading.
    let heading_prefix = format!("{}-resp", form.prefix);
    for (i, r) in form
        .response_order
        .iter()
        .filter_map(|id| task.response(id))
        .enumerate()
    {
        // By position: a response id is the task's text, not a safe DOM id.
        let heading = format!("{heading_prefix}-{i}");
        let article = child(&list, "article")
            .cls("rw-response")
            .attr("data-response", &r.id)
            .attr("tabindex", "0")
            .attr("aria-labelledby", &heading);
        let h3 = child(&article, "h3")
            .cls("rw-response-label")
            .attr("id", &heading)
            .text(&form.response_label(&r.id));
        if let Some(l) = lang {
            h3.set_attr("lang", l);
        }
        article.add_node(&md(&r.content));
    }
    section
}
