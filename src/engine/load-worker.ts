/**
 * A piscina task that reads one input file into a record store with dictionaries of its own
 * (load-side.ts), so the match job reads the doses while the main thread reads the register. It
 * posts progress, then the frozen store (shared memory: nothing is copied back), the counts and
 * the rejects, which the main thread reports after the register's to keep their order. A fatal
 * error is posted as its code, message and place.
 */
import type { MessagePort } from 'node:worker_threads';
import { KhopError } from '../errors.js';
import type { Reject } from '../io/rejects.js';
import type { Settings, Side } from '../model/settings-schema.js';
import { loadSide } from './load-side.js';
import { FieldDictionaries, type RecordStoreTransferable } from './record-store.js';
import { workOnRegister, type RegisterWorkDone, type RegisterWorkTask } from './register-work.js';

export interface LoadTask {
  path: string;
  file: string;
  settings: Settings;
  side: Side;
  /** Where progress goes ({ rows } messages), when wanted. */
  progress?: MessagePort;
  /** Work on the register this thread may share once its read is done (register-work.ts). */
  registerWork?: RegisterWorkTask;
}

export type LoadMessage =
  | { type: 'done'; store: RecordStoreTransferable; rows: number; rejects: number; rejectList: Reject[]; registerWork?: RegisterWorkDone }
  | { type: 'error'; code?: KhopError['code']; message: string; where?: KhopError['where']; issues?: KhopError['issues'] };

async function main(task: LoadTask): Promise<LoadMessage> {
  const dictionaries = FieldDictionaries.forSettings(task.settings);
  const rejectList: Reject[] = [];
  const side = await loadSide({
    source: task.path,
    file: task.file,
    settings: task.settings,
    side: task.side,
    dictionaries,
    onReject: (r) => rejectList.push(r),
    onProgress: (rows) => task.progress?.postMessage({ rows }),
  });
  const store = side.builder.freeze();
  dictionaries.freeze();
  const registerWork = task.registerWork === undefined ? undefined : workOnRegister(task.registerWork, task.settings);
  return { type: 'done', store: store.toTransferable(), rows: side.rows, rejects: side.rejects, rejectList, registerWork };
}

export default async function loadTask(task: LoadTask): Promise<LoadMessage> {
  try {
    return await main(task);
  } catch (e) {
    // Errors cross threads as values: a thrown KhopError would arrive as a plain Error.
    return e instanceof KhopError
      ? { type: 'error', code: e.code, message: e.message, where: e.where, issues: e.issues }
      : { type: 'error', message: e instanceof Error ? e.message : String(e) };
  } finally {
    task.progress?.close();
    task.registerWork?.port.close();
  }
}
