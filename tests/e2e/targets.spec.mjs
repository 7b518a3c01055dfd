// WCAG 2.2 target size (2.5.8, AA): every control a pointer user aims at is at least 24 by 24
// CSS pixels, counting a control's label as part of its target; links inside running text are
// exempt (the "inline" exception).
import { test, expect } from '@playwright/test';
import { startReceiver } from './receiver.mjs';

/** Controls smaller than 24×24 in `root` (a page, or a shadow host's open shadow root). */
async function smallTargets(page) {
  return page.evaluate(() => {
    const small = [];
    const visit = (root) => {
      for (const el of root.querySelectorAll('button, a[href], input, select, textarea, summary, [tabindex="0"]')) {
        if (el.tagName === 'A' && el.closest('p, li')) continue; // links inside running text
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue; // not shown
        const label = el.labels?.[0]?.getBoundingClientRect();
        const w = Math.max(r.width, label?.width ?? 0);
        const h = Math.max(r.height, label?.height ?? 0);
        if (w < 24 || h < 24) small.push(`${el.tagName.toLowerCase()}.${el.className} "${(el.textContent || el.value || '').trim().slice(0, 30)}" ${Math.round(w)}×${Math.round(h)}`);
      }
      for (const host of root.querySelectorAll('*')) if (host.shadowRoot) visit(host.shadowRoot);
    };
    visit(document);
    return small;
  });
}

let server;
test.afterEach(async () => { await server?.stop(); server = undefined; });

for (const example of ['helpful-honest-harmless', 'pairwise-preference', 'code-review', 'content-moderation']) {
  test(`review form (${example}): every target is at least 24 by 24`, async ({ page }) => {
    server = await startReceiver();
    await page.goto(`${server.url}/?example=${example}`);
    await expect(page.getByTestId('rubric-widget')).toBeVisible();
    await page.getByTestId('submit').click(); // the error summary's links too
    expect(await smallTargets(page)).toEqual([]);
  });
}

test('quiz results and designer: every target is at least 24 by 24', async ({ page }) => {
  server = await startReceiver();
  await page.goto(`${server.url}/designer/`);
  await expect(page.getByTestId('designer-preview').getByTestId('rubric-widget')).toBeVisible();
  expect(await smallTargets(page)).toEqual([]);
  await page.goto(`${server.url}/quiz/?trainee=targets&quiz=/fixtures/end-feedback-quiz.json`);
  for (let n = 1; n <= 12; n++) {
    for (const id of ['helpfulness', 'honesty', 'harmlessness']) await page.locator(`fieldset[data-criterion="${id}"] label.rw-card`).nth(3).click();
    await page.locator('fieldset[data-criterion="issues"]').getByLabel('None of these').check();
    await page.getByTestId('submit').click();
  }
  await expect(page.getByTestId('quiz-results')).toBeVisible();
  expect(await smallTargets(page)).toEqual([]);
});
