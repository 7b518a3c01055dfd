//! Builders of crafted documents, shared by the linearity test (`tests/linear_time.rs`) and
//! the benchmark of documents at the size limits (`examples/hostile_bench.rs`), so both measure
//! the same shapes.

/// `s` as a JSON string literal.
pub fn quoted(s: &str) -> String {
    let mut w = rubric_core::document::json::Writer::default();
    w.str(s);
    w.finish()
}

/// A task with one response whose content is `content`.
pub fn task_with(content: &str) -> String {
    format!(
        r#"{{"id": "t", "prompt": "p", "responses": [{{"id": "a", "label": "A", "content": {}}}]}}"#,
        quoted(content)
    )
}

/// A three-level rating criterion `id`, with `extra` members (`, "visible_if": …`).
pub fn rating(id: &str, extra: &str) -> String {
    format!(
        r#"{{"id": {}, "type": "rating", "title": "T", "levels": [{{"value": 1, "label": "Bad", "descriptor": "bad"}}, {{"value": 2, "label": "Good", "descriptor": "good"}}, {{"value": 3, "label": "Best", "descriptor": "best"}}]{extra}}}"#,
        quoted(id)
    )
}

/// A rubric of `criteria`, with `extra` top-level members.
pub fn rubric_with(criteria: &[String], extra: &str) -> String {
    format!(
        r#"{{"schema_version": "1.0", "id": "r", "version": "1", "title": "R", "criteria": [{}]{extra}}}"#,
        criteria.join(", ")
    )
}

/// `count` leaves, each a test on criterion `target`, under one `key` ("any" or "all").
pub fn leaves(key: &str, target: &str, count: usize, test: &str) -> String {
    let leaf = format!(r#"{{"criterion": {}, {test}}}"#, quoted(target));
    format!(r#"{{"{key}": [{}]}}"#, vec![leaf; count].join(", "))
}

/// Lengths 1, 2, … of `c`, each run once, separated by a space: about `n` characters.
pub fn growing_runs(c: char, n: usize) -> String {
    let mut s = String::new();
    let mut k = 1;
    while s.len() < n {
        s.extend(std::iter::repeat_n(c, k));
        s.push(' ');
        k += 1;
    }
    s
}

/// A quiz over `rubric` of `count` items, each with an unknown gold criterion and an
/// explanation for an unknown one: every item adds issues.
pub fn quiz_of(rubric: &str, count: usize) -> String {
    let item = format!(
        r#"{{"task": {}, "gold": {{"a": {{"type": "rating", "value": 1}}, "zzz": {{}}}}, "explanations": {{"b": "x", "bb": "y"}}}}"#,
        task_with("c")
    );
    format!(
        r#"{{"schema_version": "1.0", "id": "q", "title": "Q", "rubric": {rubric}, "items": [{}]}}"#,
        vec![item; count].join(", ")
    )
}
