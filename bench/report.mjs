// Benchmark (not a test): the agreement report over a portal's export in headless Chromium,
// against the release build in dist/report/. Submissions × 20 criteria (rating, single choice,
// checklist, multi choice in turn), 5 raters per task, one of them a model judge, as JSON Lines,
// at 1,000, 10,000 and 100,000 submissions (the last about 127 MB and 2 million answers).
// Measures navigation → the report visible; the longest main-thread task while reading and
// computing (PerformanceObserver "longtask"); and the renderer's peak memory (resident set of
// Chromium's renderer processes, sampled every 50 ms). The core's own timings natively:
// `cargo run --release -p rubric-core --example report_bench`.
// Usage: `node bench/report.mjs [sizes…]` after a release build (scripts/build.sh).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execSync } from 'node:child_process';
import { chromium } from '@playwright/test';
import { serve } from '../tests/e2e/serve.mjs';

const PORT = 8095;
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const SIZES = sizes.length ? sizes : [1000, 10000, 100000];
const KINDS = ['rating', 'single_choice', 'checklist', 'multi_choice'];

function rubric() {
  const criteria = Array.from({ length: 20 }, (_, i) => {
    const kind = KINDS[i % 4];
    const base = { id: `c${i}`, type: kind, title: `C${i}` };
    if (kind === 'rating') return { ...base, levels: [1, 2, 3, 4, 5].map((v) => ({ value: v, label: String(v) })) };
    if (kind === 'checklist') return { ...base, items: ['x', 'y', 'z'].map((id) => ({ id, label: id.toUpperCase() })) };
    const values = kind === 'single_choice' ? ['a', 'b', 'c'] : ['p', 'q', 'r'];
    return { ...base, options: values.map((value) => ({ value, label: value.toUpperCase() })) };
  });
  return JSON.stringify({ schema_version: '1.0', id: 'bench', version: '1', title: 'Bench', criteria });
}

/** `n` submissions as JSON Lines, written to `file` in pieces. */
function submissions(n, file) {
  let state = 0x2545f491;
  const next = (m) => {
    state ^= state << 13; state >>>= 0; state ^= state >>> 17; state ^= state << 5; state >>>= 0;
    return state % m;
  };
  const fd = fs.openSync(file, 'w');
  let buffer = '';
  for (let s = 0; s < n; s++) {
    const task = Math.floor(s / 5), rater = s % 5, truth = task % 5;
    const answers = {};
    for (let i = 0; i < 20; i++) {
      const agree = next(10) < 7;
      const pick = (m) => (agree ? truth % m : next(m));
      const kind = KINDS[i % 4];
      answers[`c${i}`] = kind === 'rating' ? { type: kind, value: pick(5) + 1 }
        : kind === 'single_choice' ? { type: kind, value: ['a', 'b', 'c'][pick(3)] }
        : kind === 'checklist' ? { type: kind, items: { x: 'yes', y: ['yes', 'no'][pick(2)], z: 'na' } }
        : { type: kind, values: [['p', 'q', 'r'][pick(3)]] };
    }
    buffer += JSON.stringify({
      schema_version: '1.1', submission_id: `s${s}`, rubric: { id: 'bench', version: '1' }, task_id: `t${task}`,
      annotator: `r${rater}`, answers, response_order: ['a'], started_at: '2026-12-01T09:59:00.000Z',
      submitted_at: '2026-12-01T10:00:00.000Z', active_ms: 60000, client: { name: 'bench', version: '1' },
      ...(rater === 4 ? { rater: { kind: 'model', model: 'm' } } : {}),
    }) + '\n';
    if (buffer.length > 1 << 20) { fs.writeSync(fd, buffer); buffer = ''; }
  }
  fs.writeSync(fd, buffer);
  fs.closeSync(fd);
}

/** Resident memory of this browser's renderer processes (descendants of `root`), in bytes. */
function rendererBytes(root) {
  const rows = execSync('ps -eo pid=,ppid=,rss=,args=', { encoding: 'utf8' }).trim().split('\n')
    .map((l) => l.trim().split(/\s+/)).map(([pid, ppid, rss, ...args]) => ({ pid: +pid, ppid: +ppid, rss: +rss, args: args.join(' ') }));
  const ours = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const r of rows) if (ours.has(r.ppid) && !ours.has(r.pid)) { ours.add(r.pid); grew = true; }
  }
  return rows.filter((r) => ours.has(r.pid) && r.args.includes('--type=renderer')).reduce((s, r) => s + r.rss * 1024, 0);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rubric-report-bench-'));
fs.writeFileSync(path.join(dir, 'rubric.json'), rubric());
const server = await serve('dist', PORT, { '/data/': dir });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', `--report-bench=${process.pid}`],
});
// Our browser process, found by the unknown switch it was given (Chromium ignores it).
const browserPid = Number(execSync(`pgrep -f -- '--report-bench=${process.pid}' | head -1`, { encoding: 'utf8' }).trim());
const rows = [];
for (const n of SIZES) {
  const file = path.join(dir, `s${n}.jsonl`);
  submissions(n, file);
  const mb = fs.statSync(file).size / 1e6;
  const page = await browser.newPage();
  await page.addInitScript(() => {
    window.longest = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.longest = Math.max(window.longest, e.duration);
    }).observe({ type: 'longtask', buffered: true });
    // When reading ends (the first "Computing"), and when the report is in the page.
    window.marks = {};
    new MutationObserver(() => {
      const progress = document.querySelector('[data-testid="report-progress"]');
      if (progress && !window.marks.read && progress.textContent.includes('Computing')) window.marks.read = performance.now();
      if (!window.marks.shown && document.querySelector('[data-testid="report"]')) window.marks.shown = performance.now();
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  const before = rendererBytes(browserPid);
  let peak = before;
  const sampler = setInterval(() => { peak = Math.max(peak, rendererBytes(browserPid)); }, 50);
  const start = Date.now();
  await page.goto(`http://127.0.0.1:${PORT}/report/?rubric=/data/rubric.json&submissions=/data/s${n}.jsonl`);
  await page.getByTestId('report').waitFor({ timeout: 300000 });
  const elapsed = Date.now() - start;
  clearInterval(sampler);
  const { longest, marks } = await page.evaluate(() => ({ longest: window.longest, marks: window.marks }));
  const read = await page.getByTestId('report-read').innerText();
  if (!read.startsWith(`${n.toLocaleString('en')} submissions`)) throw new Error(`unexpected: ${read}`);
  const phases = `read until ${(marks.read / 1000).toFixed(2)} s, computed and shown at ${(marks.shown / 1000).toFixed(2)} s`;
  rows.push({ n, mb, elapsed, read: marks.read, longest, peak: peak / 2 ** 20, before: before / 2 ** 20, phases });
  console.log(`${n} submissions (${mb.toFixed(1)} MB): report visible in ${(elapsed / 1000).toFixed(2)} s (${phases}), longest task ${longest.toFixed(0)} ms, renderer peak ${(peak / 2 ** 20).toFixed(0)} MiB (${(before / 2 ** 20).toFixed(0)} MiB before the page)`);
  await page.close();
  fs.rmSync(file);
}
await browser.close();
server.close();
fs.rmSync(dir, { recursive: true, force: true });
console.log('\n| submissions | JSON Lines | report visible | reading done at | longest task | renderer peak (before) |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  console.log(`| ${r.n.toLocaleString('en')} | ${r.mb.toFixed(1)} MB | ${(r.elapsed / 1000).toFixed(2)} s | ${(r.read / 1000).toFixed(2)} s | ${r.longest.toFixed(0)} ms | ${r.peak.toFixed(0)} MiB (${r.before.toFixed(0)}) |`);
}
