//! The widget's components, one per file. [`review_form::ReviewForm`] is the root of a review;
//! [`form::Form`] is the state every field reads through context.

pub mod checklist_field;
pub mod criterion_field;
pub mod delivery_status;
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
