/**
 * Comparison keys that unify spellings of the same name: never used to rewrite what is shown.
 *
 * Regional variants: Hoàng/Huỳnh, Vũ/Võ, Phúc/Phước, Hồng/Hường are the northern and southern
 * readings of one Hán-Việt character each (黃, 武, 福, 紅; the southern forms began as naming
 * taboos under the Nguyễn lords). Because the character is the same wherever it stands in a
 * name, they are unified token by token in any position (Huỳnh is a middle name too).
 *
 * i/y spelling: after h, k, l, m, qu, s, t, v an open syllable may be written with i or y and
 * mean the same (Quý/Quí, Vy/Vi, Lý/Lí, Kỳ/Kì, Mỹ/Mĩ, Sỹ/Sĩ). The Ministry of Education's
 * spelling rule (Quyết định 1989/QĐ-BGDĐT, 2018, art. 9) prescribes i after a consonant but
 * keeps personal names as their holders write them, so both spellings live in the register.
 * Keys use y, keeping the tone.
 *
 * Folded keys have no marks, so only the unifications that stay unambiguous without them are
 * applied there: huynh → hoang, but not huong → hong, since "huong" is also Hương, another name.
 *
 * The tables are data: add a pair to extend them.
 */

/** Toned, lower-case, NFC, canonical tone placement → the form keys use. */
export const TONED_VARIANTS: Readonly<Record<string, string>> = {
  huỳnh: 'hoàng',
  võ: 'vũ',
  phước: 'phúc',
  hường: 'hồng',
};

/** Folded (ASCII) token → the form folded keys use. */
export const FOLDED_VARIANTS: Readonly<Record<string, string>> = {
  huynh: 'hoang',
  vo: 'vu',
  phuoc: 'phuc',
};

/** Onsets after which a final i and y spell the same open syllable. */
export const I_Y_ONSETS: readonly string[] = ['h', 'k', 'l', 'm', 'qu', 's', 't', 'v'];

const I_TONES = 'iìíỉĩị';
const Y_TONES = 'yỳýỷỹỵ';

const TONED_MAP = new Map<string, string>(Object.entries(TONED_VARIANTS));
const FOLDED_MAP = new Map<string, string>(Object.entries(FOLDED_VARIANTS));
for (const onset of I_Y_ONSETS) {
  for (let tone = 0; tone < 6; tone++) TONED_MAP.set(onset + I_TONES[tone], onset + Y_TONES[tone]);
  FOLDED_MAP.set(onset + 'i', onset + 'y');
}

/** The comparison form of one token of a name key (lower case, NFC, canonical tone placement). */
export function variantOfToken(token: string): string {
  return TONED_MAP.get(token) ?? token;
}

/** The comparison form of one token of a folded key (lower-case ASCII). */
export function variantOfFoldedToken(token: string): string {
  return FOLDED_MAP.get(token) ?? token;
}

function mapTokens(key: string, f: (token: string) => string): string {
  if (key.indexOf(' ') < 0) return f(key);
  return key
    .split(' ')
    .map((t) => f(t))
    .join(' ');
}

/** `variant` of a whole name key: each space-separated token unified. */
export function variantKey(key: string): string {
  return mapTokens(key, variantOfToken);
}

/** `variantFolded` of a whole folded key. */
export function variantFoldedKey(folded: string): string {
  return mapTokens(folded, variantOfFoldedToken);
}
