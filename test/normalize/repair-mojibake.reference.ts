/**
 * The test oracle of repair-mojibake.ts: its first, simple implementation, which decodes and
 * judges every token under every encoding for every name, with regexes and per-candidate arrays
 * (about 20-50 µs per damaged name). The fast version reads the same facts from a per-token cache
 * and must give the same result for every input; the evidence rule itself is documented in
 * src/normalize/repair-mojibake.ts.
 */
import { canBeCp1252, decodeUtf8AsCp1252, utf8AsCp1252Candidates } from '../../src/normalize/cp1252.js';
import { decodeTelex, decodeViqr, hasTelexShapeKeys } from '../../src/normalize/input-method.js';
import { countToneMarks, isTextOfSyllables } from '../../src/normalize/syllable.js';
import { canBeTcvn3, decodeTcvn3 } from '../../src/normalize/tcvn3.js';
import type { MojibakeRepair } from '../../src/normalize/repair-mojibake.js';
import type { NameRepair } from '../../src/normalize/types.js';
import { canBeVni, decodeVni } from '../../src/normalize/vni.js';


const NO_REPAIRS: readonly NameRepair[] = Object.freeze([]);

/**
 * `isPlausibleSyllable` (syllable.ts) for one NFC token, through the automaton (no allocation).
 * Every token the slow path judges is NFC: the name is composed first and the decoders return NFC.
 */
const isValidToken = (token: string): boolean => token.indexOf(' ') < 0 && isTextOfSyllables(token);

// ---- slow path: the encodings and the evidence rule ----

interface Codec {
  readonly repair: NameRepair;
  /** Legacy fonts change only non-ASCII characters; input-method residue is ASCII only. */
  readonly ascii: boolean;
  /** The token's decoding, or null when the token cannot be this damage. */
  decode(token: string): string | null;
  /** True when every character of the name is one this damage can contain. */
  canProduce(name: string): boolean;
  /** Regroups tokens before judging (UTF-8 sequences split at a space that was a no-break space). */
  segment?(tokens: string[]): string[];
  /** A token that may be damage but is as likely not: never strong evidence. */
  weakOnly?(token: string): boolean;
  /** A last check on the whole decision. */
  accept?(before: string[], after: string[], strongTokens: string[]): boolean;
}

/** A cp1252 character whose byte is a UTF-8 continuation (0x80-0xBF) or the lead Ä (Đ, đ, ă, ĩ). */
const CONTINUATION_OR_D = /[\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178Ä]/;

function decodeCp1252Token(token: string): string | null {
  const strict = decodeUtf8AsCp1252(token);
  if (strict !== null) return strict;
  if (!CONTINUATION_OR_D.test(token)) return null;
  // Removed undefined bytes (0x81 0x8D 0x8F 0x90 0x9D): accept a restoration only if exactly one
  // reads as a syllable, preferring the readings whose case is regular ("Ngọc", not "NgỐc").
  const readable = [...new Set(utf8AsCp1252Candidates(token).filter(isValidToken))];
  if (readable.length === 1) return readable[0];
  const regular = readable.filter(hasRegularCase);
  return regular.length === 1 ? regular[0] : null;
}

/** Lower case after the first letter, or all upper case. */
function hasRegularCase(token: string): boolean {
  const rest = token.slice(1);
  return rest === rest.toLowerCase() || token === token.toUpperCase();
}

const CP1252: Codec = {
  repair: 'utf8_as_cp1252',
  ascii: false,
  decode: decodeCp1252Token,
  canProduce: canBeCp1252,
  segment(tokens) {
    const out: string[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      // "à" is C3 A0: a cleaner that turned the no-break space A0 into a space split "HoÃ ng".
      if (i + 1 < tokens.length && /[\u00c2-\u00f4\u0080-\u00bf]$/.test(t) && decodeCp1252Token(t) === null) {
        const joined = t + '\u00a0' + tokens[i + 1];
        const d = decodeCp1252Token(joined);
        if (d !== null && isValidToken(d)) {
          out.push(joined);
          i++;
          continue;
        }
      }
      out.push(t);
    }
    return out;
  },
};

const TCVN3: Codec = { repair: 'tcvn3', ascii: false, decode: decodeTcvn3, canProduce: canBeTcvn3 };

const VNI: Codec = { repair: 'vni', ascii: false, decode: decodeVni, canProduce: canBeVni };

const isPrintableAscii = (s: string): boolean => /^[\x20-\x7e]*$/.test(s);
const isAscii = (s: string): boolean => /^[\x00-\x7f]*$/.test(s);

const VIQR: Codec = {
  repair: 'viqr',
  ascii: true,
  decode: decodeViqr,
  canProduce: isPrintableAscii,
  weakOnly(token) {
    // "A." is an initial as likely as Ạ; "Thi." is not punctuation in a name.
    const body = token.slice(0, -1);
    return body.length <= 1 && /[.?]$/.test(token);
  },
};

const TELEX: Codec = {
  repair: 'telex',
  ascii: true,
  decode: decodeTelex,
  canProduce: (name) => /^[A-Za-z ]*$/.test(name),
  accept(before, after, strongTokens) {
    if (!after.every((t) => t === '' || isValidToken(t))) return false;
    let changed = 0;
    for (let i = 0; i < before.length; i++) if (before[i] !== after[i]) changed++;
    // A lone tone key in a two-word name is too little: "Max Nguyen" is not "Mã Nguyen".
    return changed >= 2 || strongTokens.some(hasTelexShapeKeys) || after.filter((t) => t !== '').length >= 3;
  },
};

/**
 * In the order that breaks the last ties: the legacy fonts first, then Telex before VIQR (a lone
 * "dd" for đ is both, and Telex is the input method most people type with).
 */
const CODECS: readonly Codec[] = [CP1252, TCVN3, VNI, TELEX, VIQR];

interface Outcome {
  repair: NameRepair;
  strong: number;
  fail: number;
  /** Every character of the name is one this damage can contain. */
  whole: boolean;
  /** Tokens changed (strong, and weak when applied). */
  changed: number;
  /** Tone marks in the decodings of the strong tokens. */
  tones: number;
  tokens: string[];
}

/** True when `a` is the better explanation of the name (see the file header). */
function better(a: Outcome, b: Outcome): boolean {
  if (a.strong !== b.strong) return a.strong > b.strong;
  if (a.fail !== b.fail) return a.fail < b.fail;
  if (a.tones !== b.tones) return a.tones < b.tones;
  if (a.whole !== b.whole) return a.whole;
  return a.changed > b.changed;
}

function evaluate(codec: Codec, tokens: string[]): Outcome | null {
  const segs = codec.segment ? codec.segment(tokens) : tokens;
  const decoded: (string | null)[] = new Array(segs.length).fill(null);
  const weak: boolean[] = new Array(segs.length).fill(false);
  const strongTokens: string[] = [];
  let fail = 0;
  segs.forEach((t, i) => {
    if (t === '' || isAscii(t) !== codec.ascii) return; // nothing this damage could have made
    const d = codec.decode(t);
    if (d === null || d === t) return;
    const valid = isValidToken(t);
    if (!isValidToken(d)) {
      if (!valid) fail++; // damage this encoding cannot explain (a valid token is just correct text)
      return;
    }
    decoded[i] = d;
    if (valid || codec.weakOnly?.(t) === true) weak[i] = true;
    else strongTokens.push(t);
  });
  if (strongTokens.length === 0) return null;
  const whole = codec.canProduce(segs.join(' '));
  const useWeak = whole && weak.includes(true);
  let changed = 0;
  let tones = 0;
  const out = segs.map((t, i) => {
    const d = decoded[i];
    if (d === null || (weak[i] && !useWeak)) return t;
    changed++;
    if (!weak[i]) tones += countToneMarks(d);
    return d;
  });
  if (codec.accept && !codec.accept(segs, out, strongTokens)) return null;
  return { repair: codec.repair, strong: strongTokens.length, fail, whole, changed, tones, tokens: out };
}

function repairSlow(text: string): MojibakeRepair {
  const nfc = text.normalize('NFC');
  if (nfc !== text && isTextOfSyllables(nfc)) return { text, repairs: NO_REPAIRS };
  let tokens = nfc.split(' ');
  const repairs: NameRepair[] = [];
  for (let round = 0; round < 3 && !tokens.every((t) => t === '' || isValidToken(t)); round++) {
    let best: Outcome | null = null;
    for (const codec of CODECS) {
      if (repairs.includes(codec.repair)) continue;
      const o = evaluate(codec, tokens);
      if (o !== null && (best === null || better(o, best))) best = o;
    }
    if (best === null) break;
    tokens = best.tokens;
    repairs.push(best.repair);
  }
  if (repairs.length === 0) return { text, repairs: NO_REPAIRS };
  return { text: tokens.join(' ').normalize('NFC'), repairs };
}

/** `repairMojibake`, computed the simple way. */
export function repairMojibakeReference(text: string): MojibakeRepair {
  return isTextOfSyllables(text) ? { text, repairs: NO_REPAIRS } : repairSlow(text);
}
