// The release bundle's size (dist/: wasm + js + css, brotli quality 11), and its budget.
// `node bench/bundle.mjs --check` fails when the total exceeds the budget (scripts/test.sh).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/** The budget from issue 2: at most 150 KiB brotli for everything a reviewer downloads. */
export const BUDGET_KIB = 150;

export function bundle(dir = 'dist') {
  return fs.readdirSync(dir)
    .filter((f) => /\.(wasm|js|css)$/.test(f))
    .map((f) => {
      const raw = fs.readFileSync(path.join(dir, f));
      const brotli = zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
      return { file: f, raw: raw.length, brotli };
    });
}

export const kib = (bytes) => (bytes / 1024).toFixed(1);

export function report(files) {
  const total = files.reduce((s, f) => s + f.brotli, 0);
  const lines = files.map((f) => `  ${f.file.padEnd(44)} ${kib(f.raw).padStart(7)} KiB raw  ${kib(f.brotli).padStart(6)} KiB brotli`);
  lines.push(`  total ${kib(total)} KiB brotli (budget ${BUDGET_KIB} KiB)`);
  return { total, text: lines.join('\n') };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { total, text } = report(bundle());
  console.log('Bundle (release, brotli -q 11):\n' + text);
  if (process.argv.includes('--check') && total > BUDGET_KIB * 1024) {
    console.error(`bundle is ${kib(total)} KiB brotli, over the ${BUDGET_KIB} KiB budget`);
    process.exit(1);
  }
}
