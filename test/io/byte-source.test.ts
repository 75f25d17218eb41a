/** readBytes (src/io/byte-source.ts): chunks of a path, a stream or an iterable; typed errors; a read that can be stopped. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBytes } from '../../src/io/byte-source.js';
import { holdsOpen } from '../open-files.js';

const SAMPLE_DOSES = fileURLToPath(new URL('../../datasets/sample/doses.csv', import.meta.url));

async function collect(it: AsyncIterable<Uint8Array>): Promise<number> {
  let n = 0;
  for await (const chunk of it) n += chunk.length;
  return n;
}

describe('readBytes', () => {
  it.each([
    ['/nonexistent/file.csv', 'FILE_NOT_FOUND'],
    ['/tmp', 'BAD_ARGUMENT'],
  ])('%s fails with %s', async (path, code) => {
    await expect(collect(readBytes(path, 'input.csv'))).rejects.toMatchObject({ code });
  });

  it('gives every byte of strings and byte chunks alike', async () => {
    async function* source(): AsyncGenerator<Uint8Array | string> {
      yield 'ab';
      yield new Uint8Array([0x63]);
    }
    expect(await collect(readBytes(source() as AsyncIterable<Uint8Array>, 'x'))).toBe(3);
  });

  it('stops with the signal’s reason once aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(collect(readBytes(SAMPLE_DOSES, 'doses.csv', controller.signal))).rejects.toMatchObject({ name: 'AbortError' });
  });

  describe('a file', () => {
    // 2.5 MiB of varied bytes: three reads of at most 1 MiB, the last one short.
    const file = join(mkdtempSync(join(tmpdir(), 'khop-byte-source-')), 'big.bin');
    writeFileSync(file, Uint8Array.from({ length: 5 << 19 }, (_, i) => (i * 31 + (i >> 9)) & 0xff));

    it('gives its bytes in order, then closes it', async () => {
      const chunks: Uint8Array[] = [];
      for await (const chunk of readBytes(file, 'big.bin')) chunks.push(Uint8Array.from(chunk));
      expect(chunks.length).toBeGreaterThan(1);
      expect(Buffer.concat(chunks).equals(readFileSync(file))).toBe(true);
      expect(holdsOpen(file)).not.toBe(true);
    });

    let controller = new AbortController();
    it.each([
      ['a break after the first chunk', (): AbortSignal | undefined => undefined],
      ['an abort after the first chunk', (): AbortSignal | undefined => controller.signal],
    ])('is closed once %s has stopped the read', async (_, signal) => {
      controller = new AbortController();
      const read = (async () => {
        for await (const chunk of readBytes(file, 'big.bin', signal())) {
          expect(chunk.length).toBeGreaterThan(0);
          expect(holdsOpen(file)).not.toBe(false);
          if (signal() === undefined) break;
          controller.abort();
        }
      })();
      if (signal() === undefined) await read;
      else await expect(read).rejects.toMatchObject({ name: 'AbortError' });
      expect(holdsOpen(file)).not.toBe(true);
    });
    it('a directory is BAD_ARGUMENT and left closed', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'khop-byte-source-'));
      await expect(collect(readBytes(dir, 'input.csv'))).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
      expect(holdsOpen(dir)).not.toBe(true);
    });
  });
});
