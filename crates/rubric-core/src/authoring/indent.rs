//! What Enter and Tab do in the editor: a new line keeps its line's indentation (one step more
//! after `{` or `[`), and Tab / Shift+Tab move whole lines by one step. The editor applies the
//! result as typed text, so the browser's own undo still works.

/// One step of indentation: the two spaces the templates and the blank rubric use.
pub const STEP: &str = "  ";

/// What Enter inserts at the caret, and where the caret goes in it. `before` is the caret's
/// line up to the caret, `after` the rest of that line. Between a bracket and its closing one
/// the closing bracket moves to a line of its own, so `{|}` becomes an indented empty body.
pub fn newline(before: &str, after: &str) -> (String, usize) {
    let base: String = before
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let opens = before.trim_end().chars().last();
    let closes = after.trim_start().chars().next();
    match (opens, closes) {
        (Some('{'), Some('}')) | (Some('['), Some(']')) => {
            let inner = format!("\n{base}{STEP}");
            let caret = inner.len();
            (format!("{inner}\n{base}"), caret)
        }
        (Some('{' | '['), _) => {
            let s = format!("\n{base}{STEP}");
            let caret = s.len();
            (s, caret)
        }
        _ => {
            let s = format!("\n{base}");
            let caret = s.len();
            (s, caret)
        }
    }
}

/// Every line of `block` one step further in (`outdent`: out, by at most one step, or one
/// tab). Empty lines stay empty.
pub fn shift_lines(block: &str, outdent: bool) -> String {
    block
        .split('\n')
        .map(|l| {
            if outdent {
                let spaces = l.len() - l.trim_start_matches(' ').len();
                if spaces > 0 {
                    l[spaces.min(STEP.len())..].to_string()
                } else {
                    l.strip_prefix('\t').unwrap_or(l).to_string()
                }
            } else if l.is_empty() {
                String::new()
            } else {
                format!("{STEP}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enter_keeps_the_indentation_and_opens_a_body_between_brackets() {
        assert_eq!(newline("    \"a\": 1,", ""), ("\n    ".into(), 5));
        assert_eq!(newline("  \"levels\": [", ""), ("\n    ".into(), 5));
        assert_eq!(newline("  {", "}"), ("\n    \n  ".into(), 5));
        assert_eq!(newline("\t[ ", " ],"), ("\n\t  \n\t".into(), 4));
        assert_eq!(newline("", ""), ("\n".into(), 1));
    }

    #[test]
    fn tab_moves_whole_lines_by_one_step() {
        assert_eq!(shift_lines("a\n\n b", false), "  a\n\n   b");
        assert_eq!(shift_lines("   a\n b\n\tc\nd", true), " a\nb\nc\nd");
    }
}
