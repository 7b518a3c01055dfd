//! The share link: the text deflated into the page's fragment (`#rubric=…`, by `designer.js`)
//! and copied, or refused when it would be too long to travel. Any change to the text makes the
//! last link stale, so it goes.

use super::compress;
use crate::browser;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// The longest share link the designer makes, in characters (the whole URL). Browsers open far
/// longer ones (Chromium up to 2 MiB), but a link travels through other tools first: Slack cuts
/// a message after 40,000 characters, and Chromium's address bar displays at most 32 KiB of a
/// URL; a cut link does not open the rubric. 32,000 characters carry about 24 KB compressed,
/// some 80 KB of rubric JSON (the bundled 18 KB calibration quiz makes a 5,500-character link);
/// a longer rubric is shared as a file (Download), and the designer says so.
pub const MAX_LINK_CHARS: usize = 32_000;

/// What the share button last produced.
#[derive(Clone)]
pub enum Shared {
    /// The link, copied.
    Link(String),
    /// No link: it would have had this many characters, more than [`MAX_LINK_CHARS`].
    TooLong(usize),
    /// No link: this browser cannot compress (no `CompressionStream`, issue 19).
    Unavailable,
}

/// What the share button last produced, until the text changes. `Copy`.
#[derive(Clone, Copy)]
pub struct ShareLink(RwSignal<Option<Shared>>);

/// No link yet.
pub fn use_share_link() -> ShareLink {
    ShareLink(RwSignal::new(None))
}

impl ShareLink {
    /// The last link or refusal, tracked.
    pub fn get(self) -> Option<Shared> {
        self.0.get()
    }

    /// The text changed: the last link no longer opens it.
    pub fn clear(self) {
        self.0.set(None);
    }

    /// Makes a link to the page opening `text`, and copies it if it is short enough.
    pub fn share(self, text: &str) {
        let link = self.0;
        let cb = Closure::once_into_js(move |fragment: JsValue| {
            let Some(fragment) = fragment.as_string() else {
                link.set(Some(Shared::Unavailable));
                return;
            };
            let page = web_sys::window()
                .and_then(|w| w.location().href().ok())
                .unwrap_or_default();
            let base = page.split('#').next().unwrap_or_default().to_string();
            let url = format!("{base}#rubric={fragment}");
            let chars = url.chars().count();
            if chars > MAX_LINK_CHARS {
                link.set(Some(Shared::TooLong(chars)));
                return;
            }
            browser::copy_text(&url, Box::new(|| {}));
            link.set(Some(Shared::Link(url)));
        });
        compress(text, &cb);
    }
}
