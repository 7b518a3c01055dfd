//! The committed schemas and TypeScript declarations under `schema/` are exactly what the code
//! generates. After changing a format: `UPDATE_SCHEMAS=1 cargo test -p rubric-core --test schemas`.

use rubric_core::document::schema;

fn generated() -> Vec<(&'static str, String)> {
    let pretty = |v: serde_json::Value| serde_json::to_string_pretty(&v).unwrap() + "\n";
    vec![
        ("rubric.schema.json", pretty(schema::rubric())),
        ("task.schema.json", pretty(schema::task())),
        ("quiz.schema.json", pretty(schema::quiz())),
        ("submission.schema.json", pretty(schema::submission())),
        ("quiz-result.schema.json", pretty(schema::quiz_result())),
        ("rubric-widget.d.ts", schema::typescript()),
    ]
}

#[test]
fn committed_schemas_match_the_code() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../schema");
    for (file, text) in generated() {
        let path = format!("{dir}/{file}");
        if std::env::var_os("UPDATE_SCHEMAS").is_some() {
            std::fs::write(&path, &text).unwrap();
            continue;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(committed == text, "schema/{file} is out of date: run UPDATE_SCHEMAS=1 cargo test -p rubric-core --test schemas");
    }
}

#[test]
fn the_rubric_schema_knows_every_criterion_type() {
    let s = schema::rubric();
    let types: Vec<&str> = s["properties"]["criteria"]["items"]["oneOf"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["properties"]["type"]["const"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        [
            "rating",
            "single_choice",
            "multi_choice",
            "pairwise",
            "ranking",
            "text",
            "checklist"
        ]
    );
    assert_eq!(
        s["additionalProperties"], false,
        "unknown fields are errors, in editors too"
    );
}
