/**
 * String similarity kernels: Jaro / Jaro-Winkler (bit-parallel, on code-unit runs or strings),
 * OSA (restricted Damerau) distance and single-edit classification for IDs, token-set comparison
 * for reordered or incomplete names. Each algorithm lives in its own file with its references.
 */
export { jaroCodes, type CodeUnits } from './jaro-codes.js';
export {
  jaro,
  jaroWinkler,
  jaroWinklerCodes,
  WINKLER_BOOST_THRESHOLD,
  WINKLER_PREFIX_LIMIT,
  WINKLER_PREFIX_SCALE,
} from './jaro-winkler.js';
export { jaroReference, jaroWinklerReference } from './jaro-winkler-reference.js';
export { osaDistance } from './osa-distance.js';
export { idEditKind, type IdEditKind } from './id-edit-kind.js';
export {
  tokenSetSimilarity,
  tokenRelation,
  isReordered,
  isProperTokenSubset,
  EXACT_PAIRING_MAX_TOKENS,
  type TokenDenominator,
  type TokenRelation,
} from './token-set.js';
