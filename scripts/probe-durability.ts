// `npx tsx scripts/probe-durability.ts [rounds] [pause ms] [fsync]` — does the embedded engine keep a write acknowledged with {w:"majority", j:true} when its
// process is SIGKILLed right after the acknowledgement? One insert and one update per round.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { MongoClient } from "mongodb";
import { startEngine } from "./embedded-engine";

const rounds = Number(process.argv[2] ?? 50);
const delayMs = Number(process.argv[3] ?? 0);
const barrier = process.argv[4] ?? "";
const barrierTimes: number[] = [];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "durability-probe-"));
let lostInsert = 0;
let lostUpdate = 0;
const wc = { writeConcern: { w: "majority" as const, j: true } };
for (let i = 1; i <= rounds; i++) {
  const engine = await startEngine(dir);
  const client = await MongoClient.connect(engine.uri);
  const col = client.db("probe").collection("docs");
  if (i > 1) {
    const prev = await col.findOne({ _id: i - 1 as never });
    if (!prev) lostInsert++;
    else if (prev.state !== "updated") lostUpdate++;
  }
  await col.insertOne({ _id: i as never, state: "new", payload: "x".repeat(20_000) }, wc);
  await col.updateOne({ _id: i as never }, { $set: { state: "updated" } }, wc);
  if (barrier) {
    const t0 = performance.now();
    if (barrier === "fsync") await client.db("admin").command({ fsync: 1 });
    if (barrier === "journal") await client.db("probe").collection("barrier").insertOne({ at: new Date() }, { writeConcern: { w: 1, j: true } });
    barrierTimes.push(performance.now() - t0);
  }
  if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
  process.kill(engine.pid, "SIGKILL");
  await new Promise<void>((resolve) => {
    const wait = () => {
      try {
        process.kill(engine.pid, 0);
        setTimeout(wait, 5);
      } catch {
        resolve();
      }
    };
    wait();
  });
  await client.close(true).catch(() => undefined);
}
const sorted = barrierTimes.sort((a, b) => a - b);
console.log(`rounds ${rounds - 1} checked: lost inserts ${lostInsert}, lost updates ${lostUpdate}; barrier ${barrier || "none"} median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms`);
fs.rmSync(dir, { recursive: true, force: true });
process.exit(0);
