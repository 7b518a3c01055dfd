// Benchmark (not a test): crafted documents at the size limits (2 MiB tasks, 512 KiB rubrics),
// each loaded into the review demo page in headless Chromium against the release build in
// dist/. Measures navigation → the form (or the list of problems) visible. The promise
// (README, docs/promises.md P7): every one renders or is refused within a few seconds in the
// browser, never a frozen tab. The same patterns are timed natively by
// `cargo run --release -p rubric-core --example hostile_bench`.
// Usage: `node bench/hostile.mjs` after a release build (scripts/bench.sh runs it).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { serve } from '../tests/e2e/serve.mjs';

const PORT = 8096;
const RUNS = 3;
const TASK_MAX = 2 * 1024 * 1024;
const RUBRIC_MAX = 512 * 1024;

/** `unit` repeated to fill `bytes` of JSON string content (ASCII, no escapes needed). */
const fill = (unit, bytes) => unit.repeat(Math.floor(bytes / unit.length));
const growingRuns = (c, bytes) => {
  let s = '';
  for (let k = 1; s.length < bytes; k++) s += c.repeat(k) + ' ';
  return s;
};
const task = (content, extra = {}) => JSON.stringify({ id: 't', prompt: 'Which answer is better?', responses: [{ id: 'a', label: 'A', content }], ...extra });
const room = TASK_MAX - 200;
const levels = [1, 2, 3].map((v) => ({ value: v, label: `L${v}`, descriptor: `level ${v}` }));
const rubric = (criteria, extra = {}) => JSON.stringify({ schema_version: '1.0', id: 'r', version: '1', title: 'R', criteria, ...extra });
const rating = (id, extra = {}) => ({ id, type: 'rating', title: 'T', levels, ...extra });

const plainRubric = rubric([rating('q')]);
const cases = [
  ['task: `<` × 2 MiB then `>`', plainRubric, task(fill('<', room - 1) + '>')],
  ['task: code-like `if x < y then` × 2 MiB', plainRubric, task(fill('if x < y then ', room))],
  ['task: backtick runs of growing length, 2 MiB', plainRubric, task(growingRuns('`', room - 4096))],
  ['task: `*` × 2 MiB', plainRubric, task(fill('*', room))],
  ['task: `[` × 1 MiB then `](`', plainRubric, task(fill('[', room / 2) + fill('](', room / 2))],
  ['task: `> ` quote nesting, 2 MiB', plainRubric, task(fill('> ', room))],
  ['task: one 1.9 MB unknown key', plainRubric, JSON.stringify({ id: 't', prompt: 'p', responses: [{ id: 'a', label: 'A', content: 'x' }], [fill('k', 1_900_000)]: 1 })],
  ['rubric: a 10,000-character id named by a visible_if', rubric([rating(fill('a', 10_000)), rating('b', { visible_if: { criterion: fill('a', 9_999) + 'b', equals: 1 } })]), task('An answer.')],
  ['rubric: 500 criteria, each visible_if the one before', rubric(Array.from({ length: 500 }, (_, i) => rating(`c${i}`, i ? { visible_if: { criterion: `c${i - 1}`, gte: 1 } } : {}))), task('An answer.')],
  ['rubric: instructions `<` × 512 KiB', rubric([rating('q')], { instructions: fill('<', RUBRIC_MAX - 400) }), task('An answer.')],
];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rubric-hostile-'));
cases.forEach(([, r, t], i) => {
  fs.writeFileSync(path.join(dir, `r${i}.json`), r);
  fs.writeFileSync(path.join(dir, `t${i}.json`), t);
});
const server = await serve('dist', PORT, { '/hostile/': dir });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
for (const [i, [name, r, t]] of cases.entries()) {
  const times = [];
  let outcome = '';
  for (let run = 0; run < RUNS; run++) {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${PORT}/?rubric=/hostile/r${i}.json&task=/hostile/t${i}.json&endpoint=&annotator=h${run}`);
    const done = page.locator('[data-testid="rubric-widget"], [data-testid="config-error"]').first();
    await done.waitFor({ timeout: 60_000 });
    times.push(await page.evaluate(() => performance.now()));
    outcome = (await done.getAttribute('data-testid')) === 'config-error' ? 'refused, every problem listed' : 'rendered';
    await page.close();
  }
  rows.push({ name, bytes: Math.max(r.length, t.length), ms: median(times), outcome });
}
await browser.close();
server.close();

console.log(`Crafted documents, headless Chromium, ${os.cpus().length} cores, median of ${RUNS} page loads (navigation → form or problems visible):`);
console.log('| document | size | time | outcome |');
console.log('| --- | ---: | ---: | --- |');
for (const r of rows) console.log(`| ${r.name} | ${(r.bytes / 1024).toFixed(0)} KiB | ${r.ms.toFixed(0)} ms | ${r.outcome} |`);
