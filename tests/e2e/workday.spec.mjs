// The reviewer's working day: a queue of tasks with "Next task", declining a task with a reason,
// the keyboard all the way (Ctrl+Enter, the shortcuts help, N), and responses side by side.
// Against the real receiver, so what a reviewer did is what the backend stored.
import { test, expect } from '@playwright/test';
import { startReceiver } from './receiver.mjs';
import { violations } from './axe.mjs';

/**
 * The key drawn on each choice inside `scope` (not an element: the stylesheet draws a label's
 * `data-key`, in a card's corner or after a checklist answer): [key, shown] pairs, or [key, the
 * drawn key's `style`] when `style` is given.
 */
const keyCaps = (scope, style) => scope.locator('[data-key]').evaluateAll((els, style) => els.map((e) => {
  const s = getComputedStyle(e, e.classList.contains('rw-card') ? '::before' : '::after');
  return [e.dataset.key, style ? s[style] : s.content !== 'none' && s.display !== 'none' && s.visibility === 'visible'];
}), style);

const RUBRIC = '/fixtures/one-question-rubric.json';
const TASK = (n) => (n === 1 ? '/fixtures/one-question-task.json' : `/fixtures/one-question-task-${n}.json`);

let server;
test.afterEach(async () => { await server?.stop(); server = undefined; });

/** Records the widget's events on `window.__events` (set up before the widget mounts). */
async function recordEvents(page) {
  await page.addInitScript(() => {
    window.__events = [];
    window.__promptAtOpen = [];
    for (const name of ['rubric-submit', 'rubric-task-open', 'rubric-queue-empty']) {
      document.addEventListener(name, (e) => window.__events.push({ name, detail: e.detail }));
    }
    // What the page shows when it hears a task opened: that task's form, already in place.
    document.addEventListener('rubric-task-open', () => {
      window.__promptAtOpen.push(document.querySelector('.rw-prompt')?.textContent ?? null);
    });
  });
}
const events = (page, name) => page.evaluate((n) => window.__events.filter((e) => e.name === n).map((e) => e.detail), name);
const pick = (page, level) => page.locator('fieldset[data-criterion="quality"] label.rw-card').nth(level).click();

test('a queue of tasks: "Next task" by button and by N, events for the portal, each stored once, then "no more"', async ({ page }) => {
  server = await startReceiver();
  await recordEvents(page);
  await page.goto(`${server.url}/?rubric=${RUBRIC}&task=${TASK(1)}&tasks=${TASK(2)},${TASK(3)}&annotator=queue-1`);
  await expect(page.locator('.rw-prompt')).toHaveText('Say hello.');
  expect(await events(page, 'rubric-task-open')).toEqual([{ task_id: 'task-one', position: 1, remaining: 2 }]);
  await expect(page.getByTestId('queue-place')).toHaveText('Task 1 of 3');
  // No "Next task" while the review is open: the reviewer finishes this one first.
  await expect(page.getByTestId('next-task')).toBeHidden();

  await pick(page, 2);
  await page.getByTestId('submit').click();
  await expect(page.getByTestId('done')).toBeFocused();
  await page.getByTestId('next-task').click();
  await expect(page.locator('.rw-prompt')).toHaveText('Say hello, take 2.');
  await expect(page.getByTestId('queue-place')).toHaveText('Task 2 of 3');
  // Focus starts on the new task, for keyboard and screen reader users.
  await expect(page.locator('.rw-task')).toBeFocused();
  await expect(page.getByTestId('submit')).toBeEnabled();
  await expect(page.locator('fieldset[data-criterion="quality"] input:checked')).toHaveCount(0);
  // The new form is built where the last one was: each card once, none left from before.
  await expect(page.locator('fieldset[data-criterion="quality"] .rw-card')).toHaveCount(3);

  await pick(page, 0);
  await page.getByTestId('submit').click();
  await expect(page.getByTestId('done')).toBeFocused();
  await page.keyboard.press('n');
  await expect(page.locator('.rw-prompt')).toHaveText('Say hello, take 3.');
  // The last task is open: the portal hears the queue has run out, in time to add more.
  await expect.poll(async () => (await events(page, 'rubric-queue-empty')).length).toBe(1);

  await pick(page, 1);
  await page.getByTestId('submit').click();
  // The last listed task: nothing more to open, and the reviewer is told so.
  await expect(page.getByTestId('queue-empty')).toBeVisible();
  await expect(page.getByTestId('next-task')).toBeHidden();

  expect(await events(page, 'rubric-task-open')).toEqual([
    { task_id: 'task-one', position: 1, remaining: 2 },
    { task_id: 'task-one-2', position: 2, remaining: 1 },
    { task_id: 'task-one-3', position: 3, remaining: 0 },
  ]);
  // Each event came once its task's form was in the page: a host can use it at once.
  expect(await page.evaluate(() => window.__promptAtOpen)).toEqual(['Say hello.', 'Say hello, take 2.', 'Say hello, take 3.']);
  await expect.poll(async () => (await server.stored()).map(({ submission: s }) => `${s.task_id}=${s.answers.quality.value}`).sort())
    .toEqual(['task-one-2=1', 'task-one-3=2', 'task-one=3']);
});

test('a task of the queue that cannot be read shows its problem and lets the reviewer go on', async ({ page }) => {
  await page.goto(`./?rubric=${RUBRIC}&task=${TASK(1)}&tasks=/fixtures/broken-task.json,${TASK(2)}&annotator=broken-1&endpoint=`);
  await pick(page, 2);
  await page.getByTestId('submit').click();
  await page.getByTestId('next-task').click();
  // Its problem, with where it is, and the way on: the day does not end at one bad task.
  await expect(page.getByTestId('config-error')).toContainText('broken-task.json');
  // No form here listens for N, so the button does not offer it.
  await expect(page.getByTestId('next-task').locator('kbd')).toHaveCount(0);
  await page.getByTestId('next-task').click();
  await expect(page.locator('.rw-prompt')).toHaveText('Say hello, take 2.');
  await expect(page.getByTestId('queue-place')).toHaveText('Task 2 of 2');
});

test('a first task that cannot be read offers "Next task" too, when the queue has more', async ({ page }) => {
  await page.goto(`./?rubric=${RUBRIC}&task=/fixtures/broken-task.json&tasks=${TASK(2)}&annotator=broken-first&endpoint=`);
  await expect(page.getByTestId('config-error')).toContainText('broken-task.json');
  await expect(page.getByTestId('next-task')).toBeVisible();
  expect(await violations(page)).toEqual([]);
  await page.getByTestId('next-task').click();
  await expect(page.locator('.rw-prompt')).toHaveText('Say hello, take 2.');
  await pick(page, 1);
  await page.getByTestId('submit').click();
  await expect(page.getByTestId('queue-empty')).toBeVisible();
});

test('a portal can queue task objects and hand out more from a callback until it returns null', async ({ page }) => {
  await recordEvents(page);
  await page.goto(`./?rubric=${RUBRIC}&task=${TASK(1)}&endpoint=`);
  await expect(page.locator('.rw-prompt')).toHaveText('Say hello.');
  // A second widget mounted by the page's own script, as a portal does.
  await page.evaluate(() => {
    const el = document.createElement('div');
    el.id = 'portal-widget';
    document.body.append(el);
    let asked = 0;
    const task = (id, prompt) => ({ id, prompt, responses: [{ id: 'r1', label: 'Response', content: prompt }] });
    // No handle kept, as a careless portal does.
    window.wasmBindings.mountReview(el, {
      rubricSrc: '/fixtures/one-question-rubric.json',
      tasks: [task('obj-1', 'From the list'), '/fixtures/one-question-task-2.json'],
      nextTask: () => (asked++ === 0 ? Promise.resolve(task('cb-1', 'From the callback')) : null),
      annotator: 'portal-1',
    });
  });
  const w = page.locator('#portal-widget');
  // The page kept no handle: a garbage collection must not take the form away.
  await page.requestGC();
  const finish = async (prompt) => {
    await expect(w.locator('.rw-prompt')).toHaveText(prompt);
    await w.locator('fieldset[data-criterion="quality"] label.rw-card').nth(1).click();
    await w.getByTestId('submit').click();
  };
  await finish('From the list');
  await w.getByTestId('next-task').click();
  await finish('Say hello, take 2.');
  await w.getByTestId('next-task').click();
  await finish('From the callback');
  await w.getByTestId('next-task').click();
  await expect(w.getByTestId('queue-empty')).toBeVisible();
  expect((await events(page, 'rubric-queue-empty')).length).toBe(1);
  // A callback decides what comes: the place has no total.
  await expect(w.getByTestId('queue-place')).toHaveText('Task 3');
  const opened = (await events(page, 'rubric-task-open')).map((d) => d.task_id);
  expect(opened).toEqual(['task-one', 'obj-1', 'task-one-2', 'cb-1']);
});

test('"Can\'t assess this task": a reason is required, the skip is stored with it and no answers', async ({ page }) => {
  server = await startReceiver();
  await recordEvents(page);
  await page.goto(`${server.url}/?example=helpful-honest-harmless&annotator=skip-1`);
  await page.locator('fieldset[data-criterion="helpfulness"] label.rw-card').nth(3).click();
  const panel = page.getByTestId('skip-panel');
  await expect(panel.getByRole('radio').first()).toBeHidden();
  // A disclosure: opened from the keyboard, the reasons follow in the Tab order.
  await page.getByTestId('skip-open').focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await expect(panel.getByRole('radio').first()).toBeFocused();
  expect(await violations(page)).toEqual([]);
  await page.getByTestId('skip-confirm').click();
  // No reason: said aloud (an alert) and focus goes to the reasons.
  await expect(panel.getByRole('alert')).toHaveText('Choose a reason.');
  await expect(panel.getByRole('radio').first()).toBeFocused();
  // "Another reason" alone tells the team nothing: a note is asked for.
  await panel.getByLabel('Another reason').check();
  // The note is no longer "(optional)": its label says it is needed, and it is required.
  const needed = panel.getByLabel('Why you cannot assess it (needed for this reason)');
  await expect(needed).toHaveAttribute('required', '');
  await page.getByTestId('skip-confirm').click();
  await expect(panel.getByRole('alert')).toContainText('Say why in the note');
  await expect(needed).toBeFocused();
  // Ctrl+Enter while writing the note is not a submit of the review being declined.
  await needed.press('Control+Enter');
  await expect(page.getByTestId('error-summary')).toBeHidden();
  await panel.getByLabel("It is in a language I can't judge well").check();
  await expect(panel.getByLabel('Anything the team should know (optional)')).not.toHaveAttribute('required', '');
  await panel.getByLabel('Anything the team should know (optional)').fill('Mostly in Finnish.');
  await page.getByTestId('skip-confirm').click();
  await expect(page.getByTestId('skipped')).toHaveText("Skipped: It is in a language I can't judge well");
  await expect(page.getByTestId('done').getByTestId('delivery-status')).toHaveAttribute('data-state', 'delivered');
  await expect(page.getByTestId('done')).toContainText('Submitted: the server has recorded that you skipped this task.');
  // Skipping finished the task: the form is read-only, shows no answers (none were recorded)
  // and the skip panel is gone.
  await expect(page.getByTestId('answers')).toHaveAttribute('disabled', '');
  await expect(page.locator('[data-testid="answers"] input:checked')).toHaveCount(0);
  await expect(panel).toBeHidden();
  const [{ submission: stored }] = await server.stored();
  expect(stored.task_id).toBe('task-hhh-0042');
  expect(stored.answers).toEqual({});
  expect(stored.skipped).toEqual({ reason: 'language', note: 'Mostly in Finnish.' });
  // The demo's queue goes on to the example's next task.
  await page.getByTestId('next-task').click();
  await expect(page.getByTestId('queue-place')).toHaveText('Task 2 of 3');
  // The next task's panel starts closed and empty: nothing of the last skip carries over.
  await expect(panel).not.toHaveAttribute('open', '');
  await page.getByTestId('skip-open').click();
  await expect(panel.getByRole('radio', { checked: true })).toHaveCount(0);
  await expect(panel.getByLabel('Anything the team should know (optional)')).toHaveValue('');
  await page.getByTestId('skip-confirm').click();
  await expect(panel.getByRole('alert')).toHaveText('Choose a reason.');
});

test('"Can\'t assess this task" opened at the bottom of the screen brings its reasons into view', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('./?example=content-moderation&annotator=skip-view&endpoint=');
  const open = page.getByTestId('skip-open');
  // Scrolled so that the button is the last thing on the screen.
  await open.evaluate((el) => el.scrollIntoView({ block: 'end' }));
  await open.click();
  await expect(page.getByTestId('skip-panel')).toHaveAttribute('open', '');
  await expect(page.getByTestId('skip-panel').getByRole('radio').first()).toBeInViewport();
  await expect(page.getByTestId('skip-confirm')).toBeInViewport();
});

test('keyboard all the way: ? shows the shortcuts, Escape closes them, Ctrl+Enter submits from a text field', async ({ page }) => {
  await page.goto('./?example=helpful-honest-harmless&annotator=keys-1&endpoint=');
  const dialog = page.getByTestId('shortcuts');
  await expect(page.getByTestId('submit')).toBeVisible();
  await expect(dialog).toBeHidden();
  await page.locator('body').press('?');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading')).toHaveText('Keyboard shortcuts');
  await expect(dialog).toContainText('Submit the review');
  // The rubric's own keys, question by question.
  await expect(dialog.locator('dl > div').first()).toContainText('Helpfulness');
  await expect(dialog.locator('dl > div').first().locator('kbd')).toHaveText('1 2 3 4 5');
  expect(await violations(page)).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  // Opened with nothing focused, it leaves focus on its button, not nowhere (the next Tab went
  // to the end of the widget, where the dialog is).
  await expect(page.getByTestId('shortcuts-button')).toBeFocused();
  // Opened from a question, focus goes back to that question's control.
  const third = page.locator('fieldset[data-criterion="helpfulness"] input').nth(2);
  await third.focus();
  await third.press('?');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(third).toBeFocused();
  // The button opens it too, and focus comes back to the button on close.
  await page.getByTestId('shortcuts-button').click();
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('shortcuts-button')).toBeFocused();

  // Ctrl+Enter on an incomplete form is a submit attempt: the error summary takes focus.
  const justification = page.locator('fieldset[data-criterion="justification"] textarea');
  await justification.fill('Typed, then Ctrl+Enter.');
  await justification.press('Control+Enter');
  await expect(page.getByTestId('error-summary')).toBeFocused();
  // Typing "?" in a text field types it.
  await justification.press('?');
  await expect(dialog).toBeHidden();
  await expect(justification).toHaveValue('Typed, then Ctrl+Enter.?');
  for (const [id, level] of [['helpfulness', 3], ['honesty', 4], ['harmlessness', 3]]) {
    await page.locator(`fieldset[data-criterion="${id}"] label.rw-card`).nth(level).click();
  }
  await page.locator('fieldset[data-criterion="issues"] label.rw-card').nth(4).click();
  for (let i = 0; i < 3; i++) {
    await page.locator('fieldset[data-criterion="checks"] .rw-check-item').nth(i).getByLabel('Yes', { exact: true }).check();
  }
  await justification.press('Control+Enter');
  await expect(page.getByTestId('done')).toBeVisible();
});

for (const width of [1280, 390]) {
  test(`a long checklist by keyboard at ${width} px: digits answer the item with focus and move on; they show only there`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`./?rubric=/fixtures/long-checklist-rubric.json&task=${TASK(1)}&annotator=checklist-${width}&endpoint=`);
    const checks = page.locator('fieldset[data-criterion="checks"]');
    const item = (k) => checks.locator('.rw-check-item').nth(k);
    // Into the first item, by Tab, as a keyboard user gets there.
    await page.locator('fieldset[data-criterion="verdict"] .rw-card-input').first().focus();
    await page.keyboard.press('Tab');
    await expect(item(0).locator('input').first()).toBeFocused();
    // The digits are on the item with focus, and nowhere else.
    await expect.poll(() => keyCaps(item(0))).toEqual([['1', true], ['2', true], ['3', true]]);
    await expect.poll(() => keyCaps(item(1))).toEqual([['1', false], ['2', false], ['3', false]]);
    await expect.poll(async () => (await keyCaps(page.locator('fieldset[data-criterion="severity"]')))[0]).toEqual(['1', false]);
    expect(await violations(page)).toEqual([]);
    // One key per item: yes, yes, no, n/a, … and focus follows.
    const keys = ['1', '1', '2', '3', '1', '1', '1', '2', '1', '1', '1', '1'];
    for (const [k, key] of keys.entries()) {
      await page.keyboard.press(key);
      await expect(item(Math.min(k + 1, 11)).locator('input:focus')).toHaveCount(1);
    }
    const words = { 1: 'Yes', 2: 'No', 3: 'N/A' };
    for (const [k, key] of keys.entries()) {
      await expect(item(k).getByLabel(words[key])).toBeChecked();
    }
    // The last item keeps focus on its answer; another digit changes that answer only.
    await page.keyboard.press('2');
    await expect(item(11).getByLabel('No')).toBeChecked();
    await expect(item(11).getByLabel('No')).toBeFocused();
    // Another question's digits are its own: the severity scale with focus takes 3.
    await page.locator('fieldset[data-criterion="severity"] .rw-card-input').first().focus();
    await expect.poll(async () => (await keyCaps(page.locator('fieldset[data-criterion="severity"]')))[0]).toEqual(['1', true]);
    await page.keyboard.press('3');
    await expect(page.locator('fieldset[data-criterion="severity"] .rw-card-input').nth(2)).toBeChecked();
    await expect(item(0).getByLabel('Yes')).toBeChecked();
    // Outside every question a digit means nothing; the rubric's own letters work anywhere.
    await page.locator('.rw-title').click();
    await page.keyboard.press('1');
    await expect(page.locator('fieldset[data-criterion="severity"] .rw-card-input').nth(2)).toBeChecked();
    await page.keyboard.press('b');
    await expect(page.locator('fieldset[data-criterion="verdict"] .rw-card-input').nth(1)).toBeChecked();
    // The shortcuts help says what the digits do.
    await page.keyboard.press('?');
    const dialog = page.getByTestId('shortcuts');
    await expect(dialog.locator('dl > div', { hasText: '1 – 9' })).toContainText('in a checklist, answer the item you are on and go to the next');
    await page.keyboard.press('Escape');
    // Single-key shortcuts off: the digits do nothing and are struck out.
    await page.getByLabel('Use single-key shortcuts').uncheck();
    await item(3).getByLabel('N/A').focus();
    await page.keyboard.press('1');
    await expect(item(3).getByLabel('N/A')).toBeChecked();
    await expect.poll(async () => (await keyCaps(item(3), 'textDecorationLine'))[0]).toEqual(['1', 'line-through']);
    await expect.poll(async () => (await keyCaps(page.locator('fieldset[data-criterion="verdict"]'), 'textDecorationLine'))[0][1]).toBe('line-through');
    await expect(page.getByTestId('shortcuts-button').locator('kbd')).toHaveCSS('text-decoration-line', 'line-through');
  });
}

test('a checklist with its own keys: from anywhere, each answers the next open item', async ({ page }) => {
  await page.goto('./?example=code-review&annotator=checklist-keys&endpoint=');
  const checks = page.locator('fieldset[data-criterion="review_checks"]');
  await expect.poll(async () => (await keyCaps(checks.locator('.rw-check-item').first())).map(([key]) => key)).toEqual(['y', 'n', 'x']);
  await page.locator('.rw-title').click();
  for (const key of ['y', 'n']) await page.keyboard.press(key);
  await expect(checks.locator('.rw-check-item').nth(0).getByLabel('Yes')).toBeChecked();
  await expect(checks.locator('.rw-check-item').nth(1).getByLabel('No')).toBeChecked();
  // Focus followed the answers to the next item, where the next key goes.
  await expect(checks.locator('.rw-check-item').nth(2).locator('input').first()).toBeFocused();
  await page.keyboard.press('x');
  await expect(checks.locator('.rw-check-item').nth(2).getByLabel('N/A')).toBeChecked();
  // Every item answered: a key from elsewhere changes none of them.
  await page.locator('.rw-title').click();
  await page.keyboard.press('n');
  await expect(checks.locator('.rw-check-item').nth(0).getByLabel('Yes')).toBeChecked();
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcuts').locator('dl > div', { has: page.locator('dd', { hasText: /^Your top patch$/ }) }).locator('kbd')).toHaveText('y n x');
});

test('pairwise responses sit side by side at 1280 px, one above the other on a phone; the reviewer can switch', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('./?example=pairwise-preference&annotator=side-1&endpoint=');
  const boxes = async () => Promise.all([0, 1].map((i) => page.locator('.rw-response').nth(i).boundingBox()));
  const toggle = page.getByRole('button', { name: 'Side by side' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  let [a, b] = await boxes();
  expect(Math.abs(a.y - b.y)).toBeLessThan(2);
  expect(b.x).toBeGreaterThan(a.x + a.width - 1);
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  [a, b] = await boxes();
  expect(b.y).toBeGreaterThan(a.y + a.height - 1);
  await toggle.click();
  // A 7-point scale still fits one row beside the wider task.
  const cards = page.locator('fieldset[data-criterion="preference"] .rw-card');
  const tops = await cards.evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
  expect(new Set(tops).size).toBe(1);

  await page.setViewportSize({ width: 390, height: 800 });
  [a, b] = await boxes();
  expect(b.y).toBeGreaterThan(a.y + a.height - 1);
  // On a phone there is no room for two columns, so the choice is not offered.
  await expect(toggle).toBeHidden();
});

test('on a phone a very long response scrolls on its own: the questions stay within reach', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`./?rubric=${RUBRIC}&task=/fixtures/long-response-task.json&annotator=phone-1&endpoint=`);
  const response = page.locator('.rw-response');
  await expect(response).toBeVisible();
  const box = await response.boundingBox();
  expect(box.height).toBeLessThanOrEqual(844 * 0.6 + 1);
  // The first question starts within two screens of the top, not 30,000 px down.
  const question = await page.locator('fieldset[data-criterion="quality"]').boundingBox();
  expect(question.y).toBeLessThan(2 * 844);
  // The whole response is still there to read: scrolled by keyboard inside its box.
  await response.focus();
  await page.keyboard.press('End');
  await expect.poll(() => response.evaluate((el) => el.scrollTop)).toBeGreaterThan(1000);
  await expect(response).toHaveAccessibleName('Response');
  expect(await violations(page)).toEqual([]);
});

test('turning single-key shortcuts off holds for the next task and the next visit', async ({ page }) => {
  await page.goto('./?example=content-moderation&annotator=keys-off&endpoint=');
  const toggle = page.getByLabel('Use single-key shortcuts');
  await toggle.uncheck();
  await page.getByTestId('skip-open').click();
  await page.getByTestId('skip-panel').getByLabel("It needs expertise I don't have").check();
  await page.getByTestId('skip-confirm').click();
  await page.getByTestId('next-task').click();
  await expect(page.getByTestId('queue-place')).toHaveText('Task 2 of 3');
  await expect(toggle).not.toBeChecked();
  // A key that would pick an option does nothing.
  await page.locator('body').press('r');
  await expect(page.locator('[data-testid="answers"] input:checked')).toHaveCount(0);
  await page.reload();
  await expect(page.getByLabel('Use single-key shortcuts')).not.toBeChecked();
});

test('a scale is one row of cards on a desktop and one card per row on a phone, never wrapped unevenly', async ({ page }) => {
  // [rows, cards] of each shown scale's cards (a rating's or a comparison's; choices wrap
  // like words, and their cards never get narrower than their radio and longest word): the
  // distinct tops.
  const scales = 'fieldset:is([data-type="rating"], [data-type="pairwise"]) .rw-cards';
  const rows = () => page.locator(scales).evaluateAll((lists) => lists.filter((l) => l.offsetWidth > 0).map((l) => [
    new Set([...l.children].map((c) => Math.round(c.getBoundingClientRect().top))).size, l.children.length]));
  for (const example of ['pairwise-preference', 'helpful-honest-harmless']) {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`./?example=${example}&annotator=rows&endpoint=`);
    await expect(page.locator(scales).first()).toBeVisible();
    const wide = await rows();
    expect(wide.length).toBeGreaterThan(0);
    for (const [r] of wide) expect(r).toBe(1);
    // On a phone a 7-point scale stood 3 + 3 + 1: the midpoint moved from question to question.
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [r, n] of await rows()) expect(r).toBe(n);
    // Just too narrow for a row (it stood 6 + 1, or 3 + 2), and the widths between.
    for (const width of [600, 640, 700, 1180]) {
      await page.setViewportSize({ width, height: 900 });
      for (const [r, n] of await rows()) expect([1, n], `${example} at ${width} px`).toContain(r);
    }
  }
});

test('on a touch phone no key is drawn and no list of shortcuts is offered; the switch for single keys stays', async ({ browser }) => {
  const { baseURL } = test.info().project.use;
  const context = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  await page.goto('./?example=helpful-honest-harmless&annotator=touch&endpoint=');
  const question = page.locator('fieldset[data-criterion="helpfulness"]');
  await question.locator('label.rw-card').nth(2).tap();
  await expect(question.locator('input:checked')).toHaveCount(1);
  // Focus is in the question, where a keyboard would see its digits: none is drawn.
  expect((await keyCaps(question)).filter(([, shown]) => shown)).toEqual([]);
  await expect(page.getByTestId('shortcuts-button')).toBeHidden();
  await expect(page.getByLabel('Use single-key shortcuts')).toBeVisible();
  await context.close();
});

test('a key that answers another question than the one with focus brings that question into view with focus on the choice; from outside any question it says what it chose', async ({ page }) => {
  server = await startReceiver();
  await page.setViewportSize({ width: 1280, height: 500 });
  await page.goto(`${server.url}/?example=helpful-honest-harmless&annotator=reveal-1`);
  const helpfulness = page.locator('fieldset[data-criterion="helpfulness"]');
  const problems = page.locator('fieldset[data-criterion="issues"]');
  await expect(problems).toBeVisible();
  // Focus a box of "Problems present", far below the first rating, which is out of view.
  const box = problems.locator('input').first();
  await box.focus();
  await expect(helpfulness).not.toBeInViewport();
  // "4" is the rubric's key for Helpfulness: it answers Helpfulness, which comes into view,
  // and focus goes to the choice: left on the box, now out of sight, a Space ticked it unseen.
  await page.keyboard.press('4');
  const four = helpfulness.locator('input[type="radio"]').nth(3);
  await expect(four).toBeChecked();
  await expect(helpfulness).toBeInViewport();
  await expect(four).toBeFocused();
  await expect(four).toBeInViewport();
  await page.keyboard.press('Space');
  await expect(box).not.toBeChecked();
  await expect(four).toBeChecked();
  // Focus there, the status line says nothing: the focused choice is what screen readers read.
  const said = page.getByTestId('key-said');
  await expect(said).toHaveAttribute('role', 'status');
  await expect(said).toHaveText('');
  // From outside any question (reading the response), a key answers without moving anything,
  // and a screen reader is told what it chose.
  await page.locator('.rw-task').first().click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('1');
  await expect(helpfulness.locator('input[type="radio"]').first()).toBeChecked();
  await expect(said).toHaveText('Helpfulness: 1 Unhelpful');
});

test('a key that picks another level takes focus with it, so the arrow keys go on from the choice', async ({ page }) => {
  await page.goto('./?example=helpful-honest-harmless&annotator=keys-focus');
  const radios = page.locator('fieldset[data-criterion="helpfulness"] .rw-card-input');
  await page.locator('fieldset[data-criterion="helpfulness"] label.rw-card').nth(1).click();
  await expect(radios.nth(1)).toBeFocused();
  await page.keyboard.press('4');
  await expect(radios.nth(3)).toBeChecked();
  await expect(radios.nth(3)).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(radios.nth(4)).toBeChecked();
});

/** Submits the task on screen as "Can't assess this task" (a reason given), then opens the next. */
async function skipThenNext(page) {
  await page.getByTestId('skip-open').click();
  await page.getByTestId('skip-panel').getByLabel("It needs expertise I don't have").check();
  await page.getByTestId('skip-confirm').click();
  await page.getByTestId('next-task').click();
}

test('offline, "Next task" keeps the submitted task on screen and says why; back online it opens that same next task', async ({ page, context }) => {
  await page.goto('./?example=content&annotator=offline-next&endpoint=');
  await expect(page.getByTestId('queue-place')).toHaveText('Task 1 of 3');
  await page.getByTestId('skip-open').click();
  await page.getByTestId('skip-panel').getByLabel("It needs expertise I don't have").check();
  await page.getByTestId('skip-confirm').click();
  await context.setOffline(true);
  await page.getByTestId('next-task').click();
  // The task just done stays, with why the next one did not come: not the next task's
  // "problems" in its place, and the queue does not go on past a task never shown.
  const problem = page.getByTestId('next-task-problem');
  await expect(problem).toBeVisible();
  await expect(problem).toHaveAttribute('role', 'alert');
  await expect(problem).toContainText('The next task could not be loaded');
  await expect(page.getByTestId('config-error')).toHaveCount(0);
  await expect(page.getByTestId('queue-place')).toHaveText('Task 1 of 3');
  await expect(page.getByTestId('rubric-widget')).toContainText('a neighbour');
  await expect(page.getByTestId('queue-empty')).toHaveText('');
  await context.setOffline(false);
  await page.getByTestId('next-task').click();
  await expect(page.getByTestId('queue-place')).toHaveText('Task 2 of 3');
  await expect(page.getByTestId('rubric-widget')).toContainText('a local journalis');
  await expect(problem).toBeHidden();
});

test('the demo page, like a portal: a reload goes on from the task the reviewer was on, and keeps the picked example', async ({ page }) => {
  await page.addInitScript(() => {
    window.__opened = [];
    addEventListener('rubric-task-open', (e) => window.__opened.push(e.detail.position), true);
  });
  await page.goto('./?example=content&annotator=resume-1&endpoint=');
  // A name's start is enough; the picker shows the example it found.
  await expect(page.getByTestId('example-picker')).toHaveValue('content-moderation');
  await expect(page.getByTestId('rubric-widget')).toContainText('a neighbour');
  await expect(page.getByTestId('queue-place')).toHaveText('Task 1 of 3');
  await skipThenNext(page);
  await expect(page.getByTestId('rubric-widget')).toContainText('a local journalis');
  // Task 1 is done: a reload opens task 2, not task 1 again to be submitted twice, and says
  // where it is in the queue (the page passes `queueStart`), to the reviewer and the host.
  await page.reload();
  await expect(page.getByTestId('rubric-widget')).toContainText('a local journalis');
  await expect(page.getByTestId('rubric-widget')).not.toContainText('a neighbour');
  await expect(page.getByTestId('queue-place')).toHaveText('Task 2 of 3');
  await expect.poll(() => page.evaluate(() => window.__opened)).toEqual([2]);
  // After it, the third, and a reload there stays on the third.
  await skipThenNext(page);
  await expect(page.getByTestId('queue-place')).toHaveText('Task 3 of 3');
  await page.reload();
  await expect(page.getByTestId('queue-place')).toHaveText('Task 3 of 3');
  // Another example, picked: the address keeps it.
  await page.getByTestId('example-picker').selectOption('pairwise-preference');
  await expect(page).toHaveURL(/example=pairwise-preference/);
  await page.reload();
  await expect(page.getByTestId('example-picker')).toHaveValue('pairwise-preference');
});
