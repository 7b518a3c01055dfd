//! Text shown to people: untrusted markdown as a node tree, the one URL allow-list, the
//! widget's messages and the languages they are translated into.

pub mod i18n;
pub mod markdown;
pub mod messages;
pub mod url_policy;

/// The start of a text to name it by (a task by its prompt; its id is an internal name): the
/// first non-empty line, cut at about `max` characters on a word boundary, with "…" when cut.
/// Linear in the text it reads, and it reads at most the first line.
pub fn excerpt(text: &str, max: usize) -> String {
    let line = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    if line.chars().count() <= max {
        return line.to_string();
    }
    let cut: String = line.chars().take(max).collect();
    let at = cut.rfind(' ').filter(|&i| i > max / 2).unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end())
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_excerpt_is_the_first_line_cut_on_a_word() {
        use super::excerpt;
        assert_eq!(excerpt("\n  Say hello.\nMore", 40), "Say hello.");
        assert_eq!(
            excerpt(
                "Explain what a p-value is to a product manager in three sentences.",
                40
            ),
            "Explain what a p-value is to a product…"
        );
        assert_eq!(
            excerpt("ééééééééééééééééééééééééééééééééééééééééééééé", 10),
            "éééééééééé…"
        );
    }
}
