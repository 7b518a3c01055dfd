//! What Enter and Tab do in the editor: a new line keeps its line's indentation (one step more
//! after `{` or `[`), and Tab / Shift+Tab move whole lines by one step. The editor applies the
//! result as typed text, so the browser's own undo still works.

use super::Edit;

/// One step of indentation: the two spaces the templates and the blank rubric use.
pub const STEP: &str = "  ";

/// The start of the line byte `at` is on.
fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// The end of the line byte `at` is on (before its line break).
fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i)
}

/// Enter with `from..to` selected: the selection becomes a line break and the indentation
/// [`newline`] gives, the caret after it.
pub fn enter(text: &str, from: usize, to: usize) -> Edit {
    let (insert, caret) = newline(
        &text[line_start(text, from)..from],
        &text[to..line_end(text, to)],
    );
    Edit {
        from,
        to,
        select: (from + caret, from + caret),
        insert,
    }
}

/// Tab (`outdent`: Shift+Tab) with `from..to` selected. Tab at a caret inserts one step there;
/// otherwise every line the selection touches moves by one step (a selection that ends at the
/// start of a line does not take that line), and stays selected; Shift+Tab at a caret moves
/// its line and the caret with it.
pub fn tab(text: &str, from: usize, to: usize, outdent: bool) -> Edit {
    if from == to && !outdent {
        return Edit {
            from,
            to,
            insert: STEP.to_string(),
            select: (from + STEP.len(), from + STEP.len()),
        };
    }
    let first = line_start(text, from);
    let last_at = if to > from && to == line_start(text, to) {
        to - 1
    } else {
        to
    };
    let end = line_end(text, last_at.max(from));
    let moved = shift_lines(&text[first..end], outdent);
    let select = if from == to {
        // The caret keeps its place in the text of its line.
        let removed = (end - first) - moved.len();
        let c = from.saturating_sub(removed).max(first);
        (c, c)
    } else {
        (first, first + moved.len())
    };
    Edit {
        from: first,
        to: end,
        insert: moved,
        select,
    }
}

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

    fn apply(text: &str, e: &Edit) -> String {
        format!("{}{}{}", &text[..e.from], e.insert, &text[e.to..])
    }

    #[test]
    fn tab_and_enter_as_edits() {
        let t = "{\n  \"a\": 1,\n  \"b\": 2\n}";
        // A caret: Tab inserts a step; Shift+Tab moves its line out, the caret with it.
        let at = t.find("\"a\"").unwrap();
        assert_eq!(
            apply(t, &tab(t, at, at, false)),
            "{\n    \"a\": 1,\n  \"b\": 2\n}"
        );
        let e = tab(t, at, at, true);
        assert_eq!(apply(t, &e), "{\n\"a\": 1,\n  \"b\": 2\n}");
        assert_eq!(e.select, (at - 2, at - 2));
        // A selection ending at the start of a line leaves that line alone.
        let (from, to) = (t.find("  \"a\"").unwrap(), t.find("  \"b\"").unwrap());
        let e = tab(t, from, to, false);
        assert_eq!(apply(t, &e), "{\n    \"a\": 1,\n  \"b\": 2\n}");
        assert_eq!(&apply(t, &e)[e.select.0..e.select.1], "    \"a\": 1,");
        // Enter after a bracket: one step in.
        let e = enter(t, 1, 1);
        assert_eq!(apply(t, &e), "{\n  \n  \"a\": 1,\n  \"b\": 2\n}");
        assert_eq!(e.select, (4, 4));
    }

    #[test]
    fn tab_moves_whole_lines_by_one_step() {
        assert_eq!(shift_lines("a\n\n b", false), "  a\n\n   b");
        assert_eq!(shift_lines("   a\n b\n\tc\nd", true), " a\nb\nc\nd");
    }
}
