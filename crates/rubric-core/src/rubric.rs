//! The rubric model (format version 1): criteria, each of one type, with the meaning of every
//! level written out. Built only by [`crate::parse_rubric`], so a `Rubric` value is always valid.

use crate::condition::Condition;

/// A validated rubric.
#[derive(Debug, Clone, PartialEq)]
pub struct Rubric {
    pub schema_version: String,
    pub id: String,
    pub version: String,
    pub title: String,
    /// Markdown shown above the form.
    pub instructions: String,
    /// Show the task's responses in a per-reviewer random order (recorded in the submission),
    /// so that position does not anchor judgement.
    pub shuffle_responses: bool,
    pub criteria: Vec<Criterion>,
    pub tensions: Vec<Tension>,
}

impl Rubric {
    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        self.criteria.iter().find(|c| c.id == id)
    }
}

/// One question of the form.
#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    pub id: String,
    pub title: String,
    /// Markdown.
    pub description: String,
    pub required: bool,
    /// One key per level/option, in order; pressing it (outside a text field) picks that level.
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

impl CriterionKind {
    pub fn name(&self) -> &'static str {
        match self {
            CriterionKind::Rating { .. } => "rating",
            CriterionKind::SingleChoice { .. } => "single_choice",
            CriterionKind::MultiChoice { .. } => "multi_choice",
            CriterionKind::Pairwise { .. } => "pairwise",
            CriterionKind::Ranking { .. } => "ranking",
            CriterionKind::Text { .. } => "text",
            CriterionKind::Checklist { .. } => "checklist",
        }
    }

    /// How many keys `hotkeys` must list for this type (one per level/option); `None` where
    /// hotkeys do not apply.
    pub fn hotkey_slots(&self) -> Option<usize> {
        match self {
            CriterionKind::Rating { levels } => Some(levels.len()),
            CriterionKind::Pairwise { scale, .. } => Some(scale.len()),
            CriterionKind::SingleChoice { options }
            | CriterionKind::MultiChoice { options, .. } => Some(options.len()),
            _ => None,
        }
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

/// An option of a choice criterion.
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
