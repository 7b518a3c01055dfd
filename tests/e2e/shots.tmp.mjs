import { chromium } from '@playwright/test';
import { startReceiver } from './receiver.mjs';
const server = await startReceiver(['--seed-demo']);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
for (const [w, h, name] of [[1280, 900, 'desk'], [390, 844, 'phone']]) {
  const page = await browser.newPage({ viewport: { width: w, height: h } });
  page.on('console', (m) => console.log('console', m.type(), m.text()));
  await page.goto(`${server.url}/report/?example=${process.argv[2] || 'helpful-honest-harmless'}`);
  await page.getByTestId('report').waitFor({ timeout: 30000 });
  for (const d of await page.locator('details').all()) await d.evaluate((e) => { e.open = true; });
  await page.screenshot({ path: `/tmp/report-${name}.png`, fullPage: true });
  for (const [i, y] of [0, 1500, 3000].entries()) await page.screenshot({ path: `/tmp/report-${name}-${i}.png`, fullPage: true, clip: { x: 0, y, width: w, height: 1500 } });
}
await browser.close();
await server.stop();
