// Accessibility of the review form in each of its states, checked by axe-core (WCAG 2.2 A/AA
// and best practices) in headless Chromium.
import { test, expect } from '@playwright/test';
import { ReviewPage } from './review-page.mjs';
import { startReceiver } from './receiver.mjs';
import { violations } from './axe.mjs';

for (const example of ['helpful-honest-harmless', 'pairwise-preference', 'code-review', 'content-moderation']) {
  test(`${example}: no axe violations when fresh, after a failed submit, and when done`, async ({ page }) => {
    const r = new ReviewPage(page);
    await r.open(`example=${example}&annotator=axe`);
    expect(await violations(page)).toEqual([]);
    await r.submit();
    await expect(page.getByTestId('error-summary')).toBeVisible();
    expect(await violations(page)).toEqual([]);
  });
}

test('no axe violations in the submitted state, the config-error view and at 320 px', async ({ page }) => {
  const r = new ReviewPage(page);
  await r.open('example=content-moderation&annotator=axe-done');
  await r.clickCard('verdict', 0);
  await r.submit();
  await expect(page.getByTestId('done')).toBeFocused();
  expect(await violations(page)).toEqual([]);
  await r.open('rubric=/fixtures/broken-rubric.json&task=examples/tasks/code-review.json');
  expect(await violations(page)).toEqual([]);
  await page.setViewportSize({ width: 320, height: 700 });
  await r.open('example=code-review&annotator=axe-narrow');
  expect(await violations(page)).toEqual([]);
});

test('no axe violations while a review waits offline, when it is refused, and in the outbox list', async ({ page, context }) => {
  const server = await startReceiver(['--fail-first', '1', '--fail-status', '422']);
  try {
    await page.goto(`${server.url}/?rubric=/fixtures/one-question-rubric.json&task=/fixtures/one-question-task.json`);
    await page.locator('fieldset[data-criterion="quality"] label.rw-card').nth(0).click();
    await context.setOffline(true);
    await page.getByTestId('submit').click();
    const status = page.getByTestId('done').getByTestId('delivery-status');
    await expect(status).toHaveAttribute('data-state', 'queued');
    expect(await violations(page)).toEqual([]);
    await context.setOffline(false);
    await expect(status).toHaveAttribute('data-state', 'failed');
    expect(await violations(page)).toEqual([]);
    await page.reload();
    await expect(page.getByTestId('outbox-entry')).toHaveAttribute('data-state', 'failed');
    expect(await violations(page)).toEqual([]);
  } finally {
    await server.stop();
  }
});

test('quiz: no axe violations while answering, in per-item feedback and in the results', async ({ page }) => {
  const server = await startReceiver();
  try {
    await page.goto(`${server.url}/quiz/?trainee=axe`);
    await expect(page.getByTestId('quiz-step')).toHaveText('Item 1 of 12');
    expect(await violations(page)).toEqual([]);
    for (let n = 1; n <= 12; n++) {
      for (const id of ['helpfulness', 'honesty', 'harmlessness']) {
        await page.locator(`fieldset[data-criterion="${id}"] label.rw-card`).nth((n + id.length) % 5).click();
      }
      await page.locator('fieldset[data-criterion="issues"]').getByLabel('None of these').check();
      const j = page.locator('fieldset[data-criterion="justification"] textarea');
      if (await j.isVisible()) await j.fill('It falls short on this point.');
      await page.getByTestId('submit').click();
      await expect(page.getByTestId('quiz-next')).toBeVisible();
      if (n === 1) expect(await violations(page)).toEqual([]);
      await page.getByTestId('quiz-next').click();
    }
    await expect(page.getByTestId('quiz-results')).toBeVisible();
    for (const s of await page.locator('.rq-results details summary').all()) await s.click();
    expect(await violations(page)).toEqual([]);
  } finally {
    await server.stop();
  }
});

test('embedded: no axe violations on the example portal, two widgets in shadow roots, one dark', async ({ page }) => {
  const server = await startReceiver();
  try {
    await page.goto(`${server.url}/examples/embed/portal.html`);
    await expect(page.locator('#review-1').getByTestId('rubric-widget')).toBeVisible();
    await expect(page.locator('#review-2').getByTestId('rubric-widget')).toBeVisible();
    expect(await violations(page)).toEqual([]);
  } finally {
    await server.stop();
  }
});

test('designer: no axe violations with a valid rubric, with errors listed, and in quiz mode', async ({ page }) => {
  const server = await startReceiver();
  try {
    await page.goto(`${server.url}/designer/`);
    await expect(page.getByTestId('designer-preview').getByTestId('rubric-widget')).toBeVisible();
    expect(await violations(page)).toEqual([]);
    const editor = page.getByTestId('designer-editor');
    await editor.focus();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(',');
    await expect(page.getByTestId('designer-issue').first()).toBeVisible();
    expect(await violations(page)).toEqual([]);
    await page.getByTestId('designer-template').selectOption({ label: 'Calibration quiz (helpful, honest, harmless)' });
    // The edit is work: the designer is asked before a template replaces it.
    await expect(page.getByTestId('designer-replace')).toBeVisible();
    expect(await violations(page)).toEqual([]);
    await page.getByTestId('designer-replace-yes').click();
    await expect(page.getByTestId('designer-preview').getByTestId('quiz-step')).toBeVisible();
    expect(await violations(page)).toEqual([]);
  } finally {
    await server.stop();
  }
});
