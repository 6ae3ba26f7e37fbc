// The demo school is seeded once per run, into a template database, by the first file that needs
// it (a real server with DEMO=1, as every file did before); each file then gets its own copy, made
// inside the engine, and its server finds the demo already there. Seeding took about 3 of the
// 5 seconds a demo server needed to start.
import mongoose from "mongoose";
import { inject } from "vitest";
import { withDatabase } from "../../scripts/embedded-engine";
import { startServer } from "./server";
import { waitFor } from "./wait";

const seeded = (client: mongoose.mongo.MongoClient, db: string) => client.db(db).collection("meta").findOne({ _id: "demo-seed" as never, state: "done" });

/** Copies the run's demo database into the empty database `targetUri`, seeding the template first if no file has yet. */
export async function copyDemoInto(targetUri: string) {
  const base = inject("mongoUri");
  const template = `demo_template_${inject("runId")}`;
  const client = await mongoose.mongo.MongoClient.connect(base);
  try {
    if (!(await seeded(client, template))) {
      // Several files start at once: the one that takes the lock seeds, the others wait for its marker.
      const mine = await client
        .db(template)
        .collection("template_lock")
        .insertOne({ _id: "seed" as never })
        .then(() => true, () => false);
      if (mine) await (await startServer({ MONGODB_URI: withDatabase(base, template), DEMO: "1" })).stop();
      if (!(await waitFor(() => seeded(client, template), (marker) => marker !== null, 120_000))) throw new Error("the demo template was not seeded");
    }
    const target = new URL(targetUri).pathname.slice(1);
    for (const { name } of await client.db(template).listCollections({}, { nameOnly: true }).toArray()) {
      if (name.startsWith("system.") || name === "template_lock") continue;
      await client.db(template).collection(name).aggregate([{ $out: { db: target, coll: name } }]).toArray();
    }
  } finally {
    await client.close();
  }
}
