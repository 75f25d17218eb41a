import { describe, expect, it } from 'vitest';
import { neighbourhoodInputs } from '../../src/blocking/blocking-plan.js';
import { IdNeighbourhood } from '../../src/blocking/id-neighbourhood.js';
import { registerU, registerUWork, uOfWork } from '../../src/engine/estimate-model.js';
import type { RecordStore } from '../../src/engine/record-store.js';
import { countUBatch, emptyUCounts } from '../../src/model/u-sampling.js';
import { mergeRegisterWork, RegisterWorkShare, workOnRegister, type RegisterWorkOffer } from '../../src/engine/register-work.js';
import { loadSampleStores, sampleSettings } from './sample-stores.js';

const settings = { ...sampleSettings, em: { ...sampleSettings.em, u_sample_pairs: 200_000 } };

function tables(index: IdNeighbourhood): number[][] {
  const t = index.toTransferable();
  return [[...new Int32Array(t.table)], [...new Uint32Array(t.overflowStart)], [...new Int32Array(t.overflow)], [t.tagBits]];
}

function offerFor(register: RecordStore): RegisterWorkOffer {
  return { neighbourhoods: neighbourhoodInputs(settings.blocking_rules, register), u: registerUWork(settings, register) };
}

describe('register work shared with the doses’ reader: the same indexes and u whoever does which job', async () => {
  const { left } = await loadSampleStores({ parallel: false });
  const direct = neighbourhoodInputs(settings.blocking_rules, left).map((i) => [i.rule, tables(IdNeighbourhood.build(i.ids, { minLength: i.minLength }))]);
  const u = registerU(settings, left);

  function check(parts: Parameters<typeof mergeRegisterWork>[0], offer: RegisterWorkOffer): number[] {
    const merged = mergeRegisterWork(parts);
    expect([...merged.neighbourhoods].map(([rule, index]) => [rule, tables(index)])).toEqual(direct);
    expect(uOfWork(settings, offer.u!, merged.uCounts!)).toEqual(u);
    return merged.jobs;
  }

  it('the main thread alone (the worker finished before the offer arrived)', () => {
    const share = new RegisterWorkShare();
    const worker = workOnRegister(share.task, settings);
    const offer = offerFor(left);
    share.offer(offer);
    expect(worker).toBeUndefined();
    expect(check([share.runHere(), worker], offer)).toEqual([1 + 4, 0]);
    share.close();
  });

  it('u batches split between the threads: their counts are summed', () => {
    const offer = offerFor(left);
    const w = offer.u!;
    const batches = [0, 1, 2, 3].map((b) => {
      const counts = emptyUCounts(w.comparisons);
      countUBatch(w.comparisons, w.register, w.register, w.sample, b, counts);
      return counts;
    });
    const sum = (parts: Float64Array[][]): Float64Array[] => parts.reduce((a, p) => a.map((c, k) => c.map((v, l) => v + p[k][l])));
    const merged = mergeRegisterWork([
      { neighbourhoods: [], uCounts: sum([batches[0], batches[3]]), jobs: 2 },
      { neighbourhoods: [], uCounts: sum([batches[1], batches[2]]), jobs: 2 },
    ]);
    expect(uOfWork(settings, w, merged.uCounts!)).toEqual(u);
    expect(merged.jobs).toEqual([2, 2]);
  });

  it('the worker taking every job (it was free before the main thread)', () => {
    const share = new RegisterWorkShare();
    const offer = offerFor(left);
    share.offer(offer);
    const worker = workOnRegister(share.task, settings);
    expect(check([share.runHere(), worker], offer)).toEqual([0, 1 + 4]);
    share.close();
  });
});

describe('register work: an ID-neighbourhood index that cannot be built', () => {
  it('is left out (the blocking plan then builds it and reports the error), the other jobs still run', () => {
    const share = new RegisterWorkShare();
    // Slots that do not fit their digit array: IdNeighbourhood.build refuses them (INTERNAL).
    const broken = { rule: 2, ids: { digits: new Uint8Array(0), length: new Uint8Array(3).fill(12), slot: 12 } };
    expect(() => IdNeighbourhood.build(broken.ids)).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
    share.offer({ neighbourhoods: [broken] });
    const done = share.runHere();
    expect(done.neighbourhoods).toEqual([]);
    expect(done.jobs).toBe(1);
    share.close();
  });
});
