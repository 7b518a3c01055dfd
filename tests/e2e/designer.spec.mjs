// The rubric designer (issue 5): start from a template, break it, see every error at its line,
// jump there, undo, preview in both modes and at both widths, share by link, download, and
// type into a 50-criterion rubric without typing ever stalling.
import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { startReceiver } from './receiver.mjs';
import { violations } from './axe.mjs';

let server;
test.afterEach(async () => { await server?.stop(); server = undefined; });

async function open(page, hash = '') {
  await page.goto(`${server.url}/designer/${hash}`);
  const editor = page.getByTestId('designer-editor');
  await expect(editor).not.toHaveValue('');
  await expect(page.getByTestId('designer-preview').getByTestId('rubric-widget').or(page.getByTestId('quiz'))).toBeVisible();
  return editor;
}

test('break a template, see the error at its line, jump there, undo; the preview waits, marked stale', async ({ page }) => {
  server = await startReceiver();
  const editor = await open(page);
  await expect(page.getByTestId('designer-status')).toHaveText('No problems found.');
  const text = await editor.inputValue();
  const at = text.indexOf('"rating"') + '"rating'.length; // just before the closing quote
  await editor.focus();
  await editor.evaluate((el, i) => el.setSelectionRange(i, i), at);
  await page.keyboard.press('Backspace');
  await expect(page.getByTestId('designer-status')).toHaveText('1 error, 0 warnings');
  const line = text.slice(0, at).split('\n').length;
  const issue = page.getByTestId('designer-issue');
  await expect(issue).toContainText(`Line ${line}, column`);
  await expect(issue).toContainText('criteria[0].type');
  await expect(issue).toContainText('did you mean "rating"');
  await expect(page.getByTestId('designer-stale')).toBeVisible();
  await expect(page.getByTestId('designer-preview').getByTestId('rubric-widget')).toBeVisible();

  // A click on the issue puts the caret at its line and column.
  await editor.evaluate((el) => el.setSelectionRange(0, 0));
  const col = Number((await issue.innerText()).match(/column (\d+)/)[1]);
  await issue.getByRole('button').click();
  await expect(editor).toBeFocused();
  const caret = await editor.evaluate((el) => el.selectionStart);
  const lines = (await editor.inputValue()).split('\n');
  expect(caret).toBe(lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + col - 1);

  // Undo is the text field's own.
  await page.keyboard.press('Control+z');
  await expect(editor).toHaveValue(text);
  await expect(page.getByTestId('designer-status')).toHaveText('No problems found.');
  await expect(page.getByTestId('designer-stale')).toHaveCount(0);
});

test('the preview: answers show their JSON, phone width, quiz mode with a quiz template', async ({ page }) => {
  server = await startReceiver();
  await open(page);
  const preview = page.getByTestId('designer-preview');
  await preview.locator('fieldset[data-criterion="helpfulness"] .rw-card label').nth(3).click();
  await expect(page.getByTestId('designer-output')).toContainText('"helpfulness"');
  await expect(page.getByTestId('designer-output')).toContainText('"value": 4');

  await page.getByTestId('width-narrow').check();
  expect((await preview.boundingBox()).width).toBeLessThanOrEqual(320);
  await expect(preview.getByTestId('rubric-widget')).toBeVisible();
  await page.getByTestId('width-wide').check();
  expect((await preview.boundingBox()).width).toBeGreaterThan(320);

  await page.getByTestId('mode-quiz').check();
  await expect(page.getByTestId('quiz-needs-quiz')).toBeVisible();
  await page.getByTestId('designer-template').selectOption({ label: 'Calibration quiz (helpful, honest, harmless)' });
  await expect(preview.getByTestId('quiz-step')).toHaveText('Item 1 of 12');
  await page.getByTestId('mode-review').check();
  await expect(preview.getByTestId('rubric-widget')).toBeVisible();
});

test('share by link (the rubric travels in the fragment) and download as a file', async ({ page, context }) => {
  server = await startReceiver();
  const editor = await open(page);
  await page.getByTestId('designer-template').selectOption({ label: 'Content moderation' });
  await expect(editor).toHaveValue(/content-moderation/);
  const text = await editor.inputValue();
  await page.getByTestId('designer-share').click();
  const link = await page.getByTestId('designer-link').inputValue();
  expect(link).toMatch(/\/designer\/#rubric=[A-Za-z0-9_-]+$/);
  const other = await context.newPage();
  const requests = [];
  other.on('request', (r) => requests.push(r.url()));
  await other.goto(link);
  await expect(other.getByTestId('designer-editor')).toHaveValue(text);
  expect(requests.some((u) => u.includes('#'))).toBe(false);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('designer-download').click()]);
  expect(download.suggestedFilename()).toBe('content-moderation.json');
  expect(fs.readFileSync(await download.path(), 'utf8')).toBe(text);
});

// A rubric of `criteria` rating criteria whose level descriptors are `length` characters of
// seeded random letters, so that deflate cannot shrink them much (about 0.7 bytes a character).
function randomRubric(criteria, length, seed) {
  let x = seed;
  const rand = () => { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; return (x >>> 0) / 2 ** 32; };
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const text = () => Array.from({ length }, () => (rand() < 0.15 ? ' ' : letters[Math.floor(rand() * letters.length)])).join('');
  return JSON.stringify({
    schema_version: '1.0', id: `random-${seed}`, version: '1', title: `Random ${seed}`,
    criteria: Array.from({ length: criteria }, (_, i) => ({
      id: `c${i}`, type: 'rating', title: `Criterion ${i}`,
      levels: [1, 2, 3, 4, 5].map((v) => ({ value: v, label: `L${v}`, descriptor: text() })),
    })),
  }, null, 2);
}

test('a long rubric: a link up to 32,000 characters round-trips, a longer one is refused in words; long links still open', async ({ page, context }) => {
  test.setTimeout(60_000);
  server = await startReceiver();
  const editor = await open(page);
  const openText = async (name, text) => {
    await page.getByTestId('designer-open').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
    await expect(editor).toHaveValue(text);
  };

  // Close to the limit: the link is made, copied and opens the same text.
  const near = randomRubric(14, 380, 7);
  await openText('near.json', near);
  await page.getByTestId('designer-share').click();
  const link = await page.getByTestId('designer-link').inputValue();
  expect(link.length).toBeGreaterThan(20_000);
  expect(link.length).toBeLessThanOrEqual(32_000);
  expect(await violations(page)).toEqual([]);
  const other = await context.newPage();
  await other.goto(link);
  await expect(other.getByTestId('designer-editor')).toHaveValue(near);
  await other.close();

  // More than 125 KB compressed (where building the link used to throw, and nothing happened):
  // no link, and the designer says why, in its live region.
  const big = randomRubric(100, 380, 11);
  const fragment = zlib.deflateRawSync(Buffer.from(big)).toString('base64url');
  expect(fragment.length * 3 / 4).toBeGreaterThan(125 * 1024);
  await openText('big.json', big);
  await expect(page.getByTestId('designer-link')).toHaveCount(0);
  await page.getByTestId('designer-share').click();
  const status = page.getByTestId('designer-share-status');
  await expect(status).toHaveAttribute('role', 'status');
  await expect(status.getByTestId('designer-link-too-long')).toHaveText(
    /^Too long for a link: this rubric would make a link of \d{3},\d{3} characters, and links over 32,000 characters get cut off by chat tools and browsers\. Use Download and send the file instead\.$/,
  );
  await expect(status.getByTestId('designer-link')).toHaveCount(0);
  // Editing takes the message away, as it takes a link away.
  await editor.focus();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(' ');
  await expect(status).toBeEmpty();

  // A link longer than the designer makes (by hand, or by an earlier version) still opens.
  const third = await context.newPage();
  await third.goto(`${server.url}/designer/#rubric=${fragment}`);
  await expect(third.getByTestId('designer-editor')).toHaveValue(big);
});

test('typing into a 50-criterion rubric never stalls; the preview follows after the pause', async ({ page }) => {
  server = await startReceiver();
  const editor = await open(page);
  const criteria = Array.from({ length: 50 }, (_, i) => ({
    id: `c${i}`, type: 'rating', title: `Criterion ${i}`, required: true,
    levels: [1, 2, 3, 4, 5].map((v) => ({ value: v, label: `L${v}`, descriptor: `Level ${v} of criterion ${i}.` })),
  }));
  const big = JSON.stringify({ schema_version: '1.0', id: 'big', version: '1', title: 'Big form', criteria }, null, 2);
  await page.getByTestId('designer-open').setInputFiles({ name: 'big.json', mimeType: 'application/json', buffer: Buffer.from(big) });
  await expect(editor).toHaveValue(big);
  const preview = page.getByTestId('designer-preview');
  await expect(preview.locator('fieldset[data-criterion]')).toHaveCount(50);
  // The long-form lint is listed with its line.
  await expect(page.getByTestId('designer-issue').filter({ hasText: '50 criteria make a very long form' })).toBeVisible();

  const at = big.indexOf('Big form') + 'Big form'.length;
  await editor.focus();
  await editor.evaluate((el, i) => el.setSelectionRange(i, i), at);
  const typed = ' renamed by typing';
  const started = Date.now();
  await page.keyboard.type(typed);
  const typingMs = Date.now() - started;
  await expect(editor).toHaveValue(big.replace('Big form', `Big form${typed}`));
  // Each keystroke is handled at once (no check runs until typing pauses).
  expect(typingMs / typed.length).toBeLessThan(100);
  await expect(preview.locator('.rw-title')).toHaveText(`Big form${typed}`, { timeout: 3000 });
});

test('keyboard only: choose a template, edit, reach the error and jump to it', async ({ page }) => {
  server = await startReceiver();
  const editor = await open(page);
  // Tab to the template picker and choose a template with the arrow keys.
  for (let i = 0; i < 20 && !(await page.getByTestId('designer-template').evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(page.getByTestId('designer-template')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(editor).toHaveValue(/pairwise-preference/);
  // Into the editor, break the last line, then Tab on to the error and press Enter.
  for (let i = 0; i < 20 && !(await editor.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(editor).toBeFocused();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('x');
  const issue = page.getByTestId('designer-issue').first().getByRole('button');
  await expect(issue).toBeVisible();
  for (let i = 0; i < 10 && !(await issue.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(issue).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(editor).toBeFocused();
  const caret = await editor.evaluate((el) => el.selectionStart);
  expect(caret).toBe((await editor.inputValue()).length - 1);
});

test('the preview renders each text once, after edits and template switches', async ({ page }) => {
  server = await startReceiver();
  const editor = await open(page);
  const preview = page.getByTestId('designer-preview');
  const texts = () => preview.locator('.rw-md').allInnerTexts();
  const before = await texts();
  expect(before.length).toBeGreaterThan(3);

  // A title edit re-renders the preview; every description, descriptor and the prompt stays single.
  const text = await editor.inputValue();
  const title = JSON.parse(text).title;
  await editor.fill(text.replace(`"title": "${title}"`, `"title": "${title} (edited)"`));
  await expect(preview).toContainText(`${title} (edited)`);
  expect(await texts()).toEqual(before);

  // Two template switches and back: nothing from another rubric stays, nothing is doubled.
  // The designer opened on the first template.
  const picker = page.getByTestId('designer-template');
  const [first, other] = await picker.locator('option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  await picker.selectOption(other);
  await expect(editor).not.toHaveValue(text);
  await expect(preview).not.toContainText(title);
  await picker.selectOption(first);
  await expect(editor).toHaveValue(text);
  await expect(preview).not.toContainText(`${title} (edited)`);
  await expect.poll(texts).toEqual(before);
});

test('editor and preview side by side from 1000 px, stacked on a phone', async ({ page }) => {
  server = await startReceiver();
  await page.setViewportSize({ width: 1280, height: 900 });
  const editor = await open(page);
  const preview = page.getByTestId('designer-preview');
  let [e, p] = [await editor.boundingBox(), await preview.boundingBox()];
  expect(p.x).toBeGreaterThanOrEqual(e.x + e.width);
  expect(p.y).toBeLessThan(e.y + e.height);
  await page.setViewportSize({ width: 390, height: 800 });
  await expect.poll(async () => (await preview.boundingBox()).y).toBeGreaterThan((await editor.boundingBox()).y + 100);
  [e, p] = [await editor.boundingBox(), await preview.boundingBox()];
  expect(p.x).toBeLessThan(e.x + e.width);
});
