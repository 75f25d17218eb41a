/**
 * The threshold report as a user opens it: `khop evaluate --report` on the bundled sample, opened
 * from disk in headless Chromium. No console error, no request leaving the machine, every chart
 * drawn, and the slider recounts the decisions and confusion counts (checked against countAbove,
 * the slider script's reference). A screenshot goes to .vitest/report.png (not committed).
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runEvaluate } from '../../src/cli/commands/evaluate.js';
import { runMatch } from '../../src/cli/commands/match.js';
import { weightForProbability } from '../../src/model/fellegi-sunter.js';
import { countAbove } from '../../src/report/score-tally.js';
import { sliderProbability, type SliderData } from '../../src/report/slider.js';
import { runBrowserTests, openLocalPage, type OpenedPage } from './browser.js';

const SAMPLE = fileURLToPath(new URL('../../datasets/sample/', import.meta.url));
const SCREENSHOT_DIR = fileURLToPath(new URL('../../.vitest/', import.meta.url));
const sink = { write: (_c: unknown, cb?: (e?: Error | null) => void) => (cb?.(null), true) } as unknown as NodeJS.WritableStream;

let labelled = '';
let unlabelled = '';

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'khop-report-'));
  const out = join(dir, 'run');
  await runMatch({ registry: `${SAMPLE}registry.csv`, doses: `${SAMPLE}doses.csv`, out });
  labelled = join(dir, 'labelled.html');
  unlabelled = join(dir, 'unlabelled.html');
  const results = join(out, 'results.csv');
  await runEvaluate({ results, truth: `${SAMPLE}truth.csv`, report: labelled, doses: `${SAMPLE}doses.csv`, registry: `${SAMPLE}registry.csv` }, sink);
  await runEvaluate({ results, report: unlabelled }, sink);
}, 120_000);

async function drawn(o: OpenedPage): Promise<void> {
  await o.page.waitForSelector('body[data-charts][data-slider]', { timeout: 30_000 });
  expect(await o.page.getAttribute('body', 'data-charts')).toBe('drawn');
}

/** Marks Vega drew inside a chart's SVG (paths, lines and symbols of every mark group). */
async function markCount(o: OpenedPage, id: string): Promise<number> {
  return o.page.locator(`#${id} svg g.mark-rect path, #${id} svg g.mark-line path, #${id} svg g.mark-symbol path, #${id} svg g.mark-rule line`).count();
}

async function setSlider(o: OpenedPage, id: string, value: number): Promise<void> {
  await o.page.evaluate(
    ([sel, v]) => {
      // Runs in the page: the DOM types are not in this project's lib, so the shapes are spelled out.
      const doc = (globalThis as unknown as { document: { getElementById(id: string): { value: string; dispatchEvent(e: Event): boolean } } }).document;
      const input = doc.getElementById(sel as string);
      input.value = String(v);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    },
    [id, value] as const,
  );
}

async function text(o: OpenedPage, id: string): Promise<string> {
  return ((await o.page.textContent(`#${id}`)) ?? '').trim();
}

async function expectCountsAt(o: OpenedPage, data: SliderData, autoW: number, reviewW: number, truth: boolean): Promise<void> {
  const a = countAbove(data.tally, sliderProbability(autoW));
  const r = countAbove(data.tally, sliderProbability(reviewW));
  expect(await text(o, 'count-auto')).toBe(String(a.links));
  expect(await text(o, 'count-review')).toBe(String(r.links - a.links));
  expect(await text(o, 'count-unmatched')).toBe(String(data.doses - r.links));
  expect(await text(o, 'auto-est-precision')).toBe((a.expected_tp / a.scored).toFixed(4));
  if (truth) {
    expect(await text(o, 'auto-correct')).toBe(String(a.correct));
    expect(await text(o, 'review-wrong')).toBe(String(r.wrong));
    expect(await text(o, 'auto-recall')).toBe((a.correct / data.present!).toFixed(4));
  }
}

describe.skipIf(!runBrowserTests)('khop evaluate --report in headless Chromium', () => {
  it.each([
    ['with truth', () => labelled, true, ['threshold-chart', 'weight-histogram', 'pr-curve', 'tag-recall-chart', 'model-chart']],
    ['without truth', () => unlabelled, false, ['threshold-chart', 'weight-histogram', 'pr-curve', 'model-chart']],
  ] as const)('%s: draws every chart offline and the slider recounts', async (name, file, truth, charts) => {
    const o = await openLocalPage(file());
    try {
      await drawn(o);
      for (const id of charts) expect(await markCount(o, id), id).toBeGreaterThan(0);
      const data = (await o.page.evaluate(() => (globalThis as unknown as { KHOP_DATA: SliderData }).KHOP_DATA)) as SliderData;
      expect(data.labelled).toBe(truth);

      // The slider starts at the model's thresholds (0.99 and 0.5).
      const autoStart = weightForProbability(0.99);
      await expectCountsAt(o, data, autoStart, 0, truth);
      const before = await text(o, 'count-auto');

      await setSlider(o, 'auto-threshold', 15);
      await expectCountsAt(o, data, 15, 0, truth);
      expect(await text(o, 'count-auto')).not.toBe(before);
      // The threshold rule in the charts follows the slider.
      const signal = await o.page.evaluate(() => (globalThis as unknown as { KHOP_VIEWS: Record<string, { signal(n: string): number }> }).KHOP_VIEWS['threshold-chart'].signal('auto_w'));
      expect(signal).toBe(15);

      // Review dragged above auto-accept pulls auto-accept up with it.
      await setSlider(o, 'review-threshold', 18);
      expect(Number(await o.page.inputValue('#auto-threshold'))).toBe(18);
      await expectCountsAt(o, data, 18, 18, truth);
      expect(await text(o, 'count-review')).toBe('0');

      await setSlider(o, 'auto-threshold', autoStart);
      await setSlider(o, 'review-threshold', 0);
      if (truth) {
        expect(await o.page.locator('#worst-fn tr').count()).toBeGreaterThan(1);
        expect(await o.page.locator('#tag-recall tr').count()).toBeGreaterThan(10);
      }
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await o.page.screenshot({ path: join(SCREENSHOT_DIR, truth ? 'report.png' : 'report-unlabelled.png'), fullPage: true });
      expect(o.consoleErrors, name).toEqual([]);
      expect(o.networkRequests, name).toEqual([]);
    } finally {
      await o.close();
    }
  });
});
