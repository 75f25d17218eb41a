/**
 * One dose record of a person, damaged as the error profile says, plus its ground-truth tags.
 *
 * Which tags a dose gets is the TagScheduler's business; this class applies them. Each tag checks
 * that it fits the person and whatever was applied before it (tags may be applied out of order when
 * a debt is paid), so a tag in truth.csv is always visible in the dose. Formatting that is not
 * damage (case, spacing, date and gender spellings) is applied last and not tagged.
 */
import { PROVINCES } from '../normalize/provinces.js';
import { AliasTable } from './alias-table.js';
import type { DamageRates } from './damage-rates.js';
import { swapDayMonth, wrongDateDigit, yearOffByOne, type DateParts } from './dob-damage.js';
import { DoseFormatter } from './formatting.js';
import { idText, MAX_NAME_TOKENS, oldIdText, type PersonPool } from './person-pool.js';
import { dropDigit, extraDigit, storedAsNumber, transposeDigits, wrongDigit } from './id-damage.js';
import { MODERN_ERA_FROM, type NameTables } from './name-tables.js';
import { SyllableEncodings } from './name-encodings.js';
import { DOSE_PROVINCE_SHARES } from './population.js';
import type { Profile } from './profile.js';
import type { Sfc32 } from './prng.js';
import { TagScheduler, type TagTarget } from './tag-scheduler.js';
import { DAMAGE_TAGS, TAG_COUNT, TAG_INDEX as T } from './tags.js';
import { typo } from './typo.js';
import { alternateToneStyle, changeTone, foldSyllable, hasNonAscii } from './vietnamese-syllable.js';

/** One rendered dose. The renderer reuses the object: read it before the next render. */
export interface DoseRecord {
  citizenId: string;
  fullName: string;
  dob: string;
  gender: string;
  province: string;
  /** The true register person's ID; '' when the person is absent from the register. */
  personId: string;
  /** Truth tags, `|`-separated, in TRUTH_TAGS order. */
  tags: string;
}

const FIRST_ENCODING = T.name_tcvn3;

export class DoseRenderer implements TagTarget {
  /** How many doses carry each damage tag (index of DAMAGE_TAGS). */
  readonly tagCounts = new Float64Array(TAG_COUNT);
  readonly hardCaseCounts = { namesake: 0, twin: 0, absent: 0 };
  damagedDoses = 0;

  private readonly names: NameTables;
  private readonly scheduler: TagScheduler;
  private readonly partialEncodingShare: number;
  private readonly fullDateWhereYear: number;
  private readonly formatter: DoseFormatter;
  private readonly encodings: SyllableEncodings;
  private readonly provinces = new AliasTable(PROVINCES.map((p) => p.share));

  // Per-dose state, reused.
  private pool: PersonPool | null = null;
  private slot = 0;
  private rng: Sfc32 | null = null;
  private personId = '';
  private readonly record: DoseRecord = { citizenId: '', fullName: '', dob: '', gender: '', province: '', personId: '', tags: '' };
  private readonly applied = new Uint8Array(TAG_COUNT);
  private parts: string[] = [];
  private ids: number[] = [];
  private touched: boolean[] = [];
  private middleCount = 0;
  private encoded = false;
  private date: DateParts = { year: 0, month: 0, day: 0 };
  private readonly birth: DateParts = { year: 0, month: 0, day: 0 };
  private yearOnly = false;
  private dobDamaged = false;
  private id = '';
  private idDamaged = false;
  private idAsNumber = false;
  private female = false;

  constructor(names: NameTables, profile: Profile, rates: DamageRates) {
    this.names = names;
    this.scheduler = new TagScheduler(rates);
    this.partialEncodingShare = profile.partialEncodingShare;
    this.fullDateWhereYear = profile.formatting.dobFullDateWhereRegisterHasYear;
    this.formatter = new DoseFormatter(profile.formatting);
    this.encodings = new SyllableEncodings(names.tokens.text);
  }

  /** A dose of the person in `slot` of `pool`. */
  render(pool: PersonPool, slot: number, rng: Sfc32): DoseRecord {
    this.pool = pool;
    this.slot = slot;
    this.rng = rng;
    this.reset(pool, slot, rng);
    const damaged = this.scheduler.run(this, this.applied, rng);
    return this.output(pool, slot, rng, damaged);
  }

  /** TagTarget: applies damage tag `t` to the current dose when it fits. */
  apply(t: number): boolean {
    const pool = this.pool!;
    const rng = this.rng!;
    if (t <= T.name_order) return this.applyName(t, pool, this.slot, rng);
    if (t <= T.dob_year_off_by_one) return this.applyDob(t, pool.registerYearOnly[this.slot] === 1, rng);
    if (t <= T.id_leading_zero) return this.applyId(t, pool, this.slot, rng);
    this.female = !this.female; // gender_flipped
    return true;
  }

  private reset(pool: PersonPool, s: number, rng: Sfc32): void {
    const text = this.names.tokens.text;
    const n = pool.tokenCount[s];
    const base = s * MAX_NAME_TOKENS;
    this.parts.length = n;
    this.ids.length = n;
    this.touched.length = n;
    for (let i = 0; i < n; i++) {
      const id = pool.tokens[base + i];
      this.ids[i] = id;
      this.parts[i] = text[id];
      this.touched[i] = false;
    }
    this.middleCount = pool.middleCount[s];
    this.encoded = false;
    const b = this.birth;
    b.year = pool.year[s];
    b.month = pool.month[s];
    b.day = pool.day[s];
    this.date = b;
    this.yearOnly = pool.registerYearOnly[s] === 1 && !rng.chance(this.fullDateWhereYear);
    this.dobDamaged = false;
    this.personId = idText(pool.idHi[s], pool.idLo[s]);
    this.id = this.personId;
    this.idDamaged = false;
    this.idAsNumber = false;
    this.female = pool.female[s] === 1;
    this.applied.fill(0);
  }

  private applyName(t: number, pool: PersonPool, slot: number, rng: Sfc32): boolean {
    const { parts, ids, touched } = this;
    const tokens = this.names.tokens;
    const n = parts.length;
    const a = this.applied;
    // Structure changes first: not once letters were altered, re-encoded or reordered (a dropped
    // syllable could take another tag's damage with it).
    if (t <= T.middle_name_extra) for (let k = T.name_tone_mark; k <= T.name_order; k++) if (a[k]) return false;
    // Letter changes need readable Unicode letters.
    if (t >= T.name_tone_mark && t <= T.name_partial_diacritics && this.encoded) return false;
    switch (t) {
      case T.surname_variant: {
        const v = this.names.family.variant[pool.familyEntry[slot]];
        if (v < 0 || a[T.surname_variant]) return false;
        const id = this.names.family.entries[v][0];
        parts[0] = tokens.text[id];
        ids[0] = id;
        return true;
      }
      case T.middle_name_missing: {
        // Not with an extra middle name: the two could cancel out.
        if (this.middleCount === 0 || a[T.middle_name_extra]) return false;
        this.remove(1 + rng.below(this.middleCount));
        this.middleCount--;
        return true;
      }
      case T.middle_name_extra: {
        if (a[T.middle_name_missing]) return false;
        const table = this.names.middle[this.female ? 1 : 0][pool.year[slot] < MODERN_ERA_FROM ? 0 : 1];
        for (let attempt = 0; attempt < 8; attempt++) {
          const id = table.entries[table.table.draw(rng)][0];
          if (ids.includes(id)) continue;
          const at = 1 + rng.below(this.middleCount + 1);
          parts.splice(at, 0, tokens.text[id]);
          ids.splice(at, 0, id);
          touched.splice(at, 0, false);
          this.middleCount++;
          return true;
        }
        return false;
      }
      case T.name_tone_mark: {
        if (a[T.name_no_diacritics]) return false;
        const i = rng.chance(0.5) ? n - 1 : rng.below(n);
        const next = changeTone(parts[i], rng.below(5));
        if (next === parts[i]) return false;
        this.set(i, next);
        touched[i] = true;
        return true;
      }
      case T.name_tone_style: {
        if (a[T.name_no_diacritics]) return false;
        let any = false;
        for (let i = 0; i < n; i++) {
          const alt = ids[i] >= 0 ? tokens.styleAlt[ids[i]] : alternateToneStyle(parts[i]);
          if (alt === null) continue;
          this.set(i, alt);
          touched[i] = any = true;
        }
        return any;
      }
      case T.name_typo: {
        const i = rng.below(n);
        this.set(i, typo(parts[i], rng));
        return true;
      }
      case T.name_no_diacritics: {
        if (a[T.name_tone_mark] || a[T.name_tone_style] || !parts.some(hasNonAscii)) return false;
        for (let i = 0; i < n; i++) this.set(i, ids[i] >= 0 ? tokens.folded[ids[i]] : foldSyllable(parts[i]));
        return true;
      }
      case T.name_partial_diacritics: {
        if (a[T.name_no_diacritics]) return false;
        const marked = this.marked();
        const candidates = marked.filter((i) => !touched[i]);
        if (marked.length < 2 || candidates.length === 0) return false;
        const k = 1 + rng.below(Math.min(candidates.length, marked.length - 1));
        for (const i of pick(candidates, k, rng)) this.set(i, foldSyllable(parts[i]));
        return true;
      }
      case T.name_order: {
        if (n < 2 || a[T.name_order]) return false;
        parts.push(parts.shift()!);
        ids.push(ids.shift()!);
        touched.push(touched.shift()!);
        return true;
      }
      default: {
        // name_tcvn3 … name_viqr: at most one per dose, whole name or some syllables.
        if (this.encoded) return false;
        const marked = this.marked();
        if (marked.length === 0) return false;
        const kind = t - FIRST_ENCODING;
        const some = marked.length >= 2 && rng.chance(this.partialEncodingShare);
        const chosen = some ? pick(marked, 1 + rng.below(marked.length - 1), rng) : marked;
        for (const i of chosen) {
          parts[i] = this.encodings.encode(kind, parts[i], ids[i]);
          ids[i] = -1;
        }
        this.encoded = true;
        return true;
      }
    }
  }

  private applyDob(t: number, registerYearOnly: boolean, rng: Sfc32): boolean {
    if (this.dobDamaged) return false;
    const d = this.date;
    // Where the register has only the year, only a damaged year is visible against it.
    const yearVisible = registerYearOnly || this.yearOnly;
    let next: DateParts | null = null;
    switch (t) {
      case T.dob_year_only:
        if (yearVisible) return false;
        this.yearOnly = true;
        next = d;
        break;
      case T.dob_day_month_swapped:
        next = yearVisible ? null : swapDayMonth(d);
        break;
      case T.dob_default:
        next = yearVisible || (d.day === 1 && d.month === 1) ? null : { year: d.year, month: 1, day: 1 };
        break;
      case T.dob_digit:
        next = wrongDateDigit(d, yearVisible, rng);
        break;
      default:
        next = yearOffByOne(d, rng);
    }
    if (next === null) return false;
    this.date = next;
    this.dobDamaged = true;
    return true;
  }

  private applyId(t: number, pool: PersonPool, slot: number, rng: Sfc32): boolean {
    if (this.idDamaged) return false;
    const own = this.personId;
    let next: string | null;
    switch (t) {
      case T.id_missing:
        next = '';
        break;
      case T.id_old_id:
        next = pool.oldId[slot] < 0 ? null : oldIdText(pool.oldId[slot]);
        break;
      case T.id_relative:
        next = pool.relativeHi[slot] < 0 ? null : idText(pool.relativeHi[slot], pool.relativeLo[slot]);
        break;
      case T.id_digit:
        next = wrongDigit(own, rng);
        break;
      case T.id_transposition:
        next = transposeDigits(own, rng);
        break;
      case T.id_digit_missing:
        next = dropDigit(own, rng);
        break;
      case T.id_digit_extra:
        next = extraDigit(own, rng);
        break;
      default:
        next = storedAsNumber(own, rng);
        this.idAsNumber = next !== null;
    }
    if (next === null) return false;
    this.id = next;
    this.idDamaged = true;
    return true;
  }

  private output(pool: PersonPool, s: number, rng: Sfc32, damaged: boolean): DoseRecord {
    const f = this.formatter;
    let name = this.parts.join(' ');
    name = f.name(name, !this.encoded, rng);
    const d = this.date;
    const dob = this.yearOnly ? String(d.year) : f.date(d.year, d.month, d.day, rng);
    const gender = f.gender(this.female, rng);
    const citizenId = this.idAsNumber || this.id === '' ? this.id : f.id(this.id, rng);
    const u = rng.float();
    const province =
      u < DOSE_PROVINCE_SHARES.residence
        ? pool.residence[s]
        : u < DOSE_PROVINCE_SHARES.residence + DOSE_PROVINCE_SHARES.birth
          ? pool.birthProvince[s]
          : this.provinces.draw(rng);

    let tags = '';
    for (let t = 0; t < TAG_COUNT; t++) {
      if (this.applied[t] === 0) continue;
      tags = tags === '' ? DAMAGE_TAGS[t] : tags + '|' + DAMAGE_TAGS[t];
      this.tagCounts[t]++;
    }
    if (damaged) this.damagedDoses++;
    if (pool.namesake[s] === 1) {
      tags = tags === '' ? 'namesake' : tags + '|namesake';
      this.hardCaseCounts.namesake++;
    }
    if (pool.twin[s] === 1) {
      tags = tags === '' ? 'twin' : tags + '|twin';
      this.hardCaseCounts.twin++;
    }
    const present = pool.present[s] === 1;
    if (!present) {
      tags = tags === '' ? 'absent' : tags + '|absent';
      this.hardCaseCounts.absent++;
    }
    const r = this.record;
    r.citizenId = citizenId;
    r.fullName = name;
    r.dob = dob;
    r.gender = gender;
    r.province = PROVINCES[province].code;
    r.personId = present ? this.personId : '';
    r.tags = tags;
    return r;
  }

  private set(i: number, s: string): void {
    this.parts[i] = s;
    this.ids[i] = -1;
  }

  private remove(i: number): void {
    this.parts.splice(i, 1);
    this.ids.splice(i, 1);
    this.touched.splice(i, 1);
  }

  /** Indexes of the parts that still carry any mark. */
  private marked(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.parts.length; i++) if (hasNonAscii(this.parts[i])) out.push(i);
    return out;
  }
}

/** `k` distinct elements of `from`, in random order (partial Fisher-Yates on a copy). */
function pick(from: readonly number[], k: number, rng: Sfc32): number[] {
  const a = from.slice();
  for (let i = 0; i < k; i++) {
    const j = i + rng.below(a.length - i);
    const x = a[i];
    a[i] = a[j];
    a[j] = x;
  }
  return a.slice(0, k);
}
