import { describe, expect, it, vi } from "vitest";
import { inBackground } from "./background.server";

describe("work in the background", () => {
  it("logs what escapes it and marks it failed, without an unhandled rejection", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const failures: unknown[] = [];
    let settled!: () => void;
    const done = new Promise<void>((resolve) => (settled = resolve));
    inBackground("Выгрузка архива", async () => Promise.reject(new Error("база недоступна")), async (error) => {
      failures.push(error);
      settled();
    });
    await done;
    expect(failures).toHaveLength(1);
    expect((failures[0] as Error).message).toBe("база недоступна");
    expect(logged.mock.calls[0][0]).toContain("Выгрузка архива: Error: база недоступна");
    logged.mockRestore();
  });

  it("survives a failure of the failure mark itself", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    let settled!: () => void;
    const done = new Promise<void>((resolve) => (settled = resolve));
    inBackground("Выгрузка", async () => Promise.reject(new Error("сбой")), async () => {
      settled();
      throw new Error("и запись не удалась");
    });
    await done;
    await new Promise((r) => setImmediate(r));
    expect(logged.mock.calls.map((c) => String(c[0])).join("\n")).toContain("не удалось записать сбой");
    logged.mockRestore();
  });
});
