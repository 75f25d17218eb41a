/**
 * Small generated data sets shared by the generate tests, parsed back into maps and arrays.
 * Memoised per options, so each test file generates each data set once.
 */
import { generateRows, type GenerateOptions, type DoseRow, type RegisterRow, type TruthRow } from '../../src/generate/generator.js';
import { loadNameTables } from '../../src/generate/name-tables.js';
import { loadProfile, type Profile } from '../../src/generate/profile.js';

export const NAMES = loadNameTables();

export interface Dataset {
  register: Map<string, RegisterRow>;
  registerRows: RegisterRow[];
  doses: { row: DoseRow; truth: TruthRow; tags: string[] }[];
}

const memo = new Map<string, Dataset>();

export interface FixtureOptions extends Partial<Omit<GenerateOptions, 'profile' | 'names'>> {
  /** A preset name or a profile; default mixed. */
  profile?: string | Profile;
}

export function dataset(o: FixtureOptions = {}): Dataset {
  const key = JSON.stringify(o);
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  const opts: GenerateOptions = {
    people: o.people ?? 20_000,
    doses: o.doses ?? 20_000,
    seed: o.seed ?? 11,
    profile: typeof o.profile === 'object' ? o.profile : loadProfile(o.profile ?? 'mixed'),
    names: NAMES,
    window: o.window ?? 4096,
  };
  if (o.errorRate !== undefined) opts.errorRate = o.errorRate;
  if (o.absentRate !== undefined) opts.absentRate = o.absentRate;
  const ds: Dataset = { register: new Map(), registerRows: [], doses: [] };
  for (const r of generateRows(opts)) {
    if (r.kind === 'register') {
      ds.register.set(r.row.person_id, r.row);
      ds.registerRows.push(r.row);
    } else ds.doses.push({ row: r.row, truth: r.truth, tags: r.truth.tags === '' ? [] : r.truth.tags.split('|') });
  }
  memo.set(key, ds);
  return ds;
}
