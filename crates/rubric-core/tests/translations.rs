//! A rubric's own translations: read, checked against the rubric (every reference real), and
//! applied for the reviewer's languages without touching ids, values or rules.

use rubric_core::{parse_rubric, CriterionKind, Limits};
use serde_json::{json, Value};

fn rubric(translations: Value) -> Value {
    json!({
        "schema_version": "1.0", "id": "r", "version": "1", "title": "Quality", "language": "en",
        "instructions": "Read carefully.",
        "criteria": [
            {"id": "q", "type": "rating", "title": "Overall", "levels": [
                {"value": 1, "label": "Bad", "descriptor": "Wrong."},
                {"value": 2, "label": "Good", "descriptor": "Right.", "example": "Paris."}
            ]},
            {"id": "flags", "type": "multi_choice", "title": "Flags", "options": [
                {"value": "rude", "label": "Rude"}, {"value": "none", "label": "None", "exclusive": true}
            ]},
            {"id": "checks", "type": "checklist", "title": "Checks", "items": [
                {"id": "lang", "label": "Right language"}
            ]},
            {"id": "why", "type": "text", "title": "Why", "placeholder": "Because…"}
        ],
        "tensions": [{"between": ["q", "flags"], "guidance": "Weigh both."}],
        "translations": translations
    })
}

fn parse(v: Value) -> Result<rubric_core::Rubric, Vec<String>> {
    parse_rubric(
        &serde_json::to_string_pretty(&v).unwrap(),
        &Limits::default(),
    )
    .map(|(r, _)| r)
    .map_err(|r| r.lines())
}

#[test]
fn the_matching_translation_replaces_texts_and_nothing_else() {
    let r = parse(rubric(json!({
        "es": {
            "title": "Calidad", "instructions": "Lee con atención.",
            "criteria": {
                "q": {"title": "General", "levels": {"2": {"label": "Buena", "descriptor": "Correcta.", "example": "París."}}},
                "flags": {"options": {"rude": {"label": "Grosera"}}},
                "checks": {"items": {"lang": {"label": "Idioma correcto"}}},
                "why": {"placeholder": "Porque…"}
            },
            "tensions": ["Sopesa ambos."]
        },
        "pt-BR": {"title": "Qualidade"}
    })))
    .unwrap();
    let es = r.localized(&["es-MX", "en"]);
    assert_eq!(es.title, "Calidad");
    assert_eq!(
        es.language.as_deref(),
        Some("es"),
        "the texts are now Spanish"
    );
    assert_eq!(r.language.as_deref(), Some("en"));
    assert_eq!(es.instructions, "Lee con atención.");
    assert_eq!(es.tensions[0].guidance, "Sopesa ambos.");
    assert_eq!(es.criteria[0].title, "General");
    let CriterionKind::Rating { levels } = &es.criteria[0].kind else {
        panic!()
    };
    assert_eq!(
        (levels[0].label.as_str(), levels[0].descriptor.as_str()),
        ("Bad", "Wrong."),
        "untranslated stays"
    );
    assert_eq!(
        (levels[1].label.as_str(), levels[1].example.as_deref()),
        ("Buena", Some("París."))
    );
    assert_eq!(levels[1].value, 2);
    let CriterionKind::MultiChoice { options, .. } = &es.criteria[1].kind else {
        panic!()
    };
    assert_eq!(
        (options[0].value.as_str(), options[0].label.as_str()),
        ("rude", "Grosera")
    );
    assert_eq!(options[1].label, "None");
    let CriterionKind::Checklist { items, .. } = &es.criteria[2].kind else {
        panic!()
    };
    assert_eq!(items[0].label, "Idioma correcto");
    let CriterionKind::Text { placeholder, .. } = &es.criteria[3].kind else {
        panic!()
    };
    assert_eq!(placeholder, "Porque…");
    // By exact tag first, then by language; nothing matching leaves the rubric as written.
    assert_eq!(r.localized(&["pt-BR"]).title, "Qualidade");
    assert_eq!(r.localized(&["pt"]).title, "Quality");
    assert_eq!(r.localized(&["de", "fr"]), r);
    assert_eq!(r.localized(&[]), r);
}

#[test]
fn every_reference_in_a_translation_must_exist() {
    let errors = parse(rubric(json!({
        "es": {
            "criteria": {
                "qq": {"title": "?"},
                "q": {"levels": {"3": {"label": "?"}}, "options": {"x": {"label": "?"}}},
                "flags": {"options": {"rud": {"label": "?"}}},
                "checks": {"items": {"language": {"label": "?"}}}
            },
            "tensions": ["a", "b"]
        },
        "spanish_mx": {},
        "de": {"titel": "?"}
    })))
    .unwrap_err();
    let has = |s: &str| errors.iter().any(|e| e.contains(s));
    // Every problem at once: the shape (an unknown field) and every broken reference.
    for want in [
        "translations.de.titel: unknown field \"titel\" (did you mean \"title\"?)",
        "translations.es.criteria.qq: unknown criterion \"qq\"",
        "translations.es.criteria.q.levels.3: criterion \"q\" has no level \"3\"",
        "translations.es.criteria.q.options.x: criterion \"q\" (rating) has no options",
        "translations.es.criteria.flags.options.rud: criterion \"flags\" has no option \"rud\" (did you mean \"rude\"?)",
        "translations.es.criteria.checks.items.language: criterion \"checks\" has no item \"language\"",
        "translations.es.tensions: 2 tension texts, but the rubric has 1 tensions",
        "translations.spanish_mx: \"spanish_mx\" is not a language tag such as \"es\" or \"pt-BR\"",
    ] {
        assert!(has(want), "{want}\n{errors:#?}");
    }
}

#[test]
fn the_language_of_a_rubric_or_task_is_a_language_tag() {
    let mut v = rubric(json!({}));
    v["language"] = json!("English");
    assert_eq!(
        parse(v).unwrap_err(),
        vec!["language: \"English\" is not a language tag such as \"es\" or \"pt-BR\"".to_string()]
    );
    let task = json!({"id": "t", "language": "en_US", "prompt": "p", "responses": [{"id": "a", "label": "A", "content": "c"}]});
    let errors = rubric_core::parse_task(&task.to_string(), &Limits::default())
        .unwrap_err()
        .lines();
    assert!(
        errors[0].starts_with("language: \"en_US\" is not a language tag"),
        "{errors:?}"
    );
}
