//! Component tests in headless Chromium (wasm-bindgen-test): mount a component into a throwaway
//! element, act, let effects run, assert on the DOM.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use rubric_core::{parse_rubric, parse_task, Limits};
use rubric_widget::components::markdown::Markdown;
use rubric_widget::components::review_form::ReviewForm;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn container() -> web_sys::HtmlElement {
    let doc = document();
    let el = doc
        .create_element("div")
        .unwrap()
        .unchecked_into::<web_sys::HtmlElement>();
    doc.body().unwrap().append_child(&el).unwrap();
    el
}

async fn settle() {
    leptos::task::tick().await;
}

#[wasm_bindgen_test]
async fn markdown_never_creates_markup_from_content() {
    let el = container();
    let _h = leptos::mount::mount_to(el.clone(), || {
        view! { <Markdown text="<script>window.bad=1</script> **bold** [x](javascript:alert(1)) [ok](https://example.com)" /> }
    });
    settle().await;
    assert!(el.query_selector("script").unwrap().is_none());
    assert!(el
        .text_content()
        .unwrap()
        .contains("<script>window.bad=1</script>"));
    assert_eq!(
        el.query_selector("strong")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "bold"
    );
    let links = el.query_selector_all("a").unwrap();
    assert_eq!(links.length(), 1, "only the https link is a link");
    let a = links.item(0).unwrap().unchecked_into::<web_sys::Element>();
    assert_eq!(a.get_attribute("href").unwrap(), "https://example.com");
    assert_eq!(
        a.get_attribute("rel").unwrap(),
        "noopener noreferrer nofollow"
    );
}

const RUBRIC: &str = r#"{"schema_version": "1.0", "id": "t", "version": "1", "title": "T", "criteria": [
  {"id": "q", "type": "rating", "title": "Quality", "required": true,
   "levels": [{"value": 1, "label": "Bad", "descriptor": "bad"}, {"value": 2, "label": "Good", "descriptor": "good"}]},
  {"id": "why", "type": "text", "title": "Why", "required_if": {"criterion": "q", "lte": 1}, "min_length": 3}
]}"#;
const TASK: &str =
    r#"{"id": "task", "prompt": "p", "responses": [{"id": "r", "label": "R", "content": "c"}]}"#;

#[wasm_bindgen_test]
async fn picking_a_level_updates_progress_and_conditional_requirement() {
    let rubric = Arc::new(parse_rubric(RUBRIC, &Limits::default()).unwrap().0);
    let task = Arc::new(parse_task(TASK, &Limits::default()).unwrap().0);
    let el = container();
    let _h = leptos::mount::mount_to(el.clone(), move || {
        view! { <ReviewForm rubric=rubric.clone() task=task.clone() annotator=format!("component-test-{}", js_sys::Math::random()) /> }
    });
    settle().await;
    let progress = || {
        el.query_selector(".rw-progress-text")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap()
    };
    assert_eq!(progress(), "0 of 2 answered · 1 still need attention");
    let radios = el
        .query_selector_all("fieldset[data-criterion=q] input[type=radio]")
        .unwrap();
    radios
        .item(0)
        .unwrap()
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    settle().await;
    assert_eq!(
        progress(),
        "1 of 2 answered · 1 still need attention",
        "a rating of 1 makes the justification required"
    );
    let required_marks = || {
        el.query_selector_all("fieldset[data-criterion=why] .rw-required")
            .unwrap()
            .length()
    };
    assert_eq!(required_marks(), 1);
    radios
        .item(1)
        .unwrap()
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    settle().await;
    assert_eq!(progress(), "1 of 2 answered · ready to submit");
    assert_eq!(required_marks(), 0);
}
