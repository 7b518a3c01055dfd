//! The message catalogues the widget ships (`i18n/*.json` at the repository root).
//!
//! `i18n/en.json` is generated from `rubric_core::text::messages` (the English text lives in the code)
//! and must not drift; `UPDATE_CATALOGUES=1` rewrites it. Every other catalogue must translate
//! exactly those keys, with the same arguments, and each message must parse: this is the
//! missing-string check of the test command.

use rubric_core::text::i18n::{
    check_against, is_label_style, translate, uses, visible_text, Catalogue, English, Use, SHIPPED,
};
use rubric_core::text::messages::ALL;
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../i18n")
}

fn english() -> String {
    let mut map = serde_json::Map::new();
    for m in ALL {
        assert!(
            map.insert(m.key.to_string(), m.en.into()).is_none(),
            "key {} twice",
            m.key
        );
    }
    serde_json::to_string_pretty(&serde_json::Value::Object(map)).unwrap() + "\n"
}

#[test]
fn english_catalogue_is_generated_from_the_code() {
    let want = english();
    let path = dir().join("en.json");
    if std::env::var_os("UPDATE_CATALOGUES").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "i18n/en.json is out of date: run UPDATE_CATALOGUES=1 cargo test -p rubric-core --test catalogues"
    );
    Catalogue::parse(&want).expect("every English message parses");
}

#[test]
fn every_shipped_catalogue_has_every_message() {
    let reference = Catalogue::parse(&english()).unwrap();
    let mut problems = Vec::new();
    for locale in SHIPPED.iter().filter(|l| **l != "en") {
        let path = dir().join(format!("{locale}.json"));
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        match Catalogue::parse(&text) {
            Err(e) => problems.push(format!("{locale}.json: {e}")),
            Ok(c) => problems.extend(
                check_against(&reference, &c)
                    .into_iter()
                    .map(|p| format!("{locale}.json: {p}")),
            ),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn english_messages_render_without_leftover_syntax() {
    for m in ALL {
        let out = translate(None, *m, &[], &English);
        assert!(!out.contains(", plural,"), "{}: {out}", m.key);
    }
}

#[test]
fn every_catalogue_file_is_a_shipped_language() {
    for entry in std::fs::read_dir(dir()).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            continue;
        }
        let name = entry.file_name().into_string().unwrap();
        let tag = name.strip_suffix(".json").unwrap_or(&name);
        assert!(
            SHIPPED.contains(&tag),
            "i18n/{name} is not in rubric_core::text::i18n::SHIPPED, so no widget would load it"
        );
    }
}

/// English has a `one` form: a plural that only says `other` writes "1 still need attention".
/// (The catalogue check cannot see this: a missing category falls back to `other`.)
#[test]
fn every_english_plural_has_a_form_for_one() {
    for m in ALL {
        for (at, _) in m.en.match_indices(", plural,") {
            let rest = &m.en[at..];
            assert!(
                rest.contains(" one {") || rest.contains("=1 {"),
                "{}: a plural without `one`: {}",
                m.key,
                m.en
            );
        }
    }
    let one = |missing: usize| {
        translate(
            None,
            rubric_core::text::messages::progress,
            &[
                ("answered", 5.into()),
                ("shown", 6.into()),
                ("missing", missing.into()),
            ],
            &English,
        )
    };
    assert_eq!(one(1), "5 of 6 answered · 1 still needs attention");
    assert_eq!(one(2), "5 of 6 answered · 2 still need attention");
}

/// The plural categories each shipped language needs (CLDR, as `Intl.PluralRules` gives them
/// for whole numbers). A plural in that language's catalogue must have a branch for each: the
/// formatter falls back to `other` silently, so a missing `one` or `few` would not show up
/// anywhere else. Spanish also has `many` (exact millions: "1 millón de"), left to `other`,
/// which reads right when the number is written in digits.
const PLURAL_CATEGORIES: &[(&str, &[&str])] = &[
    ("es", &["one", "other"]),
    ("de", &["one", "other"]),
    ("ja", &["other"]),
    ("ar", &["zero", "one", "two", "few", "many", "other"]),
];

/// Arguments that count something although their English text has no `plural` (its wording
/// never shows the count beside a noun that changes, or English gets away with it): in a
/// language with several plural forms they need `plural` as much as the English plurals do.
const COUNTED_WITHOUT_ENGLISH_PLURAL: &[(&str, &[&str])] = &[
    ("too_short", &["min"]),
    ("too_long", &["max"]),
    ("count_of_max", &["max"]),
    ("too_few_chosen", &["n"]),
    ("too_many_chosen", &["n"]),
    ("items_left", &["n"]),
    ("rank_top", &["n"]),
    ("rank_hint_top", &["n"]),
    ("quiz_resumed", &["total"]),
    ("d_link_too_long", &["length", "limit"]),
];

fn shipped(locale: &str) -> Catalogue {
    let path = dir().join(format!("{locale}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Catalogue::parse(&text).unwrap_or_else(|e| panic!("{locale}.json: {e}"))
}

/// `=0`, `=1` and `=2` stand for `zero`, `one` and `two`: in these four languages each of those
/// categories holds exactly that one whole number.
fn covers(branches: &[String], category: &str) -> bool {
    let exact = match category {
        "zero" => Some("=0"),
        "one" => Some("=1"),
        "two" => Some("=2"),
        _ => None,
    };
    branches
        .iter()
        .any(|b| b == category || Some(b.as_str()) == exact)
}

fn plural_problems(locale: &str, c: &Catalogue) -> Vec<String> {
    let needed = PLURAL_CATEGORIES
        .iter()
        .find(|(l, _)| *l == locale)
        .unwrap_or_else(|| panic!("no plural categories for {locale}"))
        .1;
    let mut problems = Vec::new();
    for (key, message) in &c.messages {
        for u in uses(message) {
            if let Use::Plural { name, branches } = u {
                let missing: Vec<_> = needed.iter().filter(|k| !covers(&branches, k)).collect();
                if !missing.is_empty() {
                    problems.push(format!(
                        "{locale}.json \"{key}\": the plural on {name} has no {missing:?} (it has {branches:?})"
                    ));
                }
            }
        }
    }
    problems
}

#[test]
fn every_plural_has_the_categories_its_language_needs() {
    let mut problems = Vec::new();
    for locale in SHIPPED.iter().filter(|l| **l != "en") {
        problems.extend(plural_problems(locale, &shipped(locale)));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The arguments of message `key` that count something: those the English text formats with
/// `plural`, and those listed in `COUNTED_WITHOUT_ENGLISH_PLURAL`.
fn counted(key: &str, en: &str) -> Vec<String> {
    let mut out: Vec<String> = uses(en)
        .into_iter()
        .filter_map(|u| match u {
            Use::Plural { name, .. } => Some(name),
            _ => None,
        })
        .collect();
    for (k, args) in COUNTED_WITHOUT_ENGLISH_PLURAL {
        if *k == key {
            out.extend(args.iter().map(|a| a.to_string()));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// In a language with several plural forms, a counted argument is either formatted with
/// `plural` (so the noun beside it can agree), or, wherever it is written bare outside a
/// plural on itself, it stands as a value after a label ("Zeichen: {n} / {max}",
/// "(الآن: {n})"), with no word that would have to agree with it.
fn count_problems(locale: &str, c: &Catalogue) -> Vec<String> {
    let mut problems = Vec::new();
    for m in ALL {
        let Some(message) = c.get(m.key) else {
            continue;
        };
        let used = uses(message);
        for arg in counted(m.key, m.en) {
            let bare_in_a_sentence = used.iter().any(|u| {
                matches!(u, Use::Bare { name, before, after, counted_by }
                    if *name == arg && !counted_by.contains(&arg) && !is_label_style(before, after))
            });
            if bare_in_a_sentence {
                problems.push(format!(
                    "{locale}.json \"{}\": {{{arg}}} counts something: use {{{arg}, plural, …}} or write it after a label (\"…: {{{arg}}}\"): {message}",
                    m.key
                ));
            }
        }
    }
    problems
}

#[test]
fn every_count_agrees_with_its_number_in_languages_with_several_forms() {
    let mut problems = Vec::new();
    for (locale, categories) in PLURAL_CATEGORIES {
        if categories.len() > 1 {
            problems.extend(count_problems(locale, &shipped(locale)));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The glossary of one language (`docs/glossary/{locale}.json`): one term per concept.
#[derive(serde::Deserialize)]
struct Glossary {
    terms: Vec<Term>,
}

#[derive(serde::Deserialize)]
struct Term {
    concept: String,
    term: String,
    /// Other forms of the term that also count as using it (plural, inflected).
    #[serde(default)]
    forms: Vec<String>,
    /// Words that must appear in no message (and in no translation of a bundled example rubric).
    #[serde(default)]
    avoid: Vec<String>,
    /// Messages that name this concept, so must contain the term (or one of its forms).
    #[serde(default)]
    keys: Vec<String>,
}

/// Text as the glossary compares it: lower case, soft hyphens removed.
fn norm(s: &str) -> String {
    s.replace('\u{ad}', "").to_lowercase()
}

/// Every string in the `translations.{locale}` part of each bundled example rubric.
fn example_translations(locale: &str) -> Vec<(String, String)> {
    fn strings(v: &serde_json::Value, at: &str, out: &mut Vec<(String, String)>) {
        match v {
            serde_json::Value::String(s) => out.push((at.to_string(), s.clone())),
            serde_json::Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    strings(x, &format!("{at}.{i}"), out)
                }
            }
            serde_json::Value::Object(o) => {
                for (k, x) in o {
                    strings(x, &format!("{at}.{k}"), out)
                }
            }
            _ => {}
        }
    }
    let rubrics = dir().join("../examples/rubrics");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&rubrics).unwrap() {
        let path = entry.unwrap().path();
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        if let Some(t) = v.get("translations").and_then(|t| t.get(locale)) {
            let name = path.file_name().unwrap().to_string_lossy();
            strings(t, &format!("{name}: translations.{locale}"), &mut out);
        }
    }
    out
}

fn glossary_problems(locale: &str, c: &Catalogue) -> Vec<String> {
    let path = dir().join(format!("../docs/glossary/{locale}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let g: Glossary =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let texts: Vec<(String, String)> = c
        .messages
        .iter()
        .map(|(k, m)| (k.clone(), norm(&visible_text(m))))
        .chain(
            example_translations(locale)
                .into_iter()
                .map(|(at, s)| (at, norm(&s))),
        )
        .collect();
    let mut problems = Vec::new();
    for t in &g.terms {
        for avoid in &t.avoid {
            for (at, text) in &texts {
                if text.contains(&norm(avoid)) {
                    problems.push(format!(
                        "{locale} {at}: \"{avoid}\" for {}: the glossary says \"{}\"",
                        t.concept, t.term
                    ));
                }
            }
        }
        for key in &t.keys {
            let Some(m) = c.get(key) else {
                problems.push(format!(
                    "{locale} glossary: {} lists unknown key \"{key}\"",
                    t.concept
                ));
                continue;
            };
            let text = norm(&visible_text(m));
            if !std::iter::once(&t.term)
                .chain(&t.forms)
                .any(|w| text.contains(&norm(w)))
            {
                problems.push(format!(
                    "{locale}.json \"{key}\" names {} but not as \"{}\": {m}",
                    t.concept, t.term
                ));
            }
        }
    }
    problems
}

#[test]
fn every_catalogue_keeps_to_its_glossary() {
    let mut problems = Vec::new();
    for locale in SHIPPED.iter().filter(|l| **l != "en") {
        problems.extend(glossary_problems(locale, &shipped(locale)));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
