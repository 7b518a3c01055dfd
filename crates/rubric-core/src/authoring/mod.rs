//! Help for a person writing a rubric or a quiz as JSON text, in the designer's editor: the
//! colour of every token ([`highlight`]), what may be typed at the caret, from the same field
//! tables that check the document ([`complete`]), a new criterion of a chosen type put into the
//! `criteria` list ([`snippet`]), and the indentation Enter and Tab give ([`indent`]).
//!
//! The text is being typed, so it is rarely valid JSON: every function here reads it
//! tolerantly, never fails, and is O(n) in its size (`tests/linear_time.rs`). Offsets are
//! byte offsets into the text; the editor converts from and to the browser's UTF-16.
//!
//! It depends on [`crate::document`] (the field tables) and [`crate::model`]; nothing depends
//! on it but the designer.

pub mod complete;
pub mod highlight;
pub mod indent;
mod lex;
pub mod snippet;
