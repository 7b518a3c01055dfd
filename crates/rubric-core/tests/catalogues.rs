//! The message catalogues the widget ships (`i18n/*.json` at the repository root).
//!
//! `i18n/en.json` is generated from `rubric_core::text::messages` (the English text lives in the code)
//! and must not drift; `UPDATE_CATALOGUES=1` rewrites it. Every other catalogue must translate
//! exactly those keys, with the same arguments, and each message must parse: this is the
//! missing-string check of the test command.

use rubric_core::text::i18n::{check_against, translate, Catalogue, English, SHIPPED};
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
        let name = entry.unwrap().file_name().into_string().unwrap();
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
