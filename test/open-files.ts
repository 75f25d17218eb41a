/**
 * Whether this process holds a file open, from Linux's /proc/self/fd (undefined elsewhere), for
 * tests that a reader stopped early closes its file instead of leaving it to garbage collection
 * (Node then warns "Closing file descriptor … on garbage collection").
 */
import { existsSync, readdirSync, readlinkSync, realpathSync } from 'node:fs';

export function holdsOpen(path: string): boolean | undefined {
  if (!existsSync('/proc/self/fd')) return undefined;
  const target = realpathSync(path);
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) === target) return true;
    } catch {
      // The descriptor closed while listed (readdir's own, or another's): not this file.
    }
  }
  return false;
}

/** Text of a CSV file long enough that one read does not reach its end (the reader reads 1 MiB at a time). */
export function longCsv(header: string, row: string): string {
  return header + '\n' + (row + '\n').repeat(Math.ceil((3 << 20) / (row.length + 1)));
}
