// Benchmark (not a test): in headless Chromium against the release build in dist/, measures
//  - time from navigation to the form being visible, for 20- and 200-criterion rubrics, in
//    English (built in) and in Arabic (a catalogue fetched, the layout mirrored);
//  - the in-page cost of 100 answer changes (click → DOM, effects and draft save done);
//  - the release bundle size (wasm + js + css, brotli quality 11).
// Usage: scripts/bench.sh (builds first), or `node bench/bench.mjs` after a release build.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { serve } from '../tests/e2e/serve.mjs';
import { bundle, report } from './bundle.mjs';

const PORT = 8095;
const RUNS = 5;

/** A rubric of `n` criteria cycling through every criterion type. */
function rubric(n) {
  const levels = (k) => Array.from({ length: k }, (_, i) => ({ value: i + 1, label: `Level ${i + 1}`, descriptor: `What level ${i + 1} means, in a sentence or two of **markdown**.` }));
  const options = (k) => Array.from({ length: k }, (_, i) => ({ value: `o${i}`, label: `Option ${i}`, description: `When to pick option ${i}.` }));
  const make = [
    (id) => ({ id, type: 'rating', title: `Rating ${id}`, description: 'Rate it.', required: true, levels: levels(5) }),
    (id) => ({ id, type: 'single_choice', title: `Choice ${id}`, options: options(4) }),
    (id) => ({ id, type: 'multi_choice', title: `Multi ${id}`, options: options(5) }),
    (id) => ({ id, type: 'pairwise', title: `Pair ${id}`, scale: levels(7).map((l, i) => ({ ...l, value: i - 3 })) }),
    (id) => ({ id, type: 'checklist', title: `Checklist ${id}`, items: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }, { id: 'c', label: 'C' }] }),
    (id) => ({ id, type: 'text', title: `Text ${id}`, max_length: 500 }),
    (id) => ({ id, type: 'ranking', title: `Ranking ${id}` }),
  ];
  const criteria = Array.from({ length: n }, (_, i) => make[i % make.length](`c${i}`));
  return { schema_version: '1.0', id: `bench-${n}`, version: '1', title: `Benchmark, ${n} criteria`, instructions: 'Benchmark.', criteria };
}

const task = {
  id: 'bench-task',
  prompt: 'A prompt with **some** markdown and a [link](https://example.com).',
  responses: [
    { id: 'a', label: 'A', content: '# Answer\n\n' + 'A paragraph of a typical model answer. '.repeat(40) },
    { id: 'b', label: 'B', content: '- a list\n- of points\n\n```\ncode block\n```\n' + 'More text. '.repeat(60) },
  ],
};

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rubric-bench-'));
for (const n of [20, 200]) fs.writeFileSync(path.join(dir, `rubric-${n}.json`), JSON.stringify(rubric(n), null, 1));
fs.writeFileSync(path.join(dir, 'task.json'), JSON.stringify(task));
const server = await serve('dist', PORT, { '/bench/': dir });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const results = [];
for (const [n, locale] of [[20, 'en'], [200, 'en'], [20, 'ar'], [200, 'ar']]) {
  const loads = [];
  const totals = [];
  let changes = [];
  for (let run = 0; run < RUNS; run++) {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${PORT}/?rubric=/bench/rubric-${n}.json&task=/bench/task.json&annotator=bench-${run}-${Date.now()}&locale=${locale}`);
    await page.locator(`fieldset[data-criterion="c${n - 1}"]`).waitFor();
    loads.push(await page.evaluate(() => performance.now()));
    // 100 answer changes across the form's rating criteria, each timed from the click until
    // every reaction (render, conditions, progress, draft save) has run.
    const times = await page.evaluate(async () => {
      const hop = () => new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = () => r(); c.port2.postMessage(0); });
      const groups = [...document.querySelectorAll('fieldset[data-type="rating"]')].map((f) => [...f.querySelectorAll('input[type=radio]')]);
      const out = [];
      for (let i = 0; i < 100; i++) {
        const radios = groups[i % groups.length];
        const input = radios[(i * 3) % radios.length];
        const t0 = performance.now();
        input.click();
        await hop();
        out.push(performance.now() - t0);
      }
      return out;
    });
    changes = changes.concat(times);
    totals.push(times.reduce((a, b) => a + b, 0));
    await page.close();
  }
  results.push({ n, locale, load: median(loads), changeMedian: median(changes), changeP95: p95(changes), total100: median(totals) });
}
await browser.close();
server.close();

console.log('Bundle (release, brotli -q 11):\n' + report(bundle()).text);
console.log('');
console.log(`Headless Chromium, ${os.cpus().length} cores, median of ${RUNS} page loads:`);
console.log('| criteria | language | navigation → form visible | one answer change (median / p95) | 100 answer changes (sum, median run) |');
console.log('| --- | --- | --- | --- | --- |');
for (const r of results) {
  console.log(`| ${r.n} | ${r.locale} | ${r.load.toFixed(0)} ms | ${r.changeMedian.toFixed(2)} ms / ${r.changeP95.toFixed(2)} ms | ${r.total100.toFixed(0)} ms |`);
}
