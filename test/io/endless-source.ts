/** An input that never ends (`id`, then 1, 2, 3 … one row a chunk) and tells whether the reader closed it. */
export function endlessIds(): { source: AsyncGenerator<Uint8Array>; closed: () => boolean } {
  let closed = false;
  async function* source(): AsyncGenerator<Uint8Array> {
    try {
      for (let i = 0; ; i++) yield Buffer.from(i === 0 ? 'id\n' : `${i}\n`);
    } finally {
      closed = true;
    }
  }
  return { source: source(), closed: () => closed };
}
