/**
 * Keeps items in order, at most `maxPerDocument` of each document, so one long page cannot fill
 * every source slot. Later chunks of a capped document are dropped, not moved.
 */
export function capPerDocument<Item>(
  items: readonly Item[],
  documentOf: (item: Item) => string,
  maxPerDocument: number,
): Item[] {
  const counts = new Map<string, number>();
  const kept: Item[] = [];
  for (const item of items) {
    const document = documentOf(item);
    const count = counts.get(document) ?? 0;
    if (count >= maxPerDocument) continue;
    counts.set(document, count + 1);
    kept.push(item);
  }
  return kept;
}
