// Browser glue that is smaller as JavaScript than as Rust: the delivery request and the
// sender lock. No decisions here: what a status means and when to retry are rubric-core's.

/**
 * POSTs `body` (JSON) to `url` with `Idempotency-Key: key` and, when given, `Authorization`.
 * Redirects are refused and the request is abandoned after `timeoutMs`. Calls
 * `done(status, retryAfter, retryAfterDateMs, text, error)` once: `status` 0 means no answer
 * arrived (`error` says why) and the request may or may not have been processed.
 */
export function post(url, body, key, auth, timeoutMs, done) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  const headers = { 'Content-Type': 'application/json', 'Idempotency-Key': key };
  if (auth) headers.Authorization = auth;
  fetch(url, { method: 'POST', body, headers, redirect: 'error', signal: abort.signal, credentials: 'same-origin' })
    .then(async (r) => {
      const after = r.headers.get('Retry-After') || '';
      // A 2xx with an unreadable body still counts as delivered.
      const text = await r.text().catch(() => '');
      clearTimeout(timer);
      done(r.status, after, Date.parse(after) || 0, text, '');
    })
    .catch(() => {
      clearTimeout(timer);
      done(0, '', 0, '', abort.signal.aborted
        ? `no answer within ${Math.round(timeoutMs / 1000)} s`
        : 'no connection to the server');
    });
}

/**
 * Runs `onAcquired` once this tab holds the Web Lock `name`, held for the life of the page, so
 * one tab sends. Without Web Locks (insecure origins, old browsers) it runs at once: every tab
 * then sends, which stays correct because sending with an idempotency key is safe to repeat.
 */
export function holdLock(name, onAcquired) {
  if (!navigator.locks) { onAcquired(); return; }
  navigator.locks.request(name, () => { onAcquired(); return new Promise(() => {}); });
}

/** Copies `text` to the clipboard; `done(ok)`. */
export function copyText(text, done) {
  navigator.clipboard ? navigator.clipboard.writeText(text).then(() => done(true), () => done(false)) : done(false);
}
