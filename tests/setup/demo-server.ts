import mongoose from "mongoose";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { connectDatabase } from "~models/db.server";
import { launchBrowser } from "./browser";
import { freshDatabaseUri } from "./database";
import { copyDemoInto } from "./demo-template";
import { startServer, type TestServer } from "./server";

export interface DemoServer {
  server: TestServer;
  /** The database the server seeded its demo into; this file's mongoose is connected to it. */
  uri: string;
  browser: Browser;
}

/**
 * The real server on a fresh database holding the demo (a copy of the run's seeded template), this
 * file's mongoose connected to the same database, and with `browser`, Debian's chromium; all
 * stopped and dropped after the file.
 */
export function useDemoServer(label: string, options: { browser?: boolean; env?: Record<string, string> } = {}): DemoServer {
  const demo = {} as DemoServer;
  beforeAll(async () => {
    demo.uri = freshDatabaseUri(label);
    await copyDemoInto(demo.uri);
    demo.server = await startServer({ MONGODB_URI: demo.uri, DEMO: "1", ...options.env });
    await connectDatabase(demo.uri, "external");
    if (options.browser) demo.browser = await launchBrowser();
  });
  afterAll(async () => {
    await demo.browser?.close();
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
    await demo.server?.stop();
  });
  return demo;
}
