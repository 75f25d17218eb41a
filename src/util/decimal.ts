/**
 * Whether a string is a number written in decimal, e.g. `0.99`, `-3e2`, `.5`: what Number() reads,
 * less the hex, octal and binary literals (`0x10` is 16 to Number), Infinity and the empty string
 * (0 to Number). No surrounding space: trim first where it is allowed.
 */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

export function isDecimal(s: string): boolean {
  return DECIMAL.test(s);
}
