/** readBytes (src/io/byte-source.ts): chunks of a path, a stream or an iterable; typed errors; a read that can be stopped. */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { readBytes } from '../../src/io/byte-source.js';

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
});
