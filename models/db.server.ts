import mongoose from "mongoose";
import { singleton } from "./singleton.server";

export type DatabaseKind = "embedded" | "external";

/** The write concern of every write of the app, the CLIs and the tests; set once for the connection. */
export const DURABLE_WRITES = { w: "majority", j: true } as const;

// Which kind this process connected to, for /healthz.
const connection = singleton("database", () => ({ kind: "external" as DatabaseKind }));

/** Connects the process-wide mongoose connection; fails fast with a readable message. */
export async function connectDatabase(uri: string, databaseKind: DatabaseKind): Promise<void> {
  connection.kind = databaseKind;
  mongoose.set("strictQuery", true);
  try {
    await mongoose.connect(uri, {
      serverSelectionTimeoutMS: databaseKind === "embedded" ? 30_000 : 8_000,
      dbName: uri.match(/^mongodb(\+srv)?:\/\/[^/]+\/([^?]+)/) ? undefined : "registry",
      // Acknowledged means durable: a write (GridFS chunks included) is answered only once it is
      // in the journal, and on a replica set on most of its members. See docs/decisions.
      writeConcern: DURABLE_WRITES,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new Error(`Не удалось подключиться к MongoDB (${databaseKind === "embedded" ? "встроенная" : "MONGODB_URI"}): ${reason}`);
  }
}

export async function disconnectDatabase(): Promise<void> {
  await mongoose.disconnect();
}

/** A real round trip to the database, for /healthz. */
export async function pingDatabase(): Promise<{ ok: boolean; kind: DatabaseKind }> {
  try {
    const db = mongoose.connection.db;
    if (!db || mongoose.connection.readyState !== 1) return { ok: false, kind: connection.kind };
    // A health check answers in seconds even while the driver waits for a lost server.
    await Promise.race([
      db.admin().command({ ping: 1 }),
      new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 2_000).unref()),
    ]);
    return { ok: true, kind: connection.kind };
  } catch {
    return { ok: false, kind: connection.kind };
  }
}

/**
 * Sets server parameters on the engine at `uri` through a connection of its own, closed after
 * (the embedded engine's tuning, before the process-wide connection is made).
 */
export async function setServerParameters({ uri, parameters }: { uri: string; parameters: Record<string, unknown> }): Promise<void> {
  const client = await mongoose.mongo.MongoClient.connect(uri, { serverSelectionTimeoutMS: 10_000 });
  try {
    await client.db("admin").command({ setParameter: 1, ...parameters });
  } finally {
    await client.close();
  }
}

// The embedded engine answers a write with {j: true} before its journal reaches the files now and
// then: killed a moment after the answer, about one write in twelve was gone after the restart
// (measured, docs/decisions/001-embedded-engine.md). A checkpoint (`fsync`) does reach them, in a
// few milliseconds. Requests that change data wait for one before their answer; writes made while
// one runs wait for the next, so that a busy minute takes one checkpoint after another, not one each.
const flushing = singleton("flushToDisk", () => ({ running: null as Promise<void> | null, next: null as Promise<void> | null }));

async function checkpoint() {
  await mongoose.connection.db!.admin().command({ fsync: 1 });
}

/**
 * Everything written so far is in the engine's files when this resolves. On a real MongoDB (whose
 * journal keeps {j: true}) it does nothing.
 */
export function flushToDisk(): Promise<void> {
  if (connection.kind !== "embedded" || mongoose.connection.readyState !== 1) return Promise.resolve();
  if (!flushing.running) {
    flushing.running = checkpoint().finally(() => (flushing.running = null));
    return flushing.running;
  }
  // One is under way, perhaps begun before these writes ended: wait for the one after it.
  flushing.next ??= flushing.running.catch(() => undefined).then(() => {
    flushing.next = null;
    return flushToDisk();
  });
  return flushing.next;
}
