/**
 * The text of an explanation: the waterfall rows of the hand-made dose D1 with the two records'
 * values side by side, and the sections that follow (decision, corrections, candidates).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { explainDose } from '../../src/explain/explain-dose.js';
import { explanationText } from '../../src/explain/explain-text.js';
import { handModel, renamedHandModel, writeHandFiles, type HandFiles } from './fixture.js';

let files: HandFiles;
const model = handModel();
const text = async (doseId: string, personId?: string): Promise<string> =>
  explanationText(
    await explainDose({ registry: files.registry, registryName: 'registry.csv', doses: files.doses, dosesName: 'doses.csv', settings: model.settings, model, doseId, personId }),
  );

beforeAll(() => {
  files = writeHandFiles();
});

/** The cells of the text's row starting with `term`, split on runs of 2+ spaces. */
function rowOf(t: string, term: string): string[] {
  const line = t.split('\n').find((l) => l.startsWith(`${term} `));
  return line === undefined ? [] : line.trim().split(/ {2,}/);
}

describe('explanationText', () => {
  it.each([
    ['prior', ['prior', 'λ = 1.00e-2', '-6.63', '-6.63']],
    ['full_name', ['full_name', 'Nguyen Thi Hoa', 'Nguyễn Thị Hòa', '3: diacritics differ or missing', '0.2500', '0.0020', '+6.97', '+0.34']],
    ['tf_full_name', ['tf_full_name', '"nguyen thi hoa": 2 of 5 register values', '-0.15', '+0.18']],
    ['dob', ['dob', '05/03/1990', '05/03/1990', '1: exact', '0.8000', '1.00e-4', '+12.97', '+13.15']],
    ['citizen_id', ['citizen_id', '079190001234', '079190001234', '1: exact', '0.9000', '1.00e-6', '+19.78', '+32.93']],
    ['gender', ['gender', 'Nữ', 'Nữ', '1: same', '0.9500', '0.5000', '+0.93', '+33.86']],
    ['total', ['total', 'probability 1', '+33.86']],
  ])('D1: the %s row', async (term, cells) => {
    expect(rowOf(await text('D1'), term)).toEqual(cells);
  });

  it('D1: decision, corrections and candidates follow the waterfall', async () => {
    const t = await text('D1');
    expect(t).toMatch(/The match job decides: corrected, person 079190001234 \(auto-accept [\d.]+, review [\d.]+\)\./);
    expect(t).toContain('Decision: corrected\n');
    expect(t).toContain('full_name:diacritics_missing  "Nguyen Thi Hoa" → "Nguyễn Thị Hòa"');
    expect(t).toContain('Candidates proposed by blocking (2), best first:');
    expect(t.indexOf('Decision:')).toBeGreaterThan(t.indexOf('total '));
  });

  it('a pair blocking never proposed, asked for with a person ID: said so, and both decisions', async () => {
    const t = await text('D1', '001185000123');
    expect(t).toContain('No blocking rule proposed this pair');
    expect(t).toContain('Decision if this person were the best candidate: unmatched');
    expect(t).toContain("The match job's decision: corrected");
  });

  it('no candidate: the dose alone and why it is unmatched', async () => {
    const t = await text('D3');
    expect(t).toContain('The match job decides: unmatched, no person');
    expect(t).toContain('no blocking rule proposed any register person');
    expect(t).not.toContain('term ');
  });
});

describe('explanationText under settings whose comparisons are not named after their fields', () => {
  it("shows each field's two values on its comparison's row, and lists as not compared only the fields no comparison reads", async () => {
    const m = renamedHandModel();
    const e = await explainDose({ registry: files.registry, registryName: 'registry.csv', doses: files.doses, dosesName: 'doses.csv', settings: m.settings, model: m, doseId: 'D1' });
    const t = explanationText(e);
    expect(rowOf(t, 'cmp_full_name').slice(0, 4)).toEqual(['cmp_full_name', 'Nguyen Thi Hoa', 'Nguyễn Thị Hòa', '3: diacritics differ or missing']);
    expect(rowOf(t, 'cmp_dob').slice(0, 3)).toEqual(['cmp_dob', '05/03/1990', '05/03/1990']);
    const notCompared = t.split('\n').find((l) => l.startsWith('Not compared: '))!;
    expect(notCompared.match(/(\w+) \(dose:/g)).toEqual(['old_id (dose:', 'province (dose:']);
  });
});
