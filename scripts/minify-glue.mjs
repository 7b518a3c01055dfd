// Trunk post-build hook (Trunk.toml): minifies the JavaScript that wasm-bindgen generates for
// the widget, and the embed module, which Trunk 0.21 ships as written (about 2.8 KiB brotli
// saved). Works in Trunk's staging directory; the widget's <link> sets data-integrity="none" because Trunk computes
// integrity hashes before this hook runs.
import fs from 'node:fs';
import path from 'node:path';
import { transformSync } from 'esbuild';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('run by Trunk as a post_build hook (TRUNK_STAGING_DIR is not set)');
for (const file of fs.readdirSync(dir, { recursive: true })) {
  if (!/^(rubric-(widget|quiz|designer)[^/]*|snippets\/.*|embed\/[^/]*)\.js$/.test(file)) continue;
  const full = path.join(dir, file);
  const { code } = transformSync(fs.readFileSync(full, 'utf8'), { minify: true, format: 'esm', target: 'es2022' });
  fs.writeFileSync(full, code);
}
