/**
 * Vitest global setup: every temporary file the tests make (mkdtempSync(tmpdir()), spawned CLIs)
 * goes under one directory of this run, removed when the run ends, so test runs leave nothing
 * behind in the system's temp directory. os.tmpdir() reads TMPDIR, which the test processes inherit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'khop-tests-'));
  process.env.TMPDIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
