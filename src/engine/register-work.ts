/**
 * Work on the register alone, shared with the doses' reader: the ID-neighbourhood indexes
 * (blocking/id-neighbourhood.ts, ~0.7 s of CPU at 1M IDs) and, when the match job estimates a
 * model, the comparisons of the u sample (model/u-sampling.ts, ~1.5 s at 1M pairs), done by
 * whichever of the two threads is free.
 *
 * Why: while a worker reads the doses, the main thread reads the register and then builds the
 * register's other blocking indexes; at 1M × 1M the worker is done first and would wait idle.
 * So the main thread offers this work as soon as the register is read, as a list of jobs (one per
 * ID-neighbourhood index, then one per batch of U_BATCH u pairs), and both threads claim the next
 * job from one shared counter (Atomics.add) until none is left: the main thread once its other
 * indexes are built, the worker once its own store is frozen (if the offer has not arrived by
 * then, it takes none). The worker hands back what it did with its store.
 *
 * The result does not depend on who did what: an index is the same whoever builds it
 * (IdNeighbourhood.build is deterministic), and u is made from level counts, which are sums over
 * the batches (the pairs are drawn once, by the main thread, in shared memory).
 */
import { MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { NeighbourhoodInput } from '../blocking/blocking-plan.js';
import { IdNeighbourhood, type IdNeighbourhoodTransferable } from '../blocking/id-neighbourhood.js';
import { compileComparisons, type CompiledComparison } from '../model/comparisons.js';
import type { Settings } from '../model/settings-schema.js';
import { countUBatch, emptyUCounts, uBatchCount, type USamplePairs } from '../model/u-sampling.js';
import { RecordStore, type RecordStoreTransferable } from './record-store.js';

/**
 * Above this many u pairs the sample is not shared (it is drawn whole, 8 bytes a pair, to be
 * shared): the main thread then estimates u alone, a batch at a time, as `estimateU` does.
 */
export const SHARED_U_PAIRS_MAX = 1 << 24;

/** The u sample's part of the work: the register (over shared dictionaries) and the drawn pairs. */
export interface USampleWork {
  register: RecordStore;
  comparisons: readonly CompiledComparison[];
  sample: USamplePairs;
}

/** What the main thread offers. */
export interface RegisterWorkOffer {
  neighbourhoods: NeighbourhoodInput[];
  u?: USampleWork;
}

/** What the worker's task carries: where the offer arrives, and the next unclaimed job. */
export interface RegisterWorkTask {
  port: MessagePort;
  next: SharedArrayBuffer;
}

/** An index the worker built, by rule position. */
export interface BuiltNeighbourhood {
  rule: number;
  index: IdNeighbourhoodTransferable;
}

/** What one thread did: the indexes it built, and the level counts of the u batches it compared. */
export interface RegisterWorkDone {
  neighbourhoods: BuiltNeighbourhood[];
  uCounts?: Float64Array[];
  /** Jobs this thread ran. */
  jobs: number;
}

/** The offer as posted: the register store as its transferable (shared memory, nothing copied). */
interface PostedOffer {
  neighbourhoods: NeighbourhoodInput[];
  u?: { register: RecordStoreTransferable; sample: USamplePairs };
}

/**
 * Claims and runs jobs until none is left. `comparisons` are needed only when `u` is present.
 */
function runJobs(next: Int32Array, neighbourhoods: readonly NeighbourhoodInput[], u: Omit<USampleWork, 'comparisons'> | undefined, comparisons: readonly CompiledComparison[] | undefined): RegisterWorkDone {
  const batches = u === undefined ? 0 : uBatchCount(u.sample.pairsL.length);
  const total = neighbourhoods.length + batches;
  const done: RegisterWorkDone = { neighbourhoods: [], uCounts: u === undefined ? undefined : emptyUCounts(comparisons!), jobs: 0 };
  for (let job = Atomics.add(next, 0, 1); job < total; job = Atomics.add(next, 0, 1)) {
    if (job < neighbourhoods.length) {
      const { rule, ids, minLength } = neighbourhoods[job];
      try {
        done.neighbourhoods.push({ rule, index: IdNeighbourhood.build(ids, { minLength }).toTransferable() });
      } catch {
        // Left out: BlockingPlan.build then builds it and reports the problem with every other one.
      }
    } else {
      countUBatch(comparisons!, u!.register, u!.register, u!.sample, job - neighbourhoods.length, done.uCounts!);
    }
    done.jobs++;
  }
  return done;
}

/** The main thread's side. */
export class RegisterWorkShare {
  private readonly channel = new MessageChannel();
  private readonly next = new Int32Array(new SharedArrayBuffer(4));
  private offered: RegisterWorkOffer | null = null;

  /** For the worker's task (its port must be in the task's transfer list). */
  get task(): RegisterWorkTask {
    return { port: this.channel.port2, next: this.next.buffer as SharedArrayBuffer };
  }

  offer(offer: RegisterWorkOffer): void {
    const posted: PostedOffer = {
      neighbourhoods: offer.neighbourhoods,
      u: offer.u === undefined ? undefined : { register: offer.u.register.toTransferable(), sample: offer.u.sample },
    };
    this.channel.port1.postMessage(posted);
    this.offered = offer;
  }

  /** Runs on this thread every job the worker has not claimed. */
  runHere(): RegisterWorkDone {
    const o = this.offered;
    if (o === null) return { neighbourhoods: [], jobs: 0 };
    this.offered = null;
    return runJobs(this.next, o.neighbourhoods, o.u, o.u?.comparisons);
  }

  close(): void {
    this.channel.port1.close();
  }
}

/** The worker's side, once its own read is done: takes jobs while there are any. */
export function workOnRegister(task: RegisterWorkTask, settings: Settings): RegisterWorkDone | undefined {
  const offered = receiveMessageOnPort(task.port);
  if (offered === undefined) return undefined; // the register is still being read: the main thread does it all
  const offer = offered.message as PostedOffer;
  const u = offer.u === undefined ? undefined : { register: RecordStore.fromTransferable(offer.u.register), sample: offer.u.sample };
  return runJobs(new Int32Array(task.next), offer.neighbourhoods, u, u === undefined ? undefined : compileComparisons(settings));
}

/** Both threads' work as one (`mergeRegisterWork`). */
export interface SharedRegisterWork {
  /** The ID-neighbourhood indexes by rule position. */
  neighbourhoods: Map<number, IdNeighbourhood>;
  /** The u sample's level counts, when u was part of the work. */
  uCounts?: Float64Array[];
  /** Jobs run by each thread, the main thread's first. */
  jobs: number[];
}

/** Both threads' work as one: the indexes by rule position, the u counts summed. */
export function mergeRegisterWork(parts: readonly (RegisterWorkDone | undefined)[]): SharedRegisterWork {
  const neighbourhoods = new Map<number, IdNeighbourhood>();
  let uCounts: Float64Array[] | undefined;
  const jobs: number[] = [];
  for (const part of parts) {
    jobs.push(part?.jobs ?? 0);
    if (part === undefined) continue;
    for (const { rule, index } of part.neighbourhoods) neighbourhoods.set(rule, IdNeighbourhood.fromTransferable(index));
    if (part.uCounts === undefined) continue;
    if (uCounts === undefined) uCounts = part.uCounts.map((c) => Float64Array.from(c));
    else part.uCounts.forEach((c, k) => c.forEach((v, l) => (uCounts![k][l] += v)));
  }
  return { neighbourhoods, uCounts, jobs };
}
