// Browser glue that is smaller as JavaScript than as Rust: the delivery request and the
// sender lock. No decisions here: what a status means and when to retry are rubric-core's.

/**
 * POSTs `body` (JSON) to `url` with `Idempotency-Key: key` and, when given, `Authorization`.
 * A redirect is never followed (the payload goes nowhere but `url`); it is reported as
 * `error: 'redirect'`, since behind a portal it means an expired session sent to a login page.
 * The request is abandoned after `timeoutMs`. Fills `out` with `status`, `retryAfter`,
 * `retryAfterDate` (ms), `text` and `error`, then calls `done()` once: `status` 0 means no
 * answer arrived (`error` says why) and the request may or may not have been processed.
 * (One argument-less callback keeps the generated glue small.)
 */
export function post(url, body, key, auth, timeoutMs, out, done) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  const headers = { 'Content-Type': 'application/json', 'Idempotency-Key': key };
  if (auth) headers.Authorization = auth;
  fetch(url, { method: 'POST', body, headers, redirect: 'manual', signal: abort.signal, credentials: 'same-origin' })
    .then(async (r) => {
      if (r.type === 'opaqueredirect') {
        clearTimeout(timer);
        Object.assign(out, { status: 0, error: 'redirect' });
        done();
        return;
      }
      const after = r.headers.get('Retry-After') || '';
      // A 2xx with an unreadable body still counts as delivered.
      const text = await r.text().catch(() => '');
      clearTimeout(timer);
      Object.assign(out, { status: r.status, retryAfter: after, retryAfterDate: Date.parse(after) || 0, text });
      done();
    })
    .catch(() => {
      clearTimeout(timer);
      out.status = 0;
      // A code, put into words in the reviewer's language by the status view.
      out.error = abort.signal.aborted ? 'timeout' : 'offline';
      done();
    });
}

/**
 * Runs `onAcquired` once this tab holds the Web Lock `name`, held until the returned function
 * is called (which also withdraws a request still waiting), so one tab sends. Without Web Locks
 * (insecure origins, old browsers) it runs at once: every tab then sends, which stays correct
 * because sending with an idempotency key is safe to repeat.
 */
export function holdLock(name, onAcquired) {
  if (!navigator.locks) { onAcquired(); return () => {}; }
  const waiting = new AbortController();
  let release = () => {};
  navigator.locks
    .request(name, { signal: waiting.signal }, () => new Promise((r) => { release = r; onAcquired(); }))
    .catch(() => {});
  return () => { waiting.abort(); release(); };
}

/**
 * Joins the BroadcastChannel `name` (same origin, in memory only, never written to storage):
 * `onMessage(text)` gets what other tabs post; returns a function that posts `text` to them
 * and says whether it could. Without BroadcastChannel, posting does nothing and says false.
 */
export function channel(name, onMessage) {
  if (typeof BroadcastChannel !== 'function') return () => false;
  const c = new BroadcastChannel(name);
  c.onmessage = (e) => { if (typeof e.data === 'string') onMessage(e.data); };
  return (text) => { c.postMessage(text); return true; };
}

/** Copies `text` to the clipboard; calls `done()` only when that worked. */
export function copyText(text, done) {
  navigator.clipboard?.writeText(text).then(done, () => {});
}

/** Where the widget's own files are: next to the glue, which this file is bundled into by the
 *  release build (scripts/minify-glue.mjs); three folders up where it is loaded as
 *  `snippets/<crate>/src/browser.js` (the component tests). */
export function assetUrl(path) {
  return new URL(`${import.meta.url.includes('/snippets/') ? '../../../' : './'}${path}`, import.meta.url).href;
}

/** The browser's preferred languages, most preferred first. */
export function languages() {
  return navigator.languages?.length ? [...navigator.languages] : [navigator.language || 'en'];
}

/** The moment `ms` (since the epoch) as `tag` writes a date and time, in the reader's zone. */
export function dateTime(tag, ms) {
  return new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ms));
}

const formats = new Map();
/** `n` as `tag` writes it (`digits`: exact fraction digits, or -1 for as many as needed), and
 *  when `plural` is set, its plural category instead. Formatters are made once per tag. */
export function intl(tag, n, digits, plural) {
  const k = `${tag} ${digits} ${plural}`;
  if (!formats.has(k)) {
    const opts = digits < 0 ? {} : { minimumFractionDigits: digits, maximumFractionDigits: digits };
    formats.set(k, plural ? new Intl.PluralRules(tag) : new Intl.NumberFormat(tag, opts));
  }
  const f = formats.get(k);
  return plural ? f.select(n) : f.format(n);
}

/**
 * The tasks after the first, from the host's config: `tasks` (task URLs or task objects, in
 * order), then `nextTask()` (returns a task, a task URL or a promise of one; null or undefined
 * when there are no more). Null when the config gives neither; else `pull(out)`, which fills
 * `out` with the next task's `src` (a URL) or `json` (its text), or nothing when none is left,
 * or `error`; with `remaining` (listed tasks still queued) and `more` (whether another may
 * come), and returns a promise that settles once `out` is filled. `pull.more()` and
 * `pull.remaining()` tell the same before any pull.
 */
export function taskQueue(config) {
  const listed = Array.isArray(config?.tasks) ? [...config.tasks] : [];
  const more = typeof config?.nextTask === 'function' ? config.nextTask.bind(config) : null;
  // A listed queue, even one used up (a host resuming at its last task), is a queue: its
  // place is shown and `rubric-queue-empty` comes.
  if (!Array.isArray(config?.tasks) && !more) return null;
  const pull = (out) => Promise.resolve()
    .then(() => (listed.length ? listed.shift() : more?.()))
    .then((t) => {
      if (typeof t === 'string') out.src = t;
      else if (t != null) out.json = JSON.stringify(t);
    }, (e) => { out.error = String(e?.message ?? e); })
    .then(() => { out.remaining = listed.length; out.more = listed.length > 0 || !!more; });
  pull.more = () => listed.length > 0 || !!more;
  pull.remaining = () => listed.length;
  pull.openEnded = !!more;
  return pull;
}

/**
 * Opens the keyboard shortcuts dialog of the widget around `anchor`, made on first use:
 * `lines` is the title, the close button's text, then pairs of keys and what they do, one per
 * line. A native modal `<dialog>` keeps focus inside and closes on Escape. Closed, it gives
 * focus back to what had it, or, opened by `?` with nothing focused, to the dialog's button
 * (`anchor`): the browser's own restoring would leave focus nowhere, and the next Tab went on
 * from where the dialog sits, at the widget's end. Built here rather than as a view: it is
 * static text, and as DOM calls from JavaScript it costs a fraction of the wasm a view would.
 */
export function showShortcuts(anchor, id, lines) {
  const root = anchor.closest('.rw') || anchor.parentNode;
  let dialog = root.querySelector(':scope > .rw-dialog');
  if (!dialog) {
    const [title, close, ...rows] = lines.split('\n');
    const el = (tag, cls, text) => {
      const e = document.createElement(tag);
      if (cls) e.className = cls;
      if (text) e.textContent = text;
      return e;
    };
    dialog = el('dialog', 'rw-dialog');
    dialog.setAttribute('aria-labelledby', `${id}-title`);
    dialog.dataset.testid = 'shortcuts';
    const h = el('h2', 'rw-title', title);
    h.id = `${id}-title`;
    const list = el('dl', 'rw-keys');
    for (let i = 0; i + 1 < rows.length; i += 2) {
      const row = el('div');
      row.append(el('dt'), el('dd', '', rows[i + 1]));
      // One box per key or chord, so "Ctrl + Enter" never wraps inside a box.
      rows[i].split(', ').forEach((k, j) => {
        if (j) row.firstChild.append(' / ');
        row.firstChild.append(el('kbd', 'rw-kbd', k));
      });
      list.append(row);
    }
    const form = el('form');
    form.method = 'dialog';
    form.append(el('button', 'rw-button', close));
    dialog.append(h, list, form);
    root.append(dialog);
    dialog.addEventListener('close', () => {
      const back = dialog.returnTo;
      dialog.returnTo = null;
      (back && back.isConnected && root.contains(back) ? back : anchor).focus();
    });
  }
  if (!dialog.open) {
    // The focused element in the widget's own tree (the shadow root's, when it is embedded).
    dialog.returnTo = root.getRootNode().activeElement;
    dialog.showModal();
  }
}

/** Scrolls `el` into view only as far as needed (a question a hotkey just answered). */
export function reveal(el) {
  el.scrollIntoView({ block: 'nearest' });
}

// Gives the main thread back (input, painting) and resumes as soon as it is free: a message
// to ourselves, which browsers do not throttle to 4 ms as they do nested timeouts.
export function breath() {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(0);
  });
}
