// One MongoDB for the whole run: the embedded engine on a temporary folder, or MONGODB_URI.
// Each test file takes a database of its own on it (tests/setup/database.ts) and drops it after.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEngine, type RunningEngine } from "../../scripts/embedded-engine";

declare module "vitest" {
  export interface ProvidedContext {
    mongoUri: string;
  }
}

let engine: RunningEngine | null = null;
let dataDir: string | null = null;

export async function setup(project: TestProject) {
  if (process.env.MONGODB_URI) {
    project.provide("mongoUri", process.env.MONGODB_URI);
    return;
  }
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "registry-test-db-"));
  engine = await startEngine(dataDir);
  project.provide("mongoUri", engine.uri);
}

export async function teardown() {
  await engine?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}
