/**
 * Legacy-font and input-method damage to name syllables, through the normalizer's own encoders
 * (TCVN3 and VNI read as Windows-1252, UTF-8 read as Windows-1252, Telex and VIQR keystrokes), so
 * the damage is exactly what the repair expects to undo. Encodings of the syllables in the name
 * tables are computed once per syllable and kept.
 */
import { encodeUtf8AsCp1252 } from '../normalize/cp1252.js';
import { encodeTelex, encodeViqr } from '../normalize/input-method.js';
import { encodeTcvn3 } from '../normalize/tcvn3.js';
import { encodeVni } from '../normalize/vni.js';
import type { DamageTag } from './tags.js';

export const ENCODING_TAGS = ['name_tcvn3', 'name_vni', 'name_utf8_as_cp1252', 'name_telex', 'name_viqr'] as const satisfies readonly DamageTag[];
export type EncodingTag = (typeof ENCODING_TAGS)[number];

const ENCODERS: Readonly<Record<EncodingTag, (s: string) => string>> = {
  name_tcvn3: encodeTcvn3,
  name_vni: encodeVni,
  name_utf8_as_cp1252: encodeUtf8AsCp1252,
  name_telex: encodeTelex,
  name_viqr: encodeViqr,
};

export class SyllableEncodings {
  private readonly text: readonly string[];
  private readonly cache: (string | undefined)[][];

  /** @param text the token table's syllables (index = token id) */
  constructor(text: readonly string[]) {
    this.text = text;
    this.cache = ENCODING_TAGS.map(() => []);
  }

  /**
   * Syllable `s` in encoding `kind` (index of ENCODING_TAGS); `tokenId` ≥ 0 when `s` is that
   * table syllable unchanged, which makes the result a cache hit.
   */
  encode(kind: number, s: string, tokenId: number): string {
    const encoder = ENCODERS[ENCODING_TAGS[kind]];
    if (tokenId < 0 || this.text[tokenId] !== s) return encoder(s);
    const row = this.cache[kind];
    let e = row[tokenId];
    if (e === undefined) row[tokenId] = e = encoder(s);
    return e;
  }
}
