/**
 * `khop explain` from inputs to explanation: read the register and the doses exactly as the match
 * job does (`loadStores`: the whole register, since term frequencies and blocking blocks depend on
 * all of it), find the dose and, when asked, the register person by their IDs, and explain
 * (explain-pair.ts). A dose that is not in the stores because its row could not be read is told
 * apart from an ID that is in no row: the first names the line and the reader's reason.
 *
 * Errors name the flag and the file, never the ID asked for (personal data stays out of errors).
 */
import { KhopError } from '../errors.js';
import type { ByteSource } from '../io/byte-source.js';
import type { Reject } from '../io/rejects.js';
import { RAW_MAX_BYTES } from '../io/csv-scanner.js';
import { loadStores } from '../engine/match-job.js';
import type { RecordStore } from '../engine/record-store.js';
import type { KhopModel } from '../model/model-file.js';
import type { Settings, ThresholdSettings } from '../model/settings-schema.js';
import { Explainer, type DoseExplanation } from './explain-pair.js';

export interface ExplainDoseInput {
  registry: ByteSource;
  registryName: string;
  doses: ByteSource;
  dosesName: string;
  settings: Settings;
  model: KhopModel;
  /** Overrides of the settings' thresholds (e.g. from --auto and --review). */
  thresholds?: Partial<ThresholdSettings>;
  doseId: string;
  /** The register person to explain the dose against; its best candidate when absent. */
  personId?: string;
}

export async function explainDose(input: ExplainDoseInput): Promise<DoseExplanation> {
  const { settings, model } = input;
  if (JSON.stringify(model.settings.comparisons) !== JSON.stringify(settings.comparisons)) {
    throw new KhopError('MODEL_INVALID', 'the model was trained with other comparisons than these settings; pass its settings or retrain');
  }
  const thresholds = { ...settings.thresholds, ...input.thresholds };
  if (!(thresholds.review <= thresholds.auto_accept)) {
    throw new KhopError('BAD_ARGUMENT', 'the review threshold must not be above the auto-accept threshold');
  }
  const rejects: Reject[] = [];
  const { left, right } = await loadStores({ ...input, onReject: (r) => rejects.push(r) });
  const doseRow = findRow(right, input.doseId);
  if (doseRow < 0) throw notFound('--dose-id', 'dose', input.dosesName, input.doseId, rejects);
  let personRow: number | undefined;
  if (input.personId !== undefined) {
    personRow = findRow(left, input.personId);
    if (personRow < 0) throw notFound('--person-id', 'register person', input.registryName, input.personId, rejects);
  }
  const explanation = new Explainer({ settings, parameters: model.parameters, thresholds, left, right }).explain(doseRow, personRow);
  return { ...explanation, doseIdRows: countRows(right, input.doseId, doseRow) };
}

/** How many rows have ID `id`, counted from its first row `first` (findRow's). */
function countRows(store: RecordStore, id: string, first: number): number {
  let n = 0;
  for (let row = first; row < store.size; row++) if (store.recordId(row) === id) n++;
  return n;
}

/** The first row whose ID is `id`, −1 when none. */
export function findRow(store: RecordStore, id: string): number {
  for (let row = 0; row < store.size; row++) if (store.recordId(row) === id) return row;
  return -1;
}

function notFound(flag: string, what: string, file: string, id: string, rejects: readonly Reject[]): KhopError {
  const rejected = rejects.find((r) => r.file === file && rawCells(r.raw).includes(id));
  if (rejected !== undefined) {
    return new KhopError('RECORD_INVALID', `the ${what} named by ${flag} is on a row that could not be read (${rejected.reason}); mend the row and run again`, {
      file,
      line: rejected.line,
    });
  }
  // A reject's raw text is its row's first MiB (csv-scanner.ts raw()): a longer row may hold the ID past the cut.
  const cut = rejects.filter((r) => r.file === file && r.raw.endsWith('…') && r.raw.length >= RAW_MAX_BYTES / 4).length;
  const unsearched = cut === 0 ? '' : ` (${cut} rejected ${cut === 1 ? 'row is' : 'rows are'} over 1 MiB and searched in part: see the rejects)`;
  return new KhopError('BAD_ARGUMENT', `${flag}: no ${what} with this ID in the file${unsearched}`, { file });
}

/**
 * The cells of a row that could not be read, as well as they can be made out: split on commas
 * outside double quotes, quotes dropped. A rejected row is damaged (wrong column count, broken
 * quotes), so this only looks for the ID among its cells.
 */
export function rawCells(raw: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (const ch of raw) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}
