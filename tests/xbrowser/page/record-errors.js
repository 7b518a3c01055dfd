// Loaded first by every page of the cross-browser suite (tests/xbrowser/host.mjs puts it into a
// test copy of dist/; production pages never load it). WebKit's WebDriver gives no access to the
// console, so the page itself keeps what would show there as an error: console.error calls
// (a wasm panic is one), uncaught errors, unhandled rejections and Content-Security-Policy
// violations. The test reads `window.__xbErrors`, which must stay empty.
(() => {
  const seen = [];
  window.__xbErrors = seen;
  const text = (v) => (v instanceof Error ? `${v.name}: ${v.message}` : typeof v === 'string' ? v : (() => {
    try { return JSON.stringify(v); } catch { return String(v); }
  })());
  const consoleError = console.error;
  console.error = function (...args) {
    seen.push(`console.error: ${args.map(text).join(' ')}`);
    return consoleError.apply(this, args);
  };
  // Capturing, so that a script, stylesheet or image that fails to load counts too.
  window.addEventListener('error', (e) => {
    if (e.target instanceof Element) seen.push(`failed to load: <${e.target.localName}> ${e.target.src || e.target.href || ''}`);
    else seen.push(`uncaught: ${e.message} at ${e.filename}:${e.lineno}`);
  }, true);
  window.addEventListener('unhandledrejection', (e) => seen.push(`unhandled rejection: ${text(e.reason)}`));
  document.addEventListener('securitypolicyviolation', (e) => seen.push(`CSP: ${e.violatedDirective} blocked ${e.blockedURI}`), true);
})();
