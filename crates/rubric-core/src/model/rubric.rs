//! The rubric model (format version 1): criteria, each of one type, with the meaning of every
//! level written out. Built only by [`crate::parse_rubric`], so a `Rubric` value is always valid.

use crate::model::condition::Condition;
use std::collections::HashMap;

/// Entries by key, in the order written. A list rather than a map: these are small, and
/// collecting into a `BTreeMap` costs the wasm a sort routine per value type.
pub type Keyed<T> = Vec<(String, T)>;

/// The value under `key`.
pub fn entry<'a, T>(entries: &'a Keyed<T>, key: &str) -> Option<&'a T> {
    entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// [`entry`] for many lookups in one list: each key's first position, found in constant time.
/// A translation may list thousands of entries, and searching them once per criterion (or per
/// level) would cost their product. The map type is one the wasm already has.
struct Index<'a, T> {
    entries: &'a Keyed<T>,
    at: HashMap<&'a str, usize>,
}

impl<'a, T> Index<'a, T> {
    fn new(entries: &'a Keyed<T>) -> Self {
        let mut at = HashMap::new();
        for (i, (k, _)) in entries.iter().enumerate().rev() {
            at.insert(k.as_str(), i);
        }
        Index { entries, at }
    }

    fn get(&self, key: &str) -> Option<&'a T> {
        self.at.get(key).map(|i| &self.entries[*i].1)
    }
}

/// A validated rubric.
#[derive(Debug, Clone, PartialEq)]
pub struct Rubric {
    pub schema_version: String,
    pub id: String,
    pub version: String,
    pub title: String,
    /// The language the rubric's texts are written in (a tag such as "en"), when it says; a
    /// translation applied by [`Rubric::localized`] sets it to that translation's tag.
    pub language: Option<String>,
    /// Markdown shown above the form.
    pub instructions: String,
    /// Show the task's responses in a per-reviewer random order (recorded in the submission),
    /// so that position does not anchor judgement.
    pub shuffle_responses: bool,
    pub criteria: Vec<Criterion>,
    pub tensions: Vec<Tension>,
    /// Why a reviewer may decline a task ("can't assess"), in the rubric's words; empty: the
    /// widget's default reasons ([`crate::form::submission::DEFAULT_SKIP_REASONS`]).
    pub skip_reasons: Vec<Choice>,
    /// The rubric's own texts in other languages, by locale tag ("es", "pt-BR").
    pub translations: Keyed<Translation>,
}

impl Rubric {
    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        self.criteria.iter().find(|c| c.id == id)
    }

    /// The rubric as a reviewer who reads `requested` (most preferred first) sees it: the texts
    /// of the first translation that matches (by tag, then by language), the original text
    /// wherever that translation is silent. Ids, values and rules never change, so answers and
    /// submissions are the same in every language.
    pub fn localized(&self, requested: &[&str]) -> Rubric {
        let mut r = self.clone();
        let tags: Vec<&str> = self.translations.iter().map(|(k, _)| k.as_str()).collect();
        let tag = crate::text::i18n::negotiate(requested, &tags, "");
        let Some(t) = entry(&self.translations, tag) else {
            return r;
        };
        r.language = Some(tag.to_string());
        put(&mut r.title, &t.title);
        put(&mut r.instructions, &t.instructions);
        for (tension, guidance) in r.tensions.iter_mut().zip(&t.tensions) {
            tension.guidance = guidance.clone();
        }
        let reasons = Index::new(&t.skip_reasons);
        for reason in &mut r.skip_reasons {
            if let Some(rt) = reasons.get(&reason.value) {
                put(&mut reason.label, &rt.label);
                put(&mut reason.description, &rt.description);
            }
        }
        let criteria = Index::new(&t.criteria);
        for c in &mut r.criteria {
            let Some(ct) = criteria.get(&c.id) else {
                continue;
            };
            put(&mut c.title, &ct.title);
            put(&mut c.description, &ct.description);
            match &mut c.kind {
                CriterionKind::Rating { levels }
                | CriterionKind::Pairwise { scale: levels, .. } => {
                    let texts = Index::new(&ct.levels);
                    for l in levels {
                        if let Some(lt) = texts.get(&l.value.to_string()) {
                            put(&mut l.label, &lt.label);
                            put(&mut l.descriptor, &lt.description);
                            if lt.example.is_some() {
                                l.example.clone_from(&lt.example);
                            }
                        }
                    }
                }
                CriterionKind::SingleChoice { options }
                | CriterionKind::MultiChoice { options, .. } => {
                    let texts = Index::new(&ct.options);
                    for o in options {
                        if let Some(ot) = texts.get(&o.value) {
                            put(&mut o.label, &ot.label);
                            put(&mut o.description, &ot.description);
                        }
                    }
                }
                CriterionKind::Checklist { items, .. } => {
                    let texts = Index::new(&ct.items);
                    for i in items {
                        if let Some(it) = texts.get(&i.id) {
                            put(&mut i.label, &it.label);
                            put(&mut i.description, &it.description);
                        }
                    }
                }
                CriterionKind::Text { placeholder, .. } => put(placeholder, &ct.placeholder),
                CriterionKind::Ranking { .. } => {}
            }
        }
        r
    }
}

fn put(target: &mut String, text: &Option<String>) {
    if let Some(t) = text {
        target.clone_from(t);
    }
}

/// A rubric's texts in one language; anything not given stays as written in the rubric.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Translation {
    pub title: Option<String>,
    pub instructions: Option<String>,
    /// By criterion id.
    pub criteria: Keyed<CriterionText>,
    /// Tension guidance, in the order of the rubric's `tensions`.
    pub tensions: Vec<String>,
    /// By skip reason value.
    pub skip_reasons: Keyed<Texts>,
}

/// One criterion's texts in one language.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CriterionText {
    pub title: Option<String>,
    pub description: Option<String>,
    pub placeholder: Option<String>,
    /// By level value, written as text ("1", "-2").
    pub levels: Keyed<Texts>,
    /// By option value.
    pub options: Keyed<Texts>,
    /// By checklist item id.
    pub items: Keyed<Texts>,
}

/// A level's, option's or item's texts (`description` is a level's `descriptor`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Texts {
    pub label: Option<String>,
    pub description: Option<String>,
    pub example: Option<String>,
}

/// One question of the form.
#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    pub id: String,
    pub title: String,
    /// Markdown.
    pub description: String,
    pub required: bool,
    /// One key per level/option (a checklist: per answer), in order; pressing it (outside a
    /// text field) picks that level. `form::keys` decides what every key does.
    pub hotkeys: Vec<String>,
    /// Shown only while this holds; hidden criteria are neither required nor submitted.
    pub visible_if: Option<Condition>,
    /// Required (when visible) while this holds, in addition to `required`.
    pub required_if: Option<Condition>,
    pub kind: CriterionKind,
}

/// What kind of answer a criterion asks for, with the fields specific to that kind.
#[derive(Debug, Clone, PartialEq)]
pub enum CriterionKind {
    /// An ordinal scale; every level has a label and a descriptor (its anchor text).
    Rating {
        levels: Vec<Level>,
    },
    SingleChoice {
        options: Vec<Choice>,
    },
    /// Options with `exclusive: true` ("none of these") clear, and are cleared by, the others.
    MultiChoice {
        options: Vec<Choice>,
        min_selections: Option<u32>,
        max_selections: Option<u32>,
    },
    /// Response A against response B. Negative scale values prefer A, positive prefer B.
    Pairwise {
        scale: Vec<Level>,
        allow_both_bad: bool,
        /// The two task responses compared; the first two shown when absent.
        responses: Option<Vec<String>>,
    },
    /// Order the task's responses, best first.
    Ranking {
        allow_ties: bool,
        /// Only the best `top_k` places need ranking.
        top_k: Option<u32>,
    },
    Text {
        min_length: Option<u32>,
        max_length: Option<u32>,
        placeholder: String,
    },
    /// Items each answered yes / no / (optionally) not applicable.
    Checklist {
        items: Vec<ChecklistItem>,
        allow_na: bool,
    },
}

/// A criterion type without its fields: the one place the format's type names are spelt, for
/// the rubric's `type`, an answer's `type` tag, the shape tables and messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CriterionType {
    Rating,
    SingleChoice,
    MultiChoice,
    Pairwise,
    Ranking,
    Text,
    Checklist,
}

impl CriterionType {
    /// Every type, in the order the documentation lists them (and messages and schemas too).
    pub const ALL: [CriterionType; 7] = [
        CriterionType::Rating,
        CriterionType::SingleChoice,
        CriterionType::MultiChoice,
        CriterionType::Pairwise,
        CriterionType::Ranking,
        CriterionType::Text,
        CriterionType::Checklist,
    ];

    /// The name the JSON uses.
    pub fn name(self) -> &'static str {
        match self {
            CriterionType::Rating => "rating",
            CriterionType::SingleChoice => "single_choice",
            CriterionType::MultiChoice => "multi_choice",
            CriterionType::Pairwise => "pairwise",
            CriterionType::Ranking => "ranking",
            CriterionType::Text => "text",
            CriterionType::Checklist => "checklist",
        }
    }

    /// The type a JSON name stands for; `None` for a name that is no type.
    pub fn from_name(name: &str) -> Option<CriterionType> {
        Self::ALL.into_iter().find(|t| t.name() == name)
    }
}

impl CriterionKind {
    pub fn ty(&self) -> CriterionType {
        match self {
            CriterionKind::Rating { .. } => CriterionType::Rating,
            CriterionKind::SingleChoice { .. } => CriterionType::SingleChoice,
            CriterionKind::MultiChoice { .. } => CriterionType::MultiChoice,
            CriterionKind::Pairwise { .. } => CriterionType::Pairwise,
            CriterionKind::Ranking { .. } => CriterionType::Ranking,
            CriterionKind::Text { .. } => CriterionType::Text,
            CriterionKind::Checklist { .. } => CriterionType::Checklist,
        }
    }

    /// The type's JSON name.
    pub fn name(&self) -> &'static str {
        self.ty().name()
    }

    /// How many keys `hotkeys` must list for this type (one per level/option, one per answer of
    /// a checklist item: yes, no and n/a when allowed); `None` where hotkeys do not apply.
    pub fn hotkey_slots(&self) -> Option<usize> {
        match self {
            CriterionKind::Rating { levels } => Some(levels.len()),
            CriterionKind::Pairwise { scale, .. } => Some(scale.len()),
            CriterionKind::SingleChoice { options }
            | CriterionKind::MultiChoice { options, .. } => Some(options.len()),
            CriterionKind::Checklist { allow_na, .. } => Some(2 + usize::from(*allow_na)),
            _ => None,
        }
    }
}

/// The hotkey a physical key stands for, from its `KeyboardEvent.code` ("KeyF" → "f",
/// "Digit3" and "Numpad3" → "3"). Hotkeys are written as Latin letters and digits; a reviewer
/// typing with an Arabic, Russian or Japanese layout presses the same keys but the browser
/// reports other characters, so the position on the keyboard decides when the character
/// matches no hotkey.
pub fn hotkey_of_code(code: &str) -> Option<String> {
    let rest = code
        .strip_prefix("Key")
        .or_else(|| code.strip_prefix("Digit"))
        .or_else(|| code.strip_prefix("Numpad"))?;
    let mut chars = rest.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase().to_string()),
        _ => None,
    }
}

/// A point on a rating or pairwise scale.
#[derive(Debug, Clone, PartialEq)]
pub struct Level {
    pub value: i64,
    pub label: String,
    /// What this level means (markdown). Every level should have one.
    pub descriptor: String,
    /// An example of an answer at this level (markdown).
    pub example: Option<String>,
}

/// An option of a choice criterion, or a reason to skip a task.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub description: String,
    /// "None of these": selecting it clears the other options (multi_choice only).
    pub exclusive: bool,
}

/// An item of a checklist criterion.
#[derive(Debug, Clone, PartialEq)]
pub struct ChecklistItem {
    pub id: String,
    pub label: String,
    pub description: String,
}

/// Two criteria that may pull against each other; the guidance is shown once both are answered.
#[derive(Debug, Clone, PartialEq)]
pub struct Tension {
    pub between: Vec<String>,
    /// Markdown.
    pub guidance: String,
}

#[cfg(test)]
mod tests {
    #[test]
    fn physical_keys_name_latin_hotkeys() {
        use super::hotkey_of_code as h;
        assert_eq!(h("KeyF").as_deref(), Some("f"));
        assert_eq!(h("Digit3").as_deref(), Some("3"));
        assert_eq!(h("Numpad7").as_deref(), Some("7"));
        assert_eq!(h("NumpadEnter"), None);
        assert_eq!(h("Space"), None);
        assert_eq!(h(""), None);
    }
}
