/**
 * Bearer token check (RFC 6750, section 2.1: `Authorization: Bearer <token>`). Both sides are
 * hashed with SHA-256 first and compared with `crypto.timingSafeEqual`, so the time taken
 * depends neither on where the first differing byte is nor on the token's length.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export class BearerToken {
  private readonly digest: Buffer;

  constructor(token: string) {
    this.digest = sha256(token);
  }

  /** True when the header carries this token. */
  accepts(authorization: string | undefined): boolean {
    if (authorization === undefined) return false;
    const m = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
    // Compare anyway when the header is malformed, so its shape does not show in the timing.
    const ok = timingSafeEqual(this.digest, sha256(m?.[1] ?? ''));
    return m !== null && ok;
  }
}

function sha256(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}
