// Designer glue: compressing a rubric into a share link's fragment (never sent to a server)
// and reading a chosen file. Used only by the designer's wasm.

const toBase64Url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const fromBase64Url = (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

async function pipe(bytes, stream) {
  return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer());
}

/** `text` deflated and base64url-encoded; `done(fragment)`. */
export function compress(text, done) {
  pipe(new TextEncoder().encode(text), new CompressionStream('deflate-raw')).then((b) => done(toBase64Url(b)));
}

/** The text of a `compress`ed fragment; `done(text)`, or `done(null)` when it is not one. */
export function decompress(fragment, done) {
  let bytes;
  try { bytes = fromBase64Url(fragment); } catch { done(null); return; }
  pipe(bytes, new DecompressionStream('deflate-raw')).then((b) => done(new TextDecoder().decode(b)), () => done(null));
}

/** The text of the first file chosen in `input`; `done(text)`. */
export function readFile(input, done) {
  const file = input.files && input.files[0];
  if (file) file.text().then(done, () => {});
}
