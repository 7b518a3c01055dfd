// Embedding (issue 6): the example host pages under examples/embed/, each against a real
// receiver: custom elements with events and delivery, isolation from the host's CSS, theming
// through custom properties, the iframe mode's origin checks, and a strict CSP.
import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startReceiver, STRICT_CSP } from './receiver.mjs';

let server;
test.afterEach(async () => { await server?.stop(); server = undefined; });

/** Answers the content-moderation form inside `widget` (a locator of the custom element). */
async function answerModeration(widget) {
  await widget.locator('fieldset[data-criterion="verdict"] label.rw-card').first().click();
}

test('two widgets on one portal page: independent, each emits its events and delivers once', async ({ page }) => {
  server = await startReceiver();
  await page.goto(`${server.url}/examples/embed/portal.html`);
  const first = page.locator('#review-1');
  const second = page.locator('#review-2');
  await expect(first.getByTestId('rubric-widget')).toBeVisible();
  await expect(second.getByTestId('rubric-widget')).toBeVisible();

  // A hotkey pressed in the first widget changes only the first.
  await first.locator('fieldset[data-criterion="helpfulness"] .rw-card-input').first().focus();
  await page.keyboard.press('4');
  await expect(first.locator('fieldset[data-criterion="helpfulness"] .rw-card-input').nth(3)).toBeChecked();
  await expect(page.locator('#log li[data-event="rubric-change"][data-widget="review-1"]')).not.toHaveCount(0);
  await expect(page.locator('#log li[data-widget="review-2"]')).toHaveCount(0);

  await answerModeration(second);
  await second.getByTestId('submit').click();
  await expect(second.getByTestId('delivery-status')).toHaveAttribute('data-state', 'delivered');
  await expect(page.locator('#log li[data-event="rubric-submit"][data-widget="review-2"]')).toHaveCount(1);
  await expect(page.locator('#log li[data-event="rubric-delivered"][data-widget="review-2"]')).toHaveCount(1);
  await expect(first.getByTestId('submit')).toBeVisible();
  // The second widget's submission is the second widget's to show.
  await expect(first.getByTestId('outbox')).toHaveCount(0);
  const stored = await server.stored();
  expect(stored).toHaveLength(1);
  expect(stored[0].submission.rubric.id).toBe('content-moderation');

  // reset() discards the first widget's answers.
  await first.evaluate((el) => el.reset());
  await expect(first.locator('fieldset[data-criterion="helpfulness"] .rw-card-input').nth(3)).not.toBeChecked();
});

test("the host page's CSS does not leak in; the documented custom properties do", async ({ page }) => {
  server = await startReceiver();
  await page.goto(`${server.url}/examples/embed/portal.html`);
  const plain = page.locator('#review-1');
  const themed = page.locator('#review-2');
  await expect(plain.getByTestId('rubric-widget')).toBeVisible();
  await expect(themed.getByTestId('rubric-widget')).toBeVisible();
  const style = (loc, prop) => loc.evaluate((el, p) => getComputedStyle(el)[p], prop);
  const title = plain.locator('.rw-title');
  expect(await style(title, 'color')).not.toBe('rgb(139, 0, 0)');
  expect(await style(title, 'textTransform')).toBe('none');
  expect(await style(plain.locator('.rw-form'), 'fontFamily')).not.toContain('Times');
  expect(await style(plain.getByTestId('submit'), 'backgroundColor')).not.toBe('rgb(255, 105, 180)');
  // The themed widget's accent is the host's value; the plain one keeps the default.
  expect(await style(themed.getByTestId('submit'), 'backgroundColor')).toBe('rgb(209, 110, 224)');
  expect(await style(plain.getByTestId('submit'), 'backgroundColor')).not.toBe('rgb(209, 110, 224)');
  // theme="dark" on the element makes that widget dark in a light page.
  expect(await style(themed.getByTestId('rubric-widget'), 'backgroundColor')).toBe('rgb(13, 17, 23)');
  expect(await style(plain.getByTestId('rubric-widget'), 'backgroundColor')).toBe('rgb(255, 255, 255)');
  // At 320 px the widget still fits its container.
  await page.setViewportSize({ width: 320, height: 800 });
  const overflow = await plain.evaluate((el) => el.shadowRoot.querySelector('.rw').scrollWidth - el.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('under a strict CSP a full review, a full quiz, the designer and the report run with no policy violation', async ({ page }) => {
  server = await startReceiver(['--csp', STRICT_CSP]);
  const violations = [];
  page.on('console', (m) => { if (/Content Security Policy|Refused to/.test(m.text())) violations.push(m.text()); });
  // Nothing the page asks for is missing.
  const missing = [];
  page.on('response', (r) => { if (r.status() >= 400) missing.push(`${r.status()} ${r.url()}`); });
  const resp = await page.goto(`${server.url}/examples/embed/strict-csp.html`);
  // The receiver adds who may frame its pages (itself, without --frame-ancestor).
  expect(resp.headers()['content-security-policy']).toBe(`${STRICT_CSP}; frame-ancestors 'self'`);
  const review = page.locator('#review');
  await expect(review.getByTestId('rubric-widget')).toBeVisible();
  await answerModeration(review);
  await review.getByTestId('submit').click();
  await expect(review.getByTestId('delivery-status')).toHaveAttribute('data-state', 'delivered');

  const quiz = page.locator('#quiz');
  await expect(quiz.getByTestId('quiz-step')).toHaveText('Item 1 of 12');
  for (let n = 1; n <= 12; n++) {
    for (const id of ['helpfulness', 'honesty', 'harmlessness']) {
      await quiz.locator(`fieldset[data-criterion="${id}"] label.rw-card`).nth(3).click();
    }
    await quiz.locator('fieldset[data-criterion="issues"]').getByLabel('None of these').check();
    await quiz.getByTestId('submit').click();
    await quiz.getByTestId('quiz-next').click();
  }
  await expect(quiz.getByTestId('quiz-results')).toBeVisible();
  await expect(quiz.getByTestId('confusion-matrix').first()).toBeVisible();
  await expect.poll(async () => (await (await fetch(`${server.url}/api/quiz-results`)).json()).length).toBe(1);
  // The designer on the same page: it checks, lints and previews under the same policy.
  const designer = page.locator('#designer');
  await expect(designer.getByTestId('designer-status')).toHaveText('No problems found.');
  await expect(designer.getByTestId('designer-preview').locator('.rw-title')).toHaveText('My rubric');
  await designer.getByTestId('designer-share').click();
  await expect(designer.getByTestId('designer-link')).toHaveValue(/#rubric=/);
  // Its suggestions are put at the caret under the same policy (no `style` attribute).
  const code = designer.getByTestId('designer-editor');
  await code.focus();
  await code.evaluate((el) => { const i = el.value.indexOf('\n', el.value.indexOf('"title"')); el.setSelectionRange(i, i); });
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+Space');
  await expect(designer.getByTestId('designer-suggestions')).toBeVisible();
  expect(await designer.getByTestId('designer-suggestions').evaluate((l) => l.style.top)).toMatch(/px$/);
  await page.keyboard.press('Escape');
  // The agreement report on the same page, built again now that the review is stored: one
  // rating cannot agree with anything, and the report says why instead of showing a number.
  const report = page.locator('#report');
  await expect(report.getByTestId('report-read')).toContainText('No submission for this rubric');
  await report.evaluate((e) => e.setAttribute('locale', 'en'));
  await expect(report.getByTestId('report-read')).toContainText('1 submission on 1 task, from 1 person and no model judge.');
  await expect(report.locator('[data-criterion="verdict"]').getByTestId('variable-alpha')).toContainText('undefined: ');
  const download = page.waitForEvent('download');
  await report.getByTestId('export-answers-csv').click();
  expect((await (await download).path())).toBeTruthy();
  await expect(page.getByTestId('violations')).toHaveText('0');
  expect(violations).toEqual([]);
  expect(missing).toEqual([]);
  // Its icon is its own (headless Chromium asks for none; a browser without one asks for
  // /favicon.ico, a 404, and a data: icon would be refused by this policy).
  expect(await page.evaluate(async () => (await fetch(document.querySelector('link[rel=icon]').href)).status)).toBe(200);
});

test('iframe mode: configured by postMessage from the allowed parent only, events back to it', async ({ page }) => {
  server = await startReceiver();
  await page.goto(`${server.url}/examples/embed/iframe-portal.html`);
  const frame = page.frameLocator('[data-testid="frame"]');
  await expect(frame.getByTestId('rubric-widget')).toBeVisible();
  await expect(page.locator('#log li[data-type="ready"]')).toHaveCount(1);
  await frame.locator('fieldset[data-criterion="preference"] label.rw-card').nth(1).click();
  await frame.locator('fieldset[data-criterion="deciding_factor"] label.rw-card').first().click();
  await frame.locator('fieldset[data-criterion="rationale"] textarea').fill('A is correct and B is not, on the main point.');
  await frame.getByTestId('submit').click();
  await expect(page.locator('#log li[data-event="rubric-delivered"]')).toHaveCount(1);
  await expect(page.locator('#log li[data-event="rubric-submit"]')).toHaveCount(1);
  expect(await server.stored()).toHaveLength(1);
});

test('iframe mode: a message from a wrong origin changes nothing', async ({ page, context }) => {
  const other = await startReceiver(); // another origin (another port)
  // The receiver lets `other` frame it (frame-ancestors), but the frame allows only `server`
  // as its parent; a page on `other` embeds it and tries.
  server = await startReceiver(['--frame-ancestor', other.url]);
  try {
    const frameUrl = `${server.url}/embed/frame.html?parent=${encodeURIComponent(server.url)}`;
    await page.goto(`${other.url}/examples/embed/portal.css`); // any page of the other origin
    await page.setContent(`<iframe id="f" src="${frameUrl}"></iframe>`);
    const frame = page.frameLocator('#f');
    await expect(frame.getByRole('status')).toHaveText('Waiting for the portal to configure this widget…');
    await page.evaluate((rubricSrc) => {
      document.getElementById('f').contentWindow.postMessage({
        protocol: 'rubric-widget', version: 1, type: 'mount', mode: 'review',
        config: { rubricSrc, taskSrc: rubricSrc.replace('rubrics', 'tasks') },
      }, '*');
    }, `${server.url}/examples/rubrics/code-review.json`);
    await page.waitForTimeout(1000);
    await expect(frame.getByRole('status')).toHaveText('Waiting for the portal to configure this widget…');
    await expect(frame.getByTestId('rubric-widget')).toHaveCount(0);
  } finally {
    await other.stop();
  }
});

test('iframe mode: a site the receiver does not name as a frame ancestor cannot frame it', async ({ page }) => {
  server = await startReceiver(); // frame-ancestors 'self' only
  const other = await startReceiver();
  try {
    // `parent` names the framing site, as an attacker would: the browser still refuses the frame.
    const frameUrl = `${server.url}/embed/frame.html?parent=${encodeURIComponent(other.url)}`;
    const policy = (await fetch(frameUrl)).headers.get('content-security-policy');
    expect(policy).toBe("frame-ancestors 'self'");
    await page.goto(`${other.url}/examples/embed/portal.css`);
    await page.setContent(`<iframe id="f" src="${frameUrl}"></iframe>`);
    await page.waitForTimeout(1000);
    await expect(page.frameLocator('#f').getByRole('status')).toHaveCount(0);
  } finally {
    await other.stop();
  }
});

test('a broken rubric set by property is a config-error event with every problem, and no form', async ({ page }) => {
  server = await startReceiver();
  await page.goto(`${server.url}/examples/embed/portal.html`);
  await expect(page.locator('#review-1').getByTestId('rubric-widget')).toBeVisible();
  const detail = await page.evaluate(() => new Promise((resolve) => {
    const el = document.createElement('rubric-review');
    el.addEventListener('rubric-config-error', (e) => resolve(e.detail));
    el.taskSrc = '../tasks/code-review.json';
    el.rubric = { schema_version: '1.0', id: 'x', version: '1', title: 'X', criteria: [{ id: 'q', type: 'rating', title: 'Q', levelz: [] }] };
    document.body.append(el);
  }));
  expect(detail.problems.map((p) => p.path)).toEqual(expect.arrayContaining(['criteria[0].levelz', 'criteria[0]']));
  expect(detail.problems[0].document).toBe('rubric (given by the page)');
  expect(detail.problems[0].line).toBeGreaterThan(0);
  await expect(page.locator('rubric-review:not([id])').getByTestId('config-error')).toBeVisible();
  await expect(page.locator('rubric-review:not([id])').getByTestId('rubric-widget')).toHaveCount(0);
});

test('<rubric-review queue-start> resumes a portal\'s queue where it stands: "Task 4 of 5", told to the host too', async ({ page }) => {
  server = await startReceiver();
  await page.goto(`${server.url}/examples/embed/portal.html`);
  await expect(page.locator('#review-1').getByTestId('rubric-widget')).toBeVisible();
  const opened = page.evaluate(() => new Promise((resolve) => {
    const el = document.createElement('rubric-review');
    el.id = 'resumed';
    el.addEventListener('rubric-task-open', (e) => resolve(e.detail));
    el.setAttribute('queue-start', '4');
    el.rubricSrc = '../rubrics/code-review.json';
    el.taskSrc = '../tasks/code-review.json';
    el.tasks = ['../tasks/code-review-2.json'];
    document.querySelector('main').append(el);
  }));
  expect(await opened).toMatchObject({ position: 4, remaining: 1 });
  await expect(page.locator('#resumed').getByTestId('queue-place')).toHaveText('Task 4 of 5');
});

test('<rubric-designer> embeds the designer from the same module script', async ({ page }) => {
  server = await startReceiver();
  await page.goto(`${server.url}/examples/embed/portal.html`);
  await expect(page.locator('#review-1').getByTestId('rubric-widget')).toBeVisible();
  await page.evaluate(() => {
    const el = document.createElement('rubric-designer');
    el.id = 'designer';
    el.rubric = { schema_version: '1.0', id: 'mini', version: '1', title: 'Mini', criteria: [
      { id: 'q', type: 'rating', title: 'Q', levels: [{ value: 1, label: 'No', descriptor: 'no' }, { value: 2, label: 'Yes', descriptor: 'yes' }] }] };
    document.querySelector('main').append(el);
  });
  const designer = page.locator('#designer');
  await expect(designer.getByTestId('designer-status')).toHaveText('No problems found.');
  await expect(designer.getByTestId('designer-preview').locator('.rw-title')).toHaveText('Mini');
});

test('locale="ar" mirrors the widget inside a left-to-right page; an English widget stays left to right on a right-to-left page', async ({ page }) => {
  server = await startReceiver();
  await page.goto(`${server.url}/examples/embed/portal.html`);
  const widget = page.locator('#review-1');
  await expect(widget.getByTestId('rubric-widget')).toBeVisible();
  // Direction follows the widget's language, not the page: English text laid out right to left
  // would read wrongly.
  await page.evaluate(() => { document.documentElement.dir = 'rtl'; });
  expect(await widget.getByTestId('rubric-widget').evaluate((el) => getComputedStyle(el).direction)).toBe('ltr');
  await page.evaluate(() => { document.documentElement.dir = 'ltr'; });
  await widget.evaluate((el) => el.setAttribute('locale', 'ar'));
  await expect(widget.locator('.rw-root')).toHaveAttribute('dir', 'rtl');
  expect(await widget.getByTestId('rubric-widget').evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
  // Logical properties follow: a checklist item's question sits on the right.
  const item = widget.locator('.rw-check-item').first();
  const legend = await item.locator('legend').boundingBox();
  const box = await item.boundingBox();
  expect(legend.x + legend.width).toBeGreaterThan(box.x + box.width - 2);
});

test('a portal that switches people without a reload never sends the first one\'s queued review', async ({ page }) => {
  // The first answer asks for a retry in 3 s; the switch happens before that.
  server = await startReceiver(['--retry-after-first', '1', '--retry-after', '3']);
  let posts = 0;
  page.on('request', (r) => { if (r.method() === 'POST') posts += 1; });
  await page.goto(`${server.url}/examples/embed/portal.html`);
  const second = page.locator('#review-2');
  await answerModeration(second);
  await second.getByTestId('submit').click();
  await expect(second.getByTestId('delivery-status')).toContainText('HTTP 429');
  // The portal signs in someone else: both widgets now belong to another person.
  for (const id of ['#review-1', '#review-2']) {
    await page.locator(id).evaluate((el) => el.setAttribute('annotator', 'portal-ann-2'));
  }
  await expect(second.getByTestId('submit')).toBeVisible();
  await page.waitForTimeout(5_000);
  expect(posts).toBe(1);
  expect(await server.stored()).toEqual([]);
  await expect(second.getByTestId('outbox')).toHaveCount(0);
  // The first person is back: their review goes out. (Whether the widget lists it on its way
  // depends on whether it left before the form was built again: one delivered before the
  // outbox list opened is not listed. What is stored is the point.)
  await second.evaluate((el) => el.setAttribute('annotator', 'portal-ann-1'));
  await expect.poll(async () => (await server.stored()).length, { timeout: 10_000 }).toBe(1);
});

test('credentials given in one tab reach the tab that sends', async ({ context }) => {
  server = await startReceiver(['--fail-first', '1', '--fail-status', '401']);
  const [a, b] = [await context.newPage(), await context.newPage()];
  const auth = [];
  a.on('request', (r) => { if (r.method() === 'POST') auth.push(r.headers().authorization ?? null); });
  await a.goto(`${server.url}/examples/embed/portal.html`);
  await expect(a.locator('#review-2').getByTestId('rubric-widget')).toBeVisible();
  await b.goto(`${server.url}/examples/embed/portal.html`);
  // Submitted in the second tab; the first one, which opened first, sends it.
  const second = b.locator('#review-2');
  await answerModeration(second);
  await second.getByTestId('submit').click();
  await expect(second.getByTestId('delivery-status')).toHaveAttribute('data-state', 'needs_auth', { timeout: 10_000 });
  expect(auth).toEqual([null]);
  // The host signs the person in again in the tab they are looking at.
  await second.evaluate((el) => el.setAuthToken('fresh'));
  await expect(second.getByTestId('delivery-status')).toHaveAttribute('data-state', 'delivered', { timeout: 10_000 });
  expect(auth).toEqual([null, 'Bearer fresh']);
  expect(await server.stored()).toHaveLength(1);
});

test('a receiver with tokens stores a review only with its own annotator\'s token', async ({ page }) => {
  const [own, other, reader] = ['own', 'other', 'reader'].map((p) => `${p}-${'0123456789abcdef'.repeat(2)}`);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rubric-tokens-')), 'tokens');
  fs.writeFileSync(file, `${own} portal-ann-1 annotator\n${other} someone-else annotator\n${reader} export reader\n`);
  server = await startReceiver(['--tokens', file]);
  const statuses = [];
  page.on('response', (r) => { if (r.request().method() === 'POST') statuses.push(r.status()); });
  await page.goto(`${server.url}/examples/embed/portal.html`);
  const review = page.locator('#review-2');
  await answerModeration(review);
  await review.getByTestId('submit').click();
  const state = review.getByTestId('delivery-status');
  await expect(state).toHaveAttribute('data-state', 'needs_auth', { timeout: 10_000 });
  // Another person's token cannot send this person's review: it stays paused on the device.
  await review.evaluate((el, t) => el.setAuthToken(t), other);
  await expect.poll(() => statuses).toEqual([401, 403]);
  await expect(state).toHaveAttribute('data-state', 'needs_auth');
  await review.evaluate((el, t) => el.setAuthToken(t), own);
  await expect(state).toHaveAttribute('data-state', 'delivered', { timeout: 10_000 });
  expect(statuses).toEqual([401, 403, 201]);
  // Reading the listing needs a reader's token.
  expect((await fetch(`${server.url}/api/submissions`)).status).toBe(401);
  const rows = await (await fetch(`${server.url}/api/submissions`, { headers: { Authorization: `Bearer ${reader}` } })).json();
  expect(rows.map((r) => r.submission.annotator)).toEqual(['portal-ann-1']);
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
});

test('a token given as soon as the element exists, before its widget has started, is used for the first submit', async ({ page }) => {
  const own = `own-${'0123456789abcdef'.repeat(2)}`;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rubric-tokens-')), 'tokens');
  fs.writeFileSync(file, `${own} portal-ann-1 annotator\n`);
  server = await startReceiver(['--tokens', file]);
  const statuses = [];
  page.on('response', (r) => { if (r.request().method() === 'POST') statuses.push(r.status()); });
  // As README's snippet does, right after the element is defined: its wasm is still loading.
  await page.addInitScript((t) => {
    customElements.whenDefined('rubric-review').then(() => {
      for (const el of document.querySelectorAll('rubric-review')) el.setAuthToken(t);
    });
  }, own);
  await page.goto(`${server.url}/examples/embed/portal.html`);
  const review = page.locator('#review-2');
  await answerModeration(review);
  await review.getByTestId('submit').click();
  await expect(review.getByTestId('delivery-status')).toHaveAttribute('data-state', 'delivered', { timeout: 10_000 });
  expect(statuses).toEqual([201]);
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
});

test('an element downloads its documents while the wasm downloads, once each', async ({ page }) => {
  server = await startReceiver();
  // The wasm is slow to come: the documents must not wait for it.
  let wasmDone = 0;
  await page.route('**/rubric-widget_bg.wasm', async (route) => {
    const response = await route.fetch();
    await new Promise((r) => setTimeout(r, 800));
    await route.fulfill({ response });
    wasmDone = Date.now();
  });
  const asked = [];
  page.on('request', (r) => { if (/\/(rubrics|tasks)\/[^/]+\.json$/.test(r.url())) asked.push([new URL(r.url()).pathname, Date.now()]); });
  await page.goto(`${server.url}/examples/embed/portal.html`);
  await expect(page.locator('#review-1').getByTestId('rubric-widget')).toBeVisible();
  await expect(page.locator('#review-2').getByTestId('rubric-widget')).toBeVisible();
  const paths = asked.map(([p]) => p).sort();
  expect(paths).toEqual([...new Set(paths)]); // each document once: the widget's fetch used the preload
  expect(paths).toEqual(expect.arrayContaining(['/examples/rubrics/helpful-honest-harmless.json', '/examples/rubrics/content-moderation.json']));
  for (const [p, at] of asked) expect(at, p).toBeLessThan(wasmDone);
});

test('the widget\'s own wasm served as another type still starts; a wasm that cannot be fetched is said in the element and as an event, then a later mount starts', async ({ page }) => {
  server = await startReceiver();
  // A static host that does not know .wasm: the module cannot compile as it streams, and is read whole.
  await page.route('**/rubric-widget_bg.wasm', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-type': 'application/octet-stream' } });
  });
  await page.goto(`${server.url}/examples/embed/portal.html`);
  await expect(page.locator('#review-1').getByTestId('rubric-widget')).toBeVisible();

  // A path the server does not have: no blank box.
  await page.unroute('**/rubric-widget_bg.wasm');
  let fail = true;
  await page.route('**/rubric-widget_bg.wasm', (route) => (fail ? route.fulfill({ status: 404, body: 'not found' }) : route.continue()));
  await page.goto(`${server.url}/examples/embed/portal.html`);
  const error = page.locator('#review-1').getByTestId('config-error');
  await expect(error).toBeVisible();
  await expect(error).toHaveAttribute('role', 'alert');
  await expect(error).toContainText('The review form could not be loaded. Reload the page');
  await expect(error).toContainText('The widget could not start');
  // In the widget's own frame: its font, not the browser's default.
  expect(await error.evaluate((e) => getComputedStyle(e).fontFamily)).toContain('system-ui');
  await expect(error).toContainText('404');
  await expect(error).toContainText('rubric-widget_bg.wasm');
  await expect(page.locator('#log li[data-event="rubric-config-error"][data-widget="review-1"]')).not.toHaveCount(0);
  // The files are back: the next build of the element (any attribute changed) starts the widget.
  fail = false;
  await page.locator('#review-1').evaluate((el) => el.setAttribute('annotator', 'portal-ann-2'));
  await expect(page.locator('#review-1').getByTestId('rubric-widget')).toBeVisible();
  await expect(error).toHaveCount(0);
});
