// Page object for the review demo: how a reviewer reaches each part of the form.
import { expect } from '@playwright/test';

export class ReviewPage {
  constructor(page) {
    this.page = page;
    this.widget = page.getByTestId('rubric-widget');
  }

  /** Opens a bundled example (or any query string) and waits for the form. */
  async open(query = 'example=helpful-honest-harmless') {
    await this.page.goto(`./?${query}`);
    await expect(this.page.getByTestId('rubric-widget').or(this.page.getByTestId('config-error'))).toBeVisible();
    // Collect the widget's DOM events for assertions.
    await this.page.evaluate(() => {
      window.__submits = [];
      document.addEventListener('rubric-submit', (e) => window.__submits.push(e.detail));
    });
  }

  criterion(id) {
    return this.page.locator(`fieldset[data-criterion="${id}"]`);
  }

  /** Clicks the card (label) of level/option `index` of a rating, choice or pairwise criterion. */
  async clickCard(id, index) {
    await this.criterion(id).locator('.rw-card').nth(index).click();
  }

  cardInput(id, index) {
    return this.criterion(id).locator('.rw-card-input').nth(index);
  }

  async check(id, itemIndex, choice /* 'Yes' | 'No' | 'N/A' */) {
    await this.criterion(id).locator('.rw-check-item').nth(itemIndex).getByLabel(choice, { exact: true }).check();
  }

  textarea(id) {
    return this.criterion(id).locator('textarea');
  }

  async submit() {
    await this.page.getByTestId('submit').click();
  }

  /** The submissions emitted as `rubric-submit` events so far. */
  async submits() {
    return this.page.evaluate(() => window.__submits);
  }

  /** Presses Tab until the focused element matches `selector` (fails after `max` presses). */
  async tabTo(selector, max = 150) {
    for (let i = 0; i < max; i++) {
      if (await this.page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
      await this.page.keyboard.press('Tab');
    }
    throw new Error(`Tab never reached ${selector}`);
  }
}
