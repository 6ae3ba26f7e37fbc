import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freshDatabaseUri } from "./setup/database";
import { freePort, runServerToExit, startServer } from "./setup/server";

const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "registry-server-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** Engine processes still running on a data folder (their command line names it). */
const enginesOn = (dir: string) => {
  try {
    return execFileSync("pgrep", ["-f", `embedded-engine-child.cjs ${dir}`], { encoding: "utf8" }).trim();
  } catch {
    return "";
  }
};

describe("npm start's server", () => {
  it("runs on the embedded engine, seeds the demo once, answers /healthz, and stops cleanly on SIGTERM", async () => {
    const dir = tempDir();
    const server = await startServer({ DATA_DIR: dir, MONGODB_URI: "", DEMO: "1" });
    expect(server.output()).toContain("Создана демонстрационная школа");
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", database: { kind: "embedded", ok: true } });
    expect(enginesOn(dir)).not.toBe("");
    expect(await server.stop()).toBe(0);
    expect(enginesOn(dir)).toBe("");

    // The next start works on the same folder and does not seed again.
    const again = await startServer({ DATA_DIR: dir, MONGODB_URI: "", DEMO: "1" });
    expect(again.output()).not.toContain("Создана демонстрационная школа");
    expect((await fetch(`${again.url}/healthz`)).status).toBe(200);
    // A second server on the same data folder: one clear line, non-zero exit.
    const second = await runServerToExit({ DATA_DIR: dir, MONGODB_URI: "", PORT: String(await freePort()) });
    expect(second.code).not.toBe(0);
    expect(second.output).toMatch(/Ошибка: .*уже занята/);
    expect(await again.stop()).toBe(0);
  });

  it("says clearly what is wrong with PORT=abc", async () => {
    const run = await runServerToExit({ PORT: "abc", MONGODB_URI: freshDatabaseUri() });
    expect(run.code).not.toBe(0);
    expect(run.output.trim().split("\n")).toHaveLength(1);
    expect(run.output).toContain("PORT должен быть числом");
  });

  it("says clearly when MONGODB_URI cannot be reached", async () => {
    const port = await freePort();
    const run = await runServerToExit({ MONGODB_URI: `mongodb://127.0.0.1:${port}/registry?serverSelectionTimeoutMS=1500` });
    expect(run.code).not.toBe(0);
    expect(run.output).toMatch(/Ошибка: Не удалось подключиться к MongoDB/);
  });

  it("says clearly when the port is taken", async () => {
    const blocker = net.createServer().listen(0, "127.0.0.1");
    await new Promise((r) => blocker.once("listening", r));
    const port = (blocker.address() as net.AddressInfo).port;
    const run = await runServerToExit({ PORT: String(port), HOST: "127.0.0.1", MONGODB_URI: freshDatabaseUri() });
    blocker.close();
    expect(run.code).not.toBe(0);
    expect(run.output).toContain(`порт ${port} уже занят`);
  });

  it("answers 503 on /healthz when the database is gone", async () => {
    const dir = tempDir();
    const server = await startServer({ DATA_DIR: dir, MONGODB_URI: "", DEMO: "1" });
    const pid = enginesOn(dir).split("\n")[0];
    process.kill(Number(pid), "SIGKILL");
    let status = 0;
    for (let i = 0; i < 40 && status !== 503; i++) {
      status = (await fetch(`${server.url}/healthz`)).status;
      if (status !== 503) await new Promise((r) => setTimeout(r, 500));
    }
    expect(status).toBe(503);
    server.child.kill("SIGKILL");
  });
});
