/**
 * The Vietnamese written syllable: its vowel letters (12 vowels × 6 tones), a judge of whether a
 * token is a well-formed syllable, and where a tone mark goes.
 *
 * A written syllable is (onset) + rhyme + tone; the rhyme is (medial o/u) + nucleus + (final).
 * Sources for the inventory:
 * - onsets, finals and the spelling rules (k/gh/ngh before i e ê y, c/g/ng elsewhere, qu for
 *   /k/ + medial, gi absorbing a following i): "Vietnamese alphabet", Wikipedia (section
 *   Structure), and the rules collected in github.com/TrucJ/Vietnamese-checker (Vietnamese_rule.vn.md).
 * - rhymes: the rhyme list of the Vietnamese grade-1 textbook (SGK Tiếng Việt 1) as collected in
 *   that file, extended with rhymes it omits that occur in words and names: oăc (hoặc),
 *   uyu (khuỷu), uyt (huýt), uâng (khuâng), uây (khuấy), uêch (khuếch), uênh (huênh), oeo (ngoẹo),
 *   oen/oet (khoét), oam/oap, uya (khuya), ưm, ưn, ec. The loan rhymes oong/ooc (xoong, moóc)
 *   are left out: no name uses them, and "Coõng" (TCVN3 misreading of VNI "Coâng") must not pass.
 * - tone constraint: a syllable closed by p, t, c or ch takes only sắc or nặng (same sources).
 *
 * The judge accepts either tone placement style (hòa/hoà, thủy/thuỷ) and no other position: the
 * legacy-font repair relies on that, since a wrong decoding often puts a tone where no typist
 * would ("Leâ" read as TCVN3 gives "leõ").
 * Names typed without any mark ("nguyen", "huong") are judged by `isAsciiVietnameseSyllable`.
 * `isTextOfSyllables` judges a whole name at once with the minimal automaton of all valid
 * syllables (marked and plain) over letter classes: one table lookup per character.
 */

/** 0 ngang (no mark), 1 huyền, 2 hỏi, 3 ngã, 4 sắc, 5 nặng: the order TCVN3 and VNI tables use. */
export type Tone = 0 | 1 | 2 | 3 | 4 | 5;
const TONE_ACUTE = 4; // sắc
const TONE_DOT = 5; // nặng

/** The combining mark of each tone, in `Tone` order. */
const TONE_MARKS = ['', '\u0300', '\u0309', '\u0303', '\u0301', '\u0323'] as const;

/** The 12 vowel letters without tone, in the order the legacy code tables list them. */
export const VOWELS = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'] as const;

/** `TONED_VOWELS[v * 6 + tone]`: lower-case vowel `VOWELS[v]` carrying `tone`, NFC. */
export const TONED_VOWELS: readonly string[] = VOWELS.flatMap((v) => TONE_MARKS.map((m) => (v + m).normalize('NFC')));

const UPPER = 0x80;
/** char → (v * 6 + tone) | UPPER for every toned or tone-less vowel letter, both cases. */
const VOWEL_CODE = new Map<string, number>();
TONED_VOWELS.forEach((lower, code) => {
  VOWEL_CODE.set(lower, code);
  VOWEL_CODE.set(lower.toUpperCase(), code | UPPER);
});

const vowelIndex = (code: number): number => ((code & ~UPPER) / 6) | 0;
const toneOf = (code: number): Tone => ((code & ~UPPER) % 6) as Tone;

/** Vowel letter → `v * 6 + tone`, plus 0x80 when upper case; -1 when `ch` is not a vowel letter. */
export function vowelCode(ch: string): number {
  return VOWEL_CODE.get(ch) ?? -1;
}

/** A vowel letter's vowel index (into `VOWELS`), tone and case; null for any other character. */
export function splitVowel(ch: string): { vowel: number; tone: Tone; upper: boolean } | null {
  const code = VOWEL_CODE.get(ch);
  return code === undefined ? null : { vowel: vowelIndex(code), tone: toneOf(code), upper: (code & UPPER) !== 0 };
}

/** How many letters of `text` carry a tone mark. */
export function countToneMarks(text: string): number {
  let n = 0;
  for (const ch of text) {
    const code = VOWEL_CODE.get(ch);
    if (code !== undefined && toneOf(code) !== 0) n++;
  }
  return n;
}

/** The letter for vowel index `v` with `tone`, upper case when asked. */
export function vowelLetter(v: number, tone: Tone, upper = false): string {
  const lower = TONED_VOWELS[v * 6 + tone];
  return upper ? lower.toUpperCase() : lower;
}

const CONSONANTS = new Set('bcdđghklmnpqrstvx');

const ONSETS = ['', 'b', 'c', 'ch', 'd', 'đ', 'g', 'gh', 'gi', 'h', 'k', 'kh', 'l', 'm', 'n', 'ng', 'ngh', 'nh', 'p', 'ph', 'qu', 'r', 's', 't', 'th', 'tr', 'v', 'x'];

/** Rhymes grouped by nucleus (medial o and u groups last). */
const RHYMES = `
  a ai ao au ay ac ach am an ang anh ap at
  ăc ăm ăn ăng ăp ăt
  âc âm ân âng âp ât âu ây
  e ec em en eng eo ep et
  ê êch êm ên ênh êp êt êu
  i ia ich im in inh ip it iu
  iêc iêm iên iêng iêp iêt iêu
  y yêm yên yêt yêu
  o oc oi om on ong op ot
  ô ôc ôi ôm ôn ông ôp ôt
  ơ ơi ơm ơn ơp ơt
  u ua uc ui um un ung up ut
  uôc uôi uôm uôn uông uôt
  ư ưa ưc ưi ưm ưn ưng ưt ưu
  ươc ươi ươm ươn ương ươp ươt ươu
  oa oac oach oai oam oan oang oanh oap oat oay
  oăc oăm oăn oăng oăt
  oe oen oeo oet
  uy uya uych uynh uyt uyu uyên uyêt
  uê uêch uênh
  uân uâng uât uây
  uơ`
  .trim()
  .split(/\s+/);

const hasMedialO = (r: string): boolean => r.length > 1 && r[0] === 'o' && 'aăe'.includes(r[1]);
const hasMedialU = (r: string): boolean => r.length > 1 && r[0] === 'u' && 'yêâơ'.includes(r[1]);
const startsFront = (r: string): boolean => 'iyeê'.includes(r[0]);
const LABIALS = new Set(['b', 'm', 'p', 'ph', 'v']);

/** Spells onset + rhyme, or null when the spelling rules forbid the pair. */
function spell(onset: string, rhyme: string): string | null {
  const medial = hasMedialO(rhyme) || hasMedialU(rhyme);
  const ie = rhyme.startsWith('iê');
  const ye = rhyme.startsWith('yê');
  if (onset === '') return ie ? null : rhyme; // yên, not iên, with no onset
  if (ye) return null; // after an onset it is iê (tiên), except after medial u (uyên)
  switch (onset) {
    case 'c':
      return startsFront(rhyme) || medial ? null : onset + rhyme;
    case 'k':
      return startsFront(rhyme) && !medial ? onset + rhyme : null;
    case 'g':
    case 'ng':
      return startsFront(rhyme) ? null : onset + rhyme;
    case 'gh':
    case 'ngh':
      return 'ieê'.includes(rhyme[0]) ? onset + rhyme : null;
    case 'gi':
      if (medial || rhyme[0] === 'y') return null;
      return rhyme[0] === 'i' ? 'g' + rhyme : onset + rhyme; // gi + in → gìn, gi + iêng → giếng
    case 'qu':
      if (hasMedialU(rhyme)) return 'q' + rhyme; // q + uynh → quỳnh, q + uân → quân
      if ('ouưy'.includes(rhyme[0]) || ie || rhyme === 'ia') return null;
      return onset + rhyme; // qu + a → qua, qu + ôc → quốc
    default:
      if (LABIALS.has(onset) && medial) return null;
      return onset + rhyme;
  }
}

const FOLD: Record<string, string> = { ă: 'a', â: 'a', ê: 'e', ô: 'o', ơ: 'o', ư: 'u', đ: 'd' };
const foldAscii = (s: string): string => s.replace(/[ăâêôơưđ]/g, (c) => FOLD[c]);

/** Every valid syllable spelled without tone, lower case ("nguyên", "quỳnh" → "quynh"). */
const TONELESS = new Set<string>();
for (const onset of ONSETS) {
  for (const rhyme of RHYMES) {
    const s = spell(onset, rhyme);
    if (s !== null) TONELESS.add(s);
  }
}
/** The same with every mark removed and đ → d ("nguyen"). */
const FOLDED = new Set<string>([...TONELESS].map(foldAscii));

/** The tone-less valid syllables (lower case, NFC). */
export function tonelessSyllables(): ReadonlySet<string> {
  return TONELESS;
}

const closedByStop = (bare: string): boolean => /(?:[ptc]|ch)$/.test(bare);

/**
 * True when `token` is one well-formed Vietnamese syllable with its marks: any case, NFC or NFD,
 * the tone mark where either the traditional or the modern style puts it (hòa and hoà, not hòan).
 */
export function isVietnameseSyllable(token: string): boolean {
  const s = token.normalize('NFC').toLowerCase();
  const bare: string[] = [];
  let tone = 0;
  let tonedAt = -1;
  for (const ch of s) {
    const code = VOWEL_CODE.get(ch);
    if (code !== undefined) {
      const t = toneOf(code);
      if (t !== 0) {
        if (tone !== 0) return false; // two tone marks
        tone = t;
        tonedAt = bare.length;
      }
      bare.push(VOWELS[vowelIndex(code)]);
    } else if (CONSONANTS.has(ch)) {
      bare.push(ch);
    } else {
      return false;
    }
  }
  const word = bare.join('');
  if (!TONELESS.has(word)) return false;
  if (tone === 0) return true;
  if (closedByStop(word) && tone !== TONE_ACUTE && tone !== TONE_DOT) return false;
  const { classic, modern } = tonePositions(bare);
  return tonedAt === classic || tonedAt === modern;
}

/** True when `token` is plain ASCII and is a valid syllable with its marks removed ("nguyen", "Thi"). */
export function isAsciiVietnameseSyllable(token: string): boolean {
  return /^[A-Za-z]+$/.test(token) && FOLDED.has(token.toLowerCase());
}

/** Either of the above: what a name token should be once any damage is repaired. */
export function isPlausibleSyllable(token: string): boolean {
  return isAsciiVietnameseSyllable(token) || isVietnameseSyllable(token);
}

const ONSETS_LONGEST_FIRST = [...ONSETS].filter((o) => o !== '').sort((a, b) => b.length - a.length);
const isVowelChar = (ch: string): boolean => VOWEL_CODE.has(ch);

/**
 * Where the tone goes in a lower-case tone-less syllable: `classic` is the traditional placement
 * (hòa, thủy, khỏe, quý, già, nguyễn, hoàng): the last of ă â ê ô ơ ư (ơ in ươ); otherwise, with a
 * final consonant, the last vowel; otherwise the middle of three vowels or the first of two.
 * `modern` differs only for open oa, oe, uy, where the modern style marks the second vowel
 * (hoà, khoẻ, thuỷ). -1 when there is no vowel.
 */
function tonePositions(lower: readonly string[]): { classic: number; modern: number } {
  const word = lower.join('');
  let start = 0;
  for (const onset of ONSETS_LONGEST_FIRST) {
    if (!word.startsWith(onset)) continue;
    // gi and qu are onsets only when a vowel follows: in "gì" the i is the nucleus.
    if ((onset === 'gi' || onset === 'qu') && !isVowelChar(lower[2] ?? '')) continue;
    start = onset.length;
    break;
  }
  let end = start;
  while (end < lower.length && isVowelChar(lower[end])) end++;
  if (end === start) return { classic: -1, modern: -1 };
  let at = -1;
  for (let i = start; i < end; i++) if ('ăâêôơư'.includes(lower[i])) at = i;
  if (at >= 0) return { classic: at, modern: at };
  if (end < lower.length) return { classic: end - 1, modern: end - 1 };
  if (end - start >= 3) return { classic: start + 1, modern: start + 1 };
  const pair = word.slice(start, end);
  return { classic: start, modern: pair === 'oa' || pair === 'oe' || pair === 'uy' ? start + 1 : start };
}

/** The positions of a lower-case tone-less syllable where a tone mark may stand (one or two). */
export function toneSlots(bare: string): readonly number[] {
  const { classic, modern } = tonePositions([...bare]);
  if (classic < 0) return [];
  return classic === modern ? [classic] : [classic, modern];
}

/**
 * Puts `tone` on the vowel of the classic placement (see `tonePositions`). `bare` carries no
 * tone; its case is kept.
 */
export function placeTone(bare: string, tone: Tone): string {
  if (tone === 0) return bare;
  const chars = [...bare];
  const at = tonePositions(chars.map((c) => c.toLowerCase())).classic;
  if (at < 0) return bare;
  const code = VOWEL_CODE.get(chars[at]) as number;
  chars[at] = vowelLetter(vowelIndex(code), tone, (code & UPPER) !== 0);
  return chars.join('');
}

/** Removes the tone marks of a token, returning the bare letters and the (last) tone found. */
export function stripTone(token: string): { bare: string; tone: Tone } {
  let bare = '';
  let tone: Tone = 0;
  for (const ch of token.normalize('NFC')) {
    const code = VOWEL_CODE.get(ch);
    if (code === undefined) {
      bare += ch;
      continue;
    }
    const t = toneOf(code);
    if (t !== 0) tone = t;
    bare += vowelLetter(vowelIndex(code), 0, (code & UPPER) !== 0);
  }
  return { bare, tone };
}

// ---- a minimal automaton over letter classes, for judging whole names without allocation ----

/** Letter classes: 0 space, 1-26 a-z, 27 đ, 28 + v * 6 + tone for the other vowel letters; any case. */
const SPACE_CLASS = 0;
const NOT_A_LETTER = 255;
const CLASS_COUNT = 28 + VOWELS.length * 6;
const CLASS_TABLE_SIZE = 0x1f00; // past ỹ U+1EF9, the last Vietnamese letter
const LETTER_CLASS = new Uint8Array(CLASS_TABLE_SIZE).fill(NOT_A_LETTER);

const classOf = (ch: string): number => LETTER_CLASS[ch.charCodeAt(0)];

(function buildLetterClasses(): void {
  LETTER_CLASS[0x20] = SPACE_CLASS;
  for (let k = 0; k < 26; k++) {
    LETTER_CLASS[0x61 + k] = k + 1;
    LETTER_CLASS[0x41 + k] = k + 1;
  }
  LETTER_CLASS[0x111] = 27; // đ
  LETTER_CLASS[0x110] = 27; // Đ
  TONED_VOWELS.forEach((letter, code) => {
    if (letter.charCodeAt(0) < 0x80) return; // a e i o u y keep their ASCII class
    LETTER_CLASS[letter.charCodeAt(0)] = 28 + code;
    LETTER_CLASS[letter.toUpperCase().charCodeAt(0)] = 28 + code;
  });
})();

/** Calls `emit` with every valid syllable as letter classes: marked (each allowed tone in each allowed position) and plain ASCII. */
function forEachValidClassString(emit: (classes: Uint8Array) => void): void {
  for (const s of TONELESS) {
    const classes = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) classes[i] = classOf(s[i]);
    emit(classes);
    const stop = closedByStop(s);
    for (const at of toneSlots(s)) {
      const plain = classes[at];
      const v = VOWELS.indexOf(s[at] as (typeof VOWELS)[number]);
      for (let tone = 1; tone <= 5; tone++) {
        if (stop && tone !== TONE_ACUTE && tone !== TONE_DOT) continue;
        classes[at] = 28 + v * 6 + tone;
        emit(classes);
      }
      classes[at] = plain;
    }
  }
  for (const s of FOLDED) {
    const classes = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) classes[i] = classOf(s[i]);
    emit(classes);
  }
}

/**
 * Trie of the valid syllables, then merged bottom-up into the minimal automaton (same accepting
 * flag and same transitions → one state). In the result state 0 rejects and state 1 starts.
 */
function buildAutomaton(): { next: Uint16Array; accepting: Uint8Array } {
  // Trie in flat arrays: node → first child, next sibling, class label (a node has a few dozen children at most).
  let size = 1;
  let cap = 1 << 15;
  let firstChild = new Int32Array(cap).fill(-1);
  let sibling = new Int32Array(cap).fill(-1);
  let label = new Uint8Array(cap);
  let accept = new Uint8Array(cap);
  const grow = (): void => {
    cap *= 2;
    const f = new Int32Array(cap).fill(-1);
    f.set(firstChild);
    const sb = new Int32Array(cap).fill(-1);
    sb.set(sibling);
    const l = new Uint8Array(cap);
    l.set(label);
    const a = new Uint8Array(cap);
    a.set(accept);
    [firstChild, sibling, label, accept] = [f, sb, l, a];
  };
  forEachValidClassString((classes) => {
    let node = 0;
    for (const c of classes) {
      let child = firstChild[node];
      while (child >= 0 && label[child] !== c) child = sibling[child];
      if (child < 0) {
        if (size === cap) grow();
        child = size++;
        label[child] = c;
        sibling[child] = firstChild[node];
        firstChild[node] = child;
      }
      node = child;
    }
    accept[node] = 1;
  });
  // Children have larger indices than their parent, so a reverse sweep is bottom-up.
  const canonical = new Int32Array(size);
  const bySignature = new Map<string, number>();
  const rows: number[][] = []; // [accept, class, target, class, target, …]
  const edges: number[] = [];
  for (let node = size - 1; node >= 0; node--) {
    edges.length = 0;
    for (let ch = firstChild[node]; ch >= 0; ch = sibling[ch]) edges.push(label[ch] * 65536 + canonical[ch]);
    edges.sort((x, y) => x - y);
    const row = [accept[node]];
    for (const e of edges) row.push(Math.floor(e / 65536), e % 65536);
    const signature = String.fromCharCode(...row);
    let id = bySignature.get(signature);
    if (id === undefined) {
      id = rows.length + 2; // 0 rejects; 1 is reserved for the start
      bySignature.set(signature, id);
      rows.push(row);
    }
    canonical[node] = id;
  }
  const states = rows.length + 2;
  const next = new Uint16Array(states * CLASS_COUNT);
  const accepting = new Uint8Array(states);
  const fill = (state: number, row: number[]): void => {
    accepting[state] = row[0];
    for (let k = 1; k < row.length; k += 2) next[state * CLASS_COUNT + row[k]] = row[k + 1];
  };
  rows.forEach((row, k) => fill(k + 2, row));
  fill(1, rows[canonical[0] - 2]); // the root's row, copied to the start state
  return { next, accepting };
}

const AUTOMATON = buildAutomaton();

/**
 * True when NFC `text` is one or more valid syllables (`isPlausibleSyllable`) separated by single
 * spaces; decomposed marks are not letters here. One table lookup per code unit and no
 * allocation: the fast path of the name repair.
 */
export function isTextOfSyllables(text: string): boolean {
  const { next, accepting } = AUTOMATON;
  let state = 1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const c = code < CLASS_TABLE_SIZE ? LETTER_CLASS[code] : NOT_A_LETTER;
    if (c === NOT_A_LETTER) return false;
    if (c === SPACE_CLASS) {
      if (accepting[state] === 0) return false;
      state = 1;
    } else {
      state = next[state * CLASS_COUNT + c];
      if (state === 0) return false;
    }
  }
  return accepting[state] === 1;
}
