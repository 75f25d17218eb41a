/** Shared by the pruning and settling tests: two linkings of the same doses decide alike. */
import { expect } from 'vitest';
import type { LinkOutput } from '../../src/engine/link-range.js';
import type { ThresholdSettings } from '../../src/model/settings-schema.js';
import { sampleSettings } from './sample-stores.js';

/** Threshold settings both tests link under: the preset's, and ones that move the pruning floor. */
export const THRESHOLD_CASES: [string, ThresholdSettings][] = [
  ['the preset', sampleSettings.thresholds],
  ['no margin', { ...sampleSettings.thresholds, margin: undefined }],
  ['a wide margin', { ...sampleSettings.thresholds, margin: 12 }],
  ['a low review threshold', { auto_accept: 0.9, review: 0.01, margin: 3 }],
  ['a high review threshold', { auto_accept: 0.999, review: 0.99, margin: 1 }],
];

export interface Linking {
  outs: LinkOutput[];
  /** The formatted results.csv rows of every range. */
  text: string;
}

/**
 * `b` gives `a`'s results rows and, per dose, its best candidate, weight, levels and ID ownership.
 * Candidate counts: equal, or (`fewerCandidates`) at most `a`'s.
 */
export function expectSameDecisions(b: Linking, a: Linking, candidates: 'equal' | 'fewerCandidates'): void {
  expect(b.text).toBe(a.text);
  for (let k = 0; k < a.outs.length; k++) {
    const x = a.outs[k];
    const y = b.outs[k];
    expect(y.best).toEqual(x.best);
    expect(y.bestWeight).toEqual(x.bestWeight);
    expect(y.levels).toEqual(x.levels);
    expect(y.idOwnedByCandidate).toEqual(x.idOwnedByCandidate);
    if (candidates === 'equal') expect(y.candidates).toEqual(x.candidates);
    else for (let r = 0; r < x.count; r++) expect(y.candidates[r]).toBeLessThanOrEqual(x.candidates[r]);
  }
}
