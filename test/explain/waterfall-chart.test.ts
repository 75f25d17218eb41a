/**
 * The waterfall chart of the hand-made case: bars that chain (each starts where the one before
 * ended), coloured by the sign of their weight, a total bar from 0, thresholds drawn at their
 * weights, and a page that names no network address.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { explainDose } from '../../src/explain/explain-dose.js';
import type { DoseExplanation } from '../../src/explain/explain-pair.js';
import { waterfallBars, waterfallPage, waterfallSpec } from '../../src/explain/waterfall-chart.js';
import { handModel, renamedHandModel, writeHandFiles, type HandFiles } from './fixture.js';

let files: HandFiles;
const model = handModel();
const explain = (doseId: string): Promise<DoseExplanation> =>
  explainDose({ registry: files.registry, registryName: 'registry.csv', doses: files.doses, dosesName: 'doses.csv', settings: model.settings, model, doseId });

let d1: DoseExplanation;
beforeAll(async () => {
  files = writeHandFiles();
  d1 = await explain('D1');
});

describe('waterfallBars', () => {
  it('one bar per term then the total; each bar starts where the one before ended', () => {
    const bars = waterfallBars(d1);
    expect(bars.map((b) => b.term)).toEqual(['prior', 'full_name', 'tf_full_name', 'dob', 'citizen_id', 'gender', 'total']);
    expect(bars[0].start).toBe(0);
    for (let k = 1; k < bars.length - 1; k++) {
      expect(bars[k].start).toBe(bars[k - 1].end);
      expect(bars[k].end - bars[k].start).toBeCloseTo(bars[k].weight, 12);
    }
    const total = bars.at(-1)!;
    expect(total).toMatchObject({ role: 'total', start: 0, end: d1.pair!.weight });
  });

  it('coloured by the sign of the weight', () => {
    const roles = Object.fromEntries(waterfallBars(d1).map((b) => [b.term, b.role]));
    expect(roles).toEqual({
      prior: 'prior',
      full_name: 'evidence for',
      tf_full_name: 'evidence against',
      dob: 'evidence for',
      citizen_id: 'evidence for',
      gender: 'evidence for',
      total: 'total',
    });
  });

  it.each([
    ['the preset', handModel, 'full_name'],
    ['comparisons not named after their fields', renamedHandModel, 'cmp_full_name'],
  ])('a level bar carries its field\'s dose and register values (%s)', async (_name, makeModel, term) => {
    const m = makeModel();
    const e = await explainDose({ registry: files.registry, registryName: 'registry.csv', doses: files.doses, dosesName: 'doses.csv', settings: m.settings, model: m, doseId: 'D1' });
    expect(waterfallBars(e).find((b) => b.term === term)).toMatchObject({ dose: 'Nguyen Thi Hoa', register: 'Nguyễn Thị Hòa' });
  });

  it('no pair (no candidate): no bars, and the page says so without a chart', async () => {
    const d3 = await explain('D3');
    expect(waterfallBars(d3)).toEqual([]);
    const page = waterfallPage(d3);
    expect(page).toContain('No candidate');
    expect(page).not.toContain('"chart-0"');
  });
});

describe('waterfallSpec and the page', () => {
  it('the thresholds are drawn at their weights log2(p / (1 − p))', () => {
    const spec = waterfallSpec(d1) as { layer: { data: { values: { name?: string; weight: number }[] } }[] };
    const lines = spec.layer[2].data.values;
    expect(lines.map((l) => l.name)).toEqual(['review 0.5', 'auto-accept 0.99']);
    expect(lines[0].weight).toBe(0);
    expect(lines[1].weight).toBeCloseTo(Math.log2(99), 12);
  });

  it('the page inlines the spec and its data, and loads nothing from the network', () => {
    const page = waterfallPage(d1);
    expect(page).toContain('tf_full_name');
    expect(page).toContain('"evidence against"');
    expect(page).not.toMatch(/\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(JSON.stringify(waterfallSpec(d1))).not.toMatch(/https?:/);
  });
});
