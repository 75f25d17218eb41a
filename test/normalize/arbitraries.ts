/**
 * fast-check generators of Vietnamese names, and the damage real name data shows (DESIGN.md,
 * "Unicode and typing damage"), for property tests anywhere in the project.
 *
 * Names are built from small lists of real family, middle and given names in display form:
 * NFC, title case, traditional tone placement (hòa, thủy, khỏe). Damage transforms are plain
 * functions so a test can apply one it names, or `damagedName()` picks several at random.
 */
import fc from 'fast-check';
import { placeTones } from '../../src/normalize/tone-placement.js';

/** Family names, most frequent first (DESIGN.md shares), including the regional variant pairs. */
export const FAMILY_NAMES = [
  'Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ',
  'Hồ', 'Ngô', 'Dương', 'Lý', 'Đinh', 'Trương', 'Quách', 'Giang',
] as const;

export const MIDDLE_NAMES = [
  'Văn', 'Thị', 'Hữu', 'Đức', 'Ngọc', 'Minh', 'Thanh', 'Xuân', 'Hoàng', 'Quang', 'Thành', 'Kim',
  'Thúy', 'Công', 'Quốc', 'Phước', 'Bảo', 'Gia', 'Khánh', 'Như',
] as const;

/**
 * Given names chosen to exercise the normalizer: oa/oe/uy with and without a final consonant,
 * qu/gi onsets, ươ/iê/uô/yê, the regional and i/y variants, đ.
 */
export const GIVEN_NAMES = [
  'Hòa', 'Thủy', 'Thụy', 'Thúy', 'Khỏe', 'Hòe', 'Xòe', 'Hoàn', 'Toàn', 'Khoa', 'Hoài', 'Thoại',
  'Huy', 'Duy', 'Quý', 'Quí', 'Quỳnh', 'Quyết', 'Quốc', 'Giang', 'Giàu', 'Hương', 'Hường', 'Hồng',
  'Phúc', 'Phước', 'Vy', 'Vi', 'Lý', 'Lí', 'Kỳ', 'Kì', 'Mỹ', 'Sĩ', 'Tuấn', 'Dũng', 'Hùng',
  'Lan', 'Linh', 'Trang', 'Nga', 'Huệ', 'Khuê', 'Tiến', 'Yến', 'Nguyệt', 'Tuyết', 'Uyên', 'Oanh',
  'Thuận', 'Cường', 'Đức', 'Anh', 'Bích', 'Ngoan', 'Tường', 'Thư', 'A',
] as const;

/** A name in display form: family, 0-2 middle names, a one- or two-word given name. */
export function vietnameseName(): fc.Arbitrary<string> {
  return fc
    .record({
      family: fc.constantFrom(...FAMILY_NAMES),
      middle: fc.array(fc.constantFrom(...MIDDLE_NAMES), { minLength: 0, maxLength: 2 }),
      given: fc.array(fc.constantFrom(...GIVEN_NAMES), { minLength: 1, maxLength: 2 }),
    })
    .map(({ family, middle, given }) => [family, ...middle, ...given].join(' '));
}

/** Mark removal the way a person typing without diacritics does it (keeps case). */
export function withoutDiacritics(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}

export const toUpper = (name: string): string => name.toUpperCase();
export const toLower = (name: string): string => name.toLowerCase();
export const toNfd = (name: string): string => name.normalize('NFD');
export const toModernToneStyle = (name: string): string => placeTones(name, 'modern');
export const ethForD = (name: string): string => name.replace(/Đ/g, '\u00d0');

export type Damage = 'upper' | 'lower' | 'nfd' | 'modern_tones' | 'zero_width' | 'spaces' | 'eth' | 'nbsp';

/**
 * Damage that leaves the name's letters intact, so normalizing must give back the display form.
 * In the order damagedName() applies it: tone style needs composed text, so it comes before NFD.
 */
export const RECOVERABLE_DAMAGE: readonly Damage[] = ['modern_tones', 'upper', 'lower', 'eth', 'nfd', 'zero_width', 'spaces', 'nbsp'];

/** Applies one kind of damage; `seed` picks positions where the damage needs one. */
export function applyDamage(name: string, damage: Damage, seed: number): string {
  switch (damage) {
    case 'upper':
      return toUpper(name);
    case 'lower':
      return toLower(name);
    case 'nfd':
      return toNfd(name);
    case 'modern_tones':
      return toModernToneStyle(name);
    case 'eth':
      return ethForD(name);
    case 'zero_width': {
      const at = seed % (name.length + 1);
      return name.slice(0, at) + '\u200b' + name.slice(at);
    }
    case 'spaces':
      return '  ' + name.replace(/ /g, seed % 2 === 0 ? '   ' : ' \t ') + ' ';
    case 'nbsp':
      return name.replace(/ /g, '\u00a0');
  }
}

/** A display-form name and the same name with a random set of recoverable damage applied. */
export function damagedName(): fc.Arbitrary<{ clean: string; damaged: string; damages: Damage[] }> {
  return fc
    .record({
      clean: vietnameseName(),
      damages: fc.subarray([...RECOVERABLE_DAMAGE]),
      seed: fc.nat(),
    })
    .map(({ clean, damages, seed }) => {
      // Case first: upper-casing an NFD or zero-width string is fine, but 'lower' after 'upper'
      // would just undo it, so at most one case damage is kept.
      const kept = damages.includes('upper') ? damages.filter((d) => d !== 'lower') : damages;
      let damaged = clean;
      for (const d of kept) damaged = applyDamage(damaged, d, seed);
      return { clean, damaged, damages: kept };
    });
}
