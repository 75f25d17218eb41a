import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { damagedShareNote, register, runGenerate, type GenerateCommandOptions } from '../../src/cli/commands/generate.js';

const tmp = mkdtempSync(join(tmpdir(), 'khop-generate-cli-'));

function sink(): { out: Writable; text: () => string } {
  let text = '';
  const out = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { out, text: () => text };
}

const base: GenerateCommandOptions = { people: '300', doses: '400', seed: '3', out: join(tmp, 'run'), profile: 'mixed' };

describe('khop generate', () => {
  it('documents every flag, with its default, in --help', () => {
    const program = new Command('khop');
    register(program);
    const help = program.commands.find((c) => c.name() === 'generate')!.helpInformation().replace(/\s+/g, ' ');
    for (const flag of ['--people', '--doses', '--seed', '--out', '--profile', '--error-rate', '--absent-rate']) expect(help).toContain(flag);
    expect(help).toContain('(default: "mixed")');
    expect(help).toMatch(/default: the profile's damagedShare/);
    expect(help).toMatch(/mismatched/);
  });

  it.each<[string, { doses: number; damagedDoses: number; damagedShareTarget: number }, boolean]>([
    ['on target', { doses: 50_000, damagedDoses: 49_510, damagedShareTarget: 0.99 }, false],
    ['within chance', { doses: 1000, damagedDoses: 270, damagedShareTarget: 0.27 }, false],
    ['far below a share near 1', { doses: 50_000, damagedDoses: 48_030, damagedShareTarget: 0.99 }, true],
    ['no doses', { doses: 0, damagedDoses: 0, damagedShareTarget: 0.5 }, false],
  ])('notes a damaged share that missed its target only beyond chance: %s', (_, summary, noted) => {
    const note = damagedShareNote(summary);
    expect(note !== null).toBe(noted);
    if (noted) expect(note).toContain('48030 of 50000 doses damaged (0.9606), not the 0.99 aimed at');
  });

  it('writes the three files and prints a JSON summary', async () => {
    const s = sink();
    await runGenerate(base, s.out);
    const summary = JSON.parse(s.text());
    expect(summary).toMatchObject({ people: 300, doses: 400, seed: 3, profile: 'mixed' });
    expect(readFileSync(join(base.out, 'registry.csv'), 'utf8').split('\n')).toHaveLength(302);
    expect(readFileSync(join(base.out, 'truth.csv'), 'utf8').split('\n')).toHaveLength(402);
  });

  it.each([
    [{ people: 'ten' }],
    [{ people: '-5' }],
    [{ doses: '1e6' }],
    [{ seed: '1.5' }],
    [{ errorRate: '1.2' }],
    [{ errorRate: 'half' }],
    [{ absentRate: '-0.1' }],
    [{ profile: 'nonexistent' }],
    [{ out: ' ' }],
  ])('rejects %j with BAD_ARGUMENT', async (bad) => {
    await expect(runGenerate({ ...base, ...bad }, sink().out)).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
  });

  it('accepts digit group separators in counts', async () => {
    const s = sink();
    await runGenerate({ ...base, people: '1_000', doses: '1_000', out: join(tmp, 'groups') }, s.out);
    expect(JSON.parse(s.text())).toMatchObject({ people: 1000, doses: 1000 });
  });
});
