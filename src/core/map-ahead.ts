/**
 * Maps `items` with an async `map`, starting up to `ahead` calls before their results are taken,
 * and yields the results in the items' order. Overlaps waiting (file reads, worker threads) with
 * the caller's own work while keeping output order, and so determinism, independent of which call
 * finished first. A call that fails is thrown when its turn comes; later calls already started
 * still run, but their failures are never reported as unhandled.
 *
 * @param items - The inputs, in output order.
 * @param ahead - Most calls in flight (at least 1: one at a time, in order).
 * @param map - The async work for one item.
 */
export async function* mapAhead<T, R>(
  items: readonly T[],
  ahead: number,
  map: (item: T, index: number) => Promise<R>,
): AsyncGenerator<R> {
  const limit = Math.max(1, Math.floor(ahead));
  const started: Array<Promise<R>> = [];
  let next = 0;
  for (let index = 0; index < items.length; index++) {
    while (next < items.length && started.length < limit) {
      const call = map(items[next] as T, next);
      call.catch(() => {});
      started.push(call);
      next++;
    }
    yield await (started.shift() as Promise<R>);
  }
}
