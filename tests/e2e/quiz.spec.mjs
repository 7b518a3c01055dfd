// The calibration quiz (issue 4) on the bundled demo quiz, against the real receiver: a trainee
// takes it end to end by pointer and by keyboard, sees feedback after each item and every
// figure at the end, and the result is stored once.
import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import { startReceiver } from './receiver.mjs';
import { violations } from './axe.mjs';

const QUIZ = JSON.parse(fs.readFileSync(new URL('../../examples/quizzes/helpful-honest-harmless.json', import.meta.url)));
const RATINGS = ['helpfulness', 'honesty', 'harmlessness'];

/** The quiz item whose prompt is on screen. */
async function shownItem(page) {
  const prompt = await page.locator('.rw-task').first().innerText();
  const item = QUIZ.items.find((it) => prompt.includes(it.task.prompt.slice(0, 40)));
  expect(item, `a quiz item matches the prompt on screen: ${prompt.slice(0, 80)}`).toBeTruthy();
  return item;
}

let server;
test.afterEach(async () => { await server?.stop(); server = undefined; });

test('by pointer: feedback after each item, every figure at the end, the result stored once', async ({ page }) => {
  server = await startReceiver();
  await page.goto(`${server.url}/quiz/?trainee=pointer`);
  await expect(page.getByTestId('quiz-step')).toHaveText('Item 1 of 12');
  const seen = [];
  for (let n = 1; n <= 12; n++) {
    const item = await shownItem(page);
    seen.push(item.task.id);
    // The expert's rating on the first two criteria; always 3 on harmlessness (so some differ).
    for (const id of RATINGS) {
      const value = id === 'harmlessness' ? 3 : item.gold[id].value;
      await page.locator(`fieldset[data-criterion="${id}"] label.rw-card`).nth(value - 1).click();
    }
    await page.locator('fieldset[data-criterion="issues"]').getByLabel('None of these').check();
    // Free text is not scored, so the trainee may leave it empty even where the rubric
    // would require it (ratings of 2 or less): nothing that does not count holds them up.
    await page.getByTestId('submit').click();

    await expect(page.getByTestId('quiz-step')).toHaveText(`Item ${n} of 12: your answers and the experts'`);
    await expect(page.getByTestId('quiz-step')).toBeFocused();
    // The experts' notes quote the item: its prompt and response stay in view beside them.
    expect((await shownItem(page)).task.id).toBe(item.task.id);
    await expect(page.locator('.rw-response')).toHaveCount(item.task.responses.length);
    // The demo page lists each answered item among the widget's events as it happens.
    await expect(page.getByTestId('event-log').locator('li').first()).toContainText(`rubric-submit ${item.task.id}`);
    // Only what the experts answered: no row for the questions they left alone.
    expect(await page.getByTestId('feedback-row').evaluateAll((rows) => rows.map((r) => r.dataset.criterion))).toEqual(RATINGS);
    const help = page.locator('[data-testid="feedback-row"][data-criterion="helpfulness"]');
    await expect(help).toContainText('✓ Same as the experts');
    await expect(help.locator('.rq-explanation')).toContainText(item.explanations.helpfulness.slice(0, 30));
    const harm = page.locator('[data-testid="feedback-row"][data-criterion="harmlessness"]');
    // A near miss (one level off) is told apart from a large one.
    const off = Math.abs(item.gold.harmlessness.value - 3);
    await expect(harm).toContainText(off === 0 ? '✓ Same as the experts' : off === 1 ? "≈ Close: one level from the experts' answer" : '✗ Differs from the experts');
    await expect(harm).toHaveClass(off === 0 ? /rq-agree/ : off === 1 ? /rq-near/ : /rq-differ/);
    await page.getByTestId('quiz-next').click();
  }
  expect(new Set(seen).size).toBe(12);

  // Results: pass or not, the figures, matrices, formulas, disagreements, history.
  await expect(page.getByTestId('quiz-step')).toHaveText('Your results, attempt 1');
  const verdict = page.getByTestId('quiz-verdict');
  await expect(verdict).toContainText('quadratic weighted κ of at least 0.60 on every scored criterion');
  const table = page.getByTestId('agreement-table');
  await expect(table.locator('tr[data-criterion="helpfulness"]')).toContainText('1.00 [1.00, 1.00]');
  await expect(table.locator('tr[data-criterion="helpfulness"]')).toContainText('(almost perfect)');
  await expect(table.locator('tr[data-criterion="justification"]')).toContainText('not scored');
  const harmRow = await table.locator('tr[data-criterion="harmlessness"] td').allInnerTexts();
  expect(harmRow[0]).toBe('12');
  expect(harmRow[1]).toMatch(/^0\.\d\d \[/);
  await expect(page.getByTestId("confusion-matrix")).toHaveCount(3);
  await expect(table.locator("tr[data-criterion=\"checks\"]")).toContainText("not in this quiz");
  const matrix = page.getByTestId('confusion-matrix').filter({ hasText: 'Harmlessness' });
  await expect(matrix.locator('svg[role="img"]')).toHaveAttribute('aria-label', /heatmap/);
  // It reads on its own: who is on which axis, and what the shades mean.
  await expect(matrix.locator('svg .rq-axis')).toHaveText(['Experts', 'You']);
  await expect(matrix.locator('.rq-legend')).toContainText('your answer in its row');
  const cell = await matrix.locator('svg rect').first().boundingBox();
  expect(cell.width).toBeGreaterThanOrEqual(40);
  await matrix.getByText('Show as a table').click();
  await expect(matrix.locator('table')).toBeVisible();
  const formula = page.getByTestId('formula').first();
  await formula.locator('summary').click();
  await expect(formula).toContainText('Observed agreement pₒ = matching answers / items = 12 / 12 = 1.000');
  const harmGold3 = QUIZ.items.filter((it) => it.gold.harmlessness.value === 3).length;
  await expect(page.getByTestId('disagreement')).toHaveCount(12 - harmGold3);
  // Plain words lead: how many answers matched, and where the trainee leans.
  const text = new Set(QUIZ.rubric.criteria.filter((c) => c.type === 'text').map((c) => c.id));
  const total = QUIZ.items.reduce((n, it) => n + Object.keys(it.gold).filter((id) => !text.has(id)).length, 0);
  const summary = page.getByTestId('quiz-summary');
  await expect(summary).toContainText(`${total - (12 - harmGold3)} of ${total} answers matched the experts'.`);
  const lean = QUIZ.items.reduce((n, it) => n + (3 - it.gold.harmlessness.value), 0) / QUIZ.items.length;
  const levels = Math.round(Math.abs(lean));
  expect(levels).toBeGreaterThan(0); // always 3, where the experts mostly said 4
  await expect(summary).toContainText(`On “Harmlessness” you rate ${lean > 0 ? 'higher' : 'lower'} than the experts, by about ${levels} level`);
  await expect(page.getByTestId('disagreement').first()).toContainText('You: 3 · ');
  await expect(page.getByTestId('history').locator('tbody tr')).toHaveCount(1);
  // The history's figure is named for what it is, the pass rule's κ, not read as a share of
  // matching answers ("Mean agreement 0.05" where a third of the answers matched).
  await expect(page.getByTestId('history').locator('thead')).toContainText('Mean quadratic weighted κ');

  // The result reached the receiver, once, with the figures and every answer.
  await expect.poll(async () => (await (await fetch(`${server.url}/api/quiz-results`)).json()).length).toBe(1);
  // The trainee is told in their words: a quiz result, not a review.
  const sent = page.getByTestId('outbox-entry');
  // Named by the quiz it is a result of.
  await expect(sent.locator('strong')).toHaveText('Calibration: helpful, honest, harmless');
  await expect(sent).toContainText('Submitted: the server has your quiz result.');
  const [stored] = await (await fetch(`${server.url}/api/quiz-results`)).json();
  expect(stored.result.trainee).toBe('pointer');
  expect(stored.result.attempt).toBe(1);
  expect(stored.result.items.map((i) => i.task_id)).toEqual(seen);
  expect(stored.result.criteria.helpfulness.kappa_quadratic.value).toBe(1);
  expect(stored.result.passed).toBe(false);

  // Retry: a new attempt in a new order, numbered 2.
  await page.getByTestId('quiz-retry').click();
  await expect(page.getByTestId('quiz-step')).toHaveText('Item 1 of 12');
  await expect(page.getByTestId('quiz-step')).toBeFocused();
});

test('by keyboard only: hotkeys, Tab and Enter through a whole quiz with feedback at the end', async ({ page }) => {
  server = await startReceiver();
  // The same quiz with feedback only at the end, served from the fixtures.
  await page.goto(`${server.url}/quiz/?trainee=keys&quiz=/fixtures/end-feedback-quiz.json`);
  await expect(page.getByTestId('quiz-step')).toHaveText('Item 1 of 12');
  for (let n = 1; n <= 12; n++) {
    await expect(page.getByTestId('quiz-step')).toHaveText(`Item ${n} of 12`);
    await page.getByTestId('quiz-step').focus();
    for (const key of ['4', 'r', 'f']) await page.keyboard.press(key);
    // Tab to "None of these", tick it with Space, then on to the button.
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement?.labels?.[0]?.textContent?.includes('None of these'))) break;
    }
    await page.keyboard.press('Space');
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement?.dataset.testid === 'submit')) break;
    }
    await expect(page.getByTestId('submit')).toHaveText('Next item');
    await page.keyboard.press('Enter');
  }
  await expect(page.getByTestId('quiz-step')).toHaveText('Your results, attempt 1');
  await expect(page.getByTestId('quiz-step')).toBeFocused();
  await expect(page.getByTestId('agreement-table').locator('tr[data-criterion="helpfulness"] td').nth(0)).toHaveText('12');
  await expect(page.getByTestId('disagreement').first()).toBeVisible();
  await expect.poll(async () => (await (await fetch(`${server.url}/api/quiz-results`)).json()).length).toBe(1);
});

test('a broken quiz shows every problem with its place, not a quiz', async ({ page }) => {
  server = await startReceiver();
  await page.goto(`${server.url}/quiz/?quiz=/fixtures/broken-rubric.json`);
  await expect(page.getByTestId('config-error')).toContainText('In the quiz (/fixtures/broken-rubric.json)');
  await expect(page.getByTestId('quiz')).toHaveCount(0);
});

test('an attempt in progress survives a reload', async ({ page }) => {
  server = await startReceiver();
  await page.goto(`${server.url}/quiz/?trainee=reload&quiz=/fixtures/end-feedback-quiz.json`);
  for (let n = 1; n <= 2; n++) {
    await expect(page.getByTestId('quiz-step')).toHaveText(`Item ${n} of 12`);
    for (const id of RATINGS) await page.locator(`fieldset[data-criterion="${id}"] label.rw-card`).nth(3).click();
    await page.locator('fieldset[data-criterion="issues"]').getByLabel('None of these').check();
    await page.getByTestId('submit').click();
  }
  await expect(page.getByTestId('quiz-step')).toHaveText('Item 3 of 12');
  await page.reload();
  await expect(page.getByTestId('quiz-resumed')).toHaveText('Your attempt in progress was restored: 2 of 12 items done.');
  await expect(page.getByTestId('quiz-step')).toHaveText('Item 3 of 12');
});

test('a shuffled pairwise quiz: the same preference shown the other way round agrees with the experts', async ({ page }) => {
  server = await startReceiver();
  await page.goto(`${server.url}/quiz/?quiz=/fixtures/shuffled-pairwise-quiz.json&trainee=pairs`);
  let flipped = 0;
  for (let n = 1; n <= 6; n++) {
    await expect(page.getByTestId('quiz-step')).toHaveText(`Item ${n} of 6`);
    // The experts prefer the careful answer strongly; say the same, whichever side it is on.
    // The pair is the first two responses shown (A first); "x" is the careful one.
    const carefulIsA = (await page.locator('.rw-response').first().getAttribute('data-response')) === 'x';
    if (!carefulIsA) flipped += 1;
    await page.locator('fieldset[data-criterion="preference"] label.rw-card').nth(carefulIsA ? 0 : 4).click();
    await page.getByTestId('submit').click();
    const row = page.locator('[data-testid="feedback-row"][data-criterion="preference"]');
    await expect(row).toContainText('✓ Same as the experts');
    // Beside the feedback the pair is shown as it was answered: the same side, the same label.
    await expect(page.locator('.rw-response').first()).toHaveAttribute('data-response', carefulIsA ? 'x' : /^(?!x$)/);
    await expect(page.locator('.rw-response').first().locator('h3')).toHaveText('Response A');
    await page.getByTestId('quiz-next').click();
  }
  // The shuffle showed some pairs the other way round, or this test would prove nothing.
  expect(flipped).toBeGreaterThan(0);
  expect(flipped).toBeLessThan(6);
  await expect(page.getByTestId('quiz-step')).toHaveText('Your results, attempt 1');
  // Percent agreement, the second column: every item agreed.
  const agreement = page.getByTestId('agreement-table').locator('tr[data-criterion="preference"] td').nth(1);
  await expect(agreement).toHaveText(/^(100\s?%|1\.00)/);
});

test('on a phone the results tables stack, a card per row with labelled values: nothing scrolls sideways at 320 px, in English or German', async ({ page }) => {
  test.setTimeout(90_000); // two whole 12-item quizzes on a loaded machine
  server = await startReceiver();
  const de = JSON.parse(fs.readFileSync(new URL('../../i18n/de.json', import.meta.url)));
  for (const locale of ['en', 'de']) {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${server.url}/quiz/?trainee=phone-${locale}&locale=${locale}&endpoint=&quiz=/fixtures/end-feedback-quiz.json`);
    for (let n = 1; n <= 12; n++) {
      for (const id of RATINGS) await page.locator(`fieldset[data-criterion="${id}"] label.rw-card`).nth(3).click();
      await page.locator('fieldset[data-criterion="issues"] label.rw-card').last().click();
      await page.getByTestId('submit').click();
    }
    const table = page.getByTestId('agreement-table');
    await expect(table).toBeVisible();
    // Wide, a table: rows and cells, as screen readers read tables.
    await expect(table.locator('tbody tr').first()).toHaveCSS('display', 'table-row');
    await page.setViewportSize({ width: 320, height: 700 });
    for (const d of await page.locator('.rq-results details').all()) await d.evaluate((el) => { el.open = true; });
    await expect(table.locator('tbody tr').first()).toHaveCSS('display', 'block');
    // Every value under its column's words.
    const cell = table.locator('tr[data-criterion="helpfulness"] td').nth(1);
    const label = await cell.evaluate((el) => getComputedStyle(el, '::before').content);
    expect(label).toBe(JSON.stringify(locale === 'de' ? de.col_agreement : 'Agreement'));
    // Neither the page nor any table scrolls sideways.
    const wide = await page.evaluate(() => [document.documentElement, ...document.querySelectorAll('.rq-table')]
      .filter((el) => el.scrollWidth > el.clientWidth + 1)
      .map((el) => `${el.className || el.tagName}: ${el.scrollWidth} > ${el.clientWidth}`));
    expect(wide).toEqual([]);
    expect(await violations(page)).toEqual([]);
  }
});
