import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanText } from '../../src/normalize/clean-text.js';
import type { NameRepair } from '../../src/normalize/types.js';
import { vietnameseName } from './arbitraries.js';

describe('cleanText: what it removes, replaces and reports', () => {
  it.each<[string, string, NameRepair[]]>([
    ['Nguyễn Văn A', 'Nguyễn Văn A', []],
    ['Ng\u200buyễn Văn A', 'Nguyễn Văn A', ['zero_width']],
    ['\ufeffNguyễn\u200c Văn\u200d A\u2060', 'Nguyễn Văn A', ['zero_width']],
    ['Nguyễn\u200e Văn\u202a A\u202c', 'Nguyễn Văn A', ['zero_width']], // bidi marks
    ['Nguyễn Văn\u00ad A', 'Nguyễn Văn A', ['zero_width']], // soft hyphen
    ['Nguyễn\u0000 Văn\u0007 A\u007f', 'Nguyễn Văn A', ['control']],
    ['Nguyễn Văn\u0090 A', 'Nguyễn Văn A', ['control']], // C1 control
    ['  Nguyễn   Văn  A  ', 'Nguyễn Văn A', ['spaces']],
    ['Nguyễn\u00a0Văn\u00a0A', 'Nguyễn Văn A', ['spaces']],
    ['Nguyễn\tVăn\r\nA', 'Nguyễn Văn A', ['spaces']],
    ['Nguyễn\u2003Văn\u3000A\u202f', 'Nguyễn Văn A', ['spaces']],
    [' ', '', ['spaces']],
    ['', '', []],
    ['Nguye\u0302\u0303n', 'Nguyễn', ['nfd']],
    ['Nguyê\u0303n', 'Nguyễn', ['nfd']], // partly decomposed: base letter precomposed, tone combining
    ['Tra\u0302\u0300n Thi\u0323 Hu\u031bo\u031bng', 'Trần Thị Hương', ['nfd']],
    ['\u00d0ặng Văn \u00d0ức', 'Đặng Văn Đức', ['eth_as_d']],
    [' \u200bNgu\u0000ye\u0302\u0303n\u00a0\u00d0ức ', 'Nguyễn Đức', ['zero_width', 'control', 'spaces', 'eth_as_d', 'nfd']],
  ])('%j → %j %j', (input, text, repairs) => {
    const r = cleanText(input);
    expect(r.text).toBe(text);
    expect(r.repairs).toEqual(repairs);
    expect(r.deferred).toBe(false);
  });

  it('a zero-width character between two spaces leaves one space', () => {
    expect(cleanText('Nguyễn \u200b Văn').text).toBe('Nguyễn Văn');
  });

  it('returns the input string itself when it is already clean', () => {
    const s = 'Trần Thị Thủy';
    expect(Object.is(cleanText(s).text, s)).toBe(true);
  });
});

describe('cleanText with keepLegacyBytes: leaves mojibake material for the repair', () => {
  it.each([
    ['NguyÔn ThÞ H\u00ad¬ng', 'NguyÔn ThÞ H\u00ad¬ng', []], // TCVN3: the soft hyphen is ư
    ['B\u00d0', 'B\u00d0', []], // TCVN3: Ð is é
    ['Nguy\u00e1\u00bb\u0085n', 'Nguy\u00e1\u00bb\u0085n', []], // UTF-8 read as Latin-1: a C1 byte
    ['HoÃ\u00a0ng', 'HoÃ\u00a0ng', []], // UTF-8 à is C3 A0: the no-break space is its second byte
    ['  B\u00d0\u200b ', 'B\u00d0', ['zero_width', 'spaces']],
  ])('%j → %j', (input, text, repairs) => {
    const r = cleanText(input, { keepLegacyBytes: true });
    expect(r.text).toBe(text);
    expect(r.repairs).toEqual(repairs);
    expect(r.deferred).toBe(true);
  });

  it.each([
    ['Nguyễn\u00a0Văn', 'Nguyễn Văn', false],
    ['NguyÔn\u00a0ThÞ', 'NguyÔn ThÞ', false], // TCVN3: the space is a space
    ['HÆ\u00a0ng', 'HÆ\u00a0ng', true], // UTF-8 Ơ is C6 A0
    ['HoÃ\u00a0ng\u00a0Văn', 'HoÃ\u00a0ng Văn', true],
    ['Hoáº\u00a0', 'Hoáº\u00a0', true],
  ])('keeps a no-break space only where it can be a UTF-8 byte: %j → %j', (input, text, deferred) => {
    const r = cleanText(input, { keepLegacyBytes: true });
    expect(r.text).toBe(text);
    expect(r.deferred).toBe(deferred);
  });

  it('reports no deferral for text without such characters', () => {
    expect(cleanText('Nguyễn Văn A', { keepLegacyBytes: true }).deferred).toBe(false);
    expect(cleanText(' Nguyễn  Văn A', { keepLegacyBytes: true }).deferred).toBe(false);
  });
});

const messyText = fc
  .array(
    fc.constantFrom('a', 'ễ', 'Đ', '\u00d0', ' ', ' ', '\u00a0', '\t', '\u200b', '\ufeff', '\u0000', '\u0301', '\u0302', '\u00ad', '\u0085', 'x'),
    { maxLength: 30 },
  )
  .map((cs) => cs.join(''));

describe('cleanText: invariants', () => {
  it('is idempotent and its output has single inner spaces, no edge spaces, no invisible characters', () => {
    fc.assert(
      fc.property(messyText, (s) => {
        const once = cleanText(s).text;
        expect(cleanText(once)).toEqual({ text: once, repairs: [], deferred: false });
        expect(once).not.toMatch(/^ | $|  |[\u0000-\u001f\u007f-\u009f\u00a0\u00ad\u00d0\u200b\ufeff]/);
        expect(once).toBe(once.normalize('NFC'));
      }),
    );
  });

  it('gives the same text for NFC and NFD spellings of a name', () => {
    fc.assert(
      fc.property(vietnameseName(), (name) => {
        expect(cleanText(name.normalize('NFD')).text).toBe(name);
      }),
    );
  });
});
