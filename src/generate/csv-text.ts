/**
 * CSV text as RFC 4180 writes it: fields joined by commas, a field quoted (and its quotes doubled)
 * only when it holds a comma, a quote, CR or LF; lines accumulated into chunks of about 64 KiB, so
 * a writer makes few large writes.
 */

const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(s: string): string {
  return NEEDS_QUOTES.test(s) ? '"' + s.replaceAll('"', '""') + '"' : s;
}

export const CHUNK_CHARS = 1 << 16;

/** Accumulates lines for one file and hands out chunks. */
export class CsvChunker {
  private buffer = '';
  readonly eol: string;

  constructor(header: readonly string[], eol: '\n' | '\r\n' = '\n', bom = false) {
    this.eol = eol;
    this.buffer = (bom ? '\ufeff' : '') + header.join(',') + eol;
  }

  /** Appends one line (fields already escaped with csvField where needed). */
  line(text: string): void {
    this.buffer += text + this.eol;
  }

  /** The accumulated text once it is at least a chunk long, else null. */
  take(): string | null {
    if (this.buffer.length < CHUNK_CHARS) return null;
    const out = this.buffer;
    this.buffer = '';
    return out;
  }

  /** Whatever is left. */
  flush(): string {
    const out = this.buffer;
    this.buffer = '';
    return out;
  }
}
