// The agreement report's browser glue: reading a URL or a file as a stream of text pieces,
// saving an export as a file, and giving the main thread back between pieces of work. Only the
// report's wasm imports this module.

/// Opens `source` (a URL string, fetched with the `Authorization` header when one is given, or
/// a File) for reading piece by piece: the wasm pulls each piece of bytes with `next()` (null
/// at the end) and reads it at once (decoding UTF-8 itself), so the whole text is never held. `done` and `total` are the bytes so far and in all (0 when unknown); `nextPage`
/// the next page's URL (a `Link: <…>; rel="next"` header, resolved against the URL) or null.
/// Rejects with a message naming the source.
export async function openPieces(source, authorization) {
  let body, total = 0, nextPage = null;
  if (typeof source === "string") {
    let response;
    try {
      const headers = { Accept: "application/x-ndjson, application/json" };
      if (authorization) headers.Authorization = authorization;
      response = await fetch(source, { headers, credentials: "same-origin" });
    } catch (e) {
      throw `${source}: the request failed (${e && e.message ? e.message : e})`;
    }
    if (!response.ok) throw `${source}: HTTP ${response.status}`;
    total = Number(response.headers.get("Content-Length")) || 0;
    nextPage = nextLink(response.headers.get("Link"), response.url || source);
    body = response.body;
  } else {
    total = source.size;
    body = source.stream();
  }
  const reader = body.getReader();
  const pieces = {
    done: 0,
    total,
    nextPage,
    async next() {
      const { value, done } = await reader.read();
      if (done) return null;
      pieces.done += value.byteLength;
      return value;
    },
  };
  return pieces;
}

/// The `rel="next"` target of a `Link` header (RFC 8288), absolute, or null.
function nextLink(header, base) {
  if (!header) return null;
  for (const part of header.split(",")) {
    const m = /<([^>]*)>\s*;(.*)/.exec(part.trim());
    if (m && /rel\s*=\s*"?next"?/i.test(m[2])) return new URL(m[1], base).href;
  }
  return null;
}


/// Saves `text` as a file named `name` (nothing is sent anywhere).
export function saveFile(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}
