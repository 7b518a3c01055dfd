// Trunk post-build hook (Trunk.toml): minifies the JavaScript that wasm-bindgen generates for
// the widget, with the snippets it imports bundled in, and the embed module, which Trunk 0.21
// ships as written (about 2.8 KiB brotli saved). Works in Trunk's staging directory; the widget's <link> sets data-integrity="none" because Trunk computes
// integrity hashes before this hook runs.
//
// Then it shortens the names of the functions each wasm imports from its glue: wasm-bindgen
// names them `__wbg_setAttribute_f75317b2b5cabfb4`, and that name is written twice, in the
// wasm's import section and as a key of the glue's import object. Their hexadecimal hashes do
// not compress (about 9 KB raw of names in the review wasm, and as much in its glue), so each
// becomes a short name (`a`, `b`, … `aa`) in both places. A name the glue does not hold exactly
// once as an import key keeps its own; functions imported from snippets (browser.js) keep
// theirs, since the glue passes those modules' own exports.
//
// First of all it takes out the exports of `wasm-streams` (`IntoUnderlyingSource` and its
// kin): Leptos depends on it through `server_fn`, and its `#[wasm_bindgen]` exports keep its
// code in every wasm, though no mode of the widget ever makes a stream from Rust. Without them
// wasm-opt, run again, drops what only they reach (about 1 KiB brotli of the review wasm);
// their classes leave the glue.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { buildSync, transformSync } from 'esbuild';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('run by Trunk as a post_build hook (TRUNK_STAGING_DIR is not set)');
const options = { minify: true, format: 'esm', target: 'es2022' };
let bundled = false;
for (const file of fs.readdirSync(dir, { recursive: true })) {
  const full = path.join(dir, file);
  if (/^rubric-(widget|quiz|designer)\.js$/.test(file)) {
    encodeLongStringsAtOnce(full);
    decodeShortStringsInJs(full);
    dropStreamClasses(full);
    // The glue with the JS snippets it imports (src/browser.js) bundled in: one module to
    // load, where importing the snippet was a second request, made only once the glue had
    // arrived (a round trip before the widget could start, on every page).
    const [out] = buildSync({ ...options, entryPoints: [full], bundle: true, write: false }).outputFiles;
    fs.writeFileSync(full, out.contents);
    bundled = true;
  } else if (/^(rubric-(widget|quiz|designer)[^/]*|embed\/[^/]*)\.js$/.test(file)) {
    fs.writeFileSync(full, transformSync(fs.readFileSync(full, 'utf8'), options).code);
  }
}
// The snippets are in the glue now: the page no longer preloads them, and they are not shipped.
// (The report's glue is not bundled: its build keeps its snippets.)
if (bundled) {
  fs.rmSync(path.join(dir, 'snippets'), { recursive: true, force: true });
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.html'))) {
    const full = path.join(dir, file);
    const html = fs.readFileSync(full, 'utf8');
    fs.writeFileSync(full, html.replace(/<link\b[^>]*\bsnippets\/[^>]*>/g, (tag) => (/modulepreload/.test(tag) ? '' : tag)));
  }
}
for (const file of fs.readdirSync(dir)) {
  const m = /^(rubric-(?:widget|quiz|designer))_bg\.wasm$/.exec(file);
  if (!m) continue;
  dropExports(path.join(dir, file), /^(__wbg_)?intounderlying(source|bytesource|sink)_/);
  shortenImports(path.join(dir, file), path.join(dir, `${m[1]}.js`), `./${m[1]}_bg.js`);
}

/** Takes the exports named like `unused` out of the wasm at `wasmPath`, then lets wasm-opt
 * (the same `-Oz --converge` Trunk ran, features read from the module) remove the code only
 * they reached. */
function dropExports(wasmPath, unused) {
  const wasm = fs.readFileSync(wasmPath);
  const section = findSection(wasm, 7);
  if (!section) return;
  let [count, p] = readUleb(wasm, section.body);
  const kept = [];
  for (let i = 0; i < count; i++) {
    const [name, afterName] = readStr(wasm, p);
    const end = readUleb(wasm, afterName + 1)[1]; // kind byte, then index
    if (!unused.test(name)) kept.push(wasm.subarray(p, end));
    p = end;
  }
  if (kept.length === count) return;
  const body = Buffer.concat([uleb(kept.length), ...kept]);
  const out = Buffer.concat([wasm.subarray(0, section.start), Buffer.from([7]), uleb(body.length), body, wasm.subarray(section.end)]);
  fs.writeFileSync(wasmPath, out);
  execFileSync('wasm-opt', ['-Oz', '--converge', wasmPath, '-o', wasmPath], { stdio: 'inherit' });
  new WebAssembly.Module(fs.readFileSync(wasmPath)); // throws if wasm-opt left it broken
}

/** Where section `id` of a wasm module is: its start, where its body starts, its end. */
function findSection(wasm, id) {
  let at = 8;
  while (at < wasm.length) {
    const [size, sizeEnd] = readUleb(wasm, at + 1);
    if (wasm[at] === id) return { start: at, body: sizeEnd, end: sizeEnd + size };
    at = sizeEnd + size;
  }
  return null;
}

/**
 * wasm-bindgen's glue copies a string into the wasm one character at a time while they are
 * ASCII, in JavaScript that has not been optimised yet when the widget starts: the rubric and
 * the task a host passes as JSON text (tens to hundreds of KB) took 2-3 ms that way. Strings
 * of 64 characters or more go to the glue's other path, one native `TextEncoder.encodeInto`.
 */
function encodeLongStringsAtOnce(gluePath) {
  const loop = 'for (; offset < len; offset++) {';
  const glue = fs.readFileSync(gluePath, 'utf8');
  if (glue.split(loop).length !== 2) throw new Error(`${gluePath}: wasm-bindgen's ASCII copy loop not found once`);
  fs.writeFileSync(gluePath, glue.replace(loop, 'for (; offset < len && len < 64; offset++) {'));
}

/**
 * The other way, every string the wasm hands the page (a tag, an attribute's name and value, a
 * class, a text) went through one `TextDecoder.decode` call: about 3,300 at 20 questions and
 * 29,000 at 200 while the form is built, nine in ten under 32 bytes, where the call itself costs
 * more than the copy. A short ASCII string is read in JavaScript; anything else (longer, or with
 * a byte over 127) still goes to the decoder, so the result is the same string either way.
 */
function decodeShortStringsInJs(gluePath) {
  const body = '    ptr = ptr >>> 0;\n    return decodeText(getUint8ArrayMemory0().subarray(ptr, ptr + len));\n';
  const glue = fs.readFileSync(gluePath, 'utf8');
  if (glue.split(body).length !== 2) throw new Error(`${gluePath}: wasm-bindgen's getStringFromWasm0 not found once`);
  fs.writeFileSync(gluePath, glue.replace(body, `    ptr = ptr >>> 0;
    const mem = getUint8ArrayMemory0();
    if (len < 32) {
        let s = '';
        for (let i = ptr, end = ptr + len; i < end; i++) {
            const b = mem[i];
            if (b > 127) return decodeText(mem.subarray(ptr, ptr + len));
            s += String.fromCharCode(b);
        }
        return s;
    }
    return decodeText(mem.subarray(ptr, ptr + len));
`));
}

/**
 * The glue's classes for `wasm-streams`' exports (each with its `FinalizationRegistry`), which
 * go from the wasm below: about 0.25 KiB brotli of JavaScript no page could use.
 */
function dropStreamClasses(gluePath) {
  let glue = fs.readFileSync(gluePath, 'utf8');
  let found = 0;
  const drop = (pattern) => {
    glue = glue.replace(pattern, () => {
      found += 1;
      return '';
    });
  };
  drop(/^export class (IntoUnderlying\w+) \{\n[\s\S]*?\n\}\nif \(Symbol\.dispose\) \1\.prototype\[Symbol\.dispose\] = \1\.prototype\.free;\n/gm);
  drop(/^const IntoUnderlying\w+Finalization = [^;]*;\n/gm);
  if (found !== 6) throw new Error(`${gluePath}: expected 3 wasm-streams classes and 3 registries, found ${found} parts`);
  fs.writeFileSync(gluePath, glue);
}

/** Gives `glueModule`'s imports of the wasm at `wasmPath` short names, there and in the glue. */
function shortenImports(wasmPath, gluePath, glueModule) {
  const wasm = fs.readFileSync(wasmPath);
  let glue = fs.readFileSync(gluePath, 'utf8');
  const section = importSection(wasm);
  if (!section) return;
  let next = 0;
  const imports = section.imports.map((imp) => {
    if (imp.module !== glueModule) return imp;
    const short = shortName(next);
    // The one place the glue names it: a key of the import object (`name:function(`).
    const key = new RegExp(`(?<=[{,])${imp.name}(?=:)`, 'g');
    const found = glue.match(key)?.length ?? 0;
    if (found !== 1 || !/^[\w$]+$/.test(imp.name)) return imp;
    glue = glue.replace(key, short);
    next += 1;
    return { ...imp, name: short };
  });
  const body = Buffer.concat([uleb(imports.length), ...imports.flatMap((imp) => [str(imp.module), str(imp.name), imp.desc])]);
  const out = Buffer.concat([wasm.subarray(0, section.start), Buffer.from([2]), uleb(body.length), body, wasm.subarray(section.end)]);
  // Only a module that still compiles with every import the glue gives is written.
  const given = new Set([...glue.matchAll(/(?<=[{,])([\w$]+)(?=:function\()/g)].map((x) => x[1]));
  const wanted = WebAssembly.Module.imports(new WebAssembly.Module(out)).filter((i) => i.module === glueModule);
  const missing = wanted.filter((i) => !given.has(i.name));
  if (missing.length) throw new Error(`${gluePath}: no import for ${missing.map((i) => i.name).join(', ')}`);
  fs.writeFileSync(wasmPath, out);
  fs.writeFileSync(gluePath, glue);
}

/** `a` … `z`, then `A` … `Z`, then `aa`, `ab`, …: never a JavaScript keyword. */
function shortName(n) {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let s = '';
  do {
    s = letters[n % 52] + s;
    n = Math.floor(n / 52) - 1;
  } while (n >= 0);
  return ['do', 'if', 'in'].includes(s) ? `_${s}` : s;
}

/** The import section of a wasm module: where it is and its imports (`desc`: raw bytes). */
function importSection(wasm) {
  const section = findSection(wasm, 2);
  if (!section) return null;
  let [count, p] = readUleb(wasm, section.body);
  const imports = [];
  for (let i = 0; i < count; i++) {
    const [module, afterModule] = readStr(wasm, p);
    const [name, afterName] = readStr(wasm, afterModule);
    const descEnd = skipDesc(wasm, afterName);
    if (descEnd < 0) return null; // an import kind this does not read: leave the module as is
    imports.push({ module, name, desc: wasm.subarray(afterName, descEnd) });
    p = descEnd;
  }
  return { ...section, imports };
}

/** The end of an import description starting at `p`, or -1 for one this does not read. */
function skipDesc(wasm, p) {
  const limits = (q) => {
    const flags = wasm[q];
    let [, r] = readUleb(wasm, q + 1);
    if (flags & 1) [, r] = readUleb(wasm, r);
    return r;
  };
  switch (wasm[p]) {
    case 0: return readUleb(wasm, p + 1)[1]; // function: its type index
    case 1: return [0x70, 0x6f].includes(wasm[p + 1]) ? limits(p + 2) : -1; // table
    case 2: return limits(p + 1); // memory
    case 3: return [0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x70, 0x6f].includes(wasm[p + 1]) ? p + 3 : -1; // global
    default: return -1;
  }
}

function readUleb(buf, p) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = buf[p++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return [value, p];
  }
}

function readStr(buf, p) {
  const [len, start] = readUleb(buf, p);
  return [buf.subarray(start, start + len).toString('utf8'), start + len];
}

function uleb(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return Buffer.from(out);
}

function str(s) {
  const b = Buffer.from(s, 'utf8');
  return Buffer.concat([uleb(b.length), b]);
}
