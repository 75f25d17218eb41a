/**
 * khớp's public API. Everything a user may import is re-exported here, and nothing else is
 * reachable through the package's `exports` map.
 */
export { KhopError, ERROR_CODES, isKhopError } from './errors.js';
export type { ErrorCode, ErrorWhere } from './errors.js';
