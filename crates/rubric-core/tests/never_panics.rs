//! Parsing and markdown never panic, whatever the input (docs/promises.md, P7).

use proptest::prelude::*;
use rubric_core::text::markdown;
use rubric_core::{parse_rubric, parse_task, Limits};

/// Text made of up to `max` pieces drawn from `atoms`.
fn concat_of(atoms: Vec<&'static str>, max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(atoms), 0..max).prop_map(|v| v.concat())
}

/// Text built from JSON and markdown punctuation, so random input reaches deep into the parsers.
fn jsonish() -> impl Strategy<Value = String> {
    concat_of(
        vec![
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            "\"",
            "\"id\"",
            "\"type\"",
            "\"rating\"",
            "\"levels\"",
            "\"criteria\"",
            "\"schema_version\"",
            "\"1.0\"",
            "\"visible_if\"",
            "\"all\"",
            "\"criterion\"",
            "1",
            "-3",
            "true",
            "null",
            "\"value\"",
            "\"label\"",
            "\"hotkeys\"",
            "\"responses\"",
            " ",
            "\n",
            "é",
            "\\u0000",
        ],
        120,
    )
}

fn markdownish() -> impl Strategy<Value = String> {
    concat_of(
        vec![
            "*",
            "**",
            "_",
            "`",
            "```",
            "[",
            "]",
            "(",
            ")",
            "!",
            "<",
            ">",
            "#",
            "- ",
            "1. ",
            "\n",
            "\n\n",
            "  ",
            "\\",
            "a",
            "https://x.io",
            "javascript:",
            "~~~",
            "---",
            "é",
            "\r",
        ],
        200,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn rubric_parsing_never_panics(text in jsonish()) {
        let _ = parse_rubric(&text, &Limits::default());
    }

    #[test]
    fn task_parsing_never_panics(text in jsonish()) {
        let _ = parse_task(&text, &Limits::default());
    }

    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>()) {
        let _ = parse_rubric(&text, &Limits::default());
        let _ = markdown::parse(&text, &[]);
    }

    #[test]
    fn markdown_never_panics(text in markdownish()) {
        let _ = markdown::parse(&text, &["https://x.io".to_string()]);
    }
}

#[test]
fn valid_rubric_mutations_never_panic() {
    // Every single-character deletion of a real rubric: a dense sample of "almost valid" input.
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/rubrics/content-moderation.json"
    ))
    .unwrap();
    for (i, _) in text.char_indices() {
        let mut broken = text.clone();
        broken.remove(i);
        let _ = parse_rubric(&broken, &Limits::default());
    }
}

/// Our JSON reader's view of a document, in serde_json's terms, for comparison.
fn to_serde(n: &rubric_core::document::json::Node) -> serde_json::Value {
    use rubric_core::document::json::Json;
    use serde_json::Value;
    match &n.value {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number { int: Some(i), .. } => Value::from(*i),
        // The reader keeps numbers as written; compare them as serde_json reads that text,
        // since serde_json's float parsing (without `float_roundtrip`) is not always the
        // correctly rounded one `str::parse` gives ("121e301").
        Json::Number { text, .. } => serde_json::from_str(text).unwrap(),
        Json::String(s) => Value::String(s.clone()),
        Json::Array(items) => Value::Array(items.iter().map(to_serde).collect()),
        Json::Object(members) => {
            let mut map = serde_json::Map::new();
            for (k, v) in members {
                map.insert(k.name.clone(), to_serde(v)); // the last duplicate wins, as in serde_json
            }
            Value::Object(map)
        }
    }
}

fn json_atoms() -> impl Strategy<Value = String> {
    concat_of(
        vec![
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            "\"",
            "\"k\"",
            "\"a\\\"b\"",
            "\"\\u00e9\"",
            "\"\\ud83d\\ude00\"",
            "\"\\ud83d\"",
            "\"\\n\"",
            "\"\\x\"",
            "0",
            "-1",
            "12",
            "01",
            "1.5",
            "1e3",
            "-0.0e-2",
            "1.",
            "99999999999999999999",
            "true",
            "false",
            "null",
            "nul",
            " ",
            "\n",
            "\t",
            "é",
            "\u{1}",
        ],
        60,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5000))]

    /// The widget's JSON reader accepts exactly what serde_json accepts, and reads the same;
    /// the one difference: numbers beyond the range of f64 are kept as written, not refused
    /// (the formats only use whole numbers, so such a number fails the shape check instead).
    #[test]
    fn json_reader_agrees_with_serde_json(text in json_atoms()) {
        let ours = rubric_core::document::json::parse(&text);
        let theirs = serde_json::from_str::<serde_json::Value>(&text);
        prop_assume!(!theirs.as_ref().is_err_and(|e| e.to_string().starts_with("number out of range")));
        prop_assert_eq!(ours.is_ok(), theirs.is_ok(), "{:?}: ours {:?}", text, ours.as_ref().err());
        if let (Ok(a), Ok(b)) = (ours, theirs) {
            prop_assert_eq!(to_serde(&a), b);
        }
    }

    /// Text written by the widget reads back as the same text, per serde_json.
    #[test]
    fn json_writer_escapes_any_text(s in "(\\PC|[\u{0}-\u{1f}\"\\\\])*") {
        let mut w = rubric_core::document::json::Writer::default();
        w.str(&s);
        let text = w.finish();
        prop_assert_eq!(serde_json::from_str::<String>(&text).unwrap(), s.clone());
        prop_assert_eq!(text, serde_json::to_string(&s).unwrap());
    }
}

proptest! {
    /// A message catalogue entry, however malformed, formats to some text or is refused when the
    /// catalogue is read; never a panic.
    #[test]
    fn messages_never_panic(m in concat_of(vec!["{", "}", "n", ",", " plural", " select", " one ", " other ", "=0 ", "#", "x", " "], 40)) {
        let json = serde_json::json!({ "k": m }).to_string();
        let _ = rubric_core::text::i18n::Catalogue::parse(&json);
        let c = rubric_core::text::i18n::Catalogue { messages: [("k".to_string(), m)].into_iter().collect() };
        let m = rubric_core::text::i18n::Msg { key: "k", en: "{" };
        let _ = rubric_core::text::i18n::translate(Some(&c), m, &[("n", rubric_core::text::i18n::Arg::Number(1.0))], &rubric_core::text::i18n::English);
    }
}
