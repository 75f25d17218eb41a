/**
 * NDJSON (newline-delimited JSON, https://github.com/ndjson/ndjson-spec): one JSON object per
 * line. The reader splits on LF (a CR before it is dropped), skips blank lines, and turns a line
 * that is not a JSON object into a Reject (never an exception): 'invalid_json' (INVALID_JSON) for
 * text JSON.parse refuses, 'not_an_object' (RECORD_INVALID) for valid JSON that is not an object,
 * 'invalid_utf8' (INVALID_UTF8). A UTF-8 BOM before the first line is skipped.
 * The writer is JSON.stringify per value plus '\n', buffered with backpressure (text-sink.ts).
 */
import { Buffer, isUtf8 } from 'node:buffer';
import { readBytes, type ByteSource } from './byte-source.js';
import { ParsedRows, RowQueue, type ChunkParser, type ReadStats } from './parsed-rows.js';
import type { Reject } from './rejects.js';
import { TextSink, type TextSinkOptions, type TextTarget } from './text-sink.js';

const LF = 0x0a;

export interface NdjsonRecord {
  /** 1-based line number. */
  line: number;
  value: Record<string, unknown>;
}

export interface ReadNdjsonOptions {
  /** The input's name for rejects. */
  file: string;
  onReject?: (reject: Reject) => void;
}

class NdjsonParser implements ChunkParser {
  private readonly file: string;
  private readonly queue: RowQueue<NdjsonRecord>;
  /** Pieces of a line not yet ended, copied (the caller may reuse its chunk). */
  private pending: Buffer[] = [];
  private line = 1;

  constructor(file: string, queue: RowQueue<NdjsonRecord>) {
    this.file = file;
    this.queue = queue;
  }

  push(chunk: Uint8Array): void {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    let nl = buf.indexOf(LF, 0);
    if (nl !== -1 && this.pending.length > 0) {
      this.pending.push(buf.subarray(0, nl));
      const joined = Buffer.concat(this.pending);
      this.pending = [];
      this.parseLine(joined, 0, joined.length);
      start = nl + 1;
      nl = buf.indexOf(LF, start);
    }
    while (nl !== -1) {
      this.parseLine(buf, start, nl);
      start = nl + 1;
      nl = buf.indexOf(LF, start);
    }
    if (start < buf.length) this.pending.push(Buffer.from(buf.subarray(start)));
  }

  end(): void {
    if (this.pending.length === 0) return;
    const joined = Buffer.concat(this.pending);
    this.pending = [];
    this.parseLine(joined, 0, joined.length);
  }

  private parseLine(buf: Buffer, start: number, end: number): void {
    const line = this.line++;
    if (line === 1 && end - start >= 3 && buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf) start += 3;
    if (end > start && buf[end - 1] === 0x0d) end--;
    if (isBlank(buf, start, end)) {
      this.queue.blankLines++;
      return;
    }
    const bytes = buf.subarray(start, end);
    const text = buf.toString('utf8', start, end);
    if (!isUtf8(bytes)) {
      this.queue.reject({ file: this.file, line, code: 'INVALID_UTF8', reason: 'invalid_utf8', raw: text });
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.queue.reject({ file: this.file, line, code: 'INVALID_JSON', reason: 'invalid_json', raw: text });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.queue.reject({ file: this.file, line, code: 'RECORD_INVALID', reason: 'not_an_object', raw: text });
      return;
    }
    this.queue.row({ line, value: value as Record<string, unknown> });
  }
}

/** Only JSON whitespace (space, tab, CR): a blank line. */
function isBlank(buf: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = buf[i];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}

export class NdjsonReader extends ParsedRows<NdjsonRecord> {}

/** Reads NDJSON from a path (`-` = stdin), a readable stream or an async iterable of chunks. */
export function readNdjson(source: ByteSource, options: ReadNdjsonOptions): NdjsonReader {
  const queue = new RowQueue<NdjsonRecord>();
  return new NdjsonReader(readBytes(source, options.file), new NdjsonParser(options.file, queue), queue, options.onReject);
}

/** Sync adapter for tests and small inputs. */
export function parseNdjsonSync(
  input: Uint8Array | string,
  options: ReadNdjsonOptions,
): { records: NdjsonRecord[]; rejects: Reject[]; stats: ReadStats } {
  const queue = new RowQueue<NdjsonRecord>();
  const parser = new NdjsonParser(options.file, queue);
  parser.push(typeof input === 'string' ? Buffer.from(input, 'utf8') : input);
  parser.end();
  const records: NdjsonRecord[] = [];
  const rejects: Reject[] = [];
  queue.drain(records, (r) => {
    rejects.push(r);
    options.onReject?.(r);
  });
  return { records, rejects, stats: { rows: records.length, rejects: rejects.length, blankLines: queue.blankLines } };
}

/** One JSON value per line. */
export class NdjsonWriter {
  private readonly sink: TextSink;
  /** Lines written. */
  count = 0;

  /** `target`: a file path (created or truncated), `-` for stdout, or a Writable. */
  constructor(target: TextTarget, options: TextSinkOptions = {}) {
    this.sink = new TextSink(target, options);
  }

  /** Returns a promise when the caller should wait for the stream (see TextSink.write). */
  write(value: object): Promise<void> | undefined {
    this.count++;
    return this.sink.write(JSON.stringify(value) + '\n');
  }

  end(): Promise<void> {
    return this.sink.end();
  }
}
