/**
 * Input-method residue: the keystrokes of a Vietnamese input method left in the text because the
 * method was switched off, converted to and from Unicode.
 *
 * - Telex (keystroke table as in github.com/khiemdoan/VBKey, mdlCodeTable.bas): aa â, aw ă, ee ê,
 *   oo ô, ow ơ, uw ư, a lone w ư, uow ươ, dd đ; tone keys s sắc, f huyền, r hỏi, x ngã, j nặng
 *   (z clears), typed anywhere after the first vowel: "Nguyeenx", "Nguyeexn" → "Nguyễn". No
 *   Vietnamese final consonant is s f r x j, so any of them after a vowel is a tone key. Decoding
 *   puts the tone on the vowel of the classic placement (`placeTone`).
 * - VIQR (RFC 1456, "Vietnamese Quoted-Readable"): a vowel followed by a shape mark ( breve,
 *   ^ circumflex, + horn, then a tone mark ' sắc, ` huyền, ? hỏi, ~ ngã, . nặng; dd/DD is đ/Đ;
 *   a backslash before a mark keeps it literal: "Nguye^~n" → "Nguyễn".
 * Both work word by word (space-separated) and leave a word without residue unchanged.
 */
import { placeTone, splitVowel, stripTone, vowelCode, vowelLetter, VOWELS, type Tone } from './syllable.js';

const TELEX_TONE_KEYS: Record<string, Tone> = { f: 1, r: 2, x: 3, s: 4, j: 5, z: 0 };
const TELEX_TONE_KEY_OF: readonly string[] = ['', 'f', 'r', 'x', 's', 'j'];
/** Telex keystrokes for the shaped letters. */
const TELEX_SHAPE: Record<string, string> = { ă: 'aw', â: 'aa', ê: 'ee', ô: 'oo', ơ: 'ow', ư: 'uw', đ: 'dd' };
const ASCII_VOWELS = 'aeiouy';

const isUpper = (ch: string): boolean => ch !== ch.toLowerCase();
const matchCase = (letter: string, like: string): string => (isUpper(like) ? letter.toUpperCase() : letter);
const mapWords = (text: string, f: (w: string) => string): string => text.split(' ').map(f).join(' ');

/** The Telex keystrokes that type `unicode` (tone key at the end of each word). */
export function encodeTelex(unicode: string): string {
  return mapWords(unicode.normalize('NFC'), (word) => {
    const { bare, tone } = stripTone(word);
    let out = '';
    for (const ch of bare) {
      const keys = TELEX_SHAPE[ch.toLowerCase()];
      out += keys === undefined ? ch : isUpper(ch) ? keys.toUpperCase() : keys;
    }
    if (tone === 0) return out;
    const key = TELEX_TONE_KEY_OF[tone];
    return out === out.toUpperCase() && out !== out.toLowerCase() ? out + key.toUpperCase() : out + key;
  });
}

/** True when `word` holds Telex keys that change letters (aa aw ee oo ow uw w dd), not only a tone key. */
export function hasTelexShapeKeys(word: string): boolean {
  return /^dd|aa|ee|oo|w/i.test(word);
}

function isVowelOut(ch: string): boolean {
  return vowelCode(ch) >= 0;
}

/** Applies a w keystroke: the horn or breve goes on the last vowel typed (uo → ươ). */
function applyW(out: string[], w: string): void {
  let j = out.length - 1;
  while (j >= 0 && !isVowelOut(out[j])) j--;
  if (j < 0) {
    out.push(matchCase('ư', w)); // a lone w after the onset is ư ("Tw" → "Tư")
    return;
  }
  const v = out[j].toLowerCase();
  const horn: Record<string, string> = { o: 'ơ', u: 'ư', a: 'ă' };
  if (v === 'o' && j > 0 && out[j - 1].toLowerCase() === 'u') {
    out[j - 1] = matchCase('ư', out[j - 1]);
    out[j] = matchCase('ơ', out[j]);
  } else if (horn[v] !== undefined) {
    out[j] = matchCase(horn[v], out[j]);
  } else {
    out.push(w); // w cannot apply: keep it, the word stays unreadable
  }
}

/** Decodes the Telex keystrokes of one word; a word without residue is returned unchanged. */
function decodeTelexWord(word: string): string {
  if (!/^[A-Za-z]+$/.test(word)) return word;
  const lower = word.toLowerCase();
  const out: string[] = [];
  let i = 0;
  let changed = false;
  if (lower.startsWith('dd')) {
    out.push(matchCase('đ', word[0]));
    i = 2;
    changed = true;
  }
  while (i < word.length && !ASCII_VOWELS.includes(lower[i]) && lower[i] !== 'w') out.push(word[i++]);
  let tone: Tone = 0;
  for (; i < word.length; i++) {
    const c = lower[i];
    const key = TELEX_TONE_KEYS[c];
    if (key !== undefined) {
      tone = key;
      changed = true;
    } else if (c === 'w') {
      applyW(out, word[i]);
      changed = true;
    } else if ('aeo'.includes(c) && out.length > 0 && out[out.length - 1].toLowerCase() === c) {
      out[out.length - 1] = matchCase({ a: 'â', e: 'ê', o: 'ô' }[c] as string, out[out.length - 1]);
      changed = true;
    } else {
      out.push(word[i]);
    }
  }
  if (!changed) return word;
  let bare = out.join('');
  // ươ needs something after it (ương, ươi); with nothing after it is uơ (thuở, huơ).
  bare = bare.replace(/([ưƯ])([ơƠ])$/, (_, u: string, o: string) => (u === 'ư' ? 'u' : 'U') + o);
  bare = bare.replace(/([uU])([ơƠ])(?=.)/g, (_, u: string, o: string) => (u === 'u' ? 'ư' : 'Ư') + o);
  return placeTone(bare, tone);
}

/** Reads Telex residue back to Unicode, word by word. */
export function decodeTelex(text: string): string {
  return mapWords(text.normalize('NFC'), decodeTelexWord);
}

const VIQR_TONE = ['', '`', '?', '~', "'", '.'];
/** VIQR shape mark of each vowel in `VOWELS` order ('' for a e i o u y). */
const VIQR_SHAPE = ['', '(', '^', '', '^', '', '', '^', '+', '', '+', ''];
/** ASCII base + shape mark → vowel index. */
const VIQR_VOWEL = new Map<string, number>(VOWELS.map((v, i) => [stripShape(v) + VIQR_SHAPE[i], i]));

function stripShape(v: string): string {
  return ({ ă: 'a', â: 'a', ê: 'e', ô: 'o', ơ: 'o', ư: 'u' } as Record<string, string>)[v] ?? v;
}

/** The VIQR spelling of `unicode`. */
export function encodeViqr(unicode: string): string {
  let out = '';
  for (const ch of unicode.normalize('NFC')) {
    const vowel = splitVowel(ch);
    if (vowel !== null) {
      out += matchCase(stripShape(VOWELS[vowel.vowel]), ch) + VIQR_SHAPE[vowel.vowel] + VIQR_TONE[vowel.tone];
    } else if (ch === 'đ' || ch === 'Đ') {
      out += ch === 'đ' ? 'dd' : 'DD';
    } else {
      out += ch;
    }
  }
  return out;
}

/** Reads VIQR back to Unicode (NFC); text without VIQR marks is returned unchanged. */
export function decodeViqr(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; ) {
    const ch = text[i];
    const lower = ch.toLowerCase();
    if (ch === '\\' && i + 1 < text.length && "(^+`?~'.".includes(text[i + 1])) {
      out += text[i + 1];
      i += 2;
    } else if (lower === 'd' && text[i + 1]?.toLowerCase() === 'd') {
      out += matchCase('đ', ch);
      i += 2;
    } else if (ASCII_VOWELS.includes(lower)) {
      let j = i + 1;
      let v = VIQR_VOWEL.get(lower) as number;
      const shaped = j < text.length ? VIQR_VOWEL.get(lower + text[j]) : undefined;
      if (shaped !== undefined) {
        v = shaped;
        j++;
      }
      const tone = VIQR_TONE.indexOf(text[j] ?? '');
      out += vowelLetter(v, (tone > 0 ? tone : 0) as Tone, isUpper(ch));
      i = tone > 0 ? j + 1 : j;
    } else {
      out += ch;
      i += 1;
    }
  }
  return out.normalize('NFC');
}
