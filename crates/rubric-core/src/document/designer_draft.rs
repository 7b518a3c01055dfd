//! The rubric designer's work kept on the device, and the two decisions made about it: whether
//! a saved draft is worth offering back when the designer opens, and whether loading another
//! text (a template, the blank rubric, a file) would lose work and must be confirmed first.
//!
//! The designer's text lives only in the page until it is downloaded or shared, so a closed
//! tab, a crash or a reload would lose it. The designer writes it to `localStorage` shortly
//! after each change that is the designer's work ([`DesignerDraft`], [`Loaded::is_work`]); the
//! next open offers it back when it differs from what that page starts with. It never restores silently: a share link opened on purpose
//! wins, and the draft is offered beside it rather than destroyed.

use crate::document::json;
use crate::document::output::json_output;

json_output! {
    /// What the designer keeps: the text being edited and the sample task it is previewed
    /// with. Written with [`WriteJson::to_json`](crate::document::output::WriteJson::to_json),
    /// read back by [`DesignerDraft::read`].
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct DesignerDraft {
        /// The format version; a draft of another version is ignored.
        pub v: u32,
        /// The rubric (or quiz) text as typed, valid or not.
        pub text: String,
        /// The sample task's text as typed.
        pub sample: String,
        /// When it was written, in milliseconds since the Unix epoch.
        pub saved_at_ms: i64,
    }
}

/// Current format version.
pub const DESIGNER_DRAFT_VERSION: u32 = 1;

/// The `localStorage` key: one draft per origin (the designer edits one text at a time; two
/// designer tabs share it, the last write wins).
pub const DESIGNER_DRAFT_KEY: &str = "rubric-designer:draft:v1";

impl DesignerDraft {
    /// Reads a saved draft; anything unreadable, of another version, or with an empty text is
    /// `None` (a broken draft must never stop the designer opening).
    pub fn read(stored: &str) -> Option<DesignerDraft> {
        let root = json::parse(stored).ok()?;
        if root.get("v")?.as_i64()? != i64::from(DESIGNER_DRAFT_VERSION) {
            return None;
        }
        let text = root.get("text")?.as_str()?;
        if text.trim().is_empty() {
            return None;
        }
        Some(DesignerDraft {
            v: DESIGNER_DRAFT_VERSION,
            text: text.to_string(),
            sample: root.get("sample")?.as_str()?.to_string(),
            saved_at_ms: root.get("saved_at_ms")?.as_i64()?,
        })
    }

    /// Whether to ask "restore?" when the page starts with `text` and `sample`: only when the
    /// draft holds something else. A draft equal to the start has nothing to give back.
    pub fn worth_offering(&self, text: &str, sample: &str) -> bool {
        self.text != text || self.sample != sample
    }
}

/// Where the editor's text last came from as a whole, and whether that text is the designer's
/// own work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loaded {
    /// The text as loaded.
    pub text: String,
    /// Whether it exists nowhere else: a restored draft is the designer's earlier editing, kept
    /// only on this device (replacing it and saving the replacement would lose it). A
    /// template, the blank rubric, a file or a share link can all be opened again.
    pub own_work: bool,
}

impl Loaded {
    /// Whether `current` is the designer's work: typed since this load, or a restored draft.
    /// Only work is kept as a draft; an unchanged template, file or share link can be opened
    /// again, so keeping it would only bring a needless "restore?" question next time.
    pub fn is_work(&self, current: &str) -> bool {
        self.own_work || current != self.text
    }
}

/// Whether loading another text over `current` must be confirmed: it is the designer's work
/// ([`Loaded::is_work`]). An unchanged template, file or share link can be loaded again, and an
/// empty editor holds nothing to lose, so those are replaced without a question (switching
/// between templates to compare them stays one step).
pub fn replacing_loses_work(current: &str, loaded: &Loaded) -> bool {
    !current.trim().is_empty() && loaded.is_work(current)
}
