/**
 * Runs load-worker.ts on one input file in a one-thread piscina pool (the pools' options and worker
 * module: pool-options.ts) and hands back what it read.
 */
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { KhopError } from '../errors.js';
import { orderedPoolOptions, workerModule } from './pool-options.js';
import type { Reject } from '../io/rejects.js';
import type { LoadMessage, LoadTask } from './load-worker.js';
import type { RecordStoreTransferable } from './record-store.js';
import type { RegisterWorkDone } from './register-work.js';

export interface LoadedInWorker {
  store: RecordStoreTransferable;
  rows: number;
  rejects: number;
  rejectList: Reject[];
  /** The share of the register's work the worker did (register-work.ts). */
  registerWork?: RegisterWorkDone;
}

/**
 * `signal`: aborting it ends the worker at once (the caller no longer wants the result, e.g. the
 * register could not be read); the promise then rejects with piscina's AbortError.
 */
export async function loadInWorker(
  task: Omit<LoadTask, 'progress'>,
  onProgress?: (rows: number) => void,
  signal?: AbortSignal,
): Promise<LoadedInWorker> {
  const pool = new Piscina<LoadTask, LoadMessage>(orderedPoolOptions(1, workerModule(import.meta.url, 'load-worker')));
  const channel = new MessageChannel();
  channel.port1.on('message', (m: { rows: number }) => onProgress?.(m.rows));
  try {
    const transferList = task.registerWork === undefined ? [channel.port2] : [channel.port2, task.registerWork.port];
    const m = await pool.run({ ...task, progress: channel.port2 }, { transferList, signal });
    if (m.type === 'done') return { store: m.store, rows: m.rows, rejects: m.rejects, rejectList: m.rejectList, registerWork: m.registerWork };
    if (m.code === undefined) throw new Error(m.message);
    const error = new KhopError(m.code, '', m.where, [...(m.issues ?? [])]);
    error.message = m.message; // it already says where
    throw error;
  } finally {
    channel.port1.close();
    await pool.destroy();
  }
}
