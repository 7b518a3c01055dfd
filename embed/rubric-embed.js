// The one module script a portal adds to use the widget:
//
//   <script type="module" src="https://widgets.example/rubric/embed/rubric-embed.js"></script>
//   <rubric-review rubric-src="/rubrics/hhh.json" task-src="/tasks/42.json"
//                  endpoint="/api/submissions" annotator="ann-7"></rubric-review>
//
// It registers <rubric-review>, <rubric-quiz>, <rubric-designer> and <rubric-report>. Each element renders in its own shadow root
// (the host page's CSS does not reach in; the documented --rw-* custom properties do), loads its
// mode's wasm on first use (a review page never downloads the quiz), and re-dispatches nothing:
// the widget's events (rubric-change, rubric-submit, rubric-delivered, rubric-failed,
// rubric-auth-needed, rubric-config-error, rubric-quiz-result) are composed and bubble out of
// the element with the JSON in `detail`. No inline script or style, no eval: it runs under
// `script-src 'self' 'wasm-unsafe-eval'; style-src 'self'`.

const ROOT = new URL('../', import.meta.url);
const BUNDLES = {
  review: { js: 'rubric-widget.js', wasm: 'rubric-widget_bg.wasm', css: ['widget.css'], mount: 'mountReview' },
  quiz: { js: 'quiz/rubric-quiz.js', wasm: 'quiz/rubric-quiz_bg.wasm', css: ['quiz/widget.css', 'quiz/quiz.css'], mount: 'mountQuiz' },
  designer: {
    js: 'designer/rubric-designer.js', wasm: 'designer/rubric-designer_bg.wasm',
    css: ['designer/widget.css', 'designer/quiz.css', 'designer/designer.css'], mount: 'mountDesigner',
  },
  report: {
    js: 'report/rubric-report.js', wasm: 'report/rubric-report_bg.wasm',
    css: ['report/widget.css', 'report/quiz.css', 'report/report.css'], mount: 'mountReport',
  },
};
const loaded = {};

/** The wasm module of a mode, started once per page. The wasm downloads and compiles while
 *  the glue module loads, not after it (its init takes the compiled module, or the response
 *  itself when it cannot be compiled as it streams: an error status, which init reports, or
 *  another type than application/wasm, which init reads whole). */
function load(mode) {
  const b = BUNDLES[mode];
  loaded[mode] ??= (() => {
    const wasm = fetch(new URL(b.wasm, ROOT)).then((r) =>
      r.ok && r.headers.get('content-type')?.split(';')[0].trim() === 'application/wasm' ? WebAssembly.compileStreaming(r) : r);
    wasm.catch(() => {}); // reported by init when the glue loads; moot when it does not
    return import(new URL(b.js, ROOT)).then(async (m) => {
      await m.default({ module_or_path: wasm });
      return m;
    }).catch((e) => {
      delete loaded[mode]; // the next mount tries again (the files may be back)
      throw e;
    });
  })();
  return loaded[mode];
}

/** Attribute name → config field: URLs (resolved against the page), text, numbers. */
const URLS = {
  'rubric-src': 'rubricSrc', 'task-src': 'taskSrc', 'quiz-src': 'quizSrc', 'submissions-src': 'submissionsSrc',
  endpoint: 'endpoint',
};
const TEXTS = {
  annotator: 'annotator', trainee: 'trainee', locale: 'locale', 'outbox-namespace': 'outboxNamespace', rater: 'rater',
};

class RubricElement extends HTMLElement {
  static observedAttributes = [...Object.keys(URLS), ...Object.keys(TEXTS), 'timeout-ms', 'queue-start', 'image-origins', 'theme'];
  #handle;
  #ticket = 0;
  #queued = false;
  #docs = {};
  #mountPoint;
  // The last `setAuthToken`, given again to every widget built: called before the first was
  // (right after the element was written), it was dropped, and the first submit refused.
  #authorization;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    for (const css of BUNDLES[this.constructor.mode].css) {
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = new URL(css, ROOT).href;
      root.append(link);
    }
    this.#mountPoint = document.createElement('div');
    root.append(this.#mountPoint);
  }

  connectedCallback() { this.#schedule(); }

  disconnectedCallback() {
    this.#ticket += 1;
    this.#handle?.unmount();
    this.#handle = undefined;
  }

  attributeChangedCallback(name) {
    // The theme is pure CSS (:host([theme])); everything else builds the widget again.
    if (name !== 'theme' && this.isConnected) this.#schedule();
  }

  /** Documents given as objects (or JSON text) instead of URLs. The attributes are mirrored
   *  as properties too (`el.rubricSrc = …` is `el.setAttribute('rubric-src', …)`). */
  get rubric() { return this.#docs.rubric; }
  set rubric(v) { this.#docs.rubric = v; this.#schedule(); }
  get task() { return this.#docs.task; }
  set task(v) { this.#docs.task = v; this.#schedule(); }
  get quiz() { return this.#docs.quiz; }
  set quiz(v) { this.#docs.quiz = v; this.#schedule(); }

  /** Discards the answers (and their saved draft) and starts afresh. */
  reset() {
    if (this.#handle?.reset) this.#handle.reset();
    else this.#schedule();
  }

  /** A bearer token for the endpoint; `null` removes it. Waiting submissions are sent again. */
  setAuthToken(token) {
    this.#authorization = token ? `Bearer ${token}` : null;
    this.#handle?.setAuthorization?.(this.#authorization);
  }

  /** Fields a mode adds to the config. */
  extraConfig() { return {}; }

  /** Builds the widget again with the current config (a mode's own property changed). */
  rebuild() { this.#schedule(); }

  /** Several attribute and property changes in one task build the widget once. */
  #schedule() {
    if (this.#queued) return;
    this.#queued = true;
    queueMicrotask(() => {
      this.#queued = false;
      if (this.isConnected) this.#mount();
    });
  }

  async #mount() {
    const ticket = ++this.#ticket;
    this.#preload();
    let m;
    try {
      m = await load(this.constructor.mode);
    } catch (e) {
      if (ticket === this.#ticket && this.isConnected) this.#failed(e);
      return;
    }
    if (ticket !== this.#ticket || !this.isConnected) return;
    this.#handle?.unmount();
    this.#mountPoint.replaceChildren();
    this.#handle = m[BUNDLES[this.constructor.mode].mount](this.#mountPoint, this.#config());
    if (this.#authorization !== undefined) this.#handle?.setAuthorization?.(this.#authorization);
  }

  /** The widget's own files did not load or start (a wrong path, a server error, a policy
   *  without 'wasm-unsafe-eval'): said in the element, in English (it is for the page's
   *  developers), and as `rubric-config-error`, never a blank box. */
  #failed(error) {
    const note = `The widget could not start: ${error?.message ?? error}`;
    // In the widget's own frame (`.rw`: its font and colours), with what a reviewer can do.
    const frame = document.createElement('div');
    frame.className = 'rw';
    const box = frame.appendChild(document.createElement('section'));
    box.className = 'rw-config-error';
    box.setAttribute('role', 'alert');
    box.dataset.testid = 'config-error';
    box.lang = 'en';
    box.dir = 'ltr';
    const help = document.createElement('p');
    help.textContent = 'The review form could not be loaded. Reload the page; if this happens again, tell the people who run this site.';
    const p = document.createElement('p');
    p.className = 'rw-notes';
    p.textContent = note;
    box.append(help, p);
    this.#handle?.unmount();
    this.#handle = undefined;
    this.#mountPoint.replaceChildren(frame);
    this.dispatchEvent(new CustomEvent('rubric-config-error', { bubbles: true, composed: true, detail: { notes: [note], problems: [] } }));
  }

  /** The documents download while the wasm does: a preload in the shadow root, which the
   *  widget's own fetch of the same URL (same mode and credentials) is served from. Only the
   *  current URLs keep a preload. The submissions of a report are read as a stream with their
   *  own headers, so they are not preloaded. */
  #preload() {
    const root = this.shadowRoot;
    const hrefs = ['rubric-src', 'task-src', 'quiz-src']
      .map((attr) => this.getAttribute(attr))
      .filter(Boolean)
      .map((v) => new URL(v, document.baseURI).href);
    const kept = new Set();
    for (const link of root.querySelectorAll('link[rel=preload]')) {
      if (hrefs.includes(link.href)) kept.add(link.href);
      else link.remove();
    }
    for (const href of hrefs) {
      if (kept.has(href)) continue;
      kept.add(href);
      const link = document.createElement('link');
      link.rel = 'preload';
      link.as = 'fetch';
      link.crossOrigin = 'anonymous';
      link.href = href;
      root.prepend(link);
    }
  }

  #config() {
    const config = {
      imageOrigins: (this.getAttribute('image-origins') || '').split(/\s+/).filter(Boolean),
      ...this.extraConfig(),
    };
    for (const [attr, field] of Object.entries(URLS)) {
      const v = this.getAttribute(attr);
      if (v !== null) config[field] = v === '' ? '' : new URL(v, document.baseURI).href;
    }
    for (const [attr, field] of Object.entries(TEXTS)) {
      const v = this.getAttribute(attr);
      if (v !== null) config[field] = v;
    }
    const timeout = Number(this.getAttribute('timeout-ms'));
    if (timeout > 0) config.timeoutMs = timeout;
    const start = Number(this.getAttribute('queue-start'));
    if (start > 0) config.queueStart = start;
    for (const [name, v] of Object.entries(this.#docs)) {
      if (v !== undefined && v !== null) config[`${name}Json`] = typeof v === 'string' ? v : JSON.stringify(v);
    }
    return config;
  }
}

// Every attribute as a property: rubricSrc, taskSrc, quizSrc, endpoint, annotator, trainee,
// locale, outboxNamespace, timeoutMs, imageOrigins, theme.
for (const attr of RubricElement.observedAttributes) {
  const prop = attr.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
  Object.defineProperty(RubricElement.prototype, prop, {
    get() { return this.getAttribute(attr); },
    set(v) { if (v === null || v === undefined) this.removeAttribute(attr); else this.setAttribute(attr, String(v)); },
  });
}

// The review: `tasks` (task URLs or objects reviewed after the first, in order) and `nextTask`
// (a function returning the next task, its URL or a promise of either; null when none is left).
customElements.define('rubric-review', class extends RubricElement {
  static mode = 'review';
  #queue = {};
  get tasks() { return this.#queue.tasks; }
  set tasks(v) { this.#queue.tasks = Array.isArray(v) ? v : undefined; this.rebuild(); }
  get nextTask() { return this.#queue.nextTask; }
  set nextTask(v) { this.#queue.nextTask = typeof v === 'function' ? v : undefined; this.rebuild(); }
  extraConfig() { return { ...this.#queue }; }
});
customElements.define('rubric-quiz', class extends RubricElement { static mode = 'quiz'; });
// The designer: `rubric` (the starting text or object) and `templates` ([{name, src}]).
customElements.define('rubric-designer', class extends RubricElement {
  static mode = 'designer';
  #templates = [];
  get templates() { return this.#templates; }
  set templates(v) { this.#templates = Array.isArray(v) ? v : []; this.reset(); }
  extraConfig() { return { templates: this.#templates }; }
});

// The agreement report: `rubric-src` and `submissions-src` (a receiver's listing is followed page
// by page); without both it offers to open files. `rater` shows one rater's own figures.
// `setAuthToken(token)` reads a listing that needs a reader token (the report is built again).
customElements.define('rubric-report', class extends RubricElement {
  static mode = 'report';
  #token = null;
  setAuthToken(token) { this.#token = token || null; this.rebuild(); }
  extraConfig() { return this.#token ? { authorization: `Bearer ${this.#token}` } : {}; }
});

/** The same for frameworks: mounts a widget into `element` (a light-DOM host you style). */
export async function mount(element, config, mode = 'review') {
  const m = await load(mode);
  return m[BUNDLES[mode].mount](element, config);
}
