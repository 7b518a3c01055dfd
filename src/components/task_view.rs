//! The item under review: prompt, context, metadata and the responses, side by side (the
//! default for two, the reviewer's choice) where the task is wide enough, else one above the
//! other.

use super::form::{use_form, ContentLang};
use super::markdown::Markdown;
use leptos::prelude::*;
use rubric_core::text::i18n::Translate;
use rubric_core::text::messages as msg;

/// The task of the enclosing form.
#[component]
pub fn TaskView() -> impl IntoView {
    let form = use_form();
    let task = form.task.clone();
    // Inside the task view, content is the task's, in the task's language.
    provide_context(ContentLang(task.language.clone()));
    let lang = task.language.clone();
    let side = form.side_by_side;
    let pair = task.responses.len() == 2;
    let metadata = (!task.metadata.is_empty()).then(|| {
        let rows = task
            .metadata
            .iter()
            .map(|(k, v)| {
                view! { <div><dt dir="auto">{k.clone()}</dt><dd dir="auto">{v.clone()}</dd></div> }
            })
            .collect_view();
        view! { <dl class="rw-metadata">{rows}</dl> }
    });
    // A response scrolls on its own when long, so it takes focus and is named by its heading.
    let heading_prefix = format!("{}-resp", form.prefix);
    let responses = form
        .response_order
        .iter()
        .filter_map(|id| task.response(id))
        .enumerate()
        .map(|(i, r)| {
            // By position: a response id is the task's text, not a safe DOM id.
            let (heading, labelled_by) = (format!("{heading_prefix}-{i}"), format!("{heading_prefix}-{i}"));
            view! {
                <article class="rw-response" data-response=r.id.clone() tabindex="0" aria-labelledby=labelled_by>
                    <h3 class="rw-response-label" id=heading lang=lang.clone()>{form.response_label(&r.id)}</h3>
                    <Markdown text=r.content.clone() />
                </article>
            }
        })
        .collect_view();
    let several = task.responses.len() > 1;
    let tr = &form.tr;
    view! {
        <section class="rw-task" id=format!("{}-task", form.prefix) tabindex="-1" aria-label=tr.f(msg::task_label, &[("prompt", (&rubric_core::text::excerpt(&task.prompt, 40)).into())])>
            <h2 class="rw-section-title">{tr.t(msg::prompt)}</h2>
            <div class="rw-prompt"><Markdown text=task.prompt.clone() /></div>
            {task.context.clone().map(|c| view! {
                <details class="rw-context"><summary>{tr.t(msg::context)}</summary><Markdown text=c /></details>
            })}
            {metadata}
            <div class="rw-responses-head">
                <h2 class="rw-section-title">{tr.t(if several { msg::responses } else { msg::response })}</h2>
                // Two responses side by side read as a comparison; three or more in one task
                // column are too narrow to read (code would scroll sideways), so stay stacked.
                {pair.then(|| view! {
                    <button type="button" class="rw-button rw-small rw-side-toggle" aria-pressed=move || side.get().to_string() on:click=move |_| side.update(|s| *s = !*s)>
                        {tr.t(msg::side_by_side)}
                    </button>
                })}
            </div>
            // Only a pair is ever side by side (the choice is kept on the device, and three
            // columns in the task column are too narrow to read).
            <div class="rw-responses" class:rw-side=move || pair && side.get()>{responses}</div>
        </section>
    }
}
