import crypto from "node:crypto";
import mongoose from "mongoose";
import { afterAll, beforeAll, inject } from "vitest";
import { connectDatabase } from "~models/db.server";
import { ensureIndexes } from "~models/index.server";
import { withDatabase } from "../../scripts/embedded-engine";

/** The address of a fresh database on the run's engine. */
export function freshDatabaseUri(label = "t") {
  return withDatabase(inject("mongoUri"), `${label}_${crypto.randomBytes(5).toString("hex")}`);
}

/** Connects mongoose to a database of this file's own, with every index built; dropped after. */
export function useTestDatabase() {
  const uri = freshDatabaseUri();
  beforeAll(async () => {
    await connectDatabase(uri, "external");
    await ensureIndexes();
  });
  afterAll(async () => {
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
  });
  return uri;
}
