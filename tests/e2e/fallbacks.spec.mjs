// Browsers older than the ones the README supports (issue 19): each newer feature the widget
// uses is taken away here, in Chromium, the way such a browser lacks it, and the widget must
// degrade as the README says instead of losing its colours or throwing.
import { test, expect } from '@playwright/test';
import { startReceiver } from './receiver.mjs';

let server;
test.afterEach(async () => { await server?.stop(); server = undefined; });

/** Serves every stylesheet with `light-dark(` renamed, which is how a browser without it
 * reads them: the colour custom properties hold a function it does not know (so every
 * `var(--rw-…)` colour is invalid where used) and `@supports (color: light-dark(…))` is false.
 * Resolves to the names of the custom properties the sheets declare with light-dark(). (The
 * demo pages pin their stylesheets with `integrity`, so these tests use the embed's pages.) */
async function withoutLightDark(page) {
  const names = new Set();
  await page.route('**/*.css', async (route) => {
    const css = await (await route.fetch()).text();
    for (const m of css.matchAll(/(--r[wd]-[a-z-]+):\s*light-dark\(/g)) names.add(m[1]);
    await route.fulfill({ body: css.replaceAll('light-dark(', 'no-light-dark('), contentType: 'text/css' });
  });
  return names;
}

/** The custom properties of `names` that `root` does not resolve to a valid colour: { name: value }. */
function invalidColours(root, names) {
  return root.evaluate((el, ns) => Object.fromEntries(ns
    .map((n) => [n, getComputedStyle(el).getPropertyValue(n).trim()])
    .filter(([, v]) => !CSS.supports('color', v))), names);
}

test('without light-dark() every widget colour is valid and light, also for theme="dark"', async ({ page }) => {
  server = await startReceiver();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const names = await withoutLightDark(page);
  await page.goto(`${server.url}/examples/embed/portal.html`);
  for (const id of ['#review-1', '#review-2']) {
    const root = page.locator(id).locator('.rw').first();
    await expect(root.getByTestId('submit')).toBeVisible();
    const colours = [...names].filter((n) => n.startsWith('--rw-'));
    expect(colours.length).toBeGreaterThanOrEqual(13);
    expect(await invalidColours(root, colours), id).toEqual({});
    // The light theme, not a mix: dark text on a white widget, and light native controls.
    expect(await root.evaluate((el) => getComputedStyle(el).getPropertyValue('--rw-text').trim())).toBe('#1b1f24');
    expect(await root.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(255, 255, 255)');
    expect(await root.evaluate((el) => getComputedStyle(el).colorScheme)).toBe('light');
  }
  expect(errors).toEqual([]);
});

test("without light-dark() the designer's own colours are valid too", async ({ page }) => {
  server = await startReceiver();
  const names = await withoutLightDark(page);
  await page.goto(`${server.url}/examples/embed/strict-csp.html`);
  const root = page.locator('#designer').getByTestId('designer');
  await expect(root.getByTestId('designer-status')).toHaveText('No problems found.');
  expect([...names]).toContain('--rd-warn');
  expect(await invalidColours(root, [...names]), 'the designer').toEqual({});
});

test('with light-dark() the theme still follows theme="dark"', async ({ page }) => {
  // The fallback must not win where light-dark() works.
  server = await startReceiver();
  await page.goto(`${server.url}/examples/embed/portal.html`);
  const dark = page.locator('#review-2').locator('.rw').first();
  await expect(dark.getByTestId('submit')).toBeVisible();
  expect(await dark.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(13, 17, 23)');
});

test('without CompressionStream the share button says links are unavailable, and nothing throws', async ({ page }) => {
  server = await startReceiver();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(() => { delete window.CompressionStream; delete window.DecompressionStream; });
  await page.goto(`${server.url}/designer/`);
  await expect(page.getByTestId('designer-preview').getByTestId('rubric-widget')).toBeVisible();
  await page.getByTestId('designer-share').click();
  await expect(page.getByTestId('designer-link-unavailable'))
    .toHaveText('This browser cannot make share links. Use Download and send the file instead.');
  await expect(page.getByTestId('designer-link')).toHaveCount(0);
  // A link made elsewhere opens without throwing: the browser cannot read it, so a blank rubric.
  await page.goto('about:blank');
  await page.goto(`${server.url}/designer/#rubric=S0xMSU0BAA`);
  await expect(page.getByTestId('designer-editor')).toHaveValue(/"criteria"/);
  expect(errors).toEqual([]);
});
