//! The rubric designer: a plain text editor with line numbers beside the real form, live.
//! Typing is never blocked: the text is checked after a short pause (`DEBOUNCE_MS`), every
//! error and lint is listed with its line and path (a click puts the caret there), and while
//! the text is invalid the preview keeps the last valid version, marked as stale. The preview
//! is the real `ReviewForm` (or the quiz, for a quiz document) at wide or phone width, with an
//! editable sample task and the JSON the answers would produce.
//!
//! Built into its own wasm (`src/bin/rubric-designer.rs`).

use crate::browser;
use crate::components::review_form::ReviewForm;
use crate::i18n::use_i18n;
use crate::mount::{mount, Config, Mounted};
use crate::quiz::QuizRunner;
use leptos::prelude::*;
use rubric_core::calibration::quiz::{parse_quiz, Quiz};
use rubric_core::document::json;
use rubric_core::document::parse::{check_task_fits, parse_rubric_linted};
use rubric_core::text::i18n::Translate;
use rubric_core::text::messages as msg;
use rubric_core::{parse_task, Limits, Report, Rubric, Severity};
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// How long typing must pause before the text is checked and the preview rebuilt.
pub const DEBOUNCE_MS: u64 = 250;

/// The longest share link the designer makes, in characters (the whole URL). Browsers open far
/// longer ones (Chromium up to 2 MiB), but a link travels through other tools first: Slack cuts
/// a message after 40,000 characters, and Chromium's address bar displays at most 32 KiB of a
/// URL; a cut link does not open the rubric. 32,000 characters carry about 24 KB compressed,
/// some 80 KB of rubric JSON (the bundled 18 KB calibration quiz makes a 5,500-character link);
/// a longer rubric is shared as a file (Download), and the designer says so.
pub const MAX_LINK_CHARS: usize = 32_000;

#[wasm_bindgen(module = "/src/designer/designer.js")]
extern "C" {
    fn compress(text: &str, done: &JsValue);
    fn decompress(fragment: &str, done: &JsValue);
    #[wasm_bindgen(js_name = readFile)]
    fn read_file(input: &web_sys::HtmlInputElement, done: &JsValue);
}

const BLANK: &str = r#"{
  "schema_version": "1.0",
  "id": "my-rubric",
  "version": "1",
  "title": "My rubric",
  "criteria": [
    {
      "id": "quality",
      "type": "rating",
      "title": "Overall quality",
      "required": true,
      "levels": [
        {"value": 1, "label": "Poor", "descriptor": "Wrong or unusable."},
        {"value": 2, "label": "Fair", "descriptor": "Usable after fixes."},
        {"value": 3, "label": "Good", "descriptor": "Correct and clear."}
      ]
    }
  ]
}
"#;

const SAMPLE_TASK: &str = r#"{
  "id": "sample",
  "prompt": "Explain what a **rubric** is, in two sentences.",
  "responses": [
    {"id": "a", "label": "Response A", "content": "A rubric is a scoring guide. It lists criteria and describes each level of quality."},
    {"id": "b", "label": "Response B", "content": "A rubric is a kind of red ink used in old manuscripts."},
    {"id": "c", "label": "Response C", "content": "It is a guide for judging work: criteria, each with levels that say what earns them."}
  ]
}
"#;

/// A valid document the preview can show.
#[derive(Clone)]
enum Doc {
    Rubric(Arc<Rubric>),
    Quiz(Arc<Quiz>),
}

/// Mounts the designer. `config`: `templates` (array of `{name, src}`), `rubricJson` (the
/// starting text), `shared` (a share link's fragment, `#rubric=…`, which wins), `imageOrigins`.
pub fn mount_designer(element: web_sys::HtmlElement, config: JsValue) -> Mounted {
    let config = Config::new(config);
    let templates: Vec<(String, String)> = Some(config.get("templates"))
        .filter(|v| v.is_object())
        .map(|v| {
            js_sys::Array::from(&v)
                .iter()
                .filter_map(|t| {
                    let field = |k: &str| js_sys::Reflect::get(&t, &k.into()).ok()?.as_string();
                    Some((field("name")?, field("src")?))
                })
                .collect()
        })
        .unwrap_or_default();
    let initial = config.text("rubricJson");
    let shared = config
        .text("shared")
        .and_then(|h| h.strip_prefix("#rubric=").map(str::to_string));
    let origins = config.origins();
    mount(element, &config, "", move |_| {
        view! { <Designer templates initial shared origins /> }
    })
}

/// What the share button last produced.
#[derive(Clone)]
enum Shared {
    /// The link, copied.
    Link(String),
    /// No link: it would have had this many characters, more than [`MAX_LINK_CHARS`].
    TooLong(usize),
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Review,
    Quiz,
}

#[component]
fn Designer(
    templates: Vec<(String, String)>,
    initial: Option<String>,
    shared: Option<String>,
    origins: Vec<String>,
) -> impl IntoView {
    // Copy handles, for the many closures below.
    let tr = StoredValue::new(use_i18n());
    let t = move |m| tr.with_value(|l| l.t(m));
    let editor = NodeRef::<leptos::html::Textarea>::new();
    let gutter = NodeRef::<leptos::html::Div>::new();
    let text = RwSignal::new(String::new());
    let report = RwSignal::new(Report::default());
    let doc = RwSignal::new(None::<Doc>);
    let valid = RwSignal::new(false);
    let sample = RwSignal::new(SAMPLE_TASK.to_string());
    let mode = RwSignal::new(Mode::Review);
    let narrow = RwSignal::new(false);
    let output = RwSignal::new(None::<String>);
    let link = RwSignal::new(None::<Shared>);
    let generation = StoredValue::new(0u32);

    // Check the text now: the issues, and the preview when it is valid.
    let check = move || {
        let Some(t) = text.try_get_untracked() else {
            return;
        };
        let is_quiz = json::parse(&t).is_ok_and(|n| n.get("items").is_some());
        let limits = Limits::default();
        let (parsed, issues) = if is_quiz {
            match parse_quiz(&t, &limits) {
                Ok((mut q, r)) => {
                    // The preview shows the rubric's own translation for the designer's language.
                    q.rubric = tr.with_value(|l| l.localize(&q.rubric));
                    (Some(Doc::Quiz(Arc::new(q))), r)
                }
                Err(r) => (None, r),
            }
        } else {
            match parse_rubric_linted(&t, &limits) {
                Ok((r, rep)) => {
                    let r = tr.with_value(|l| l.localize(&r));
                    (Some(Doc::Rubric(Arc::new(r))), rep)
                }
                Err(r) => (None, r),
            }
        };
        valid.set(parsed.is_some());
        if let Some(d) = parsed {
            if is_quiz {
                mode.set(Mode::Quiz);
            }
            doc.set(Some(d));
            output.set(None);
        }
        report.set(issues);
    };
    // After a pause in typing; a newer keystroke supersedes the pending check.
    let schedule = move || {
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        browser::set_timeout(DEBOUNCE_MS, move || {
            if generation.try_get_value() == Some(mine) {
                check();
            }
        });
    };
    let load_text = move |t: String| {
        if let Some(e) = editor.get_untracked() {
            e.set_value(&t);
        }
        text.set(t);
        link.set(None);
        check();
    };

    // The starting text: a share link, the host's text, or the first template.
    let first = templates.first().map(|(_, src)| src.clone());
    Effect::new(move |done: Option<()>| {
        if done.is_some() || editor.get().is_none() {
            return;
        }
        if let Some(fragment) = shared.clone() {
            let cb = Closure::once_into_js(move |t: JsValue| {
                load_text(t.as_string().unwrap_or_else(|| BLANK.to_string()))
            });
            decompress(&fragment, &cb);
        } else if let Some(t) = initial.clone() {
            load_text(t);
        } else if let Some(src) = first.clone() {
            leptos::task::spawn_local(async move {
                load_text(
                    browser::fetch_text(&src)
                        .await
                        .unwrap_or_else(|_| BLANK.to_string()),
                );
            });
        } else {
            load_text(BLANK.to_string());
        }
    });

    let on_input = move |_| {
        if let Some(e) = editor.get_untracked() {
            text.set(e.value());
            link.set(None);
            schedule();
        }
    };
    // The line numbers scroll with the text.
    let on_scroll = move |_| {
        if let (Some(e), Some(g)) = (editor.get_untracked(), gutter.get_untracked()) {
            g.set_scroll_top(e.scroll_top());
        }
    };
    // The gutter is rebuilt only when the number of lines changes, not on every keystroke.
    let line_count = Memo::new(move |_| text.with(|t| t.matches('\n').count() + 1));
    let lines = move || {
        (1..=line_count.get())
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    };
    // A click on an issue puts the caret at its line and column.
    let go_to = move |line: usize, col: usize| {
        if let Some(e) = editor.get_untracked() {
            let at = text.with_untracked(|t| json::utf16_offset(t, line, col)) as u32;
            let _ = e.focus();
            let _ = e.set_selection_range(at, at);
            let line_px = e.scroll_height() as f64 / line_count.get_untracked() as f64;
            e.set_scroll_top((((line as f64) - 3.0) * line_px).max(0.0) as i32);
        }
    };

    let template_options = templates
        .iter()
        .map(|(name, src)| view! { <option value=src.clone()>{name.clone()}</option> })
        .collect_view();
    let on_template = move |ev| {
        let src = event_target_value(&ev);
        if src.is_empty() {
            load_text(BLANK.to_string());
        } else {
            leptos::task::spawn_local(async move {
                match browser::fetch_text(&src).await {
                    Ok(t) => load_text(t),
                    Err(e) => report.set(message_report(&e)),
                }
            });
        }
    };
    let file_input = NodeRef::<leptos::html::Input>::new();
    let on_file = move |_| {
        if let Some(input) = file_input.get_untracked() {
            read_file(
                &input,
                &Closure::once_into_js(move |t: String| load_text(t)),
            );
        }
    };
    let download_href = move || {
        format!(
            "data:application/json;charset=utf-8,{}",
            js_sys::encode_uri_component(&text.get())
        )
    };
    let download_name = move || {
        doc.with(|d| match d {
            Some(Doc::Rubric(r)) => format!("{}.json", r.id),
            Some(Doc::Quiz(q)) => format!("{}.json", q.id),
            None => "rubric.json".into(),
        })
    };
    let share = move |_| {
        let t = text.get_untracked();
        let cb = Closure::once_into_js(move |fragment: JsValue| {
            let Some(fragment) = fragment.as_string() else {
                return;
            };
            let page = web_sys::window()
                .and_then(|w| w.location().href().ok())
                .unwrap_or_default();
            let base = page.split('#').next().unwrap_or_default().to_string();
            let url = format!("{base}#rubric={fragment}");
            let chars = url.chars().count();
            if chars > MAX_LINK_CHARS {
                link.set(Some(Shared::TooLong(chars)));
                return;
            }
            browser::copy_text(&url, || {});
            link.set(Some(Shared::Link(url)));
        });
        compress(&t, &cb);
    };

    let issues = move || {
        report.with(|r| {
            let mut list: Vec<_> = r.issues.iter().collect();
            list.sort_by_key(|i| (i.severity != Severity::Error, i.at));
            list.into_iter()
                .map(|i| {
                    let (line, col) = i.at.unwrap_or((1, 1));
                    let kind = if i.severity == Severity::Error { "error" } else { "warning" };
                    let kind_text = t(if i.severity == Severity::Error { msg::d_error } else { msg::d_warning });
                    let at = tr.with_value(|l| l.f(msg::d_line_column, &[("line", line.into()), ("column", col.into())]));
                    let path = i.path.to_string();
                    let message = i.message.clone();
                    view! {
                        <li class=format!("rd-issue rd-{kind}") data-testid="designer-issue" data-kind=kind>
                            <button type="button" class="rw-linklike" on:click=move |_| go_to(line, col)>
                                {at}
                            </button>
                            " " <span class="rd-kind">{kind_text}</span> " " <code dir="ltr">{path}</code> " " <span lang="en" dir="ltr">{message}</span>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let counts = move || {
        report.with(|r| {
            let (e, w) = (r.errors().count(), r.warnings().count());
            tr.with_value(|l| {
                l.f(
                    msg::d_counts,
                    &[("errors", e.into()), ("warnings", w.into())],
                )
            })
        })
    };

    // Answers typed in the preview, as the JSON they would produce.
    let preview = NodeRef::<leptos::html::Div>::new();
    let handle = window_event_listener_untyped("rubric-change", move |ev| {
        show_detail(&ev, preview, output, "answers");
    });
    let handle2 = window_event_listener_untyped("rubric-submit", move |ev| {
        show_detail(&ev, preview, output, "");
    });
    on_cleanup(move || {
        handle.remove();
        handle2.remove();
    });

    let sample_task = Memo::new(move |_| {
        sample.with(|s| parse_task(s, &Limits::default()).map(|(t, _)| Arc::new(t)))
    });
    let the_preview = move || {
        let m = mode.get();
        match doc.get() {
            None => view! { <p class="rw-loading">{t(msg::d_empty)}</p> }.into_any(),
            Some(Doc::Quiz(q)) if m == Mode::Quiz => view! {
                <QuizRunner quiz=q trainee="designer-preview".to_string() origins=origins.clone() courier=None />
            }
            .into_any(),
            Some(Doc::Rubric(_)) if m == Mode::Quiz => view! {
                <p class="rw-banner rw-info" data-testid="quiz-needs-quiz">
                    {t(msg::d_quiz_needs_quiz)}
                </p>
            }
            .into_any(),
            Some(d) => {
                let (rubric, task) = match d {
                    Doc::Rubric(r) => (r, sample_task.get().ok()),
                    Doc::Quiz(q) => (
                        Arc::new(q.rubric.clone()),
                        q.items.first().map(|i| Arc::new(i.task.clone())),
                    ),
                };
                match task.filter(|t| !check_task_fits(&rubric, t).has_errors()) {
                    Some(task) => view! {
                        <ReviewForm rubric task annotator="designer-preview" image_origins=origins.clone() discard_draft=true />
                    }
                    .into_any(),
                    None => view! {
                        <p class="rw-banner rw-warn" role="alert" data-testid="sample-task-problem">
                            {t(msg::d_sample_misfit)}
                        </p>
                    }
                    .into_any(),
                }
            }
        }
    };

    view! {
        <div class="rw rd" data-testid="designer">
            <div class="rd-editor-pane">
                <div class="rd-toolbar" role="toolbar" aria-label=t(msg::d_file_toolbar)>
                    <label>{t(msg::d_start_from)} " "
                        <select data-testid="designer-template" on:change=on_template>
                            <option value="" disabled selected>{t(msg::d_a_template)}</option>
                            {template_options}
                            <option value="">{t(msg::d_blank)}</option>
                        </select>
                    </label>
                    <label class="rw-button rw-small rd-file">{t(msg::d_open_file)}
                        <input type="file" accept=".json,application/json" node_ref=file_input on:change=on_file data-testid="designer-open" />
                    </label>
                    <a class="rw-button rw-small" download=download_name href=download_href data-testid="designer-download">{t(msg::d_download)}</a>
                    <button type="button" class="rw-button rw-small" on:click=share data-testid="designer-share">{t(msg::d_share)}</button>
                </div>
                // One live region for what the share button did, there before it has anything
                // to say, so that screen readers announce the link or the refusal.
                <div role="status" data-testid="designer-share-status">
                    {move || link.get().map(|s| match s {
                        Shared::Link(url) => view! {
                            <p class="rd-link">{t(msg::d_link_copied)} " "
                                <input type="text" readonly value=url aria-label=t(msg::d_share_link) data-testid="designer-link" />
                            </p>
                        }
                        .into_any(),
                        Shared::TooLong(chars) => view! {
                            <p class="rw-banner rw-warn" data-testid="designer-link-too-long">
                                {tr.with_value(|l| l.f(msg::d_link_too_long, &[("length", chars.into()), ("limit", MAX_LINK_CHARS.into())]))}
                            </p>
                        }
                        .into_any(),
                    })}
                </div>
                // JSON reads left to right in every language, also in a mirrored designer.
                <div class="rd-code" dir="ltr">
                    <div class="rd-gutter" aria-hidden="true" node_ref=gutter>{lines}</div>
                    <textarea class="rd-text" node_ref=editor spellcheck="false" autocomplete="off" wrap="off"
                        aria-label=t(msg::d_editor) aria-describedby="rd-status" data-testid="designer-editor"
                        on:input=on_input on:scroll=on_scroll></textarea>
                </div>
                <section class="rd-issues" aria-labelledby="rd-issues-title">
                    <h2 class="rw-section-title" id="rd-issues-title">{t(msg::d_problems)}</h2>
                    <p id="rd-status" role="status" data-testid="designer-status">{counts}</p>
                    <ol>{issues}</ol>
                </section>
            </div>
            <div class="rd-preview-pane">
                <div class="rd-toolbar" role="group" aria-label=t(msg::d_preview)>
                    <fieldset class="rd-switch">
                        <legend>{t(msg::d_mode)}</legend>
                        <label><input type="radio" name="rd-mode" prop:checked=move || mode.get() == Mode::Review on:change=move |_| mode.set(Mode::Review) data-testid="mode-review" />{t(msg::d_mode_review)}</label>
                        <label><input type="radio" name="rd-mode" prop:checked=move || mode.get() == Mode::Quiz on:change=move |_| mode.set(Mode::Quiz) data-testid="mode-quiz" />{t(msg::d_mode_quiz)}</label>
                    </fieldset>
                    <fieldset class="rd-switch">
                        <legend>{t(msg::d_width)}</legend>
                        <label><input type="radio" name="rd-width" prop:checked=move || !narrow.get() on:change=move |_| narrow.set(false) data-testid="width-wide" />{t(msg::d_wide)}</label>
                        <label><input type="radio" name="rd-width" prop:checked=move || narrow.get() on:change=move |_| narrow.set(true) data-testid="width-narrow" />{t(msg::d_phone)}</label>
                    </fieldset>
                </div>
                {move || (!valid.get() && doc.with(Option::is_some)).then(|| view! {
                    <p class="rw-banner rw-warn" data-testid="designer-stale">
                        {t(msg::d_stale)}
                    </p>
                })}
                <div class="rd-preview" class:rd-narrow=move || narrow.get() node_ref=preview data-testid="designer-preview">
                    {the_preview}
                </div>
                <details class="rd-sample">
                    <summary>{t(msg::d_sample)}</summary>
                    <textarea class="rd-text rd-sample-text" dir="ltr" aria-label=t(msg::d_sample_editor) spellcheck="false"
                        prop:value=move || sample.get_untracked() on:change=move |ev| sample.set(event_target_value(&ev))></textarea>
                    {move || sample_task.get().err().map(|r| view! {
                        <ul class="rw-issues" lang="en" dir="ltr">{r.lines().into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                    })}
                </details>
                <section aria-labelledby="rd-output">
                    <h2 class="rw-section-title" id="rd-output">{t(msg::d_output)}</h2>
                    <pre class="rd-output" dir="auto" data-testid="designer-output" tabindex="0">{move || output.get().unwrap_or_else(|| t(msg::d_output_empty))}</pre>
                </section>
            </div>
        </div>
    }
}

fn message_report(message: &str) -> Report {
    let mut r = Report::default();
    r.error(
        rubric_core::document::path::Path::root(),
        message.to_string(),
    );
    r
}

/// Shows an event's `detail` (or one field of it) as indented JSON, if it came from inside the
/// preview.
fn show_detail(
    ev: &web_sys::Event,
    preview: NodeRef<leptos::html::Div>,
    output: RwSignal<Option<String>>,
    field: &str,
) {
    let inside = ev
        .composed_path()
        .get(0)
        .dyn_into::<web_sys::Node>()
        .ok()
        .zip(preview.get_untracked())
        .is_some_and(|(n, p)| p.contains(Some(&n)));
    let Some(detail) = ev.dyn_ref::<web_sys::CustomEvent>().map(|e| e.detail()) else {
        return;
    };
    if !inside {
        return;
    }
    let value = if field.is_empty() {
        detail
    } else {
        js_sys::Reflect::get(&detail, &field.into()).unwrap_or_default()
    };
    let text = js_sys::JSON::stringify_with_replacer_and_space(&value, &JsValue::NULL, &2.into())
        .ok()
        .and_then(|s| s.as_string());
    output.set(text);
}
