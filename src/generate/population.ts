/**
 * The shape of the synthetic population: who is in the register, how old, where born and where
 * living, who has an old ID, how many doses each got. These are not error-profile settings: the
 * register must look the same whatever damage is asked for.
 *
 * Every figure here is APPROXIMATE and hand-set; none is an official statistic.
 * - Birth years: the vaccinated population of 2021-2022 was about 12-90 years old. Weights per
 *   five-year age group follow the broad shape of the 2019 census pyramid (General Statistics
 *   Office): wide from the teens to the late forties, narrowing after 55, thin after 75.
 * - Migration: about a fifth of people live outside the province where their birth was registered
 *   (DESIGN.md); the destinations are the main net in-migration provinces named by the 2019 census
 *   (Hồ Chí Minh City, Bình Dương, Đồng Nai, Hà Nội, then the northern industrial provinces).
 * - Doses: one to three per vaccinated person, about two on average.
 */

export const REFERENCE_YEAR = 2021;
export const MIN_BIRTH_YEAR = 1931;
export const MAX_BIRTH_YEAR = 2010;

/** [youngest age, oldest age, relative size of the group] in REFERENCE_YEAR. */
const AGE_GROUPS: readonly (readonly [number, number, number])[] = [
  [12, 14, 4.5],
  [15, 19, 6.6],
  [20, 24, 6.9],
  [25, 29, 7.6],
  [30, 34, 8.2],
  [35, 39, 7.8],
  [40, 44, 7.1],
  [45, 49, 6.5],
  [50, 54, 5.9],
  [55, 59, 5.2],
  [60, 64, 4.3],
  [65, 69, 3.1],
  [70, 74, 2.0],
  [75, 79, 1.3],
  [80, 84, 0.9],
  [85, 90, 0.7],
];

/** Weight of each birth year MIN_BIRTH_YEAR..MAX_BIRTH_YEAR (index = year − MIN_BIRTH_YEAR). */
export const BIRTH_YEAR_WEIGHTS: Float64Array = (() => {
  const w = new Float64Array(MAX_BIRTH_YEAR - MIN_BIRTH_YEAR + 1);
  for (const [young, old, size] of AGE_GROUPS) {
    for (let age = young; age <= old; age++) w[REFERENCE_YEAR - age - MIN_BIRTH_YEAR] = size / (old - young + 1);
  }
  return w;
})();

/** Share of households living outside the province of birth registration. */
export const MIGRANT_SHARE = 0.2;

/** Where migrants live: province code → relative weight. */
export const MIGRATION_DESTINATIONS: Readonly<Record<string, number>> = {
  '079': 35, // Hồ Chí Minh
  '001': 15, // Hà Nội
  '074': 12, // Bình Dương
  '075': 10, // Đồng Nai
  '048': 4, // Đà Nẵng
  '031': 4, // Hải Phòng
  '027': 4, // Bắc Ninh
  '024': 3, // Bắc Giang
  '080': 3, // Long An
  '077': 2, // Bà Rịa - Vũng Tàu
  '022': 2, // Quảng Ninh
  '092': 2, // Cần Thơ
  '026': 2, // Vĩnh Phúc
  '030': 2, // Hải Dương
};

/** Share of register entries with only a birth year, by birth year. */
export function registerYearOnlyShare(year: number): number {
  if (year < 1950) return 0.25;
  if (year < 1960) return 0.08;
  return 0;
}

/** Share of people born before 2000 who still have an old 9-digit ID (CMND) on file. */
export const OLD_ID_SHARE = 0.6;
export const OLD_ID_BORN_BEFORE = 2000;

/** Doses per vaccinated person: P(1), P(2), P(3). */
export const DOSES_PER_PERSON: readonly number[] = [0.25, 0.45, 0.3];
export const MEAN_DOSES = DOSES_PER_PERSON[0] + 2 * DOSES_PER_PERSON[1] + 3 * DOSES_PER_PERSON[2];

/** Where a dose was given: the residence province, the birth province, any province by population. */
export const DOSE_PROVINCE_SHARES = { residence: 0.9, birth: 0.05 } as const;

/** Household composition. */
export const HOUSEHOLD = {
  /** Probability that the first person has a spouse, when born in or before `spouseBornBy`. */
  spouse: 0.7,
  spouseBornBy: 1998,
  /** Number of children (aged 12 or more) for a mother born in or before `childrenBornBy`: P(0..3). */
  children: [0.25, 0.3, 0.3, 0.15],
  childrenBornBy: 1990,
  /** Mother's age at a child's birth, inclusive range. */
  motherAge: [20, 38] as const,
  /** Probability that a parent of the first person lives with them, when born in or after `parentFrom`. */
  parent: 0.15,
  parentFrom: 1962,
  /** Spouses: how many years older the husband is, inclusive range. */
  husbandOlder: [-2, 7] as const,
  /** Probability that a spouse's birth was registered in the same province. */
  spouseSameProvince: 0.7,
  /** Probability that a child of a migrant household was registered where the family now lives. */
  childBornAtResidence: 0.5,
  /** Share of boys at birth. */
  boys: 0.51,
} as const;

/** How many middle names a person has when the given name is one word: P(0), P(1), P(2). */
export const MIDDLE_NAME_COUNT: readonly number[] = [0.05, 0.83, 0.12];
/** The same, when the given name is two words (Minh Anh): P(0), P(1). */
export const MIDDLE_NAME_COUNT_COMPOUND_GIVEN: readonly number[] = [0.5, 0.5];
