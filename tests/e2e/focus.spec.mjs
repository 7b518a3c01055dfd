// Focus (WCAG 2.2: 2.4.7 Focus Visible, 2.4.11 Focus Not Obscured): Tab through every control
// of every example form (wide and at 320 px, in English and mirrored in Arabic), the designer
// and the quiz results; each focused control shows the focus outline (on itself, or on the
// card label its radio belongs to), is in view, and nothing covers it.
import { test, expect } from '@playwright/test';

/** What the focused element looks like: its outline, and whether another element covers it. */
function inspect() {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  // A card's radio draws its focus on the card, the label around it; the designer's editor on
  // the box that scrolls it (the textarea is as tall as its text).
  const shown = el.matches('.rw-card-input') ? el.closest('.rw-card') : el.matches('.rd-input') ? el.closest('.rd-code') : el;
  const style = getComputedStyle(shown);
  const box = shown.getBoundingClientRect();
  const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max(box.top + Math.min(box.height / 2, 12), 0), innerHeight - 1);
  const top = document.elementFromPoint(x, y);
  const inView = box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth;
  const covered = !top || !(shown.contains(top) || top.contains(shown) || el.contains(top) || top === el.labels?.[0]
    || el.labels?.[0]?.contains(top));
  return {
    what: `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.dataset.testid ? '[' + el.dataset.testid + ']' : ''}`,
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    inView,
    covered: covered ? (top?.className || top?.tagName) : false,
  };
}

/** Tabs until the focused element's description includes `last`; returns every focus stop
 *  that is not outlined, not in view or covered, and whether `last` was reached. */
async function tabThrough(page, last, max = 300) {
  const problems = [];
  for (let i = 0; i < max; i++) {
    // Tab indents in the designer's editor; Escape, then Tab, leaves it (as its hint says).
    if (await page.evaluate(() => document.activeElement?.matches('.rd-input'))) await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    const f = await page.evaluate(inspect);
    if (!f) continue;
    if (!f.outline || !f.inView || f.covered) problems.push(JSON.stringify(f));
    if (f.what.includes(last)) return { reached: true, problems };
  }
  return { reached: false, problems };
}

for (const width of [1280, 320]) {
  for (const locale of ['en', 'ar']) {
    for (const example of ['helpful-honest-harmless', 'pairwise-preference', 'code-review', 'content-moderation']) {
      test(`${example} at ${width} px (${locale}): every focused control is outlined and uncovered`, async ({ page }) => {
        await page.setViewportSize({ width, height: 800 });
        await page.goto(`./?example=${example}&annotator=focus-${width}-${locale}&locale=${locale}`);
        await expect(page.getByTestId('rubric-widget')).toBeVisible();
        // Show every conditional question: a failed submit also adds the error summary's links.
        await page.getByTestId('submit').click();
        // Focus is on the error summary now; Tab goes on through its links and every field.
        const { reached, problems } = await tabThrough(page, '[submit]');
        expect(reached, 'Tab reached the submit button').toBe(true);
        expect(problems).toEqual([]);
      });
    }
  }
}

for (const locale of ['en', 'ar']) {
  test(`designer (${locale}): every focused control is outlined and uncovered, through to the preview's submit`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`./designer/?locale=${locale}`);
    await expect(page.getByTestId('designer-preview').getByTestId('rubric-widget')).toBeVisible();
    const { reached, problems } = await tabThrough(page, '[submit]');
    expect(reached, 'Tab reached the preview form\'s submit button').toBe(true);
    expect(problems).toEqual([]);
  });
}

test('quiz results: every focused control is outlined and uncovered, through to "try again"', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('./quiz/?trainee=focus&endpoint=&quiz=/fixtures/end-feedback-quiz.json');
  for (let n = 1; n <= 12; n++) {
    for (const id of ['helpfulness', 'honesty', 'harmlessness']) await page.locator(`fieldset[data-criterion="${id}"] label.rw-card`).nth(3).click();
    await page.locator('fieldset[data-criterion="issues"] label.rw-card').last().click();
    await page.getByTestId('submit').click();
  }
  await expect(page.getByTestId('quiz-results')).toBeVisible();
  const { reached, problems } = await tabThrough(page, '[quiz-retry]');
  expect(reached, 'Tab reached "Try again"').toBe(true);
  expect(problems).toEqual([]);
});
