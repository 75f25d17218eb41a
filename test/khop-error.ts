/** Test helper: the KhopError a call throws (so a test can assert its code and place); fails when it throws nothing or something else. */
import { isKhopError, type KhopError } from '../src/errors.js';

export function errorOf(f: () => unknown): KhopError {
  try {
    f();
  } catch (e) {
    if (isKhopError(e)) return e;
    throw e;
  }
  throw new Error('expected a KhopError, nothing was thrown');
}
