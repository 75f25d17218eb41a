import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Dictionary } from '../../src/engine/column-dictionary.js';
import { NameColumnBuilder, type NameColumn } from '../../src/engine/column-name.js';

/** Builds a name column over a fresh dictionary, with or without the raw-name memo. */
function build(raws: readonly string[], memo: boolean): { column: NameColumn; dictionary: Dictionary } {
  const saved = NameColumnBuilder.memo;
  NameColumnBuilder.memo = memo;
  try {
    const dictionary = new Dictionary();
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
];

describe('NameColumnBuilder raw-name memo', () => {
  afterEach(() => {
    NameColumnBuilder.memo = true;
  });

  it('gives the codes, tokens and dictionary that normalizing every cell gives', () => {
    expect(snapshot(build(NAMES, true))).toEqual(snapshot(build(NAMES, false)));
  });

  it('replays a repeated cell as the same codes as its first occurrence', () => {
    const { column } = build(['Lê Thị Thắm', 'Phạm Minh Đức', 'Lê Thị Thắm'], true);
    for (const form of column.forms) expect(form[2]).toBe(form[0]);
    expect([...column.tokens.subarray(column.tokenStart[2], column.tokenStart[3])]).toEqual([...column.tokens.subarray(column.tokenStart[0], column.tokenStart[1])]);
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
});
