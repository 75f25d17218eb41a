// A piscina worker for pool-options.test.ts: notes the order in which tasks start (one counter
// shared by every worker), then holds its thread for `ms` so that the other tasks queue up.
export default function orderTask({ counter, ms }) {
  const order = Atomics.add(counter, 0, 1);
  const until = Date.now() + ms;
  while (Date.now() < until);
  return order;
}
