// Starts the reference receiver (crates/rubric-receiver, built by scripts/test.sh) on a free
// port of 127.0.0.1 with its own SQLite file, serving the built widget, so a test can inject
// faults into exactly one server and read back what it stored.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

/** The policy the README promises the widget runs under (pass as `--csp`). */
export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' https:; connect-src 'self'";
export const RECEIVER = path.join(ROOT, 'target/debug/rubric-receiver');

/** The arguments that serve `root` (the built widget, dist/) and the test fixtures. */
export function serveArgs(root = path.join(ROOT, 'dist')) {
  return ['--static', root, '--mount', `/fixtures=${path.join(ROOT, 'tests/e2e/fixtures')}`];
}

/** Starts a receiver with extra `flags`, serving `root` (default dist/); resolves to
 * { url, stored(), posts(), stop() }. */
export async function startReceiver(flags = [], { root } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rubric-receiver-'));
  const child = spawn(RECEIVER, ['--addr', '127.0.0.1:0', '--db', path.join(dir, 'db.sqlite'), ...serveArgs(root), ...flags],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  const url = await new Promise((resolve, reject) => {
    child.stdout.on('data', () => {
      const m = out.match(/listening on (http:\/\/[0-9.:]+)/);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`receiver exited with ${code}: ${out}`)));
  });
  return {
    url,
    /** Every stored submission, as the receiver lists it. */
    async stored() {
      const r = await fetch(`${url}/api/submissions`);
      return r.json();
    },
    /** Every POST the receiver has logged: { key, outcome } ("201", "200", "hanging", …). */
    posts() {
      const faults = { hang: 'hanging', drop_after_store: 'stored, connection dropped' };
      return out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l))
        .filter((e) => e.method === 'POST' && e.path === '/api/submissions')
        .map((e) => ({ key: e.key, outcome: faults[e.fault] ?? String(e.status) }));
    },
    async stop() {
      child.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
