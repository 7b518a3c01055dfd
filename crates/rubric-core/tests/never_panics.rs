//! Parsing and markdown never panic, whatever the input (RELIABILITY.md, P7).

use proptest::prelude::*;
use rubric_core::{markdown, parse_rubric, parse_task, Limits};

/// Text built from JSON and markdown punctuation, so random input reaches deep into the parsers.
fn jsonish() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
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
    ]);
    prop::collection::vec(atoms, 0..120).prop_map(|v| v.concat())
}

fn markdownish() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
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
    ]);
    prop::collection::vec(atoms, 0..200).prop_map(|v| v.concat())
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
