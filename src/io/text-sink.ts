/**
 * Buffered text output with backpressure, shared by the CSV and NDJSON writers. Small writes are
 * joined into one string and handed to the stream in large pieces (a stream write per row costs
 * more than formatting the row); when the stream's own buffer is full (`write` returns false),
 * the flushing call returns a promise that settles on 'drain', so a caller that awaits what
 * `write` returns never holds more than about one buffer of output. See Node's stream docs,
 * "Event: 'drain'" (https://nodejs.org/api/stream.html#event-drain).
 *
 * The target is a file path (opened here, closed by `end`), `-` for standard output, or a
 * Writable the caller owns (flushed by `end`, not closed).
 * Errors: opening a path that cannot be written is a KhopError (FILE_NOT_FOUND for a missing
 * directory, BAD_ARGUMENT otherwise); a write that fails later (ENOSPC, EIO, EFBIG), raised by
 * the stream or thrown by a synchronous one (stdout on a file), is WRITE_FAILED naming the file
 * (or standard output); EPIPE, the reader of stdout gone, is rethrown as Node raised it, so a CLI
 * can tell a closed pipe from a failure.
 */
import { createWriteStream } from 'node:fs';
import { KhopError } from '../errors.js';

export type TextTarget = string | NodeJS.WritableStream;

export interface TextSinkOptions {
  /** Characters buffered before a write to the stream. Default 64 Ki. */
  bufferChars?: number;
}

export class TextSink {
  private readonly stream: NodeJS.WritableStream;
  private readonly owned: boolean;
  private readonly path: string | undefined;
  private readonly limit: number;
  private buf = '';
  private failure: unknown = null;
  private ended = false;

  constructor(target: TextTarget, options: TextSinkOptions = {}) {
    this.limit = options.bufferChars ?? 1 << 16;
    if (target === '-') {
      this.stream = process.stdout;
      this.owned = false;
    } else if (typeof target === 'string') {
      this.path = target;
      this.stream = createWriteStream(target);
      this.owned = true;
    } else {
      this.stream = target;
      this.owned = false;
    }
    this.stream.on('error', (err: unknown) => {
      if (this.failure === null) this.failure = err;
    });
  }

  /**
   * Appends text. Returns a promise only when the stream asked to wait (or has failed); awaiting
   * `undefined` otherwise costs nothing, so `await sink.write(s)` in a loop is the intended use.
   */
  write(text: string): Promise<void> | undefined {
    if (this.failure !== null) return Promise.reject(this.error());
    this.buf += text;
    return this.buf.length >= this.limit ? this.flush() : undefined;
  }

  /**
   * Appends bytes already encoded as UTF-8 (e.g. a range of rows formatted by a worker thread):
   * the buffered text goes first, then the bytes are handed to the stream as they are, with no
   * string made of them. Returns a promise as `write` does.
   */
  writeBytes(bytes: Uint8Array): Promise<void> | undefined {
    if (this.failure !== null) return Promise.reject(this.error());
    const pending = this.flush();
    let room: boolean;
    try {
      room = bytes.length === 0 || this.stream.write(bytes);
    } catch (e) {
      this.failure ??= e;
      return Promise.reject(this.error());
    }
    // Both writes happened before any 'drain': the one drain that follows covers them both.
    if (pending !== undefined) return pending;
    return room ? undefined : this.waitFor('drain');
  }

  /** Hands the buffered text to the stream; resolves once the stream can take more. */
  flush(): Promise<void> | undefined {
    if (this.failure !== null) return Promise.reject(this.error());
    if (this.buf.length === 0) return undefined;
    const text = this.buf;
    this.buf = '';
    try {
      if (this.stream.write(text)) return undefined;
    } catch (e) {
      // A synchronous stream (stdout on a file) throws where another would emit 'error'.
      this.failure ??= e;
      return Promise.reject(this.error());
    }
    return this.waitFor('drain');
  }

  /** Flushes everything; closes the stream when this sink opened it. */
  async end(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    await this.flush();
    if (this.owned) {
      const closed = this.waitFor('close');
      this.stream.end();
      await closed;
    } else {
      // Wait until the last piece has left the stream's buffer, without closing it.
      await new Promise<void>((resolve, reject) => {
        this.stream.write('', (err?: Error | null) => (err ? reject(err) : resolve()));
      });
    }
    if (this.failure !== null) throw this.error();
  }

  private waitFor(event: 'drain' | 'close'): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onEvent = (): void => {
        this.stream.off('error', onError);
        resolve();
      };
      const onError = (err: unknown): void => {
        this.stream.off(event, onEvent);
        this.failure ??= err;
        reject(this.error());
      };
      this.stream.once(event, onEvent);
      this.stream.once('error', onError);
    });
  }

  private error(): unknown {
    const err = this.failure as NodeJS.ErrnoException;
    if (typeof err?.code !== 'string' || err.code === 'EPIPE') return err;
    if (this.path === undefined) {
      const where = this.stream === process.stdout ? 'standard output' : 'the output stream';
      return new KhopError('WRITE_FAILED', `cannot write to ${where} (${err.code})`);
    }
    if (err.code === 'ENOENT') return new KhopError('FILE_NOT_FOUND', `cannot create the output file (its directory does not exist)`, { file: this.path });
    if (err.code === 'EACCES' || err.code === 'EISDIR' || err.code === 'ENOTDIR' || err.code === 'EROFS') {
      return new KhopError('BAD_ARGUMENT', `cannot write the output file (${err.code})`, { file: this.path });
    }
    return new KhopError('WRITE_FAILED', `cannot write the output file (${err.code})`, { file: this.path });
  }
}
