// The widget bundle's size (what a host page downloads for the widget: the embed module, wasm,
// its JS glue and snippets, widget.css; not the demo page's own demo.js and demo.css), brotli
// quality 11, and its budget. `node bench/bundle.mjs --check` fails when the total exceeds the budget.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/** The budget from issue 2: at most 150 KiB brotli for the review form. */
export const BUDGET_KIB = 150;
/**
 * What `--check` enforces: just above the latest measure, so the bundle cannot grow unnoticed
 * while size work brings it under the budget. Delivery, embedding, languages, hardening and the
 * reviewer's day took it to 198.8 KiB; building the review path's views with DOM calls (issue
 * 14, `src/components/dom.rs`) brought it to 165.4 (165.3 with main's changes since); one
 * closure type per kind of callback, no view code left on the review page and no memo where a
 * comparison does, to 157.9; no ranking memo and no `wasm-streams` exports or classes, to 155.9 (156.1 with
 * the walk's layout fixes); the standard library compiled with the widget and panics without
 * messages (`scripts/build.sh`), to 143.8: within the budget; 144.2 with the CSS that skips
 * questions far from the view (0.2) and `queueStart` (0.2); 144.5 with the embed module saying
 * when the widget's own wasm cannot load, and compiling it while the glue loads (0.3); 144.7
 * with a screen reader told what a key chose in a question other than the focused one (0.2);
 * 144.8 with the embed module's error in the widget's own frame, with what a reviewer can do;
 * 144.9 (144.89) with the JSON reader saying where a closing quote is missing; 145.1 with focus
 * going with a key to the question it answered, the skip panel's reasons brought into view and
 * a draft of this same page not announced as restored (fixes from a fresh-eyes walk); 145.9
 * (145.94) with the next task of a queue asked for again when the network failed it, the
 * submitted form kept on screen meanwhile (0.8: the loader's async state grew; a `StoredValue`
 * of a new type for it was 0.1 more, a substring search 0.2 more).
 * ARCHITECTURE.md ("Bundle size") says where the bytes go, what did not pay, and the plan
 * from here.
 */
export const CEILING_KIB = 146.0;

export function bundle(dir = 'dist') {
  const files = fs.readdirSync(dir, { recursive: true });
  // The JS snippets the glue actually imports (the crate's snippets directory holds every mode's).
  const imported = new Set(files
    .filter((f) => /^rubric-(widget|quiz|designer)\.js$/.test(f))
    .flatMap((f) => [...fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/\.\/(snippets\/[^'"]+\.js)/g)].map((m) => m[1])));
  return files
    .filter((f) => /\.(wasm|js|css)$/.test(f) && (/^(rubric-(widget|quiz|designer)[-_.]|(widget|quiz|designer)\.css$|embed\/rubric-embed\.js$)/.test(f) || imported.has(f)))
    .map((f) => {
      const raw = fs.readFileSync(path.join(dir, f));
      const brotli = zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
      return { file: f, raw: raw.length, brotli };
    });
}

export const kib = (bytes) => (bytes / 1024).toFixed(1);

export function report(files) {
  const total = files.reduce((s, f) => s + f.brotli, 0);
  const lines = files.map((f) => `  ${f.file.padEnd(56)} ${kib(f.raw).padStart(7)} KiB raw  ${kib(f.brotli).padStart(6)} KiB brotli`);
  const over = total - BUDGET_KIB * 1024;
  lines.push(`  total ${kib(total)} KiB brotli (budget ${BUDGET_KIB} KiB${over > 0 ? `: ${kib(over)} KiB over` : ''}; enforced ceiling ${CEILING_KIB} KiB)`);
  return { total, text: lines.join('\n') };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { total, text } = report(bundle());
  console.log('Review widget bundle (release, brotli -q 11):\n' + text);
  for (const [dir, name] of [['dist/quiz', 'Calibration quiz'], ['dist/designer', 'Rubric designer']]) {
    if (!fs.existsSync(dir)) continue;
    const files = bundle(dir);
    const sum = files.reduce((s, f) => s + f.brotli, 0);
    console.log(`${name} bundle (its own wasm; no budget set):\n` +
      files.map((f) => `  ${f.file.padEnd(56)} ${kib(f.raw).padStart(7)} KiB raw  ${kib(f.brotli).padStart(6)} KiB brotli`).join('\n') +
      `\n  total ${kib(sum)} KiB brotli`);
  }
  if (process.argv.includes('--check') && total > CEILING_KIB * 1024) {
    console.error(`bundle is ${kib(total)} KiB brotli, over the ${CEILING_KIB} KiB ceiling`);
    process.exit(1);
  }
}
