/**
 * The name frequency tables of `datasets/names/` (family names with population shares, middle and
 * given names by gender with relative weights; see `datasets/README.md` for their sources), turned
 * into alias tables over integer token ids. Every distinct syllable gets one id, with its folded
 * (unmarked) form and its other tone-placement style computed once, so names are assembled and
 * damaged from precomputed strings.
 */
import { readFileSync } from 'node:fs';
import { KhopError } from '../errors.js';
import { AliasTable } from './alias-table.js';
import { alternateToneStyle, foldSyllable, hasNonAscii } from './vietnamese-syllable.js';

export const NAMES_DIR = new URL('../../datasets/names/', import.meta.url);

/** Birth years from this one on draw middle names from the "modern" column. */
export const MODERN_ERA_FROM = 1985;

export class TokenTable {
  readonly text: string[] = [];
  readonly folded: string[] = [];
  /** The other tone-placement style (hòa → hoà), or null when the syllable has one form. */
  readonly styleAlt: (string | null)[] = [];
  readonly nonAscii: boolean[] = [];
  private readonly ids = new Map<string, number>();

  id(syllable: string): number {
    let id = this.ids.get(syllable);
    if (id === undefined) {
      id = this.text.length;
      this.ids.set(syllable, id);
      this.text.push(syllable);
      this.folded.push(foldSyllable(syllable));
      this.styleAlt.push(alternateToneStyle(syllable));
      this.nonAscii.push(hasNonAscii(syllable));
    }
    return id;
  }

  get size(): number {
    return this.text.length;
  }
}

export interface WeightedTokens {
  /** Entry i: the token ids of one name (one syllable, or two for a two-word given name). */
  entries: Int32Array[];
  table: AliasTable;
}

export interface NameTables {
  tokens: TokenTable;
  family: WeightedTokens & { /** Per entry: the entry index of its regional variant (Hoàng ↔ Huỳnh), or -1. */ variant: Int32Array };
  /** middle[gender][era]: gender 0 male, 1 female; era 0 born before MODERN_ERA_FROM, 1 from then. */
  middle: WeightedTokens[][];
  /** given[gender]. */
  given: WeightedTokens[];
  /** Token ids that are the traditional gendered middle names (Văn, Thị): placed first of two. */
  traditionalMiddle: Set<number>;
}

interface CsvTable {
  file: string;
  header: string[];
  rows: { line: number; cells: string[] }[];
}

function readCsv(dir: URL, name: string, expected: string[]): CsvTable {
  const file = `datasets/names/${name}`;
  let text: string;
  try {
    text = readFileSync(new URL(name, dir), 'utf8');
  } catch {
    throw new KhopError('FILE_NOT_FOUND', 'name table not found', { file });
  }
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/);
  const header = lines[0].split(',');
  if (expected.some((c, i) => header[i] !== c)) throw new KhopError('HEADER_MISSING', `expected header ${expected.join(',')}`, { file, line: 1 });
  const rows: CsvTable['rows'] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const cells = lines[i].split(',');
    if (cells.length !== expected.length) throw new KhopError('COLUMN_COUNT', `expected ${expected.length} columns`, { file, line: i + 1 });
    rows.push({ line: i + 1, cells: cells.map((c) => c.trim().normalize('NFC')) });
  }
  if (rows.length === 0) throw new KhopError('FILE_EMPTY', 'name table has no rows', { file });
  return { file, header, rows };
}

function number(t: CsvTable, row: { line: number; cells: string[] }, col: number): number {
  const v = Number(row.cells[col]);
  if (row.cells[col] === '' || !Number.isFinite(v) || v < 0) throw new KhopError('RECORD_INVALID', 'weight must be a non-negative number', { file: t.file, line: row.line, field: t.header[col] });
  return v;
}

function gender(t: CsvTable, row: { line: number; cells: string[] }): number {
  const g = row.cells[1];
  if (g !== 'M' && g !== 'F') throw new KhopError('RECORD_INVALID', 'gender must be M or F', { file: t.file, line: row.line, field: 'gender' });
  return g === 'M' ? 0 : 1;
}

function weighted(entries: Int32Array[], weights: number[], what: string): WeightedTokens {
  if (weights.every((w) => w === 0)) throw new KhopError('RECORD_INVALID', `${what}: every weight is zero`);
  return { entries, table: new AliasTable(weights) };
}

/** Reads and indexes the three tables; `dir` defaults to the package's `datasets/names/`. */
export function loadNameTables(dir: URL = NAMES_DIR): NameTables {
  const tokens = new TokenTable();
  const ids = (name: string) => Int32Array.from(name.split(' ').filter((s) => s !== ''), (s) => tokens.id(s));

  const fam = readCsv(dir, 'family-names.csv', ['name', 'share_percent', 'variant']);
  const famEntries = fam.rows.map((r) => ids(r.cells[0]));
  const famWeights = fam.rows.map((r) => number(fam, r, 1));
  const famIndex = new Map(fam.rows.map((r, i) => [r.cells[0], i]));
  const variant = Int32Array.from(fam.rows, (r) => {
    if (r.cells[2] === '') return -1;
    const v = famIndex.get(r.cells[2]);
    if (v === undefined) throw new KhopError('RECORD_INVALID', 'variant is not a family name of the table', { file: fam.file, line: r.line, field: 'variant' });
    return v;
  });

  const mid = readCsv(dir, 'middle-names.csv', ['name', 'gender', 'weight_born_before_1985', 'weight_born_1985_on']);
  const middle: WeightedTokens[][] = [];
  for (let g = 0; g < 2; g++) {
    const rows = mid.rows.filter((r) => gender(mid, r) === g);
    const entries = rows.map((r) => ids(r.cells[0]));
    middle.push([0, 1].map((era) => weighted(entries, rows.map((r) => number(mid, r, 2 + era)), `middle names ${g ? 'F' : 'M'}`)));
  }

  const giv = readCsv(dir, 'given-names.csv', ['name', 'gender', 'weight']);
  const given: WeightedTokens[] = [];
  for (let g = 0; g < 2; g++) {
    const rows = giv.rows.filter((r) => gender(giv, r) === g);
    given.push(weighted(rows.map((r) => ids(r.cells[0])), rows.map((r) => number(giv, r, 2)), `given names ${g ? 'F' : 'M'}`));
  }

  const traditionalMiddle = new Set<number>();
  for (const word of ['Văn', 'Thị']) traditionalMiddle.add(tokens.id(word));
  return { tokens, family: { ...weighted(famEntries, famWeights, 'family names'), variant }, middle, given, traditionalMiddle };
}
