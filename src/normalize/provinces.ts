/**
 * The 63 province codes that open a 12-digit personal ID (CCCD): the province or centrally run
 * city where the birth was registered, with approximate population weights.
 *
 * Codes and names: Circular 07/2016/TT-BCA of the Ministry of Public Security, Appendix I
 * ("Danh mục mã tỉnh, thành phố trực thuộc trung ương nơi công dân đăng ký khai sinh"), as
 * reproduced at https://news.thuvienphapluat.vn/tintuc/vn/ho-tro-phap-luat/tu-van-phap-luat/50225/
 * and https://moinhat123.blogspot.com/2021/03/ma-so-can-cuoc-cong-dan-quang-binh.html (63 rows,
 * 001 Hà Nội … 096 Cà Mau). Circular 59/2021/TT-BCA, which replaced it, kept these codes; the
 * list here was checked against the 07/2016 appendix only. Names are written as in the appendix
 * (old-style tone placement: Hòa, Hóa). The codes are the General Statistics Office province
 * codes with a leading zero, which is why the sequence has gaps (no 003, 005, …).
 *
 * Populations: the 1 April 2019 Population and Housing Census (General Statistics Office), per
 * province, as tabulated at https://nhacly.com/tinh-ai-la-gi-1652902409/amp and
 * https://luatduonggia.edu.vn/mien-nao-dong-dan-nhat-viet-nam. APPROXIMATE: about 45 of the 63
 * figures were checked against those pages; the 63 sum to 96,300,172 while the census total is
 * 96,208,984 (0.1% apart), so treat them as sampling weights, not as official counts. They are
 * where people lived in 2019, used as a stand-in for where births were registered.
 */

export interface Province {
  /** Three digits, always starting with 0, e.g. '079'. */
  readonly code: string;
  /** Vietnamese name, NFC, as in the circular's appendix (without "Tỉnh"/"Thành phố"). */
  readonly name: string;
  /** 2019 census population, approximate (see the file header). */
  readonly population: number;
  /** `population` over the sum of all 63: a sampling weight in [0, 1]; the 63 sum to 1. */
  readonly share: number;
}

const TABLE: readonly (readonly [code: string, name: string, population: number])[] = [
  ['001', 'Hà Nội', 8_053_663],
  ['002', 'Hà Giang', 854_679],
  ['004', 'Cao Bằng', 530_341],
  ['006', 'Bắc Kạn', 313_905],
  ['008', 'Tuyên Quang', 784_811],
  ['010', 'Lào Cai', 730_420],
  ['011', 'Điện Biên', 598_856],
  ['012', 'Lai Châu', 460_196],
  ['014', 'Sơn La', 1_248_415],
  ['015', 'Yên Bái', 821_030],
  ['017', 'Hòa Bình', 854_131],
  ['019', 'Thái Nguyên', 1_286_751],
  ['020', 'Lạng Sơn', 781_655],
  ['022', 'Quảng Ninh', 1_320_324],
  ['024', 'Bắc Giang', 1_803_950],
  ['025', 'Phú Thọ', 1_463_726],
  ['026', 'Vĩnh Phúc', 1_154_154],
  ['027', 'Bắc Ninh', 1_368_840],
  ['030', 'Hải Dương', 1_892_254],
  ['031', 'Hải Phòng', 2_028_514],
  ['033', 'Hưng Yên', 1_252_731],
  ['034', 'Thái Bình', 1_860_447],
  ['035', 'Hà Nam', 852_800],
  ['036', 'Nam Định', 1_780_393],
  ['037', 'Ninh Bình', 982_487],
  ['038', 'Thanh Hóa', 3_640_128],
  ['040', 'Nghệ An', 3_327_791],
  ['042', 'Hà Tĩnh', 1_288_866],
  ['044', 'Quảng Bình', 895_430],
  ['045', 'Quảng Trị', 632_375],
  ['046', 'Thừa Thiên Huế', 1_128_620],
  ['048', 'Đà Nẵng', 1_134_310],
  ['049', 'Quảng Nam', 1_495_812],
  ['051', 'Quảng Ngãi', 1_231_697],
  ['052', 'Bình Định', 1_486_918],
  ['054', 'Phú Yên', 961_152],
  ['056', 'Khánh Hòa', 1_231_107],
  ['058', 'Ninh Thuận', 590_467],
  ['060', 'Bình Thuận', 1_230_808],
  ['062', 'Kon Tum', 540_438],
  ['064', 'Gia Lai', 1_513_847],
  ['066', 'Đắk Lắk', 1_869_322],
  ['067', 'Đắk Nông', 622_168],
  ['068', 'Lâm Đồng', 1_296_906],
  ['070', 'Bình Phước', 994_679],
  ['072', 'Tây Ninh', 1_169_165],
  ['074', 'Bình Dương', 2_426_561],
  ['075', 'Đồng Nai', 3_097_107],
  ['077', 'Bà Rịa - Vũng Tàu', 1_148_313],
  ['079', 'Hồ Chí Minh', 8_993_082],
  ['080', 'Long An', 1_688_547],
  ['082', 'Tiền Giang', 1_764_185],
  ['083', 'Bến Tre', 1_288_463],
  ['084', 'Trà Vinh', 1_009_168],
  ['086', 'Vĩnh Long', 1_022_791],
  ['087', 'Đồng Tháp', 1_599_504],
  ['089', 'An Giang', 1_908_352],
  ['091', 'Kiên Giang', 1_723_067],
  ['092', 'Cần Thơ', 1_235_171],
  ['093', 'Hậu Giang', 733_017],
  ['094', 'Sóc Trăng', 1_199_653],
  ['095', 'Bạc Liêu', 907_236],
  ['096', 'Cà Mau', 1_194_476],
];

const TOTAL_POPULATION = TABLE.reduce((sum, [, , population]) => sum + population, 0);

/** The 63 provinces in code order. */
export const PROVINCES: readonly Province[] = Object.freeze(
  TABLE.map(([code, name, population]) => Object.freeze({ code, name, population, share: population / TOTAL_POPULATION })),
);

/**
 * Index into PROVINCES + 1 for each number 0..999 (0 = not a province). A typed array so the ID
 * parser can check a code from its three digit values without building a string.
 */
const SLOT_BY_NUMBER = new Uint8Array(1000);
PROVINCES.forEach((p, i) => {
  SLOT_BY_NUMBER[Number(p.code)] = i + 1;
});

/** Whether `n` (0..999, the first three ID digits read as a number) is a province code. */
export function isProvinceNumber(n: number): boolean {
  return SLOT_BY_NUMBER[n] > 0; // undefined (out of range, fractional) compares false
}

function slotOf(code: string): number {
  if (code.length !== 3) return 0;
  let n = 0;
  for (let i = 0; i < 3; i++) {
    const d = code.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return 0;
    n = n * 10 + d;
  }
  return SLOT_BY_NUMBER[n];
}

/** Whether `code` is exactly three digits naming one of the 63 provinces ('079' yes, '79' no). */
export function isProvinceCode(code: string): boolean {
  return slotOf(code) !== 0;
}

/** The province's name, or undefined when `code` is not a province code. */
export function provinceName(code: string): string | undefined {
  const slot = slotOf(code);
  return slot === 0 ? undefined : PROVINCES[slot - 1].name;
}

/** The province record, or undefined when `code` is not a province code. */
export function provinceByCode(code: string): Province | undefined {
  const slot = slotOf(code);
  return slot === 0 ? undefined : PROVINCES[slot - 1];
}
