//! Thin wrappers over the browser APIs the widget uses, so components never touch `web_sys`
//! directly and every fallible call returns a `Result` instead of panicking.

use rubric_core::delivery::outbox::{retry_after_ms, server_message, Outcome};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Milliseconds since the Unix epoch, from the browser clock.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// A prefix for the DOM ids of one widget part (`rw1a2b3c4d`), so several on a page never
/// share an id: `kind` and 8 random hex digits.
pub fn dom_prefix(kind: &str) -> String {
    format!(
        "{kind}{}",
        &rubric_core::form::ids::uuid_v4(random_bytes())[..8]
    )
}

/// 16 bytes from `crypto.getRandomValues`; falls back to `Math.random` where crypto is missing
/// (ids only need to be unique, not secret).
pub fn random_bytes() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        for b in &mut bytes {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes
}

/// Local storage, if the browser allows it (private modes and sandboxed iframes may not).
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Whether a write to local storage works right now: checked before the reviewer starts, so
/// they are told when drafts cannot be kept (docs/promises.md, P4).
pub fn storage_works() -> bool {
    let Some(s) = storage() else { return false };
    let key = "rubric-widget:probe";
    let ok = s.set_item(key, "1").is_ok();
    let _ = s.remove_item(key);
    ok
}

pub fn load(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Writes `value`; `Err` carries the browser's reason (quota, disabled storage).
pub fn save(key: &str, value: &str) -> Result<(), String> {
    let s = storage().ok_or_else(|| "local storage is unavailable".to_string())?;
    s.set_item(key, value).map_err(|e| js_error_text(&e))
}

pub fn remove(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

fn js_error_text(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".to_string())
}

/// Fetches a URL as text. The request starts now, not when the future is first polled, so
/// documents asked for together load side by side. Redirects are followed here (this loads
/// configuration, not data).
pub fn fetch_text(url: &str) -> impl std::future::Future<Output = Result<String, String>> {
    let started = web_sys::window().map(|w| w.fetch_with_str(url));
    let url = url.to_string();
    async move { read_text(started, &url).await }
}

/// Whether an error of [`fetch_text`] says the server was not reached (offline, a network
/// failure), not that it answered with an error: asking again may then work. Read from the
/// messages `read_text` writes, here beside it.
pub fn unreachable(error: &str) -> bool {
    // By the last `:` (a substring search would bring its own searcher into the wasm).
    error.starts_with("could not load ")
        && !error
            .rsplit_once(':')
            .is_some_and(|(_, status)| status.starts_with(" HTTP "))
}

async fn read_text(started: Option<js_sys::Promise>, url: &str) -> Result<String, String> {
    let resp = JsFuture::from(started.ok_or("no window")?)
        .await
        .map_err(|e| format!("could not load {url}: {}", js_error_text(&e)))?;
    let resp: web_sys::Response = resp.dyn_into().map_err(|_| "not a response".to_string())?;
    if !resp.ok() {
        return Err(format!("could not load {url}: HTTP {}", resp.status()));
    }
    let text = JsFuture::from(resp.text().map_err(|e| js_error_text(&e))?)
        .await
        .map_err(|e| js_error_text(&e))?;
    Ok(text.as_string().unwrap_or_default())
}

/// Dispatches a bubbling, composed `CustomEvent` whose `detail` is the given JSON, parsed into a
/// plain object so hosts read it without parsing.
pub fn dispatch_json(target: &web_sys::EventTarget, name: &str, json: &str) {
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&js_sys::JSON::parse(json).unwrap_or(JsValue::NULL));
    if let Ok(ev) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = target.dispatch_event(&ev);
    }
}

/// Whether keyboard focus is in a place where keys are text: hotkeys must not fire there.
pub fn typing_in(target: Option<web_sys::EventTarget>) -> bool {
    let Some(el) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) else {
        return false;
    };
    if el.is_content_editable() {
        return true;
    }
    match el.tag_name().to_ascii_lowercase().as_str() {
        "textarea" | "select" => true,
        "input" => {
            let kind = el
                .get_attribute("type")
                .unwrap_or_default()
                .to_ascii_lowercase();
            !matches!(
                kind.as_str(),
                "radio" | "checkbox" | "button" | "submit" | "reset" | "range"
            )
        }
        _ => false,
    }
}

thread_local! {
    /// Shadow roots that widgets were mounted in: ids are unique inside them, but
    /// `document.getElementById` does not look there.
    static ROOTS: std::cell::RefCell<Vec<web_sys::ShadowRoot>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Remembers the shadow root `element` lives in, if any, for [`focus_id`].
pub fn register_root(element: &web_sys::Element) {
    if let Ok(root) = element.get_root_node().dyn_into::<web_sys::ShadowRoot>() {
        ROOTS.with(|r| {
            let mut roots = r.borrow_mut();
            roots.retain(|s| s.host().is_connected());
            if !roots.contains(&root) {
                roots.push(root);
            }
        });
    }
}

fn element_by_id(id: &str) -> Option<web_sys::Element> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .or_else(|| ROOTS.with(|r| r.borrow().iter().find_map(|s| s.get_element_by_id(id))))
}

/// Moves focus to the element with this id, on the next frame (after the DOM updated).
pub fn focus_id(id: String) {
    next_frame(Box::new(move || focus_now(&id)));
}

/// Moves focus to the element with this id, which is in the page already: at once, so a key
/// pressed right after goes to it, not to where focus was (a frame later, a second arrow key
/// on a loaded machine moved the wrong ranking row).
pub fn focus_now(id: &str) {
    if let Some(el) = element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// `f` as a JavaScript function to be called once. Every one-shot callback goes through this
/// one boxed type: each distinct closure given to `Closure::once_into_js` compiles its own
/// wrapper (about 800 bytes of wasm each).
fn once(f: Box<dyn FnOnce()>) -> JsValue {
    wasm_bindgen::closure::Closure::once_into_js(f)
}

/// Runs `f` once, before the next repaint.
pub fn next_frame(f: Box<dyn FnOnce()>) {
    if let Some(w) = web_sys::window() {
        let _ = w.request_animation_frame(once(f).unchecked_ref());
    }
}

/// An event handler, called through a vtable of this one method. A `dyn FnMut` vtable also
/// holds `call_once`, whose shim the wasm carries for each closure type (about 50 bytes, for
/// each of the widget's many handlers); every handler goes through [`handler`] instead.
pub trait Handler {
    fn handle(&mut self, ev: web_sys::Event);
}

impl<F: FnMut(web_sys::Event)> Handler for F {
    fn handle(&mut self, ev: web_sys::Event) {
        self(ev)
    }
}

/// `f` as the function given to `addEventListener`: one closure type for every handler.
pub fn handler(
    mut f: Box<dyn Handler>,
) -> wasm_bindgen::closure::Closure<dyn FnMut(web_sys::Event)> {
    wasm_bindgen::closure::Closure::wrap(Box::new(move |ev| f.handle(ev)))
}

/// A listener on the window, from [`on_window`]: it stays until [`WindowListener::remove`].
/// `Send`, as `on_cleanup` asks (the widget runs on one thread).
pub struct WindowListener {
    event: &'static str,
    f: send_wrapper::SendWrapper<wasm_bindgen::closure::Closure<dyn FnMut(web_sys::Event)>>,
}

/// Calls `f` on every `event` the window gets. Through [`handler`]: Leptos's
/// `window_event_listener` compiled its wrapper again for each closure.
pub fn on_window(event: &'static str, f: impl FnMut(web_sys::Event) + 'static) -> WindowListener {
    let f = handler(Box::new(f));
    if let Some(w) = web_sys::window() {
        let _ = w.add_event_listener_with_callback(event, f.as_ref().unchecked_ref());
    }
    WindowListener {
        event,
        f: send_wrapper::SendWrapper::new(f),
    }
}

impl WindowListener {
    /// Stops listening.
    pub fn remove(self) {
        if let Some(w) = web_sys::window() {
            let _ =
                w.remove_event_listener_with_callback(self.event, self.f.as_ref().unchecked_ref());
        }
    }

    /// Keeps listening for as long as the page lives.
    pub fn keep(self) {
        self.f.take().forget();
    }
}

/// The keys in local storage that start with `prefix`.
pub fn keys_with_prefix(prefix: &str) -> Vec<String> {
    let Some(s) = storage() else {
        return Vec::new();
    };
    let n = s.length().unwrap_or(0);
    (0..n)
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| k.starts_with(prefix))
        .collect()
}

/// Runs `f` once after `ms` milliseconds; returns the handle for [`clear_timeout`].
pub fn set_timeout(ms: u64, f: Box<dyn FnOnce()>) -> i32 {
    let cb = once(f);
    web_sys::window()
        .and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(
                cb.unchecked_ref(),
                i32::try_from(ms).unwrap_or(i32::MAX),
            )
            .ok()
        })
        .unwrap_or(0)
}

pub fn clear_timeout(handle: i32) {
    if let Some(w) = web_sys::window() {
        w.clear_timeout_with_handle(handle);
    }
}

#[wasm_bindgen::prelude::wasm_bindgen(module = "/src/browser.js")]
extern "C" {
    #[wasm_bindgen(js_name = post)]
    fn js_post(
        url: &str,
        body: &str,
        key: &str,
        auth: Option<String>,
        timeout_ms: f64,
        out: &js_sys::Object,
        done: &JsValue,
    );
    #[wasm_bindgen(js_name = holdLock)]
    fn js_hold_lock(name: &str, on_acquired: &JsValue) -> js_sys::Function;
    #[wasm_bindgen(js_name = channel)]
    fn js_channel(name: &str, on_message: &JsValue) -> js_sys::Function;
    #[wasm_bindgen(js_name = copyText)]
    fn js_copy_text(text: &str, done: &JsValue);
    /// Scrolls an element into view only as far as needed.
    pub fn reveal(el: &web_sys::Element);
    #[wasm_bindgen(js_name = showShortcuts)]
    fn js_show_shortcuts(anchor: &web_sys::Element, id: &str, lines: &str);
    #[wasm_bindgen(js_name = taskQueue)]
    fn js_task_queue(config: &JsValue) -> JsValue;
    /// A URL next to the widget's own files.
    #[wasm_bindgen(js_name = assetUrl)]
    pub fn asset_url(path: &str) -> String;
    /// The browser's preferred languages.
    #[wasm_bindgen(js_name = languages)]
    pub fn languages() -> Vec<String>;
    /// `Intl` number formatting (`digits` < 0: as needed) or, with `plural`, the category.
    #[wasm_bindgen(js_name = intl)]
    pub fn intl(tag: &str, n: f64, digits: i32, plural: bool) -> String;
    /// A date and time as the locale writes it, in the reader's time zone.
    #[wasm_bindgen(js_name = dateTime)]
    pub fn date_time(tag: &str, ms: f64) -> String;
    /// A promise that resolves as soon as the main thread is free again.
    fn breath() -> js_sys::Promise;
}

/// Gives the main thread back (input, painting), resuming as soon as it is free: a message to
/// the page itself, which browsers do not hold back 4 ms as they do nested timeouts.
pub async fn yield_now() {
    let _ = wasm_bindgen_futures::JsFuture::from(breath()).await;
}

/// Runs `on_acquired` once this tab holds the Web Lock `name`, so exactly one tab of an origin
/// does the work; calling the returned function lets the lock (or the waiting request) go. See
/// `browser.js` for the fallback.
pub fn hold_lock(name: &str, on_acquired: Box<dyn FnOnce()>) -> js_sys::Function {
    js_hold_lock(name, &once(on_acquired))
}

/// POSTs the JSON `body` with `Idempotency-Key: key` (and `Authorization` when given);
/// redirects never followed, abandoned after `timeout_ms`. Calls `done` once with what
/// happened, the server's words cut to one line of text.
pub fn post_json(
    url: &str,
    body: &str,
    key: &str,
    auth: Option<String>,
    timeout_ms: u64,
    done: impl FnOnce(Outcome) + 'static,
) {
    let out = js_sys::Object::new();
    let reply = out.clone();
    let cb = once(Box::new(move || {
        let field = |k: &str| js_sys::Reflect::get(&reply, &k.into()).unwrap_or_default();
        let text = |k: &str| field(k).as_string().unwrap_or_default();
        let status = field("status").as_f64().unwrap_or(0.0) as u16;
        done(match (status, text("error")) {
            // `browser.js` names why no answer came.
            (0, e) if e == "redirect" => Outcome::Redirected,
            (0, e) if e == "timeout" => Outcome::TimedOut,
            (0, _) => Outcome::Offline,
            _ => {
                let date = field("retryAfterDate").as_f64().filter(|d| *d != 0.0);
                Outcome::Response {
                    status,
                    retry_after_ms: retry_after_ms(
                        &text("retryAfter"),
                        now_ms(),
                        date.map(|d| d as i64),
                    ),
                    message: server_message(&text("text")),
                }
            }
        })
    }));
    js_post(url, body, key, auth, timeout_ms as f64, &out, &cb);
}

/// Joins the BroadcastChannel `name` (same origin, memory only): `on_message` gets what other
/// tabs post; the returned function (one text argument) posts to them and returns whether it
/// could.
pub fn channel(name: &str, on_message: impl FnMut(String) + 'static) -> js_sys::Function {
    let cb = wasm_bindgen::closure::Closure::<dyn FnMut(String)>::new(on_message);
    js_channel(name, &cb.into_js_value())
}

/// Writes text to the clipboard; `done` runs only if the browser allowed it.
pub fn copy_text(text: &str, done: Box<dyn FnOnce()>) {
    js_copy_text(text, &once(done));
}

/// The tasks the host queued after the first (its config's `tasks` list, then its `nextTask`
/// callback; see `browser.js`), pulled one at a time. `None` when the config queues nothing.
#[derive(Clone)]
pub struct TaskQueue(js_sys::Function);

impl TaskQueue {
    /// Whether a callback decides what comes after the listed tasks (so their count is not
    /// the queue's length).
    pub fn open_ended(&self) -> bool {
        js_sys::Reflect::get(&self.0, &"openEnded".into()).is_ok_and(|v| v.is_truthy())
    }
}

/// What one pull from a [`TaskQueue`] gave.
pub struct Pulled {
    /// The next task: `Ok(Some((true, url)))` for a URL, `Ok(Some((false, text)))` for the
    /// document itself, `Ok(None)` when none is left, `Err` when the host's callback failed.
    pub task: Result<Option<(bool, String)>, String>,
    /// Listed tasks still queued.
    pub remaining: u32,
    /// Whether another task may come after this one.
    pub more: bool,
}

impl TaskQueue {
    pub fn of(config: &JsValue) -> Option<TaskQueue> {
        js_task_queue(config).dyn_into().ok().map(TaskQueue)
    }

    /// Whether another task may come, and how many listed tasks are queued, before any pull.
    pub fn ahead(&self) -> (bool, u32) {
        let ask = |name: &str| {
            js_sys::Reflect::get(&self.0, &name.into())
                .ok()
                .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
                .and_then(|f| f.call0(&JsValue::NULL).ok())
                .unwrap_or_default()
        };
        (
            ask("more").is_truthy(),
            ask("remaining").as_f64().unwrap_or(0.0) as u32,
        )
    }

    /// The next task, once the host gave it.
    pub async fn pull(&self) -> Pulled {
        let out = js_sys::Object::new();
        if let Ok(p) = self.0.call1(&JsValue::NULL, &out) {
            let _ = JsFuture::from(js_sys::Promise::resolve(&p)).await;
        }
        let field = |k: &str| js_sys::Reflect::get(&out, &k.into()).unwrap_or_default();
        let task = match (field("error").as_string(), field("src").as_string()) {
            (Some(e), _) => Err(e),
            (None, Some(url)) => Ok(Some((true, url))),
            (None, None) => Ok(field("json").as_string().map(|t| (false, t))),
        };
        Pulled {
            task,
            remaining: field("remaining").as_f64().unwrap_or(0.0) as u32,
            more: field("more").is_truthy(),
        }
    }
}

/// Opens the keyboard shortcuts dialog of the widget around the element with DOM id `anchor`
/// (see `browser.js`); `lines`: title, close button, then key and meaning per shortcut.
pub fn show_shortcuts(anchor: &str, lines: &str) {
    if let Some(el) = element_by_id(anchor) {
        js_show_shortcuts(&el, anchor, lines);
    }
}
