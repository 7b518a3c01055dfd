//! Submitting: the core builds the submission or says what is missing; a complete one goes to
//! the host and the form is done.

use super::active_time::ActiveTime;
use super::autosave::Autosave;
use super::host::Host;
use super::Stage;
use crate::browser;
use crate::components::form::Form;
use leptos::prelude::*;
use rubric_core::document::output::WriteJson;
use rubric_core::form::ids::uuid_v4;
use rubric_core::form::submission::{Context, Submission};

/// How the reviewer finishes: `None` submits the review, `Some((reason, note))` skips the task
/// (declined, with no answers). One callback for both, so the wasm carries one finishing path.
pub type Finish = Callback<Option<(String, String)>>;

/// The form's finish action. The first submit turns inline errors on; an incomplete form moves
/// focus to the error summary; a complete one (or a skip) first has its pending draft write
/// done (so the draft holds the last change until the outbox stored the submission), is handed
/// to `host` (removing the draft once it is safe), marks the form done, calls `on_submit` and
/// focuses the confirmation. A finished form ignores further submits (P3).
pub fn use_submit(
    form: &Form,
    stage: RwSignal<Stage>,
    time: ActiveTime,
    host: Host,
    annotator: String,
    draft: Autosave<impl Fn() + 'static>,
    on_submit: Option<Callback<Submission>>,
) -> Finish {
    let fs = form.clone();
    let summary_id = format!("{}-summary", form.prefix);
    let act = move |skip: Option<(String, String)>| {
        if stage.get_untracked() != Stage::Editing {
            return; // a second click on a finished form does nothing (P3)
        }
        let ctx = Context {
            submission_id: uuid_v4(browser::random_bytes()),
            annotator: &annotator,
            response_order: fs.response_order.to_vec(),
            started_at_ms: time.started_at_ms,
            submitted_at_ms: browser::now_ms(),
            active_ms: time.active_ms(),
            client_version: crate::VERSION,
        };
        let sub = match skip {
            Some((reason, note)) => {
                // The locked form shows what was recorded: no answers.
                for a in fs.answers.iter() {
                    a.set(None);
                }
                Submission::skip(&fs.rubric, &fs.task, &reason, &note, ctx)
            }
            None => {
                fs.show_errors.set(true);
                match Submission::build(&fs.rubric, &fs.task, &fs.snapshot(), ctx, &fs.tr) {
                    Ok(sub) => sub,
                    Err(_) => return browser::focus_id(summary_id.clone()),
                }
            }
        };
        (draft.save_now)();
        // Named in the outbox list by what the reviewer read, not by the task's internal id.
        let label = rubric_core::text::excerpt(&fs.task.prompt, 60);
        host.submitted(&sub.submission_id, &sub.to_json(), &label, &draft.key);
        stage.set(Stage::Done(sub.submission_id.clone()));
        if let Some(cb) = on_submit {
            cb.run(sub);
        }
        browser::focus_id(format!("{}-done", fs.prefix));
    };
    // The draft's writer is not `Send`; the callback reaches it through local storage.
    let act = StoredValue::new_local(act);
    Callback::new(move |skip| act.with_value(|f| f(skip)))
}
