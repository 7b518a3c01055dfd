//! How far the reviewer is: answered questions out of those shown, and what is still required.

use super::form::use_form;
use leptos::prelude::*;

/// The progress bar of the enclosing form.
#[component]
pub fn Progress() -> impl IntoView {
    let form = use_form();
    let f = form.clone();
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
                aria-label="Questions answered"
            ></progress>
            <span class="rw-progress-text">
                {move || {
                    let (shown, answered, missing) = counts.get();
                    let left = if missing == 0 { "ready to submit".to_string() } else { format!("{missing} still need attention") };
                    format!("{answered} of {shown} answered · {left}")
                }}
            </span>
        </div>
    }
}
