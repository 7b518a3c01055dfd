// The pages the cross-browser suite opens: the built demo, quiz, designer and example portals
// exactly as shipped in dist/, copied once per run with one line added to each HTML file (the
// error recorder, page/record-errors.js, first in <head>), and served by the reference
// receiver (tests/e2e/receiver.mjs), so a review goes to real HTTP and a real SQLite file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startReceiver } from '../e2e/receiver.mjs';

const HERE = path.dirname(new URL(import.meta.url).pathname);
const DIST = path.resolve(HERE, '../../dist');
const RECORDER = '<script src="/__xb/record-errors.js"></script>';

function htmlFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.html'))
    .map((e) => path.join(e.parentPath ?? e.path, e.name));
}

/** A copy of dist/ whose every page loads the recorder before anything else. */
export function instrumentedDist() {
  if (!fs.existsSync(path.join(DIST, 'index.html'))) throw new Error('no dist/index.html: run scripts/build.sh first');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rubric-xbrowser-'));
  fs.cpSync(DIST, dir, { recursive: true });
  for (const file of htmlFiles(dir)) {
    const html = fs.readFileSync(file, 'utf8');
    const at = html.search(/<head[^>]*>/i);
    if (at < 0) throw new Error(`${file} has no <head>`);
    const end = html.indexOf('>', at) + 1;
    fs.writeFileSync(file, html.slice(0, end) + RECORDER + html.slice(end));
  }
  return dir;
}

/** A receiver serving `root` (from instrumentedDist) and the recorder, with extra `flags`. */
export function startHost(root, flags = []) {
  return startReceiver(['--mount', `/__xb=${path.join(HERE, 'page')}`, ...flags], { root });
}
