/**
 * Unique ID numbers in constant memory.
 *
 * Personal ID (CCCD), 12 digits `PPP G YY NNNNNN` (Circular 07/2016/TT-BCA; DESIGN.md): PPP the
 * province of birth registration, G century and gender (1900s: 0 male, 1 female; 2000s: 2, 3;
 * 2100s: 4, 5), YY the last two digits of the birth year, then a 6-digit serial. Each
 * (PPP, G, YY) has its own counter; the n-th serial handed out is a keyed permutation of n, so
 * serials look random yet never repeat, without remembering any issued number. Serials come in
 * adjacent pairs (2p, 2p + 1) of a permuted pair index p, so twins can get neighbouring numbers.
 *
 * Old ID (CMND), 9 digits: one global counter through a keyed permutation of [0, 4·10^8), so the
 * numbers start with 0-3 as most CMNDs do. The real CMND prefix encodes the issuing province in an
 * older numbering that this generator does not model.
 *
 * The permutations are 4-round Feistel networks with MurmurHash3's finalizer as round function,
 * restricted to a range by cycle walking (Black & Rogaway, "Ciphers with arbitrary finite
 * domains", CT-RSA 2002): applying a permutation of [0, 2^b) until the value falls in [0, n)
 * is a permutation of [0, n).
 */
import { KhopError } from '../errors.js';
import { PAD2, PAD3, pad9 } from './digits.js';
import { fmix32 } from '../util/fmix32.js';

const PAIRS_PER_KEY = 500_000;
const HALVES_PER_KEY = 2 * PAIRS_PER_KEY;

/** A keyed Feistel permutation of [0, 2^(2·halfBits)), cycle-walked into [0, limit). */
function permute(x: number, limit: number, halfBits: number, key: number): number {
  const mask = (1 << halfBits) - 1;
  do {
    let l = x >>> halfBits;
    let r = x & mask;
    for (let round = 0; round < 4; round++) {
      const f = fmix32((r ^ Math.imul(key, 0x9e3779b1) ^ Math.imul(round + 1, 0x85ebca6b)) >>> 0) & mask;
      const nl = r;
      r = l ^ f;
      l = nl;
    }
    x = l * (mask + 1) + r;
  } while (x >= limit);
  return x;
}

/** The century-and-gender digit G of a personal ID. */
export function centuryGenderDigit(year: number, female: boolean): number {
  return 2 * Math.floor((year - 1900) / 100) + (female ? 1 : 0);
}

export class CitizenIdAllocator {
  /** Next half-slot per (province number, G, YY): 1000 × 6 × 100 counters, 2.4 MB. */
  private readonly next = new Uint32Array(1000 * 6 * 100);
  private readonly key: number;

  constructor(seed: number) {
    this.key = fmix32((seed ^ 0x5bd1e995) >>> 0);
  }

  private slot(province: string, female: boolean, year: number): number {
    const g = centuryGenderDigit(year, female);
    if (g < 0 || g > 5) throw new KhopError('INTERNAL', 'birth year outside 1900-2199 has no ID century digit');
    return (Number(province) * 6 + g) * 100 + (year % 100);
  }

  private format(province: string, female: boolean, year: number, slot: number, half: number): string {
    if (half >= HALVES_PER_KEY) throw new KhopError('INTERNAL', 'no personal ID serials left for one province, gender and birth year');
    const pair = permute(half >>> 1, PAIRS_PER_KEY, 10, (this.key ^ Math.imul(slot, 0x27d4eb2d)) >>> 0);
    const serial = 2 * pair + (half & 1);
    return province + centuryGenderDigit(year, female) + PAD2[year % 100] + PAD3[Math.floor(serial / 1000)] + PAD3[serial % 1000];
  }

  /** A personal ID never handed out before, consistent with province, gender and birth year. */
  allocate(province: string, female: boolean, year: number): string {
    const slot = this.slot(province, female, year);
    return this.format(province, female, year, slot, this.next[slot]++);
  }

  /** Two IDs whose serials differ by one (twins: same province, gender and birth year). */
  allocatePair(province: string, female: boolean, year: number): [string, string] {
    const slot = this.slot(province, female, year);
    if (this.next[slot] & 1) this.next[slot]++; // start on a pair boundary; the skipped serial stays unused
    const half = this.next[slot];
    this.next[slot] += 2;
    return [this.format(province, female, year, slot, half), this.format(province, female, year, slot, half + 1)];
  }
}

const CMND_LIMIT = 400_000_000;

export class OldIdAllocator {
  private count = 0;
  private readonly key: number;

  constructor(seed: number) {
    this.key = fmix32((seed ^ 0x2545f491) >>> 0);
  }

  /** A 9-digit old ID (CMND) never handed out before. */
  allocate(): string {
    if (this.count >= CMND_LIMIT) throw new KhopError('INTERNAL', 'no old ID numbers left');
    const n = permute(this.count++, CMND_LIMIT, 15, this.key);
    return pad9(n);
  }
}
