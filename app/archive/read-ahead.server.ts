// Reading ahead in the archive's export: while one entry goes into the ZIP, the next files are
// read from the database (and the next class's registers drawn), so that the export does not
// wait for a round trip per file. Entries still go in one after another, in the same order.

/**
 * Up to `depth` items prepared ahead of the one in use; with `weight`, those prepared and the one
 * in use weigh at most `budget` together (one item alone may weigh more: it is prepared by itself).
 */
export interface Ahead<T> {
  depth: number;
  weight?: (item: T) => number;
  budget?: number;
}

interface Slot<T, P> {
  item: T;
  index: number;
  prepared: Promise<P> | null;
  started: boolean;
  weight: number;
}

/**
 * The items of `source` in order, each with what `prepare` made of it, prepared ahead of its turn.
 * `prepare` gives null for an item that needs nothing (a resumed export's steps already done).
 * A preparation that fails fails when its item's turn comes, not before.
 */
export async function* prepareAhead<T, P>(source: AsyncIterable<T> | Iterable<T>, ahead: Ahead<T>, prepare: (item: T, index: number) => Promise<P> | null): AsyncGenerator<{ item: T; prepared: Promise<P> | null }> {
  const iterator = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : (source as Iterable<T>)[Symbol.iterator]();
  const budget = ahead.budget ?? Infinity;
  const queue: Slot<T, P>[] = [];
  let held = 0; // the weight of what is prepared or being prepared, the item in use included
  let inUse = 0;
  let index = 0;
  let exhausted = false;
  const start = (slot: Slot<T, P>) => {
    slot.started = true;
    slot.prepared = prepare(slot.item, slot.index);
    slot.prepared?.catch(() => undefined); // rethrown when awaited in its turn
    slot.weight = slot.prepared && ahead.weight ? ahead.weight(slot.item) : 0;
    held += slot.weight;
  };
  try {
    for (;;) {
      // The consumer asks for the next item once it is done with the one it had.
      held -= inUse;
      while (!exhausted && queue.length <= ahead.depth) {
        const next = await iterator.next();
        if (next.done) exhausted = true;
        else queue.push({ item: next.value, index: index++, prepared: null, started: false, weight: 0 });
      }
      // Prepared in order, as far as the budget goes.
      for (const slot of queue) {
        if (slot.started) continue;
        if (held > 0 && held + (ahead.weight?.(slot.item) ?? 0) > budget) break;
        start(slot);
      }
      const head = queue.shift();
      if (!head) return;
      if (!head.started) start(head);
      inUse = head.weight;
      yield { item: head.item, prepared: head.prepared };
    }
  } finally {
    if (!exhausted) await iterator.return?.();
  }
}
