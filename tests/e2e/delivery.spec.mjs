// Delivery (docs/promises.md P2–P4, the protocol and the status table) against the real
// receiver with a real SQLite file: each test starts its own receiver with the fault it needs,
// and checks that every submitted form is stored exactly once, none is lost, and the reviewer
// saw the right state.
import { test, expect } from '@playwright/test';
import { startReceiver } from './receiver.mjs';

const FORM = 'rubric=/fixtures/one-question-rubric.json&task=/fixtures/one-question-task.json';

/** Opens the one-question form served by `server`, answers it and submits; returns the id. */
async function submitOne(page, server, extra = '') {
  await page.goto(`${server.url}/?${FORM}${extra}`);
  await page.evaluate(() => {
    window.__events = [];
    for (const name of ['rubric-submit', 'rubric-delivered', 'rubric-failed', 'rubric-auth-needed']) {
      document.addEventListener(name, (e) => window.__events.push({ name, detail: e.detail }));
    }
  });
  await page.locator('fieldset[data-criterion="quality"] label.rw-card').nth(2).click();
  await page.getByTestId('submit').click();
  await expect(page.getByTestId('done')).toBeVisible();
  return page.evaluate(() => window.__events.find((e) => e.name === 'rubric-submit').detail.submission_id);
}

const status = (page) => page.getByTestId('done').getByTestId('delivery-status');

/**
 * A colour of the design system (the custom properties at the top of style/widget.css) as the
 * browser computes it inside the widget, so tests name a state, not an RGB value.
 */
const token = (page, name) => page.getByTestId('rubric-widget').evaluate((el, n) => {
  const probe = el.appendChild(document.createElement('span'));
  probe.style.color = `var(${n})`;
  const colour = getComputedStyle(probe).color;
  probe.remove();
  return colour;
}, name);

/** The design system's four states, each a strong colour (border) and a pale one (background). */
const STATES = {
  success: ['--rw-ok', '--rw-ok-bg'],
  waiting: ['--rw-warn', '--rw-warn-bg'],
  failed: ['--rw-error', '--rw-error-bg'],
  needs_action: ['--rw-accent', '--rw-selected-bg'],
};

/** Expects the box `loc` to wear state `name`'s colours: its background and its border. */
async function expectState(page, loc, name) {
  const [strong, pale] = STATES[name];
  await expect(loc).toHaveCSS('background-color', await token(page, pale));
  await expect(loc).toHaveCSS('border-top-color', await token(page, strong));
}
const events = (page, name) => page.evaluate((n) => window.__events.filter((e) => e.name === n), name);

/** Exactly these ids are stored, each once. */
async function expectStoredOnce(server, ids) {
  const rows = await server.stored();
  expect(rows.map((r) => r.submission_id).sort()).toEqual([...ids].sort());
}

let server;
test.afterEach(async () => { await server?.stop(); server = undefined; });

test('the demo delivers a review: stored once, "Submitted" only after the server has it', async ({ page }) => {
  server = await startReceiver();
  const id = await submitOne(page, server);
  await expect(status(page)).toHaveAttribute('data-state', 'delivered');
  await expect(status(page)).toContainText('Submitted: the server has your review.');
  await expectStoredOnce(server, [id]);
  const [row] = await server.stored();
  expect(row.submission.answers.quality).toEqual({ type: 'rating', value: 3 });
  expect(await events(page, 'rubric-delivered')).toEqual([{ name: 'rubric-delivered', detail: { submission_id: id } }]);
  // What stays on the device is a tombstone without the answers, so a long session never
  // fills the storage quota.
  const kept = JSON.parse(await page.evaluate((k) => localStorage.getItem(k), `rubric-outbox:v2:${id}`));
  expect(kept).toMatchObject({ id, status: 'delivered', body: '' });
  // The outbox is empty again after a reload.
  await page.reload();
  await expect(page.getByTestId('rubric-widget')).toBeVisible();
  await expect(page.getByTestId('outbox')).toHaveCount(0);
});

test('500s then success: retried with backoff until stored', async ({ page }) => {
  server = await startReceiver(['--fail-first', '2', '--fail-status', '500']);
  const id = await submitOne(page, server);
  await expect(status(page)).toHaveAttribute('data-state', 'delivered', { timeout: 15_000 });
  expect(server.posts().map((p) => p.outcome)).toEqual(['500', '500', '201']);
  await expectStoredOnce(server, [id]);
});

test('lost acknowledgement: stored, connection dropped, sent again with the same id, stored once', async ({ page }) => {
  server = await startReceiver(['--drop-after-store-first', '1']);
  const id = await submitOne(page, server);
  await expect(status(page)).toHaveAttribute('data-state', 'delivered', { timeout: 15_000 });
  // The replay of the stored id is answered 200 with the stored result.
  expect(server.posts()).toEqual([
    { key: id, outcome: 'stored, connection dropped' },
    { key: id, outcome: '200' },
  ]);
  await expectStoredOnce(server, [id]);
});

test('a hung request is abandoned after the timeout and retried', async ({ page }) => {
  server = await startReceiver(['--hang-first', '1']);
  const started = Date.now();
  const id = await submitOne(page, server, '&timeout_ms=1500');
  await expect(status(page)).toHaveAttribute('data-state', 'delivered', { timeout: 15_000 });
  expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
  expect(server.posts()).toEqual([{ key: id, outcome: 'hanging' }, { key: id, outcome: '201' }]);
  await expectStoredOnce(server, [id]);
});

test('429 with Retry-After: the retry waits as long as the server asked', async ({ page }) => {
  server = await startReceiver(['--retry-after-first', '1', '--retry-after', '2']);
  const times = [];
  page.on('request', (r) => { if (r.method() === 'POST') times.push(Date.now()); });
  const id = await submitOne(page, server);
  await expect(status(page)).toContainText('HTTP 429');
  // Waiting is not success: the box is green only once the server has the review.
  const done = page.getByTestId('done');
  await expect(done).toHaveCSS('background-color', 'rgb(255, 248, 225)');
  await expectState(page, done, 'waiting');
  await expect(status(page)).toHaveAttribute('data-state', 'delivered', { timeout: 15_000 });
  await expect(done).toHaveCSS('background-color', 'rgb(236, 253, 243)');
  await expectState(page, done, 'success');
  // One set of state colours: four states, four different colours, in either theme.
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const i of [0, 1]) {
      const colours = await Promise.all(Object.values(STATES).map((s) => token(page, s[i])));
      expect(new Set(colours).size).toBe(4);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  expect(times).toHaveLength(2);
  expect(times[1] - times[0]).toBeGreaterThanOrEqual(1_900);
  await expectStoredOnce(server, [id]);
});

test('offline at submit: kept on the device, sent when the browser is back online', async ({ page, context }) => {
  server = await startReceiver();
  await page.goto(`${server.url}/?${FORM}`);
  await page.locator('fieldset[data-criterion="quality"] label.rw-card').nth(0).click();
  await context.setOffline(true);
  await page.getByTestId('submit').click();
  await expect(status(page)).toHaveAttribute('data-state', 'queued');
  await expect(status(page)).toContainText('Saved on this device, not delivered yet (no connection to the server)');
  expect(await server.stored()).toEqual([]);
  await context.setOffline(false);
  await expect(status(page)).toHaveAttribute('data-state', 'delivered', { timeout: 10_000 });
  expect(await server.stored()).toHaveLength(1);
});

test('reload while queued: the submission survives and is sent by the reloaded page', async ({ page }) => {
  // The first answer asks for a retry in 60 s; the reload must not wait for it, nor lose it.
  server = await startReceiver(['--retry-after-first', '1', '--retry-after', '60']);
  const id = await submitOne(page, server);
  await expect(status(page)).toContainText('HTTP 429');
  await page.reload();
  const entry = page.getByTestId('outbox-entry');
  await expect(entry).toHaveAttribute('data-state', 'delivered', { timeout: 10_000 });
  // Named by what the reviewer read, then when; the task's id is there, but second.
  await expect(entry.locator('strong')).toHaveText('Say hello.');
  const when = await page.evaluate(() => new Intl.DateTimeFormat('en', { dateStyle: 'medium' }).format(new Date()));
  await expect(entry.locator('.rw-entry-meta')).toContainText(when);
  await expect(entry.locator('.rw-entry-meta')).toContainText('task-one');
  await expectStoredOnce(server, [id]);
});

test('reload while in flight: sent again with the same id, stored once', async ({ page }) => {
  server = await startReceiver(['--hang-first', '1']);
  const id = await submitOne(page, server);
  await expect(status(page)).toHaveAttribute('data-state', 'sending');
  await page.reload();
  await expect(page.getByTestId('outbox-entry')).toHaveAttribute('data-state', 'delivered', { timeout: 10_000 });
  await expectStoredOnce(server, [id]);
});

test('a double click on Submit is one submission', async ({ page }) => {
  server = await startReceiver();
  await page.goto(`${server.url}/?${FORM}`);
  await page.locator('fieldset[data-criterion="quality"] label.rw-card').nth(1).click();
  await page.getByTestId('submit').dblclick();
  await expect(status(page)).toHaveAttribute('data-state', 'delivered');
  expect(await server.stored()).toHaveLength(1);
});

test('two tabs: one sends for both, each sees its own review delivered', async ({ context }) => {
  server = await startReceiver(['--fail-first', '1', '--fail-status', '503']);
  const [a, b] = [await context.newPage(), await context.newPage()];
  const idA = await submitOne(a, server, '&annotator=first');
  const idB = await submitOne(b, server, '&annotator=second');
  await expect(status(a)).toHaveAttribute('data-state', 'delivered', { timeout: 15_000 });
  await expect(status(b)).toHaveAttribute('data-state', 'delivered', { timeout: 15_000 });
  await expectStoredOnce(server, [idA, idB]);
});

test('storage that throws: the reviewer is told first, and the review is still delivered', async ({ page }) => {
  server = await startReceiver();
  await page.addInitScript(() => {
    Storage.prototype.setItem = () => { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
  });
  await page.goto(`${server.url}/?${FORM}`);
  await expect(page.getByTestId('storage-warning')).toBeVisible();
  await page.locator('fieldset[data-criterion="quality"] label.rw-card').nth(2).click();
  await page.getByTestId('submit').click();
  await expect(status(page)).toHaveAttribute('data-state', 'delivered');
  expect(await server.stored()).toHaveLength(1);
});

test('refused for good: the server\'s message as text, the answers downloadable, the host told', async ({ page }) => {
  server = await startReceiver(['--fail-first', '1', '--fail-status', '422']);
  const id = await submitOne(page, server);
  await expect(status(page)).toHaveAttribute('data-state', 'failed');
  await expectState(page, page.getByTestId('done'), 'failed');
  await expect(status(page)).toContainText('The server refused this review: the receiver was told to fail this request');
  const [failed] = await events(page, 'rubric-failed');
  expect(failed.detail.submission_id).toBe(id);
  expect(failed.detail.submission.answers.quality.value).toBe(3);
  const [download] = await Promise.all([page.waitForEvent('download'), status(page).getByTestId('download').click()]);
  expect(download.suggestedFilename()).toBe(`submission-${id}.json`);
  const saved = JSON.parse(await (await import('node:fs')).promises.readFile(await download.path(), 'utf8'));
  expect(saved.submission_id).toBe(id);
  // Still there after a reload, until the reviewer removes it.
  await page.reload();
  const entry = page.getByTestId('outbox-entry');
  await expect(entry).toHaveAttribute('data-state', 'failed');
  // The outbox list marks each entry with the same state colours.
  await expect(entry).toHaveCSS('border-inline-start-color', await token(page, '--rw-error'));
  // Removing deletes the only copy: asked first, and "Keep them" keeps them.
  await entry.getByRole('button', { name: 'Remove from this device' }).click();
  await expect(entry).toContainText('This deletes your answers from this device.');
  await expect(entry.getByRole('button', { name: 'Keep them' })).toBeFocused();
  await entry.getByRole('button', { name: 'Keep them' }).click();
  await expect(entry.getByRole('button', { name: 'Remove from this device' })).toBeFocused();
  await expect(entry).toHaveAttribute('data-state', 'failed');
  await entry.getByRole('button', { name: 'Remove from this device' }).click();
  await entry.getByRole('button', { name: 'Remove for good' }).click();
  await expect(page.getByTestId('outbox')).toHaveCount(0);
  expect(await server.stored()).toEqual([]);
});

test('401: kept and paused, the host is asked for credentials', async ({ page }) => {
  server = await startReceiver(['--fail-first', '1', '--fail-status', '401']);
  const id = await submitOne(page, server);
  await expect(status(page)).toHaveAttribute('data-state', 'needs_auth');
  // Signing in again is the reviewer's to do: the colour of what they can act on.
  await expectState(page, page.getByTestId('done'), 'needs_action');
  expect(await events(page, 'rubric-auth-needed')).toEqual([{ name: 'rubric-auth-needed', detail: { submission_id: id } }]);
  expect(await server.stored()).toEqual([]);
  await status(page).getByRole('button', { name: 'Try again now' }).click();
  await expect(status(page)).toHaveAttribute('data-state', 'delivered');
  await expectStoredOnce(server, [id]);
});

test('409 (the key is still being processed) is retried, never taken as delivered', async ({ page }) => {
  server = await startReceiver(['--fail-first', '1', '--fail-status', '409']);
  const id = await submitOne(page, server);
  await expect(status(page)).toHaveAttribute('data-state', 'delivered', { timeout: 15_000 });
  expect(server.posts().map((p) => p.outcome)).toEqual(['409', '201']);
  await expectStoredOnce(server, [id]);
});

test('a redirect to a login page asks for credentials, it is neither followed nor "offline"', async ({ page }) => {
  server = await startReceiver();
  let redirects = 0;
  await page.route('**/api/submissions', (route) => {
    if (route.request().method() === 'POST' && redirects++ === 0) {
      return route.fulfill({ status: 302, headers: { Location: `${server.url}/login` } });
    }
    return route.continue();
  });
  const id = await submitOne(page, server);
  await expect(status(page)).toHaveAttribute('data-state', 'needs_auth');
  await expectState(page, page.getByTestId('done'), 'needs_action');
  expect(await events(page, 'rubric-auth-needed')).toEqual([{ name: 'rubric-auth-needed', detail: { submission_id: id } }]);
  await expect(status(page)).toContainText('Your sign-in has expired or was not accepted.');
  expect(await server.stored()).toEqual([]);
  // By keyboard: the button goes away with its state, and focus stays on the status.
  await status(page).getByRole('button', { name: 'Try again now' }).focus();
  await page.keyboard.press('Enter');
  await expect(status(page)).toHaveAttribute('data-state', 'delivered');
  await expect(status(page)).toBeFocused();
  await expectStoredOnce(server, [id]);
});

test('the portal changed its endpoint: a queued review still goes where it was submitted', async ({ page }) => {
  // The first answer asks for a retry in 60 s, so the review is still queued when the page goes.
  server = await startReceiver(['--retry-after-first', '1', '--retry-after', '60']);
  const posted = [];
  page.on('request', (r) => { if (r.method() === 'POST') posted.push(new URL(r.url()).search); });
  await submitOne(page, server, '&endpoint=api/submissions?portal=1');
  await expect(status(page)).toContainText('HTTP 429');
  await page.goto(`${server.url}/?${FORM}&endpoint=api/submissions?portal=2`);
  await expect(page.getByTestId('outbox-entry')).toHaveAttribute('data-state', 'delivered', { timeout: 10_000 });
  expect(posted).toEqual(['?portal=1', '?portal=1']);
  expect(await server.stored()).toHaveLength(1);
});

test('a shared device: the next person neither sees nor sends the previous one\'s reviews', async ({ page }) => {
  // Each first answer asks for a retry in 60 s: the reviews are still queued when people change.
  server = await startReceiver(['--retry-after-first', '2', '--retry-after', '60']);
  let posts = 0;
  page.on('request', (r) => { if (r.method() === 'POST') posts += 1; });
  for (const who of ['&annotator=ann', '&outbox_namespace=user-1']) {
    await submitOne(page, server, who);
    await expect(status(page)).toContainText('HTTP 429');
  }
  expect(posts).toBe(2);
  // Someone else (another annotator id; the same id in another namespace) opens the portal.
  for (const who of ['&annotator=bob', '&outbox_namespace=user-2']) {
    await page.goto(`${server.url}/?${FORM}${who}`);
    await expect(page.getByTestId('rubric-widget')).toBeVisible();
    await page.waitForTimeout(1_000);
    await expect(page.getByTestId('outbox')).toHaveCount(0);
  }
  expect(posts).toBe(2);
  expect(await server.stored()).toEqual([]);
  // Each owner's page sends their own.
  for (const who of ['&annotator=ann', '&outbox_namespace=user-1']) {
    await page.goto(`${server.url}/?${FORM}${who}`);
    await expect(page.getByTestId('outbox-entry')).toHaveAttribute('data-state', 'delivered', { timeout: 10_000 });
  }
  const rows = await server.stored();
  expect(rows.map((r) => r.submission.annotator).sort()).toEqual(['ann', 'demo-reviewer']);
});

test('storage full at submit: the draft stays until the review is stored or delivered', async ({ page }) => {
  // A 429 asking for 3 s holds the waiting state long enough to be seen (a 503's first retry
  // is jittered between 0 and 1 s, and could come before the check).
  server = await startReceiver(['--retry-after-first', '1', '--retry-after', '3']);
  await page.addInitScript(() => {
    const set = Storage.prototype.setItem;
    Storage.prototype.setItem = function (k, v) {
      if (String(k).startsWith('rubric-outbox:')) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return set.call(this, k, v);
    };
  });
  const drafts = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('rubric-widget:draft:')).length);
  await submitOne(page, server);
  await expect(status(page)).toContainText('HTTP 429');
  await expect(status(page)).toContainText('keep this page open');
  expect(await drafts()).toBe(1);
  await expect(status(page)).toHaveAttribute('data-state', 'delivered', { timeout: 15_000 });
  expect(await drafts()).toBe(0);
});

test('a shared device: people a portal calls by one id keep their own drafts', async ({ page }) => {
  server = await startReceiver();
  const answer = page.locator('fieldset[data-criterion="quality"] input').nth(1);
  await page.goto(`${server.url}/?${FORM}&annotator=anonymous&outbox_namespace=user-1`);
  await page.locator('fieldset[data-criterion="quality"] label.rw-card').nth(1).click();
  await expect(answer).toBeChecked();
  await page.goto(`${server.url}/?${FORM}&annotator=anonymous&outbox_namespace=user-2`);
  await expect(page.getByTestId('rubric-widget')).toBeVisible();
  await expect(page.getByTestId('draft-restored')).toHaveCount(0);
  await expect(answer).not.toBeChecked();
  await page.goto(`${server.url}/?${FORM}&annotator=anonymous&outbox_namespace=user-1`);
  await expect(page.getByTestId('draft-restored')).toBeVisible();
  await expect(answer).toBeChecked();
});
