//! The designer's draft in `localStorage` (the core's [`DesignerDraft`]): written shortly after
//! the text or the sample task changes and at once when the page is hidden or left, and offered
//! back on the next open when it differs from what that page starts with.
//!
//! Nothing is restored without asking, and nothing saved is overwritten before the designer
//! answered: while a draft is offered, writes are held back (the page then asks before it is
//! left, if there were edits meanwhile).

use crate::browser;
use leptos::prelude::*;
use rubric_core::document::designer_draft::{
    DesignerDraft, Loaded, DESIGNER_DRAFT_KEY, DESIGNER_DRAFT_VERSION,
};
use rubric_core::document::output::WriteJson;
use std::time::Duration;

/// How long after a change the draft is written, at most: a burst of typing costs one write of
/// the whole text (which can be tens of KB), and at most this much typing is at risk if the
/// browser dies. Hiding or leaving the page writes at once.
const SAVE_AFTER_MS: u64 = 1000;

/// Written and removed at start, to find out whether anything can be kept.
const PROBE_KEY: &str = "rubric-designer:probe";

/// The designer's draft. `Copy`.
#[derive(Clone, Copy)]
pub struct DraftKeeper {
    text: RwSignal<String>,
    sample: RwSignal<String>,
    /// The last whole text loaded, to tell the designer's work from an unchanged template.
    loaded: StoredValue<Loaded>,
    /// The sample task the designer starts with: a changed one is work too.
    default_sample: StoredValue<String>,
    /// The saved draft offered back, until the designer restores or discards it.
    pub offer: RwSignal<Option<DesignerDraft>>,
    /// Why the text cannot be kept on this device (storage unavailable, full), if so.
    pub error: RwSignal<Option<String>>,
    /// The text and sample that need no write: what storage holds after the last write, or
    /// the start. `None` until the starting text is in, so that the empty editor before it is
    /// never written over a draft.
    kept: StoredValue<Option<(String, String)>>,
    pending: StoredValue<Option<TimeoutHandle>>,
}

/// Keeps `text` and `sample` from the moment [`DraftKeeper::started`] is called, when they are
/// the designer's work: `loaded` (the last whole text loaded) tells typed edits and restored
/// drafts from an unchanged template, file or link, and a sample task changed from the one it
/// has now is work too. When nothing is work any more (an edited text was replaced by a
/// template after the question), the stored draft is removed.
///
/// What "unsaved" means here: every change is written locally within [`SAVE_AFTER_MS`] and when
/// the page is hidden or left, so leaving normally loses nothing and needs no question (a
/// `beforeunload` prompt on every visit would only teach people to click it away, and the
/// listener alone keeps some browsers from caching the page). The text is at risk only when it
/// cannot be written: storage is unavailable or full, or a draft is being offered and the
/// designer edited before answering (a write would destroy the offered draft). Only then is a
/// `beforeunload` listener in place, and it asks only if, after a last write attempt, the text
/// still differs from what is kept.
pub fn use_designer_draft(
    text: RwSignal<String>,
    sample: RwSignal<String>,
    loaded: StoredValue<Loaded>,
) -> DraftKeeper {
    let keeper = DraftKeeper {
        text,
        sample,
        loaded,
        default_sample: StoredValue::new(sample.get_untracked()),
        offer: RwSignal::new(None),
        error: RwSignal::new(None),
        kept: StoredValue::new(None),
        pending: StoredValue::new(None),
    };
    Effect::new(move |prev: Option<()>| {
        text.track();
        sample.track();
        if prev.is_none() || keeper.pending.with_value(Option::is_some) {
            return; // the first run is the empty editor; a write is already on its way
        }
        if let Ok(timer) =
            set_timeout_with_handle(move || keeper.write(), Duration::from_millis(SAVE_AFTER_MS))
        {
            keeper.pending.set_value(Some(timer));
        }
    });
    let hide = window_event_listener(leptos::ev::visibilitychange, move |_| {
        if document().hidden() {
            keeper.write();
        }
    });
    let leave = window_event_listener(leptos::ev::pagehide, move |_| keeper.write());
    let guard = StoredValue::new(None::<WindowListenerHandle>);
    Effect::new(move |_| {
        let at_risk = keeper.error.with(Option::is_some) || keeper.offer.with(Option::is_some);
        if at_risk && guard.with_value(Option::is_none) {
            let ask = window_event_listener(leptos::ev::beforeunload, move |ev| {
                if keeper.unsaved() {
                    ev.prevent_default();
                    // Older browsers ask only when a return value is set.
                    ev.set_return_value("unsaved");
                }
            });
            guard.set_value(Some(ask));
        } else if !at_risk {
            if let Some(Some(ask)) = guard.try_update_value(Option::take) {
                ask.remove();
            }
        }
    });
    // Unmounted (the demo remounts on a language change): the text is written first.
    on_cleanup(move || {
        hide.remove();
        leave.remove();
        if let Some(Some(ask)) = guard.try_update_value(Option::take) {
            ask.remove();
        }
        keeper.write();
    });
    keeper
}

impl DraftKeeper {
    /// The starting text is in the editor: from now on changes are kept. A saved draft that
    /// differs from this start is offered (and kept untouched until answered).
    pub fn started(self) {
        let start = (self.text.get_untracked(), self.sample.get_untracked());
        // A write is tried at once, so that a designer whose browser keeps nothing is told
        // before typing, with the browser's reason.
        match browser::save(PROBE_KEY, "1") {
            Ok(()) => browser::remove(PROBE_KEY),
            Err(e) => self.error.set(Some(e)),
        }
        let saved = browser::load(DESIGNER_DRAFT_KEY).and_then(|t| DesignerDraft::read(&t));
        self.offer
            .set(saved.filter(|d| d.worth_offering(&start.0, &start.1)));
        self.kept.set_value(Some(start));
    }

    /// The designer chose Restore: the offered draft, to be loaded (it is what storage holds).
    pub fn restore(self) -> Option<DesignerDraft> {
        let d = self.offer.try_update(Option::take).flatten()?;
        self.kept
            .set_value(Some((d.text.clone(), d.sample.clone())));
        Some(d)
    }

    /// The designer chose Discard: the offered draft goes, and what is in the editor now is
    /// kept instead (at once: edits may have been held back while the question was open).
    pub fn discard(self) {
        self.offer.set(None);
        browser::remove(DESIGNER_DRAFT_KEY);
        self.write();
    }

    /// Writes the text and sample if they changed since what is kept, unless a draft is
    /// being offered; removes the draft instead when they are not the designer's work. Cancels
    /// the pending write; a failure is kept in [`DraftKeeper::error`].
    fn write(self) {
        if let Some(Some(timer)) = self.pending.try_update_value(Option::take) {
            timer.clear();
        }
        let (Some(text), Some(sample)) = (
            self.text.try_get_untracked(),
            self.sample.try_get_untracked(),
        ) else {
            return; // the designer is gone
        };
        let fresh = self
            .kept
            .try_with_value(|k| k.as_ref().is_some_and(|(t, s)| *t != text || *s != sample));
        if fresh != Some(true) || self.offer.try_with_untracked(Option::is_some) != Some(false) {
            return; // not started, nothing new, or held back until the offer is answered
        }
        let work = self.loaded.try_with_value(|l| l.is_work(&text)) == Some(true)
            || self.default_sample.try_with_value(|s| *s != sample) == Some(true);
        if !work {
            browser::remove(DESIGNER_DRAFT_KEY);
            self.kept.set_value(Some((text, sample)));
            return;
        }
        let d = DesignerDraft {
            v: DESIGNER_DRAFT_VERSION,
            text,
            sample,
            saved_at_ms: browser::now_ms(),
        };
        match browser::save(DESIGNER_DRAFT_KEY, &d.to_json()) {
            Ok(()) => {
                self.kept.set_value(Some((d.text, d.sample)));
                self.error.set(None);
            }
            Err(e) => self.error.set(Some(e)),
        }
    }

    /// Whether leaving now would lose edits: after a last write attempt, the text or sample
    /// still differs from what is kept.
    fn unsaved(self) -> bool {
        self.write();
        let (text, sample) = (self.text.get_untracked(), self.sample.get_untracked());
        self.kept
            .with_value(|k| k.as_ref().is_some_and(|(t, s)| *t != text || *s != sample))
    }
}
