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
 * cannot compress it. */
export function compress(text, done) {
  pipe(new TextEncoder().encode(text), new CompressionStream('deflate-raw')).then(toBase64Url).catch(() => null).then(done);
}

/** The text of a `compress`ed fragment; `done(text)`, or `done(null)` when it is not one. */
export function decompress(fragment, done) {
  let bytes;
  try { bytes = fromBase64Url(fragment); } catch { done(null); return; }
  pipe(bytes, new DecompressionStream('deflate-raw')).then((b) => done(new TextDecoder().decode(b)), () => done(null));
}

/** The text and name of the first file chosen in `input`; `done(text, name)`. The input is
 * emptied, so that choosing the same file again (after declining to replace the text with it)
 * is a change again. */
export function readFile(input, done) {
  const file = input.files && input.files[0];
  input.value = '';
  if (file) file.text().then((text) => done(text, file.name), () => {});
}
