/**
 * RowWriter (one record written in place for matchOne) against its reference, the match job's
 * RecordStoreBuilder: for every dose of the sample and for random records, the one-row store's
 * buffers start with exactly the bytes the builder produces (codes included, with unseen strings
 * appended in the same order to two fresh overlays).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dictionary } from '../../src/engine/column-dictionary.js';
import { OverlayDictionary } from '../../src/engine/overlay-dictionary.js';
import { ProbeStore, storeBuffers } from '../../src/engine/probe-store.js';
import { FieldDictionaries, RecordStoreBuilder } from '../../src/engine/record-store.js';
import { RegisterIndex, type RegisterRecord } from '../../src/engine/register-index.js';
import { RowWriter } from '../../src/engine/row-writer.js';
import { loadSettings } from '../../src/model/load-settings.js';
import type { Settings } from '../../src/model/settings-schema.js';
import { PRESET, REGISTRY, SAMPLE, readRecords } from '../api/sample-fixture.js';

let settings: Settings;
let index: RegisterIndex;

function overlays(): FieldDictionaries {
  const base = index.left.dictionaries;
  const m = new Map<string, Dictionary>();
  for (const f of settings.fields) if (f.type === 'name' || f.type === 'string' || f.type === 'exact') m.set(f.name, new OverlayDictionary(base.get(f.name)));
  return new FieldDictionaries(m);
}

/** Whether writing `record` in place gives the builder's bytes; false when the writer declined (did not fit). */
function sameAsBuilder(record: RegisterRecord): boolean {
  const store = new ProbeStore(settings, overlays(), 1);
  if (!new RowWriter(settings).write(record, store.store)) return false;
  const builder = new RecordStoreBuilder(settings, 'right', overlays());
  builder.add(record);
  const expected = storeBuffers(builder.freeze());
  const actual = storeBuffers(store.store);
  expect(actual.length).toBe(expected.length);
  expected.forEach((b, k) => expect(Buffer.from(actual[k]).subarray(0, b.byteLength).equals(Buffer.from(b)), `buffer ${k}`).toBe(true));
  return true;
}

beforeAll(async () => {
  settings = loadSettings(PRESET);
  index = await RegisterIndex.build({ registry: REGISTRY, settings });
});

describe('RowWriter', () => {
  it('writes every sample dose as the RecordStoreBuilder does, byte for byte', () => {
    for (const dose of readRecords(`${SAMPLE}doses.csv`)) expect(sameAsBuilder(dose)).toBe(true);
  });

  it('writes random records as the RecordStoreBuilder does (or declines one that does not fit)', () => {
    const cell = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 30 }), fc.constantFrom('', '31/07/1980', '1980', '091180455850', '91180455850', 'Nữ', 'M', 'Bùi Thị Như', 'NguyÔn ThÞ H\u00AD\u00ACng'));
    fc.assert(
      fc.property(fc.record({ dose_id: cell, citizen_id: cell, full_name: cell, dob: cell, gender: cell, province: cell }, { requiredKeys: [] }), (record) => {
        sameAsBuilder(record);
      }),
      { numRuns: 300 },
    );
  });

  it('declines a record whose raw text is larger than the store’s pool', () => {
    expect(sameAsBuilder({ full_name: 'An '.repeat(3000) })).toBe(false);
  });
});
