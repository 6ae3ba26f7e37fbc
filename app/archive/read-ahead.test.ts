import { describe, expect, it } from "vitest";
import { prepareAhead } from "./read-ahead.server";

/** Preparations the test settles by hand, with what is being prepared at each moment. */
function preparations() {
  const open = new Map<number, (value: string) => void>();
  const fail = new Map<number, (error: Error) => void>();
  const started: number[] = [];
  const prepare = (item: number) => {
    started.push(item);
    return new Promise<string>((resolve, reject) => {
      open.set(item, resolve);
      fail.set(item, reject);
    });
  };
  return { open, fail, started, prepare };
}

describe("reading ahead in the archive", () => {
  it("hands the items out in order, each with its own preparation, prepared up to `depth` ahead", async () => {
    const { open, started, prepare } = preparations();
    const seen: string[] = [];
    const items = prepareAhead([1, 2, 3, 4, 5, 6], { depth: 2 }, prepare);
    for await (const { item, prepared } of items) {
      // While item N is in use, N+1 and N+2 are being prepared, nothing further.
      expect(Math.max(...started)).toBe(Math.min(item + 2, 6));
      for (const n of [...open.keys()]) open.get(n)!(`файл ${n}`);
      seen.push(await prepared!);
    }
    expect(seen).toEqual(["файл 1", "файл 2", "файл 3", "файл 4", "файл 5", "файл 6"]);
  });

  it("keeps what is prepared and the item in use within the budget; an item heavier than the budget goes alone", async () => {
    const weights = [6, 6, 6, 20, 3, 3];
    const { open, started, prepare } = preparations();
    let heaviest = 0;
    const items = prepareAhead(
      weights.map((_, i) => i),
      { depth: 8, weight: (i) => weights[i], budget: 15 },
      prepare,
    );
    for await (const { item, prepared } of items) {
      const unsettledOrInUse = started.filter((i) => open.has(i) || i === item);
      heaviest = Math.max(heaviest, unsettledOrInUse.reduce((sum, i) => sum + weights[i], 0));
      if (item === 3) expect(unsettledOrInUse).toEqual([3]);
      for (const n of [...open.keys()]) {
        open.get(n)!("готово");
        open.delete(n);
      }
      await prepared;
    }
    expect(heaviest).toBe(20);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("prepares nothing for the items passed over, and a failed preparation fails in its turn, not before", async () => {
    const { fail, started, prepare } = preparations();
    const handed: number[] = [];
    const items = prepareAhead([1, 2, 3], { depth: 3 }, (item) => (item === 1 ? null : prepare(item)));
    // Item 3 fails while item 1 (nothing to prepare) is in use: nothing is thrown yet.
    const first = await items.next();
    fail.get(3)!(new Error("файл не читается"));
    handed.push(first.value!.item);
    expect(first.value!.prepared).toBeNull();
    const second = await items.next();
    handed.push(second.value!.item);
    const third = await items.next();
    await expect(third.value!.prepared).rejects.toThrow("файл не читается");
    expect(handed).toEqual([1, 2]);
    expect(started).toEqual([2, 3]);
  });
});
