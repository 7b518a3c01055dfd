//! The formats as Rust types, valid by construction once [`crate::document::parse`] has
//! produced them: the rubric and its conditions, the task, and an answer. Nothing here knows
//! about a form being filled in; that is [`crate::form`].

pub mod answer;
pub mod condition;
pub mod rubric;
pub mod task;
