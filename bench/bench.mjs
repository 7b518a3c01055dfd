// Benchmark (not a test): in headless Chromium against the release build in dist/ (or $DIST),
// measures
//  - time from navigation to the form being visible, for 20- and 200-criterion rubrics, in
//    English (built in) and in Arabic (a catalogue fetched, the layout mirrored), and the
//    longest main-thread task until every criterion is shown;
//  - what a reviewer's input costs, as the peer benchmark's driver measures it (scripts/bench-peers.sh):
//    after every user event one task is yielded (MessageChannel: the widget's effects, the
//    rubric-change event and the draft save run) and style and layout are forced (reading
//    document.body.offsetHeight), so each figure is the work between an input and the frame that
//    shows it, not a paint. Per click on a rating level (100 of them: "one answer change"), per
//    keystroke in a text field (12 per field, each a keydown, the value set through the native
//    setter, an `input` event and a keyup) and per ranking move (a click on "move up");
//  - the release bundle size (wasm + js + css, brotli quality 11).
// Usage: scripts/bench.sh (builds first), or `node bench/bench.mjs` after a release build.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { serve } from '../tests/e2e/serve.mjs';
import { bundle, report } from './bundle.mjs';
import { rubric, task } from './workload.mjs';

const PORT = Number(process.env.BENCH_PORT || 8095);
const RUNS = 5;


const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rubric-bench-'));
for (const n of [20, 200]) fs.writeFileSync(path.join(dir, `rubric-${n}.json`), JSON.stringify(rubric(n), null, 1));
fs.writeFileSync(path.join(dir, 'task.json'), JSON.stringify(task));
const DIST = process.env.DIST || 'dist';
const server = await serve(DIST, PORT, { '/bench/': dir });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const results = [];
for (const [n, locale] of [[20, 'en'], [200, 'en'], [20, 'ar'], [200, 'ar']]) {
  const loads = [];
  const longest = [];
  const totals = [];
  let changes = [];
  let keys = [];
  let moves = [];
  for (let run = 0; run < RUNS; run++) {
    const page = await browser.newPage();
    // The longest main-thread task while the form loads: the page answers no input during it.
    await page.addInitScript(() => {
      window.__longestTask = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longestTask = Math.max(window.__longestTask, e.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`http://127.0.0.1:${PORT}/?rubric=/bench/rubric-${n}.json&task=/bench/task.json&annotator=bench-${run}-${Date.now()}&locale=${locale}`);
    await page.locator(`fieldset[data-criterion="c${n - 1}"]`).waitFor();
    loads.push(await page.evaluate(() => performance.now()));
    // Until every criterion is shown (`rubric-task-open`; a long form's later slices come
    // after the first screen), then one more frame.
    await page.waitForFunction(() => [...document.querySelectorAll('fieldset[data-criterion]')].every((f) => f.checkVisibility()));
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
    longest.push(await page.evaluate(() => window.__longestTask));
    // Each user event is timed from its dispatch until every reaction (render, conditions,
    // progress, the rubric-change event, the draft save) has run and the browser has computed
    // style and layout for it: 100 clicks on rating levels across the form, 10 text fields
    // typed into (12 keystrokes each), 10 ranking moves.
    const times = await page.evaluate(async () => {
      const ch = new MessageChannel();
      let wake = null;
      ch.port1.onmessage = () => { const w = wake; wake = null; w(); };
      const hop = () => new Promise((r) => { wake = r; ch.port2.postMessage(0); });
      const timed = async (event) => {
        const t0 = performance.now();
        event();
        await hop();
        void document.body.offsetHeight; // style and layout of what the widget just changed
        return performance.now() - t0;
      };
      const fields = (type) => [...document.querySelectorAll(`fieldset[data-type="${type}"]`)];
      const out = { clicks: [], keys: [], moves: [] };
      await hop();
      void document.body.offsetHeight;

      const groups = fields('rating').map((f) => [...f.querySelectorAll('input[type=radio]')]);
      for (let i = 0; i < 100; i++) {
        const radios = groups[i % groups.length];
        out.clicks.push(await timed(() => radios[(i * 3) % radios.length].click()));
      }

      // As the peer benchmark's driver types: keydown, the value through the native setter (as
      // the browser sets it), input, keyup.
      const setValue = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set;
      const key = (el, type, k) => el.dispatchEvent(new KeyboardEvent(type, { key: k, bubbles: true, cancelable: true, composed: true }));
      const texts = fields('text');
      for (let f = 0; f < 10; f++) {
        const area = texts[(f * 3) % texts.length].querySelector('textarea');
        area.focus();
        for (const c of `field ${f} ok. `.padEnd(12, '.').slice(0, 12)) {
          out.keys.push(await timed(() => {
            key(area, 'keydown', c);
            setValue.call(area, area.value + c);
            area.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: c }));
            key(area, 'keyup', c);
          }));
        }
        area.dispatchEvent(new Event('change', { bubbles: true }));
        area.blur();
      }

      // A move is a click on "move up" of a row below the first (rows are rebuilt by a move);
      // five moves in one ranking, then five in the next, as a reviewer orders one at a time.
      const rankings = fields('ranking');
      for (let m = 0; m < 10; m++) {
        const field = rankings[Math.floor(m / 5) % rankings.length];
        const rows = field.querySelectorAll('li.rw-rank-item');
        const row = rows[1 + (m % (rows.length - 1))];
        out.moves.push(await timed(() => row.querySelector('button[id$="-up"]').click()));
      }
      return out;
    });
    changes = changes.concat(times.clicks);
    keys = keys.concat(times.keys);
    moves = moves.concat(times.moves);
    totals.push(times.clicks.reduce((a, b) => a + b, 0));
    await page.close();
  }
  results.push({
    n, locale, load: median(loads), longest: median(longest), changeMedian: median(changes), changeP95: p95(changes), total100: median(totals),
    keyMedian: median(keys), keyP95: p95(keys), moveMedian: median(moves), moveP95: p95(moves),
  });
}
await browser.close();
server.close();

console.log('Bundle (release, brotli -q 11):\n' + report(bundle(DIST)).text);
console.log('');
console.log(`Headless Chromium, ${os.cpus().length} cores, median of ${RUNS} page loads:`);
console.log('| criteria | language | navigation → form visible | longest task while loading | one answer change (median / p95) | 100 answer changes (sum, median run) |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const r of results) {
  console.log(`| ${r.n} | ${r.locale} | ${r.load.toFixed(0)} ms | ${r.longest.toFixed(0)} ms | ${r.changeMedian.toFixed(2)} ms / ${r.changeP95.toFixed(2)} ms | ${r.total100.toFixed(0)} ms |`);
}
console.log('');
console.log('Per user event (yield one task, then style and layout forced), all runs pooled:');
console.log('| criteria | language | per click on a rating level (median / p95) | per keystroke in a text field (median / p95) | per ranking move (median / p95) |');
console.log('| --- | --- | --- | --- | --- |');
const mp = (m, p) => `${m.toFixed(2)} ms / ${p.toFixed(2)} ms`;
for (const r of results) {
  console.log(`| ${r.n} | ${r.locale} | ${mp(r.changeMedian, r.changeP95)} | ${mp(r.keyMedian, r.keyP95)} | ${mp(r.moveMedian, r.moveP95)} |`);
}
