//! Which key answers what. Two kinds of keys, never meaning two things at once:
//!
//! - The rubric's own `hotkeys` work anywhere in the form: one per level or option of a
//!   rating, pairwise, single or multi choice criterion, and one per answer (yes, no, n/a) of a
//!   checklist. They are unique across the rubric (checked by validation).
//! - Where the rubric gives a criterion none, the digits `1`–`9` answer it while it has focus:
//!   its first level or option, its second, and so on (a checklist item: yes, no, n/a). They
//!   are given only to a criterion of at most nine answers whose digits the rubric uses for
//!   none of its own keys, so a digit pressed in that question means one thing. Digits work
//!   in every keyboard layout and language, unlike letters chosen for English words.
//!
//! A checklist key answers one item (the one with focus, or the first unanswered one when the
//! focus is elsewhere) and focus moves on to the next item, so a long checklist is answered
//! one key per item. The other shortcuts (`?`, `N` once submitted, Ctrl/Cmd+Enter) are no
//! letters or digits of a level, or act only when a form is no longer edited.

use crate::model::answer::Check;
use crate::model::rubric::{CriterionKind, Rubric};

/// The most answers automatic digits cover: `1`–`9`.
const MAX_DIGITS: usize = 9;

/// The keys of one rubric's form.
#[derive(Debug, Clone, Default)]
pub struct Keys {
    /// Per criterion, in rubric order: the key of each answer, as shown (none: no keys).
    shown: Vec<Vec<String>>,
    /// Per criterion: whether its keys are the automatic digits (only while it has focus).
    focused: Vec<bool>,
    /// The rubric's own keys, lowercase, with what each answers: (key, criterion, answer). A
    /// list, not a map: a rubric has a few dozen keys, and the review wasm then needs no map
    /// code of this type.
    anywhere: Vec<(String, usize, usize)>,
}

impl Keys {
    /// The keys of `rubric`'s criteria (a valid rubric: its keys are unique and fit).
    pub fn of(rubric: &Rubric) -> Keys {
        let mut anywhere = Vec::new();
        for (i, c) in rubric.criteria.iter().enumerate() {
            for (slot, key) in c.hotkeys.iter().enumerate() {
                anywhere.push((key.to_ascii_lowercase(), i, slot));
            }
        }
        let taken = |key: &str| anywhere.iter().any(|(k, ..)| k == key);
        let (mut shown, mut focused) = (Vec::new(), Vec::new());
        for c in &rubric.criteria {
            let slots = c.kind.hotkey_slots().unwrap_or(0);
            let digits: Vec<String> = (1..=slots).map(|d| d.to_string()).collect();
            let automatic =
                c.hotkeys.is_empty() && slots <= MAX_DIGITS && !digits.iter().any(|d| taken(d));
            focused.push(automatic && slots > 0);
            shown.push(if automatic { digits } else { c.hotkeys.clone() });
        }
        Keys {
            shown,
            focused,
            anywhere,
        }
    }

    /// The keys shown on criterion `idx`'s answers, one per answer, in order (empty: none).
    pub fn shown(&self, idx: usize) -> &[String] {
        self.shown.get(idx).map_or(&[], Vec::as_slice)
    }

    /// Whether criterion `idx`'s keys are the automatic digits, which work only while it has
    /// focus (and are shown only then).
    pub fn only_focused(&self, idx: usize) -> bool {
        self.focused.get(idx).copied().unwrap_or(false)
    }

    /// Whether no criterion has keys (the form then offers no switch for them).
    pub fn is_empty(&self) -> bool {
        self.shown.iter().all(Vec::is_empty)
    }

    /// Whether any criterion has automatic digits (the shortcuts help then explains them).
    pub fn any_focused(&self) -> bool {
        self.focused.contains(&true)
    }

    /// What `key` (a letter or digit, any case) answers when criterion `focus` has focus:
    /// (criterion, answer). The rubric's keys first; they and the digits never overlap.
    pub fn find(&self, key: &str, focus: Option<usize>) -> Option<(usize, usize)> {
        let key = key.to_ascii_lowercase();
        if let Some((_, idx, slot)) = self.anywhere.iter().find(|(k, ..)| *k == key) {
            return Some((*idx, *slot));
        }
        let idx = focus.filter(|&i| self.only_focused(i))?;
        let slot = self.shown[idx].iter().position(|k| *k == key)?;
        Some((idx, slot))
    }
}

/// The answers a checklist item offers, in the order they are shown and keyed.
pub fn checks(allow_na: bool) -> &'static [Check] {
    if allow_na {
        &[Check::Yes, Check::No, Check::Na]
    } else {
        &[Check::Yes, Check::No]
    }
}

/// Which item of checklist criterion `kind` a key answers: the item with focus, else the
/// first one not yet answered (none when all are: a key never silently changes an answer the
/// reviewer cannot see it change). `answered(item id)` says whether an item has an answer.
pub fn checklist_item(
    kind: &CriterionKind,
    focus: Option<usize>,
    answered: impl Fn(&str) -> bool,
) -> Option<usize> {
    let CriterionKind::Checklist { items, .. } = kind else {
        return None;
    };
    focus
        .filter(|&k| k < items.len())
        .or_else(|| items.iter().position(|it| !answered(&it.id)))
}

/// Where focus goes once item `item` of a checklist of `len` items is answered by a key: the
/// next item, or the same one when it was the last (the reviewer then moves on with Tab).
pub fn after_item(item: usize, len: usize) -> usize {
    (item + 1).min(len.saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{parse_rubric, Limits};

    fn rubric(criteria: &str) -> Rubric {
        let text = format!(
            r#"{{"schema_version": "1.0", "id": "k", "version": "1", "title": "K", "criteria": [{criteria}]}}"#
        );
        parse_rubric(&text, &Limits::default()).unwrap().0
    }

    const LEVELS: &str = r#""levels": [{"value": 1, "label": "a", "descriptor": "a"}, {"value": 2, "label": "b", "descriptor": "b"}, {"value": 3, "label": "c", "descriptor": "c"}]"#;

    #[test]
    fn digits_answer_the_focused_question_when_the_rubric_gives_no_keys() {
        let r = rubric(&format!(
            r#"{{"id": "q", "type": "rating", "title": "Q", {LEVELS}}},
               {{"id": "c", "type": "checklist", "title": "C", "items": [{{"id": "x", "label": "X"}}]}},
               {{"id": "t", "type": "text", "title": "T"}}"#
        ));
        let keys = Keys::of(&r);
        assert_eq!(keys.shown(0), ["1", "2", "3"]);
        assert_eq!(keys.shown(1), ["1", "2", "3"], "yes, no, n/a");
        assert!(keys.shown(2).is_empty(), "text has no keys");
        assert!(keys.only_focused(0) && keys.only_focused(1) && !keys.only_focused(2));
        assert_eq!(keys.find("2", Some(0)), Some((0, 1)));
        assert_eq!(keys.find("3", Some(1)), Some((1, 2)));
        assert_eq!(keys.find("2", None), None, "no question has focus");
        assert_eq!(keys.find("2", Some(2)), None, "the text field's question");
        assert_eq!(keys.find("4", Some(0)), None, "no fourth level");
    }

    #[test]
    fn digits_the_rubric_uses_are_never_automatic() {
        // The rating's own keys are 1-3: the checklist's digits would mean two things.
        let r = rubric(&format!(
            r#"{{"id": "q", "type": "rating", "title": "Q", "hotkeys": ["1", "2", "3"], {LEVELS}}},
               {{"id": "c", "type": "checklist", "title": "C", "allow_na": false, "items": [{{"id": "x", "label": "X"}}]}},
               {{"id": "s", "type": "single_choice", "title": "S", "hotkeys": ["y", "n"],
                 "options": [{{"value": "a", "label": "A"}}, {{"value": "b", "label": "B"}}]}}"#
        ));
        let keys = Keys::of(&r);
        assert!(keys.shown(1).is_empty() && !keys.only_focused(1));
        assert_eq!(
            keys.find("1", Some(1)),
            Some((0, 0)),
            "the rubric's key wins"
        );
        assert_eq!(keys.find("N", None), Some((2, 1)), "any case, anywhere");
        assert!(!keys.any_focused());
    }

    #[test]
    fn more_than_nine_answers_get_no_digits() {
        let options: Vec<String> = (0..10)
            .map(|i| format!(r#"{{"value": "o{i}", "label": "O{i}"}}"#))
            .collect();
        let r = rubric(&format!(
            r#"{{"id": "m", "type": "multi_choice", "title": "M", "options": [{}]}}"#,
            options.join(",")
        ));
        assert!(Keys::of(&r).shown(0).is_empty());
    }

    #[test]
    fn a_checklist_key_answers_the_focused_item_else_the_first_open_one() {
        let r = rubric(
            r#"{"id": "c", "type": "checklist", "title": "C", "hotkeys": ["y", "n", "x"],
                "items": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}, {"id": "c", "label": "C"}]}"#,
        );
        let kind = &r.criteria[0].kind;
        assert_eq!(checklist_item(kind, Some(2), |_| false), Some(2));
        assert_eq!(checklist_item(kind, None, |id| id == "a"), Some(1));
        assert_eq!(checklist_item(kind, None, |_| true), None);
        assert_eq!(after_item(0, 3), 1);
        assert_eq!(after_item(2, 3), 2, "the last item keeps focus");
        assert_eq!(checks(true), [Check::Yes, Check::No, Check::Na]);
        assert_eq!(Keys::of(&r).find("X", None), Some((0, 2)));
    }
}
