/**
 * UTF-8 text of buf[start, end) by Node's own `Buffer.prototype.utf8Slice`, the native decoder
 * that `buf.toString('utf8', start, end)` ends in; called directly it skips toString's argument
 * handling, which cost as much as the decoding for the short cells khớp reads by the million
 * (CSV fields, raw cells). @types/node does not declare the method, hence the cast here, once.
 * Invalid sequences decode to U+FFFD exactly as toString does (it is the same function).
 * `latin1Slice` is the same shortcut for `toString('latin1', start, end)`.
 */
type Sliceable = Buffer & { utf8Slice(start: number, end: number): string; latin1Slice(start: number, end: number): string };

export function utf8Slice(buf: Buffer, start: number, end: number): string {
  return (buf as Sliceable).utf8Slice(start, end);
}

/** Latin-1 text of buf[start, end) (one char per byte) by `Buffer.prototype.latin1Slice`, likewise. */
export function latin1Slice(buf: Buffer, start: number, end: number): string {
  return (buf as Sliceable).latin1Slice(start, end);
}
