// The agreement report (issue 17) against the real receiver: three people and a model judge
// rate the bundled content-moderation rubric, the report follows the receiver's paged listing,
// and every figure it shows is checked against the same statistic computed here, from the
// definitions, on the same answers. The exports carry the same figures.
import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import { startReceiver } from './receiver.mjs';
import { violations } from './axe.mjs';

const RUBRIC = JSON.parse(fs.readFileSync(new URL('../../examples/rubrics/content-moderation.json', import.meta.url)));
const VERDICTS = ['allow', 'flag', 'remove'];
const RATERS = ['ann', 'bea', 'cyd', 'judge-1'];
const TASKS = 40;

/** A seeded generator (xorshift), so every run rates the same way. */
function random(seed) {
  let s = seed;
  return (m) => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s % m;
  };
}

/** Every submission, and each rater's verdict and severity per task (for the expected figures). */
function ratings() {
  const next = random(20261202);
  const out = [];
  for (let t = 0; t < TASKS; t++) {
    const truth = t % 3;
    for (const [r, who] of RATERS.entries()) {
      // Bea skips a fifth of the tasks; the others rate all, agreeing with the truth 7 times in 10.
      if (who === 'bea' && t % 5 === 4) continue;
      const verdict = next(10) < 7 ? truth : next(3);
      const answers = { verdict: { type: 'single_choice', value: VERDICTS[verdict] } };
      let severity = null;
      if (verdict !== 0) {
        // The judge rates one level higher than the truth's level half the time.
        severity = Math.min(4, 1 + (t % 4) + (who === 'judge-1' && next(2) === 0 ? 1 : 0) + (next(10) < 2 ? 1 : 0));
        answers.severity = { type: 'rating', value: severity };
        answers.categories = { type: 'multi_choice', values: ['other'] };
      }
      out.push({
        who, task: `task-${t}`, verdict, severity,
        doc: {
          schema_version: '1.1', submission_id: `00000000-0000-4000-8000-${String(t * 10 + r).padStart(12, '0')}`,
          rubric: { id: RUBRIC.id, version: RUBRIC.version }, task_id: `task-${t}`, annotator: who,
          answers, response_order: ['response'], started_at: '2026-12-01T09:59:00.000Z',
          submitted_at: '2026-12-01T10:00:00.000Z', active_ms: 30000 + t * 100, client: { name: 'e2e', version: '1' },
          ...(who.startsWith('judge') ? { rater: { kind: 'model', model: 'judge-model-a', prompt_version: 'v1' } } : {}),
        },
      });
    }
  }
  return out;
}

/** Per task, the values given (nulls left out). */
function units(list, key) {
  const by = new Map();
  for (const r of list) {
    if (r[key] === null) continue;
    if (!by.has(r.task)) by.set(r.task, []);
    by.get(r.task).push(r[key]);
  }
  return [...by.values()].filter((u) => u.length >= 2);
}

/** Krippendorff's alpha from its definition: 1 − D_o / D_e over the coincidences of every
 * pairable value, with the squared distance `delta`. */
function alpha(us, delta) {
  let n = 0, dObs = 0;
  const all = [];
  for (const u of us) {
    const m = u.length;
    n += m;
    all.push(...u);
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) if (i !== j) dObs += delta(u[i], u[j]) / (m - 1);
  }
  let dExp = 0;
  for (let i = 0; i < all.length; i++) for (let j = 0; j < all.length; j++) if (i !== j) dExp += delta(all[i], all[j]);
  return 1 - (dObs / n) / (dExp / (n * (n - 1)));
}

/** Gwet's observed agreement over tasks with two ratings or more. */
function percent(us) {
  let sum = 0;
  for (const u of us) {
    const counts = new Map();
    for (const v of u) counts.set(v, (counts.get(v) || 0) + 1);
    let same = 0;
    for (const c of counts.values()) same += c * (c - 1);
    sum += same / (u.length * (u.length - 1));
  }
  return sum / us.length;
}

async function post(url, doc) {
  const r = await fetch(`${url}/api/submissions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': doc.submission_id },
    body: JSON.stringify(doc),
  });
  expect(r.status, await r.text()).toBe(201);
}

let server;
test.afterEach(async () => { await server?.stop(); server = undefined; });

test('figures over the receiver\'s listing equal the statistics computed here, and the exports carry them', async ({ page }) => {
  server = await startReceiver();
  const list = ratings();
  for (const r of list) await post(server.url, r.doc);
  // Another rubric's submission: counted, never mixed in.
  await post(server.url, { ...list[0].doc, submission_id: '00000000-0000-4000-8000-999999999999', rubric: { id: 'hhh', version: '2.1' } });
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));

  // Pages of 25 rows: the report follows the Link header to the end.
  await page.goto(`${server.url}/report/?example=content-moderation&submissions=${encodeURIComponent('../api/submissions?format=jsonl&limit=25')}`);
  const report = page.getByTestId('report');
  await expect(report).toBeVisible({ timeout: 20000 });
  await expect(page.getByTestId('report-read')).toContainText(`${list.length} submissions on ${TASKS} tasks, from 3 people and 1 model judge.`);
  await expect(page.getByTestId('report-read')).toContainText('1 submission for “hhh” version 2.1, not this rubric: left out.');

  const verdict = page.locator('[data-criterion="verdict"]');
  const expectedAlpha = alpha(units(list, 'verdict'), (a, b) => (a === b ? 0 : 1));
  const expectedPercent = percent(units(list, 'verdict'));
  await expect(verdict.getByTestId('variable-alpha')).toContainText(`Alpha (nominal): ${expectedAlpha.toFixed(2)} [`);
  await expect(verdict.getByTestId('variable-percent')).toContainText(`Agreement: ${expectedPercent.toFixed(2)} [`);
  const severity = page.locator('[data-criterion="severity"]');
  const severityInterval = alpha(units(list, 'severity'), (a, b) => (a - b) ** 2);
  await expect(severity.getByTestId('variable-figures')).toContainText(`Alpha (interval): ${severityInterval.toFixed(2)} [`);
  // The judge against the people, with the alternative annotator test in words.
  // The id is isolated (FSI … PDI) so it keeps its order inside right-to-left text.
  await expect(severity.getByTestId('judge')).toContainText(/\u2068judge-1\u2069 \(model judge\) agrees with the people's consensus on/);
  await expect(severity.getByTestId('judge')).toContainText(/alternative annotator test/);
  // Tables are built when their section is first opened.
  await verdict.locator('.rp-raters summary').click();
  await expect(verdict.getByTestId('raters-table').locator('tbody tr')).toHaveCount(4);

  // The exports: the figures as JSON hold the very values computed here.
  const download = page.waitForEvent('download');
  await page.getByTestId('export-figures-json').click();
  const file = await download;
  const figures = JSON.parse(fs.readFileSync(await file.path(), 'utf8'));
  const find = (c, s) => figures.figures.find((f) => f.criterion === c && f.statistic === s);
  expect(find('verdict', 'alpha_nominal').value).toBeCloseTo(expectedAlpha, 10);
  expect(find('verdict', 'percent').value).toBeCloseTo(expectedPercent, 10);
  expect(find('severity', 'alpha_interval').value).toBeCloseTo(severityInterval, 10);
  expect(figures.submissions).toBe(list.length);
  expect(figures.raters.map((r) => r.kind)).toEqual(['human', 'human', 'human', 'model']);
  const csv = page.waitForEvent('download');
  await page.getByTestId('export-figures-csv').click();
  const rows = fs.readFileSync(await (await csv).path(), 'utf8').trim().split('\n');
  const alphaRow = rows.find((r) => r.startsWith('verdict,,alpha_nominal,')).split(',');
  expect(Number(alphaRow[3])).toBeCloseTo(expectedAlpha, 10);

  expect(await violations(page)).toEqual([]);
  // Every section opened: still accessible.
  for (const d of await page.locator('details').all()) await d.evaluate((e) => { e.open = true; });
  await expect(page.getByTestId('rater-matrix').first()).toBeVisible();
  expect(await violations(page)).toEqual([]);
  expect(errors).toEqual([]);
});

test('one rater sees only their own figures against the group', async ({ page }) => {
  server = await startReceiver();
  for (const r of ratings()) await post(server.url, r.doc);
  await page.goto(`${server.url}/report/?example=content-moderation&rater=bea`);
  const view = page.getByTestId('rater-view');
  await expect(view).toContainText('How bea agrees with the group');
  await expect(view.locator('tbody tr').first()).toBeVisible();
  const text = await page.getByTestId('report').innerText();
  for (const other of ['ann', 'cyd', 'judge-1']) expect(text).not.toContain(other);
});

test('files opened on the page: a rubric and JSON Lines with a broken line, named by its number', async ({ page }) => {
  server = await startReceiver();
  const lines = ratings().map((r) => JSON.stringify(r.doc));
  lines.splice(3, 0, '{"schema_version": "1.1", "broken');
  await page.goto(`${server.url}/report/`);
  await page.getByTestId('report-picker').selectOption('');
  await expect(page.getByTestId('report-open')).toBeVisible();
  await page.getByTestId('report-rubric-file').setInputFiles({
    name: 'content-moderation.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(RUBRIC)),
  });
  await page.getByTestId('report-data-files').setInputFiles({
    name: 'export.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(lines.join('\n')),
  });
  await page.getByRole('button', { name: 'Show the report' }).click();
  await expect(page.getByTestId('report-read')).toContainText(`${lines.length - 1} submissions on ${TASKS} tasks`);
  const malformed = page.getByTestId('report-malformed');
  await expect(malformed).toContainText('1 line could not be read');
  await malformed.locator('summary').click();
  await expect(malformed).toContainText('line 4:');
});

test('on a phone the report fits the width, in English and right to left in Arabic', async ({ page }) => {
  server = await startReceiver();
  for (const r of ratings()) await post(server.url, r.doc);
  await page.setViewportSize({ width: 390, height: 800 });
  for (const locale of ['en', 'ar']) {
    await page.goto(`${server.url}/report/?example=content-moderation&locale=${locale}`);
    await expect(page.getByTestId('report')).toBeVisible();
    for (const d of await page.locator('details').all()) await d.evaluate((e) => { e.open = true; });
    await expect(page.getByTestId('rater-matrix').first()).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, locale).toBeLessThanOrEqual(0);
    await expect(page.locator('.rw-root')).toHaveAttribute('dir', locale === 'ar' ? 'rtl' : 'ltr');
  }
  // A row of an option keeps the option's words and cuts the question's ("Policy categories —
  // Other" is one character too long): cut at the end, the rows of one question read alike.
  const labels = await page.getByTestId('alpha-chart').locator('.rp-label').evaluateAll((ls) => ls.map((l) => [...l.childNodes].filter((n) => n.nodeType === 3).map((n) => n.data).join('')));
  expect(labels.every((l) => [...l].length <= 24), labels.join(' | ')).toBe(true);
  expect(labels.filter((l) => l.includes(' — ')).every((l) => !l.endsWith('…')), labels.join(' | ')).toBe(true);
  // Arabic: the chart's labels start at the right edge, where the reader starts.
  const label = page.getByTestId('alpha-chart').locator('.rp-label').first();
  const [chart, text] = [await page.getByTestId('alpha-chart').boundingBox(), await label.boundingBox()];
  expect(chart.x + chart.width - (text.x + text.width)).toBeLessThan(8);
  expect(await violations(page)).toEqual([]);
});

test('a broken rubric is shown with every problem, and a listing that fails is named', async ({ page }) => {
  server = await startReceiver();
  await page.addInitScript(() => {
    document.addEventListener('rubric-config-error', (e) => { window.__configError = e.detail; });
  });
  await page.goto(`${server.url}/report/?rubric=/fixtures/broken-rubric.json&submissions=../api/submissions`);
  const problems = page.getByTestId('config-error');
  await expect(problems).toBeVisible();
  await expect(problems).toContainText('criteria[0].levels[0]');
  // The host hears it as from every mode, each problem with its path.
  const heard = await page.evaluate(() => window.__configError);
  expect(heard.problems.map((p) => p.path)).toContain('criteria[0].levels[0].lable');
  // Never a dead end: the reader can open files instead.
  await page.getByRole('button', { name: 'Open other files' }).click();
  await expect(page.getByTestId('report-open')).toBeVisible();
  await page.goto(`${server.url}/report/?example=content-moderation&submissions=${encodeURIComponent('/fixtures/missing.jsonl')}`);
  await expect(page.getByTestId('report-failed')).toHaveText(/The submissions could not be read: .*missing\.jsonl: HTTP 404/);
});
