//! "Did you mean" suggestions for misspelt field names, types and ids.
//!
//! Bounded so that no document can make them slow: words and candidates longer than
//! [`MAX_WORD`] get no suggestion (no field name or valid id is that long, so such a word is no
//! typo), the distance keeps two rows rather than a table and stops as soon as the limit is
//! out of reach, and a [`Budget`] caps the work of all suggestions for one document.

/// Longer words (and candidates) are never compared: no field name is that long, and an id
/// that long is refused anyway.
pub const MAX_WORD: usize = 64;

/// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo
/// (at most a third of the word's length; words under three letters only match up to case,
/// since any short word is "close" to any other).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    closest_within(word, candidates, &mut Budget::default())
}

/// How much comparing one document's words may cost in all, counted in cells of the distance
/// computation (a word of n characters against one of m costs about n·m). A document with a
/// few hundred unknown ids among a few hundred criteria would otherwise cost hundreds of
/// millions of cells; with the budget spent, later issues simply carry no suggestion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Budget(pub usize);

impl Default for Budget {
    /// A few milliseconds of work natively, far more than an honest document needs (an
    /// unknown field against its object's fields costs a few hundred cells, an unknown id
    /// among 50 criteria some ten thousand).
    fn default() -> Self {
        Budget(1 << 22)
    }
}

/// [`closest`], charging the work to `budget`.
pub fn closest_within<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    budget: &mut Budget,
) -> Option<&'a str> {
    if word.len() > 4 * MAX_WORD {
        return None; // surely over MAX_WORD characters; do not even count them
    }
    let word: Vec<char> = word.chars().map(|c| c.to_ascii_lowercase()).collect();
    let len = word.len();
    if len > MAX_WORD {
        return None;
    }
    let limit = if len < 3 { 0 } else { (len / 3).max(1) };
    let mut best: Option<(usize, &str)> = None;
    let mut other = Vec::with_capacity(MAX_WORD);
    for c in candidates {
        if c.len() > 4 * MAX_WORD {
            continue;
        }
        other.clear();
        other.extend(c.chars().map(|c| c.to_ascii_lowercase()));
        // Lengths further apart than the limit cannot be within it.
        if other.len() > MAX_WORD || other.len().abs_diff(len) > limit {
            continue;
        }
        let cost = (len + 1) * (other.len() + 1);
        if cost > budget.0 {
            budget.0 = 0;
            break;
        }
        budget.0 -= cost;
        let within = best.map_or(limit, |(d, _)| d.saturating_sub(1));
        if let Some(d) = distance(&word, &other, within) {
            if best.is_none_or(|(b, _)| d < b) {
                best = Some((d, c));
            }
        }
    }
    best.map(|(_, c)| c)
}

/// Optimal-string-alignment distance over chars (Levenshtein plus adjacent transpositions,
/// the commonest typo), if it is at most `limit`. Three rows (the transposition looks two rows
/// back) instead of a table: O(n·m) time, O(m) memory; a row whose every cell exceeds `limit`
/// ends the search, as no later row can come back under it.
fn distance(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    let m = b.len();
    let mut before: Vec<usize> = vec![0; m + 1];
    let mut prev: Vec<usize> = (0..=m).collect();
    let mut row: Vec<usize> = vec![0; m + 1];
    for i in 1..=a.len() {
        row[0] = i;
        let mut row_min = i;
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (prev[j] + 1).min(row[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(before[j - 2] + 1);
            }
            row[j] = best;
            row_min = row_min.min(best);
        }
        if row_min > limit {
            return None;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut row);
    }
    Some(prev[m]).filter(|d| *d <= limit)
}

/// ` (did you mean "x"?)` or nothing, ready to append to a message.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    did_you_mean_within(word, candidates, &mut Budget::default())
}

/// [`did_you_mean`], charging the work to `budget`.
pub fn did_you_mean_within<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    budget: &mut Budget,
) -> String {
    closest_within(word, candidates, budget)
        .map(|c| format!(" (did you mean \"{c}\"?)"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_misses_only() {
        assert_eq!(
            closest("descripton", ["description", "title"]),
            Some("description")
        );
        assert_eq!(closest("lable", ["levels", "label"]), Some("label"));
        assert_eq!(closest("zzz", ["description", "title"]), None);
        assert_eq!(
            closest("Titel", ["title"]),
            Some("title"),
            "case and a swap"
        );
        assert_eq!(closest("ab", ["AB", "ac"]), Some("AB"));
    }

    #[test]
    fn the_closest_wins_and_ties_keep_the_first() {
        assert_eq!(
            closest(
                "helpfulnes",
                ["helpfulness2", "helpfulness", "helpfulnesss"]
            ),
            Some("helpfulness")
        );
        assert_eq!(closest("abcdef", ["abcdeg", "abcdeh"]), Some("abcdeg"));
    }

    #[test]
    fn distance_matches_the_full_table() {
        fn full(a: &[char], b: &[char]) -> usize {
            let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
            for (i, row) in d.iter_mut().enumerate() {
                row[0] = i;
            }
            for (j, cell) in d[0].iter_mut().enumerate() {
                *cell = j;
            }
            for i in 1..=a.len() {
                for j in 1..=b.len() {
                    let cost = usize::from(a[i - 1] != b[j - 1]);
                    let mut best = (d[i - 1][j] + 1)
                        .min(d[i][j - 1] + 1)
                        .min(d[i - 1][j - 1] + cost);
                    if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                        best = best.min(d[i - 2][j - 2] + 1);
                    }
                    d[i][j] = best;
                }
            }
            d[a.len()][b.len()]
        }
        let words = [
            "", "a", "ab", "ba", "abc", "acb", "ca", "abcd", "badc", "kitten", "sitting", "ca",
            "abc",
        ];
        for a in words {
            for b in words {
                let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                let want = full(&a, &b);
                for limit in 0..8 {
                    assert_eq!(distance(&a, &b, limit), Some(want).filter(|d| *d <= limit));
                }
            }
        }
    }

    #[test]
    fn long_words_get_no_suggestion() {
        let long = "a".repeat(MAX_WORD + 1);
        let near = "a".repeat(MAX_WORD);
        assert_eq!(closest(&long, [near.as_str()]), None);
        assert_eq!(closest(&near[1..], [long.as_str()]), None);
        assert_eq!(closest(&near[1..], [near.as_str()]), Some(near.as_str()));
    }

    #[test]
    fn a_spent_budget_suggests_nothing() {
        let mut budget = Budget(200);
        assert_eq!(
            closest_within("descripton", ["description"], &mut budget),
            Some("description")
        );
        assert_eq!(
            closest_within("descripton", ["description"], &mut budget),
            None
        );
        assert_eq!(budget.0, 0);
    }
}
