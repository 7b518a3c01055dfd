// docs/promises.md, P1: no rubric or task text can run script, create markup, link to a script
// URL or make the browser fetch from an origin that is not allowed.
import { test, expect } from '@playwright/test';
import { ReviewPage } from './review-page.mjs';

test('hostile rubric and task: nothing runs, no unsafe link or image exists', async ({ page }) => {
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  const foreign = [];
  page.on('request', (req) => { if (!req.url().startsWith('http://127.0.0.1:')) foreign.push(req.url()); });
  const r = new ReviewPage(page);
  await r.open('rubric=/fixtures/hostile-rubric.json&task=/fixtures/hostile-task.json&annotator=%3Cscript%3Ex%3C%2Fscript%3E');
  const widget = page.getByTestId('rubric-widget');
  await expect(widget).toBeVisible();

  // The markup arrived as visible text.
  await expect(widget.locator('.rw-title')).toHaveText(`<script>window.__pwned='title'</script><img src=x onerror="window.__pwned='title-img'">`);
  await expect(widget).toContainText(`<script>window.__pwned='content'</script>`);
  await expect(widget).toContainText(`<a href="javascript:window.__pwned='raw-a'">raw</a>`);

  // No element that content could have created exists inside the widget.
  for (const tag of ['script', 'iframe', 'svg', 'style', 'object', 'embed', 'b[onmouseover]', '[onerror]', '[onload]', '[srcdoc]']) {
    await expect(widget.locator(tag), tag).toHaveCount(0);
  }
  // Every link is http(s) or mailto; refused links are plain text.
  const hrefs = await widget.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  for (const href of hrefs) expect(href).toMatch(/^(https?:|mailto:)/);
  await expect(widget.locator('.rw-link-removed').first()).toBeVisible();
  // No image from an origin the host did not allow (evil.example, data:).
  await expect(widget.locator('img')).toHaveCount(0);
  await expect(widget.locator('.rw-img-blocked').filter({ hasText: 'tracker' })).toHaveText('[image not shown: tracker]');

  // Interact with everything a reviewer would touch, then submit.
  await widget.locator('label.rw-card').first().hover();
  await r.clickCard('r', 0);
  await r.clickCard('c', 0);
  await r.check('k', 0, 'Yes');
  await r.textarea('t').fill('<img src=x onerror=alert(1)>');
  await r.submit();
  await expect(page.getByTestId('done')).toBeVisible();
  const [sub] = await r.submits();
  expect(sub.answers.c.value).toBe(`a"><script>window.__pwned='value'</script>`);
  expect(sub.annotator).toBe('<script>x</script>');
  await expect(page.getByTestId('submission-json')).toContainText('<img src=x onerror=alert(1)>');

  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(foreign).toEqual([]);
});
