import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import mongoose from "mongoose";
import { afterAll, describe, expect, it } from "vitest";
import { connectDatabase, flushToDisk } from "~models/db.server";
import { startEngine, withDatabase } from "../scripts/embedded-engine";

const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "registry-engine-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("embedded engine", () => {
  it("keeps what flushToDisk waited for when it is killed right after (its {j: true} alone lost ~1 write in 12)", async () => {
    const dir = tempDir();
    const rounds = 30;
    for (let round = 1; round <= rounds + 1; round++) {
      const engine = await startEngine(dir);
      await connectDatabase(withDatabase(engine.uri, "durable"), "embedded");
      const docs = mongoose.connection.collection("docs");
      // The last round only reads what the one before wrote.
      if (round > 1) expect(await docs.findOne({ _id: round - 1 } as never), `round ${round - 1}`).toMatchObject({ state: "updated" });
      if (round <= rounds) {
        await docs.insertOne({ _id: round, state: "new", payload: "x".repeat(20_000) } as never);
        await docs.updateOne({ _id: round } as never, { $set: { state: "updated" } });
        await flushToDisk();
      }
      process.kill(engine.pid, "SIGKILL");
      while (alive(engine.pid)) await new Promise((r) => setTimeout(r, 5));
      await mongoose.disconnect();
    }
  }, 120_000);

  it("answers a query that several indexes could serve and nothing matches (plans ranked by trial runs)", async () => {
    const engine = await startEngine(tempDir());
    const conn = await mongoose.createConnection(withDatabase(engine.uri, "planner")).asPromise();
    const achievements = conn.collection("achievements");
    await achievements.createIndex({ schoolId: 1, studentId: 1, supersededBy: 1, date: -1 });
    await achievements.createIndex({ schoolId: 1, status: 1, supersededBy: 1 });
    const schoolId = new mongoose.Types.ObjectId();
    const students = Array.from({ length: 500 }, () => new mongoose.Types.ObjectId());
    await achievements.insertMany(Array.from({ length: 20_000 }, (_, i) => ({ schoolId, studentId: students[i % 500], status: "verified", supersededBy: null, kind: "olympiad", date: new Date() })));
    const found = await achievements.find({ schoolId, studentId: { $in: students }, status: "verified", supersededBy: null, kind: { $in: ["uud", "personal"] } }).toArray();
    expect(found).toEqual([]);
    await conn.close();
    await engine.stop();
  });

  it("keeps written data across a SIGKILL of the engine", async () => {
    const dir = tempDir();
    const first = await startEngine(dir);
    const conn = await mongoose.createConnection(withDatabase(first.uri, "durable")).asPromise();
    await conn.collection("notes").insertOne({ text: "Ёлкин Артём, диплом призёра" }, { writeConcern: { w: 1, j: true } });
    await conn.close().catch(() => undefined);
    process.kill(first.pid, "SIGKILL");
    await first.stop();
    expect(alive(first.pid)).toBe(false);

    const second = await startEngine(dir);
    const again = await mongoose.createConnection(withDatabase(second.uri, "durable")).asPromise();
    const found = await again.collection("notes").findOne({});
    expect(found?.text).toBe("Ёлкин Артём, диплом призёра");
    await again.close();
    await second.stop();
    expect(alive(second.pid)).toBe(false);
  });

  it("refuses a second engine on a data folder in use, with a clear message", async () => {
    const dir = tempDir();
    const first = await startEngine(dir);
    await expect(startEngine(dir)).rejects.toThrow(/уже занята/);
    await first.stop();
  });

  it("sorts Russian names with ё in its dictionary place", async () => {
    const dir = tempDir();
    const engine = await startEngine(dir);
    const conn = await mongoose.createConnection(withDatabase(engine.uri, "collation")).asPromise();
    await conn.collection("names").insertMany(["Жуков", "Ёлкин", "Ершов", "Егоров", "Яковлев", "Абрамов"].map((name) => ({ name })));
    const sorted = await conn.collection("names").find({}).sort({ name: 1 }).collation({ locale: "ru" }).toArray();
    expect(sorted.map((d) => d.name)).toEqual(["Абрамов", "Егоров", "Ёлкин", "Ершов", "Жуков", "Яковлев"]);
    await conn.close();
    await engine.stop();
  });
});
