// Regenerates docs/screenshot.png from the release build in dist/ (after scripts/demo.sh or a
// trunk build): the helpful-honest-harmless example, partly answered.
import { chromium } from '@playwright/test';
import { serve } from '../tests/e2e/serve.mjs';

const server = await serve('dist', 8096);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
await page.goto('http://127.0.0.1:8096/?example=helpful-honest-harmless&annotator=screenshot');
await page.locator('fieldset[data-criterion="helpfulness"] .rw-card label').nth(1).click();
await page.locator('fieldset[data-criterion="harmlessness"] .rw-card label').nth(3).click();
await page.getByTestId('submit').click();
await page.getByTestId('error-summary').waitFor();
await page.screenshot({ path: 'docs/screenshot.png' });
await browser.close();
server.close();
