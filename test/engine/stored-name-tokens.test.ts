/**
 * StoredNameTokens (stored-name-tokens.ts): the tokens and display form of a stored name, read from the
 * dictionary by key token, against `tokensOf(normalizeName(raw))` and `normalizeName(raw).display`
 * (the way corrections were made before, kept as the oracle), over names built to be tricky and
 * the generator's names with its damage; and the fact the display form rests on, that titleCase
 * gives back any of its results from their lower case except at the units `unsafeKeyUnits` finds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dictionary } from '../../src/engine/column-dictionary.js';
import { NameColumnBuilder, type NameColumn } from '../../src/engine/column-name.js';
import { tokensOf } from '../../src/engine/corrections-name.js';
import { StoredNameTokens, unsafeKeyUnits } from '../../src/engine/stored-name-tokens.js';
import { normalizeName, titleCase } from '../../src/normalize/normalize-name.js';
import { lowerName, TABLE_SIZE } from '../../src/normalize/vietnamese-letters.js';
import { generatedNames, TRICKY_NAMES } from './tricky-names.js';

function hasUnsafeUnit(key: string): boolean {
  const unsafe = unsafeKeyUnits();
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) < TABLE_SIZE && unsafe[key.charCodeAt(i)] === 1) return true;
  return false;
}

/** Two columns (register, doses) over one dictionary, as a match job builds them. */
function columns(left: readonly string[], right: readonly string[]): [NameColumn, NameColumn] {
  const dictionary = new Dictionary();
  const lb = new NameColumnBuilder(dictionary);
  const rb = new NameColumnBuilder(dictionary);
  for (const raw of left) lb.append(raw);
  for (const raw of right) rb.append(raw);
  dictionary.freeze();
  return [lb.freeze(), rb.freeze()];
}

/** Checks every row of `column` against the oracle; how many rows were answered from the codes. */
function expectOracle(memo: StoredNameTokens, column: NameColumn, raws: readonly string[]): number {
  let answered = 0;
  raws.forEach((raw, row) => {
    const n = normalizeName(raw);
    if (column.key[row] < 0) {
      expect(n.key).toBe('');
      return;
    }
    const tokens = memo.tokensOf(column, row);
    const display = memo.display(column, row);
    if (tokens === null || display === null) {
      // Only names whose UTF-8 lost something, or whose key holds an unsafe unit, may be left to the raw cell.
      expect(`${raw} ${n.key}`.includes('\uFFFD') || !(raw as unknown as { isWellFormed(): boolean }).isWellFormed() || hasUnsafeUnit(n.key), `row ${row}`).toBe(true);
      return;
    }
    answered++;
    expect(tokens, `row ${row}`).toEqual(tokensOf(n));
    expect(display, `row ${row}`).toBe(n.display);
  });
  return answered;
}

describe('StoredNameTokens: the tokens and display form normalizing the raw cell gives', () => {
  it('on every tricky name, from either side, first seen and seen again', () => {
    const [left, right] = columns(TRICKY_NAMES, [...TRICKY_NAMES].reverse());
    const memo = new StoredNameTokens();
    const answered = expectOracle(memo, left, TRICKY_NAMES) + expectOracle(memo, right, [...TRICKY_NAMES].reverse());
    // All but the three empty names, the three with U+FFFD or a lone surrogate, and the three whose
    // keys hold ß or θ ('Đặng ß' is read as legacy-font damage and repaired to Vietnamese letters).
    expect(answered).toBe(2 * (TRICKY_NAMES.length - 9));
    // Again, now from what it learned (and its cache of names).
    expectOracle(memo, right, [...TRICKY_NAMES].reverse());
    expectOracle(memo, left, TRICKY_NAMES);
  });

  it('leaves names with a lone surrogate or U+FFFD to the raw cell', () => {
    const raws = ['\uD800 An', '\uFFFD An', 'An \uDC00 Bình'];
    const [column] = columns(raws, []);
    const memo = new StoredNameTokens();
    raws.forEach((_, row) => expect(memo.tokensOf(column, row)).toBeNull());
  });

  it("on the generator's names and damage, register and doses", () => {
    const names = generatedNames(3000);
    const half = names.length >> 1;
    const [left, right] = columns(names.slice(0, half), names.slice(half));
    const memo = new StoredNameTokens();
    expect(expectOracle(memo, left, names.slice(0, half))).toBeGreaterThan(half * 0.9);
    expect(expectOracle(memo, right, names.slice(half))).toBeGreaterThan((names.length - half) * 0.9);
  });

  it('on any name drawn from syllables, marks, case, damage and separators', () => {
    const piece = fc.constantFrom('Nguyễn', 'nguyen', 'THỊ', 'Hương', 'hưong', 'Hoà', 'thuỷ', 'Quí', 'Huỳnh', 'Võ', "H'hen", 'thủy-tiên', 'ThÞ', 'Nguyeenx', 'Ðức', 'Ǆ', 'ß', 'İ', 'ŉ', '\u0301', '\u200b');
    const name = fc.array(fc.oneof(piece, fc.string({ unit: 'grapheme', maxLength: 4 })), { maxLength: 5 }).map((t) => t.join(' '));
    fc.assert(
      fc.property(fc.array(name, { minLength: 1, maxLength: 20 }), (raws) => {
        const [column] = columns(raws, []);
        expectOracle(new StoredNameTokens(), column, raws);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the display form from the key: titleCase(key), but where the key holds an unsafe unit', () => {
  it('gives the normalizer\'s tokens and display for names holding any code unit, at a run\'s start, inside one and alone', () => {
    const raws: string[] = [];
    for (let c = 0x20; c < TABLE_SIZE + 0x100; c++) {
      const ch = String.fromCharCode(c);
      raws.push(`${ch}an Văn`, `Nguy${ch}n`, `Lê ${ch}`, `Hà ${ch}${ch}`);
    }
    const [column] = columns(raws, []);
    expectOracle(new StoredNameTokens(), column, raws);
  });

  it('finds the code units where titleCase(lowerName(x)) ≠ x for x = titleCase(s), in either state', () => {
    for (let c = 0; c < 0x10000; c++) {
      for (const s of [String.fromCharCode(c), 'a' + String.fromCharCode(c) + 'a', '\u0301' + String.fromCharCode(c)]) {
        const x = titleCase(s);
        if (titleCase(lowerName(x)) === x) continue;
        expect(hasUnsafeUnit(lowerName(x)), `U+${c.toString(16)}`).toBe(true);
      }
    }
  });

  it('holds for any string without an unsafe unit', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 16 }), (s) => {
        const x = titleCase(s);
        const key = lowerName(x);
        if (hasUnsafeUnit(key)) return;
        expect(titleCase(key)).toBe(x);
      }),
      { numRuns: 3000 },
    );
  });

  it("makes normalizeName's display titleCase of its key on tricky and generated names", () => {
    for (const raw of [...TRICKY_NAMES, ...generatedNames(1000)]) {
      const n = normalizeName(raw);
      if (!hasUnsafeUnit(n.key)) expect(titleCase(n.key), raw).toBe(n.display);
    }
  });
});
