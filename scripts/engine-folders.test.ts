// An engine killed outright leaves its socket's folder behind; the next start removes it, and never
// the folder of an engine that still answers or of one that may be starting.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sweepDeadEngineFolders } from "./embedded-engine";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "engine-folders-"));
const live = new net.Server();
afterAll(() => {
  live.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const HOUR_AGO = new Date(Date.now() - 3600_000);
function folder(name: string, old: boolean) {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir);
  return { dir, socket: path.join(dir, "mongodb.sock"), age: () => old && fs.utimesSync(dir, HOUR_AGO, HOUR_AGO) };
}

/** A socket whose process was killed with SIGKILL: the file stays, nobody listens on it. */
async function killedListener(socket: string) {
  const child = spawn(process.execPath, ["-e", `require("net").createServer().listen(${JSON.stringify(socket)}, () => console.log("up"))`], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise((resolve) => child.stdout!.once("data", resolve));
  child.kill("SIGKILL");
  await new Promise((resolve) => child.once("exit", resolve));
}

describe("temporary folders of stopped engines", () => {
  it("go at the next start when nothing answers on their socket; a live or young one stays", async () => {
    const killed = folder("embedded-mongodb-killed", true);
    await killedListener(killed.socket);
    killed.age();
    const empty = folder("embedded-mongodb-empty", true);
    empty.age();
    const running = folder("embedded-mongodb-running", true);
    await new Promise<void>((resolve) => live.listen(running.socket, resolve));
    running.age();
    const young = folder("embedded-mongodb-young", false);
    await killedListener(young.socket);
    const other = folder("something-else", true);
    other.age();

    expect(fs.existsSync(killed.socket)).toBe(true);
    expect(await sweepDeadEngineFolders(tmp)).toBe(2);
    expect(fs.readdirSync(tmp).sort()).toEqual(["embedded-mongodb-running", "embedded-mongodb-young", "something-else"]);
  });
});
