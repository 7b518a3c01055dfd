// Languages (issue 7): the widget speaks English, Spanish, German, Japanese and Arabic from the
// shipped catalogues (i18n/*.json), chosen by the `locale` config or the browser's languages;
// Arabic lays the whole widget out right to left; numbers follow the locale; a rubric's own
// translations are used; a missing catalogue leaves a working English widget.
import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import { ReviewPage } from './review-page.mjs';
import { startReceiver } from './receiver.mjs';
import { violations } from './axe.mjs';

const catalogue = (locale) => JSON.parse(fs.readFileSync(new URL(`../../i18n/${locale}.json`, import.meta.url)));

let server;
test.afterEach(async () => { await server?.stop(); server = undefined; });

for (const locale of ['es', 'de', 'ja', 'ar']) {
  test(`${locale}: the review form in the catalogue's words, axe-clean, and ${locale === 'ar' ? 'mirrored' : 'left to right'}`, async ({ page }) => {
    const t = catalogue(locale);
    const r = new ReviewPage(page);
    await r.open(`example=helpful-honest-harmless&annotator=i18n-${locale}&locale=${locale}`);
    const root = page.locator('.rw-root');
    await expect(root).toHaveAttribute('lang', locale);
    await expect(root).toHaveAttribute('dir', locale === 'ar' ? 'rtl' : 'ltr');
    await expect(page.getByTestId('submit')).toHaveText(t.submit_review);
    await expect(page.locator('.rw-task .rw-section-title').first()).toHaveText(t.prompt);
    // The rubric and the task are English: marked so, inside a widget in another language.
    await expect(page.locator('.rw-title')).toHaveAttribute('lang', 'en');
    await expect(page.locator('.rw-task .rw-md').first()).toHaveAttribute('lang', 'en');
    await expect(r.criterion('helpfulness').locator('.rw-card-title').first()).toHaveAttribute('lang', 'en');
    expect(await violations(page)).toEqual([]);

    await r.submit();
    await expect(page.getByTestId('error-summary')).toBeFocused();
    // A rule's message from the core, in the language: "choose a level (required)".
    const required = t.need_required.replace('{hint}', t.need_level);
    await expect(r.criterion('helpfulness').locator('.rw-field-error')).toContainText(required);
    expect(await violations(page)).toEqual([]);

    if (locale === 'ar') {
      expect(await page.getByTestId('rubric-widget').evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
      // Mirrored: a checklist question sits at the right edge of its row, and the task (first
      // in the document) is to the right of the form on a wide screen.
      const item = r.criterion('checks').locator('.rw-check-item').first();
      const [legend, box] = [await item.locator('legend').boundingBox(), await item.boundingBox()];
      expect(legend.x + legend.width).toBeGreaterThan(box.x + box.width - 2);
      const [task, form] = [await page.locator('.rw-task').boundingBox(), await page.locator('.rw-form').boundingBox()];
      expect(task.x).toBeGreaterThan(form.x);
    }
  });
}

test.describe('with a German browser', () => {
  test.use({ locale: 'de-DE' });
  test('no locale configured: the browser language is used', async ({ page }) => {
    const r = new ReviewPage(page);
    await r.open('example=content-moderation&annotator=i18n-browser');
    await expect(page.locator('.rw-root')).toHaveAttribute('lang', 'de');
    await expect(page.getByTestId('submit')).toHaveText(catalogue('de').submit_review);
    // The rubric's own German translation too.
    await expect(page.locator('.rw-title')).toHaveText('Inhaltsmoderation');
  });
});

test('a rubric carries its own translations: texts change, answers and rules do not', async ({ page }) => {
  const r = new ReviewPage(page);
  await r.open('example=content-moderation&annotator=i18n-rubric&locale=ar');
  await expect(page.locator('.rw-title')).toHaveText('الإشراف على المحتوى');
  await expect(page.locator('.rw-title')).toHaveAttribute('lang', 'ar');
  await expect(page.locator('.rw-task .rw-md').first()).toHaveAttribute('lang', 'en');
  await expect(r.criterion('verdict').locator('legend')).toContainText('القرار');
  await expect(r.criterion('verdict').locator('.rw-card').nth(2)).toContainText('إزالة');
  await r.clickCard('verdict', 2);
  // Conditions still follow the values: "remove" shows the categories and requires a rationale.
  await expect(r.criterion('categories')).toBeVisible();
  await expect(r.criterion('categories').locator('.rw-card').first()).toContainText('مضايقة');
  await r.submit();
  const t = catalogue('ar');
  await expect(r.criterion('rationale').locator('.rw-field-error')).toContainText(t.need_required_because.split('{why}')[0].replace('{hint}', '').trim());
  // The answer that made it required is quoted as its question is, in the language's quotes.
  await expect(r.criterion('rationale').locator('.rw-field-error')).toContainText(t.cond_is.replace('{name}', 'القرار').replace('{v}', t.cond_name.replace('{name}', 'إزالة')));
  await r.clickCard('categories', 0);
  await r.clickCard('severity', 3);
  await r.textarea('rationale').fill('Section 4.2: threats against a named person.');
  await r.submit();
  await expect(page.getByTestId('done')).toBeVisible();
  const [sub] = await r.submits();
  expect(sub.answers.verdict).toEqual({ type: 'single_choice', value: 'remove' });
  expect(sub.answers.categories).toEqual({ type: 'multi_choice', values: ['harassment'] });
  expect(sub.rubric).toEqual({ id: 'content-moderation', version: '4.0' });

  // A language the widget does not ship: the rubric's French, the widget's English.
  await r.open('rubric=/fixtures/french-rubric.json&task=/fixtures/one-question-task.json&annotator=i18n-fr&locale=fr');
  await expect(page.locator('.rw-root')).toHaveAttribute('lang', 'en');
  await expect(page.locator('.rw-title')).toHaveText('Une question');
  await expect(r.criterion('quality').locator('.rw-card').nth(0)).toContainText('Mauvaise');
  await expect(r.criterion('quality').locator('.rw-card').nth(1)).toContainText('Fair');
  await expect(page.getByTestId('submit')).toHaveText('Submit review');
});

test('an unshipped locale and an unreachable catalogue both leave a working English form', async ({ page }) => {
  const r = new ReviewPage(page);
  await r.open('example=content-moderation&annotator=i18n-fr&locale=fr-CA');
  await expect(page.locator('.rw-root')).toHaveAttribute('lang', 'en');
  await expect(page.getByTestId('submit')).toHaveText('Submit review');

  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  await page.route('**/i18n/es.json', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await r.open('example=content-moderation&annotator=i18n-404&locale=es');
  await expect(page.getByTestId('submit')).toHaveText('Submit review');
  await expect(page.locator('.rw-root')).toHaveAttribute('dir', 'ltr');
  await r.clickCard('verdict', 0);
  await r.submit();
  await expect(page.getByTestId('done')).toBeVisible();
  expect(warnings.join('\n')).toContain('no es catalogue');
});

test('the demo switches language in place, Arabic mirrored, and the answers stay', async ({ page }) => {
  const r = new ReviewPage(page);
  await r.open('example=helpful-honest-harmless&annotator=i18n-switch&locale=en');
  await r.clickCard('helpfulness', 2);
  const picker = page.getByTestId('locale-picker');
  for (const locale of ['es', 'de', 'ja', 'ar', 'en']) {
    await picker.selectOption(locale);
    const t = locale === 'en' ? { submit_review: 'Submit review' } : catalogue(locale);
    await expect(page.getByTestId('submit')).toHaveText(t.submit_review);
    await expect(page.locator('.rw-root')).toHaveAttribute('dir', locale === 'ar' ? 'rtl' : 'ltr');
    await expect(r.cardInput('helpfulness', 2)).toBeChecked();
    // The reviewer never left: the answers are not announced as a draft restored.
    await expect(page.getByTestId('draft-restored')).toHaveCount(0);
  }
  expect(new URL(page.url()).searchParams.get('locale')).toBe('en');
});

test('quiz results in German and Arabic: words and numbers for the locale', async ({ page }) => {
  test.setTimeout(60_000); // two whole 12-item quizzes; 30 s is not enough on a loaded machine
  server = await startReceiver();
  for (const locale of ['de', 'ar']) {
    const t = catalogue(locale);
    await page.goto(`${server.url}/quiz/?trainee=i18n-${locale}&locale=${locale}&quiz=/fixtures/end-feedback-quiz.json`);
    await expect(page.getByTestId('quiz-step')).toHaveText(t.quiz_item_of.replace('{n}', new Intl.NumberFormat(locale).format(1)).replace('{total}', new Intl.NumberFormat(locale).format(12)));
    for (let n = 1; n <= 12; n++) {
      for (const id of ['helpfulness', 'honesty', 'harmlessness']) await page.locator(`fieldset[data-criterion="${id}"] label.rw-card`).nth(3).click();
      await page.locator('fieldset[data-criterion="issues"] label.rw-card').last().click();
      await page.getByTestId('submit').click();
    }
    await expect(page.getByTestId('quiz-results')).toBeVisible();
    await expect(page.locator('.rq-results h3').first()).toHaveText(t.quiz_per_criterion);
    // Percent agreement for helpfulness, as the locale writes a decimal number.
    const cell = page.locator('[data-testid="agreement-table"] tr[data-criterion="helpfulness"] td').nth(1);
    const decimal = new Intl.NumberFormat(locale, { minimumFractionDigits: 2 }).format(0.5).replace(/\d/g, '').replace(/[\u0660-\u0669]/g, '')[0];
    await expect(cell).toContainText(decimal);
    if (locale === 'ar') await expect(cell).toContainText('،'); // the interval, as the catalogue writes it
    else await expect(cell).toHaveText(/^\d,\d\d \[/);
    for (const d of await page.locator('.rq-results details').all()) await d.evaluate((el) => { el.open = true; });
    expect(await violations(page)).toEqual([]);
  }
});

test('the designer in Japanese, and in Arabic with its JSON still left to right', async ({ page }) => {
  await page.goto('./designer/?locale=ja');
  await expect(page.getByTestId('designer-preview').getByTestId('rubric-widget')).toBeVisible();
  await expect(page.getByTestId('designer-status')).toHaveText('エラーも警告もありません。');
  await expect(page.getByTestId('designer-preview').getByTestId('submit')).toHaveText(catalogue('ja').submit_review);
  expect(await violations(page)).toEqual([]);

  await page.goto('./designer/?locale=ar');
  await expect(page.getByTestId('designer-status')).toHaveText('لم يُعثر على مشكلات.');
  await expect(page.locator('.rw-root').first()).toHaveAttribute('dir', 'rtl');
  expect(await page.getByTestId('designer-editor').evaluate((el) => getComputedStyle(el).direction)).toBe('ltr');
  expect(await page.getByTestId('designer-preview').getByTestId('rubric-widget').evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
  // One error: the count in Arabic, the problem itself in English (it is for the author).
  await page.getByTestId('designer-editor').fill('{"schema_version": "1.0"');
  await expect(page.getByTestId('designer-status')).toHaveText(/خطأ واحد/);
  expect(await violations(page)).toEqual([]);
});

test('dates are written for the locale, in the reader\'s time zone', async ({ page }) => {
  const r = new ReviewPage(page);
  await r.open('example=content-moderation&annotator=i18n-date&locale=de');
  await r.clickCard('verdict', 0);
  await r.open('example=content-moderation&annotator=i18n-date&locale=de');
  // German medium date and short time: "25.11.2026, 14:03".
  await expect(page.getByTestId('draft-restored')).toContainText(/Ihr Entwurf vom \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} wurde wiederhergestellt\./);
  await expect(r.cardInput('verdict', 0)).toBeChecked();
});

test('keyboard only in Arabic: Tab, arrows and Space right to left, hotkeys from an Arabic layout', async ({ page }) => {
  const r = new ReviewPage(page);
  await r.open('example=content-moderation&annotator=i18n-kb&locale=ar');
  await expect(page.locator('.rw-root')).toHaveAttribute('dir', 'rtl');
  // An Arabic layout types "ق" on the key the rubric's hotkey "f" (flag) is on: the position counts.
  await page.evaluate(() => document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'ق', code: 'KeyF', bubbles: true, composed: true })));
  await expect(r.cardInput('verdict', 1)).toBeChecked();
  await expect(r.criterion('categories')).toBeVisible();
  await r.tabTo('fieldset[data-criterion="categories"] .rw-card-input');
  await page.keyboard.press('Space');
  await r.tabTo('fieldset[data-criterion="severity"] .rw-card-input');
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowDown');
  await expect(r.cardInput('severity', 1)).toBeChecked();
  await r.tabTo('fieldset[data-criterion="rationale"] textarea');
  await page.keyboard.type('البند 4.2 من السياسة');
  await r.tabTo('[data-testid="submit"]');
  await expect(page.locator(':focus')).toHaveText(catalogue('ar').submit_review);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('done')).toBeFocused();
  const [sub] = await r.submits();
  expect(sub.answers).toMatchObject({
    verdict: { value: 'flag' }, categories: { values: ['harassment'] }, severity: { value: 2 },
    rationale: { value: 'البند 4.2 من السياسة' },
  });
});

test('the quiz demo switches language mid-attempt and keeps the attempt', async ({ page }) => {
  server = await startReceiver();
  await page.goto(`${server.url}/quiz/?trainee=i18n-switch&quiz=/fixtures/end-feedback-quiz.json`);
  await expect(page.getByTestId('quiz-step')).toHaveText('Item 1 of 12');
  for (const id of ['helpfulness', 'honesty', 'harmlessness']) await page.locator(`fieldset[data-criterion="${id}"] label.rw-card`).nth(3).click();
  await page.locator('fieldset[data-criterion="issues"] label.rw-card').last().click();
  await page.getByTestId('submit').click();
  await expect(page.getByTestId('quiz-step')).toHaveText('Item 2 of 12');
  await page.getByTestId('locale-picker').selectOption('ja');
  await expect(page.getByTestId('quiz-step')).toHaveText('問題 2 / 12');
  await expect(page.getByTestId('quiz-resumed')).toHaveText('途中の受験を復元しました: 12 問中 1 問完了。');
  await page.getByTestId('locale-picker').selectOption('ar');
  await expect(page.locator('.rw-root')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByTestId('quiz-step')).toHaveText(catalogue('ar').quiz_item_of.replace('{n}', '2').replace('{total}', '12'));
});

test('in an Arabic widget an English task\'s details read left to right, key then value', async ({ page }) => {
  const r = new ReviewPage(page);
  await r.open('example=code-review&annotator=i18n-meta&locale=ar');
  const pair = page.locator('.rw-metadata > div').first();
  await expect(pair.locator('dt')).toHaveText('language');
  await expect(pair.locator('dd')).toHaveText('python');
  const [key, value] = await Promise.all(['dt', 'dd'].map((t) => pair.locator(t).evaluate((el) => el.getBoundingClientRect().left)));
  expect(key).toBeLessThan(value);
  expect(await pair.evaluate((el) => getComputedStyle(el).direction)).toBe('ltr');
});

test('in Arabic a question that needs attention is marked on its right, where it starts', async ({ page }) => {
  const r = new ReviewPage(page);
  await r.open('example=code-review&annotator=i18n-bar&locale=ar');
  await page.getByTestId('submit').click();
  const invalid = page.locator('fieldset.rw-invalid').first();
  await expect(invalid).toBeVisible();
  // An inset shadow drawn from the right has a negative x offset.
  expect(await invalid.evaluate((el) => getComputedStyle(el).boxShadow)).toMatch(/ -4px 0px 0px 0px inset/);
});

test('a broken rubric in Arabic: the frame in Arabic, each problem in English for its author, axe-clean', async ({ page }) => {
  const r = new ReviewPage(page);
  await r.open('rubric=/fixtures/broken-rubric.json&task=examples/tasks/code-review.json&locale=ar');
  await expect(page.getByTestId('config-error').locator('h2')).toContainText('لا يمكن عرض هذا النموذج');
  const message = page.locator('.rw-issue-msg').first();
  await expect(message).toHaveAttribute('lang', 'en');
  expect(await message.evaluate((el) => getComputedStyle(el).direction)).toBe('ltr');
  expect(await violations(page)).toEqual([]);
});

test('the catalogue, the rubric and the task load side by side, not one after another', async ({ page }) => {
  // Each request is held until all three have been asked for: loading them in turn would
  // never get past the first.
  const asked = new Set();
  let release;
  const all = new Promise((resolve) => { release = resolve; });
  const hold = (name) => async (route) => {
    asked.add(name);
    if (asked.size === 3) release();
    await all;
    await route.continue();
  };
  await page.route('**/i18n/es.json', hold('catalogue'));
  await page.route('**/examples/rubrics/code-review.json', hold('rubric'));
  await page.route('**/examples/tasks/code-review.json', hold('task'));
  await page.goto('./?example=code-review&annotator=i18n-parallel&locale=es');
  await expect(page.getByTestId('submit')).toHaveText(catalogue('es').submit_review);
  expect([...asked].sort()).toEqual(['catalogue', 'rubric', 'task']);
});
