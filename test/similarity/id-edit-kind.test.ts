import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idEditKind } from '../../src/similarity/id-edit-kind.js';
import { osaDistance } from '../../src/similarity/osa-distance.js';
import { stringOver } from './arbitraries.js';

describe('idEditKind (b read against reference a)', () => {
  it.each([
    ['079200001234', '079200001234', 'equal'],
    ['079200001234', '079200001334', 'substitution'],
    ['079200001234', '179200001234', 'substitution'],
    ['079200001234', '079200001235', 'substitution'],
    ['079200001234', '079200002134', 'transposition'],
    ['079200001234', '709200001234', 'transposition'],
    ['079200001234', '079200001243', 'transposition'],
    ['079200001234', '79200001234', 'deletion'], // leading zero lost
    ['079200001234', '07920001234', 'deletion'], // one of a run of zeros dropped
    ['079200001234', '07920000123', 'deletion'],
    ['07920001234', '079200001234', 'insertion'],
    ['079200001234', '0792000012345', 'insertion'],
    ['079200001234', '079200004321', 'other'], // reversed block
    ['079200001234', '079200001324', 'transposition'],
    ['079200001234', '079200003214', 'other'], // non-adjacent swap
    ['079200001234', '079200001', 'other'],
    ['079200001234', '', 'other'],
    ['', '', 'equal'],
    ['', '7', 'insertion'],
    ['7', '', 'deletion'],
    ['123456789', '079200001234', 'other'], // old 9-digit CMND against the 12-digit CCCD
  ])('idEditKind(%j, %j) = %s', (a, b, expected) => {
    expect(idEditKind(a, b)).toBe(expected);
  });

  const ids = stringOver([...'0123456789'], 12);
  const runs = stringOver(['0', '1'], 12);

  it.each([
    ['random digits', ids],
    ['strings of 0 and 1 (long runs)', runs],
  ] as const)('names an edit exactly when the OSA distance is 1 (%s)', (_name, strings) => {
    fc.assert(
      fc.property(strings, strings, (a, b) => {
        const kind = idEditKind(a, b);
        const d = osaDistance(a, b);
        expect(kind === 'equal').toBe(d === 0);
        expect(kind !== 'equal' && kind !== 'other').toBe(d === 1);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads a deletion one way as an insertion the other way', () => {
    fc.assert(
      fc.property(runs, runs, (a, b) => {
        const there = idEditKind(a, b);
        const back = idEditKind(b, a);
        if (there === 'deletion') return back === 'insertion';
        if (there === 'insertion') return back === 'deletion';
        return back === there;
      }),
      { numRuns: 3000 },
    );
  });

  it('recognises each generated typo as its kind', () => {
    const typo = fc
      .tuple(stringOver([...'0123456789'], 12, 2), fc.nat(), fc.constantFrom('0', '5', '9'))
      .chain(([a, at, digit]) => {
        const i = at % a.length;
        const candidates: [string, string, string][] = [[a, a.slice(0, i) + a.slice(i + 1), 'deletion']];
        candidates.push([a, a.slice(0, i) + digit + a.slice(i), 'insertion']);
        if (a[i] !== digit) candidates.push([a, a.slice(0, i) + digit + a.slice(i + 1), 'substitution']);
        const j = Math.min(i, a.length - 2);
        if (a[j] !== a[j + 1]) candidates.push([a, a.slice(0, j) + a[j + 1] + a[j] + a.slice(j + 2), 'transposition']);
        return fc.constantFrom(...candidates);
      });
    fc.assert(fc.property(typo, ([a, b, kind]) => idEditKind(a, b) === kind), { numRuns: 3000 });
  });
});
