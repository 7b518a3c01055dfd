//! The one tolerant JSON tokenizer behind highlighting and completion. A string ends at its
//! closing quote or at the end of its line (JSON strings cannot hold a line break), so a quote
//! typed but not yet closed never swallows the rest of the document.

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A string; `closed` when it has its closing quote.
    Str {
        closed: bool,
    },
    Number,
    /// A run of letters: `true`, `false`, `null`, or a word being typed.
    Word,
    Open(u8),
    Close(u8),
    Colon,
    Comma,
    /// Any other character (one), which JSON does not allow here.
    Other,
}

/// A token and its byte range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Tok {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

/// The tokens of `text` from byte `from`, in order; whitespace is skipped.
pub(crate) fn tokens(text: &str, from: usize) -> impl Iterator<Item = Tok> + '_ {
    let s = text.as_bytes();
    let mut i = from;
    std::iter::from_fn(move || {
        while i < s.len() && matches!(s[i], b' ' | b'\t' | b'\n' | b'\r') {
            i += 1;
        }
        let start = i;
        let c = *s.get(i)?;
        let kind = match c {
            b'"' => {
                i += 1;
                let mut closed = false;
                while i < s.len() && s[i] != b'\n' {
                    match s[i] {
                        b'"' => {
                            i += 1;
                            closed = true;
                            break;
                        }
                        b'\\' if s.get(i + 1).is_some_and(|&n| n != b'\n') => i += 2,
                        _ => i += 1,
                    }
                }
                return Some(Tok {
                    kind: Kind::Str { closed },
                    start,
                    end: i,
                });
            }
            b'-' | b'0'..=b'9' => {
                i += 1;
                while i < s.len() && matches!(s[i], b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-')
                {
                    i += 1;
                }
                return Some(Tok {
                    kind: Kind::Number,
                    start,
                    end: i,
                });
            }
            c if is_word(c) => {
                while i < s.len() && is_word(s[i]) {
                    i += 1;
                }
                return Some(Tok {
                    kind: Kind::Word,
                    start,
                    end: i,
                });
            }
            b'{' | b'[' => Kind::Open(c),
            b'}' | b']' => Kind::Close(c),
            b':' => Kind::Colon,
            b',' => Kind::Comma,
            _ => {
                // One whole character, so a range never splits a UTF-8 sequence.
                i += text[i..].chars().next().map_or(1, char::len_utf8);
                return Some(Tok {
                    kind: Kind::Other,
                    start,
                    end: i,
                });
            }
        };
        i += 1;
        Some(Tok {
            kind,
            start,
            end: i,
        })
    })
}

/// A character of a bare word: what a person types for `true` or a field name without quotes.
pub(crate) fn is_word(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c == b'$'
}

/// Whether the first character after `at` that is not a space or tab is `:` on the same line.
pub(crate) fn colon_follows(text: &str, at: usize) -> bool {
    text[at..]
        .bytes()
        .find(|&c| !matches!(c, b' ' | b'\t'))
        .is_some_and(|c| c == b':')
}
