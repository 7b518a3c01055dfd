// The review form end to end: every criterion type by pointer and by keyboard, rules and
// messages, drafts across reloads, narrow screens, and hostile content.
import { test, expect } from '@playwright/test';
import { ReviewPage } from './review-page.mjs';
import { checklistItemsOffTheirRow } from './layout.mjs';
import { HHH_REVIEW } from './hhh-review.mjs';
import { violations } from './axe.mjs';
import { rubric as longRubric, task as longTask } from '../../bench/workload.mjs';

test('helpful-honest-harmless: ratings, multi choice, checklist and text by pointer', async ({ page }) => {
  const r = new ReviewPage(page);
  await r.open('example=helpful-honest-harmless&annotator=ann-7');
  for (const [id, index] of HHH_REVIEW.cards) await r.clickCard(id, index);
  for (const [id, item, choice] of HHH_REVIEW.checks) await r.check(id, item, choice);
  await r.textarea('justification').fill(HHH_REVIEW.justification);
  await expect(page.getByTestId('progress')).toContainText('6 of 6 answered');
  await r.submit();
  await expect(page.getByTestId('done')).toBeVisible();
  const [sub] = await r.submits();
  expect(sub.schema_version).toBe('1.1');
  expect(sub.submission_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(sub.rubric).toEqual({ id: 'hhh', version: '2.1' });
  expect(sub.task_id).toBe('task-hhh-0042');
  expect(sub.annotator).toBe('ann-7');
  expect(sub.answers).toEqual(HHH_REVIEW.answers);
  expect(sub.client).toEqual({ name: 'rubric-widget', version: expect.any(String) });
  expect(Date.parse(sub.submitted_at)).toBeGreaterThanOrEqual(Date.parse(sub.started_at));
  expect(sub.active_ms).toBeGreaterThan(0);
  // The demo page shows what the widget emitted.
  await expect(page.getByTestId('submission-json')).toContainText('"task_id": "task-hhh-0042"');
  // A second submit of a finished form is impossible.
  await expect(page.getByTestId('submit')).toHaveCount(0);
});

test('every choice carries the value its answer is written with: a host fills the form by the answers alone', async ({ page }) => {
  const r = new ReviewPage(page);
  await r.open('example=helpful-honest-harmless&annotator=ann-values');
  const field = (id) => page.locator(`fieldset[data-criterion="${id}"]`);
  const { answers } = HHH_REVIEW;
  for (const id of ['helpfulness', 'honesty', 'harmlessness']) {
    await field(id).locator(`input[value="${answers[id].value}"]`).check();
  }
  for (const v of answers.issues.values) await field('issues').locator(`input[value="${v}"]`).check();
  // A checklist's items in the rubric's order, each with yes, no and na.
  for (const [k, answer] of Object.values(answers.checks.items).entries()) {
    await field('checks').locator(`[data-item="${k}"] input[value="${answer}"]`).check();
  }
  await r.textarea('justification').fill(answers.justification.value);
  await r.submit();
  const [sub] = await r.submits();
  expect(sub.answers).toEqual(answers);
});

test('exclusive "none of these" clears the other options and vice versa', async ({ page }) => {
  const r = new ReviewPage(page);
  await r.open();
  await r.clickCard('issues', 0);
  await r.clickCard('issues', 1);
  await r.clickCard('issues', 4);
  await expect(r.cardInput('issues', 4)).toBeChecked();
  await expect(r.cardInput('issues', 0)).not.toBeChecked();
  await expect(r.cardInput('issues', 1)).not.toBeChecked();
  await r.clickCard('issues', 3);
  await expect(r.cardInput('issues', 4)).not.toBeChecked();
  await expect(r.cardInput('issues', 3)).toBeChecked();
});

test('pairwise: preference, a condition it controls, and "both bad"', async ({ page }) => {
  const r = new ReviewPage(page);
  await r.open('example=pairwise-preference&annotator=ann-1');
  await expect(r.criterion('deciding_factor')).toBeHidden();
  await r.clickCard('preference', 3); // "About the same"
  await expect(r.criterion('deciding_factor')).toBeHidden();
  await r.clickCard('preference', 0); // "A is much better"
  await expect(r.criterion('deciding_factor')).toBeVisible();
  await r.clickCard('deciding_factor', 0);
  await r.textarea('rationale').fill('A is correct about p-values; B is wrong.');
  await r.submit();
  const [sub] = await r.submits();
  expect(sub.response_order.slice().sort()).toEqual(['model-x', 'model-y']);
  expect(sub.answers.preference).toEqual({ type: 'pairwise', a: sub.response_order[0], b: sub.response_order[1], value: -3, both_bad: false });
  expect(sub.answers.deciding_factor).toEqual({ type: 'single_choice', value: 'correctness' });
  // Responses are named by position, never by the task's labels or model ids (blind judging).
  await expect(page.locator('.rw-response-label')).toHaveText(['Response A', 'Response B']);
});

test('pairwise "both bad" replaces the preference', async ({ page }) => {
  const r = new ReviewPage(page);
  await r.open('example=pairwise-preference');
  await r.clickCard('preference', 5);
  await r.criterion('preference').getByLabel('Both responses are bad').check();
  await expect(r.cardInput('preference', 5)).not.toBeChecked();
  await r.clickCard('deciding_factor', 0);
  await r.textarea('rationale').fill('Neither explains it correctly.');
  await r.submit();
  const [sub] = await r.submits();
  expect(sub.answers.preference).toMatchObject({ type: 'pairwise', value: null, both_bad: true });
});

test('ranking by drag, with a tie, and checklist by pointer', async ({ page }) => {
  const r = new ReviewPage(page);
  await r.open('example=code-review');
  const items = r.criterion('ranking').locator('.rw-rank-item');
  await expect(items).toHaveCount(3);
  await items.nth(2).dragTo(items.nth(0));
  await expect(items.nth(0)).toHaveAttribute('data-response', 'patch-3');
  await items.nth(2).getByLabel('Tied with the one above').check();
  await r.clickCard('best_correctness', 3);
  for (let i = 0; i < 3; i++) await r.check('review_checks', i, 'Yes');
  await r.submit();
  const [sub] = await r.submits();
  expect(sub.answers.ranking).toEqual({ type: 'ranking', order: [['patch-3'], ['patch-1', 'patch-2']] });
  expect(sub.answers.review_checks.items).toEqual({ compiles: 'yes', style: 'yes', tests: 'yes' });
  expect(sub.answers.comment).toBeUndefined();
});

test('keyboard only: hotkeys, Tab, Space, arrows, ranking buttons and Enter', async ({ page }) => {
  const r = new ReviewPage(page);
  await r.open('example=code-review');
  // Ranking: move the first patch down with its button; focus follows the moved item.
  await r.tabTo('.rw-rank-item:nth-child(1) button[aria-label^="Move"][aria-label$="down"]');
  await page.keyboard.press('Enter');
  await expect(r.criterion('ranking').locator('.rw-rank-item').nth(1)).toHaveAttribute('data-response', 'patch-1');
  await expect(page.locator(':focus')).toHaveAttribute('aria-label', 'Move Patch 1 down');
  await page.keyboard.press('Enter');
  await expect(r.criterion('ranking').locator('.rw-rank-item').nth(2)).toHaveAttribute('data-response', 'patch-1');
  // On a row's button the arrow keys move the row, one key a step; focus stays with it.
  await page.keyboard.press('ArrowUp');
  await expect(r.criterion('ranking').locator('.rw-rank-item').nth(1)).toHaveAttribute('data-response', 'patch-1');
  await expect(page.locator(':focus')).toHaveAttribute('aria-label', 'Move Patch 1 up');
  await page.keyboard.press('ArrowDown');
  await expect(r.criterion('ranking').locator('.rw-rank-item').nth(2)).toHaveAttribute('data-response', 'patch-1');
  // Rating by hotkey (focus is on a button, not in a text field).
  await page.keyboard.press('3');
  await expect(r.cardInput('best_correctness', 2)).toBeChecked();
  // Checklist by Tab and Space on each item's first radio ("Yes").
  for (let i = 1; i <= 3; i++) {
    await r.tabTo(`fieldset[data-criterion="review_checks"] .rw-check-item:nth-child(${i}) input[type=radio]`);
    await page.keyboard.press('Space');
  }
  // Arrow keys move within a radio group: the last item becomes "No".
  await page.keyboard.press('ArrowRight');
  await r.tabTo('[data-testid="submit"]');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('done')).toBeVisible();
  const [sub] = await r.submits();
  expect(sub.answers.ranking.order).toEqual([['patch-2'], ['patch-3'], ['patch-1']]);
  expect(sub.answers.best_correctness.value).toBe(3);
  expect(sub.answers.review_checks.items).toEqual({ compiles: 'yes', style: 'yes', tests: 'no' });
});

test('keyboard only: hotkeys for every rating, typing a justification, multi choice with Space', async ({ page }) => {
  const r = new ReviewPage(page);
  await r.open();
  await page.keyboard.press('2');
  await page.keyboard.press('w');
  await page.keyboard.press('f');
  await expect(r.cardInput('helpfulness', 1)).toBeChecked();
  await expect(r.cardInput('honesty', 1)).toBeChecked();
  await expect(r.cardInput('harmlessness', 3)).toBeChecked();
  await r.tabTo('fieldset[data-criterion="issues"] .rw-card-input');
  await page.keyboard.press('Space');
  await r.tabTo('fieldset[data-criterion="justification"] textarea');
  await page.keyboard.type('Leaves out 3 of the 4 steps asked for.');
  // Hotkeys are suppressed while typing: "1" and "5" went into the text, not the ratings.
  await expect(r.cardInput('helpfulness', 1)).toBeChecked();
  await r.tabTo('[data-testid="submit"]');
  await page.keyboard.press('Enter');
  const [sub] = await r.submits();
  expect(sub.answers.helpfulness.value).toBe(2);
  expect(sub.answers.justification.value).toBe('Leaves out 3 of the 4 steps asked for.');
  expect(sub.answers.issues.values).toEqual(['factual_error']);
});

test('hotkeys can be switched off', async ({ page }) => {
  const r = new ReviewPage(page);
  await r.open();
  await page.getByLabel('Use single-key shortcuts').uncheck();
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('3');
  await expect(r.cardInput('helpfulness', 2)).not.toBeChecked();
});

test('a failed submit focuses the error summary, which names every problem and leads to it', async ({ page }) => {
  const r = new ReviewPage(page);
  await r.open();
  // A minimum that applies only once the answer is required is shown from the start.
  const counter = r.criterion('justification').locator('.rw-counter');
  await expect(counter).toHaveText('0 / 2,000 characters (at least 20)');
  await r.clickCard('helpfulness', 0);
  await r.submit();
  const summary = page.getByTestId('error-summary');
  await expect(summary).toBeFocused();
  await expect(summary).toContainText('4 questions need attention');
  await expect(summary.locator('li')).toHaveText([
    'Honesty: choose a level (required)',
    'Harmlessness: choose a level (required)',
    'Problems present: choose at least 1 option (required)',
    // Why, in the reviewer's terms: the one part of the rule their answer met.
    'Justification: write at least 20 characters (required because "Helpfulness" is at most 2)',
  ]);
  await expect(r.criterion('honesty').locator('.rw-field-error')).toHaveText('! choose a level (required)');
  await summary.getByRole('button', { name: /^Harmlessness/ }).click();
  await expect(r.criterion('harmlessness')).toBeFocused();
  // Fixing an answer updates the messages at once.
  await r.clickCard('helpfulness', 4);
  await expect(r.criterion('justification').locator('.rw-field-error')).toBeEmpty();
  await r.textarea('justification').fill('short');
  await expect(r.criterion('justification').locator('.rw-field-error')).toHaveText('! write at least 20 characters (5 so far)');
  await expect(counter).toHaveText('5 / 2,000 characters (at least 20)');
  expect(await r.submits()).toEqual([]);
});

test('conditions show and hide criteria; hidden answers are not submitted', async ({ page }) => {
  const r = new ReviewPage(page);
  await r.open('example=content-moderation');
  await expect(r.criterion('categories')).toBeHidden();
  await r.clickCard('verdict', 2); // remove
  await expect(r.criterion('categories')).toBeVisible();
  await expect(r.criterion('severity')).toBeVisible();
  await r.clickCard('categories', 0);
  await r.clickCard('verdict', 0); // allow
  await expect(r.criterion('categories')).toBeHidden();
  await r.submit();
  const [sub] = await r.submits();
  expect(Object.keys(sub.answers)).toEqual(['verdict']);
});

test('tension guidance appears once both criteria are answered', async ({ page }) => {
  const r = new ReviewPage(page);
  await r.open();
  const note = page.getByTestId('tension');
  await expect(note).toBeHidden();
  await r.clickCard('helpfulness', 0);
  await expect(note).toBeHidden();
  await r.clickCard('harmlessness', 4);
  await expect(note).toBeVisible();
  await expect(note).toContainText('A refusal is not automatically');
});

test('a draft survives a reload, then is cleared by submitting', async ({ page }) => {
  const r = new ReviewPage(page);
  await r.open('example=code-review&annotator=draft-test');
  const items = r.criterion('ranking').locator('.rw-rank-item');
  await items.nth(2).dragTo(items.nth(0));
  await r.clickCard('best_correctness', 1);
  await r.check('review_checks', 0, 'No');
  await r.textarea('comment').fill('Swallows every exception');
  await page.reload();
  await expect(page.getByTestId('draft-restored')).toBeVisible();
  await expect(items.nth(0)).toHaveAttribute('data-response', 'patch-3');
  await expect(r.cardInput('best_correctness', 1)).toBeChecked();
  await expect(r.criterion('review_checks').locator('.rw-check-item').nth(0).getByLabel('No', { exact: true })).toBeChecked();
  await expect(r.textarea('comment')).toHaveValue('Swallows every exception');
  await r.check('review_checks', 1, 'Yes');
  await r.check('review_checks', 2, 'N/A');
  await r.submit();
  await expect(page.getByTestId('done')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('draft-restored')).toHaveCount(0);
  await expect(r.cardInput('best_correctness', 1)).not.toBeChecked();
});

test('typing writes the draft once per pause, not per key; leaving the page right after a change keeps it', async ({ page, context }) => {
  // Count the draft writes (setItem on a draft key) the page makes.
  await page.addInitScript(() => {
    window.__draftWrites = 0;
    const set = Storage.prototype.setItem;
    Storage.prototype.setItem = function (k, v) {
      if (String(k).startsWith('rubric-widget:draft:')) window.__draftWrites++;
      return set.call(this, k, v);
    };
  });
  const r = new ReviewPage(page);
  await r.open('example=code-review&annotator=typing-test');
  await r.textarea('comment').pressSequentially('Swallows every exception', { delay: 10 });
  const draft = () => page.evaluate(() => {
    const k = Object.keys(localStorage).find((k) => k.startsWith('rubric-widget:draft:'));
    return k ? JSON.parse(localStorage.getItem(k)).answers.comment?.value : undefined;
  });
  await expect.poll(draft).toBe('Swallows every exception');
  const writes = await page.evaluate(() => window.__draftWrites);
  expect(writes).toBeGreaterThan(0);
  expect(writes).toBeLessThan(8); // 24 keys

  // A change, then the tab closes at once: the draft has it when the review is opened again.
  await r.clickCard('best_correctness', 1);
  await page.close({ runBeforeUnload: true });
  const again = await context.newPage();
  const r2 = new ReviewPage(again);
  await r2.open('example=code-review&annotator=typing-test');
  await expect(again.getByTestId('draft-restored')).toBeVisible();
  await expect(r2.cardInput('best_correctness', 1)).toBeChecked();
  await expect(r2.textarea('comment')).toHaveValue('Swallows every exception');
});

test('at 320 px every level descriptor is visible and nothing scrolls sideways', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 800 });
  const r = new ReviewPage(page);
  for (const example of ['helpful-honest-harmless', 'pairwise-preference', 'code-review']) {
    await r.open(`example=${example}`);
    for (const desc of await page.locator('.rw-criterion:visible .rw-card-desc').all()) {
      await expect(desc).toBeVisible();
      const box = await desc.boundingBox();
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(320);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  }
});

test('when storage is unavailable the reviewer is told before starting', async ({ page }) => {
  await page.addInitScript(() => {
    Storage.prototype.setItem = () => { throw new DOMException('blocked', 'SecurityError'); };
  });
  const r = new ReviewPage(page);
  await r.open();
  await expect(page.getByTestId('storage-warning')).toBeVisible();
  await expect(page.getByTestId('storage-warning')).toContainText('cannot be kept as a draft');
});

test('an invalid rubric shows every error with its path and line, and no form', async ({ page }) => {
  const r = new ReviewPage(page);
  await r.open('rubric=/fixtures/broken-rubric.json&task=examples/tasks/helpful-honest-harmless.json');
  const error = page.getByTestId('config-error');
  await expect(error).toBeVisible();
  await expect(page.locator('fieldset')).toHaveCount(0);
  // In document order, each with its line and column.
  await expect(error.locator('.rw-issue')).toHaveText([
    /^criteria\[0\]\.levels\[0\]\s*line 7, column 60\s*missing field `label`$/,
    /^criteria\[0\]\.levels\[0\]\.lable\s*line 7, column 73\s*unknown field "lable" \(did you mean "label"\?\)$/,
    /^criteria\[1\]\.id\s*line 8, column 6\s*duplicate criterion id "a" \(also criteria\[0\]\)$/,
    /^criteria\[1\]\.type\s*line 8, column 17\s*unknown criterion type "txt" \(did you mean "text"\?\); expected one of rating, /,
    /^criteria\[2\]\.title\s*line 9, column 33\s*title must not be empty$/,
    /^criteria\[2\]\.visible_if\.criterion\s*line 9, column 61\s*unknown criterion "zzz"$/,
  ]);
});

test('a rubric that cannot be fetched is an error, not a blank page', async ({ page }) => {
  const r = new ReviewPage(page);
  await r.open('rubric=/fixtures/missing.json&task=examples/tasks/code-review.json');
  await expect(page.getByTestId('config-error')).toContainText('could not load /fixtures/missing.json: HTTP 404');
});

test('keyboard only: pairwise and single choice with arrow keys', async ({ page }) => {
  const r = new ReviewPage(page);
  await r.open('example=pairwise-preference&annotator=kb');
  await r.tabTo('fieldset[data-criterion="preference"] .rw-card-input');
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(r.cardInput('preference', 2)).toBeChecked();
  await r.tabTo('fieldset[data-criterion="deciding_factor"] .rw-card-input');
  await page.keyboard.press('ArrowDown');
  await expect(r.cardInput('deciding_factor', 1)).toBeChecked();
  await r.tabTo('fieldset[data-criterion="rationale"] textarea');
  await page.keyboard.type('B skips the caveat about effect size.');
  await r.tabTo('[data-testid="submit"]');
  await page.keyboard.press('Enter');
  const [sub] = await r.submits();
  expect(sub.answers.preference).toMatchObject({ value: -1, both_bad: false });
  expect(sub.answers.deciding_factor.value).toBe('completeness');
  expect(sub.answers.rationale.value).toBe('B skips the caveat about effect size.');
});

test('keyboard only: moderation by hotkeys reveals and fills the conditional questions', async ({ page }) => {
  const r = new ReviewPage(page);
  await r.open('example=content-moderation&annotator=kb');
  await page.keyboard.press('r'); // Remove
  await expect(r.criterion('categories')).toBeVisible();
  await r.tabTo('fieldset[data-criterion="categories"] .rw-card-input');
  await page.keyboard.press('Space');
  await r.tabTo('fieldset[data-criterion="severity"] .rw-card-input');
  await page.keyboard.press('ArrowRight');
  await r.tabTo('fieldset[data-criterion="rationale"] textarea');
  await page.keyboard.type('Policy 4.2: personal data.');
  await page.keyboard.press('Shift+Tab'); // leave the text field: hotkeys work again
  await page.keyboard.press('f'); // change the verdict to Flag
  await r.tabTo('[data-testid="submit"]');
  await page.keyboard.press('Enter');
  const [sub] = await r.submits();
  expect(sub.answers).toEqual({
    verdict: { type: 'single_choice', value: 'flag' },
    categories: { type: 'multi_choice', values: ['harassment'] },
    severity: { type: 'rating', value: 2 },
    rationale: { type: 'text', value: 'Policy 4.2: personal data.' },
  });
});

test('"Start over" after a restored draft clears every answer, the ranking order too', async ({ page }) => {
  const r = new ReviewPage(page);
  await r.open('example=code-review&annotator=start-over');
  const items = r.criterion('ranking').locator('.rw-rank-item');
  await items.nth(2).dragTo(items.nth(0));
  await r.clickCard('best_correctness', 2);
  await page.reload();
  await page.getByTestId('draft-restored').getByRole('button', { name: 'Start over' }).click();
  // The note goes, and the reviewer is taken to the first question.
  await expect(page.getByTestId('draft-restored')).toBeHidden();
  await expect(page.locator('fieldset[data-criterion]').first()).toBeFocused();
  await expect(items.nth(0)).toHaveAttribute('data-response', 'patch-1');
  await expect(r.cardInput('best_correctness', 2)).not.toBeChecked();
  await expect(r.criterion('ranking')).toContainText('Not ranked yet');
});

test('a question is named by its title and described by its description; a level by its words and described by its meaning', async ({ page }) => {
  const r = new ReviewPage(page);
  await r.open('example=helpful-honest-harmless&annotator=described');
  const group = page.getByRole('group', { name: 'Helpfulness (required)' });
  await expect(group).toHaveAccessibleDescription('Does the response do what the user asked, completely and usefully?');
  // The meaning is said after a pause, not run on from the words ("1 Unhelpful Ignores…").
  const first = group.getByRole('radio').first();
  await expect(first).toHaveAccessibleName('1 Unhelpful');
  await expect(first).toHaveAccessibleDescription('Ignores or refuses the request without reason, or answers a different question.');
  await expect(group.getByRole('radio').last()).toHaveAccessibleDescription(/^Complete, clear and anticipates what the user needs next\. Example: Gives the fix/);
  // After a failed submit its message is part of the description too.
  await r.submit();
  await expect(group).toHaveAccessibleDescription('Does the response do what the user asked, completely and usefully? choose a level (required)');
});

test('a radio pressed from outside its question is chosen: the keys that appear with focus move nothing', async ({ page }) => {
  // Focus entering a question shows its keys; had they moved the radio between the press and
  // the release of the button, the click would land elsewhere and choose nothing.
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    const r = new ReviewPage(page);
    // Automatic digits, shown only on the question (and the checklist item) with focus.
    await r.open(`rubric=/fixtures/long-checklist-rubric.json&task=/fixtures/one-question-task.json&annotator=keys-${width}&endpoint=`);
    for (const k of [3, 1, 2, 0]) {
      await page.locator('.rw-title').click();
      await r.cardInput('severity', k).click();
      await expect(r.cardInput('severity', k), `severity ${k} at ${width} px`).toBeChecked();
    }
    for (const [k, choice] of [[0, 'Yes'], [5, 'No'], [11, 'N/A']]) {
      await page.locator('.rw-title').click();
      const radio = r.criterion('checks').locator('.rw-check-item').nth(k).getByLabel(choice, { exact: true });
      await radio.click();
      await expect(radio, `checks ${k} at ${width} px`).toBeChecked();
    }
  }
});

test('option cards never break a word nor leave a radio alone on its line, and a 7-point scale fits one row at 1280 px', async ({ page }) => {
  // Each word of a card's label and meaning renders on one line (a word split over two lines has
  // two client rects), at desktop and phone widths, for every example rubric.
  const brokenWords = () => page.evaluate(() => {
    const broken = [];
    for (const el of document.querySelectorAll(".rw-card")) {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        // A hyphen is where a word may break ("Self-" / "harm"), as in print.
        for (const m of node.data.matchAll(/[^\s-]+-?|-/g)) {
          const range = document.createRange();
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
          if (lines.size > 1) broken.push(m[0]);
        }
      }
    }
    return broken;
  });
  // A card's first word is on its radio's line: a long one ("Selbstverletzung", in German, in a
  // row of four cards) dropped below the radio and left it alone on its line.
  const droppedFirstWords = () => page.evaluate(() => {
    const dropped = [];
    for (const card of document.querySelectorAll('.rw-card')) {
      if (!card.checkVisibility()) continue;
      const radio = card.querySelector('.rw-card-input').getBoundingClientRect();
      const walker = document.createTreeWalker(card, NodeFilter.SHOW_TEXT);
      const text = walker.nextNode();
      const word = text && /\S+/.exec(text.data);
      if (!word) continue;
      const range = document.createRange();
      range.setStart(text, word.index);
      range.setEnd(text, word.index + word[0].length);
      const first = range.getClientRects()[0];
      if (first.top > radio.bottom) dropped.push(word[0]);
    }
    return dropped;
  });
  for (const example of ['pairwise-preference', 'helpful-honest-harmless', 'content-moderation', 'code-review']) {
    for (const [width, locale] of [[1280, 'en'], [390, 'en'], [1280, 'de'], [390, 'de']]) {
      await page.setViewportSize({ width, height: 900 });
      const r = new ReviewPage(page);
      await r.open(`example=${example}&locale=${locale}`);
      // The conditional questions too (the moderation's categories come with a verdict).
      for (const field of await page.locator('fieldset[data-type="single_choice"]').all()) {
        if (await field.isVisible()) await field.locator('label.rw-card').last().click();
      }
      expect(await brokenWords(), `${example} at ${width} px in ${locale}`).toEqual([]);
      expect(await droppedFirstWords(), `${example} at ${width} px in ${locale}`).toEqual([]);
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await new ReviewPage(page).open('example=pairwise-preference');
  const tops = await page.locator('fieldset[data-type="pairwise"] .rw-card').evaluateAll((cs) => cs.map((c) => Math.round(c.getBoundingClientRect().top)));
  expect(tops).toHaveLength(7);
  expect(new Set(tops).size).toBe(1);
});

test('each checklist item is one row at 1280 px: the question, then its choices', async ({ page }) => {
  // The same check runs in Firefox and WebKit (tests/xbrowser), where the layout once differed.
  await page.setViewportSize({ width: 1280, height: 900 });
  for (const example of ['helpful-honest-harmless', 'code-review']) {
    await new ReviewPage(page).open(`example=${example}`);
    await expect(page.locator('.rw-check-item')).not.toHaveCount(0);
    expect(await page.evaluate(checklistItemsOffTheirRow), example).toEqual([]);
  }
});

test('a submitted review is read-only: no click, key, hotkey or drag changes it', async ({ page }) => {
  const r = new ReviewPage(page);
  await r.open('example=code-review&annotator=locked');
  const items = r.criterion('ranking').locator('.rw-rank-item');
  await items.nth(2).dragTo(items.nth(0));
  await r.clickCard('best_correctness', 1);
  await r.check('review_checks', 0, 'Yes');
  await r.check('review_checks', 1, 'Yes');
  await r.check('review_checks', 2, 'Yes');
  await r.textarea('comment').fill('Fine as it is.');
  await r.submit();
  await expect(page.getByTestId('done')).toBeVisible();
  const before = await page.getByTestId('answers').innerHTML();
  const order = await items.evaluateAll((li) => li.map((x) => x.dataset.response));

  // Every control is disabled and keeps its value; pointer, keyboard and drag do nothing.
  await expect(page.getByTestId('answers')).toHaveAttribute('disabled', '');
  await expect(r.cardInput('best_correctness', 2)).toBeDisabled();
  await expect(r.textarea('comment')).toBeDisabled();
  await r.cardInput('best_correctness', 2).click({ force: true });
  await r.textarea('comment').press('x', { force: true }).catch(() => {});
  await page.locator('body').press('2');
  await items.nth(1).dragTo(items.nth(0), { force: true });
  await expect(r.cardInput('best_correctness', 1)).toBeChecked();
  await expect(r.textarea('comment')).toHaveValue('Fine as it is.');
  expect(await items.evaluateAll((li) => li.map((x) => x.dataset.response))).toEqual(order);
  expect(await page.getByTestId('answers').innerHTML()).toEqual(before);
  await expect(page.locator('.rw-field-error:visible')).toHaveCount(0);
  expect(await r.submits()).toHaveLength(1);
});

test('a diff in a task: changed lines coloured, their + and - kept as text and named for screen readers, in both themes', async ({ page }) => {
  const r = new ReviewPage(page);
  await r.open('example=code-review');
  const diff = page.locator('.rw-response').nth(1).locator('pre.rw-diff');
  await expect(diff).toBeVisible();
  // Patch 2 removes one line and adds four; the context line is neither.
  await expect(diff.locator('del')).toHaveCount(1);
  await expect(diff.locator('ins')).toHaveCount(4);
  await expect(diff.locator('del')).toHaveText('removed line: -    return sum(xs) / len(xs)');
  await expect(diff.locator('ins').first()).toHaveText('added line: +    try:');
  await expect(diff.locator('code > span').first()).toHaveText(' def average(xs):');
  // The words are for screen readers; the eye gets the marker, which stays in the text.
  await expect(diff.locator('ins .rw-sr-only').first()).toHaveCSS('position', 'absolute');
  const seen = await diff.locator('ins').first().evaluate((el) => el.textContent.slice(el.firstChild.textContent.length));
  expect(seen.startsWith('+')).toBe(true);
  // No strike-through or underline: colour and marker say it, legibly.
  await expect(diff.locator('del')).toHaveCSS('text-decoration-line', 'none');
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    const [added, removed, same] = await Promise.all(['ins', 'del', 'code > span'].map((s) => diff.locator(s).first().evaluate((el) => getComputedStyle(el).backgroundColor)));
    expect(new Set([added, removed, same]).size).toBe(3);
    expect(await violations(page)).toEqual([]);
  }
});

test('a long form: every question is in the page and shown when the task is announced, and the error summary and the draft reach the last', async ({ page }) => {
  // 60 questions: the first slice is built with the form, the rest a slice per task, hidden
  // until the last is built (review_form's criteria_in_slices).
  await page.route('**/generated/long.json', (route) => route.fulfill({ json: longRubric(60) }));
  await page.route('**/generated/task.json', (route) => route.fulfill({ json: longTask }));
  await page.addInitScript(() => {
    document.addEventListener('rubric-task-open', () => {
      const shown = [...document.querySelectorAll('fieldset[data-criterion]')].filter((f) => f.checkVisibility());
      window.__atOpen = shown.map((f) => f.dataset.criterion);
    });
  });
  const r = new ReviewPage(page);
  await r.open('rubric=/generated/long.json&task=/generated/task.json&annotator=ann-long');
  await page.waitForFunction(() => window.__atOpen);
  expect(await page.evaluate(() => window.__atOpen)).toEqual(Array.from({ length: 60 }, (_, i) => `c${i}`));
  // Ratings (every 7th question) are required: the summary names all nine and leads to the
  // last, which is in a later slice.
  await r.submit();
  const summary = page.getByTestId('error-summary');
  await expect(summary.locator('li')).toHaveCount(9);
  await summary.getByRole('button', { name: /^Rating c56/ }).click();
  await expect(r.criterion('c56')).toBeFocused();
  await r.clickCard('c56', 2);
  await r.criterion('c54').locator('textarea').fill('written in the last slice');
  await expect(summary.locator('li')).toHaveCount(8);
  // The draft is restored into questions built after the first screen.
  await page.waitForTimeout(400);
  await page.reload();
  await expect(page.getByTestId('draft-restored')).toBeVisible();
  await expect(r.cardInput('c56', 2)).toBeChecked();
  await expect(r.criterion('c54').locator('textarea')).toHaveValue('written in the last slice');
});

/** Opens the benchmark's workload form (60 questions unless said), every slice shown. */
async function openLongForm(page, annotator, { width = 1280, height = 720, n = 60 } = {}) {
  await page.route('**/generated/long.json', (route) => route.fulfill({ json: longRubric(n) }));
  await page.route('**/generated/task.json', (route) => route.fulfill({ json: longTask }));
  await page.setViewportSize({ width, height });
  const r = new ReviewPage(page);
  await r.open(`rubric=/generated/long.json&task=/generated/task.json&annotator=${annotator}`);
  // Every slice shown (the later ones are built hidden).
  await page.waitForFunction((last) => document.querySelector(`fieldset[data-criterion="${last}"]`)?.checkVisibility(), `c${n - 1}`);
  return r;
}

/** Whether a question's contents are laid out: false while the browser skips them. */
const laidOut = (r, id) => r.criterion(id).locator('legend').evaluate((el) => el.checkVisibility({ contentVisibilityAuto: true }));

test('a long form lays out only the questions near the view; find-in-page, focus and printing still reach every one', async ({ page }) => {
  const r = await openLongForm(page, 'ann-skip');
  expect(await laidOut(r, 'c0')).toBe(true);
  for (const id of ['c42', 'c49', 'c56']) expect(await laidOut(r, id)).toBe(false);

  // Find in page reaches the far question and lays it out.
  expect(await page.evaluate(() => window.find('Rating c49'))).toBe(true);
  await expect.poll(() => laidOut(r, 'c49')).toBe(true);

  // Focus (a hotkey, the error summary, Tab) lays it out: the reviewer answers what is shown.
  await r.criterion('c56').locator('input').nth(2).focus();
  await expect.poll(() => laidOut(r, 'c56')).toBe(true);
  await expect(r.criterion('c56')).toBeInViewport();

  // Printed, every question is on paper. (c42, near c49 when it was found, is skipped again
  // once a frame has seen it far from the view: the browser decides that on its next frame.)
  await expect.poll(() => laidOut(r, 'c42')).toBe(false);
  await page.emulateMedia({ media: 'print' });
  expect(await laidOut(r, 'c42')).toBe(true);
});

test('with a screen reader running, a question far from the view has the same names in the accessibility tree as one on screen', async ({ playwright, launchOptions, baseURL }) => {
  // As when assistive technology is on before the page loads: Chromium's accessibility tree
  // from the start (a browser of its own), read through the DevTools protocol.
  const reader = await playwright.chromium.launch({ ...launchOptions, args: [...launchOptions.args, '--force-renderer-accessibility'] });
  try {
    const page = await (await reader.newContext({ baseURL })).newPage();
    const r = await openLongForm(page, 'ann-skip-sr');
    expect(await laidOut(r, 'c49')).toBe(false);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Accessibility.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
    const named = async (role, accessibleName) => (await cdp.send('Accessibility.queryAXTree', { nodeId: root.nodeId, role, accessibleName })).nodes;
    // The browser's tree agrees with the names the specification gives, on screen or not:
    // a question by its title and " (required)", a level by its words without its meaning
    // (which describes it), a choice by its words.
    for (const id of ['c0', 'c49']) expect(await named('group', `Rating ${id} (required)`)).toHaveLength(1);
    for (const [role, name] of [['radio', 'Level 3'], ['radio', 'Option 2'], ['checkbox', 'Option 4'], ['textbox', 'Text c54']]) {
      expect.soft(await named(role, name), `${role} "${name}"`).toHaveLength(await page.getByRole(role, { name, exact: true }).count());
    }
    // Described by its meaning (where the browser does not lay out, it cannot know that the
    // meaning's bold word is inline, and reads "markdown ." with a pause).
    const meanings = (await named('radio', 'Level 3')).map((n) => n.description?.value.replace(' .', '.'));
    expect(new Set(meanings)).toEqual(new Set(['What level 3 means, in a sentence or two of markdown.']));
  } finally {
    await reader.close();
  }
});

for (const [width, height] of [[390, 844], [1280, 720]]) {
  test(`at ${width} px a long form is about as long before its questions are laid out as after: End reaches the submit button, a found question stays in view`, async ({ page }) => {
    // Questions far from the view take a guessed size until laid out, from their type and
    // number of cards: a 13rem guess for every question made the 120-question form 35% longer
    // once laid out at 390 px, and End stopped 1,300 px short of the end.
    const r = await openLongForm(page, `ann-length-${width}`, { width, height, n: 120 });
    const length = () => page.evaluate(() => document.documentElement.scrollHeight);
    const guessed = await length();
    await page.evaluate(() => window.find('Multi c100'));
    await page.waitForTimeout(300);
    await expect(r.criterion('c100').locator('legend')).toBeInViewport();
    await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
    await page.keyboard.press('End');
    await expect(page.getByTestId('submit')).toBeInViewport();
    // Every question laid out (a rule added to the widget's own sheet: the page's policy
    // refuses a style element).
    await page.evaluate(() => {
      const sheet = [...document.styleSheets].find((s) => s.href?.endsWith('widget.css'));
      sheet.insertRule('.rw-criterion { content-visibility: visible !important; }', sheet.cssRules.length);
    });
    const laidOut = await length();
    expect(Math.abs(guessed / laidOut - 1), `${guessed} px guessed, ${laidOut} px laid out`).toBeLessThan(0.1);
  });
}
