import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Dictionary } from '../../src/engine/column-dictionary.js';
import { NameColumn, NameColumnBuilder, NameLearning } from '../../src/engine/column-name.js';
import { hasLegacyRepair, normalizeName, setNameTokenCacheLimit } from '../../src/normalize/normalize-name.js';

/** Builds a name column over a fresh dictionary, with or without the raw-name memo. */
function build(raws: readonly string[], memo: boolean, dictionary = new Dictionary()): { column: NameColumn; dictionary: Dictionary } {
  const saved = NameColumnBuilder.memo;
  NameColumnBuilder.memo = memo;
  try {
    const builder = new NameColumnBuilder(dictionary);
    for (const raw of raws) builder.append(raw);
    dictionary.freeze();
    return { column: builder.freeze(), dictionary };
  } finally {
    NameColumnBuilder.memo = saved;
  }
}

function snapshot({ column, dictionary }: { column: NameColumn; dictionary: Dictionary }): unknown {
  return {
    forms: column.forms.map((f) => [...f]),
    tokenStart: [...column.tokenStart],
    tokens: [...column.tokens],
    legacy: column.legacy === null ? null : [...column.legacy],
    strings: Array.from({ length: dictionary.size }, (_, c) => dictionary.string(c)),
  };
}

// Repeats in every shape the memo must replay: the same cell again, the same name written
// otherwise (another raw cell, same key), empty and blank cells, legacy bytes, lone surrogates
// (which UTF-8 turns into U+FFFD, so they must not share a memo entry with U+FFFD itself).
const NAMES = [
  'Nguyễn Văn An',
  'NGUYỄN VĂN AN',
  'Nguyễn Văn An',
  '',
  '   ',
  'Trần Thị Bích Ngọc',
  'Nguyá»…n VÄƒn An',
  'Huỳnh Thị Hoà',
  'Trần Thị Bích Ngọc',
  'An',
  '\uD800 An',
  '\uFFFD An',
  '\uD800 An',
  'Nguyễn Văn An',
  'NguyÔn ThÞ H\u00ad¬ng',
  'Nguyeenx Vawn An',
  'Nguyeenx Vawn An',
];

describe('NameColumn.legacy: the normalizer repaired a legacy encoding or input-method residue', () => {
  it.each<[string, number]>([
    ['Nguyễn Văn An', 0],
    ['NGUYỄN  VĂN AN', 0],
    ['Nguyễn Văn An'.normalize('NFD'), 0],
    ['Nguyá»…n VÄƒn An', 1],
    ['NguyÔn ThÞ H\u00ad¬ng', 1],
    ['Nguyeãn Thò Höông', 1],
    ['Nguyeenx Vawn An', 1],
    ['Nguye^~n Va(n An', 1],
    ['', 0],
    ['\uD800 An', 0],
  ])('%j → %i, with and without the memo, the first time and replayed', (raw, flag) => {
    expect(hasLegacyRepair(normalizeName(raw))).toBe(flag === 1);
    for (const memo of [true, false]) expect([...build([raw, 'An', raw], memo).column.legacy!]).toEqual([flag, 0, flag]);
  });

  it('survives the transferable', () => {
    const { column, dictionary } = build(['Nguyá»…n VÄƒn An', 'An'], true);
    expect([...NameColumn.fromTransferable(column.toTransferable(), dictionary).legacy!]).toEqual([1, 0]);
    const { legacy: _, ...withoutFlag } = column.toTransferable();
    expect(NameColumn.fromTransferable(withoutFlag, dictionary).legacy).toBeNull();
  });
});

describe('NameColumnBuilder raw-name memo', () => {
  afterEach(() => {
    NameColumnBuilder.memo = true;
    setNameTokenCacheLimit();
  });

  it('gives the codes, tokens and dictionary that normalizing every cell gives', () => {
    expect(snapshot(build(NAMES, true))).toEqual(snapshot(build(NAMES, false)));
  });

  it('replays a repeated cell as the same codes as its first occurrence', () => {
    const { column } = build(['Lê Thị Thắm', 'Phạm Minh Đức', 'Lê Thị Thắm'], true);
    for (const form of column.forms) expect(form[2]).toBe(form[0]);
    expect([...column.tokens.subarray(column.tokenStart[2], column.tokenStart[3])]).toEqual([...column.tokens.subarray(column.tokenStart[0], column.tokenStart[1])]);
  });

  // A new raw cell whose key was learned before takes that name's codes without interning: the
  // codes must be those normalizing it gives, and the flag its own.
  it.each([
    ['case and spacing', ['Nguyễn Văn An', 'NGUYỄN  VĂN AN']],
    ['NFD and tone placement', ['Lê Thị Thủy', 'Lê Thị Thuỷ'.normalize('NFD')]],
    ['a legacy encoding after the clean name', ['Nguyễn Văn An', 'Nguyá»…n VÄƒn An']],
    ['the clean name after a legacy encoding', ['Nguyá»…n VÄƒn An', 'nguyễn văn an']],
  ])('replays a key learned before from another cell (%s)', (_, raws) => {
    const fast = build([...raws, 'An', ...raws], true);
    expect(fast.column.key[1]).toBe(fast.column.key[0]);
    expect(snapshot(fast)).toEqual(snapshot(build([...raws, 'An', ...raws], false)));
  });

  it('equals the memo-less build on any sequence drawn with repeats', () => {
    const pool = fc.constantFrom(...NAMES, 'Lê Thị Thắm', 'le thi tham', 'Võ Văn Kiệt', 'Vũ Văn Kiệt');
    const cell = fc.oneof({ weight: 4, arbitrary: pool }, { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) });
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 40 }), (raws) => {
        expect(snapshot(build(raws, true))).toEqual(snapshot(build(raws, false)));
      }),
      { numRuns: 200 },
    );
  });

  // A new name's forms are interned from its tokens' UTF-8 and its tokens' codes remembered by
  // the normalizer's token objects: with that cache tiny (objects recycled, ids reused by
  // nothing) or off (a new object for every token), and with many distinct tokens (the builder's
  // token-code table grows and evicts), the codes must still be the memo-less build's.
  it.each([
    ['the normalizer token cache at 2 tokens', 2],
    ['the normalizer token cache off', 0],
    ['the default normalizer token cache', undefined],
  ])('equals the memo-less build with %s, over many distinct tokens', (_name, limit) => {
    const syllable = fc.stringMatching(/^[a-zăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]{1,6}$/);
    const name = fc.array(syllable, { minLength: 1, maxLength: 4 }).map((t) => t.join(' '));
    fc.assert(
      fc.property(fc.array(name, { minLength: 50, maxLength: 300 }), (raws) => {
        setNameTokenCacheLimit(limit);
        const repeated = [...raws, ...raws.slice(0, 20)];
        expect(snapshot(build(repeated, true))).toEqual(snapshot(build(repeated, false)));
      }),
      { numRuns: 20 },
    );
  });

  it('gives the memo-less codes when two builders share one dictionary (register, then doses)', () => {
    const shared = (memo: boolean): unknown => {
      const saved = NameColumnBuilder.memo;
      NameColumnBuilder.memo = memo;
      try {
        const dictionary = new Dictionary();
        const left = new NameColumnBuilder(dictionary);
        const right = new NameColumnBuilder(dictionary);
        for (const raw of NAMES.slice(0, 7)) left.append(raw);
        for (const raw of [...NAMES].reverse()) right.append(raw);
        dictionary.freeze();
        return [snapshot({ column: left.freeze(), dictionary }), snapshot({ column: right.freeze(), dictionary })];
      } finally {
        NameColumnBuilder.memo = saved;
      }
    };
    expect(shared(true)).toEqual(shared(false));
  });

  it('gives the memo-less codes when builders go on one after another from one NameLearning (batches over one dictionary)', () => {
    const pool = fc.constantFrom(...NAMES, 'Lê Thị Thắm', 'LÊ THỊ THẮM', 'Nguyá»…n VÄƒn An', 'Nguyễn Văn An');
    fc.assert(
      fc.property(fc.array(fc.array(pool, { maxLength: 8 }), { maxLength: 6 }), (batches) => {
        const run = (memo: boolean): unknown[] => {
          NameColumnBuilder.memo = memo;
          const dictionary = new Dictionary();
          const learning = new NameLearning();
          const columns = batches.map((raws) => {
            const b = new NameColumnBuilder(dictionary, learning);
            for (const raw of raws) b.append(raw);
            return b.freeze();
          });
          dictionary.freeze();
          return columns.map((column) => snapshot({ column, dictionary }));
        };
        expect(run(true)).toEqual(run(false));
      }),
      { numRuns: 100 },
    );
  });

  it('gives the memo-less codes when more tokens come than its token-code table holds', () => {
    // 70,000 distinct tokens (more than the table's 65,536 slots and the normalizer's 32,768
    // cached tokens), four to a name, then again in other names: later tokens take the slots of
    // earlier ones, which must then be interned again, not answered with another token's code.
    const letters = 'bcdghklmnpqrstvx';
    const token = (i: number): string => Array.from({ length: 5 }, (_, k) => letters[(i >> (4 * k)) & 15]).join('') + 'a';
    const raws: string[] = [];
    for (let i = 0; i < 70_000; i += 4) raws.push([token(i), token(i + 1), token(i + 2), token(i + 3)].join(' '));
    for (let i = 0; i < 70_000; i += 4) raws.push([token(i + 3), token((i + 5) % 70_000), token(i)].join(' '));
    const fast = build(raws, true);
    const oracle = build(raws, false);
    expect(fast.dictionary.size).toBe(oracle.dictionary.size);
    expect([...fast.column.tokens]).toEqual([...oracle.column.tokens]);
    expect(fast.column.forms.map((f) => [...f])).toEqual(oracle.column.forms.map((f) => [...f]));
  });
});
