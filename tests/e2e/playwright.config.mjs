// End-to-end tests in Debian's headless Chromium against the release build in dist/, served
// by the reference receiver, as in the demo: submissions go to its /api/submissions.
import { defineConfig } from '@playwright/test';
import os from 'node:os';
import path from 'node:path';
import { RECEIVER, serveArgs } from './receiver.mjs';

// E2E_PORT lets a second checkout run its suite beside this one.
const PORT = Number(process.env.E2E_PORT || 8093);

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.mjs/,
  outputDir: 'test-results',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 30_000,
  reporter: [['list']],
  webServer: {
    command: [RECEIVER, '--addr', `127.0.0.1:${PORT}`, '--db', path.join(os.tmpdir(), `rubric-e2e-${Date.now()}.sqlite`), ...serveArgs()]
      .map((a) => JSON.stringify(a)).join(' '),
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    cwd: '../..',
  },
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      // Without the background-networking flags Chromium floods the closed network.
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
});
