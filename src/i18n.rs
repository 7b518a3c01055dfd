//! The widget's language: which locale a mounted widget speaks, its catalogue, and the
//! browser's `Intl` for plural categories and numbers. Messages and the rules for formatting
//! them are `rubric_core::text::i18n` and `rubric_core::text::messages`; English is compiled in, every
//! other language is one JSON file fetched next to the wasm (`i18n/{locale}.json`), so a
//! language costs the bundle nothing until it is used.

use crate::browser;
use leptos::prelude::*;
use rubric_core::text::i18n::{
    self, english_whole, Arg, Catalogue, English, Locale, Msg, Translate,
};
use rubric_core::Rubric;
use std::sync::Arc;

/// One language: its tag and catalogue. Cheap to clone; provided as context by `mount`.
#[derive(Clone)]
pub struct I18n(Arc<Lang>);

struct Lang {
    tag: String,
    catalogue: Option<Catalogue>,
    /// What the host or the browser asked for, most preferred first: a rubric's own
    /// translations are matched against this, so a rubric translated into a language the
    /// widget does not ship still reaches its readers.
    requested: Vec<String>,
}

/// English is built in, and so are its plural rule and whole numbers (the core's): no `Intl`
/// object is made to show an English form (the first costs 15-70 ms).
impl Locale for Lang {
    fn plural(&self, n: f64) -> &'static str {
        if self.tag == "en" {
            return English.plural(n);
        }
        match browser::intl(&self.tag, n, -1, true).as_str() {
            "zero" => "zero",
            "one" => "one",
            "two" => "two",
            "few" => "few",
            "many" => "many",
            _ => "other",
        }
    }
    fn number(&self, n: f64) -> String {
        let built_in = if self.tag == "en" {
            english_whole(n)
        } else {
            None
        };
        built_in.unwrap_or_else(|| browser::intl(&self.tag, n, -1, false))
    }
    fn fixed(&self, n: f64, digits: usize) -> String {
        browser::intl(
            &self.tag,
            rubric_core::text::i18n::shown(n, digits),
            digits as i32,
            false,
        )
    }
}

impl Translate for I18n {
    fn f(&self, m: Msg, args: &[(&str, Arg)]) -> String {
        i18n::translate(self.0.catalogue.as_ref(), m, args, &*self.0)
    }
    fn fixed(&self, n: f64, digits: usize) -> String {
        self.0.fixed(n, digits)
    }
}

impl I18n {
    /// English, the built-in language.
    pub fn english() -> I18n {
        I18n::english_for(Vec::new())
    }

    fn english_for(requested: Vec<String>) -> I18n {
        I18n(Arc::new(Lang {
            tag: "en".into(),
            catalogue: None,
            requested,
        }))
    }

    /// `rubric` with its own texts in the reader's language, where it has them.
    pub fn localize(&self, rubric: &Rubric) -> Rubric {
        let requested: Vec<&str> = self.0.requested.iter().map(String::as_str).collect();
        rubric.localized(&requested)
    }

    /// The locale's tag, for `lang`.
    pub fn tag(&self) -> String {
        self.0.tag.clone()
    }

    /// The moment `ms` (since the epoch) as the locale writes a date and time, in the
    /// reader's own time zone.
    pub fn date_time(&self, ms: i64) -> String {
        browser::date_time(&self.0.tag, ms as f64)
    }

    /// The writing direction, for `dir`.
    pub fn dir(&self) -> &'static str {
        if i18n::is_rtl(&self.0.tag) {
            "rtl"
        } else {
            "ltr"
        }
    }

    /// The language for `requested` (the host's `locale`; else the browser's languages): the
    /// first shipped one that matches, else English. A catalogue that cannot be fetched or read
    /// leaves the widget in English, with the reason in the console: a reviewer can still work.
    pub async fn load(requested: Option<String>) -> I18n {
        let wanted = match requested.filter(|r| !r.trim().is_empty()) {
            Some(r) => vec![r],
            None => browser::languages(),
        };
        let tags: Vec<&str> = wanted.iter().map(String::as_str).collect();
        let tag = i18n::negotiate(&tags, i18n::SHIPPED, "en");
        if tag == "en" {
            return I18n::english_for(wanted);
        }
        let url = browser::asset_url(&format!("i18n/{tag}.json"));
        let read = browser::fetch_text(&url)
            .await
            .and_then(|text| Catalogue::parse(&text));
        match read {
            Ok(catalogue) => I18n(Arc::new(Lang {
                tag: tag.to_string(),
                catalogue: Some(catalogue),
                requested: wanted,
            })),
            Err(e) => {
                leptos::logging::warn!(
                    "rubric widget: no {tag} catalogue at {url} ({e}); English is used"
                );
                I18n::english_for(wanted)
            }
        }
    }
}

/// The mounted widget's language (English outside a mount, as in component tests).
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(I18n::english)
}
