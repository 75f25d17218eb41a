/**
 * Writing a string as UTF-8 into a byte pool, by hand for the Basic Multilingual Plane: names,
 * tokens, IDs, dates and raw cells are ASCII or Vietnamese letters (2 or 3 bytes each), and a
 * plain loop over the code units beats `TextEncoder.encodeInto`, which also needs a subarray (an
 * allocation) per call to write at an offset (measured: encodeInto was 10% of store-building
 * time). A surrogate (an emoji, a lone half) hands the rest of the string to encodeInto, so the
 * bytes are always exactly its UTF-8 (RFC 3629; lone surrogates become U+FFFD, as encodeInto does).
 */

const encoder = new TextEncoder();

/** Writes `s` at target[at…]; the caller guarantees room for 3 bytes per code unit. Returns the byte count. */
export function writeUtf8(s: string, target: Uint8Array, at: number): number {
  const n = s.length;
  let o = at;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(k);
    if (c < 0x80) {
      target[o++] = c;
    } else if (c < 0x800) {
      target[o++] = 0xc0 | (c >> 6);
      target[o++] = 0x80 | (c & 0x3f);
    } else if (c < 0xd800 || c > 0xdfff) {
      target[o++] = 0xe0 | (c >> 12);
      target[o++] = 0x80 | ((c >> 6) & 0x3f);
      target[o++] = 0x80 | (c & 0x3f);
    } else {
      return o - at + encoder.encodeInto(s.slice(k), target.subarray(o)).written;
    }
  }
  return o - at;
}
