//! The item under review: a prompt, optional context and one or more model responses.

use std::collections::BTreeMap;

/// A validated task. Built only by [`crate::parse_task`].
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    pub schema_version: Option<String>,
    pub id: String,
    /// The language of the prompt and responses (a tag such as "en"), when the task says: the
    /// widget marks them with it, so a screen reader reads them in their own language.
    pub language: Option<String>,
    /// Markdown: what the model was asked.
    pub prompt: String,
    /// Markdown: conversation history, system prompt or documents the model saw.
    pub context: Option<String>,
    pub responses: Vec<Response>,
    /// Shown to the reviewer as a small table of text (numbers and booleans as written);
    /// never interpreted.
    pub metadata: BTreeMap<String, String>,
}

/// One model output.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub id: String,
    /// What the reviewer sees as its name ("Response A"); never the model's name, so judging
    /// stays blind.
    pub label: String,
    /// Markdown.
    pub content: String,
}

impl Task {
    pub fn response(&self, id: &str) -> Option<&Response> {
        self.responses.iter().find(|r| r.id == id)
    }
}
