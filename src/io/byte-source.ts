/**
 * Where input bytes come from: a file path, `-` for standard input, a Node readable stream, or
 * any async iterable of byte chunks. Everything becomes an async iterable of Uint8Array, and
 * file-system failures become KhopError values naming the file (never its contents).
 */
import { open, type FileHandle } from 'node:fs/promises';
import { Buffer } from 'node:buffer';
import { KhopError } from '../errors.js';

export type ByteSource = string | NodeJS.ReadableStream | AsyncIterable<Uint8Array>;

/** The path that means standard input. */
export const STDIN_PATH = '-';

/** Large reads: fewer chunk boundaries to carry records across, fewer calls into the scanner. */
const READ_CHUNK = 1 << 20;

/**
 * The bytes of a source, chunk by chunk. `signal`: once aborted, the next chunk throws its reason
 * instead (the file is closed as the iteration ends), so a caller can stop a read it no longer
 * needs within a chunk (1 MiB from a file).
 */
export async function* readBytes(source: ByteSource, file: string, signal?: AbortSignal): AsyncGenerator<Uint8Array, void, undefined> {
  const chunks = typeof source === 'string' ? await openPath(source, file) : source;
  try {
    for await (const chunk of chunks as AsyncIterable<Uint8Array | string>) {
      signal?.throwIfAborted();
      yield typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    }
  } catch (err) {
    throw ioError(err, file);
  }
}

async function openPath(path: string, file: string): Promise<AsyncIterable<Uint8Array>> {
  if (path === STDIN_PATH) return process.stdin;
  try {
    return fileChunks(await open(path, 'r'));
  } catch (err) {
    throw ioError(err, file);
  }
}

/**
 * A file's chunks, the file closed as the iteration ends, however it ends: a reader stopped
 * early (a header error, a consumer's `break`) has its file closed once its `return` resolves,
 * where a read stream's iterator only starts the close, and a file never read to its end was left
 * to garbage collection ("Closing file descriptor … on garbage collection").
 */
async function* fileChunks(handle: FileHandle): AsyncGenerator<Uint8Array, void, undefined> {
  const read = (): Promise<Uint8Array> => {
    const chunk = Buffer.allocUnsafe(READ_CHUNK);
    const done = handle.read(chunk, 0, READ_CHUNK, null).then(({ bytesRead }) => (bytesRead === READ_CHUNK ? chunk : chunk.subarray(0, bytesRead)));
    // Handled here: a read ahead that fails while nobody iterates must not be an unhandled
    // rejection; whoever awaits it next still gets the error.
    done.catch(() => {});
    return done;
  };
  // One read ahead, as a read stream does: the next chunk is read while the caller parses this one.
  let next = read();
  try {
    for (;;) {
      const chunk = await next;
      if (chunk.length === 0) return;
      next = read();
      yield chunk;
    }
  } finally {
    await next.catch(() => {}); // a read ahead's error is not this iteration's: let it finish, then close
    await handle.close();
  }
}

function ioError(err: unknown, file: string): unknown {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return new KhopError('FILE_NOT_FOUND', 'no such file', { file });
  if (code === 'EISDIR') return new KhopError('BAD_ARGUMENT', 'is a directory, not a file', { file });
  if (code === 'EACCES' || code === 'EPERM') return new KhopError('BAD_ARGUMENT', `cannot read (${code})`, { file });
  return err;
}
