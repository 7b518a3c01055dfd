//! Documents as text: the JSON reader and writer, the size limits and shape of every object,
//! decoding into the model, every semantic rule, and the reports that point at each problem
//! with its path and line:column. Start with [`parse`]. Also the designer's draft
//! ([`designer_draft`]).

pub mod designer_draft;
pub mod json;
pub mod lint;
pub mod output;
pub mod parse;
pub mod path;
pub mod report;
pub mod schema;
pub(crate) mod shape;
pub mod suggest;
pub(crate) mod validate;
