//! The agreement report: how good are the labels? It reads a rubric and submissions from any
//! backend (a JSON array, JSON Lines, or the reference receiver's paged listing followed to its
//! end; or files the reader opens or drops), then shows per criterion the agreement statistics
//! that fit its scale, each rater against the others, model judges against the people, the
//! contested tasks and the rubric's health. Every figure comes from `rubric_core::report`;
//! this module reads in pieces, yields between them so the page stays responsive, and shows.
//!
//! Built into its own wasm (`src/bin/rubric-report.rs`): a review page never downloads it.

mod charts;
mod view;

use crate::browser;
use crate::components::dom::embed;
use crate::components::error_view::{DocumentProblems, ErrorView};
use crate::i18n::use_i18n;
use crate::mount::{mount, read, tell_config_error, Config, Mounted, Source};
use leptos::prelude::*;
use rubric_core::report::read::{Ratings, Reader};
use rubric_core::report::summary::{Builder, Options, Report};
use rubric_core::text::i18n::Translate;
use rubric_core::text::messages as msg;
use rubric_core::{parse_rubric, Rubric};
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/src/report/report.js")]
extern "C" {
    /// A source being read piece by piece (see `report.js`).
    type Pieces;
    #[wasm_bindgen(catch, js_name = openPieces)]
    async fn open_pieces(
        source: &JsValue,
        authorization: Option<String>,
    ) -> Result<Pieces, JsValue>;
    #[wasm_bindgen(method, catch)]
    async fn next(this: &Pieces) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn done(this: &Pieces) -> f64;
    #[wasm_bindgen(method, getter)]
    fn total(this: &Pieces) -> f64;
    #[wasm_bindgen(method, getter, js_name = nextPage)]
    fn next_page(this: &Pieces) -> Option<String>;
    /// Saves an export of the report as a file (nothing is sent anywhere).
    #[wasm_bindgen(js_name = saveFile)]
    pub(crate) fn save_file(name: &str, kind: &str, text: &str);
}

/// How long the page works before giving the main thread back, in ms: well under the 100 ms
/// after which a tab feels stuck, long enough that yielding costs little.
const SLICE_MS: i64 = 40;

/// The page's share of the main thread while it reads and computes: work goes on for
/// `SLICE_MS`, then the progress is shown and the thread given back, so input and painting go
/// on while a large export is read.
struct Slice {
    stage: RwSignal<Stage>,
    since: i64,
}

impl Slice {
    fn new(stage: RwSignal<Stage>) -> Slice {
        Slice {
            stage,
            since: browser::now_ms(),
        }
    }

    /// After a step of work: when the slice is used up, shows `progress` and yields. `false`
    /// once the report is gone (unmounted): the work stops rather than run on unseen.
    async fn pause(&mut self, progress: impl FnOnce() -> Stage) -> bool {
        if browser::now_ms() - self.since < SLICE_MS {
            return true;
        }
        if self.stage.try_set(progress()).is_some() {
            return false;
        }
        browser::yield_now().await;
        self.since = browser::now_ms();
        true
    }
}

/// Where submissions come from: URLs (each followed through its `Link: rel=next` pages) or
/// files the reader chose.
#[derive(Clone)]
enum Input {
    Url(String),
    File(web_sys::File),
}

impl Input {
    fn js(&self) -> JsValue {
        match self {
            Input::Url(u) => JsValue::from_str(u),
            Input::File(f) => f.clone().into(),
        }
    }
}

/// Mounts a report into `element`. `config`: `rubricSrc` (URL) or `rubricJson` (text);
/// `submissionsSrc`, a URL or a list of URLs (a receiver's listing is followed page by page);
/// without both, the report offers to open files. `authorization`: the header the listing needs
/// (`Bearer …`, a receiver's reader token). `rater`: show only this rater's figures
/// against the group (a trainee's view). `locale`; `resamples` (alpha's bootstrap, default
/// 200); `epsilon` (the alternative annotator test's, default 0.15).
pub fn mount_report(element: web_sys::HtmlElement, config: JsValue) -> Mounted {
    let config = Config::new(config);
    let rubric = config.source("rubric");
    let given = config.get("submissionsSrc");
    let submissions: Vec<Input> = if js_sys::Array::is_array(&given) {
        js_sys::Array::from(&given)
            .iter()
            .filter_map(|u| u.as_string())
            .map(Input::Url)
            .collect()
    } else {
        given.as_string().into_iter().map(Input::Url).collect()
    };
    let defaults = Options::default();
    let options = Options {
        resamples: config
            .get("resamples")
            .as_f64()
            .map_or(defaults.resamples, |n| n.clamp(0.0, 10_000.0) as usize),
        epsilon: config
            .get("epsilon")
            .as_f64()
            .filter(|e| (0.0..1.0).contains(e))
            .unwrap_or(defaults.epsilon),
        ..defaults
    };
    let rater = config.text("rater").filter(|r| !r.is_empty());
    let authorization = config.text("authorization").filter(|a| !a.is_empty());
    let start = match (&rubric, submissions.is_empty()) {
        (Source::Url(u), _) if u.is_empty() => None,
        (_, true) => None,
        _ => Some((rubric, submissions)),
    };
    mount(element, &config, "report", move |host| {
        let element = host.element;
        embed(
            &host.root,
            view! { <ReportApp start options rater authorization element /> }.into_any(),
        );
    })
}

/// Where a report is.
#[derive(Clone)]
enum Stage {
    /// Waiting for files.
    Open,
    /// Reading (`reading` true) or computing: how far, of how much (0: unknown).
    Busy {
        reading: bool,
        done: f64,
        total: f64,
    },
    Invalid(Vec<DocumentProblems>, Vec<String>),
    Failed(String),
    Ready(Arc<Done>),
}

/// A finished report.
pub struct Done {
    pub rubric: Rubric,
    pub ratings: Ratings,
    pub report: Report,
    pub more_malformed: usize,
    pub options: Options,
}

#[component]
fn ReportApp(
    start: Option<(Source, Vec<Input>)>,
    options: Options,
    rater: Option<String>,
    authorization: Option<String>,
    element: web_sys::HtmlElement,
) -> impl IntoView {
    let stage = RwSignal::new(Stage::Open);
    let tr = use_i18n();
    let lang = StoredValue::new(tr.clone());
    let authorization = StoredValue::new(authorization);
    let element = StoredValue::new_local(element);
    let run = move |rubric: Source, inputs: Vec<Input>| {
        stage.set(Stage::Busy {
            reading: true,
            done: 0.0,
            total: 0.0,
        });
        leptos::task::spawn_local(async move {
            let tr = lang.get_value();
            // `try_set`: the report may have been unmounted meanwhile.
            let _ = stage.try_set(
                build(
                    rubric,
                    inputs,
                    options,
                    authorization.get_value(),
                    stage,
                    tr,
                    element.get_value(),
                )
                .await,
            );
        });
    };
    if let Some((rubric, inputs)) = start {
        run(rubric, inputs);
    }
    // After a failure the reader can always open files instead (or other ones).
    let open_label = tr.t(msg::rp_open_other);
    let open_other = move || {
        view! { <button type="button" class="rw-button" on:click=move |_| stage.set(Stage::Open)>{open_label.clone()}</button> }
    };
    // `.rw`: the widget's box, type and theme, and the container its phone layouts ask.
    let content = move || match stage.get() {
        Stage::Open => view! { <OpenFiles run /> }.into_any(),
        Stage::Busy {
            reading,
            done,
            total,
        } => {
            let megabytes = |b: f64| format!("{} MB", tr.fixed(b / 1e6, 1));
            let text = if !reading {
                tr.f(
                    msg::rp_computing,
                    &[
                        ("i", (done as usize).into()),
                        ("n", (total as usize).into()),
                    ],
                )
            } else if total > 0.0 {
                tr.f(
                    msg::rp_reading_of,
                    &[
                        ("read", (&megabytes(done)).into()),
                        ("total", (&megabytes(total)).into()),
                    ],
                )
            } else {
                tr.f(msg::rp_reading, &[("read", (&megabytes(done)).into())])
            };
            let (value, max) = if total > 0.0 {
                (Some(done), Some(total))
            } else {
                (None, None)
            };
            view! {
                <div class="rp-busy" role="status" data-testid="report-progress">
                    <p>{text.clone()}</p>
                    <progress value=value max=max aria-label=tr.t(msg::rp_progress_label)>{text}</progress>
                </div>
            }
            .into_any()
        }
        Stage::Invalid(problems, notes) => {
            view! { <ErrorView problems notes />{open_other()} }.into_any()
        }
        Stage::Failed(why) => view! {
            <p class="rw-banner rw-error" role="alert" data-testid="report-failed">
                {tr.f(msg::rp_failed, &[("why", (&why).into())])}
            </p>
            {open_other()}
        }
        .into_any(),
        Stage::Ready(done) => view! { <view::ReportView done rater=rater.clone() /> }.into_any(),
    };
    view! { <div class="rw" data-testid="report-root">{content}</div> }
}

/// Reads the rubric, then every submission source in pieces, then computes the report a
/// criterion at a time, giving the main thread back between pieces.
async fn build(
    rubric: Source,
    inputs: Vec<Input>,
    options: Options,
    authorization: Option<String>,
    stage: RwSignal<Stage>,
    tr: crate::i18n::I18n,
    element: web_sys::HtmlElement,
) -> Stage {
    let what = rubric.describe("rubric");
    let text = rubric.start("rubric", "rubricSrc").text.await;
    let (mut notes, mut problems) = (Vec::new(), Vec::new());
    let Some(rubric) = read(text, parse_rubric, what, &mut notes, &mut problems) else {
        // The host hears it as from every mode: `rubric-config-error`, each problem's path.
        tell_config_error(&element, &problems, &notes);
        return Stage::Invalid(problems, notes);
    };
    let rubric = tr.localize(&rubric);
    let mut reader = Reader::new(&rubric);
    // Bytes of earlier pages and files, so progress only grows.
    let mut before = 0.0;
    let mut slice = Slice::new(stage);
    for input in inputs {
        let mut source = input.js();
        loop {
            let pieces = match open_pieces(&source, authorization.clone()).await {
                Ok(p) => p,
                Err(e) => return Stage::Failed(e.as_string().unwrap_or_default()),
            };
            loop {
                let piece = match pieces.next().await {
                    Ok(p) => p,
                    Err(e) => {
                        return Stage::Failed(e.as_string().unwrap_or_else(|| format!("{e:?}")))
                    }
                };
                if piece.is_null() {
                    break;
                }
                reader.feed_bytes(&js_sys::Uint8Array::new(&piece).to_vec());
                let busy = || Stage::Busy {
                    reading: true,
                    done: before + pieces.done(),
                    total: if pieces.next_page().is_some() {
                        0.0
                    } else {
                        before + pieces.total()
                    },
                };
                if !slice.pause(busy).await {
                    return Stage::Open;
                }
            }
            before += pieces.done();
            match pieces.next_page() {
                Some(next) => source = JsValue::from_str(&next),
                None => break,
            }
        }
    }
    let more_malformed = reader.more_malformed;
    let ratings = reader.finish();
    let mut builder = Builder::new(&rubric, &ratings, options);
    while builder.step() {
        let (done, total) = builder.progress();
        let busy = || Stage::Busy {
            reading: false,
            done: (done + 1).min(total) as f64,
            total: total as f64,
        };
        if !slice.pause(busy).await {
            return Stage::Open;
        }
    }
    // The health, then the report's first paint, each a task of its own.
    browser::yield_now().await;
    let report = builder.finish();
    browser::yield_now().await;
    Stage::Ready(Arc::new(Done {
        rubric,
        ratings,
        report,
        more_malformed,
        options,
    }))
}

/// The files form: a rubric and one or more submission files, chosen or dropped.
#[component]
fn OpenFiles(run: impl Fn(Source, Vec<Input>) + Copy + 'static) -> impl IntoView {
    let tr = use_i18n();
    let t = |m| tr.t(m);
    let rubric_file = RwSignal::new_local(None::<web_sys::File>);
    let data_files = RwSignal::new_local(Vec::<web_sys::File>::new());
    let problem = RwSignal::new(None::<String>);
    let need = tr.t(msg::rp_open_need);
    let files_of = |list: Option<web_sys::FileList>| -> Vec<web_sys::File> {
        list.map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect())
            .unwrap_or_default()
    };
    let go = move || {
        let (Some(rubric), data) = (rubric_file.get_untracked(), data_files.get_untracked()) else {
            problem.set(Some(need.clone()));
            return;
        };
        if data.is_empty() {
            problem.set(Some(need.clone()));
            return;
        }
        leptos::task::spawn_local(async move {
            let text = JsFuture::from(rubric.text()).await;
            let text = text
                .ok()
                .and_then(|t| t.as_string())
                .ok_or_else(|| format!("{}: could not be read", rubric.name()));
            match text {
                Ok(t) => run(
                    Source::Inline(t),
                    data.into_iter().map(Input::File).collect(),
                ),
                Err(e) => problem.set(Some(e)),
            }
        });
    };
    // A drop: a file whose text starts like a rubric is the rubric, the rest are submissions.
    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        let files = files_of(ev.data_transfer().and_then(|d| d.files()));
        leptos::task::spawn_local(async move {
            let mut data = Vec::new();
            for f in files {
                let head = JsFuture::from(
                    f.slice_with_i32_and_i32(0, 4096)
                        .map(|b| b.text())
                        .unwrap_or_else(|_| js_sys::Promise::resolve(&JsValue::from_str(""))),
                )
                .await
                .ok()
                .and_then(|t| t.as_string())
                .unwrap_or_default();
                if head.contains("\"criteria\"") && !head.contains("\"answers\"") {
                    rubric_file.set(Some(f));
                } else {
                    data.push(f);
                }
            }
            if !data.is_empty() {
                data_files.set(data);
            }
        });
    };
    let rubric_name = move || rubric_file.get().map(|f| f.name());
    let data_names = move || {
        data_files
            .get()
            .iter()
            .map(|f| f.name())
            .collect::<Vec<_>>()
            .join(", ")
    };
    view! {
        <form class="rp-open" data-testid="report-open"
            on:submit=move |ev| { ev.prevent_default(); go(); }
            on:dragover=|ev: web_sys::DragEvent| ev.prevent_default()
            on:drop=on_drop>
            <h2>{t(msg::rp_open)}</h2>
            <p class="rw-banner rw-error" role="alert" hidden=move || problem.get().is_none()>{move || problem.get()}</p>
            <label class="rp-file">
                <span>{t(msg::rp_open_rubric)}</span>
                <input type="file" accept=".json,application/json" data-testid="report-rubric-file"
                    on:change=move |ev| {
                        let input: web_sys::HtmlInputElement = event_target(&ev);
                        rubric_file.set(files_of(input.files()).into_iter().next());
                    } />
                <span class="rp-chosen">{rubric_name}</span>
            </label>
            <label class="rp-file">
                <span>{t(msg::rp_open_submissions)}</span>
                <input type="file" multiple accept=".json,.jsonl,.ndjson,application/json,application/x-ndjson" data-testid="report-data-files"
                    on:change=move |ev| {
                        let input: web_sys::HtmlInputElement = event_target(&ev);
                        data_files.set(files_of(input.files()));
                    } />
                <span class="rp-chosen">{data_names}</span>
            </label>
            <p class="rw-hint">{t(msg::rp_open_drop)}</p>
            <button type="submit" class="rw-button rw-primary">{t(msg::rp_open_show)}</button>
        </form>
    }
}
