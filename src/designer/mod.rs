//! The rubric designer: a plain text editor with line numbers beside the real form, live.
//! Typing is never blocked: the text is checked after a short pause (`DEBOUNCE_MS`), every
//! error and lint is listed with its line and path (a click puts the caret there), and while
//! the text is invalid the preview keeps the last valid version, marked as stale. The preview
//! is the real `ReviewForm` (or the quiz, for a quiz document) at wide or phone width, with an
//! editable sample task and the JSON the answers would produce.
//!
//! The component builds the view; each concern with state of its own is a `use_*` function in
//! its own file, set up under the designer's owner: [`checked_text`] (the text, its debounced
//! check, the issues and the last valid document), [`starting_text`], [`draft`] (the text kept
//! on the device and offered back), [`editor`] (line numbers, scroll, jump to an issue),
//! [`share_link`] and [`answers_output`] (the preview's JSON).
//!
//! A whole new text (a template, the blank rubric, a file) never silently replaces work: when
//! the editor holds edits or a restored draft, the designer is asked first ("Replace" / "Keep
//! editing"). A question was chosen over an Undo button because the editor's own undo history
//! does not survive a replaced value, and an Undo button would have to live on, and be found,
//! after the designer has moved on.
//!
//! Built into its own wasm (`src/bin/rubric-designer.rs`).

mod answers_output;
mod checked_text;
mod draft;
mod editor;
mod share_link;
mod starting_text;

pub use checked_text::DEBOUNCE_MS;
pub use share_link::MAX_LINK_CHARS;

use crate::browser;
use crate::components::dom::embed;
use crate::components::review_form::ReviewForm;
use crate::i18n::use_i18n;
use crate::mount::{mount, Config, Mounted};
use crate::quiz::QuizRunner;
use answers_output::use_answers_output;
use checked_text::use_checked_text;
use draft::use_designer_draft;
use editor::use_editor;
use leptos::prelude::*;
use rubric_core::authoring::sample_responses;
use rubric_core::authoring::snippet::{self, NotHere};
use rubric_core::calibration::quiz::Quiz;
use rubric_core::document::designer_draft::{replacing_loses_work, Loaded};
use rubric_core::document::parse::check_task_fits;
use rubric_core::report::judge_kit;
use rubric_core::text::i18n::Translate;
use rubric_core::text::messages as msg;
use rubric_core::{parse_task, CriterionType, Limits, Rubric, Severity};
use share_link::{use_share_link, Shared};
use starting_text::use_starting_text;
use std::sync::Arc;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/designer/designer.js")]
extern "C" {
    fn compress(text: &str, done: &JsValue);
    fn decompress(fragment: &str, done: &JsValue);
    #[wasm_bindgen(js_name = readFile)]
    fn read_file(input: &web_sys::HtmlInputElement, done: &JsValue);
}

/// A whole text that would replace the editor's, waiting for the designer's answer when it
/// would lose work.
#[derive(Clone)]
enum Source {
    /// A template, by URL (fetched once the designer agreed).
    Template(String),
    Blank,
    /// A file's text, already read.
    File(String),
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

/// A `data:` URL of `text`, for a download link (nothing is sent anywhere).
fn data_url(mime: &str, text: &str) -> String {
    format!(
        "data:{mime};charset=utf-8,{}",
        js_sys::encode_uri_component(text)
    )
}

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
    mount(element, &config, "", move |host| {
        embed(
            &host.root,
            view! { <Designer templates initial shared origins /> }.into_any(),
        );
    })
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
    let sample = RwSignal::new(SAMPLE_TASK.to_string());
    let mode = RwSignal::new(Mode::Review);
    let narrow = RwSignal::new(false);
    let output = use_answers_output();
    let link = use_share_link();
    let checked = use_checked_text(tr, move |d: &Doc| {
        if matches!(d, Doc::Quiz(_)) {
            mode.set(Mode::Quiz);
        }
        output.clear();
    });
    let (text, report, doc, valid) = (checked.text, checked.report, checked.doc, checked.valid);
    let editor = use_editor(text);
    // What the last whole text was, to tell the designer's work from an unchanged template.
    let loaded = StoredValue::new(Loaded {
        text: String::new(),
        own_work: false,
    });
    let draft = use_designer_draft(text, sample, loaded);
    let load_text = move |t: String, own_work: bool| {
        editor.set_value(&t);
        loaded.set_value(Loaded {
            text: t.clone(),
            own_work,
        });
        checked.load(t);
        link.clear();
    };
    let first = templates.first().map(|(_, src)| src.clone());
    use_starting_text(editor.node, shared, initial, first, move |t| {
        load_text(t, false);
        draft.started();
    });
    let restore = move |_| {
        if let Some(d) = draft.restore() {
            sample.set(d.sample);
            load_text(d.text, true);
            // From the top, as any text opens: setting the value left the caret (and the
            // view) at its end.
            editor.go_to(1, 1);
        }
        editor.focus();
    };
    let discard = move |_| {
        draft.discard();
        editor.focus();
    };

    let on_input = move |ev: leptos::ev::Event| {
        if let Some(v) = editor.value() {
            // One character typed (not pasted, deleted or undone) may open the suggestions.
            let typed_char = ev.dyn_ref::<web_sys::InputEvent>().is_some_and(|e| {
                e.input_type() == "insertText" && e.data().is_some_and(|d| d.chars().count() == 1)
            });
            editor.on_input(&v, typed_char);
            checked.edit(v);
            link.clear();
        }
    };
    // The lines with problems are marked beside their numbers, errors over warnings.
    Effect::new(move |_| {
        let lines: Vec<(usize, bool)> = report.with(|r| {
            r.issues
                .iter()
                .filter_map(|i| Some((i.at?.0, i.severity == Severity::Error)))
                .collect()
        });
        editor.mark(&lines);
    });
    // "Insert criterion": the edit, or why there is none.
    let insert_problem = RwSignal::new(None::<NotHere>);
    let on_insert = move |ev: leptos::ev::Event| {
        let select = event_target::<web_sys::HtmlSelectElement>(&ev);
        let ty = CriterionType::from_name(&select.value());
        select.set_selected_index(0);
        let (Some(ty), Some(t)) = (ty, editor.value()) else {
            return;
        };
        let caret = editor.caret_byte(&t).unwrap_or(t.len());
        match snippet::criterion(&t, caret, ty) {
            Ok(e) => {
                insert_problem.set(None);
                editor.apply(e.from, e.to, &e.insert, e.select);
            }
            Err(why) => insert_problem.set(Some(why)),
        }
    };
    let template_options = templates
        .iter()
        .map(|(name, src)| view! { <option value=src.clone()>{name.clone()}</option> })
        .collect_view();
    let templates = StoredValue::new(templates);
    let template_select = NodeRef::<leptos::html::Select>::new();
    let file_input = NodeRef::<leptos::html::Input>::new();
    // The template picker's choice as last loaded, shown again when a replacement is declined.
    let shown_template = StoredValue::new(0);
    // The replacement waiting for an answer: its name (in the question) and its source.
    let replacing = RwSignal::new(None::<(String, Source)>);
    // Which replacement is the latest: the arrow keys on the picker choose template after
    // template, and a slower earlier fetch must not land over the one chosen last.
    let latest = StoredValue::new(0u64);
    let replace_with = move |source: Source| {
        if let Some(select) = template_select.get_untracked() {
            if !matches!(source, Source::File(_)) {
                shown_template.set_value(select.selected_index());
            }
        }
        latest.update_value(|n| *n += 1);
        let this = latest.get_value();
        match source {
            Source::Blank => load_text(BLANK.to_string(), false),
            Source::File(t) => load_text(t, false),
            Source::Template(src) => leptos::task::spawn_local(async move {
                let fetched = browser::fetch_text(&src).await;
                if latest.try_get_value() != Some(this) {
                    return; // another choice came after this one (or the designer is gone)
                }
                match fetched {
                    Ok(t) => load_text(t, false),
                    Err(e) => checked.show_error(&e),
                }
            }),
        }
    };
    let ask_or_replace = move |name: String, source: Source| {
        let loses_work = text.with_untracked(|t| loaded.with_value(|l| replacing_loses_work(t, l)));
        if loses_work {
            replacing.set(Some((name, source)));
        } else {
            replacing.set(None);
            replace_with(source);
        }
    };
    // After the answer, focus goes back to the control the replacement came from.
    let focus_origin = move |source: &Source| {
        if matches!(source, Source::File(_)) {
            if let Some(i) = file_input.get_untracked() {
                let _ = i.focus();
            }
        } else if let Some(s) = template_select.get_untracked() {
            let _ = s.focus();
        }
    };
    let confirm_replace = move |_| {
        if let Some(Some((_, source))) = replacing.try_update(Option::take) {
            focus_origin(&source);
            replace_with(source);
        }
    };
    let keep_editing = move || {
        if let Some(Some((_, source))) = replacing.try_update(Option::take) {
            if let Some(s) = template_select.get_untracked() {
                s.set_selected_index(shown_template.get_value());
            }
            focus_origin(&source);
        }
    };
    let on_template = move |ev| {
        let src = event_target_value(&ev);
        if src.is_empty() {
            ask_or_replace(t(msg::d_blank), Source::Blank);
        } else {
            let name = templates.with_value(|ts| {
                ts.iter()
                    .find(|(_, s)| *s == src)
                    .map(|(n, _)| n.clone())
                    .unwrap_or_default()
            });
            ask_or_replace(name, Source::Template(src));
        }
    };
    let on_file = move |_| {
        if let Some(input) = file_input.get_untracked() {
            read_file(
                &input,
                &Closure::once_into_js(move |t: String, name: String| {
                    ask_or_replace(name, Source::File(t))
                }),
            );
        }
    };
    // The question takes the focus (on its safe answer) when it appears, so that the keyboard
    // is where the decision is; Escape keeps editing.
    let keep_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(b) = keep_button.get() {
            let _ = b.focus();
        }
    });
    let download_href = move || data_url("application/json", &text.get());
    // The judge kit of the last valid rubric (a quiz's own rubric too): its prompt, its
    // schema, and the name its files are saved under.
    let judge_kit = Memo::new(move |_| {
        doc.with(|d| {
            let r = match d.as_ref()? {
                Doc::Rubric(r) => r.clone(),
                Doc::Quiz(q) => Arc::new(q.rubric.clone()),
            };
            Some((judge_kit::prompt(&r), judge_kit::schema(&r), r.id.clone()))
        })
    });
    let download_name = move || {
        doc.with(|d| match d {
            Some(Doc::Rubric(r)) => format!("{}.json", r.id),
            Some(Doc::Quiz(q)) => format!("{}.json", q.id),
            None => "rubric.json".into(),
        })
    };
    let share = move |_| link.share(&text.get_untracked());

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
                            <button type="button" class="rw-linklike" on:click=move |_| editor.go_to(line, col)>
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

    let sample_task = Memo::new(move |_| {
        sample.with(|s| parse_task(s, &Limits::default()).map(|(t, _)| Arc::new(t)))
    });
    // How many of the shipped sample's responses the preview shows, when it shows fewer: as
    // shipped (whatever its spacing), the sample shows the responses the rubric judges (one
    // for HHH, not three); one the designer edited is shown as written.
    let shipped = parse_task(SAMPLE_TASK, &Limits::default())
        .ok()
        .map(|(t, _)| t);
    let fewer = Memo::new(move |_| {
        let Some(Doc::Rubric(r)) = doc.get() else {
            return None;
        };
        let task = sample_task.get().ok()?;
        let n = sample_responses(&r);
        (Some(&*task) == shipped.as_ref() && n < task.responses.len()).then_some(n)
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
                    Doc::Rubric(r) => {
                        let mut task = sample_task.get().ok();
                        if let (Some(task), Some(n)) = (task.as_mut(), fewer.get()) {
                            let responses = &mut Arc::make_mut(task).responses;
                            responses.truncate(n);
                            // One response is "Response", not "Response A" of none other.
                            if let [only] = responses.as_mut_slice() {
                                only.label = t(msg::response);
                            }
                        }
                        (r, task)
                    }
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
                {move || draft.error.get().map(|e| view! {
                    <p class="rw-banner rw-warn" role="alert" data-testid="designer-not-kept">
                        // The browser's reason ends with its own full stop, the sentence has its own.
                        {tr.with_value(|l| l.f(msg::d_not_kept, &[("error", e.trim_end_matches('.').into())]))}
                    </p>
                })}
                // A live region there from the start, so that the question is announced when
                // it appears (after the starting text is in); focus stays where it was.
                <div role="status" data-testid="designer-restore-status">
                    {move || draft.offer.with(|o| o.as_ref().map(|d| {
                        let when = tr.with_value(|l| l.date_time(d.saved_at_ms));
                        let detail = tr.with_value(|l| l.f(msg::d_restore_detail, &[("when", (&when).into())]));
                        view! {
                            <section class="rd-notice" aria-labelledby="rd-restore-q" aria-describedby="rd-restore-d" data-testid="designer-restore">
                                <p class="rd-notice-q" id="rd-restore-q">{t(msg::d_restore_question)}</p>
                                <p id="rd-restore-d">{detail}</p>
                                <p class="rd-notice-actions">
                                    <button type="button" class="rw-button rw-primary rw-small" on:click=restore data-testid="designer-restore-yes">{t(msg::d_restore)}</button>
                                    <button type="button" class="rw-button rw-small" on:click=discard data-testid="designer-restore-no">{t(msg::d_discard)}</button>
                                </p>
                            </section>
                        }
                    }))}
                </div>
                <div class="rd-toolbar" role="toolbar" aria-label=t(msg::d_file_toolbar)>
                    <label>{t(msg::d_start_from)} " "
                        <select data-testid="designer-template" node_ref=template_select on:change=on_template>
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
                {move || replacing.with(|r| r.as_ref().map(|(name, _)| {
                    let question = tr.with_value(|l| l.f(msg::d_replace_question, &[("name", name.into())]));
                    view! {
                        <div class="rd-notice" role="alertdialog" aria-labelledby="rd-replace-q" aria-describedby="rd-replace-d" data-testid="designer-replace"
                            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                                if ev.key() == "Escape" {
                                    ev.prevent_default();
                                    keep_editing();
                                }
                            }>
                            <p class="rd-notice-q" id="rd-replace-q">{question}</p>
                            <p id="rd-replace-d">{t(msg::d_replace_detail)}</p>
                            <p class="rd-notice-actions">
                                <button type="button" class="rw-button rw-small" node_ref=keep_button on:click=move |_| keep_editing() data-testid="designer-keep-editing">{t(msg::d_keep_editing)}</button>
                                <button type="button" class="rw-button rw-small rd-danger" on:click=confirm_replace data-testid="designer-replace-yes">{t(msg::d_replace)}</button>
                            </p>
                        </div>
                    }
                }))}
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
                        Shared::Unavailable => view! {
                            <p class="rw-banner rw-warn" data-testid="designer-link-unavailable">{t(msg::d_link_unavailable)}</p>
                        }
                        .into_any(),
                    })}
                </div>
                <div class="rd-toolbar">
                    <label>{t(msg::d_insert)} " "
                        <select data-testid="designer-insert" on:change=on_insert>
                            <option value="" disabled selected>{t(msg::d_a_type)}</option>
                            {CriterionType::ALL.map(|ty| view! { <option value=ty.name()>{ty.name()}</option> })}
                        </select>
                    </label>
                    <label class="rd-check">
                        <input type="checkbox" prop:checked=move || editor.wrap.get() on:change=move |ev| editor.wrap.set(event_target_checked(&ev)) data-testid="designer-wrap" />
                        {t(msg::d_wrap)}
                    </label>
                </div>
                {move || insert_problem.get().map(|why| view! {
                    <p class="rw-banner rw-warn" role="alert" data-testid="designer-insert-problem">
                        {t(match why { NotHere::Syntax => msg::d_insert_syntax, NotHere::NoCriteria => msg::d_insert_no_criteria })}
                    </p>
                })}
                // JSON reads left to right in every language, also in a mirrored designer.
                <div class="rd-code" dir="ltr" class:rd-nowrap=move || !editor.wrap.get() node_ref=editor.scroller>
                    <div class="rd-layers">
                        <div class="rd-hl" aria-hidden="true" node_ref=editor.layer></div>
                        <textarea class="rd-input" node_ref=editor.node spellcheck="false" autocomplete="off"
                            wrap=move || if editor.wrap.get() { "soft" } else { "off" }
                            aria-label=t(msg::d_editor) aria-describedby="rd-status rd-keys" data-testid="designer-editor"
                            aria-autocomplete="list" aria-controls="rd-suggestions"
                            aria-activedescendant=move || editor.open.with(|o| o.as_ref().map(|o| format!("rd-s-{}", o.active)))
                            on:input=on_input
                            on:keydown=move |ev| if editor.on_keydown(&ev) { ev.prevent_default() }
                            on:blur=move |_| editor.close()
                            on:click=move |_| editor.close()></textarea>
                        {editor.suggestion_list(&t(msg::d_suggestions_label), t(msg::d_required_field))}
                    </div>
                </div>
                <p class="rd-keys" id="rd-keys">{t(msg::d_editor_keys)}</p>
                <p class="rw-sr-only" role="status" data-testid="designer-suggestions-status">
                    // Always one text node, empty while closed: a node added or removed ends
                    // the browser's run of typing (the suggestion list's own note).
                    {move || editor.open.with(|o| o.as_ref().map(|o| tr.with_value(|l| l.f(msg::d_suggestions, &[("n", o.completion.items.len().into())]))).unwrap_or_default())}
                </p>
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
                <div class="rd-preview" class:rd-narrow=move || narrow.get() node_ref=output.preview data-testid="designer-preview">
                    {the_preview}
                </div>
                <details class="rd-sample">
                    <summary>{t(msg::d_sample)}</summary>
                    <textarea class="rd-sample-text" dir="ltr" aria-label=t(msg::d_sample_editor) spellcheck="false"
                        prop:value=move || sample.get() on:change=move |ev| sample.set(event_target_value(&ev))></textarea>
                    {move || fewer.get().map(|n| view! {
                        <p class="rd-note" data-testid="sample-fewer">{tr.with_value(|l| l.f(msg::d_sample_fewer, &[("n", n.into())]))}</p>
                    })}
                    {move || sample_task.get().err().map(|r| view! {
                        <ul class="rw-issues" lang="en" dir="ltr">{r.lines().into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                    })}
                </details>
                {move || judge_kit.get().map(|(prompt, schema, name)| {
                    let detail = tr.with_value(|l| l.f(msg::d_judge_detail, &[("prompt", judge_kit::PROMPT_SLOT.into()), ("responses", judge_kit::RESPONSES_SLOT.into())]));
                    view! {
                        <details class="rd-judge" data-testid="designer-judge-kit">
                            <summary>{t(msg::d_judge_kit)}</summary>
                            <p>{detail}</p>
                            <p class="rd-notice-actions">
                                <a class="rw-button rw-small" download=format!("{name}.judge-prompt.md") href=data_url("text/markdown", &prompt) data-testid="designer-judge-prompt">{t(msg::d_judge_prompt)}</a>
                                <a class="rw-button rw-small" download=format!("{name}.judge-schema.json") href=data_url("application/schema+json", &schema) data-testid="designer-judge-schema">{t(msg::d_judge_schema)}</a>
                            </p>
                            <pre class="rd-output" dir="ltr" tabindex="0">{prompt}</pre>
                        </details>
                    }
                })}
                <section aria-labelledby="rd-output">
                    <h2 class="rw-section-title" id="rd-output">{t(msg::d_output)}</h2>
                    <pre class="rd-output" dir="auto" data-testid="designer-output" tabindex="0">{move || output.json.get().unwrap_or_else(|| t(msg::d_output_empty))}</pre>
                </section>
            </div>
        </div>
    }
}
