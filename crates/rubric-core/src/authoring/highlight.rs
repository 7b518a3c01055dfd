//! The colour of each token, line by line. A JSON string cannot span lines, so a line is
//! coloured on its own: an edit recolours only the lines it touched, which keeps typing in a
//! long rubric as fast as in a short one.

use super::lex::{colon_follows, tokens, Kind};

/// What a coloured token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Token {
    /// An object's field name (a string followed by `:`).
    Key,
    /// A string value.
    Str,
    Number,
    /// `true`, `false` or `null`.
    Literal,
    /// Braces, brackets, commas and colons.
    Punct,
    /// What JSON does not allow: a bare word, a stray character.
    Invalid,
}

impl Token {
    /// Every token kind; the editor numbers kinds by their place here.
    pub const ALL: [Token; 6] = [
        Token::Key,
        Token::Str,
        Token::Number,
        Token::Literal,
        Token::Punct,
        Token::Invalid,
    ];

    /// The name the editor's stylesheet colours it by (a CSS highlight's name).
    pub fn name(self) -> &'static str {
        match self {
            Token::Key => "rd-t-key",
            Token::Str => "rd-t-str",
            Token::Number => "rd-t-num",
            Token::Literal => "rd-t-lit",
            Token::Punct => "rd-t-punct",
            Token::Invalid => "rd-t-bad",
        }
    }
}

/// The tokens of one line (without its line break) as `(token, start, end)` byte ranges, in
/// order; what lies between them is whitespace, shown uncoloured.
pub fn line(text: &str) -> Vec<(Token, usize, usize)> {
    tokens(text, 0)
        .map(|t| {
            let token = match t.kind {
                Kind::Str { .. } if colon_follows(text, t.end) => Token::Key,
                Kind::Str { .. } => Token::Str,
                Kind::Number => Token::Number,
                Kind::Word if matches!(&text[t.start..t.end], "true" | "false" | "null") => {
                    Token::Literal
                }
                Kind::Word | Kind::Other => Token::Invalid,
                Kind::Open(_) | Kind::Close(_) | Kind::Colon | Kind::Comma => Token::Punct,
            };
            (token, t.start, t.end)
        })
        .collect()
}

/// Which lines changed between two texts, as `(first, old_end, new_end)`: lines
/// `first..old_end` of `old` became lines `first..new_end` of `new`; the lines before and
/// after are the same. `None` when nothing changed.
pub fn changed_lines(old: &[&str], new: &[&str]) -> Option<(usize, usize, usize)> {
    let first = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    if first == old.len() && first == new.len() {
        return None;
    }
    let room = old.len().min(new.len()) - first;
    let same_tail = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(room)
        .take_while(|(a, b)| a == b)
        .count();
    Some((first, old.len() - same_tail, new.len() - same_tail))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(l: &str) -> Vec<(Token, &str)> {
        line(l).into_iter().map(|(t, a, b)| (t, &l[a..b])).collect()
    }

    #[test]
    fn keys_values_and_mistakes_are_told_apart() {
        assert_eq!(
            kinds(r#"  "id": "a\"b", "n": -1.5e3, "ok": true, x ?"#),
            vec![
                (Token::Key, r#""id""#),
                (Token::Punct, ":"),
                (Token::Str, r#""a\"b""#),
                (Token::Punct, ","),
                (Token::Key, r#""n""#),
                (Token::Punct, ":"),
                (Token::Number, "-1.5e3"),
                (Token::Punct, ","),
                (Token::Key, r#""ok""#),
                (Token::Punct, ":"),
                (Token::Literal, "true"),
                (Token::Punct, ","),
                (Token::Invalid, "x"),
                (Token::Invalid, "?"),
            ]
        );
    }

    #[test]
    fn an_unclosed_string_ends_with_its_line_and_multibyte_text_is_never_split() {
        assert_eq!(kinds(r#""tit"#), vec![(Token::Str, r#""tit"#)]);
        assert_eq!(
            kinds("«é»"),
            vec![
                (Token::Invalid, "«"),
                (Token::Invalid, "é"),
                (Token::Invalid, "»")
            ]
        );
    }

    #[test]
    fn only_the_lines_an_edit_touched_are_changed() {
        let old = ["{", "  \"a\": 1,", "  \"b\": 2", "}"];
        assert_eq!(changed_lines(&old, &old), None);
        let typed = ["{", "  \"a\": 12,", "  \"b\": 2", "}"];
        assert_eq!(changed_lines(&old, &typed), Some((1, 2, 2)));
        let split = ["{", "  \"a\": 1,", "", "  \"b\": 2", "}"];
        assert_eq!(changed_lines(&old, &split), Some((2, 2, 3)));
        let joined = ["{", "  \"a\": 1,  \"b\": 2", "}"];
        assert_eq!(changed_lines(&old, &joined), Some((1, 3, 2)));
        // Repeated lines: the common head and tail never overlap.
        assert_eq!(
            changed_lines(&["x", "x"], &["x", "x", "x"]),
            Some((2, 2, 3))
        );
    }
}
