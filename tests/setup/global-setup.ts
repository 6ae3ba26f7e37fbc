// One MongoDB for the whole run: the embedded engine on a temporary folder, or MONGODB_URI.
// Each test file takes a database of its own on it (tests/setup/database.ts) and drops it after.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import mongoose from "mongoose";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEngine, type RunningEngine } from "../../scripts/embedded-engine";

declare module "vitest" {
  export interface ProvidedContext {
    mongoUri: string;
    /** Names this run's databases that outlive one file (the demo template, tests/setup/demo-template.ts). */
    runId: string;
  }
}

let engine: RunningEngine | null = null;
const runId = crypto.randomBytes(4).toString("hex");
let dataDir: string | null = null;

export async function setup(project: TestProject) {
  project.provide("runId", runId);
  if (process.env.MONGODB_URI) {
    project.provide("mongoUri", process.env.MONGODB_URI);
    return;
  }
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "registry-test-db-"));
  engine = await startEngine(dataDir);
  project.provide("mongoUri", engine.uri);
}

export async function teardown() {
  if (process.env.MONGODB_URI) {
    // On a real server the demo template outlives the run unless dropped (the engine's folder goes whole).
    const client = await mongoose.mongo.MongoClient.connect(process.env.MONGODB_URI);
    await client.db(`demo_template_${runId}`).dropDatabase().catch(() => undefined);
    await client.close();
  }
  await engine?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}
