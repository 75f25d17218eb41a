/**
 * The README's "Library API" examples, run as they are written, so they cannot rot: every `ts`
 * block of the section runs with `import … from 'khop'` pointed at this checkout's src/index.ts,
 * from the repository's root (the examples read datasets/sample); a `text` block right after an
 * example is the output it must print.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const INDEX = fileURLToPath(new URL('../../src/index.ts', import.meta.url));

interface Example {
  code: string;
  output?: string;
}

/** The `ts` blocks of the README section `## Library API`, each with the `text` block after it. */
function libraryExamples(readme: string): Example[] {
  const start = readme.indexOf('\n## Library API');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const blocks = [...section.matchAll(/```(\w+)\n([\s\S]*?)```\n?/g)].map((m) => ({ lang: m[1], body: m[2], at: m.index!, end: m.index! + m[0].length }));
  const out: Example[] = [];
  blocks.forEach((b, k) => {
    if (b.lang !== 'ts') return;
    const next = blocks[k + 1];
    const follows = next !== undefined && next.lang === 'text' && section.slice(b.end, next.at).trim() === '';
    out.push({ code: b.body, output: follows ? next.body.trimEnd() : undefined });
  });
  return out;
}

function run(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', file], { cwd: ROOT, timeout: 60_000 }, (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)));
  });
}

const examples = libraryExamples(readFileSync(join(ROOT, 'README.md'), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'khop-readme-'));

describe('README Library API examples', () => {
  it('finds the examples (the section has at least the four documented ones)', () => {
    expect(examples.length).toBeGreaterThanOrEqual(4);
  });

  it.each(examples.map((e, k) => [k + 1, e] as const))('example %i runs and prints what the README shows', async (k, example) => {
    const file = join(dir, `example-${k}.mts`);
    writeFileSync(file, example.code.replaceAll(/from 'khop'/g, `from ${JSON.stringify(INDEX)}`));
    const stdout = await run(file);
    if (example.output !== undefined) expect(stdout.trimEnd()).toBe(example.output);
  }, 90_000);
});
