import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ID_REASONS, type IdReason } from '../../src/engine/correction-reasons.js';
import { idReasons, type IdOwner } from '../../src/engine/corrections-id.js';
import { parseId } from '../../src/normalize/parse-id.js';

const PERSON_ID = '079190123456';
const OLD_ID = '023456789';

function reasons(dose: string, owner: IdOwner = 'none', person = PERSON_ID, oldId = OLD_ID): IdReason[] {
  return idReasons(parseId(dose), parseId(person), parseId(oldId), owner);
}

describe('idReasons: formatting is not an error', () => {
  it.each<[string, string]>([
    ['the same digits', '079190123456'],
    ['spaces', '079 190 123 456'],
    ['dots', '079.190.123.456'],
    ['dashes and padding', ' 079-190-123456 '],
  ])('%s → nothing', (_, dose) => {
    expect(reasons(dose, 'this')).toEqual([]);
  });

  it('the equal ID wins over an inconsistent owner flag', () => {
    expect(reasons(PERSON_ID, 'other')).toEqual([]);
  });
});

describe('idReasons: one row per reason', () => {
  it.each<[string, string, IdOwner, string, string, IdReason[]]>([
    ['empty', '', 'none', PERSON_ID, OLD_ID, ['id_missing']],
    ['only a dash', '-', 'none', PERSON_ID, OLD_ID, ['id_missing']],
    ['words instead of a number', 'không có', 'none', PERSON_ID, OLD_ID, ['id_missing']],
    ['stored as a number (zero lost)', '79190123456', 'this', PERSON_ID, OLD_ID, ['id_leading_zero']],
    ['stored as a number with .0', '79190123456.0', 'this', PERSON_ID, OLD_ID, ['id_leading_zero']],
    ['in exact scientific notation', '7.9190123456E+10', 'this', PERSON_ID, OLD_ID, ['id_leading_zero']],
    ['Hà Nội code 001 losing two zeros', '1088000123', 'this', '001088000123', '', ['id_leading_zero']],
    ['the old 9-digit ID', OLD_ID, 'this', PERSON_ID, OLD_ID, ['old_id_used']],
    ['the old 9-digit ID, zero lost', '23456789', 'none', PERSON_ID, OLD_ID, ['old_id_used']],
    ['an old 12-digit ID', '001088000123', 'this', PERSON_ID, '001088000123', ['old_id_used']],
    ["another register person's ID", '079190654321', 'other', PERSON_ID, OLD_ID, ['id_of_other_person']],
    ["a relative's ID one digit away", '079190123457', 'other', PERSON_ID, OLD_ID, ['id_of_other_person']],
    ['one wrong digit', '079190123457', 'none', PERSON_ID, OLD_ID, ['id_digit']],
    ['two adjacent digits swapped', '079190123465', 'none', PERSON_ID, OLD_ID, ['id_transposition']],
    ['a digit dropped at the end', '07919012345', 'none', PERSON_ID, OLD_ID, ['id_digit_missing']],
    ['a digit dropped inside', '07190123456', 'none', PERSON_ID, OLD_ID, ['id_digit_missing']],
    ['a digit dropped, Hà Nội code', '00108800123', 'none', '001088000123', '', ['id_digit_missing']],
    ['a digit added', '0791901234556', 'none', PERSON_ID, OLD_ID, ['id_digit_extra']],
    ['zero lost and one wrong digit', '79190123457', 'none', PERSON_ID, OLD_ID, ['id_digit']],
    ['zero lost and two digits swapped', '97190123456', 'none', PERSON_ID, OLD_ID, ['id_transposition']],
    ['a letter O for a zero', '07919012345O', 'none', PERSON_ID, OLD_ID, ['id_digit']],
    ['a 9-digit CMND the register does not hold', '123456780', 'none', PERSON_ID, '', ['old_id_used']],
    ['one typo in the old 12-digit ID', '001088000124', 'none', PERSON_ID, '001088000123', ['old_id_used']],
    ['a number that is nobody’s (fallback)', '079190654321', 'none', PERSON_ID, OLD_ID, ['id_digit']],
    ['garbage of the wrong length (fallback)', '12345', 'none', PERSON_ID, OLD_ID, ['id_digit']],
  ])('%s', (_, dose, owner, person, oldId, expected) => {
    expect(reasons(dose, owner, person, oldId)).toEqual(expected);
  });
});

describe('idReasons: no register ID, no correction', () => {
  it.each<[string]>([[''], ['12345'], ['123456789']])('person_id %j', (person) => {
    expect(reasons('079190123456', 'none', person)).toEqual([]);
  });
});

describe('idReasons: invariants', () => {
  const cccd = fc
    .tuple(fc.constantFrom('001', '079', '096', '031'), fc.constantFrom('0', '1', '2', '3'), fc.stringMatching(/^[0-9]{8}$/))
    .map(([p, g, rest]) => p + g + rest);

  it('exactly one reason for any dose ID that is not the person’s', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 14 }), cccd, fc.constantFrom<IdOwner>('this', 'other', 'none'), (dose, person, owner) => {
        const got = reasons(dose, owner, person);
        expect(got.length).toBeLessThanOrEqual(1);
        for (const r of got) expect(ID_REASONS).toContain(r);
        if (parseId(dose).digits !== person) expect(got.length).toBe(1);
      }),
    );
  });

  it('one substitution, transposition, drop or addition is named as such', () => {
    fc.assert(
      fc.property(cccd, fc.nat(11), fc.integer({ min: 1, max: 9 }), fc.constantFrom('sub', 'swap', 'drop', 'add'), (person, i, shift, edit) => {
        let dose: string;
        let want: IdReason;
        if (edit === 'sub') {
          dose = person.slice(0, i) + String((Number(person[i]) + shift) % 10) + person.slice(i + 1);
          want = 'id_digit';
        } else if (edit === 'swap') {
          fc.pre(i < 11 && person[i] !== person[i + 1]);
          dose = person.slice(0, i) + person[i + 1] + person[i] + person.slice(i + 2);
          want = 'id_transposition';
        } else if (edit === 'drop') {
          // Dropping a leading zero is indistinguishable from the zero lost as a number.
          fc.pre(!/^0*$/.test(person.slice(0, i + 1)));
          dose = person.slice(0, i) + person.slice(i + 1);
          want = 'id_digit_missing';
        } else {
          dose = person.slice(0, i) + String(shift) + person.slice(i);
          want = 'id_digit_extra';
        }
        expect(reasons(dose, 'none', person, '')).toEqual([want]);
      }),
    );
  });
});
