import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ModelParameters } from '../../src/model/fellegi-sunter.js';
import { createModel, loadModel, modelToJson, parseModel, provenanceNow, saveModel, type KhopModel } from '../../src/model/model-file.js';
import { presetSettings } from './store-fixture.js';
import { errorOf } from '../khop-error.js';


/** A model for the preset with awkward numbers (tiny u, many digits), to test exact round trips. */
function sampleModel(): KhopModel {
  const settings = presetSettings();
  const parameters: ModelParameters = {
    lambda: 4.916280551096297e-5,
    comparisons: settings.comparisons.map((c) => {
      const n = c.levels.length - 1;
      const m = Array.from({ length: n }, (_, k) => (n - k) ** 3);
      const u = Array.from({ length: n }, (_, k) => (k + 1) ** 5 * 1e-7);
      const sm = m.reduce((a, b) => a + b);
      const su = u.reduce((a, b) => a + b);
      return {
        name: c.name,
        levels: c.levels.map((l, k) => ({ label: l.label ?? l.kind, kind: l.kind, m: k === 0 ? 1 : m[k - 1] / sm, u: k === 0 ? 1 : u[k - 1] / su })),
      };
    }),
  };
  return createModel(settings, parameters, provenanceNow({ method: 'em', seed: 7, iterations: 12, converged: true, rows: { left: 10, right: 20 } }));
}

/** The saved JSON of the sample model, with one change. */
function editedJson(change: (doc: any) => void): unknown {
  const doc = JSON.parse(JSON.stringify(modelToJson(sampleModel())));
  change(doc);
  return doc;
}

describe('model file', () => {
  it('round-trips through save and load exactly', () => {
    const model = sampleModel();
    const path = join(mkdtempSync(join(tmpdir(), 'khop-model-')), 'model.json');
    saveModel(path, model);
    expect(loadModel(path)).toEqual(model);
    const doc = JSON.parse(readFileSync(path, 'utf8'));
    expect(doc.format).toBe('khop-model');
    expect(doc.version).toBe(1);
    expect(doc.parameters.comparisons[0].levels[1].weight).toBeCloseTo(Math.log2(model.parameters.comparisons[0].levels[1].m / model.parameters.comparisons[0].levels[1].u), 12);
    expect(doc.parameters.comparisons[0].levels[0]).toMatchObject({ m: 1, u: 1, weight: 0 });
  });

  it.each([
    ['a wrong format tag', (d: any) => (d.format = 'splink'), 'format'],
    ['a newer version', (d: any) => (d.version = 2), 'version'],
    ['λ of 1', (d: any) => (d.parameters.lambda = 1), 'parameters.lambda'],
    ['m above 1', (d: any) => (d.parameters.comparisons[1].levels[2].m = 1.5), 'parameters.comparisons[1].levels[2].m'],
    ['a weight that disagrees with m and u', (d: any) => (d.parameters.comparisons[2].levels[1].weight += 1), 'parameters.comparisons[2].levels[1].weight'],
    ['a prior weight that disagrees with λ', (d: any) => (d.parameters.prior_weight = 0), 'parameters.prior_weight'],
    ['m that no longer sums to 1', (d: any) => {
      const l = d.parameters.comparisons[3].levels[1];
      l.m = 0.5;
      l.weight = Math.log2(l.m / l.u);
    }, 'parameters.comparisons[3].levels'],
    ['a level missing', (d: any) => d.parameters.comparisons[1].levels.pop(), 'parameters.comparisons[1].levels'],
    ['a level kind unlike the settings', (d: any) => (d.parameters.comparisons[3].levels[1].kind = 'else'), 'parameters.comparisons[3].levels[1].kind'],
    ['a comparison renamed', (d: any) => (d.parameters.comparisons[0].name = 'name'), 'parameters.comparisons[0].name'],
    ['a null level with evidence', (d: any) => (d.parameters.comparisons[0].levels[0].m = 0.5), 'parameters.comparisons[0].levels[0]'],
    ['invalid embedded settings', (d: any) => (d.settings.comparisons[0].levels[6].threshold = 3), 'settings.comparisons[0].levels[6].threshold'],
    ['an embedded settings reference error', (d: any) => (d.settings.comparisons[3].field = 'sex'), 'settings.comparisons[3].field'],
    ['an unknown provenance key', (d: any) => (d.provenance.author = 'x'), 'provenance.author'],
  ])('%s: MODEL_INVALID at its path', (_what, change, path) => {
    const e = errorOf(() => parseModel(editedJson(change)));
    expect(e.code).toBe('MODEL_INVALID');
    expect(e.issues.map((i) => i.path)).toContain(path);
  });

  it('reports every problem at once', () => {
    const e = errorOf(() =>
      parseModel(
        editedJson((d) => {
          d.parameters.comparisons[2].levels[1].weight += 1;
          d.settings.comparisons[3].field = 'sex';
          d.provenance.author = 'x';
        }),
      ),
    );
    expect(e.issues.map((i) => i.path).sort()).toEqual(['parameters.comparisons[2].levels[1].weight', 'provenance.author', 'settings.comparisons[3].field']);
  });

  it.each([
    ['missing', (dir: string) => join(dir, 'none.json'), 'FILE_NOT_FOUND'],
    [
      'not JSON',
      (dir: string) => {
        const p = join(dir, 'bad.json');
        writeFileSync(p, 'khop');
        return p;
      },
      'INVALID_JSON',
    ],
  ])('a %s file → %s', (_what, make, code) => {
    expect(errorOf(() => loadModel(make(mkdtempSync(join(tmpdir(), 'khop-model-'))))).code).toBe(code);
  });
});
