//! The judge kit: for every bundled rubric, the schema accepts the answers the widget itself
//! would write and refuses the mistakes a model makes (an unknown criterion or level, a missing
//! required answer, a point with "both bad", an exclusive option beside another), and the prompt carries every criterion's meaning.
//!
//! The schemas are checked by a small validator of exactly the keywords the generator uses; an
//! unknown keyword fails the test, so the validator cannot silently accept what it skips.

use rubric_core::model::answer::Answer;
use rubric_core::report::judge_kit;
use rubric_core::{parse_rubric, CriterionKind, Limits, Rubric};
use serde_json::{json, Value};

fn validate(schema: &Value, v: &Value, at: &str) -> Result<(), String> {
    let s = schema
        .as_object()
        .ok_or(format!("{at}: schema is not an object"))?;
    for (key, rule) in s {
        let fail = |why: &str| Err(format!("{at}: {why} ({key} {rule})"));
        match key.as_str() {
            "$schema" | "title" => {}
            "type" => {
                let ok = match rule.as_str().unwrap() {
                    "object" => v.is_object(),
                    "array" => v.is_array(),
                    "string" => v.is_string(),
                    "boolean" => v.is_boolean(),
                    t => return Err(format!("unknown type {t}")),
                };
                if !ok {
                    return fail("wrong type");
                }
            }
            "const" if v != rule => return fail("not the constant"),
            "const" => {}
            "enum" if !rule.as_array().unwrap().contains(v) => return fail("not one of"),
            "enum" => {}
            "required" => {
                for k in rule.as_array().unwrap() {
                    if v.get(k.as_str().unwrap()).is_none() {
                        return fail("missing");
                    }
                }
            }
            "additionalProperties" => {
                let known = s["properties"].as_object().unwrap();
                if let Some(extra) = v
                    .as_object()
                    .and_then(|o| o.keys().find(|k| !known.contains_key(*k)))
                {
                    return Err(format!("{at}: unknown property {extra}"));
                }
            }
            "properties" => {
                for (k, sub) in rule.as_object().unwrap() {
                    if let Some(x) = v.get(k) {
                        validate(sub, x, &format!("{at}.{k}"))?;
                    }
                }
            }
            "items" => {
                for (i, x) in v.as_array().into_iter().flatten().enumerate() {
                    validate(rule, x, &format!("{at}[{i}]"))?;
                }
            }
            "minItems"
                if v.as_array()
                    .is_some_and(|a| a.len() < rule.as_u64().unwrap() as usize) =>
            {
                return fail("too few")
            }
            "maxItems" if v.as_array().unwrap().len() > rule.as_u64().unwrap() as usize => {
                return fail("too many")
            }
            "minItems" | "maxItems" => {}
            "uniqueItems" => {
                let a = v.as_array().unwrap();
                if (0..a.len()).any(|i| a[..i].contains(&a[i])) {
                    return fail("repeated");
                }
            }
            "minLength"
                if v.as_str().unwrap().chars().count() < rule.as_u64().unwrap() as usize =>
            {
                return fail("too short")
            }
            "maxLength"
                if v.as_str().unwrap().chars().count() > rule.as_u64().unwrap() as usize =>
            {
                return fail("too long")
            }
            "minLength" | "maxLength" => {}
            "oneOf" => {
                let passing = rule
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|sub| validate(sub, v, at).is_ok())
                    .count();
                if passing != 1 {
                    return Err(format!("{at}: {passing} branches of oneOf match"));
                }
            }
            "allOf" => {
                for sub in rule.as_array().unwrap() {
                    validate(sub, v, at)?;
                }
            }
            "not" if validate(rule, v, at).is_ok() => return fail("matches what it must not"),
            "not" => {}
            "contains" => {
                if !v
                    .as_array()
                    .is_some_and(|a| a.iter().any(|x| validate(rule, x, at).is_ok()))
                {
                    return fail("contains none");
                }
            }
            other => return Err(format!("the validator does not know {other}")),
        }
    }
    Ok(())
}

/// An answer the widget could write for `c`.
fn some_answer(c: &rubric_core::Criterion) -> Value {
    match &c.kind {
        CriterionKind::Rating { levels } => json!({"type": "rating", "value": levels[0].value}),
        CriterionKind::SingleChoice { options } => {
            json!({"type": "single_choice", "value": options[0].value})
        }
        CriterionKind::MultiChoice { options, .. } => {
            json!({"type": "multi_choice", "values": [options[0].value]})
        }
        CriterionKind::Pairwise {
            scale, responses, ..
        } => {
            let ids = responses
                .clone()
                .unwrap_or_else(|| vec!["r1".into(), "r2".into()]);
            json!({"type": "pairwise", "a": ids[0], "b": ids[1], "value": scale[0].value, "both_bad": false})
        }
        CriterionKind::Ranking { .. } => json!({"type": "ranking", "order": [["r1"], ["r2"]]}),
        CriterionKind::Text { min_length, .. } => {
            json!({"type": "text", "value": "x".repeat(min_length.unwrap_or(1) as usize)})
        }
        CriterionKind::Checklist { items, .. } => {
            json!({"type": "checklist", "items": items.iter().map(|i| (i.id.clone(), json!("yes"))).collect::<serde_json::Map<_, _>>()})
        }
    }
}

fn rubrics() -> Vec<Rubric> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/rubrics");
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            parse_rubric(
                &std::fs::read_to_string(e.unwrap().path()).unwrap(),
                &Limits::default(),
            )
            .unwrap()
            .0
        })
        .collect()
}

#[test]
fn the_schema_accepts_what_the_widget_writes_and_refuses_the_rest() {
    for r in rubrics() {
        let schema: Value = serde_json::from_str(&judge_kit::schema(&r)).unwrap();
        let answers: serde_json::Map<String, Value> = r
            .criteria
            .iter()
            .map(|c| (c.id.clone(), some_answer(c)))
            .collect();
        let reply = json!({"answers": answers});
        validate(&schema, &reply, &r.id).unwrap();
        // Every answer also reads as the widget's own.
        for (id, a) in &answers {
            let node = rubric_core::document::json::parse(&a.to_string()).unwrap();
            assert!(Answer::from_json(&node).is_some(), "{}: {id}", r.id);
        }
        // Refused: an unknown criterion, a level the scale lacks, a missing required criterion.
        let mut extra = reply.clone();
        extra["answers"]["not_a_criterion"] = json!({"type": "text", "value": "x"});
        assert!(validate(&schema, &extra, "").is_err(), "{}", r.id);
        let first = &r.criteria[0];
        let mut wrong = reply.clone();
        for key in ["value", "values", "items", "order"] {
            if wrong["answers"][&first.id].get(key).is_some() {
                wrong["answers"][&first.id][key] = json!(12345);
            }
        }
        assert!(validate(&schema, &wrong, "").is_err(), "{}", r.id);
        // A pairwise point with "both bad", and an exclusive option beside another.
        for c in &r.criteria {
            let mut bad = reply.clone();
            match &c.kind {
                CriterionKind::Pairwise { .. } => bad["answers"][&c.id]["both_bad"] = json!(true),
                CriterionKind::MultiChoice { options, .. }
                    if options.iter().any(|o| o.exclusive) =>
                {
                    let all: Vec<&str> = options.iter().map(|o| o.value.as_str()).collect();
                    bad["answers"][&c.id]["values"] = json!(all);
                }
                _ => continue,
            }
            assert!(validate(&schema, &bad, "").is_err(), "{}: {}", r.id, c.id);
        }
        if let Some(req) = r
            .criteria
            .iter()
            .find(|c| c.required && c.visible_if.is_none())
        {
            let mut missing = reply.clone();
            missing["answers"].as_object_mut().unwrap().remove(&req.id);
            assert!(validate(&schema, &missing, "").is_err(), "{}", r.id);
        }
    }
}

#[test]
fn the_prompt_carries_every_criterion_and_meaning_and_the_tasks_slots() {
    for r in rubrics() {
        let p = judge_kit::prompt(&r);
        assert!(p.contains(judge_kit::PROMPT_SLOT) && p.contains(judge_kit::RESPONSES_SLOT));
        for c in &r.criteria {
            assert!(
                p.contains(&format!("(`{}`, {}", c.id, c.kind.name())),
                "{}: {}",
                r.id,
                c.id
            );
            if let CriterionKind::Rating { levels } = &c.kind {
                for l in levels {
                    assert!(p.contains(&l.descriptor), "{}: {}", c.id, l.descriptor);
                }
            }
            if let Some(cond) = &c.visible_if {
                let _ = cond;
                assert!(p.contains("Answer only when"), "{}", c.id);
            }
        }
    }
}
