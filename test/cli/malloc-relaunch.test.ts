import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { shouldRelaunch } from '../../src/cli/malloc-relaunch.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('shouldRelaunch', () => {
  it.each([
    [['match', '--registry', 'r.csv'], {}, 'linux', true],
    [['dedupe'], {}, 'linux', true],
    [['train'], {}, 'linux', true],
    [['index'], {}, 'linux', true],
    [['serve'], {}, 'linux', true],
    [['generate'], {}, 'linux', false],
    [['evaluate'], {}, 'linux', false],
    [['--version'], {}, 'linux', false],
    [[], {}, 'linux', false],
    [['match'], { MALLOC_MMAP_THRESHOLD_: '65536' }, 'linux', false],
    [['match'], { KHOP_NO_RELAUNCH: '1' }, 'linux', false],
    [['match'], {}, 'darwin', false],
    [['match'], {}, 'win32', false],
  ] as const)('%j with env %j on %s → %s', (args, env, platform, expected) => {
    expect(shouldRelaunch(args, env, platform)).toBe(expected);
  });
});

describe('the relaunched command', () => {
  it('exits with the command’s own code and message, once', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'match', '--registry', '/nonexistent/r.csv', '--doses', 'datasets/sample/doses.csv', '--out', '-'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, MALLOC_MMAP_THRESHOLD_: undefined, KHOP_NO_RELAUNCH: undefined },
    });
    expect(r.status).toBe(1);
    expect(r.stderr.match(/FILE_NOT_FOUND/g)).toHaveLength(1);
  });
});
