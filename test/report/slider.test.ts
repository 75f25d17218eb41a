/**
 * The slider's script, run in Node against a stub of the few DOM calls it makes: at the weight of
 * a round threshold it counts the doses at exactly that probability, as the text report and
 * `countAbove` do at the same threshold (p → w → p is off in the last bit for 0.95, 0.9, 0.995…).
 * The browser test (report-browser.test.ts) runs the same script in Chromium.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { weightForProbability } from '../../src/model/fellegi-sunter.js';
import { OUTCOMES, type Outcome } from '../../src/report/dose-outcome.js';
import { countAbove, ScoreTally } from '../../src/report/score-tally.js';
import { SLIDER_SCRIPT, sliderProbability, type SliderData } from '../../src/report/slider.js';

interface StubElement {
  value: string;
  textContent: string;
  listeners: (() => void)[];
  addEventListener(type: string, f: () => void): void;
}

/** Runs SLIDER_SCRIPT with `data`; returns the page's elements by id. */
function runScript(data: SliderData): Map<string, StubElement> {
  const elements = new Map<string, StubElement>();
  const get = (id: string): StubElement => {
    let e = elements.get(id);
    if (e === undefined) {
      const listeners: (() => void)[] = [];
      e = { value: '', textContent: '', listeners, addEventListener: (_t, f) => listeners.push(f) };
      elements.set(id, e);
    }
    return e;
  };
  const document = { getElementById: get, body: { dataset: {} as Record<string, string> } };
  const window = { KHOP_DATA: data, KHOP_VIEWS: {} };
  new Function('window', 'document', SLIDER_SCRIPT)(window, document);
  return elements;
}

function sliderData(doses: readonly { p: number; outcome: Outcome }[], auto: number, review: number): SliderData {
  const tally = new ScoreTally();
  for (const d of doses) tally.add(d.p, d.outcome);
  return {
    tally: tally.columns(),
    labelled: true,
    doses: doses.length,
    present: doses.filter((d) => d.outcome === 'correct' || d.outcome === 'wrong_present' || d.outcome === 'unnamed_present').length,
    estimated_matches: doses.reduce((s, d) => s + d.p, 0),
    auto_w: weightForProbability(auto),
    review_w: weightForProbability(review),
    threshold_charts: [],
  };
}

describe('the slider script', () => {
  it.each([0.9, 0.95, 0.97, 0.995, 0.999, 0.5, 0.99])('at the weight of p = %d, counts the doses at exactly that p', (t) => {
    const doses = [
      { p: t, outcome: 'correct' as const },
      { p: t, outcome: 'wrong_absent' as const },
      { p: 1, outcome: 'correct' as const },
      { p: 0.2, outcome: 'unnamed_present' as const },
    ];
    const el = runScript(sliderData(doses, t, t));
    const expected = countAbove(sliderData(doses, t, t).tally, t);
    expect(expected.links).toBe(3);
    expect(el.get('count-auto')!.textContent).toBe('3');
    expect(el.get('auto-correct')!.textContent).toBe('2');
    expect(el.get('auto-wrong')!.textContent).toBe('1');
    expect(el.get('count-unmatched')!.textContent).toBe('1');
  });

  it('agrees with countAbove at sliderProbability of any weight, for any doses', () => {
    const dose = fc.record({ p: fc.integer({ min: 0, max: 1_000_000 }).map((k) => k / 1e6), outcome: fc.constantFrom(...OUTCOMES) });
    fc.assert(
      fc.property(fc.array(dose, { maxLength: 40 }), fc.double({ min: -10, max: 20, noNaN: true }), (doses, w) => {
        const data = sliderData(doses, 0.99, 0.5);
        const el = runScript(data);
        const input = el.get('auto-threshold')!;
        input.value = String(w);
        input.listeners.forEach((f) => f());
        const a = countAbove(data.tally, sliderProbability(w));
        expect(el.get('count-auto')!.textContent).toBe(String(a.links));
        expect(el.get('auto-correct')!.textContent).toBe(String(a.correct));
        expect(el.get('auto-est-tp')!.textContent).toBe(a.expected_tp.toFixed(1));
      }),
      { numRuns: 300 },
    );
  });

  it('sliderProbability undoes the weight of every six-decimal probability exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999 }), (k) => {
        expect(sliderProbability(weightForProbability(k / 1e6))).toBe(k / 1e6);
      }),
      { numRuns: 2000 },
    );
  });
});
