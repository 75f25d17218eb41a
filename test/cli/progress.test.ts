/** The progress line (src/cli/progress.ts): silent off a terminal, one line for the two reads at once. */
import { describe, expect, it } from 'vitest';
import { Progress } from '../../src/cli/progress.js';

function terminal(): { stream: NodeJS.WriteStream; written: string[] } {
  const written: string[] = [];
  const stream = { isTTY: true, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
  return { stream, written };
}

describe('Progress', () => {
  it('writes nothing when stderr is not a terminal', () => {
    const written: string[] = [];
    const p = new Progress({ isTTY: false, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream);
    p.update('link', 10, 100);
    p.done();
    expect(written).toEqual([]);
  });

  it.each([
    ['link', 50, 100, 'link           [###############...............] 50/100'],
    ['train', 0, 1, 'train          [..............................] 0/1'],
    ['read_registry', 65536, 0, 'reading        register 65536 rows'],
  ])('%s %i/%i reads %j', (stage, done, total, expected) => {
    expect(new Progress(terminal().stream).line(stage, done, total)).toBe(expected);
  });

  it('shows the register and the doses being read at the same time on one line', () => {
    const { stream, written } = terminal();
    const p = new Progress(stream);
    p.update('read_registry', 1000, 0);
    p.update('read_doses', 2000, 0);
    expect(p.line('read_doses', 2000, 0)).toBe('reading        register 1000 rows, doses 2000 rows');
    expect(written[0]).toContain('register 1000 rows');
  });
});
