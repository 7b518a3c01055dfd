// Where one answer change's time goes (not a test): in headless Chromium against the release
// build in dist/, for 20- and 200-criterion forms, drives clicks on rating options,
// keystrokes in a text field and ranking moves, each followed by a task yield and a forced style and layout (what
// a user's next frame pays), and reports per operation:
//  - the renderer's own accounting (CDP Performance metrics): script, style recalculation,
//    layout, and the whole task time;
//  - a sampled CPU profile's self time split into wasm, the JS glue (wasm-bindgen's generated
//    module and browser.js), garbage collection and the rest, with the heaviest functions.
// Usage: node bench/profile.mjs [--ops 60] [--kinds click,keystroke,move] after scripts/build.sh. Numbers go in ARCHITECTURE.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { serve } from '../tests/e2e/serve.mjs';
import { rubric, task } from './workload.mjs';

const PORT = Number(process.env.BENCH_PORT || 8096);
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const OPS = arg('ops', 60);
// --kinds click,keystroke,move (default: all three)
const KINDS = (process.argv.includes('--kinds') ? process.argv[process.argv.indexOf('--kinds') + 1] : 'click,keystroke,move').split(',');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rubric-profile-'));
for (const n of [20, 200]) fs.writeFileSync(path.join(dir, `rubric-${n}.json`), JSON.stringify(rubric(n)));
fs.writeFileSync(path.join(dir, 'task.json'), JSON.stringify(task));
const server = await serve(process.env.DIST || 'dist', PORT, { '/bench/': dir });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

/** Runs `OPS` operations of `kind` in the page, each: the event, one task yield, forced layout. */
function drive(kind, ops) {
  return async ({ kind, ops }) => {
    const hop = () => new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = () => r(); c.port2.postMessage(0); });
    const settle = async () => { await hop(); document.body.getBoundingClientRect(); void document.body.offsetHeight; };
    if (kind === 'click') {
      const groups = [...document.querySelectorAll('fieldset[data-type="rating"]')].map((f) => [...f.querySelectorAll('input[type=radio]')]);
      for (let i = 0; i < ops; i++) {
        const radios = groups[i % groups.length];
        radios[(i * 3) % radios.length].click();
        await settle();
      }
    } else if (kind === 'move') {
      // As bench.mjs moves: "move up" on a row below the first, five moves per ranking.
      const rankings = [...document.querySelectorAll('fieldset[data-type="ranking"]')];
      for (let m = 0; m < ops; m++) {
        const field = rankings[Math.floor(m / 5) % rankings.length];
        const rows = field.querySelectorAll('li.rw-rank-item');
        rows[1 + (m % (rows.length - 1))].querySelector('button[id$="-up"]').click();
        await settle();
      }
    } else {
      const area = document.querySelector('fieldset[data-type="text"] textarea');
      const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set;
      area.focus();
      for (let i = 0; i < ops; i++) {
        area.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true }));
        setter.call(area, area.value + 'a');
        area.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: 'a' }));
        area.dispatchEvent(new KeyboardEvent('keyup', { key: 'a', bubbles: true }));
        await settle();
      }
    }
  };
}

const metric = (ms, name) => ms.metrics.find((m) => m.name === name)?.value ?? 0;
const rows = [];
const tops = [];
for (const n of [20, 200]) {
  for (const kind of KINDS) {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${PORT}/?rubric=/bench/rubric-${n}.json&task=/bench/task.json&annotator=profile-${Date.now()}`);
    await page.locator(`fieldset[data-criterion="c${n - 1}"]`).waitFor();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.evaluate(drive(), { kind, ops: 10 }); // warm-up
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    const before = await cdp.send('Performance.getMetrics');
    await cdp.send('Profiler.start');
    const t0 = Date.now();
    await page.evaluate(drive(), { kind, ops: OPS });
    const wall = Date.now() - t0;
    const { profile } = await cdp.send('Profiler.stop');
    const after = await cdp.send('Performance.getMetrics');
    const per = (name) => ((metric(after, name) - metric(before, name)) * 1000) / OPS;
    // Self time per node from the samples.
    const dt = new Map();
    for (let i = 0; i < profile.samples.length; i++) dt.set(profile.samples[i], (dt.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
    const split = { wasm: 0, glue: 0, gc: 0, other: 0 };
    const byFn = new Map();
    for (const node of profile.nodes) {
      const ms = dt.get(node.id) ?? 0;
      if (!ms) continue;
      const { functionName, url } = node.callFrame;
      if (functionName === '(idle)' || functionName === '(program)') continue;
      const where = url.endsWith('.wasm') || functionName.startsWith('$') || /wasm-function/.test(functionName) ? 'wasm'
        : /rubric-widget|browser\.js/.test(url) ? 'glue'
          : functionName === '(garbage collector)' ? 'gc' : 'other';
      split[where] += ms;
      const key = `${where}: ${functionName || '(anonymous)'}`;
      byFn.set(key, (byFn.get(key) ?? 0) + ms);
    }
    rows.push({
      n, kind, wall: wall / OPS, task: per('TaskDuration'), script: per('ScriptDuration'), style: per('RecalcStyleDuration'), layout: per('LayoutDuration'),
      wasm: split.wasm / OPS, glue: split.glue / OPS, gc: split.gc / OPS, other: split.other / OPS,
    });
    tops.push({ n, kind, top: [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, ms]) => `${k} ${(ms / OPS).toFixed(2)} ms`) });
    await page.close();
  }
}
await browser.close();
server.close();

const f = (x) => x.toFixed(2);
console.log(`Headless Chromium, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}, ${OPS} operations each; ms per operation:`);
console.log('| criteria | operation | wall | task | script | style | layout | wasm (sampled) | JS glue | GC | other JS |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) console.log(`| ${r.n} | ${r.kind} | ${f(r.wall)} | ${f(r.task)} | ${f(r.script)} | ${f(r.style)} | ${f(r.layout)} | ${f(r.wasm)} | ${f(r.glue)} | ${f(r.gc)} | ${f(r.other)} |`);
for (const t of tops) console.log(`\nheaviest, ${t.n} criteria, ${t.kind}:\n  ${t.top.join('\n  ')}`);
