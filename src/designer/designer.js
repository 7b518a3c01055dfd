// Designer glue: compressing a rubric into a share link's fragment (never sent to a server)
// and reading a chosen file. Used only by the designer's wasm.

// Base64 in slices: `String.fromCharCode(...bytes)` passes every byte as an argument and
// throws past the engine's argument limit (~125 KB in V8), so a long rubric made no link at all.
// A slice is a multiple of 3 bytes, so the slices' base64 joins without padding in between.
const SLICE = 3 * 0x2000;
function toBase64Url(bytes) {
  const parts = [];
  for (let i = 0; i < bytes.length; i += SLICE) {
    parts.push(btoa(String.fromCharCode.apply(null, bytes.subarray(i, i + SLICE))));
  }
  return parts.join('').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
function fromBase64Url(s) {
  const binary = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function pipe(bytes, stream) {
  return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer());
}

/** `text` deflated and base64url-encoded; `done(fragment)`, or `done(null)` when the browser
 * cannot compress it: it has no `CompressionStream` (Safari before 16.4, Firefox before 113)
 * or no `deflate-raw` in it, which the constructor throws for at once. */
export function compress(text, done) {
  let deflate;
  try { deflate = new CompressionStream('deflate-raw'); } catch { done(null); return; }
  pipe(new TextEncoder().encode(text), deflate).then(toBase64Url).catch(() => null).then(done);
}

/** The text of a `compress`ed fragment; `done(text)`, or `done(null)` when it is not one or
 * the browser cannot decompress it. */
export function decompress(fragment, done) {
  let bytes;
  let inflate;
  try {
    bytes = fromBase64Url(fragment);
    inflate = new DecompressionStream('deflate-raw');
  } catch { done(null); return; }
  pipe(bytes, inflate).then((b) => done(new TextDecoder().decode(b)), () => done(null));
}

/** The text and name of the first file chosen in `input`; `done(text, name)`. The input is
 * emptied, so that choosing the same file again (after declining to replace the text with it)
 * is a change again. */
export function readFile(input, done) {
  const file = input.files && input.files[0];
  input.value = '';
  if (file) file.text().then((text) => done(text, file.name), () => {});
}

/** Replaces `from..to` of the text field's value by `text` as typed (so that the browser's
 * undo takes it back, and an `input` event follows), then selects `selStart..selEnd`. */
export function replaceRange(el, from, to, text, selStart, selEnd) {
  el.focus();
  el.setSelectionRange(from, to);
  let typed = false;
  try { typed = document.execCommand('insertText', false, text); } catch { typed = false; }
  if (!typed) {
    el.setRangeText(text, from, to, 'end');
    el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
  }
  el.setSelectionRange(selStart, selEnd);
}

/** Puts `el` at `left`, `top` px (its offset parent's): through its style object, which a
 *  strict policy (`style-src 'self'`) allows where a `style` attribute is refused. Moved left
 *  as far as needed to end within the box that scrolls it (`.rd-code`) and the window: at a
 *  caret near a narrow editor's right edge (a phone) the list's end was out of sight. */
export function placeAt(el, left, top) {
  el.style.left = `${left}px`;
  el.style.top = `${top}px`;
  const box = el.closest('.rd-code');
  const b = box ? box.getBoundingClientRect() : null;
  const end = Math.min(b ? b.left + box.clientLeft + box.clientWidth : Infinity, document.documentElement.clientWidth);
  const over = el.getBoundingClientRect().right - end;
  if (over > 0) el.style.left = `${Math.max(0, left - over)}px`;
}

/** Where character `col` of a coloured line sits, relative to `origin`: [left, top, bottom]. */
export function caretBox(line, col, origin) {
  const o = origin.getBoundingClientRect();
  const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
  let node, left = col;
  while ((node = walker.nextNode())) {
    if (left <= node.length) {
      const r = document.createRange();
      r.setStart(node, left);
      r.setEnd(node, left);
      const b = r.getBoundingClientRect();
      return [b.left - o.left, b.top - o.top, b.bottom - o.top];
    }
    left -= node.length;
  }
  const b = line.getBoundingClientRect();
  return [b.left - o.left, b.top - o.top, b.bottom - o.top];
}

// The editor's colours: one CSS highlight per token kind (the order of the core's
// `highlight::Token::ALL`), over each line's single text node. Ranges are kept per line element,
// so a changed line drops its own and nothing else is touched.
const KINDS = ['rd-t-key', 'rd-t-str', 'rd-t-num', 'rd-t-lit', 'rd-t-punct', 'rd-t-bad'];
let highlights = null;
const lineRanges = new WeakMap();

/** Colours `line`'s text: `tokens` holds [kind, start, end] triples in UTF-16 units. Without
 * the CSS Custom Highlight API the text stays uncoloured, and readable. */
export function paintLine(line, tokens) {
  if (typeof Highlight === 'undefined' || !globalThis.CSS || !CSS.highlights) return;
  if (!highlights) {
    highlights = KINDS.map((name) => {
      const h = CSS.highlights.get(name) || new Highlight();
      CSS.highlights.set(name, h);
      return h;
    });
  }
  unpaintLine(line);
  const text = line.firstChild;
  if (!text) return;
  const mine = [];
  for (let i = 0; i + 2 < tokens.length; i += 3) {
    const r = new Range();
    r.setStart(text, tokens[i + 1]);
    r.setEnd(text, tokens[i + 2]);
    highlights[tokens[i]].add(r);
    mine.push([tokens[i], r]);
  }
  lineRanges.set(line, mine);
}

/** Forgets `line`'s colours (before it is removed). */
export function unpaintLine(line) {
  const old = lineRanges.get(line);
  if (old && highlights) for (const [kind, r] of old) highlights[kind].delete(r);
  lineRanges.delete(line);
}
