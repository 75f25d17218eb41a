/**
 * Formatting that differs between systems without being an error, applied to dose rows and never
 * tagged: letter case, NFD, extra or non-breaking spaces, zero-width characters in names; every
 * date-of-birth format of the data contract (DESIGN.md); gender spellings; separators in IDs.
 * A matcher must see through all of it.
 */
import { AliasTable } from './alias-table.js';
import { PAD2 } from './digits.js';
import type { Sfc32 } from './prng.js';

/** The full-date formats of the data contract; `yyyy` alone is used where only the year is known. */
export const DOB_FORMATS = ['dd/mm/yyyy', 'd/m/yyyy', 'yyyy-mm-dd', 'ddmmyyyy', 'dd-mm-yyyy', 'dd.mm.yyyy'] as const;
export type DobFormat = (typeof DOB_FORMATS)[number];


/** A date in one of DOB_FORMATS (by index). */
export function formatDate(format: number, year: number, month: number, day: number): string {
  const y = String(year);
  switch (format) {
    case 0:
      return PAD2[day] + '/' + PAD2[month] + '/' + y;
    case 1:
      return day + '/' + month + '/' + y;
    case 2:
      return y + '-' + PAD2[month] + '-' + PAD2[day];
    case 3:
      return PAD2[day] + PAD2[month] + y;
    case 4:
      return PAD2[day] + '-' + PAD2[month] + '-' + y;
    default:
      return PAD2[day] + '.' + PAD2[month] + '.' + y;
  }
}

export interface FormattingOptions {
  nameUpperCase: number;
  nameLowerCase: number;
  nameNfd: number;
  nameExtraSpaces: number;
  nameZeroWidth: number;
  idSeparators: number;
  dobFormats: Record<DobFormat, number>;
  genderSpellings: readonly { male: string; female: string; weight: number }[];
}

const ZERO_WIDTH = ['\u200b', '\u200b', '\u200c', '\u200d', '\ufeff'];
const ID_SEPARATORS = [' ', '.', '-'];

export class DoseFormatter {
  private readonly opts: FormattingOptions;
  private readonly dobTable: AliasTable;
  private readonly genderTable: AliasTable;
  private readonly male: string[];
  private readonly female: string[];

  constructor(opts: FormattingOptions) {
    this.opts = opts;
    this.dobTable = new AliasTable(DOB_FORMATS.map((f) => opts.dobFormats[f]));
    this.genderTable = new AliasTable(opts.genderSpellings.map((g) => g.weight));
    this.male = opts.genderSpellings.map((g) => g.male);
    this.female = opts.genderSpellings.map((g) => g.female);
  }

  /**
   * A name as another system might have stored it. `letters` false keeps case and composition
   * (for names already in a legacy encoding, where re-casing or decomposing would destroy what
   * a repair needs).
   */
  name(s: string, letters: boolean, rng: Sfc32): string {
    const o = this.opts;
    if (letters) {
      const u = rng.float();
      if (u < o.nameUpperCase) s = s.toUpperCase();
      else if (u < o.nameUpperCase + o.nameLowerCase) s = s.toLowerCase();
      if (rng.chance(o.nameNfd)) s = s.normalize('NFD');
      if (rng.chance(o.nameZeroWidth) && s.length > 1) {
        const at = 1 + rng.below(s.length - 1);
        s = s.slice(0, at) + ZERO_WIDTH[rng.below(ZERO_WIDTH.length)] + s.slice(at);
      }
    }
    if (rng.chance(o.nameExtraSpaces)) s = extraSpaces(s, rng);
    return s;
  }

  /** A full date in a format drawn by the profile's weights. */
  date(year: number, month: number, day: number, rng: Sfc32): string {
    return formatDate(this.dobTable.draw(rng), year, month, day);
  }

  gender(female: boolean, rng: Sfc32): string {
    const i = this.genderTable.draw(rng);
    return female ? this.female[i] : this.male[i];
  }

  /** An ID, sometimes written in groups of three digits with a separator. */
  id(digits: string, rng: Sfc32): string {
    if (digits.length < 6 || !rng.chance(this.opts.idSeparators)) return digits;
    const sep = ID_SEPARATORS[rng.below(ID_SEPARATORS.length)];
    let out = digits.slice(0, 3);
    for (let i = 3; i < digits.length; i += 3) out += sep + digits.slice(i, i + 3);
    return out;
  }
}

function extraSpaces(s: string, rng: Sfc32): string {
  const kind = rng.below(4);
  if (kind === 0) return ' ' + s;
  if (kind === 1) return s + ' ';
  const gap = s.indexOf(' ', rng.below(s.length));
  const at = gap >= 0 ? gap : s.indexOf(' ');
  if (at < 0) return s + ' ';
  // Doubled space, or a non-breaking space where a space was.
  return kind === 2 ? s.slice(0, at) + '  ' + s.slice(at + 1) : s.slice(0, at) + '\u00a0' + s.slice(at + 1);
}
