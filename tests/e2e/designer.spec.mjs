// The rubric designer (issue 5): start from a template, break it, see every error at its line,
// jump there, undo, preview in both modes and at both widths, share by link, download, and
// type into a 50-criterion rubric without typing ever stalling. Issue 15: edits are kept on the
// device and offered back, and a template never silently replaces them.
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
  await preview.locator('fieldset[data-criterion="helpfulness"] label.rw-card').nth(3).click();
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

test('typing into a 50-criterion rubric checks nothing until the pause; then the preview follows', async ({ page }) => {
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
  // Every title the preview shows from here on (the preview is rebuilt from each check).
  await page.evaluate(() => {
    window.__titles = [];
    new MutationObserver(() => {
      const t = document.querySelector('[data-testid="designer-preview"] .rw-title')?.textContent;
      if (t && t !== window.__titles.at(-1)) window.__titles.push(t);
    }).observe(document.querySelector('[data-testid="designer-preview"]'), { subtree: true, childList: true, characterData: true });
  });
  const typed = ' renamed by typing';
  await page.keyboard.type(typed);
  await expect(editor).toHaveValue(big.replace('Big form', `Big form${typed}`));
  await expect(preview.locator('.rw-title')).toHaveText(`Big form${typed}`, { timeout: 3000 });
  // No check ran while the keys came: the preview went from the old title to the whole new one
  // (how long a key takes at this size is measured by the benchmark, not asserted here).
  expect(await page.evaluate(() => window.__titles)).toEqual([`Big form${typed}`]);
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
  // Tab indents in the editor: Escape, then Tab, leaves it.
  await page.keyboard.press('Escape');
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
  // The title edit is work: the designer is asked before it goes.
  await page.getByTestId('designer-replace-yes').click();
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
  // Nothing on the phone page is wider than the phone (the template picker was, by 6 px).
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

const DRAFT_KEY = 'rubric-designer:draft:v1';
const storedDraft = (page) => page.evaluate((k) => localStorage.getItem(k), DRAFT_KEY);

/** Puts `title` as the rubric's title by typing (a user's edit); returns the new text. */
async function retitle(page, editor, title) {
  const text = await editor.inputValue();
  const old = JSON.parse(text).title;
  const at = text.indexOf(`"title": "${old}"`) + `"title": "`.length;
  await editor.click();
  await editor.evaluate((el, [from, to]) => el.setSelectionRange(from, to), [at, at + old.length]);
  await page.keyboard.type(title);
  const edited = text.slice(0, at) + title + text.slice(at + old.length);
  await expect(editor).toHaveValue(edited);
  return edited;
}

test('edits are kept on the device: the next open asks, Restore brings them back, Discard drops them', async ({ page }) => {
  server = await startReceiver();
  let editor = await open(page);
  const start = await editor.inputValue();
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.type()); d.dismiss(); });
  // Nothing kept yet, nothing offered.
  await expect(page.getByTestId('designer-restore')).toHaveCount(0);
  expect(await storedDraft(page)).toBeNull();

  // Kept shortly after typing, without leaving the page.
  const edited = await retitle(page, editor, 'Kept on this device');
  await expect.poll(() => storedDraft(page)).toContain('Kept on this device');

  // The next open starts as it would, and asks.
  await page.reload();
  editor = await open(page);
  await expect(editor).toHaveValue(start);
  const offer = page.getByRole('region', { name: 'Restore your unsaved rubric?' });
  await expect(offer).toBeVisible();
  await expect(offer).toContainText('They differ from the rubric this page opened with.');
  await expect(page.getByTestId('designer-restore-status')).toHaveAttribute('role', 'status');
  expect(await violations(page)).toEqual([]);
  await offer.getByRole('button', { name: 'Restore' }).click();
  await expect(editor).toHaveValue(edited);
  await expect(page.getByTestId('designer-preview').locator('.rw-title')).toHaveText('Kept on this device');
  await expect(offer).toHaveCount(0);
  await expect(editor).toBeFocused();

  // More typing, and leaving at once: the page being left writes it (no wait, no question).
  await retitle(page, editor, 'Kept when leaving');
  await page.reload();
  editor = await open(page);
  await expect(offer).toBeVisible();
  expect(await storedDraft(page)).toContain('Kept when leaving');
  await offer.getByRole('button', { name: 'Discard' }).click();
  await expect(offer).toHaveCount(0);
  await expect(editor).toHaveValue(start);
  expect(await storedDraft(page)).toBeNull();
  await page.reload();
  editor = await open(page);
  await expect(editor).toHaveValue(start);
  await expect(page.getByTestId('designer-restore')).toHaveCount(0);
  // Everything was kept, so leaving never asked.
  expect(dialogs).toEqual([]);
});

test('a share link opened on purpose wins, and the kept draft is still offered beside it', async ({ page, context }) => {
  server = await startReceiver();
  const editor = await open(page);
  const edited = await retitle(page, editor, 'My unsaved work');
  await expect.poll(() => storedDraft(page)).toContain('My unsaved work');

  const shared = fs.readFileSync(new URL('../../examples/rubrics/content-moderation.json', import.meta.url), 'utf8');
  const other = await context.newPage();
  await other.goto(`${server.url}/designer/#rubric=${zlib.deflateRawSync(Buffer.from(shared)).toString('base64url')}`);
  const otherEditor = other.getByTestId('designer-editor');
  await expect(otherEditor).toHaveValue(shared);
  const offer = other.getByRole('region', { name: 'Restore your unsaved rubric?' });
  await expect(offer).toBeVisible();
  // Until it is answered, the draft is not overwritten, even by the shared text.
  await other.waitForTimeout(1500);
  expect(await storedDraft(other)).toContain('My unsaved work');
  await offer.getByRole('button', { name: 'Restore' }).click();
  await expect(otherEditor).toHaveValue(edited);
});

test('a template over edits asks first: Keep editing keeps them, Replace replaces them; a file too', async ({ page }) => {
  server = await startReceiver();
  const editor = await open(page);
  const picker = page.getByTestId('designer-template');
  const edited = await retitle(page, editor, 'Edited by hand');
  await expect.poll(() => storedDraft(page)).toContain('Edited by hand');

  await picker.selectOption({ label: 'Content moderation' });
  const ask = page.getByRole('alertdialog', { name: 'Replace your edited rubric with “Content moderation”?' });
  await expect(ask).toBeVisible();
  await expect(ask).toContainText('Your edits will be lost.');
  await expect(ask.getByRole('button', { name: 'Keep editing' })).toBeFocused();
  expect(await violations(page)).toEqual([]);
  await ask.getByRole('button', { name: 'Keep editing' }).click();
  await expect(ask).toHaveCount(0);
  await expect(editor).toHaveValue(edited);
  // The picker shows what it showed before the choice, and has the focus back.
  expect(await picker.evaluate((el) => el.selectedIndex)).toBe(0);
  await expect(picker).toBeFocused();

  await picker.selectOption({ label: 'Content moderation' });
  await ask.getByRole('button', { name: 'Replace' }).click();
  await expect(editor).toHaveValue(/content-moderation/);
  await expect(picker).toBeFocused();
  // The replaced edits were given up on purpose: no draft is kept of an unchanged template.
  await expect.poll(() => storedDraft(page)).toBeNull();
  // An unchanged template is replaced without a question.
  await picker.selectOption({ label: 'Pairwise preference' });
  await expect(editor).toHaveValue(/pairwise-preference/);
  await expect(page.getByTestId('designer-replace')).toHaveCount(0);

  // A file over edits asks in the same words, with the file's name.
  const mine = await retitle(page, editor, 'Edited again');
  const file = { name: 'other.json', mimeType: 'application/json', buffer: Buffer.from(edited) };
  await page.getByTestId('designer-open').setInputFiles(file);
  const askFile = page.getByRole('alertdialog', { name: 'Replace your edited rubric with “other.json”?' });
  await expect(askFile).toBeVisible();
  await askFile.getByRole('button', { name: 'Keep editing' }).click();
  await expect(editor).toHaveValue(mine);
  // The same file chosen again is asked about again, and opens.
  await page.getByTestId('designer-open').setInputFiles(file);
  await askFile.getByRole('button', { name: 'Replace' }).click();
  await expect(editor).toHaveValue(edited);
});

test('keyboard only: the restore offer and the replace question', async ({ page }) => {
  server = await startReceiver();
  let editor = await open(page);
  const start = await editor.inputValue();
  const edited = await retitle(page, editor, 'Keyboard work');
  await page.reload();
  editor = await open(page);
  const restore = page.getByTestId('designer-restore-yes');
  await expect(restore).toBeVisible();
  // The offer does not take the focus; Tab reaches it before the toolbar.
  for (let i = 0; i < 20 && !(await restore.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(restore).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('designer-restore-no')).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(editor).toHaveValue(edited);
  await expect(editor).toBeFocused();

  // Back to the template picker and down to a template: the question takes the focus.
  const picker = page.getByTestId('designer-template');
  await page.keyboard.press('Escape');
  for (let i = 0; i < 20 && !(await picker.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Shift+Tab');
  }
  await expect(picker).toBeFocused();
  await page.keyboard.press('ArrowDown');
  const keep = page.getByTestId('designer-keep-editing');
  await expect(keep).toBeFocused();
  // Escape keeps editing and gives the focus back to the picker.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('designer-replace')).toHaveCount(0);
  await expect(picker).toBeFocused();
  await expect(editor).toHaveValue(edited);
  // Enter on the focused answer keeps editing too.
  await page.keyboard.press('ArrowDown');
  await expect(keep).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(editor).toHaveValue(edited);
  await expect(picker).toBeFocused();
  // Tab to Replace and press Enter: the template comes in.
  await page.keyboard.press('ArrowDown');
  await expect(keep).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('designer-replace-yes')).toBeFocused();
  await page.keyboard.press('Enter');
  // The first template, which the page opened with.
  await expect(editor).toHaveValue(start);
});

test('when edits cannot be kept on the device the designer says so, and leaving asks first', async ({ page }) => {
  server = await startReceiver();
  // Storage full for the draft (the probe at start succeeds).
  await page.addInitScript((key) => {
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (k, v) {
      if (k === key) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return setItem.call(this, k, v);
    };
  }, DRAFT_KEY);
  const editor = await open(page);
  await expect(page.getByTestId('designer-not-kept')).toHaveCount(0);
  await retitle(page, editor, 'Nowhere to keep this');
  const warning = page.getByTestId('designer-not-kept');
  await expect(warning).toHaveText('Your edits could not be kept on this device (The quota has been exceeded). Download the rubric before you leave this page, or they will be lost.');
  await expect(warning).toHaveAttribute('role', 'alert');
  expect(await violations(page)).toEqual([]);
  const dialog = new Promise((resolve) => page.once('dialog', resolve));
  await page.close({ runBeforeUnload: true });
  const d = await dialog;
  expect(d.type()).toBe('beforeunload');
  await d.dismiss();
  // Dismissed, the page stays: closed here without asking again, so nothing is left pending
  // when the test's browser context closes (a race that failed a full run once).
  await page.close();
});

test('a language change mounts the designer again: the edits are offered back, in the new language', async ({ page }) => {
  server = await startReceiver();
  const editor = await open(page);
  const edited = await retitle(page, editor, 'Before the language change');
  // No wait: unmounting writes what is pending.
  await page.getByTestId('locale-picker').selectOption('de');
  const de = JSON.parse(fs.readFileSync(new URL('../../i18n/de.json', import.meta.url)));
  const offer = page.getByRole('region', { name: de.d_restore_question });
  await expect(offer).toBeVisible();
  await offer.getByRole('button', { name: de.d_restore }).click();
  await expect(page.getByTestId('designer-editor')).toHaveValue(edited);
  expect(await violations(page)).toEqual([]);
});

test('an edited sample task is kept and restored with the rubric', async ({ page }) => {
  server = await startReceiver();
  let editor = await open(page);
  const start = await editor.inputValue();
  await page.locator('.rd-sample summary').press('Enter'); // a key: under a full run's load a click once left it closed
  const sample = page.getByRole('textbox', { name: 'Sample task JSON' });
  const original = await sample.inputValue();
  const changed = original.replace('in two sentences', 'in one sentence');
  await sample.fill(changed);
  await sample.blur();
  const preview = page.getByTestId('designer-preview');
  await expect(preview).toContainText('in one sentence');
  // The rubric text is unchanged: the sample alone is work worth keeping.
  await page.reload();
  editor = await open(page);
  await expect(editor).toHaveValue(start);
  await page.getByTestId('designer-restore-yes').click();
  await page.locator('.rd-sample summary').press('Enter'); // a key: under a full run's load a click once left it closed
  await expect(sample).toHaveValue(changed);
  await expect(preview).toContainText('in one sentence');
});

test('the sample task shows the responses the rubric judges: one to rate, two to compare, all to rank; an edited one as written', async ({ page }) => {
  server = await startReceiver();
  const editor = await open(page);
  const preview = page.getByTestId('designer-preview');
  const picker = page.getByTestId('designer-template');
  const options = await picker.locator('option').evaluateAll((os) => os.map((o) => [o.value, o.textContent]));
  const pick = async (name) => {
    const [value] = options.find(([, text]) => text.startsWith(name));
    const before = await editor.inputValue();
    await picker.selectOption(value);
    await expect(editor).not.toHaveValue(before);
  };
  await pick('Pairwise');
  await expect(preview.locator('.rw-response-label')).toHaveText(['Response A', 'Response B']);
  await pick('Code');
  await expect(preview.locator('.rw-response')).toHaveCount(3);
  await pick('Helpful');
  await expect(preview.locator('.rw-response')).toHaveCount(1);
  await expect(preview.locator('.rw-responses-head h2')).toHaveText('Response');
  await expect(preview.locator('.rw-response-label')).toHaveText('Response');
  // The sample's box says why it lists three and the preview shows one.
  await page.locator('.rd-sample summary').press('Enter'); // a key: under a full run's load a click once left it closed
  await expect(page.getByTestId('sample-fewer')).toHaveText('The preview shows only the first response: this rubric rates one.');
  // Spacing is no edit; a changed word is: the designer's own sample is shown as written.
  const sample = page.getByRole('textbox', { name: 'Sample task JSON' });
  await sample.fill(`${await sample.inputValue()}  \n`);
  await sample.blur();
  await expect(preview.locator('.rw-response')).toHaveCount(1);
  await sample.fill((await sample.inputValue()).replace('in two sentences', 'in one sentence'));
  await sample.blur();
  await expect(preview).toContainText('in one sentence');
  await expect(preview.locator('.rw-response')).toHaveCount(3);
  await expect(page.getByTestId('sample-fewer')).toHaveCount(0);
});

// ---- The editor that helps (issue 15): colours, line marks, completion, indentation, snippets.

/** The coloured layer's text, line by line, as one string: it must always equal the editor's. */
async function layerText(page) {
  return page.locator('.rd-hl').evaluate((hl) => [...hl.children].map((l) => l.textContent).join('\n'));
}

/** The texts coloured as `kind` (a CSS highlight's name). */
async function painted(page, kind) {
  return page.evaluate((k) => [...(CSS.highlights.get(k) || [])].map((r) => r.toString()), kind);
}

/** Puts the caret at the end of the line that contains `needle`. */
async function caretAfterLine(editor, needle) {
  await editor.focus();
  await editor.evaluate((el, n) => {
    const i = el.value.indexOf('\n', el.value.indexOf(n));
    el.setSelectionRange(i, i);
  }, needle);
}

/** The blank rubric, the caret on a new line (Enter) after its criterion's title. */
async function newLineInBlankCriterion(page) {
  const editor = await open(page);
  await page.getByTestId('designer-template').selectOption({ label: 'Blank rubric' });
  await expect(editor).toHaveValue(/"Overall quality"/);
  await caretAfterLine(editor, '"title": "Overall quality"');
  await page.keyboard.press('Enter');
  return editor;
}

test('the editor colours the JSON over the real text, numbers its lines and marks the lines with problems', async ({ page }) => {
  server = await startReceiver();
  const editor = await open(page);
  const text = await editor.inputValue();
  expect(await layerText(page)).toBe(text);
  await expect(page.locator('.rd-hl .rd-l')).toHaveCount(text.split('\n').length);
  expect(await painted(page, 'rd-t-key')).toContain('"schema_version"');
  expect(await painted(page, 'rd-t-lit')).toContain('true');
  expect(await painted(page, 'rd-t-num')).toContain('1');
  // The textarea's own text is invisible, and sits exactly on its coloured twin.
  expect(await editor.evaluate((el) => getComputedStyle(el).color)).toBe('rgba(0, 0, 0, 0)');
  const [a, b] = [await editor.boundingBox(), await page.locator('.rd-hl').boundingBox()];
  expect(b).toEqual(a);

  // Typing within a line removes no node from the editor: a removed node anywhere ends the
  // browser's run of typing, and undo would take back one letter at a time.
  await editor.focus();
  await editor.evaluate((el) => {
    const i = el.value.indexOf('harmless"') + 'harmless'.length;
    el.setSelectionRange(i, i);
  });
  await page.locator('.rd-code').evaluate((el) => {
    window.removedInEditor = 0;
    new MutationObserver((ms) => { for (const m of ms) window.removedInEditor += m.removedNodes.length; })
      .observe(el, { childList: true, subtree: true });
  });
  await page.keyboard.type(' and kind');
  expect(await page.evaluate(() => window.removedInEditor)).toBe(0);
  expect(await layerText(page)).toBe(await editor.inputValue());
  for (let i = 0; i < 9 && (await editor.inputValue()) !== text; i++) await page.keyboard.press('Control+Z');
  await expect(editor).toHaveValue(text);

  // A mistake: the layer follows, its line is marked, its token drawn as an error; undo.
  await caretAfterLine(editor, '"title"');
  await page.keyboard.type(' xx');
  expect(await layerText(page)).toBe(await editor.inputValue());
  const line = text.slice(0, text.indexOf('"title"')).split('\n').length;
  await expect(page.getByTestId('designer-status')).toHaveText(/^1 error/);
  await expect(page.locator(`.rd-hl .rd-l:nth-child(${line})`)).toHaveClass(/rd-l-error/);
  expect(await painted(page, 'rd-t-bad')).toEqual(['xx']);
  await expect(page.getByTestId('designer-issue').first()).toHaveClass(/rd-error/);
  for (let i = 0; i < 3 && (await editor.inputValue()) !== text; i++) await page.keyboard.press('Control+Z');
  await expect(editor).toHaveValue(text);
  expect(await layerText(page)).toBe(text);
  await expect(page.getByTestId('designer-status')).toHaveText('No problems found.');
  await expect(page.locator('.rd-hl .rd-l-error')).toHaveCount(0);
  expect(await painted(page, 'rd-t-bad')).toEqual([]);

  // A warning is drawn apart from an error: its own colour, mark and line marker.
  const warned = text.replace('"id": "honesty",', '"id": "honesty", "visible_if": {"criterion": "helpfulness", "gt": 99},');
  await editor.fill(warned);
  await expect(page.getByTestId('designer-status')).toHaveText('0 errors, 1 warning');
  const warning = page.getByTestId('designer-issue').first();
  await expect(warning).toHaveClass(/rd-warning/);
  const warnLine = warned.slice(0, warned.indexOf('"gt": 99')).split('\n').length;
  await expect(page.locator(`.rd-hl .rd-l:nth-child(${warnLine})`)).toHaveClass(/rd-l-warning/);
  const colour = () => page.getByTestId('designer-issue').first().evaluate((el) => getComputedStyle(el).borderInlineStartColor);
  const warnColour = await colour();
  await editor.fill(text.replace('"type": "rating"', '"type": "ratings"'));
  await expect(page.getByTestId('designer-issue').first()).toHaveClass(/rd-error/);
  expect(await colour()).not.toBe(warnColour);
  // Lines wrap by default; the choice is kept on the device.
  await expect(page.locator('.rd-code')).not.toHaveClass(/rd-nowrap/);
  await page.getByTestId('designer-wrap').uncheck();
  await expect(page.locator('.rd-code')).toHaveClass(/rd-nowrap/);
  expect(await editor.getAttribute('wrap')).toBe('off');
  await page.reload();
  await expect(page.getByTestId('designer-wrap')).not.toBeChecked();
});

test('undo takes back a word typed where suggestions show in one step, not a letter at a time', async ({ page }) => {
  server = await startReceiver();
  const editor = await newLineInBlankCriterion(page);
  const before = await editor.inputValue();
  // Each letter changes the list of suggestions (it narrows as the name is typed).
  await page.keyboard.type('"descri');
  await expect(page.getByTestId('designer-suggestions').getByRole('option')).toHaveText(['description']);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+z');
  await expect(editor).toHaveValue(before);
  // The list opens again as it did, its items in place.
  // A click picks an item too, also one made for an earlier letter (its list was made again).
  await page.keyboard.type('"des');
  await expect(page.getByTestId('designer-suggestions').getByRole('option')).toHaveText(['description']);
  await page.getByTestId('designer-suggestions').getByRole('option').click();
  await expect(editor).toHaveValue(/\n {6}"description": "",/);
  await expect(editor).toBeFocused();
  // Enter with the caret inside a complete value takes the item: it never splits the word.
  await editor.evaluate((el) => { const i = el.value.indexOf('"rating"') + 4; el.setSelectionRange(i, i); });
  await page.keyboard.press('Control+Space');
  await expect(page.getByTestId('designer-suggestions').getByRole('option').first()).toHaveText('"rating"');
  await page.keyboard.press('Enter');
  await expect(editor).toHaveValue(/"type": "rating",\n/);
  await expect(page.getByTestId('designer-status')).toHaveText('No problems found.');
});

test('keyboard only: completion offers the fields a criterion may still have, then a type its values', async ({ page }) => {
  server = await startReceiver();
  // Enter keeps the indentation; typing a field name opens the suggestions by itself.
  const editor = await newLineInBlankCriterion(page);
  await page.keyboard.type('"desc');
  const list = page.getByTestId('designer-suggestions');
  await expect(list).toBeVisible();
  await expect(list.getByRole('option')).toHaveText(['description']);
  await expect(page.getByTestId('designer-suggestions-status')).toHaveText('1 suggestion: Up and Down to choose, Enter to insert, Escape to close.');
  expect(await editor.getAttribute('aria-activedescendant')).toBe('rd-s-0');
  await page.keyboard.press('Enter');
  await expect(list).toBeHidden();
  // Another member follows: the comma came with the field.
  await page.keyboard.type('Judge the answer, not its length.');
  await expect(editor).toHaveValue(/\n {6}"description": "Judge the answer, not its length.",\n {6}"required"/);
  await expect(page.getByTestId('designer-status')).toHaveText('No problems found.');
  await expect(page.getByTestId('designer-preview')).toContainText('Judge the answer, not its length.');

  // Ctrl+Space inside a criterion's type lists every type; the arrows choose; Enter replaces it.
  await editor.evaluate((el) => {
    const i = el.value.indexOf('"rating"') + 1;
    el.setSelectionRange(i, i);
  });
  await page.keyboard.press('Control+Space');
  await expect(list.getByRole('option')).toHaveText(['"rating"', '"single_choice"', '"multi_choice"', '"pairwise"', '"ranking"', '"text"', '"checklist"']);
  expect(await violations(page)).toEqual([]);
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowDown');
  await expect(list.getByRole('option', { selected: true })).toHaveText('"text"');
  await page.keyboard.press('Enter');
  await expect(editor).toHaveValue(/"type": "text",/);
  // A text criterion has no levels: the checker says so, and completion offers its own fields.
  await expect(page.getByTestId('designer-issue').first()).toContainText('unknown field "levels"');
  await caretAfterLine(editor, '"description"');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+Space');
  await expect(list.getByRole('option').first()).toHaveText('hotkeys');
  await expect(list.getByRole('option', { name: 'max_length' })).toBeVisible();
  await expect(list.getByRole('option', { name: 'levels' })).toHaveCount(0);
  // Escape closes the list and leaves the text as it was.
  const before = await editor.inputValue();
  await page.keyboard.press('Escape');
  await expect(list).toBeHidden();
  await expect(editor).toHaveValue(before);
  expect(await layerText(page)).toBe(before);
});

test('at phone width the suggestion list ends on screen, even at a caret near the editor\'s right edge', async ({ page }) => {
  server = await startReceiver();
  await page.setViewportSize({ width: 390, height: 844 });
  await newLineInBlankCriterion(page);
  await page.keyboard.type(' '.repeat(24));
  await page.keyboard.press('Control+Space');
  const list = page.getByTestId('designer-suggestions');
  await expect(list.getByRole('option').first()).toBeVisible();
  // Within the box that scrolls it (which clips it) and the screen, its start included.
  const [b, code] = [await list.boundingBox(), await page.locator('.rd-code').boundingBox()];
  expect(b.x).toBeGreaterThanOrEqual(code.x - 1);
  expect(b.x + b.width).toBeLessThanOrEqual(Math.min(code.x + code.width, 390) + 1);
  // Where there is room it stays at the caret: Escape, a caret at the line's start, again.
  await page.keyboard.press('Escape');
  for (let i = 0; i < 24; i++) await page.keyboard.press('Backspace');
  await page.keyboard.press('Control+Space');
  await expect(list.getByRole('option').first()).toBeVisible();
  expect((await list.boundingBox()).x).toBeLessThan(b.x);
});

test('keyboard only: Tab and Shift+Tab indent whole lines, undo takes them back, Escape then Tab leaves', async ({ page }) => {
  server = await startReceiver();
  const editor = await open(page);
  const text = await editor.inputValue();
  await editor.focus();
  await editor.evaluate((el) => el.setSelectionRange(0, el.value.indexOf('"title"')));
  await page.keyboard.press('Tab');
  const indented = await editor.inputValue();
  const lines = text.split('\n');
  const n = text.slice(0, text.indexOf('"title"')).split('\n').length;
  expect(indented.split('\n').slice(0, n)).toEqual(lines.slice(0, n).map((l) => (l ? `  ${l}` : l)));
  await page.keyboard.press('Shift+Tab');
  await expect(editor).toHaveValue(text);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Control+Z');
  await expect(editor).toHaveValue(text);
  expect(await layerText(page)).toBe(text);
  // Tab in the editor never moves the focus away; Escape then Tab does.
  await expect(editor).toBeFocused();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  await expect(editor).not.toBeFocused();
  await expect(page.locator('#rd-keys')).toHaveText(/Escape then Tab leaves the editor/);
  expect(await editor.getAttribute('aria-describedby')).toContain('rd-keys');
});

test('insert a criterion of any type after the one the caret is in; its title is selected to type over', async ({ page }) => {
  server = await startReceiver();
  const editor = await open(page);
  await editor.focus();
  await editor.evaluate((el) => {
    const i = el.value.indexOf('"Helpfulness"');
    el.setSelectionRange(i, i);
  });
  await page.getByTestId('designer-insert').selectOption('checklist');
  await expect(editor).toHaveValue(/"id": "checklist",\n\s+"type": "checklist"/);
  await expect(editor).toBeFocused();
  expect(await editor.evaluate((el) => el.value.slice(el.selectionStart, el.selectionEnd))).toBe('New checklist');
  await page.keyboard.type('Tone checks');
  const preview = page.getByTestId('designer-preview');
  const titles = preview.locator('legend');
  await expect(titles.filter({ hasText: 'Tone checks' })).toHaveCount(1);
  await expect(page.getByTestId('designer-status')).toHaveText('No problems found.');
  // It came right after the criterion the caret was in.
  const all = await titles.allInnerTexts();
  expect(all[all.findIndex((t) => t.includes('Helpfulness')) + 1]).toContain('Tone checks');
  expect(await layerText(page)).toBe(await editor.inputValue());
  // Broken JSON: nothing is inserted, and the designer says why.
  const broken = (await editor.inputValue()).replace('"criteria": [', '"criteria": [[');
  await editor.fill(broken);
  await page.getByTestId('designer-insert').selectOption('text');
  await expect(page.getByTestId('designer-insert-problem')).toContainText('Fix the JSON first');
  await expect(editor).toHaveValue(broken);
});

test('the judge kit: a prompt with the task\'s slots and a schema of every criterion, for a model rater; it follows the rubric', async ({ page }) => {
  server = await startReceiver();
  const editor = await open(page);
  const kit = page.getByTestId('designer-judge-kit');
  await kit.locator('summary').click();
  await expect(kit).toContainText('{{prompt}}');
  const save = async (id) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(id).click()]);
    return [download.suggestedFilename(), fs.readFileSync(await download.path(), 'utf8')];
  };
  const [promptName, prompt] = await save('designer-judge-prompt');
  expect(promptName).toBe('hhh.judge-prompt.md');
  expect(prompt).toContain('## Helpfulness (`helpfulness`, rating, required)');
  expect(prompt).toContain('{{responses}}');
  const [schemaName, schemaText] = await save('designer-judge-schema');
  expect(schemaName).toBe('hhh.judge-schema.json');
  const schema = JSON.parse(schemaText);
  const ids = [...(await editor.inputValue()).matchAll(/^ {6}"id": "([^"]+)"/gm)].map((m) => m[1]);
  expect(Object.keys(schema.properties.answers.properties)).toEqual(ids);
  expect(schema.properties.answers.properties.helpfulness.properties.value.enum).toEqual([1, 2, 3, 4, 5]);
  // An edit to the rubric is in the kit at once.
  await editor.fill((await editor.inputValue()).replace('"title": "Helpfulness"', '"title": "Usefulness"'));
  await expect(kit).toContainText('## Usefulness (`helpfulness`');
  expect(await violations(page)).toEqual([]);
});

test('templates chosen one after another: the last choice wins, even when an earlier one loads slower', async ({ page }) => {
  server = await startReceiver();
  const editor = await open(page);
  const picker = page.getByTestId('designer-template');
  // The first template answers late; the second at once.
  await page.route('**/helpful-honest-harmless.json', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 800));
    await route.continue();
  });
  await picker.selectOption({ label: 'Content moderation' });
  await expect(editor).toHaveValue(/content-moderation/);
  await picker.selectOption({ index: 1 });
  await picker.selectOption({ label: 'Pairwise preference' });
  await expect(editor).toHaveValue(/pairwise-preference/);
  await page.waitForTimeout(1200);
  await expect(editor).toHaveValue(/pairwise-preference/);
});
