//! Component tests in headless Chromium (wasm-bindgen-test): mount a component into a throwaway
//! element, act, let effects run, assert on the DOM.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use rubric_core::form::rules::{answers_by_id, form_issues, visibility};
use rubric_core::model::rubric::{ChecklistItem, Criterion};
use rubric_core::{parse_rubric, parse_task, Answer, Check, CriterionKind, Limits};
use rubric_widget::components::checklist_field::checklist_field;
use rubric_widget::components::criterion_field::criterion_field;
use rubric_widget::components::form::{FieldId, Form};
use rubric_widget::components::markdown::Markdown;
use rubric_widget::components::option_cards::{option_cards, Card};
use rubric_widget::components::ranking_field::ranking_field;
use rubric_widget::components::review_form::ReviewForm;
use rubric_widget::components::text_field::text_field;
use rubric_widget::i18n::I18n;
use std::cell::RefCell;
use std::rc::Rc;
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

/// A review form of `rubric` over [`TASK`], mounted in a container of its own; the form stays
/// while the handle lives. A new annotator each time, so no draft comes back.
fn mount_form(
    rubric: &str,
) -> (
    web_sys::HtmlElement,
    leptos::mount::UnmountHandle<impl leptos::tachys::view::Mountable>,
) {
    let rubric = Arc::new(parse_rubric(rubric, &Limits::default()).unwrap().0);
    let task = Arc::new(parse_task(TASK, &Limits::default()).unwrap().0);
    let el = container();
    let handle = leptos::mount::mount_to(el.clone(), move || {
        view! { <ReviewForm rubric=rubric.clone() task=task.clone() annotator=format!("component-test-{}", js_sys::Math::random()) /> }
    });
    (el, handle)
}

/// [`mount_form`], once its effects have run.
async fn review_form_of(
    rubric: &str,
) -> (
    web_sys::HtmlElement,
    leptos::mount::UnmountHandle<impl leptos::tachys::view::Mountable>,
) {
    let mounted = mount_form(rubric);
    settle().await;
    mounted
}

/// A rubric of `n` rating questions.
fn ratings(n: usize) -> String {
    let criteria: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"id": "c{i}", "type": "rating", "title": "Q{i}", "levels": [{{"value": 1, "label": "No", "descriptor": "no"}}, {{"value": 2, "label": "Yes", "descriptor": "yes"}}]}}"#
            )
        })
        .collect();
    format!(
        r#"{{"schema_version": "1.0", "id": "t", "version": "1", "title": "T", "criteria": [{}]}}"#,
        criteria.join(",")
    )
}

/// Waits `ms` milliseconds (tasks and frames run meanwhile).
async fn sleep(ms: i32) {
    let wait = js_sys::Promise::new(&mut |done, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&done, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(wait).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_short_form_is_whole_at_once_and_a_long_one_follows_in_later_tasks() {
    let shown = |el: &web_sys::HtmlElement| {
        el.query_selector_all(".rw-slice:not([hidden]) fieldset[data-criterion]")
            .unwrap()
            .length()
    };
    // Up to two boxes of questions are built and shown in the task that mounts the form: a
    // second task let the browser lay out and paint a partial form first.
    let (short, _a) = mount_form(&ratings(32));
    assert_eq!(shown(&short), 32);
    // A longer form shows its first box at once and the rest together, once built.
    let (long, _b) = mount_form(&ratings(40));
    assert_eq!(shown(&long), 16);
    for _ in 0..100 {
        if shown(&long) == 40 {
            break;
        }
        sleep(20).await;
    }
    assert_eq!(shown(&long), 40);
}

#[wasm_bindgen_test]
async fn picking_a_level_updates_progress_and_conditional_requirement() {
    let (el, _h) = review_form_of(RUBRIC).await;
    let progress = || {
        el.query_selector(".rw-progress-text")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap()
    };
    assert_eq!(progress(), "0 of 2 answered · 1 still needs attention");
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
        "1 of 2 answered · 1 still needs attention",
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

#[wasm_bindgen_test]
async fn a_partly_answered_checklist_is_not_counted_as_answered() {
    let rubric = r#"{"schema_version": "1.0", "id": "c", "version": "1", "title": "C", "criteria": [
      {"id": "k", "type": "checklist", "title": "Checks", "required": true,
       "items": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]}
    ]}"#;
    let (el, _h) = review_form_of(rubric).await;
    let progress = || text(&el, ".rw-progress-text");
    let yes = |item: u32| {
        el.query_selector_all(".rw-check-item input[value=yes]")
            .unwrap()
            .item(item)
            .unwrap()
            .unchecked_into::<web_sys::HtmlElement>()
            .click()
    };
    yes(0);
    settle().await;
    // One item of two: the question still needs attention, so it is not "answered" too.
    assert_eq!(progress(), "0 of 1 answered · 1 still needs attention");
    yes(1);
    settle().await;
    assert_eq!(progress(), "1 of 1 answered · ready to submit");
}

// ---------------------------------------------------------------------------------------------
// Helpers shared by the tests below.

fn el<T: JsCast>(root: &web_sys::HtmlElement, selector: &str) -> T {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .unchecked_into::<T>()
}

fn all(root: &web_sys::HtmlElement, selector: &str) -> Vec<web_sys::HtmlElement> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().unchecked_into())
        .collect()
}

fn click(root: &web_sys::HtmlElement, selector: &str) {
    el::<web_sys::HtmlElement>(root, selector).click();
}

fn checked(root: &web_sys::HtmlElement, selector: &str) -> bool {
    el::<web_sys::HtmlInputElement>(root, selector).checked()
}

fn text(root: &web_sys::HtmlElement, selector: &str) -> String {
    el::<web_sys::Element>(root, selector)
        .text_content()
        .unwrap_or_default()
}

/// Types `value` into a textarea the way a reviewer would: the value, then a bubbling `input`.
fn type_into(area: &web_sys::HtmlTextAreaElement, value: &str) {
    area.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let ev = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    area.dispatch_event(&ev).unwrap();
}

/// A key pressed on `target`, bubbling and composed as a real one.
fn press(target: &web_sys::EventTarget, key: &str) -> bool {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_composed(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&ev).unwrap();
    ev.default_prevented()
}

fn cards(n: usize) -> Vec<Card> {
    (0..n)
        .map(|i| Card {
            badge: (i + 1).to_string(),
            value: (i + 1).to_string(),
            label: format!("Level {}", i + 1),
            descriptor: format!("what {} means", i + 1),
            example: None,
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Each field on its own, through its typed props.

#[wasm_bindgen_test]
async fn option_cards_pick_through_their_callbacks_and_show_the_choice() {
    let chosen = RwSignal::new(None::<usize>);
    let root = container();
    let _h = leptos::mount::mount_to(root.clone(), move || {
        let picked = move |slot| chosen.get() == Some(slot);
        let on_pick = move |slot| chosen.set(Some(slot));
        let hotkeys = vec!["1".into(), "2".into(), "3".into()];
        option_cards(
            FieldId::new("oc", 0),
            cards(3),
            picked,
            on_pick,
            hotkeys,
            false,
        )
    });
    settle().await;
    assert_eq!(all(&root, "input[type=radio]").len(), 3);
    assert!(
        text(&root, ".rw-card:has(input[value=\"2\"])").starts_with("2 Level 2"),
        "a level's number, then its words"
    );
    assert!(!checked(&root, "input[value=\"2\"]"));
    click(&root, "input[value=\"2\"]");
    settle().await;
    assert_eq!(chosen.get_untracked(), Some(1), "a click picks its card");
    assert!(checked(&root, "input[value=\"2\"]"));
    chosen.set(Some(2));
    settle().await;
    assert!(
        checked(&root, "input[value=\"3\"]"),
        "the DOM follows the answer"
    );
    assert!(!checked(&root, "input[value=\"2\"]"));
    // Each card's key, drawn by the stylesheet from its label's `data-key`.
    let keys: Vec<_> = all(&root, ".rw-card[data-key]")
        .iter()
        .filter_map(|e| e.get_attribute("data-key"))
        .collect();
    assert_eq!(keys, ["1", "2", "3"]);
}

#[wasm_bindgen_test]
async fn multiple_option_cards_are_checkboxes() {
    let chosen = RwSignal::new(Vec::<usize>::new());
    let root = container();
    let _h = leptos::mount::mount_to(root.clone(), move || {
        let picked = move |slot| chosen.with(|c| c.contains(&slot));
        let on_pick = move |slot| {
            chosen.update(|c| match c.iter().position(|s| *s == slot) {
                Some(k) => {
                    c.remove(k);
                }
                None => c.push(slot),
            })
        };
        option_cards(
            FieldId::new("mc", 4),
            cards(2),
            picked,
            on_pick,
            Vec::new(),
            true,
        )
    });
    settle().await;
    assert_eq!(all(&root, "input[type=checkbox]").len(), 2);
    assert_eq!(
        all(&root, "[data-key]").len(),
        0,
        "no hotkeys, no keys shown"
    );
    click(&root, "input[value=\"1\"]");
    click(&root, "input[value=\"2\"]");
    settle().await;
    assert_eq!(chosen.get_untracked(), vec![0, 1]);
    click(&root, "input[value=\"1\"]");
    settle().await;
    assert_eq!(chosen.get_untracked(), vec![1]);
    assert!(!checked(&root, "input[value=\"1\"]"));
    assert!(checked(&root, "input[value=\"2\"]"));
}

#[wasm_bindgen_test]
async fn text_field_saves_every_keystroke_and_counts() {
    let answer = RwSignal::new(None::<Answer>);
    let root = container();
    let _h = leptos::mount::mount_to(root.clone(), move || {
        text_field(FieldId::new("tf", 2), answer, Some(5), None, "why?")
    });
    settle().await;
    let area: web_sys::HtmlTextAreaElement = el(&root, "#tf-c2-text");
    assert_eq!(area.placeholder(), "why?");
    assert_eq!(
        area.get_attribute("aria-labelledby").unwrap(),
        "tf-c2-legend"
    );
    assert_eq!(
        area.get_attribute("aria-describedby").unwrap(),
        "tf-c2-count tf-c2-error"
    );
    assert_eq!(text(&root, "#tf-c2-count"), "0 characters (at least 5)");
    type_into(&area, "  abc ");
    settle().await;
    assert_eq!(
        answer.get_untracked(),
        Some(Answer::Text {
            value: "  abc ".into()
        })
    );
    assert_eq!(text(&root, "#tf-c2-count"), "3 characters (at least 5)");
    answer.set(Some(Answer::Text {
        value: "restored".into(),
    }));
    settle().await;
    assert_eq!(area.value(), "restored", "the DOM follows the answer");
    answer.set(None);
    settle().await;
    assert_eq!(area.value(), "");
}

#[wasm_bindgen_test]
async fn checklist_field_answers_item_by_item() {
    let answer = RwSignal::new(None::<Answer>);
    let items = vec![
        ChecklistItem {
            id: "compiles".into(),
            label: "Compiles".into(),
            description: String::new(),
        },
        ChecklistItem {
            id: "tests".into(),
            label: "Has tests".into(),
            description: "unit *or* integration".into(),
        },
    ];
    let root = container();
    let _h = leptos::mount::mount_to(root.clone(), move || {
        checklist_field(FieldId::new("cl", 1), answer, &items, false, &[])
    });
    settle().await;
    assert_eq!(all(&root, "fieldset.rw-check-item").len(), 2);
    assert_eq!(
        all(&root, "input[type=radio]").len(),
        4,
        "yes and no per item, no n/a"
    );
    assert_eq!(text(&root, "label:has(> #cl-c1-item0-1)"), "No");
    click(&root, "#cl-c1-item1-0");
    settle().await;
    let expect = |pairs: &[(&str, Check)]| {
        Some(Answer::Checklist {
            items: pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
        })
    };
    assert_eq!(answer.get_untracked(), expect(&[("tests", Check::Yes)]));
    click(&root, "#cl-c1-item0-1");
    settle().await;
    assert_eq!(
        answer.get_untracked(),
        expect(&[("compiles", Check::No), ("tests", Check::Yes)])
    );
    answer.set(expect(&[("compiles", Check::Yes)]));
    settle().await;
    assert!(
        checked(&root, "#cl-c1-item0-0"),
        "the DOM follows the answer"
    );
    assert!(!checked(&root, "#cl-c1-item0-1"));
    assert!(!checked(&root, "#cl-c1-item1-0"));
}

fn order(root: &web_sys::HtmlElement) -> Vec<String> {
    all(root, "li.rw-rank-item")
        .iter()
        .map(|li| li.get_attribute("data-response").unwrap())
        .collect()
}

fn groups(g: &[&[&str]]) -> Option<Answer> {
    Some(Answer::Ranking {
        order: g
            .iter()
            .map(|g| g.iter().map(|s| s.to_string()).collect())
            .collect(),
    })
}

#[wasm_bindgen_test]
async fn ranking_moves_up_and_down_ties_and_keeps_order() {
    let answer = RwSignal::new(None::<Answer>);
    let responses: Vec<(String, String)> = [("r1", "One"), ("r2", "Two"), ("r3", "Three")]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    let root = container();
    let _h = leptos::mount::mount_to(root.clone(), move || {
        ranking_field(FieldId::new("rk", 3), answer, true, None, responses)
    });
    settle().await;
    assert_eq!(order(&root), ["r1", "r2", "r3"], "the shown order first");
    assert_eq!(text(&root, "li[data-response=r2] .rw-rank-label"), "Two");
    let button = |sel: &str| el::<web_sys::HtmlButtonElement>(&root, sel);
    assert!(
        button("#rk-c3-rank-0-up").disabled(),
        "the first cannot go up"
    );
    assert!(
        button("#rk-c3-rank-2-down").disabled(),
        "the last cannot go down"
    );
    assert_eq!(
        all(&root, "input[type=checkbox]").len(),
        2,
        "no tie box on the first row"
    );

    // Not ranked yet: keeping the shown order is an answer too.
    click(&root, ".rw-rank-status button");
    settle().await;
    assert_eq!(answer.get_untracked(), groups(&[&["r1"], &["r2"], &["r3"]]));

    click(&root, "#rk-c3-rank-0-down");
    settle().await;
    assert_eq!(answer.get_untracked(), groups(&[&["r2"], &["r1"], &["r3"]]));
    assert_eq!(order(&root), ["r2", "r1", "r3"]);

    click(&root, "#rk-c3-rank-2-up");
    settle().await;
    assert_eq!(answer.get_untracked(), groups(&[&["r2"], &["r3"], &["r1"]]));
    assert_eq!(order(&root), ["r2", "r3", "r1"]);

    click(&root, "#rk-c3-rank-1-tie");
    settle().await;
    assert_eq!(answer.get_untracked(), groups(&[&["r2", "r3"], &["r1"]]));
    assert!(checked(&root, "#rk-c3-rank-1-tie"));
    click(&root, "#rk-c3-rank-1-tie");
    settle().await;
    assert_eq!(answer.get_untracked(), groups(&[&["r2"], &["r3"], &["r1"]]));

    // A restored answer is shown as it is; the responses it leaves out follow.
    answer.set(groups(&[&["r3", "r1"]]));
    settle().await;
    assert_eq!(order(&root), ["r3", "r1", "r2"]);
    assert!(checked(&root, "#rk-c3-rank-1-tie"));
    assert!(!checked(&root, "#rk-c3-rank-2-tie"));
}

#[wasm_bindgen_test]
async fn ranking_top_k_keeps_only_the_best_places() {
    let answer = RwSignal::new(None::<Answer>);
    let responses: Vec<(String, String)> = ["a", "b", "c"]
        .iter()
        .map(|a| (a.to_string(), a.to_uppercase()))
        .collect();
    let root = container();
    let _h = leptos::mount::mount_to(root.clone(), move || {
        ranking_field(FieldId::new("tk", 0), answer, false, Some(1), responses)
    });
    settle().await;
    assert_eq!(
        all(&root, "input[type=checkbox]").len(),
        0,
        "no ties allowed"
    );
    click(&root, "#tk-c0-rank-1-up");
    settle().await;
    assert_eq!(answer.get_untracked(), groups(&[&["b"]]));
    assert_eq!(order(&root), ["b", "a", "c"]);
}

// ---------------------------------------------------------------------------------------------
// Hotkeys, through the whole review form.

const HOTKEY_RUBRIC: &str = r#"{"schema_version": "1.0", "id": "hk", "version": "1", "title": "Keys", "criteria": [
  {"id": "q", "type": "rating", "title": "Quality", "hotkeys": ["1", "2", "3"],
   "levels": [{"value": 1, "label": "Bad", "descriptor": "bad"}, {"value": 2, "label": "Fair", "descriptor": "fair"},
              {"value": 3, "label": "Good", "descriptor": "good"}]},
  {"id": "v", "type": "single_choice", "title": "Verdict", "hotkeys": ["a", "f"],
   "options": [{"value": "allow", "label": "Allow"}, {"value": "flag", "label": "Flag"}]},
  {"id": "tags", "type": "multi_choice", "title": "Tags", "hotkeys": ["x", "y"],
   "options": [{"value": "pii", "label": "PII"}, {"value": "spam", "label": "Spam"}]},
  {"id": "later", "type": "rating", "title": "Only for flags", "hotkeys": ["8", "9"],
   "visible_if": {"criterion": "v", "equals": "flag"},
   "levels": [{"value": 1, "label": "Low", "descriptor": "low"}, {"value": 2, "label": "High", "descriptor": "high"}]},
  {"id": "why", "type": "text", "title": "Why"}
]}"#;

fn mount_review(
    rubric: &str,
    task: &str,
) -> (
    web_sys::HtmlElement,
    leptos::mount::UnmountHandle<impl Mountable>,
) {
    let rubric = Arc::new(parse_rubric(rubric, &Limits::default()).unwrap().0);
    let task = Arc::new(parse_task(task, &Limits::default()).unwrap().0);
    let root = container();
    let h = leptos::mount::mount_to(root.clone(), move || {
        view! { <ReviewForm rubric task annotator=format!("component-test-{}", js_sys::Math::random()) /> }
    });
    (root, h)
}

fn picked_in(root: &web_sys::HtmlElement, criterion: &str) -> Vec<usize> {
    all(
        root,
        &format!("fieldset[data-criterion={criterion}] input.rw-card-input"),
    )
    .iter()
    .enumerate()
    .filter(|(_, i)| i.unchecked_ref::<web_sys::HtmlInputElement>().checked())
    .map(|(k, _)| k)
    .collect()
}

#[wasm_bindgen_test]
async fn hotkeys_pick_levels_inside_the_form_only() {
    let (root, _h) = mount_review(HOTKEY_RUBRIC, TASK);
    settle().await;
    let form: web_sys::HtmlElement = el(&root, "form.rw-form");
    assert!(press(&form, "2"), "a hotkey is taken");
    settle().await;
    assert_eq!(picked_in(&root, "q"), [1]);
    // Upper case and the second criterion's keys.
    press(&form, "F");
    settle().await;
    assert_eq!(picked_in(&root, "v"), [1]);
    // A multi-choice key toggles.
    press(&form, "x");
    press(&form, "y");
    settle().await;
    assert_eq!(picked_in(&root, "tags"), [0, 1]);
    press(&form, "x");
    settle().await;
    assert_eq!(picked_in(&root, "tags"), [1]);
    // A radio keeps hotkeys working: it is not a place where keys are text.
    let radio: web_sys::HtmlElement = el(&root, "fieldset[data-criterion=q] input.rw-card-input");
    press(&radio, "3");
    settle().await;
    assert_eq!(picked_in(&root, "q"), [2]);

    // The criterion shown only for flags answers its keys now; hidden, it does not.
    press(&form, "9");
    settle().await;
    assert_eq!(picked_in(&root, "later"), [1]);
    press(&form, "a");
    settle().await;
    assert!(el::<web_sys::HtmlElement>(&root, "fieldset[data-criterion=later]").hidden());
    assert!(!press(&form, "8"), "a hidden criterion's key is not taken");
    settle().await;
    assert_eq!(
        picked_in(&root, "later"),
        [1],
        "the hidden answer is untouched"
    );

    // Typing, modifiers, other places on the page and unknown keys do nothing.
    let area: web_sys::HtmlElement = el(&root, "textarea");
    assert!(!press(&area, "1"), "keys typed into text stay text");
    let outside = container();
    assert!(
        !press(&outside, "1"),
        "keys pressed outside the widget are not its"
    );
    assert!(!press(&form, "z"));
    settle().await;
    assert_eq!(picked_in(&root, "q"), [2]);

    // The reviewer turns hotkeys off.
    click(&root, ".rw-hotkey-toggle input");
    settle().await;
    assert!(!press(&form, "1"));
    settle().await;
    assert_eq!(picked_in(&root, "q"), [2]);
    // The stylesheet strikes every key out by this switch's state (e2e: workday.spec.mjs).
    assert!(!el::<web_sys::HtmlInputElement>(&root, ".rw-hotkey-toggle input").checked());
    assert_eq!(all(&root, "[data-key]").len(), 9, "nine keys");
    assert_eq!(
        all(&root, "kbd.rw-kbd").len(),
        1,
        "and the ? of the help button"
    );
    click(&root, ".rw-hotkey-toggle input");
    settle().await;
    assert!(press(&form, "1"));
    settle().await;
    assert_eq!(picked_in(&root, "q"), [0]);
}

// ---------------------------------------------------------------------------------------------
// Conditions: what the rendered form shows equals what the core decides, for many answer sets.

const CONDITIONS_RUBRIC: &str = r#"{"schema_version": "1.0", "id": "cond", "version": "1", "title": "Conditions", "criteria": [
  {"id": "a", "type": "rating", "title": "A", "required": true,
   "levels": [{"value": 1, "label": "1", "descriptor": "one"}, {"value": 2, "label": "2", "descriptor": "two"},
              {"value": 3, "label": "3", "descriptor": "three"}]},
  {"id": "b", "type": "single_choice", "title": "B", "visible_if": {"criterion": "a", "gte": 2},
   "required_if": {"not": {"criterion": "a", "equals": 3}},
   "options": [{"value": "x", "label": "X"}, {"value": "y", "label": "Y"}, {"value": "z", "label": "Z"}]},
  {"id": "c", "type": "multi_choice", "title": "C", "min_selections": 2,
   "visible_if": {"any": [{"criterion": "b", "in": ["x", "y"]},
                          {"all": [{"criterion": "a", "equals": 1}, {"not": {"criterion": "b", "answered": true}}]}]},
   "options": [{"value": "p", "label": "P"}, {"value": "q", "label": "Q"}, {"value": "r", "label": "R"},
               {"value": "none", "label": "None", "exclusive": true}]},
  {"id": "d", "type": "text", "title": "D", "min_length": 3, "max_length": 10,
   "visible_if": {"any": [{"criterion": "c", "includes": "p"}, {"criterion": "f", "answered": true}]},
   "required_if": {"all": [{"criterion": "a", "lte": 2}, {"not": {"criterion": "c", "includes": "q"}}]}},
  {"id": "e", "type": "pairwise", "title": "E", "allow_both_bad": true,
   "visible_if": {"not": {"all": [{"criterion": "d", "answered": true}, {"criterion": "b", "equals": "z"}]}},
   "required_if": {"any": [{"criterion": "c", "includes": "r"}, {"criterion": "d", "answered": false}]},
   "scale": [{"value": -1, "label": "A better", "descriptor": "a"}, {"value": 0, "label": "Same", "descriptor": "same"},
             {"value": 1, "label": "B better", "descriptor": "b"}]},
  {"id": "f", "type": "checklist", "title": "F", "allow_na": false,
   "visible_if": {"any": [{"criterion": "e", "gt": 0}, {"criterion": "e", "answered": false}]},
   "required_if": {"criterion": "a", "in": [1, 3]},
   "items": [{"id": "i1", "label": "I1"}, {"id": "i2", "label": "I2"}]},
  {"id": "g", "type": "ranking", "title": "G", "allow_ties": true,
   "visible_if": {"all": [{"criterion": "a", "not_equals": 2}, {"any": [{"criterion": "f", "answered": true}, {"criterion": "b", "answered": false}]}]},
   "required_if": {"criterion": "e", "lt": 0}}
]}"#;

const TWO_RESPONSES: &str = r#"{"id": "task2", "prompt": "p", "responses": [
  {"id": "r1", "label": "One", "content": "c1"}, {"id": "r2", "label": "Two", "content": "c2"}]}"#;

/// A small deterministic generator (xorshift64*), so a failure names its seed and repeats.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// A random answer for criterion `c`, or none; some are incomplete on purpose (too short, too
/// few selections, items left), so the issues are exercised as well as visibility.
fn random_answer(rng: &mut Rng, c: &Criterion) -> Option<Answer> {
    if rng.chance(30) {
        return None;
    }
    let pick = |rng: &mut Rng, all: &[&str]| -> Vec<String> {
        all.iter()
            .filter(|_| rng.chance(50))
            .map(|s| s.to_string())
            .collect()
    };
    Some(match &c.kind {
        CriterionKind::Rating { levels } => Answer::Rating {
            value: levels[rng.below(levels.len())].value,
        },
        CriterionKind::SingleChoice { options } => Answer::SingleChoice {
            value: options[rng.below(options.len())].value.clone(),
        },
        CriterionKind::MultiChoice { .. } => {
            let values = if rng.chance(15) {
                vec!["none".to_string()]
            } else {
                pick(rng, &["p", "q", "r"])
            };
            Answer::MultiChoice { values }
        }
        CriterionKind::Pairwise { scale, .. } => {
            let both_bad = rng.chance(15);
            Answer::Pairwise {
                a: "r1".into(),
                b: "r2".into(),
                value: (!both_bad).then(|| scale[rng.below(scale.len())].value),
                both_bad,
            }
        }
        CriterionKind::Ranking { .. } => {
            let order = match rng.below(3) {
                0 => vec![vec!["r1".to_string()], vec!["r2".to_string()]],
                1 => vec![vec!["r2".to_string()], vec!["r1".to_string()]],
                _ => vec![vec!["r1".to_string(), "r2".to_string()]],
            };
            Answer::Ranking { order }
        }
        CriterionKind::Text { .. } => Answer::Text {
            value: ["", "ab", "abcd", "far too long a text"][rng.below(4)].to_string(),
        },
        CriterionKind::Checklist { .. } => {
            let mut items = std::collections::BTreeMap::new();
            for id in pick(rng, &["i1", "i2"]) {
                items.insert(
                    id,
                    if rng.chance(50) {
                        Check::Yes
                    } else {
                        Check::No
                    },
                );
            }
            Answer::Checklist { items }
        }
    })
}

#[wasm_bindgen_test]
async fn the_rendered_form_shows_what_the_core_decides() {
    let rubric = Arc::new(
        parse_rubric(CONDITIONS_RUBRIC, &Limits::default())
            .unwrap()
            .0,
    );
    let task = Arc::new(parse_task(TWO_RESPONSES, &Limits::default()).unwrap().0);
    let form_slot = Rc::new(RefCell::new(None::<Form>));
    let root = container();
    let (r, t, slot) = (rubric.clone(), task.clone(), form_slot.clone());
    let _h = leptos::mount::mount_to(root.clone(), move || {
        let form = Form::new(r.clone(), t, "cond-test", Default::default(), "cf".into());
        provide_context(form.clone());
        form.show_errors.set(true);
        *slot.borrow_mut() = Some(form);
        (0..r.criteria.len()).map(criterion_field).collect_view()
    });
    settle().await;
    let form = form_slot.borrow().clone().unwrap();
    let english = I18n::english();
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let (mut hidden_seen, mut issues_seen) = (0, 0);
    for round in 0..300 {
        let answers: Vec<Option<Answer>> = rubric
            .criteria
            .iter()
            .map(|c| random_answer(&mut rng, c))
            .collect();
        for (signal, a) in form.answers.iter().zip(&answers) {
            signal.set(a.clone());
        }
        settle().await;
        let by_id = answers_by_id(&rubric, answers.clone());
        let visible = visibility(&rubric, &by_id);
        let issues = form_issues(&rubric, &task, &by_id, &english);
        for (i, c) in rubric.criteria.iter().enumerate() {
            let field: web_sys::HtmlElement =
                el(&root, &format!("fieldset[data-criterion={}]", c.id));
            assert_eq!(
                field.hidden(),
                !visible[i],
                "round {round}: criterion {} with answers {by_id:?}",
                c.id
            );
            hidden_seen += usize::from(field.hidden());
            let shown = field
                .query_selector(".rw-field-error")
                .unwrap()
                .unwrap()
                .text_content()
                .unwrap_or_default();
            let expected = issues
                .iter()
                .find(|x| x.criterion == c.id)
                .map(|x| format!("! {}", x.message))
                .unwrap_or_default();
            assert_eq!(
                shown, expected,
                "round {round}: criterion {} with answers {by_id:?}",
                c.id
            );
            assert_eq!(
                field.class_list().contains("rw-invalid"),
                !expected.is_empty(),
                "round {round}: criterion {}",
                c.id
            );
            issues_seen += usize::from(!expected.is_empty());
        }
    }
    // The generator reached both sides of the conditions.
    assert!(hidden_seen > 300, "hidden {hidden_seen} times");
    assert!(issues_seen > 300, "issues {issues_seen} times");
}

/// The widget's English writes whole numbers and picks plural forms without `Intl` (its first
/// use costs tens of milliseconds): what it writes must be what `Intl` would.
#[wasm_bindgen_test]
fn english_numbers_and_plurals_match_intl() {
    use rubric_core::text::i18n::{english_whole, English, Locale};
    use rubric_widget::browser::intl;
    let mut n = 1.0f64;
    let mut values = vec![
        0.0,
        1.0,
        2.0,
        11.0,
        -1.0,
        -1234.0,
        1000.0,
        999_999_999_999_999.0,
    ];
    while n < 1e15 {
        values.push(n);
        values.push(n * 7.0 + 3.0);
        n *= 10.0;
    }
    for v in values {
        assert_eq!(english_whole(v).unwrap(), intl("en", v, -1, false), "{v}");
    }
    for v in [0.0, 1.0, 2.0, 1.5, 21.0, 100.0, -1.0] {
        assert_eq!(English.plural(v), intl("en", v, -1, true), "{v}");
    }
}
