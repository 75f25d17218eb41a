/**
 * The report of a tinybench run whose every task handles one batch of `batch` items: items per
 * second, nanoseconds per item, the relative margin of error and the number of batches timed.
 */
import type { Bench } from 'tinybench';

export function printBatchRates(bench: Bench, batch: number, header: string): void {
  console.log(header);
  const width = Math.max(...bench.tasks.map((t) => t.name.length)) + 2;
  for (const task of bench.tasks) {
    const result = task.result;
    if (result.state !== 'completed') {
      console.log(`${task.name}: ${result.state}`);
      continue;
    }
    const perSecond = (batch * 1000) / result.period;
    const ns = (result.period * 1e6) / batch;
    const rme = result.latency.rme.toFixed(1);
    console.log(
      `${task.name.padEnd(width)} ${(perSecond / 1e6).toFixed(2).padStart(7)} M items/s  ${ns.toFixed(0).padStart(6)} ns/item  (±${rme}%, ${result.latency.samplesCount} batches)`,
    );
  }
}
