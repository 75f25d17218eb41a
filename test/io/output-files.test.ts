/** output-files.ts: the output folder and side files, with BAD_ARGUMENT naming the path instead of a system error. */
import { describe, expect, it } from 'vitest';
import { existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeOutputDir, refuseInputAsOutput, refuseSharedOutputs, removeStale, writeFailure, writeOutputFile } from '../../src/io/output-files.js';

const scratch = (): string => mkdtempSync(join(tmpdir(), 'khop-output-files-'));

describe('makeOutputDir', () => {
  it('creates the folder and its missing parents, and accepts one that exists', () => {
    const dir = join(scratch(), 'a', 'b', 'c');
    makeOutputDir(dir);
    expect(statSync(dir).isDirectory()).toBe(true);
    makeOutputDir(dir);
    makeOutputDir(`${dir}/`);
  });

  it.each([
    ['a file of that name', (d: string) => join(d, 'file'), 'a file of that name exists'],
    ['a folder under a file', (d: string) => join(d, 'file', 'sub'), 'ENOTDIR'],
  ])('refuses %s with BAD_ARGUMENT naming the path', (_, path, reason) => {
    const d = scratch();
    writeFileSync(join(d, 'file'), 'x');
    const target = path(d);
    expect(() => makeOutputDir(target)).toThrow(expect.objectContaining({ code: 'BAD_ARGUMENT', where: { file: target }, message: expect.stringContaining(reason) }));
  });

  // mkdirSync({ recursive: true }) never returns here on Linux; the test would time out.
  it.runIf(existsSync('/proc/self'))('refuses a folder under /proc at once', () => {
    expect(() => makeOutputDir('/proc/khop-test/out')).toThrow(expect.objectContaining({ code: 'BAD_ARGUMENT' }));
  });
});

describe('removeStale', () => {
  it('removes an earlier file, and is quiet when there is none', () => {
    const file = join(scratch(), 'summary.json');
    writeFileSync(file, '{}');
    removeStale(file, '--out');
    expect(existsSync(file)).toBe(false);
    removeStale(file, '--out');
  });

  it('refuses a folder in the file’s place with BAD_ARGUMENT, before the run', () => {
    const path = join(scratch(), 'summary.json');
    mkdirSync(path);
    expect(() => removeStale(path, '--summary')).toThrow(expect.objectContaining({ code: 'BAD_ARGUMENT', where: { file: path }, message: expect.stringContaining('--summary') }));
  });
});

describe('removeStale leaves alone what is not a regular file', () => {
  it.each([
    ['a symbolic link (and the file it points to)', (d: string) => (symlinkSync(join(d, 'target'), join(d, 'summary.json')), join(d, 'summary.json'))],
    ['a device', () => '/dev/null'],
  ])('%s', (_, make) => {
    const d = scratch();
    writeFileSync(join(d, 'target'), '{}');
    const path = make(d);
    removeStale(path, '--summary');
    expect(existsSync(path)).toBe(true);
    expect(existsSync(join(d, 'target'))).toBe(true);
  });
});

describe('refuseInputAsOutput', () => {
  it('refuses an output that is an input, by another name too, and accepts the rest', () => {
    const d = scratch();
    writeFileSync(join(d, 'doses.csv'), 'x');
    symlinkSync(join(d, 'doses.csv'), join(d, 'link.csv'));
    for (const out of [join(d, 'doses.csv'), join(d, '.', 'doses.csv'), join(d, 'link.csv')]) {
      expect(() => refuseInputAsOutput(out, ['-', join(d, 'doses.csv')], '--summary')).toThrow(expect.objectContaining({ code: 'BAD_ARGUMENT' }));
    }
    refuseInputAsOutput(join(d, 'summary.json'), ['-', join(d, 'doses.csv')], '--summary');
  });
});

describe('writeOutputFile', () => {
  it('writes the text, or BAD_ARGUMENT naming the file', () => {
    const d = scratch();
    writeOutputFile(join(d, 'a.json'), 'ok\n', '--out');
    expect(readFileSync(join(d, 'a.json'), 'utf8')).toBe('ok\n');
    const missing = join(d, 'no', 'a.json');
    expect(() => writeOutputFile(missing, 'x', '--out')).toThrow(expect.objectContaining({ code: 'BAD_ARGUMENT', where: { file: missing }, message: expect.stringContaining('ENOENT') }));
  });

  it.skipIf(!existsSync('/dev/full'))('a full disk is WRITE_FAILED (the disk), not BAD_ARGUMENT (the arguments)', () => {
    expect(() => writeOutputFile('/dev/full', 'x', '--summary')).toThrow(expect.objectContaining({ code: 'WRITE_FAILED', where: { file: '/dev/full' } }));
  });
});

describe('writeFailure tells the disk from the arguments', () => {
  it.each([
    ['ENOSPC', 'WRITE_FAILED'],
    ['EDQUOT', 'WRITE_FAILED'],
    ['EFBIG', 'WRITE_FAILED'],
    ['EIO', 'WRITE_FAILED'],
    ['EACCES', 'BAD_ARGUMENT'],
    ['EISDIR', 'BAD_ARGUMENT'],
    ['ENOENT', 'BAD_ARGUMENT'],
  ])('%s → %s', (code, expected) => {
    const e = writeFailure(Object.assign(new Error(code), { code }), '--out: cannot write the file', 'f.csv');
    expect([e.code, e.where.file, e.message]).toEqual([expected, 'f.csv', expect.stringContaining(`(${code})`)]);
  });
});

describe('refuseSharedOutputs', () => {
  it('refuses two flags on one file, by path, through a symlinked folder, or as hard links of one file', () => {
    const d = scratch();
    writeFileSync(join(d, 'a.csv'), 'x');
    symlinkSync(d, join(d, 'link'));
    linkSync(join(d, 'a.csv'), join(d, 'hard.csv'));
    for (const other of [join(d, 'a.csv'), join(d, 'link', 'a.csv'), join(d, 'hard.csv')]) {
      expect(() => refuseSharedOutputs([{ path: join(d, 'a.csv'), flag: '--rejects' }, { path: other, flag: '--summary' }])).toThrow(
        expect.objectContaining({ code: 'BAD_ARGUMENT', message: expect.stringContaining('--rejects and --summary name the same file') }),
      );
    }
    expect(() => refuseSharedOutputs([{ path: join(d, 'new.csv'), flag: '--rejects' }, { path: join(d, 'link', 'new.csv'), flag: '--summary' }])).toThrow(
      expect.objectContaining({ code: 'BAD_ARGUMENT' }),
    );
  });

  it('lets distinct files, stdout (-), absent outputs and devices through', () => {
    const d = scratch();
    refuseSharedOutputs([
      { path: join(d, 'a.csv'), flag: '--out' },
      { path: join(d, 'b.csv'), flag: '--rejects' },
      { path: '-', flag: '--summary' },
      { path: '-', flag: '--x' },
      { path: undefined, flag: '--y' },
      { path: '/dev/null', flag: '--z' },
      { path: '/dev/null', flag: '--w' },
    ]);
  });
});
