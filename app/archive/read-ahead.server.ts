// Reading ahead in the archive's export: while one entry goes into the ZIP, the next files are
// read from the database (and the next class's registers drawn), so that the export does not
// wait for a round trip per file. Entries still go in one after another, in the same order.
import type { Readable } from "node:stream";

/** Up to `depth` items (and, with `weight`, about `budget` of their weight) prepared ahead of the one in use. */
interface Ahead<T> {
  depth: number;
  weight?: (item: T) => number;
  budget?: number;
}

/**
 * The items of `source` in order, each with what `prepare` made of it, prepared ahead of its turn.
 * `prepare` gives null for an item that needs nothing (a resumed export's steps already done).
 * A preparation that fails fails when its item's turn comes, not before.
 */
export async function* prepareAhead<T, P>(source: AsyncIterable<T> | Iterable<T>, ahead: Ahead<T>, prepare: (item: T, index: number) => Promise<P> | null): AsyncGenerator<{ item: T; prepared: Promise<P> | null }> {
  const iterator = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : (source as Iterable<T>)[Symbol.iterator]();
  const queue: { item: T; prepared: Promise<P> | null; weight: number }[] = [];
  let queued = 0;
  let index = 0;
  let exhausted = false;
  try {
    for (;;) {
      // Always one in hand; more while there is room.
      while (!exhausted && (queue.length === 0 || (queue.length < ahead.depth && queued < (ahead.budget ?? Infinity)))) {
        const next = await iterator.next();
        if (next.done) {
          exhausted = true;
          break;
        }
        const prepared = prepare(next.value, index++);
        prepared?.catch(() => undefined); // rethrown when awaited in its turn
        const weight = prepared && ahead.weight ? ahead.weight(next.value) : 0;
        queue.push({ item: next.value, prepared, weight });
        queued += weight;
      }
      const head = queue.shift();
      if (!head) return;
      queued -= head.weight;
      yield { item: head.item, prepared: head.prepared };
    }
  } finally {
    if (!exhausted) await iterator.return?.();
  }
}

/** A stream's bytes, whole. */
export async function readWhole(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
