// A static file server for the built widget (dist/) on 127.0.0.1, used by the end-to-end tests
// and the benchmark. Usage: node tests/e2e/serve.mjs [port] [root]
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json',
  '.png': 'image/png', '.svg': 'image/svg+xml',
};

const FIXTURES = path.resolve(path.dirname(new URL(import.meta.url).pathname), 'fixtures');

/** Serves `root`, the test fixtures under /fixtures/, and any `mounts` ({'/prefix/': dir}). */
export function serve(root, port, mounts = {}) {
  const all = { '/fixtures/': FIXTURES, ...mounts };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let pathname = decodeURIComponent(url.pathname);
    let base = path.resolve(root);
    for (const [prefix, dir] of Object.entries(all)) {
      if (pathname.startsWith(prefix)) {
        base = path.resolve(dir);
        pathname = pathname.slice(prefix.length - 1);
        break;
      }
    }
    let file = path.resolve(base, '.' + pathname);
    if (!file.startsWith(base)) { res.writeHead(403).end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    fs.readFile(file, (err, body) => {
      if (err) { res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'); return; }
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    });
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.argv[2] || 8080);
  const root = process.argv[3] || 'dist';
  await serve(root, port);
  console.log(`serving ${root} at http://127.0.0.1:${port}/`);
}
