//! What a reviewer answered, as the submission and the draft write it. The rules over answers
//! (visibility, requirements, what is missing, canonical comparison) are [`crate::form::rules`].

use crate::document::json::{Json, Node, Writer};
use crate::document::output::WriteJson;
use crate::model::rubric::CriterionType;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One criterion's answer, tagged with the criterion type so consumers can read it without the
/// rubric: `{"type": "rating", "value": 4}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Answer {
    Rating {
        value: i64,
    },
    SingleChoice {
        value: String,
    },
    MultiChoice {
        values: Vec<String>,
    },
    /// `a` and `b` are the response ids in the order shown; `value` is the chosen scale value
    /// (negative prefers `a`), absent when the reviewer said both are bad.
    Pairwise {
        a: String,
        b: String,
        value: Option<i64>,
        both_bad: bool,
    },
    /// Groups of response ids, best first; a group of several is a tie.
    Ranking {
        order: Vec<Vec<String>>,
    },
    Text {
        value: String,
    },
    Checklist {
        items: BTreeMap<String, Check>,
    },
}

/// A checklist item's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    Yes,
    No,
    Na,
}

impl Check {
    /// The JSON word for this answer.
    pub fn name(self) -> &'static str {
        match self {
            Check::Yes => "yes",
            Check::No => "no",
            Check::Na => "na",
        }
    }
}

impl Answer {
    /// Reads an answer in its JSON form (a saved draft). A malformed answer is `None`: that one
    /// answer is not restored.
    pub fn from_json(v: &Node) -> Option<Answer> {
        let text = |k: &str| v.get(k)?.as_str().map(str::to_string);
        let texts = |n: &Node| {
            n.as_array()?
                .iter()
                .map(|x| x.as_str().map(str::to_string))
                .collect::<Option<Vec<_>>>()
        };
        Some(match CriterionType::from_name(v.get("type")?.as_str()?)? {
            CriterionType::Rating => Answer::Rating {
                value: v.get("value")?.as_i64()?,
            },
            CriterionType::SingleChoice => Answer::SingleChoice {
                value: text("value")?,
            },
            CriterionType::MultiChoice => Answer::MultiChoice {
                values: texts(v.get("values")?)?,
            },
            CriterionType::Pairwise => Answer::Pairwise {
                a: text("a")?,
                b: text("b")?,
                value: match v.get("value") {
                    None => None,
                    Some(x) if x.value == Json::Null => None,
                    Some(x) => Some(x.as_i64()?),
                },
                both_bad: v.get("both_bad")?.as_bool()?,
            },
            CriterionType::Ranking => Answer::Ranking {
                order: v
                    .get("order")?
                    .as_array()?
                    .iter()
                    .map(texts)
                    .collect::<Option<_>>()?,
            },
            CriterionType::Text => Answer::Text {
                value: text("value")?,
            },
            CriterionType::Checklist => {
                let mut items = BTreeMap::new();
                for (k, x) in v.get("items")?.as_object()? {
                    let check = match x.as_str()? {
                        "yes" => Check::Yes,
                        "no" => Check::No,
                        "na" => Check::Na,
                        _ => return None,
                    };
                    items.insert(k.name.clone(), check);
                }
                Answer::Checklist { items }
            }
        })
    }

    /// The criterion type this answers (its name is the `type` tag).
    pub fn ty(&self) -> CriterionType {
        match self {
            Answer::Rating { .. } => CriterionType::Rating,
            Answer::SingleChoice { .. } => CriterionType::SingleChoice,
            Answer::MultiChoice { .. } => CriterionType::MultiChoice,
            Answer::Pairwise { .. } => CriterionType::Pairwise,
            Answer::Ranking { .. } => CriterionType::Ranking,
            Answer::Text { .. } => CriterionType::Text,
            Answer::Checklist { .. } => CriterionType::Checklist,
        }
    }

    /// Whether this counts as an answer at all (an empty selection or blank text does not).
    pub fn is_answered(&self) -> bool {
        match self {
            Answer::Rating { .. } | Answer::SingleChoice { .. } => true,
            Answer::MultiChoice { values } => !values.is_empty(),
            Answer::Pairwise {
                value, both_bad, ..
            } => value.is_some() || *both_bad,
            Answer::Ranking { order } => !order.is_empty(),
            Answer::Text { value } => !value.trim().is_empty(),
            Answer::Checklist { items } => !items.is_empty(),
        }
    }

    /// The ordinal value of a rating or pairwise answer, for numeric conditions.
    pub fn number(&self) -> Option<i64> {
        match self {
            Answer::Rating { value } => Some(*value),
            Answer::Pairwise { value, .. } => *value,
            _ => None,
        }
    }
}

/// The JSON form: the same as serde's `Serialize` (tested), without bringing a serializer
/// into the wasm.
impl WriteJson for Answer {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        w.field_str("type", self.ty().name());
        match self {
            Answer::Rating { value } => w.field_int("value", *value),
            Answer::SingleChoice { value } | Answer::Text { value } => w.field_str("value", value),
            Answer::MultiChoice { values } => {
                w.key("values");
                w.strs(values);
            }
            Answer::Pairwise {
                a,
                b,
                value,
                both_bad,
            } => {
                w.field_str("a", a);
                w.field_str("b", b);
                w.key("value");
                match value {
                    Some(v) => w.int(*v),
                    None => w.null(),
                }
                w.key("both_bad");
                w.bool(*both_bad);
            }
            Answer::Ranking { order } => {
                w.key("order");
                w.begin_array();
                for group in order {
                    w.strs(group);
                }
                w.end_array();
            }
            Answer::Checklist { items } => {
                w.key("items");
                w.begin_object();
                for (k, c) in items {
                    w.field_str(k, c.name());
                }
                w.end_object();
            }
        }
        w.end_object();
    }
}
