/** json-syntax.ts: JSON.parse's errors without the text they quote (a file in the wrong place may hold personal data). */
import { describe, expect, it } from 'vitest';
import { jsonSyntaxMessage } from '../../src/util/json-syntax.js';

const messageOf = (text: string): string => {
  try {
    JSON.parse(text);
  } catch (e) {
    return jsonSyntaxMessage(e, text);
  }
  throw new Error('parsed');
};

describe('jsonSyntaxMessage', () => {
  it.each([
    ['Nguyễn Thị Hoà 079190001234', 'Unexpected token … is not valid JSON'],
    ['{\n  "a": 1,,\n}', 'Expected double-quoted property name (line 2, column 10)'],
    ['{"name": "Nguyễn Văn', 'Unterminated string (line 1, column 21)'],
    ['', 'Unexpected end of JSON input'],
  ])('%j → %s', (text, expected) => {
    expect(messageOf(text)).toBe(expected);
  });

  it('never repeats a letter or digit run of the text it was given', () => {
    for (const text of ['Nguyễn Thị Hoà 079190001234', "'079190001234'", '{"079190001234": Nguyễn}', '"Nguyễn" Thị']) {
      const m = messageOf(text);
      for (const word of ['Nguyễn', 'Thị', '079190001234']) expect(m).not.toContain(word);
    }
  });
});
