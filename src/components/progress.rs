//! How far the reviewer is: answered questions out of those shown, and what is still required.

use super::form::use_form;
use leptos::prelude::*;
use rubric_core::text::i18n::Translate;
use rubric_core::text::messages as msg;

/// The progress bar of the enclosing form.
#[component]
pub fn Progress() -> impl IntoView {
    let form = use_form();
    let f = form.clone();
    let tr = form.tr.clone();
    let label = tr.t(msg::progress_label);
    let counts = Memo::new(move |_| {
        let (mut shown, mut answered, mut missing) = (0, 0, 0);
        for i in 0..f.answers.len() {
            if !f.visible[i].get() {
                continue;
            }
            shown += 1;
            if f.answers[i].with(|a| a.as_ref().is_some_and(|a| a.is_answered())) {
                answered += 1;
            }
            if f.issues[i].with(Option::is_some) {
                missing += 1;
            }
        }
        (shown, answered, missing)
    });
    view! {
        <div class="rw-progress" data-testid="progress">
            <progress
                max=move || counts.get().0
                value=move || counts.get().1
                aria-label=label
            ></progress>
            <span class="rw-progress-text">
                {move || {
                    let (shown, answered, missing) = counts.get();
                    tr.f(msg::progress, &[("answered", answered.into()), ("shown", shown.into()), ("missing", missing.into())])
                }}
            </span>
        </div>
    }
}
