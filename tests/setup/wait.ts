/** Waits for a condition, asking again every 200 ms, up to a limit; returns the last value read. */
export async function waitFor<T>(read: () => Promise<T>, ok: (value: T) => boolean, limitMs: number): Promise<T> {
  const until = Date.now() + limitMs;
  let value = await read();
  while (!ok(value) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 200));
    value = await read();
  }
  return value;
}
