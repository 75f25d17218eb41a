/**
 * corrections-stored.ts at the edges: the store shortcuts against the reference (every raw cell of
 * both records normalized again, ResultBuilder.correctionsByViews) on random pairs of records
 * whose cells are drawn from edge values of each field: lone surrogates and U+FFFD, legacy
 * encodings, invisible-only names, names of more than 12 tokens, year-only / impossible / month-13
 * dates, IDs with separators, spreadsheet exports, 9/10/11/13 digits, full-width digits, unreadable
 * genders. Both records are drawn from one pool, so equal stored values (the shortcuts) are common.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldRoles } from '../../src/engine/field-roles.js';
import { ResultBuilder } from '../../src/engine/result-rows.js';
import { StoredCorrections } from '../../src/engine/corrections-stored.js';
import { encodeTcvn3 } from '../../src/normalize/tcvn3.js';
import { encodeVni } from '../../src/normalize/vni.js';
import { buildStores } from '../model/store-fixture.js';
import { sampleSettings as settings } from './sample-stores.js';

const NAME = 'Nguyễn Thị Hương';
const NAMES = [
  NAME,
  'nguyễn thị hương',
  NAME.normalize('NFD'),
  encodeTcvn3(NAME),
  encodeVni(NAME),
  'Nguyá»…n Thá»‹ HÆ°Æ¡ng',
  'Nguyeenx Thij Huwowng',
  'Nguyen Thi Huong',
  `${NAME}\uD800`,
  `${NAME}\uFFFD`,
  `\uDC00${NAME}`,
  '\u200B\u200B',
  '',
  '  ',
  'Hương Nguyễn Thị',
  'Nguyễn Thị Thị Hương',
  Array.from({ length: 13 }, (_, k) => `Tên${k}`).join(' '),
  Array.from({ length: 14 }, (_, k) => `Tên${k}`).join(' '),
  'Ðỗ Văn Hùng',
  'Đỗ Văn Hùng',
  'Nguyễn Thị Hưong',
];
const DATES = ['12/05/1990', '1990-05-12', '12051990', '05/12/1990', '1990', '1991', '30/02/1985', '31/04/1990', '05/13/1990', '13/05/1990', '01/01/1990', '00/00/1990', '1879', '2031', ' 12/05/1990 ', 'x', '', '12/5/90'];
const IDS = [
  '079190123456',
  ' 079190123456',
  '079190123456.0',
  '7.9190123456E+10',
  '79190123456',
  '9190123456',
  '023456789',
  '23456789',
  '０７９１９０１２３４５６',
  '079-190-123-456',
  "'079190123456",
  '0791901234567',
  '079190123465',
  'không có',
  '',
  '07919012345\uD800',
];
const GENDERS = ['Nam', 'Nữ', 'M', 'F', 'nam ', 'x', '', '\uD800'];

const person = fc.record({
  person_id: fc.constantFrom(...IDS),
  full_name: fc.constantFrom(...NAMES),
  dob: fc.constantFrom(...DATES),
  gender: fc.constantFrom(...GENDERS),
  old_id: fc.constantFrom(...IDS),
});
const dose = fc.record({
  citizen_id: fc.constantFrom(...IDS),
  full_name: fc.constantFrom(...NAMES),
  dob: fc.constantFrom(...DATES),
  gender: fc.constantFrom(...GENDERS),
});

describe('StoredCorrections equals the views on edge cells of every field', () => {
  it('for random registers and doses drawn from the edge values', () => {
    const roles = fieldRoles(settings);
    fc.assert(
      fc.property(fc.array(person, { minLength: 1, maxLength: 6 }), fc.array(dose, { minLength: 1, maxLength: 6 }), (persons, doses) => {
        const { left, right } = buildStores(settings, persons, doses.map((row, k) => ({ dose_id: `D${k}`, ...row })));
        const stored = new StoredCorrections(left, right, roles);
        // The scorer is not read by correctionsByViews.
        const views = new ResultBuilder({ left, right, roles, thresholds: settings.thresholds, scorer: { comparisonCount: 0, comparisons: [] } as never });
        for (let d = 0; d < right.size; d++) {
          for (let p = 0; p < left.size; p++) {
            for (const owned of [false, true]) {
              const got = stored.of(d, p, owned);
              const want = views.correctionsByViews(d, p, owned);
              const where = JSON.stringify({ dose: doses[d], person: persons[p], owned });
              expect(got.corrections, where).toEqual(want.corrections);
              if (want.corrections.length > 0) expect(got.suggested, where).toEqual(want.suggested);
            }
          }
        }
      }),
      { numRuns: 400 },
    );
  });
});
