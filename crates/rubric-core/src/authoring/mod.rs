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

use crate::{CriterionKind, Rubric};

/// A replacement of `from..to` by `insert`, after which `select` (absolute byte offsets in the
/// new text) is selected: what the editor applies as typed text, so the browser's undo takes
/// it back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub from: usize,
    pub to: usize,
    pub insert: String,
    pub select: (usize, usize),
}

/// The byte offset in `text` of the UTF-16 offset `u` (what a browser's text field reports),
/// clamped to the text and to a character boundary.
pub fn byte_at_utf16(text: &str, u: usize) -> usize {
    let mut units = 0;
    for (i, c) in text.char_indices() {
        if units >= u {
            return i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// The UTF-16 offset of byte `b` of `text`.
pub fn utf16_at_byte(text: &str, b: usize) -> usize {
    text[..b.min(text.len())].encode_utf16().count()
}

/// How many of a sample task's responses a preview of `rubric` shows: all of them for a
/// ranking, two for a comparison, else one. A rubric that rates one response, previewed with
/// three, looks as if it asked for three ratings.
pub fn sample_responses(rubric: &Rubric) -> usize {
    let kinds = || rubric.criteria.iter().map(|c| &c.kind);
    if kinds().any(|k| matches!(k, CriterionKind::Ranking { .. })) {
        usize::MAX
    } else if kinds().any(|k| matches!(k, CriterionKind::Pairwise { .. })) {
        2
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn utf16_and_byte_offsets_round_trip() {
        let t = "a\u{e9}\u{1F600}b";
        assert_eq!(super::byte_at_utf16(t, 2), 3);
        assert_eq!(super::byte_at_utf16(t, 4), 7);
        assert_eq!(super::byte_at_utf16(t, 99), t.len());
        assert_eq!(super::utf16_at_byte(t, 7), 4);
    }
}
