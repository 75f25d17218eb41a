/**
 * Names for the tests of names read from the stores (name-memo, corrections-stored): every kind
 * of damage and spelling the normalizer undoes or keeps apart, and the generator's names with its
 * damage.
 */
import { generateRows } from '../../src/generate/generator.js';
import { loadProfile } from '../../src/generate/profile.js';
import { encodeTcvn3 } from '../../src/normalize/tcvn3.js';
import { encodeVni } from '../../src/normalize/vni.js';

const NAME = 'Nguyễn Thị Hương';
/** Every kind of damage and spelling the normalizer undoes or keeps apart. */
export const TRICKY_NAMES: readonly string[] = [
  NAME,
  'nguyễn thị hương',
  'NGUYỄN THỊ HƯƠNG',
  NAME.normalize('NFD'),
  'Nguyen Thi Huong',
  'Nguyễn Thị Hưong',
  'Nguyên Thị Hương',
  'Nguyễn Hương',
  'Hương Nguyễn Thị',
  'Nguyễn Thị Thu Hương',
  encodeTcvn3(NAME),
  encodeVni(NAME),
  'Nguyá»…n Thá»‹ HÆ°Æ¡ng',
  'Nguyeenx Thij Huwowng',
  'Nguye^~n Thi. Hu+o+ng',
  'NguyÔn Thị Hương',
  'Huỳnh Văn Phước',
  'Hoàng Văn Phúc',
  'Võ Thị Hồng',
  'Vũ Thị Hường',
  'Lê Thị Thuỷ',
  'Lê Thị Thủy',
  'Lê Thị Thùy',
  'Lê Thị Thuy',
  'Trần Quí',
  'Trần Quý',
  'Hoà',
  'Hòa',
  '',
  '   ',
  '\u200b',
  'An',
  'Ld',
  'Lê',
  "H'Hen Niê",
  "h'hen niê",
  'Nguyễn Thủy-Tiên',
  'NGUYỄN THUỶ-TIÊN',
  'Y-Moan Êban',
  'Ðặng Văn Đức',
  'Dang Van Duc',
  'Nguyễn\u200b Văn An',
  '  Nguyễn  Văn   An ',
  'Nguyễn Văn An Bình Châu Dũng Em Phương Giang Hà Ích Khánh Lâm',
  'Max Nguyen',
  'José Nguyễn',
  'Ñguyễn Ǆan',
  '\uFFFD An',
  '\uD800 An',
  'An \uDC00',
  'Đặng ẞ',
  'Đặng ß',
  'ϴ Hà',
  'θ Hà',
];

/** A dose-shaped sample of the generator's names, damage included, and its register's. */
export function generatedNames(people: number): string[] {
  const out: string[] = [];
  for (const g of generateRows({ people, doses: people, seed: 5, profile: loadProfile('mixed') })) out.push(g.row.full_name);
  return out;
}

