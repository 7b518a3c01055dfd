//! The widget's components, one per file. [`review_form::ReviewForm`] is the root of a review;
//! [`form::Form`] is the state every field reads through context.

pub mod checklist_field;
pub mod criterion_field;
pub mod delivery_status;
pub mod dom;
pub mod error_summary;
pub mod error_view;
pub mod form;
pub mod markdown;
pub mod option_cards;
pub mod progress;
pub mod ranking_field;
pub mod review_form;
pub mod task_view;
pub mod text_field;

/// Runs `run` now (`true`: the first run) and again whenever a signal it read changes: an
/// effect, for syncing with the outside world (the DOM built by hand, storage, the courier).
///
/// Every effect of the review form goes through this one boxed closure because each distinct
/// closure given to `Effect::new` compiles its own copy of the effect's scheduling loop (about
/// 3 KB of wasm before optimisation, measured with twiggy); with one closure type the wasm
/// carries one copy, whatever the number of effects.
pub fn follow(mut run: Box<dyn FnMut(bool)>) {
    leptos::prelude::Effect::new(move |prev: Option<()>| run(prev.is_none()));
}
