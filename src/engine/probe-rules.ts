/**
 * The register's compiled blocking rules joined to a register probe's right side (register-probe.ts):
 * the register side of each rule (its transferable index, shared memory) is joined to right-key
 * arrays of a fixed capacity owned by the probe, which `fillKeys` writes in place for every batch,
 * so the rules and their candidate generator are made once.
 *
 * Keys: a batch's key parts are combined with the radices the register's key indexes were built
 * with (taken from a register store of no rows over the register's frozen dictionaries).
 * Dictionary codes have a fixed radix (key-expressions.ts), so a code the register does not hold
 * (an overlay's appended string) simply finds no block; a value beyond a part's radix (none of the
 * vn preset's) makes the key missing.
 */
import { CandidateGenerator } from '../blocking/candidates.js';
import type { CandidateRule, EqualRuleTransferable, IdOneEditRuleTransferable } from '../blocking/candidate-rule.js';
import { EqualRule } from '../blocking/equal-rule.js';
import { IdOneEditRule } from '../blocking/id-one-edit-rule.js';
import { combineKeyArrays } from '../blocking/key-combine.js';
import { digitSlots, keyColumn } from '../blocking/key-expressions.js';
import { parseBlockingRules } from '../blocking/blocking-plan.js';
import { ruleKeys } from '../blocking/rule-schema.js';
import { KhopError } from '../errors.js';
import type { Settings } from '../model/settings-schema.js';
import { RecordStoreBuilder, type RecordStore } from './record-store.js';
import type { RegisterIndex } from './register-index.js';

/** One part of a rule's right key: the expression, and the register's radix for it. */
interface KeyPart {
  expression: string;
  radix: number;
}

type RuleSpec =
  | { kind: 'equal'; left: EqualRuleTransferable; parts: KeyPart[]; refine: KeyPart[]; keys: Float64Array; refineKeys: Float64Array[] }
  | { kind: 'id_one_edit'; left: IdOneEditRuleTransferable; expression: string; slot: number; digits: Uint8Array; length: Uint8Array };

function sharedFloat64(n: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(n * 8));
}

export class ProbeRules {
  private readonly specs: RuleSpec[];
  /** Candidates of right rows [0, n) once `fillKeys` has written their keys. */
  readonly generator: CandidateGenerator;

  /** `capacity`: the most right rows a batch holds. */
  constructor(settings: Settings, index: RegisterIndex, capacity: number) {
    // A register store of no rows over the frozen dictionaries gives each key expression the radix
    // the register's keys were combined with, without computing a key.
    const noRows = new RecordStoreBuilder(settings, 'left', index.left.dictionaries).freeze();
    const radix = (expression: string): number => keyColumn(noRows, expression).radix;
    this.specs = parseBlockingRules(settings.blocking_rules).map((rule, k): RuleSpec => {
      const left = index.plan.rules[k].toTransferable();
      if (left.kind === 'id_one_edit') {
        const expression = ruleKeys(rule, 'right')[0];
        const slot = left.rightSlot;
        return { kind: 'id_one_edit', left, expression, slot, digits: new Uint8Array(new SharedArrayBuffer(capacity * slot)), length: new Uint8Array(new SharedArrayBuffer(capacity)) };
      }
      const leftExprs = ruleKeys(rule, 'left');
      const parts = ruleKeys(rule, 'right').map((expression, p) => ({ expression, radix: radix(leftExprs[p]) }));
      const refine = (rule.refine ?? []).map((expression) => ({ expression, radix: radix(expression) }));
      return { kind: 'equal', left, parts, refine, keys: sharedFloat64(capacity), refineKeys: refine.map(() => sharedFloat64(capacity)) };
    });
    this.generator = new CandidateGenerator(this.specs.map(candidateRule), index.left.size);
  }

  /** Writes the keys of rows [0, n) of `right` into every rule's right-key arrays. */
  fillKeys(right: RecordStore, n: number): void {
    for (const spec of this.specs) {
      if (spec.kind === 'id_one_edit') {
        const ids = digitSlots(right, spec.expression);
        if (ids.slot !== spec.slot) throw new KhopError('INTERNAL', 'ID slots of the register and the probe differ');
        spec.digits.set(ids.digits.subarray(0, n * spec.slot));
        spec.length.set(ids.length.subarray(0, n));
        continue;
      }
      const parts = spec.parts.map((p) => registerKeys(right, p, n));
      if (parts.length === 1) spec.keys.set(parts[0]);
      else spec.keys.set(combineKeyArrays(parts, spec.parts.map((p) => p.radix)));
      spec.refine.forEach((p, k) => spec.refineKeys[k].set(registerKeys(right, p, n)));
    }
  }
}

function candidateRule(s: RuleSpec): CandidateRule {
  if (s.kind === 'id_one_edit') {
    return IdOneEditRule.fromTransferable({ ...s.left, rightDigits: s.digits.buffer as SharedArrayBuffer, rightLength: s.length.buffer as SharedArrayBuffer });
  }
  return EqualRule.fromTransferable({
    ...s.left,
    rightKeys: s.keys.buffer as SharedArrayBuffer,
    rightKeysType: 'float64',
    refine: s.left.refine.map((r, k) => ({ index: r.index, rightKeys: s.refineKeys[k].buffer as SharedArrayBuffer, rightKeysType: 'float64' as const })),
  });
}

/** The right store's keys for one expression, missing where a value lies beyond the register's radix. */
function registerKeys(right: RecordStore, part: KeyPart, n: number): Float64Array {
  const keys = keyColumn(right, part.expression).keys;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = keys[i];
    out[i] = v >= 0 && v < part.radix ? v : Number.NaN;
  }
  return out;
}
