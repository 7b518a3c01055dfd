// The two engines Playwright cannot drive on these machines, behind one small interface so each
// flow is written once: Debian's Firefox ESR through puppeteer-core over WebDriver BiDi, and
// WebKitGTK's MiniBrowser through WebKitWebDriver (W3C WebDriver, under a virtual X server)
// with selenium-webdriver. Only what the flows need: open, evaluate in the page, click an
// element the page finds, press keys, type.
//
// A page function is passed as a function and evaluated in the page with JSON arguments; it may
// return a promise (both protocols wait for it) or an element (to click).
import { spawn } from 'node:child_process';
import net from 'node:net';
import puppeteer from 'puppeteer-core';
import { Builder, Key } from 'selenium-webdriver';

export const FIREFOX = '/usr/bin/firefox-esr';
export const WEBKIT_DRIVER = '/usr/bin/WebKitWebDriver';
export const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** The window every flow runs in: desktop width. */
export const DESKTOP = { width: 1280, height: 900 };

/** Polls `fn` in the page until it returns something truthy; returns that, or throws `what`. */
async function waitFor(session, what, fn, args, timeout) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await session.eval(fn, ...args);
      if (last) return last;
    } catch (e) {
      // A navigation in progress (a reload, the designer's own page change) can reject one poll.
      last = e;
    }
    if (Date.now() > end) throw new Error(`${session.name}: timed out waiting for ${what} (last: ${last})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The methods both engines share, over `evalRaw` and the engine's own input calls. */
function session(name, impl) {
  const s = {
    name,
    ...impl,
    /** Waits until `fn(...args)` is truthy in the page (default 15 s); resolves to its value. */
    until(what, fn, ...args) {
      return waitFor(s, what, fn, args, 15_000);
    },
  };
  return s;
}

/** Firefox ESR over WebDriver BiDi (puppeteer-core's `browser: 'firefox'`). */
export async function launchFirefox() {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    // The network here is closed: no update checks, telemetry or remote settings to wait for.
    extraPrefsFirefox: {
      'app.update.enabled': false,
      'network.captive-portal-service.enabled': false,
      'network.connectivity-service.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
      'services.settings.server': 'http://127.0.0.1:9/',
      'browser.safebrowsing.update.enabled': false,
    },
  });
  const page = await browser.newPage();
  await page.setViewport(DESKTOP);
  return session('firefox', {
    async open(url) { await page.goto(url, { waitUntil: 'load' }); },
    async reload() { await page.reload({ waitUntil: 'load' }); },
    eval(fn, ...args) { return page.evaluate(fn, ...args); },
    async click(fn, ...args) {
      const el = (await page.evaluateHandle(fn, ...args)).asElement();
      if (!el) throw new Error(`firefox: no element to click from ${fn}`);
      await el.click();
      await el.dispose();
    },
    /** Presses one key ('1', 'Enter', 'Tab') or a chord ('Control+Enter') at the focused element. */
    async press(keys) {
      const parts = keys.split('+');
      for (const k of parts.slice(0, -1)) await page.keyboard.down(k);
      await page.keyboard.press(parts.at(-1));
      for (const k of parts.slice(0, -1).reverse()) await page.keyboard.up(k);
    },
    type(text) { return page.keyboard.type(text); },
    async close() { await browser.close(); },
  });
}

const SELENIUM_KEYS = { Enter: Key.ENTER, Tab: Key.TAB, Escape: Key.ESCAPE, Control: Key.CONTROL, Shift: Key.SHIFT, Backspace: Key.BACK_SPACE };

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
    srv.on('error', reject);
  });
}

/** WebKitGTK's MiniBrowser, automated by WebKitWebDriver on a virtual X display. */
export async function launchWebKit() {
  const port = await freePort();
  // Its own process group, so closing ends xvfb-run, Xvfb and the driver together. The screen
  // is larger than the desktop window (xvfb-run's default is 640x480).
  const driverProc = spawn('xvfb-run', ['-a', '-s', '-screen 0 1600x1200x24', WEBKIT_DRIVER, `--port=${port}`],
    { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  driverProc.stderr.on('data', (d) => { stderr += d; });
  const stopDriver = () => { try { process.kill(-driverProc.pid, 'SIGTERM'); } catch { /* already gone */ } };
  try {
    await waitForPort(port, 20_000);
    const driver = await new Builder()
      .usingServer(`http://127.0.0.1:${port}`)
      .withCapabilities({
        browserName: 'MiniBrowser',
        'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
      })
      .build();
    await driver.manage().window().setRect(DESKTOP);
    // W3C Execute Script takes a function body; `arguments` are the JSON arguments.
    const run = (fn, args) => driver.executeScript(`return (${fn}).apply(null, arguments);`, ...args);
    return session('webkit', {
      open(url) { return driver.get(url); },
      reload() { return driver.navigate().refresh(); },
      eval(fn, ...args) { return run(fn, args); },
      async click(fn, ...args) {
        const el = await run(fn, args);
        if (!el) throw new Error(`webkit: no element to click from ${fn}`);
        await el.click();
      },
      async press(keys) {
        const parts = keys.split('+').map((k) => SELENIUM_KEYS[k] ?? k);
        let a = driver.actions();
        for (const k of parts.slice(0, -1)) a = a.keyDown(k);
        a = a.keyDown(parts.at(-1)).keyUp(parts.at(-1));
        for (const k of parts.slice(0, -1).reverse()) a = a.keyUp(k);
        await a.perform();
      },
      type(text) { return driver.actions().sendKeys(text).perform(); },
      async close() {
        try { await driver.quit(); } finally { stopDriver(); }
      },
    });
  } catch (e) {
    stopDriver();
    throw new Error(`webkit: could not start WebKitWebDriver: ${e.message}\n${stderr}`);
  }
}

async function waitForPort(port, timeout) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    const ok = await new Promise((resolve) => {
      const sock = net.connect(port, '127.0.0.1', () => { sock.end(); resolve(true); });
      sock.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listened on port ${port} within ${timeout} ms`);
}
