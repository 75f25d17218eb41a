/**
 * A hand-made case for `khop explain`: five register persons, four doses (one unreadable), and a
 * model whose m and u are chosen by hand, so every weight of a waterfall is known in advance.
 *
 * Register (the name keys: "nguyễn thị hòa" ×2, "trần văn đức", "lê văn nam" ×2; the same counts
 * under the folded key, so a term-frequency adjustment is log2(u_ref / tf) with
 * u_ref = (2² + 1² + 2²) / 5² = 0.36 and tf = 2/5 for either shared name):
 *   P1 Nguyễn Thị Hòa 05/03/1990, P2 Trần Văn Đức 1985, P3 Nguyễn Thị Hòa 1962 (a namesake),
 *   P4 and P5 Lê Văn Nam 12/12/1970 (twins: same record but the ID).
 * Doses: D1 = P1 without diacritics; D2 = the twins' record without an ID (a tie); D3 = no one
 * (no candidate); line 5 = D4 with a column too many (rejected on read).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSettings } from '../../src/model/load-settings.js';
import { createModel, saveModel, type KhopModel } from '../../src/model/model-file.js';
import type { ModelParameters } from '../../src/model/fellegi-sunter.js';
import type { Settings } from '../../src/model/settings-schema.js';
import type { Decision } from '../../src/engine/decide.js';
import type { DecisionReason } from '../../src/explain/decision-reasons.js';

export const REGISTRY_CSV = [
  'person_id,full_name,dob,gender,province,old_id',
  '079190001234,Nguyễn Thị Hòa,05/03/1990,Nữ,079,',
  '001185000123,Trần Văn Đức,1985,Nam,001,',
  '079162000777,Nguyễn Thị Hòa,1962,Nữ,079,',
  '048070000321,Lê Văn Nam,12/12/1970,Nam,048,',
  '048070000322,Lê Văn Nam,12/12/1970,Nam,048,',
].join('\n') + '\n';

export const DOSES_CSV = [
  'dose_id,citizen_id,full_name,dob,gender,province',
  'D1,079190001234,Nguyen Thi Hoa,05/03/1990,Nữ,079',
  'D2,,Lê Văn Nam,12/12/1970,Nam,048',
  'D3,092200000999,Phạm Minh Tuấn,01/01/2000,Nam,092',
  'D4,079190001234,Nguyen,Thi Hoa,05/03/1990,Nữ,079',
].join('\n') + '\n';

/** m and u of the non-null levels, in the preset's level order (each list sums to 1). */
export const HAND = {
  lambda: 0.01,
  full_name: {
    m: [0.5, 0.05, 0.25, 0.05, 0.05, 0.05, 0.03125, 0.01875],
    u: [0.001, 0.0005, 0.002, 0.0005, 0.001, 0.004, 0.016, 0.975],
  },
  dob: { m: [0.8, 0.05, 0.05, 0.025, 0.05, 0.025], u: [0.0001, 0.001, 0.0001, 0.01, 0.0088, 0.98] },
  citizen_id: { m: [0.9, 0.02, 0.03, 0.01, 0.01, 0.03], u: [0.000001, 0.000001, 0.0001, 0.000001, 0.000001, 0.999896] },
  gender: { m: [0.95, 0.05], u: [0.5, 0.5] },
} as const;

export const PRESET = fileURLToPath(new URL('../../presets/vn-vaccination.json', import.meta.url));

export function handModel(): KhopModel {
  const settings: Settings = loadSettings(PRESET);
  const parameters: ModelParameters = {
    lambda: HAND.lambda,
    comparisons: settings.comparisons.map((c) => {
      const hand = HAND[c.name as 'full_name' | 'dob' | 'citizen_id' | 'gender'];
      return {
        name: c.name,
        levels: c.levels.map((l, k) => ({
          label: l.label ?? l.kind,
          kind: l.kind,
          m: k === 0 ? 1 : hand.m[k - 1],
          u: k === 0 ? 1 : hand.u[k - 1],
        })),
      };
    }),
  };
  return createModel(settings, parameters, { created: '2026-11-25T00:00:00Z', khop_version: 'test', method: 'manual' });
}

/**
 * The hand model with every comparison renamed (`cmp_full_name` compares the field full_name), as
 * a settings file for another schema may name them: the explanation must find a comparison's
 * values by its field, not by its name.
 */
export function renamedHandModel(): KhopModel {
  const hand = handModel();
  const rename = <T extends { name: string }>(c: T): T => ({ ...c, name: `cmp_${c.name}` });
  const settings = { ...hand.settings, comparisons: hand.settings.comparisons.map(rename) };
  return createModel(settings, { ...hand.parameters, comparisons: hand.parameters.comparisons.map(rename) }, hand.provenance);
}

export interface HandFiles {
  dir: string;
  registry: string;
  doses: string;
  model: string;
}

/** The case written to a fresh temporary folder. */
export function writeHandFiles(): HandFiles {
  const dir = mkdtempSync(join(tmpdir(), 'khop-explain-'));
  const files = { dir, registry: join(dir, 'registry.csv'), doses: join(dir, 'doses.csv'), model: join(dir, 'model.json') };
  writeFileSync(files.registry, REGISTRY_CSV);
  writeFileSync(files.doses, DOSES_CSV);
  saveModel(files.model, handModel());
  return files;
}

/** The decision the reasons lead to, read back from their codes alone (the tests' oracle). */
export function decisionOf(reasons: readonly DecisionReason[]): Decision {
  const codes = new Set(reasons.map((r) => r.code));
  if (codes.has('no_candidate') || codes.has('below_review')) return 'unmatched';
  if (codes.has('below_auto_accept') || codes.has('runner_up_close')) return 'review';
  return codes.has('no_corrections') ? 'verified' : 'corrected';
}
